"""Stage 03 — Neural Networks: a 2-layer MLP (ReLU hidden layer, softmax output) with a backward
pass written by hand, trained with mini-batch SGD on 1,797 handwritten 8 x 8 digits.

    python3 exercise.py            # trains, prints the loss per epoch and the held-out accuracy
    trail check neural-networks    # runs the tests

Uses numpy (pip install numpy) only. Shapes: X (N, n_in), W1 (n_in, H), b1 (H,), W2 (H, n_out), b2 (n_out,).
"""
import gzip

import numpy as np


def load_digits(path="data/digits.csv.gz"):
    """X float (1797, 64) with pixels 0..16, y int (1797,) with labels 0..9."""
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",")
    return data[:, :64], data[:, 64].astype(int)


def init_params(n_in, n_hidden, n_out, seed=0):
    """W1 ~ N(0, 2/n_in) (He init, for ReLU), W2 ~ N(0, 1/n_hidden), biases 0."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(1.0 / n_hidden), (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def relu(z):
    """max(0, z), elementwise."""
    return np.maximum(0.0, z)


def forward(params, X):
    """logits = relu(X W1 + b1) W2 + b2. Returns (logits, cache) with cache = (X, z1, h1)."""
    z1 = X @ params["W1"] + params["b1"]
    h1 = relu(z1)
    logits = h1 @ params["W2"] + params["b2"]
    return logits, (X, z1, h1)


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of integer labels y under softmax(logits), and its gradient
    d loss / d logits = (softmax(logits) - one_hot(y)) / N."""
    n = len(y)
    z = logits - logits.max(axis=1, keepdims=True)          # stable: the largest exponent is 0
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dlogits = np.exp(log_probs)
    dlogits[np.arange(n), y] -= 1.0
    return float(loss), dlogits / n


def backward(params, cache, dlogits):
    """Gradients of the loss with respect to W1, b1, W2, b2, given d loss / d logits."""
    X, z1, h1 = cache
    dW2 = h1.T @ dlogits                 # logits = h1 W2 + b2
    db2 = dlogits.sum(axis=0)
    dh1 = dlogits @ params["W2"].T
    dz1 = dh1 * (z1 > 0)                 # ReLU passes the gradient only where it was active
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def sgd_step(params, grads, lr):
    """params[k] -= lr * grads[k] for every parameter, in place."""
    for k in params:
        params[k] -= lr * grads[k]


def train(X, y, n_hidden=64, epochs=30, lr=0.1, batch_size=32, seed=0):
    """Mini-batch SGD from init_params(X.shape[1], n_hidden, 10, seed). Each epoch visits the rows
    in a new order from np.random.default_rng(seed) (created once). Returns (params, losses) with
    one mean training loss per epoch, every row counted once."""
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
            sgd_step(params, backward(params, cache, dlogits), lr)
            total += loss * len(batch)
        losses.append(total / len(X))
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is the label."""
    logits, _ = forward(params, X)
    return float((logits.argmax(axis=1) == y).mean())


def collapse_linear(params):
    """The (W, b) of ONE linear layer equal to the network with the ReLU removed:
    (X W1 + b1) W2 + b2 = X (W1 W2) + (b1 W2 + b2)."""
    return params["W1"] @ params["W2"], params["b1"] @ params["W2"] + params["b2"]


def main():
    X, y = load_digits()
    X = X / 16.0                                     # pixels to [0, 1]
    order = np.random.default_rng(0).permutation(len(X))
    test, train_rows = order[:450], order[450:]
    params, losses = train(X[train_rows], y[train_rows], n_hidden=64, epochs=30, lr=0.1, batch_size=32, seed=0)
    for epoch, loss in enumerate(losses):
        print(f"epoch {epoch:2d}  train loss {loss:.4f}")
    print(f"held-out accuracy {accuracy(params, X[test], y[test]):.3f} on {len(test)} digits")


if __name__ == "__main__":
    main()
