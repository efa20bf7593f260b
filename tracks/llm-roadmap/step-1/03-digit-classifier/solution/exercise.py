"""A basic neural network that classifies handwritten digits, with backpropagation in numpy.

    python3 exercise.py          # trains on 75% of the digits and prints the held-out accuracy
    trail check digit-classifier

Network: 64 pixels -> hidden layer of ReLU units -> 10 logits -> softmax. Python 3 and numpy only.
"""
import gzip

import numpy as np


def load_digits(path="data/digits.csv.gz"):
    """X: (n, 64) pixels scaled from 0..16 to 0..1 (float); y: (n,) labels 0..9 (int)."""
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :64] / 16.0, data[:, 64].astype(int)


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
    z1 = X @ params["W1"] + params["b1"]
    h = np.maximum(z1, 0.0)
    logits = h @ params["W2"] + params["b2"]
    return logits, (X, z1, h)


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of softmax(logits) against the labels y, and its gradient dL/dlogits."""
    z = logits - logits.max(axis=1, keepdims=True)          # same softmax, no overflow
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    n = len(y)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = np.exp(log_p)
    dlogits[np.arange(n), y] -= 1.0
    return float(loss), dlogits / n


def backward(params, cache, dlogits):
    """Backpropagation: the gradients of the loss for W1, b1, W2, b2, from dL/dlogits."""
    X, z1, h = cache
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(axis=0)
    dh = dlogits @ params["W2"].T
    dz1 = dh * (z1 > 0)                                        # ReLU passes gradient where it was active
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


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
            logits, cache = forward(params, X[batch])
            loss, dlogits = softmax_cross_entropy(logits, y[batch])
            grads = backward(params, cache, dlogits)
            for name in params:
                params[name] -= lr * grads[name]
            total += loss * len(batch)
        losses.append(total / len(X))
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is the label."""
    logits, _ = forward(params, X)
    return float(np.mean(logits.argmax(axis=1) == y))


if __name__ == "__main__":
    X, y = load_digits()
    order = np.random.default_rng(0).permutation(len(X))
    test, tr = order[:450], order[450:]
    params, losses = train(X[tr], y[tr])
    for epoch, loss in enumerate(losses):
        print(f"epoch {epoch:2d}  loss {loss:.4f}")
    print(f"held-out accuracy {accuracy(params, X[test], y[test]):.3f} on {len(test)} digits")
