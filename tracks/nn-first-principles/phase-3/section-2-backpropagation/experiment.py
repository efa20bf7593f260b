"""Phase 3, Section 2 (Backpropagation): backpropagation in matrix form, with numpy.

A two-layer network, X -> tanh(X W1 + b1) -> H W2 + b2 = logits, trained on a
three-armed spiral with softmax cross-entropy. You write the gradients by hand: each
line of backward() is one application of the chain rule to a whole matrix.

    python3 experiment.py        # trains on the spiral and prints the loss
    trail check backpropagation  # runs the tests

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
    # TODO: W1 and W2 from rng.standard_normal(shape), each divided by sqrt(its fan-in)
    #       (the number of rows: n_in for W1, n_hidden for W2); b1 and b2 zeros.
    raise NotImplementedError("init_params: return {'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}")


def forward(params, X):
    """logits = tanh(X W1 + b1) W2 + b2, for a batch X of shape (N, n_in).

    Returns (logits, cache): logits (N, n_out), and cache, whatever backward() needs.
    """
    # TODO: H = tanh(X @ W1 + b1), logits = H @ W2 + b2.
    # TODO: cache = whatever backward() will need (X and H are enough).
    raise NotImplementedError("forward: return (logits, cache)")


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of the rows of logits against the integer labels y.

    Returns (loss, dlogits): loss a float, dlogits = (softmax(logits) - onehot(y)) / N,
    the gradient of the loss with respect to logits.
    """
    N = logits.shape[0]
    # TODO: subtract each row's max before exp (the softmax does not change; exp cannot overflow)
    # TODO: probs = softmax of each row; loss = mean over rows of -log probs[row, y[row]]
    # TODO: dlogits = probs with 1 subtracted at [row, y[row]], all divided by N
    raise NotImplementedError("softmax_cross_entropy: return (loss, dlogits)")


def backward(params, cache, dlogits):
    """Gradients of the loss with respect to every parameter, given dloss/dlogits.

    Returns a dict with the keys and shapes of params.
    """
    # TODO: unpack your cache, then walk the forward pass backwards:
    #   logits = H @ W2 + b2   ->  dW2, db2 and dH
    #   H = tanh(Z1)           ->  dZ1 (element-wise, with 1 - H**2)
    #   Z1 = X @ W1 + b1       ->  dW1, db1
    # Each gradient has the shape of the thing it is the gradient of.
    raise NotImplementedError("backward: return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}")


def train(X, y, n_hidden, steps, lr, seed=0):
    """Full-batch gradient descent from init_params(n_in, n_hidden, n_classes, seed).

    n_classes is y.max() + 1. Returns (params, losses): the trained parameters and the
    `steps` losses as floats, each measured before that step's update.
    """
    params = init_params(X.shape[1], n_hidden, int(y.max()) + 1, seed)
    losses = []
    for _ in range(steps):
        # TODO: forward, softmax_cross_entropy, backward, then for every key k:
        #       params[k] -= lr * grads[k]; append the loss (a float) to losses
        raise NotImplementedError("train: one gradient-descent step per loop")
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
