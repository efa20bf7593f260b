"""Stage 01, full exercise: the loss over 100 steps for several learning rates, plotted with matplotlib.

    python3 full/plot_learning_rates.py     # from the stage folder; writes plots/learning_rates.png

Needs matplotlib (pip install matplotlib). Uses gradient_descent from your exercise.py.
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")                      # draw to a file, no window needed
import matplotlib.pyplot as plt

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from exercise import gradient_descent     # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

LEARNING_RATES = [0.01, 0.1, 0.5, 0.9, 1.05]


def main():
    fig, ax = plt.subplots(figsize=(8, 5))
    for lr in LEARNING_RATES:
        xs, losses = gradient_descent(x0=0.0, lr=lr, steps=100)
        # A log scale shows geometric decay as a straight line; +1e-30 keeps a loss of exactly 0 plottable.
        ax.semilogy(range(len(losses)), losses + 1e-30, label=f"lr = {lr}  (factor 1 - 2 lr = {1 - 2 * lr:+.2f})")
        log_metric(f"final_loss_lr_{lr}", float(losses[-1]))
        print(f"lr = {lr:<5} x after 100 steps = {xs[-1]:.6g}   loss = {losses[-1]:.3e}")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title("Gradient descent on y = (x - 3)^2 from x0 = 0")
    ax.legend()
    os.makedirs("plots", exist_ok=True)
    fig.savefig(os.path.join("plots", "learning_rates.png"), dpi=100)
    print("wrote plots/learning_rates.png")


if __name__ == "__main__":
    main()
