"""Stage 01 — Math Foundations: a dot product, a softmax, and gradient descent on y = (x - 3)^2.

    python3 exercise.py            # runs gradient descent, prints a table, writes plots/loss.svg
    trail check math-foundations   # runs the tests

Uses numpy (pip install numpy). No plotting library: the plot is an SVG file you write yourself.
"""
import os

import numpy as np


def dot(a, b):
    """Sum of a[i] * b[i], computed with a loop (not np.dot). Raises ValueError if lengths differ."""
    if len(a) != len(b):
        raise ValueError(f"dot: lengths differ ({len(a)} and {len(b)})")
    total = 0.0
    for ai, bi in zip(a, b):
        total += ai * bi
    return total


def softmax(z):
    """exp(z_i) / sum_j exp(z_j) for a 1-D array z, stable for large z (subtract the max first)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())       # the largest exponent is e^0 = 1: nothing overflows
    return e / e.sum()


def loss(x):
    """The function we minimise: y = (x - 3)^2."""
    return (x - 3.0) ** 2


def grad(x):
    """dy/dx of (x - 3)^2, worked out by hand."""
    return 2.0 * (x - 3.0)        # chain rule: 2(x - 3) times d(x - 3)/dx = 1


def numerical_grad(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h): a check on any derivative you derive by hand."""
    return (f(x + h) - f(x - h)) / (2.0 * h)


def gradient_descent(x0=0.0, lr=0.1, steps=100):
    """Run `steps` updates x <- x - lr * grad(x), starting at x0.

    Returns (xs, losses), two numpy arrays of length steps + 1: xs[0] = x0, xs[t + 1] is x after
    update t + 1, and losses[t] = loss(xs[t]).
    """
    xs = [float(x0)]
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - lr * grad(x))   # step against the slope
    xs = np.array(xs)
    return xs, loss(xs)


def svg_line_plot(values, path, width=600, height=300, title=""):
    """Write a line plot of `values` as an SVG file at `path` (its folder is created if needed).

    The file holds exactly one <polyline> whose `points` attribute has one "x,y" pair per value,
    in order: x grows from left to right, and a larger value is drawn higher (a smaller y, since
    SVG's y axis points down). Every point lies inside the width x height drawing.
    """
    values = np.asarray(values, dtype=float)
    margin = 30.0
    lo, hi = values.min(), values.max()
    span = (hi - lo) or 1.0                       # a flat series is drawn as a flat line
    n = len(values)
    xs = margin + np.arange(n) * (width - 2 * margin) / max(n - 1, 1)
    ys = margin + (hi - values) / span * (height - 2 * margin)
    points = " ".join(f"{x:.2f},{y:.2f}" for x, y in zip(xs, ys))
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}">\n')
        f.write(f'  <rect width="{width}" height="{height}" fill="white"/>\n')
        f.write(f'  <text x="{margin}" y="20" font-family="sans-serif" font-size="14">{title}</text>\n')
        f.write(f'  <text x="4" y="{margin + 4}" font-family="sans-serif" font-size="10">{hi:.3g}</text>\n')
        f.write(f'  <text x="4" y="{height - margin}" font-family="sans-serif" font-size="10">{lo:.3g}</text>\n')
        f.write(f'  <polyline fill="none" stroke="steelblue" stroke-width="2" points="{points}"/>\n')
        f.write('</svg>\n')


def main():
    xs, losses = gradient_descent(x0=0.0, lr=0.1, steps=100)
    for t in (0, 1, 2, 5, 10, 20, 50, 100):
        print(f"step {t:3d}   x = {xs[t]:.6f}   loss = {losses[t]:.3e}")
    svg_line_plot(losses, os.path.join("plots", "loss.svg"), title="loss of (x - 3)^2, lr = 0.1")
    print("wrote plots/loss.svg")
    print("dot([1, 2, 3], [4, 5, 6]) =", dot([1, 2, 3], [4, 5, 6]))
    print("softmax([1, 2, 3]) =", np.round(softmax(np.array([1.0, 2.0, 3.0])), 4))


if __name__ == "__main__":
    main()
