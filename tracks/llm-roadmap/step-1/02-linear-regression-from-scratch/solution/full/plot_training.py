"""The full exercise: watch gradient descent learn, with Matplotlib.

    pip install matplotlib
    python3 full/plot_training.py

Uses YOUR functions from exercise.py (standardize, gradient_descent, closed_form, mse_loss).
Writes loss_curves.png (the loss per step for three learning rates, log scale) and fit.png
(price against area with the line gradient descent found), and logs final_gap_percent: how
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

    fig, ax = plt.subplots(figsize=(7, 4))
    for lr in (0.01, 0.1, 0.5):
        w, b, losses = gradient_descent(Xs, y, lr=lr, epochs=200)
        # floor at 1e-9: below that the difference is rounding noise, and log(0) cannot be drawn
        ax.plot(np.maximum(np.array(losses) - best, 1e-9), label=f"lr = {lr}")
        if lr == 0.1:
            gap = 100.0 * (mse_loss(w, b, Xs, y) - best) / best
            log_metric("final_gap_percent", gap)
            print(f"lr 0.1: {gap:.4f}% above the exact loss after 200 steps")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss − exact least-squares loss (thousands²)")
    ax.set_title("Gradient descent on standardized house features")
    ax.legend()
    fig.tight_layout()
    fig.savefig("loss_curves.png", dpi=100)

    # One feature: price against area, the line gradient descent finds for it.
    area = X[:, :1]
    As, m, s = standardize(area)
    w, b, _ = gradient_descent(As, y, lr=0.1, epochs=200)
    w_raw, b_raw = to_original_units(w, b, m, s)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(area[:, 0], y, s=8, alpha=0.6, label="houses")
    xs = np.linspace(area.min(), area.max(), 2)
    ax.plot(xs, w_raw[0] * xs + b_raw, color="C3", label=f"price ≈ {b_raw:.0f} + {w_raw[0]:.2f}·area")
    ax.set_xlabel("area (m²)")
    ax.set_ylabel("price (thousands)")
    ax.legend()
    fig.tight_layout()
    fig.savefig("fit.png", dpi=100)
    print("wrote loss_curves.png and fit.png")


if __name__ == "__main__":
    main()
