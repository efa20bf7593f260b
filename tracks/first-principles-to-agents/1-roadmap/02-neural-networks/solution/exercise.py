"""Section 2 (Neural Networks, Core): a neural network from scratch in numpy.

A perceptron, then a multi-layer perceptron (MLP) with hand-written backpropagation, two
losses, L2 weight decay, SGD with momentum and Adam, trained on three spirals.

    python3 exercise.py                 # perceptron on AND/XOR, then trains on the spirals
    trail check neural-networks         # runs the tests

Only numpy is needed (pip install numpy).
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
        errors = 0
        for x_i, y_i in zip(X, y):
            prediction = 1 if x_i @ w + b > 0 else 0
            error = y_i - prediction
            if error != 0:
                errors += 1
                w = w + lr * error * x_i
                b = b + lr * error
        mistakes.append(errors)
    return w, b, mistakes


# ---------------------------------------------------------------- activations
# Each derivative takes the pre-activation z and returns d activation / dz, element-wise.

def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return (z > 0).astype(float)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


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
        std = np.sqrt((2.0 if activation == "relu" else 1.0) / n_in)
        params.append({"W": rng.normal(0.0, std, (n_in, n_out)), "b": np.zeros(n_out)})
    return params


def forward(params, X, activation="relu"):
    """Returns (logits, cache). Hidden layers: a = f(a_prev @ W + b). The last layer is linear.

    cache holds what backward needs: the input of every layer and every pre-activation z.
    """
    f, _ = ACTIVATIONS[activation]
    inputs, zs = [], []
    a = X
    for i, layer in enumerate(params):
        inputs.append(a)
        z = a @ layer["W"] + layer["b"]
        zs.append(z)
        a = f(z) if i < len(params) - 1 else z
    return a, {"inputs": inputs, "zs": zs}


def softmax(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of integer labels y under softmax(logits); returns (loss, dlogits)."""
    n = len(y)
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dlogits = np.exp(log_probs)
    dlogits[np.arange(n), y] -= 1.0
    return loss, dlogits / n


def mse(pred, target):
    """Mean squared error over every entry; returns (loss, dpred)."""
    diff = pred - target
    return np.mean(diff ** 2), 2.0 * diff / diff.size


def backward(params, cache, dlogits, activation="relu"):
    """Gradients of the loss for every W and b, given dloss/dlogits: a list shaped like params."""
    _, f_grad = ACTIVATIONS[activation]
    grads = [None] * len(params)
    dz = dlogits
    for i in reversed(range(len(params))):
        a_in = cache["inputs"][i]
        grads[i] = {"W": a_in.T @ dz, "b": dz.sum(axis=0)}
        if i > 0:
            da = dz @ params[i]["W"].T
            dz = da * f_grad(cache["zs"][i - 1])
    return grads


def loss_and_grads(params, X, y, activation="relu", weight_decay=0.0):
    """Cross-entropy + (weight_decay / 2) * sum of every W squared (not the biases); returns (loss, grads)."""
    logits, cache = forward(params, X, activation)
    loss, dlogits = softmax_cross_entropy(logits, y)
    grads = backward(params, cache, dlogits, activation)
    for layer, grad in zip(params, grads):
        loss += 0.5 * weight_decay * np.sum(layer["W"] ** 2)
        grad["W"] = grad["W"] + weight_decay * layer["W"]
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
        for layer, grad, vel in zip(params, grads, self.velocity):
            for k in layer:
                vel[k] = self.momentum * vel[k] + grad[k]
                layer[k] -= self.lr * vel[k]


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
        for layer, grad, m, v in zip(params, grads, self.m, self.v):
            for k in layer:
                m[k] = self.beta1 * m[k] + (1 - self.beta1) * grad[k]
                v[k] = self.beta2 * v[k] + (1 - self.beta2) * grad[k] ** 2
                m_hat = m[k] / (1 - self.beta1 ** self.t)
                v_hat = v[k] / (1 - self.beta2 ** self.t)
                layer[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


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
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            loss, grads = loss_and_grads(params, X[batch], y[batch], activation, weight_decay)
            optimizer.step(params, grads)
            total += loss * len(batch)
        losses.append(total / len(X))
    return params, losses


def accuracy(params, X, y, activation="relu"):
    """Share of rows whose largest logit is the label."""
    logits, _ = forward(params, X, activation)
    return float(np.mean(logits.argmax(axis=1) == y))


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
