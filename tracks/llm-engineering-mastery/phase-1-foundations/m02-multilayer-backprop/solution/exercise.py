"""M2: a multi-layer network with backpropagation written by hand, checked on every parameter.

Run it with `python3 exercise.py`; check it with `trail check m2`; stuck? `trail hint m2`.
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
    L = n_layers(params)
    activations = [X]
    a = X
    for l in range(1, L + 1):
        z = a @ params[f"W{l}"] + params[f"b{l}"]
        a = np.tanh(z) if l < L else z
        activations.append(a)
    return a, activations


def softmax_cross_entropy(logits, y):
    """(mean cross-entropy, dL/dlogits). dL/dlogits = (softmax - onehot(y)) / n."""
    n = len(y)
    shifted = logits - logits.max(axis=1, keepdims=True)          # same softmax, no overflow
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dlogits = np.exp(log_probs)
    dlogits[np.arange(n), y] -= 1.0
    return float(loss), dlogits / n


def backward(params, activations, dlogits):
    """Gradients of the loss for every parameter, same keys and shapes as params."""
    L = n_layers(params)
    grads = {}
    dz = dlogits                                   # dL/dz_L
    for l in range(L, 0, -1):
        a_prev = activations[l - 1]
        grads[f"W{l}"] = a_prev.T @ dz             # z_l = a_{l-1} W_l + b_l
        grads[f"b{l}"] = dz.sum(axis=0)
        if l > 1:
            da = dz @ params[f"W{l}"].T            # dL/da_{l-1}
            dz = da * (1.0 - a_prev ** 2)          # tanh'(z) = 1 - tanh(z)^2 = 1 - a^2
    return grads


def loss_and_grads(params, X, y):
    """(loss, grads): forward, then the loss and dL/dlogits, then backward."""
    logits, activations = forward(params, X)
    loss, dlogits = softmax_cross_entropy(logits, y)
    return loss, backward(params, activations, dlogits)


def numerical_gradients(params, X, y, h=1e-5):
    """Central differences of the loss for every entry of every parameter."""
    grads = {}
    for key, p in params.items():
        g = np.zeros_like(p)
        for i in range(p.size):
            old = p.flat[i]
            p.flat[i] = old + h
            up = loss_and_grads(params, X, y)[0]
            p.flat[i] = old - h
            down = loss_and_grads(params, X, y)[0]
            p.flat[i] = old                        # restore before the next entry
            g.flat[i] = (up - down) / (2 * h)
        grads[key] = g
    return grads


def train(X, y, sizes, lr=1.0, epochs=2000, seed=0):
    """Full-batch gradient descent from init_params(sizes, seed). Returns (params, losses),
    losses[t] being the loss before step t."""
    params = init_params(sizes, seed)
    losses = []
    for _ in range(epochs):
        loss, grads = loss_and_grads(params, X, y)
        losses.append(loss)
        for key in params:
            params[key] = params[key] - lr * grads[key]
    return params, losses


def predict(params, X):
    """The class with the largest logit, for every row."""
    return forward(params, X)[0].argmax(axis=1)


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
