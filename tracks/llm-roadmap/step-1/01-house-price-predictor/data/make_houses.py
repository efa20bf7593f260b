"""Makes data/houses.csv: 400 made-up houses in a made-up town, by a stated formula.

    python3 data/make_houses.py     # writes data/houses.csv again, byte for byte the same

The town has three districts, centred at (-4, 0), (3, 3) and (2, -4) km from the town hall.
For each house, with numpy's default_rng(2025):

    district  ~ one of 0, 1, 2, equally likely            (NOT written to the file)
    x_km,y_km = the district's centre + Normal(0, 0.8) km on each axis
    area_m2   ~ a whole number from 40 to 200, uniform
    bedrooms  = round(area_m2 / 35 + Normal(0, 0.7)), kept between 1 and 6
    age_years ~ a whole number from 0 to 60, uniform
    price     = 30,000 + 1,800 * area_m2 + 6,000 * bedrooms - 900 * age_years
                + premium[district] + Normal(0, 15,000),   premium = 0, 60,000, 120,000
                rounded to the nearest 100

The district is left out of the file on purpose: a model that knows only the coordinates has
to find the districts itself (unsupervised), and a model of the price (supervised) does better
once it knows them.
"""
import os

import numpy as np

CENTRES = np.array([[-4.0, 0.0], [3.0, 3.0], [2.0, -4.0]])
PREMIUM = np.array([0.0, 60_000.0, 120_000.0])


def make(n=400, seed=2025):
    rng = np.random.default_rng(seed)
    district = rng.integers(0, 3, n)
    xy = CENTRES[district] + rng.normal(0.0, 0.8, (n, 2))
    area = rng.integers(40, 201, n)
    bedrooms = np.clip(np.round(area / 35 + rng.normal(0.0, 0.7, n)), 1, 6).astype(int)
    age = rng.integers(0, 61, n)
    price = (30_000 + 1_800 * area + 6_000 * bedrooms - 900 * age
             + PREMIUM[district] + rng.normal(0.0, 15_000, n))
    price = np.round(price / 100) * 100
    return xy, area, bedrooms, age, price


if __name__ == "__main__":
    xy, area, bedrooms, age, price = make()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "houses.csv")
    with open(path, "w") as f:
        f.write("x_km,y_km,area_m2,bedrooms,age_years,price\n")
        for i in range(len(price)):
            f.write(f"{xy[i, 0]:.2f},{xy[i, 1]:.2f},{area[i]},{bedrooms[i]},{age[i]},{int(price[i])}\n")
    print(f"wrote {len(price)} houses to {path}")
