"""The full exercise: watch gradient descent learn, with Matplotlib.

    pip install matplotlib
    python3 full/plot_training.py

Uses YOUR functions from exercise.py (standardize, gradient_descent, closed_form, mse_loss).
Write loss_curves.png (the loss per step for three learning rates, log scale) and fit.png
(price against area with the line gradient descent found), and log final_gap_percent: how
far the loss after 200 steps at lr = 0.1 is above the exact least-squares loss.
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")  # draw to files, no window needed
import matplotlib.pyplot as plt
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from exercise import closed_form, gradient_descent, load_houses, mse_loss, standardize, to_original_units  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


def main():
    X, y = load_houses("data/houses.csv")
    Xs, mean, std = standardize(X)
    wc, bc = closed_form(Xs, y)
    best = mse_loss(wc, bc, Xs, y)
    # TODO: for lr in (0.01, 0.1, 0.5): run gradient_descent(Xs, y, lr, 200) and plot losses - best
    #       on a log y-axis; for lr = 0.1, log_metric("final_gap_percent", 100 * (final - best) / best)
    # TODO: save the figure as loss_curves.png
    # TODO: fit price on area alone (standardize, gradient_descent, to_original_units), scatter the
    #       houses, draw the line, save fit.png
    raise NotImplementedError("plot the training")


if __name__ == "__main__":
    main()
