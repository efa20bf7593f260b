"""M3: SGD, momentum and Adam on the same problem, an ablation, and a comparison plot.

Run it with `python3 exercise.py`; check it with `trail check m3`; stuck? `trail hint m3`.
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
        for key in params:
            params[key] -= self.lr * grads[key]


class Momentum:
    """v <- beta * v + g;  theta <- theta - lr * v   (v starts at 0; PyTorch's form)."""

    def __init__(self, lr, beta=0.9):
        self.lr, self.beta = lr, beta
        self.velocity = {}

    def step(self, params, grads):
        for key in params:
            v = self.beta * self.velocity.get(key, 0.0) + grads[key]
            self.velocity[key] = v
            params[key] -= self.lr * v


class Adam:
    """Kingma & Ba (2015). m, v start at 0; t counts the steps taken, from 1."""

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.bias_correction = bias_correction
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        for key in params:
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat, v_hat = self.m[key], self.v[key]
            if self.bias_correction:
                # m and v start at 0, so early on they underestimate E[g] and E[g²].
                m_hat = m_hat / (1 - self.beta1 ** self.t)
                v_hat = v_hat / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# --- the experiment ------------------------------------------------------------------------------

def train(optimizer, X, y, sizes=(2, 32, 32, 3), epochs=30, batch_size=32, seed=0):
    """Mini-batch training from init_params(sizes, seed). Each epoch draws one permutation
    from np.random.default_rng(seed) (created once) and steps on consecutive slices of it.
    Returns the loss on all of (X, y) after each epoch."""
    params = init_params(list(sizes), seed)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            _, grads = loss_and_grads(params, X[batch], y[batch])
            optimizer.step(params, grads)
        losses.append(loss_and_grads(params, X, y)[0])
    return losses


def epochs_to_reach(losses, target):
    """How many epochs it took until the loss was <= target (1 if after the first), or None."""
    for i, loss in enumerate(losses):
        if loss <= target:
            return i + 1
    return None


def plot_curves(curves, path, title="training loss per epoch"):
    """Write an SVG line chart: one <polyline> per curve, in the order of the dict, on shared
    axes (x: epoch, y: loss, larger loss higher up), and a <text> label with each name."""
    width, height, left, top, right, bottom = 640, 400, 60, 40, 160, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for losses in curves.values() for v in losses]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    n = max(len(losses) for losses in curves.values())
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    def x_of(i):
        return left + plot_w * (i / (n - 1) if n > 1 else 0.0)

    def y_of(loss):
        return top + plot_h * (1.0 - (loss - lo) / span)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="{top - 15}" font-size="14">{title}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>',
             f'<text x="{left - 8}" y="{top + 4}" text-anchor="end">{hi:.3g}</text>',
             f'<text x="{left - 8}" y="{top + plot_h + 4}" text-anchor="end">{lo:.3g}</text>',
             f'<text x="{left + plot_w}" y="{top + plot_h + 20}" text-anchor="end">epoch {n}</text>']
    for k, (name, losses) in enumerate(curves.items()):
        color = colors[k % len(colors)]
        points = " ".join(f"{x_of(i):.2f},{y_of(v):.2f}" for i, v in enumerate(losses))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 10}" y="{top + 20 + 18 * k}" fill="{color}">{name}</text>')
    parts.append("</svg>")
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


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
