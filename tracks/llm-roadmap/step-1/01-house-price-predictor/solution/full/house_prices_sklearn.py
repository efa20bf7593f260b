"""The full exercise: the house-price predictor with pandas and scikit-learn.

    pip install pandas scikit-learn
    python3 full/house_prices_sklearn.py [path/to/your.csv]     # default: data/houses.csv

Same steps as the core exercise, done by the libraries: read the CSV into a DataFrame, hold out
20% of the rows, fit a LinearRegression on area, bedrooms and age, then let KMeans find three
districts from the coordinates (fitted on the training rows only) and add them as one-hot
columns. Logs test_r2 (with the cluster features) and writes predictions.csv.
"""
import sys

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

FEATURES = ["area_m2", "bedrooms", "age_years"]


def main(path):
    df = pd.read_csv(path)
    print(df.describe().round(1))
    train, test = train_test_split(df, test_size=0.2, random_state=0)

    base = LinearRegression().fit(train[FEATURES], train["price"])
    r2_base = r2_score(test["price"], base.predict(test[FEATURES]))
    print(f"LinearRegression on {FEATURES}: test R² {r2_base:.3f}")
    log_metric("test_r2_three_features", r2_base)

    # Unsupervised: districts from the coordinates alone, learned on the training rows only.
    kmeans = KMeans(n_clusters=3, n_init=10, random_state=0).fit(train[["x_km", "y_km"]])

    def with_districts(frame):
        district = pd.Categorical(kmeans.predict(frame[["x_km", "y_km"]]), categories=range(3))
        dummies = pd.get_dummies(district, prefix="district", dtype=float)
        dummies.index = frame.index
        return pd.concat([frame[FEATURES], dummies], axis=1)

    model = LinearRegression().fit(with_districts(train), train["price"])
    predicted = model.predict(with_districts(test))
    r2 = r2_score(test["price"], predicted)
    print(f"... plus the k-means districts: test R² {r2:.3f}")
    log_metric("test_r2", r2)

    out = test.assign(predicted_price=predicted.round(-2))
    out.to_csv("predictions.csv", index=False)
    print(f"wrote predictions.csv ({len(out)} held-out houses)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/houses.csv")
