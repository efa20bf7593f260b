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
    # TODO: one rng = np.random.default_rng(seed); W1 with std sqrt(2 / n_in), W2 with std sqrt(1 / n_hidden),
    #       zero biases; return a dict with keys "W1", "b1", "W2", "b2"
    raise NotImplementedError("init_params")


def relu(z):
    """max(0, z), elementwise."""
    # TODO
    raise NotImplementedError("relu")


def forward(params, X):
    """logits = relu(X W1 + b1) W2 + b2. Returns (logits, cache) with cache = (X, z1, h1)."""
    # TODO: z1 = X W1 + b1, h1 = relu(z1), logits = h1 W2 + b2; keep (X, z1, h1) for the backward pass
    raise NotImplementedError("forward")


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of integer labels y under softmax(logits), and its gradient
    d loss / d logits = (softmax(logits) - one_hot(y)) / N."""
    # TODO: subtract each row's max, take log-softmax, average -log p of the right class;
    #       the gradient is the softmax with 1 subtracted at the label, divided by N
    raise NotImplementedError("softmax_cross_entropy")


def backward(params, cache, dlogits):
    """Gradients of the loss with respect to W1, b1, W2, b2, given d loss / d logits."""
    # TODO: walk the forward pass backwards: dW2, db2 from dlogits and h1; dh1 through W2;
    #       dz1 through the ReLU; dW1, db1 from dz1 and X. Return a dict with the same keys as params.
    raise NotImplementedError("backward")


def sgd_step(params, grads, lr):
    """params[k] -= lr * grads[k] for every parameter, in place."""
    # TODO
    raise NotImplementedError("sgd_step")


def train(X, y, n_hidden=64, epochs=30, lr=0.1, batch_size=32, seed=0):
    """Mini-batch SGD from init_params(X.shape[1], n_hidden, 10, seed). Each epoch visits the rows
    in a new order from np.random.default_rng(seed) (created once). Returns (params, losses) with
    one mean training loss per epoch, every row counted once."""
    # TODO: params from init_params, one rng for the shuffles; per epoch: a permutation, mini-batches of
    #       batch_size rows (forward, softmax_cross_entropy, backward, sgd_step); record the epoch's mean loss
    raise NotImplementedError("train")


def accuracy(params, X, y):
    """Share of rows whose largest logit is the label."""
    # TODO
    raise NotImplementedError("accuracy")


def collapse_linear(params):
    """The (W, b) of ONE linear layer equal to the network with the ReLU removed:
    (X W1 + b1) W2 + b2 = X (W1 W2) + (b1 W2 + b2)."""
    # TODO: multiply out (X W1 + b1) W2 + b2
    raise NotImplementedError("collapse_linear")


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
