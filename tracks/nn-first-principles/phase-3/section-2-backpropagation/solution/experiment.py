"""Backpropagation in matrix form, with numpy: the reference solution of
Phase 3, Section 2 (Backpropagation).

(The Optimization and Real Dataset sections ship this file as backprop.py and import from it.)

A two-layer network, X -> tanh(X W1 + b1) -> H W2 + b2 = logits, trained on a
three-armed spiral with softmax cross-entropy. The gradients are written by hand: each
line of backward() is one application of the chain rule to a whole matrix.

    python3 experiment.py        # trains on the spiral and prints the loss

This section uses numpy (pip install numpy).
"""
import numpy as np


def make_spiral(n_per_class=100, n_classes=3, seed=0):
    """Points on n_classes interleaved spiral arms; no straight line separates them.

    Returns X, float array (n_per_class * n_classes, 2), and y, int array of class
    indices 0 .. n_classes - 1.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=int)
    for k in range(n_classes):
        rows = slice(k * n_per_class, (k + 1) * n_per_class)
        r = np.linspace(0.0, 1.0, n_per_class)                       # radius grows along an arm
        t = np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.normal(0.0, 0.2, n_per_class)
        X[rows] = np.column_stack([r * np.sin(t), r * np.cos(t)])
        y[rows] = k
    return X, y


def init_params(n_in, n_hidden, n_out, seed=0):
    """Weights drawn from a normal distribution scaled by 1/sqrt(fan-in); biases zero.

    Shapes: W1 (n_in, n_hidden), b1 (n_hidden,), W2 (n_hidden, n_out), b2 (n_out,).
    """
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    """logits = tanh(X W1 + b1) W2 + b2, for a batch X of shape (N, n_in).

    Returns (logits, cache): logits (N, n_out), and cache, whatever backward() needs.
    """
    H = np.tanh(X @ params["W1"] + params["b1"])   # (N, n_hidden); b1 is broadcast over rows
    logits = H @ params["W2"] + params["b2"]       # (N, n_out)
    return logits, (X, H)


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of the rows of logits against the integer labels y.

    Returns (loss, dlogits): loss a float, dlogits = (softmax(logits) - onehot(y)) / N,
    the gradient of the loss with respect to logits.
    """
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)   # same softmax, no overflow
    exp = np.exp(shifted)
    probs = exp / exp.sum(axis=1, keepdims=True)
    log_probs = shifted - np.log(exp.sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dlogits = probs.copy()
    dlogits[np.arange(N), y] -= 1.0
    return float(loss), dlogits / N


def backward(params, cache, dlogits):
    """Gradients of the loss with respect to every parameter, given dloss/dlogits.

    Returns a dict with the keys and shapes of params.
    """
    X, H = cache
    dW2 = H.T @ dlogits                    # (n_hidden, n_out): sum over the batch of h_i^T g_i
    db2 = dlogits.sum(axis=0)              # b2 was added to every row, so its gradients add up
    dH = dlogits @ params["W2"].T          # (N, n_hidden): route the gradient back through W2
    dZ1 = dH * (1.0 - H ** 2)              # through tanh, element by element
    dW1 = X.T @ dZ1                        # (n_in, n_hidden)
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(X, y, n_hidden, steps, lr, seed=0):
    """Full-batch gradient descent from init_params(n_in, n_hidden, n_classes, seed).

    n_classes is y.max() + 1. Returns (params, losses): the trained parameters and the
    `steps` losses as floats, each measured before that step's update.
    """
    params = init_params(X.shape[1], n_hidden, int(y.max()) + 1, seed)
    losses = []
    for _ in range(steps):
        logits, cache = forward(params, X)
        loss, dlogits = softmax_cross_entropy(logits, y)
        grads = backward(params, cache, dlogits)
        for k in params:
            params[k] -= lr * grads[k]     # in place: the same arrays, new values
        losses.append(loss)
    return params, losses


def accuracy(params, X, y):
    """Share of rows whose largest logit is at the true class."""
    logits, _ = forward(params, X)
    return float((logits.argmax(axis=1) == y).mean())


if __name__ == "__main__":
    X, y = make_spiral(100, 3, seed=0)
    params, losses = train(X, y, n_hidden=64, steps=2000, lr=1.0, seed=0)
    for step in range(0, len(losses), 200):
        print(f"step {step:4d}  loss {losses[step]:.4f}")
    print(f"final loss {losses[-1]:.4f}, training accuracy {accuracy(params, X, y):.1%}")
