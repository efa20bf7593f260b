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
        # TODO: draw losses against the step number on a log y axis (ax.semilogy), labelled with lr;
        #       add 1e-30 so that a loss of exactly 0 can be drawn on a log scale.
        # TODO: log_metric(f"final_loss_lr_{lr}", final loss) and print x and the loss after 100 steps.
        raise NotImplementedError("plot one curve per learning rate")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title("Gradient descent on y = (x - 3)^2 from x0 = 0")
    ax.legend()
    # TODO: create plots/ and save the figure as plots/learning_rates.png
    raise NotImplementedError("save the figure")


if __name__ == "__main__":
    main()
