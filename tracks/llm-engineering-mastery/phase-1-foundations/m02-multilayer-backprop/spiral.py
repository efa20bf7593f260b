"""The spiral data set of M2 and M3, generated (nothing is downloaded).

Three arms of a spiral in the plane, one class per arm, with Gaussian noise: a classic
problem (from the CS231n notes) that no linear classifier can solve. The same seed always
gives the same points.
"""
import numpy as np


def make_spiral(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """X (n_per_class * n_classes, 2) floats and y (same length,) ints in 0 .. n_classes - 1.

    Arm k: n_per_class points at radius r from 0 to 1 and angle 4r + 2πk/n_classes radians,
    plus N(0, noise²) noise on the angle; the point is (r sin t, r cos t)."""
    rng = np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=int)
    for k in range(n_classes):
        rows = slice(n_per_class * k, n_per_class * (k + 1))
        r = np.linspace(0.0, 1.0, n_per_class)
        t = 4.0 * r + 2 * np.pi * k / n_classes + rng.normal(0.0, noise, n_per_class)
        X[rows] = np.column_stack([r * np.sin(t), r * np.cos(t)])
        y[rows] = k
    return X, y
