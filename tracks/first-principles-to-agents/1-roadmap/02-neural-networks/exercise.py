"""Section 2 (Neural Networks, Core): a neural network from scratch in numpy.

A perceptron, then a multi-layer perceptron (MLP) with hand-written backpropagation, two
losses, L2 weight decay, SGD with momentum and Adam, trained on three spirals.

    python3 exercise.py                 # perceptron on AND/XOR, then trains on the spirals
    trail check neural-networks         # runs the tests

Only numpy is needed (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import numpy as np

from spirals import make_spirals


# ---------------------------------------------------------------- the perceptron

def perceptron_fit(X, y, epochs=20, lr=1.0):
    """Rosenblatt's rule on labels 0/1. Returns (w, b, mistakes), mistakes[e] = errors in epoch e.

    Predict 1 when w·x + b > 0, else 0. Visit the rows in order; after each row,
    w += lr * (y - prediction) * x and b += lr * (y - prediction).
    """
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(epochs):
        # TODO: one pass over the rows in order: predict, count the mistake, update w and b
        raise NotImplementedError("perceptron_fit: one epoch of the perceptron rule")
    return w, b, mistakes


# ---------------------------------------------------------------- activations
# Each derivative takes the pre-activation z and returns d activation / dz, element-wise.

def relu(z):
    raise NotImplementedError("relu")  # TODO: max(z, 0)


def relu_grad(z):
    raise NotImplementedError("relu_grad")  # TODO: 1 where z > 0, else 0 (as floats)


def sigmoid(z):
    raise NotImplementedError("sigmoid")  # TODO: 1 / (1 + e^-z)


def sigmoid_grad(z):
    raise NotImplementedError("sigmoid_grad")  # TODO: s (1 - s) with s = sigmoid(z)


def tanh(z):
    raise NotImplementedError("tanh")  # TODO: np.tanh


def tanh_grad(z):
    raise NotImplementedError("tanh_grad")  # TODO: 1 - tanh(z)^2


ACTIVATIONS = {"relu": (relu, relu_grad), "sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad)}


# ---------------------------------------------------------------- the MLP

def init_params(sizes, activation="relu", seed=0):
    """One {"W": (n_in, n_out), "b": (n_out,)} per layer; sizes = [n_in, hidden..., n_out].

    W ~ Normal(0, std) with std = sqrt(2 / n_in) for relu (He) and sqrt(1 / n_in) otherwise;
    b = 0. One generator, np.random.default_rng(seed), drawn layer by layer.
    """
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        # TODO: append {"W": rng.normal(0, std, (n_in, n_out)), "b": zeros(n_out)}
        raise NotImplementedError("init_params")
    return params


def forward(params, X, activation="relu"):
    """Returns (logits, cache). Hidden layers: a = f(a_prev @ W + b). The last layer is linear.

    cache holds what backward needs: the input of every layer and every pre-activation z.
    """
    f, _ = ACTIVATIONS[activation]
    inputs, zs = [], []
    a = X
    for i, layer in enumerate(params):
        # TODO: remember a (the layer's input), compute z = a @ W + b and remember it,
        #       then a = f(z) for hidden layers and a = z for the last one
        raise NotImplementedError("forward")
    return a, {"inputs": inputs, "zs": zs}


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of integer labels y under softmax(logits); returns (loss, dlogits)."""
    # TODO: subtract each row's max, take log-softmax, loss = -mean of log p[row, y[row]]
    # TODO: dlogits = (softmax - onehot(y)) / N
    raise NotImplementedError("softmax_cross_entropy")


def mse(pred, target):
    """Mean squared error over every entry; returns (loss, dpred)."""
    raise NotImplementedError("mse")  # TODO: mean of (pred - target)^2 and its gradient


def backward(params, cache, dlogits, activation="relu"):
    """Gradients of the loss for every W and b, given dloss/dlogits: a list shaped like params."""
    _, f_grad = ACTIVATIONS[activation]
    grads = [None] * len(params)
    dz = dlogits
    for i in reversed(range(len(params))):
        # TODO: grads[i] = {"W": input_i.T @ dz, "b": dz summed over the rows}
        # TODO: unless i == 0: da = dz @ W_i.T, then dz = da * f_grad(z of layer i - 1)
        raise NotImplementedError("backward")
    return grads


def loss_and_grads(params, X, y, activation="relu", weight_decay=0.0):
    """Cross-entropy + (weight_decay / 2) * sum of every W squared (not the biases); returns (loss, grads)."""
    logits, cache = forward(params, X, activation)
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(params, cache, dlogits, activation)
    # TODO: add the L2 penalty to the loss and weight_decay * W to every W's gradient
    return loss, grads


# ---------------------------------------------------------------- gradient descent variants

class SGD:
    """v = momentum * v + g;  p -= lr * v   (momentum 0 is plain SGD). Updates params in place."""

    def __init__(self, lr=0.1, momentum=0.0):
        self.lr, self.momentum = lr, momentum
        self.velocity = None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in params]
        # TODO: for every layer and key ("W", "b"): update the velocity, then the parameter in place
        raise NotImplementedError("SGD.step")


class Adam:
    """Adam (Kingma & Ba 2014) with bias correction. Updates params in place."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = self.v = None
        self.t = 0

    def step(self, params, grads):
        if self.m is None:
            self.m = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in params]
            self.v = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in params]
        self.t += 1
        # TODO: m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  correct both by 1 - b^t;
        #       p -= lr * m_hat / (sqrt(v_hat) + eps)
        raise NotImplementedError("Adam.step")


# ---------------------------------------------------------------- training

def train(X, y, sizes, optimizer, activation="relu", epochs=100, batch_size=32, weight_decay=0.0, seed=0):
    """Mini-batch training. Returns (params, losses), losses[e] = mean loss of epoch e (each row once).

    params start from init_params(sizes, activation, seed); each epoch visits the rows in a new
    order from one generator np.random.default_rng(seed), in slices of batch_size.
    """
    params = init_params(sizes, activation, seed)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        # TODO: a new permutation of the rows; for each slice of batch_size: loss_and_grads on it,
        #       optimizer.step(params, grads), add loss * len(batch) to the epoch's total
        # TODO: append total / len(X)
        raise NotImplementedError("train")
    return params, losses


def accuracy(params, X, y, activation="relu"):
    """Share of rows whose largest logit is the label."""
    raise NotImplementedError("accuracy")  # TODO: forward, argmax per row, compare with y, mean


if __name__ == "__main__":
    AND = (np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float), np.array([0, 0, 0, 1]))
    XOR = (AND[0], np.array([0, 1, 1, 0]))
    for name, (X, y) in (("AND", AND), ("XOR", XOR)):
        _, _, mistakes = perceptron_fit(X, y, epochs=10)
        print(f"perceptron on {name}: mistakes per epoch {mistakes}")
    X_train, y_train = make_spirals(100, seed=0)
    X_val, y_val = make_spirals(100, seed=1)
    params, losses = train(X_train, y_train, [2, 64, 64, 3], Adam(0.01), epochs=200, batch_size=32)
    print(f"spirals: loss {losses[0]:.3f} -> {losses[-1]:.3f}, "
          f"train accuracy {accuracy(params, X_train, y_train):.3f}, "
          f"validation accuracy {accuracy(params, X_val, y_val):.3f}")
