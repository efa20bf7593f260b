"""A small layer library in numpy.

Every layer works on a whole batch at once (one example per row) and has two methods:
forward(x) computes the output and remembers what the backward pass will need, and
backward(dout) takes dL/d(output) and returns dL/d(input), storing the gradients of the
layer's own parameters on the way. Stack chains layers; softmax_cross_entropy is the loss.
"""
import numpy as np


def _init_std(n_in, init):
    """The standard deviation of the initial weights of a layer with n_in inputs."""
    if init == 'kaiming':
        return np.sqrt(2.0 / n_in)   # keeps E[z^2] constant through ReLU layers
    if init == 'xavier':
        return np.sqrt(1.0 / n_in)   # keeps Var(z) constant through (near-)linear layers
    if init == 'normal':
        return 1.0                   # ignores the fan-in: the variance grows n_in-fold per layer
    raise ValueError(f"unknown init {init!r}: use 'kaiming', 'xavier' or 'normal'")


class Linear:
    """out = x @ W + b, with W of shape (n_in, n_out) and b of shape (n_out,)."""

    def __init__(self, n_in, n_out, rng, init='kaiming'):
        self.W = rng.normal(0.0, _init_std(n_in, init), size=(n_in, n_out))
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.x = None

    def forward(self, x):
        self.x = x                       # backward needs the input for dW
        return x @ self.W + self.b

    def backward(self, dout):
        # out[n, j] = sum_i x[n, i] W[i, j] + b[j]; each example adds its share to dW and db.
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T

    def params(self):
        return [self.W, self.b]

    def grads(self):
        return [self.dW, self.db]


class Tanh:
    """Elementwise tanh; its local derivative is 1 - tanh(x)^2."""

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out ** 2)

    def params(self):
        return []

    def grads(self):
        return []


class ReLU:
    """Elementwise max(0, x); its local derivative is 1 where x > 0, else 0."""

    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask

    def params(self):
        return []

    def grads(self):
        return []


class Stack:
    """Layers applied in order; backward runs them in reverse (the chain rule, layer by layer)."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def params(self):
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        return [g for layer in self.layers for g in layer.grads()]


def softmax_cross_entropy(logits, y):
    """Mean of -log softmax(logits)[n, y[n]] over the batch, and its gradient dL/dlogits."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)      # no overflow in exp
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dlogits = np.exp(log_probs)                                # softmax
    dlogits[np.arange(n), y] -= 1.0                            # softmax - onehot
    return loss, dlogits / n


def depth_experiment(init, n_layers=10, width=256, n=500, seed=0):
    """RMS of the activations after each Linear + ReLU layer of a deep net, at initialisation."""
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(n, width))          # inputs with mean square 1
    rms = []
    for _ in range(n_layers):
        h = ReLU().forward(Linear(width, width, rng, init=init).forward(h))
        rms.append(float(np.sqrt(np.mean(h ** 2))))
    return rms


if __name__ == '__main__':
    print("RMS of the activations after layers 1 to 10 (width 256, inputs of RMS 1):")
    for init in ('kaiming', 'xavier', 'normal'):
        rms = depth_experiment(init)
        print(f"{init:>8}: " + " ".join(f"{r:9.3g}" for r in rms))

    # A gradient check of a small stack, the way the tests do it.
    rng = np.random.default_rng(1)
    net = Stack(Linear(4, 8, rng), Tanh(), Linear(8, 8, rng), ReLU(), Linear(8, 3, rng))
    x, y = rng.normal(size=(5, 4)), np.array([0, 2, 1, 1, 0])
    loss, dlogits = softmax_cross_entropy(net.forward(x), y)
    net.backward(dlogits)
    W, dW = net.params()[0], net.grads()[0]
    h = 1e-6
    W[0, 0] += h
    plus, _ = softmax_cross_entropy(net.forward(x), y)
    W[0, 0] -= 2 * h
    minus, _ = softmax_cross_entropy(net.forward(x), y)
    W[0, 0] += h
    print(f"loss {loss:.4f}; dW[0,0] backprop {dW[0, 0]:.8f}, numeric {(plus - minus) / (2 * h):.8f}")
