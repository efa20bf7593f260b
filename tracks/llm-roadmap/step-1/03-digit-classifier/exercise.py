"""A basic neural network that classifies handwritten digits, with backpropagation in numpy.

    python3 exercise.py          # trains on 75% of the digits and prints the held-out accuracy
    trail check digit-classifier

Network: 64 pixels -> hidden layer of ReLU units -> 10 logits -> softmax. Python 3 and numpy only.
"""
import gzip

import numpy as np


def load_digits(path="data/digits.csv.gz"):
    """X: (n, 64) pixels scaled from 0..16 to 0..1 (float); y: (n,) labels 0..9 (int)."""
    # TODO: np.loadtxt on gzip.open(path, "rt") with delimiter=","; 64 pixel columns / 16, then the label
    raise NotImplementedError("load_digits: return X, y")


def init_params(n_in, n_hidden, n_out, seed=0):
    """He initialisation for the ReLU layer, small random output layer, zero biases."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(1.0 / n_hidden), (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    """Returns (logits, cache): z1 = X W1 + b1, h = relu(z1), logits = h W2 + b2; cache = (X, z1, h)."""
    # TODO: the three lines of the docstring; keep what backward will need in the cache
    raise NotImplementedError("forward: return logits, (X, z1, h)")


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of softmax(logits) against the labels y, and its gradient dL/dlogits."""
    # TODO: log-softmax of each row (subtract the row max first), the mean of -log p[label]
    # TODO: the gradient: softmax - one_hot(y), divided by the number of rows
    raise NotImplementedError("softmax_cross_entropy: return loss, dlogits")


def backward(params, cache, dlogits):
    """Backpropagation: the gradients of the loss for W1, b1, W2, b2, from dL/dlogits."""
    X, z1, h = cache
    # TODO: output layer: dW2, db2 from h and dlogits; then dh, the gradient flowing into h
    # TODO: through the ReLU (gradient only where z1 > 0), then dW1, db1
    raise NotImplementedError("backward: return the four gradients")


def train(X, y, n_hidden=64, epochs=20, lr=0.2, batch_size=32, seed=0):
    """Mini-batch SGD: each epoch visits the rows once in a new order. Returns (params, losses),
    losses[e] = mean training loss of epoch e (each row counted once)."""
    params = init_params(X.shape[1], n_hidden, 10, seed)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            # TODO: forward, softmax_cross_entropy, backward on this batch; params[name] -= lr * grads[name]
            # TODO: add loss * len(batch) to total
            raise NotImplementedError("train: one mini-batch step")
        losses.append(total / len(X))
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is the label."""
    # TODO
    raise NotImplementedError("accuracy")


if __name__ == "__main__":
    X, y = load_digits()
    order = np.random.default_rng(0).permutation(len(X))
    test, tr = order[:450], order[450:]
    params, losses = train(X[tr], y[tr])
    for epoch, loss in enumerate(losses):
        print(f"epoch {epoch:2d}  loss {loss:.4f}")
    print(f"held-out accuracy {accuracy(params, X[test], y[test]):.3f} on {len(test)} digits")
