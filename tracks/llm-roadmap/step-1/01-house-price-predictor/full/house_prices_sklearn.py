"""The full exercise: the house-price predictor with pandas and scikit-learn.

    pip install pandas scikit-learn
    python3 full/house_prices_sklearn.py [path/to/your.csv]     # default: data/houses.csv

Same steps as the core exercise, done by the libraries: read the CSV into a DataFrame, hold out
20% of the rows, fit a LinearRegression on area, bedrooms and age, then let KMeans find three
districts from the coordinates (fitted on the training rows only) and add them as one-hot
columns. Log test_r2 (with the cluster features) and write predictions.csv.
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

    # TODO: LinearRegression on FEATURES; print and log_metric("test_r2_three_features", ...) its test R²
    # TODO: KMeans(n_clusters=3, n_init=10, random_state=0) fitted on train[["x_km", "y_km"]] only
    # TODO: add the predicted district of each row as one-hot columns (pd.get_dummies), fit again,
    #       log_metric("test_r2", ...) on the test rows
    # TODO: write the test rows with a predicted_price column to predictions.csv
    raise NotImplementedError("the full house-price predictor")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/houses.csv")
