"""Stage 01 — Math Foundations: a dot product, a softmax, and gradient descent on y = (x - 3)^2.

    python3 exercise.py            # runs gradient descent, prints a table, writes plots/loss.svg
    trail check math-foundations   # runs the tests

Uses numpy (pip install numpy). No plotting library: the plot is an SVG file you write yourself.
"""
import os

import numpy as np


def dot(a, b):
    """Sum of a[i] * b[i], computed with a loop (not np.dot). Raises ValueError if lengths differ."""
    # TODO: check that the lengths are equal, then add up the products one pair at a time.
    raise NotImplementedError("dot")


def softmax(z):
    """exp(z_i) / sum_j exp(z_j) for a 1-D array z, stable for large z (subtract the max first)."""
    # TODO: z - max(z), exponentiate, divide by the sum.
    raise NotImplementedError("softmax")


def loss(x):
    """The function we minimise: y = (x - 3)^2."""
    return (x - 3.0) ** 2


def grad(x):
    """dy/dx of (x - 3)^2, worked out by hand."""
    # TODO: the derivative of (x - 3)^2 with respect to x.
    raise NotImplementedError("grad")


def numerical_grad(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h): a check on any derivative you derive by hand."""
    # TODO
    raise NotImplementedError("numerical_grad")


def gradient_descent(x0=0.0, lr=0.1, steps=100):
    """Run `steps` updates x <- x - lr * grad(x), starting at x0.

    Returns (xs, losses), two numpy arrays of length steps + 1: xs[0] = x0, xs[t + 1] is x after
    update t + 1, and losses[t] = loss(xs[t]).
    """
    # TODO: start a list with x0, apply the update `steps` times, then compute every loss.
    raise NotImplementedError("gradient_descent")


def svg_line_plot(values, path, width=600, height=300, title=""):
    """Write a line plot of `values` as an SVG file at `path` (its folder is created if needed).

    The file holds exactly one <polyline> whose `points` attribute has one "x,y" pair per value,
    in order: x grows from left to right, and a larger value is drawn higher (a smaller y, since
    SVG's y axis points down). Every point lies inside the width x height drawing.
    """
    # TODO: map index i to x in [margin, width - margin] and value v to y in [margin, height - margin]
    #       (the largest value at the top), then write <svg ...><polyline points="..."/></svg>.
    raise NotImplementedError("svg_line_plot")


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
