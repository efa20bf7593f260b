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
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :64].astype(float), data[:, 64].astype(int)


def split(X, y, test_fraction=0.25, seed=0):
    """Shuffle the rows with the seed, then cut off the first round(test_fraction * n) as the test set.

    Returns (X_train, X_test, y_train, y_test); every row goes to exactly one side and
    keeps its label.
    """
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train, X_test):
    """Scale every column to mean 0 and standard deviation 1, using the TRAINING rows only.

    A column that is constant in the training set (std 0) is divided by 1 instead. Returns
    new arrays (X_train_std, X_test_std); the inputs are left unchanged.
    """
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)           # numpy's default: divide by n
    std = np.where(std == 0, 1.0, std)  # a pixel that is always 0 stays 0
    return (X_train - mean) / std, (X_test - mean) / std


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
        order = rng.permutation(len(X_train))
        total = 0.0
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            logits, cache = forward(params, X_train[batch])
            loss, dlogits = softmax_cross_entropy(logits, y_train[batch])
            optimizer.step(params, backward(params, cache, dlogits))
            total += loss * len(batch)   # the loss is a batch mean: weigh it by the batch size
        losses.append(total / len(order))
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is at the true label."""
    logits, _ = forward(params, X)
    return float(np.mean(logits.argmax(axis=1) == y))


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
