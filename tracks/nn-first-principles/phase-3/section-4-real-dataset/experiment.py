"""Phase 3, Section 4 (Real Dataset): 1,797 handwritten digits of 8 x 8 pixels.

Load the file, hold out a test set, standardize with the training set's statistics,
train the Backpropagation section's network with the Optimization section's Adam in
mini-batches, and measure the accuracy on digits the network never saw.

    python3 experiment.py        # trains and prints the held-out accuracy
    trail check real-dataset     # runs the tests

This section uses numpy (pip install numpy). backprop.py and optim.py are the reference
solutions of the Backpropagation and Optimization sections (or your own, copied over them).
"""
import gzip

import numpy as np

from backprop import init_params, forward, backward, softmax_cross_entropy
from optim import Adam


def load_digits(path="data/digits.csv.gz"):
    """Read the gzipped CSV: 65 integers a line, 64 pixels (0..16) then the label (0..9).

    Returns X, float array (n, 64), and y, int array (n,).
    """
    # TODO: open the file with gzip.open(path, "rt"), read it with np.loadtxt(..., delimiter=",")
    # TODO: the first 64 columns as floats, the last as ints
    raise NotImplementedError("load_digits: return X, y")


def split(X, y, test_fraction=0.25, seed=0):
    """Shuffle the rows with the seed, then cut off the first round(test_fraction * n) as the test set.

    Returns (X_train, X_test, y_train, y_test); every row goes to exactly one side and
    keeps its label.
    """
    # TODO: a permutation of the row indices from np.random.default_rng(seed)
    # TODO: the first round(test_fraction * n) of it are the test rows, the rest the training rows
    raise NotImplementedError("split: return X_train, X_test, y_train, y_test")


def standardize(X_train, X_test):
    """Scale every column to mean 0 and standard deviation 1, using the TRAINING rows only.

    A column that is constant in the training set (std 0) is divided by 1 instead. Returns
    new arrays (X_train_std, X_test_std); the inputs are left unchanged.
    """
    # TODO: mean and std of each column of X_train (axis=0); std 0 -> 1
    # TODO: apply the SAME mean and std to both arrays
    raise NotImplementedError("standardize: return X_train_std, X_test_std")


def train_model(X_train, y_train, n_hidden=64, epochs=10, lr=0.01, batch_size=32, seed=0):
    """Mini-batch training with Adam; returns (params, losses).

    Each epoch visits the rows once in a new random order (from a generator seeded once
    with `seed`), in batches of batch_size. losses[e] is the mean training loss of epoch e
    (every row counted once).
    """
    n_classes = int(y_train.max()) + 1
    params = init_params(X_train.shape[1], n_hidden, n_classes, seed)
    optimizer = Adam(lr)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        # TODO: a new order of the rows: rng.permutation(len(X_train))
        # TODO: for each batch of batch_size rows of that order: forward, softmax_cross_entropy,
        #       backward, optimizer.step(params, grads); add up loss * rows in the batch
        # TODO: append the epoch's mean loss (the sum / the number of rows) to losses
        raise NotImplementedError("train_model: one epoch of mini-batches per loop")
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is at the true label."""
    # TODO: forward, argmax over each row of the logits, compare with y, mean
    raise NotImplementedError("accuracy")


if __name__ == "__main__":
    X, y = load_digits("data/digits.csv.gz")
    print(f"{len(X)} digits, {X.shape[1]} pixels each, counts per label {np.bincount(y).tolist()}")
    X_train, X_test, y_train, y_test = split(X, y, 0.25, seed=0)
    X_train, X_test = standardize(X_train, X_test)
    params, losses = train_model(X_train, y_train, n_hidden=64, epochs=10, lr=0.01, batch_size=32, seed=0)
    for epoch, loss in enumerate(losses):
        print(f"epoch {epoch:2d}  train loss {loss:.4f}")
    print(f"train accuracy {accuracy(params, X_train, y_train):.3f}, "
          f"test accuracy {accuracy(params, X_test, y_test):.3f} on {len(X_test)} held-out digits")
