"""M2: a multi-layer network with backpropagation written by hand, checked on every parameter.

init_params and loss_and_grads are given; fill in every TODO. Run it with `python3 exercise.py`;
check it with `trail check m2`; stuck? `trail hint m2`.
"""
import numpy as np

from spiral import make_spiral


def init_params(sizes, seed=0):
    """Weights W1..WL and biases b1..bL for layer sizes like [2, 32, 32, 3].

    W_l has shape (sizes[l-1], sizes[l]) with entries N(0, 1/sizes[l-1]); b_l is zeros."""
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.normal(0.0, 1.0 / np.sqrt(sizes[l - 1]), (sizes[l - 1], sizes[l]))
        params[f"b{l}"] = np.zeros(sizes[l])
    return params


def n_layers(params):
    """L, the number of weight layers (params holds W1, b1, ..., WL, bL)."""
    return len(params) // 2


def forward(params, X):
    """Logits (n, classes) and the cache backward() needs: the activations of every layer.

    a_0 = X; z_l = a_{l-1} W_l + b_l; a_l = tanh(z_l) for hidden layers; the last z is the logits."""
    # TODO: loop over the layers l = 1 .. L (n_layers(params) gives L). Keep every activation
    # in a list, starting with X itself: backward() needs a_{l-1} for each layer. tanh on every
    # layer except the last, whose z are the logits.
    raise NotImplementedError("forward")


def softmax_cross_entropy(logits, y):
    """(mean cross-entropy, dL/dlogits). dL/dlogits = (softmax - onehot(y)) / n."""
    # TODO: subtract each row's max from the logits before exp (the softmax does not change),
    # take log-probabilities, and average -log p[correct class]. The gradient is
    # (softmax - onehot(y)) / n, shape (n, classes).
    raise NotImplementedError("softmax_cross_entropy")


def backward(params, activations, dlogits):
    """Gradients of the loss for every parameter, same keys and shapes as params."""
    # TODO: walk the layers from L down to 1, carrying dz = dL/dz_l (it starts as dlogits).
    # For each layer: dW_l = a_{l-1}^T dz, db_l = dz summed over rows; then, below the first
    # layer, push dz through W_l and through tanh to get the dz of layer l - 1.
    raise NotImplementedError("backward")


def loss_and_grads(params, X, y):
    """(loss, grads): forward, then the loss and dL/dlogits, then backward."""
    logits, activations = forward(params, X)
    loss, dlogits = softmax_cross_entropy(logits, y)
    return loss, backward(params, activations, dlogits)


def numerical_gradients(params, X, y, h=1e-5):
    """Central differences of the loss for every entry of every parameter."""
    # TODO: for every key and every entry i of params[key] (use .flat[i]): set the entry to
    # old + h, compute the loss; to old - h, compute the loss; restore old; store
    # (up - down) / (2h). Return a dict shaped like params.
    raise NotImplementedError("numerical_gradients")


def train(X, y, sizes, lr=1.0, epochs=2000, seed=0):
    """Full-batch gradient descent from init_params(sizes, seed). Returns (params, losses),
    losses[t] being the loss before step t."""
    # TODO: start from init_params(sizes, seed); each epoch, record the loss and step every
    # parameter: p <- p - lr * grad.
    raise NotImplementedError("train")


def predict(params, X):
    """The class with the largest logit, for every row."""
    # TODO
    raise NotImplementedError("predict")


if __name__ == "__main__":
    X_small, y_small = make_spiral(5, 3, seed=1)
    params = init_params([2, 5, 4, 3], seed=1)
    analytic = loss_and_grads(params, X_small, y_small)[1]
    numeric = numerical_gradients(params, X_small, y_small)
    for key in params:
        a, n = analytic[key], numeric[key]
        err = np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n)))
        print(f"{key:3} {str(a.shape):8} relative error {err:.1e}")

    X, y = make_spiral(100, 3, seed=0)
    X_test, y_test = make_spiral(100, 3, seed=1)
    for sizes in ([2, 3], [2, 32, 32, 3]):
        params, losses = train(X, y, sizes, lr=1.0, epochs=2000, seed=0)
        acc = np.mean(predict(params, X_test) == y_test)
        print(f"{sizes}: loss {losses[0]:.3f} -> {losses[-1]:.3f}, held-out accuracy {acc:.3f}")
