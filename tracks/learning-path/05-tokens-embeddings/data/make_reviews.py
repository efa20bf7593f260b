"""Writes data/reviews.tsv.gz (1,000 reviews) and data/queries.tsv (20 held-out query reviews):
short product reviews drawn from hand-written phrase lists with a fixed seed.

Each review has a product category, a sentiment and a star rating (4-5 positive, 1-2 negative).
It is made of 2-3 sentences: one or two about aspects of that product (from the category's own
phrase list), and one generic sentence (delivery, price, recommendation) from a list shared by all
categories, with the sentiment's wording. Run from the stage folder: python3 data/make_reviews.py
"""
import gzip
import random

PRODUCTS = {
    "headphones": {
        "pos": ["the sound is rich and the bass is deep", "noise cancelling works great on the train",
                "the ear cushions stay comfortable for hours", "battery lasts all week between charges",
                "pairing with my phone over bluetooth was instant", "the microphone is clear on calls"],
        "neg": ["the sound is tinny and the bass is weak", "noise cancelling barely blocks the train",
                "the ear cushions hurt after an hour", "battery dies after a single afternoon",
                "bluetooth keeps dropping the connection", "the microphone makes me sound muffled"],
    },
    "coffee maker": {
        "pos": ["brews a hot full pot in minutes", "the coffee tastes smooth and strong",
                "the carafe pours without dripping", "the timer has coffee ready when I wake up",
                "easy to clean the filter basket", "keeps the coffee warm for hours"],
        "neg": ["takes forever to brew a pot", "the coffee tastes burnt and bitter",
                "the carafe drips all over the counter", "the timer never starts the brew",
                "the filter basket is hard to clean", "the warming plate stops after ten minutes"],
    },
    "running shoes": {
        "pos": ["the cushioning feels soft on long runs", "they fit true to size with room for my toes",
                "the grip is solid on wet roads", "light enough for race day",
                "no blisters even after a marathon", "the laces stay tied the whole run"],
        "neg": ["the cushioning went flat after a month of runs", "they run small and pinch my toes",
                "they slip on wet roads", "heavy and clumsy on race day",
                "gave me blisters on the first run", "the laces keep coming undone"],
    },
    "phone case": {
        "pos": ["survived several drops onto concrete", "the case fits my phone snugly",
                "the buttons are easy to press through the case", "slim enough for my pocket",
                "the clear back stays clear", "the camera cutout lines up perfectly"],
        "neg": ["cracked the first time my phone fell", "the case is loose and slides off the phone",
                "the buttons are stiff and hard to press", "bulky and heavy in my pocket",
                "the clear back turned yellow in weeks", "the camera cutout blocks the lens"],
    },
    "desk lamp": {
        "pos": ["the light is bright and even across the desk", "the dimmer has many brightness levels",
                "warm light that is easy on the eyes", "the arm holds any angle I set",
                "the usb port charges my phone", "the touch switch responds instantly"],
        "neg": ["the light flickers and leaves dark spots on the desk", "the dimmer only has two brightness levels",
                "harsh blue light that strains my eyes", "the arm droops and will not hold an angle",
                "the usb port does not charge anything", "the touch switch ignores my finger"],
    },
    "backpack": {
        "pos": ["the laptop sleeve is padded and snug", "plenty of pockets for chargers and pens",
                "the straps stay comfortable with a heavy load", "kept my things dry in a downpour",
                "the zippers glide smoothly", "fits under the seat on flights"],
        "neg": ["the laptop sleeve has no padding", "too few pockets and they are tiny",
                "the straps dig into my shoulders", "soaked through in light rain",
                "a zipper broke in the first week", "too big to fit under the seat on flights"],
    },
    "blender": {
        "pos": ["crushes ice into snow in seconds", "smoothies come out silky with no chunks",
                "the motor is powerful yet fairly quiet", "the jar is easy to rinse clean",
                "the blades are still sharp after a year", "the lid seals tight with no leaks"],
        "neg": ["cannot crush ice at all", "smoothies stay chunky no matter how long I blend",
                "the motor is loud and smells hot", "food gets stuck under the blades",
                "the blades went dull within weeks", "the lid leaks juice everywhere"],
    },
    "keyboard": {
        "pos": ["the keys feel crisp and tactile", "typing all day causes no wrist pain",
                "the backlight is even and adjustable", "the wireless connection never lags",
                "every key registers even when typing fast", "the battery lasts months"],
        "neg": ["the keys feel mushy and loose", "typing for an hour makes my wrists ache",
                "the backlight is patchy and too dim", "the wireless connection lags and drops",
                "keys miss letters when typing fast", "the battery needs charging every few days"],
    },
}
GENERIC = {
    "pos": ["arrived quickly and well packed", "great value for the price", "would definitely buy again",
            "highly recommend it", "exactly as described", "five stars from me"],
    "neg": ["arrived late with a damaged box", "not worth the money", "I am returning it",
            "would not recommend it", "nothing like the description", "a waste of money"],
}


def review(rng, category):
    sentiment = "pos" if rng.random() < 0.6 else "neg"
    rating = rng.choice([4, 5]) if sentiment == "pos" else rng.choice([1, 2])
    aspects = rng.sample(PRODUCTS[category][sentiment], rng.choice([1, 2]))
    parts = aspects + [rng.choice(GENERIC[sentiment])]
    rng.shuffle(parts)
    if rng.random() < 0.5:                       # name the product in about half the reviews
        name = f"these {category}" if category.endswith("s") else f"this {category}"
        parts[0] = f"{name}: {parts[0]}"
    text = ". ".join(p[0].upper() + p[1:] for p in parts) + "."
    return category, sentiment, rating, text


def write(path, rows):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt") as f:
        f.write("id\tcategory\tsentiment\trating\ttext\n")
        for i, (category, sentiment, rating, text) in enumerate(rows):
            f.write(f"{i}\t{category}\t{sentiment}\t{rating}\t{text}\n")


def main():
    rng = random.Random(0)
    categories = sorted(PRODUCTS)
    write("data/reviews.tsv.gz", [review(rng, categories[i % len(categories)]) for i in range(1000)])
    rng = random.Random(1)
    write("data/queries.tsv", [review(rng, categories[i % len(categories)]) for i in range(24)])


if __name__ == "__main__":
    main()
