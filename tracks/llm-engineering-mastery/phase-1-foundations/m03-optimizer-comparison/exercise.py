"""M3: SGD, momentum and Adam on the same problem, an ablation, and a comparison plot.

mlp.py (M2's network) and spiral.py are given. Fill in every TODO. Run it with
`python3 exercise.py`; check it with `trail check m3`; stuck? `trail hint m3`.
"""
import math
import os

import numpy as np

from mlp import init_params, loss_and_grads
from spiral import make_spiral


# --- the optimizers: each updates params (a dict of arrays) in place ------------------------

class SGD:
    """theta <- theta - lr * g"""

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        # TODO: update every params[key] in place.
        raise NotImplementedError("SGD.step")


class Momentum:
    """v <- beta * v + g;  theta <- theta - lr * v   (v starts at 0; PyTorch's form)."""

    def __init__(self, lr, beta=0.9):
        self.lr, self.beta = lr, beta
        self.velocity = {}

    def step(self, params, grads):
        # TODO: one velocity per key in self.velocity (0 before the first step).
        raise NotImplementedError("Momentum.step")


class Adam:
    """Kingma & Ba (2015). m, v start at 0; t counts the steps taken, from 1."""

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.bias_correction = bias_correction
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        # TODO: t += 1 once per step; per key: m and v moving averages of g and g²; divide them
        # by (1 - beta1^t) and (1 - beta2^t) when bias_correction; theta -= lr * m̂ / (sqrt(v̂) + eps).
        raise NotImplementedError("Adam.step")


# --- the experiment ------------------------------------------------------------------------------

def train(optimizer, X, y, sizes=(2, 32, 32, 3), epochs=30, batch_size=32, seed=0):
    """Mini-batch training from init_params(sizes, seed). Each epoch draws one permutation
    from np.random.default_rng(seed) (created once) and steps on consecutive slices of it.
    Returns the loss on all of (X, y) after each epoch."""
    # TODO: params = init_params(list(sizes), seed); one rng = np.random.default_rng(seed);
    # per epoch: order = rng.permutation(len(X)), a step on each slice of batch_size rows,
    # then append the loss on all of (X, y).
    raise NotImplementedError("train")


def epochs_to_reach(losses, target):
    """How many epochs it took until the loss was <= target (1 if after the first), or None."""
    # TODO
    raise NotImplementedError("epochs_to_reach")


def plot_curves(curves, path, title="training loss per epoch"):
    """Write an SVG line chart: one <polyline> per curve, in the order of the dict, on shared
    axes (x: epoch, y: loss, larger loss higher up), and a <text> label with each name."""
    # TODO: build the SVG as a list of strings (see the overview for the elements and the
    # mapping from (epoch, loss) to (x, y)), create the folder of path, write the file.
    raise NotImplementedError("plot_curves")


if __name__ == "__main__":
    X, y = make_spiral(100, 3, seed=0)
    runs = {
        "sgd": SGD(0.3),
        "momentum": Momentum(0.1, beta=0.9),
        "adam": Adam(0.03),
        "adam_no_bias_correction": Adam(0.03, bias_correction=False),
    }
    curves = {name: train(opt, X, y) for name, opt in runs.items()}
    for name, losses in curves.items():
        print(f"{name:24} final loss {losses[-1]:.3f}   epochs to 0.5: {epochs_to_reach(losses, 0.5)}")
    plot_curves(curves, "visualizations/optimizers.svg")
    print("wrote visualizations/optimizers.svg")

    print("\nablation: Adam with and without bias correction, final loss after 30 epochs")
    for lr in (0.003, 0.01, 0.03, 0.1):
        with_bc = train(Adam(lr), X, y)[-1]
        without = train(Adam(lr, bias_correction=False), X, y)[-1]
        print(f"  lr {lr:<6} with {with_bc:.3f}   without {without:.3f}")
