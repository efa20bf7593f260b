"""A small layer library in numpy.

Every layer works on a whole batch at once (one example per row) and has two methods:
forward(x) computes the output and remembers what the backward pass will need, and
backward(dout) takes dL/d(output) and returns dL/d(input), storing the gradients of the
layer's own parameters on the way. Stack chains layers; softmax_cross_entropy is the loss.
"""
import numpy as np


def _init_std(n_in, init):
    """The standard deviation of the initial weights of a layer with n_in inputs."""
    # TODO: return sqrt(2 / n_in) for 'kaiming', sqrt(1 / n_in) for 'xavier', 1.0 for 'normal',
    # and raise ValueError for any other name.
    raise NotImplementedError("_init_std: return the std of the chosen init")


class Linear:
    """out = x @ W + b, with W of shape (n_in, n_out) and b of shape (n_out,)."""

    def __init__(self, n_in, n_out, rng, init='kaiming'):
        self.W = rng.normal(0.0, _init_std(n_in, init), size=(n_in, n_out))
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.x = None

    def forward(self, x):
        # TODO: remember x (backward needs it) and return x @ W + b, shape (N, n_out).
        raise NotImplementedError("Linear.forward")

    def backward(self, dout):
        # TODO: dout is dL/dout, shape (N, n_out). Store self.dW (n_in, n_out) and
        # self.db (n_out,), overwriting the old ones, and return dL/dx, shape (N, n_in).
        raise NotImplementedError("Linear.backward")

    def params(self):
        return [self.W, self.b]

    def grads(self):
        return [self.dW, self.db]


class Tanh:
    """Elementwise tanh; its local derivative is 1 - tanh(x)^2."""

    def forward(self, x):
        # TODO: return tanh(x), and remember what backward needs.
        raise NotImplementedError("Tanh.forward")

    def backward(self, dout):
        # TODO: return dout times the local derivative 1 - tanh(x)^2.
        raise NotImplementedError("Tanh.backward")

    def params(self):
        return []

    def grads(self):
        return []


class ReLU:
    """Elementwise max(0, x); its local derivative is 1 where x > 0, else 0."""

    def forward(self, x):
        # TODO: return max(0, x) elementwise, and remember where x > 0.
        raise NotImplementedError("ReLU.forward")

    def backward(self, dout):
        # TODO: the gradient passes where x > 0 and is 0 elsewhere.
        raise NotImplementedError("ReLU.backward")

    def params(self):
        return []

    def grads(self):
        return []


class Stack:
    """Layers applied in order; backward runs them in reverse (the chain rule, layer by layer)."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        # TODO: feed x through every layer, first to last.
        raise NotImplementedError("Stack.forward")

    def backward(self, dout):
        # TODO: feed dout back through every layer, last to first; return dL/dx.
        raise NotImplementedError("Stack.backward")

    def params(self):
        # TODO: every layer's params(), in layer order, in one flat list.
        raise NotImplementedError("Stack.params")

    def grads(self):
        # TODO: every layer's grads(), in the same order as params().
        raise NotImplementedError("Stack.grads")


def softmax_cross_entropy(logits, y):
    """Mean of -log softmax(logits)[n, y[n]] over the batch, and its gradient dL/dlogits."""
    # TODO: logits (N, C) floats, y (N,) ints. Subtract each row's max before exp, compute
    # log-probabilities, loss = -mean(logp[n, y[n]]), dlogits = (softmax - onehot) / N.
    raise NotImplementedError("softmax_cross_entropy")


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
