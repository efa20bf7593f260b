"""The network of M2 (the reference solution): tanh hidden layers, softmax cross-entropy.

M3 only uses init_params(sizes, seed), loss_and_grads(params, X, y) and predict(params, X).
To use your own, copy your M2 exercise.py over this file.
"""
import numpy as np


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


def predict(params, X):
    """The class with the largest logit, for every row."""
    return forward(params, X)[0].argmax(axis=1)
