"""Phase 3, Section 3 (Optimization): optimizers in numpy, SGD, momentum and Adam.

Each optimizer has step(params, grads): params and grads are dicts of numpy arrays with
the same keys, and step changes the arrays of params in place. Momentum and Adam keep a
running state per key between steps.

    python3 experiment.py        # compares the three on a quadratic and on the spiral
    trail check optimization     # runs the tests

This section uses numpy (pip install numpy). backprop.py is the reference solution of
the Backpropagation section (or your own, copied over it).
"""
import numpy as np


class SGD:
    """theta <- theta - lr * g"""

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        # TODO: for every key k, change params[k] in place by -lr * grads[k]
        raise NotImplementedError("SGD.step")


class Momentum:
    """v <- beta * v + g;  theta <- theta - lr * v   (v starts at zero)"""

    def __init__(self, lr, beta=0.9):
        self.lr = lr
        self.beta = beta
        # TODO: somewhere to keep one velocity array per parameter key, between calls

    def step(self, params, grads):
        # TODO: for every key: a zero velocity the first time, then the two lines of the rule
        raise NotImplementedError("Momentum.step")


class Adam:
    """Momentum on g, a running mean of g**2 to scale each entry, both bias-corrected.

    m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g**2;  t counts the steps
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1**t),
    v_hat = v / (1 - beta2**t)
    """

    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        # TODO: the state: m and v per parameter key, and the step counter t

    def step(self, params, grads):
        # TODO: advance t (once per call), then for every key update m and v,
        #       bias-correct them, and change params[k] in place
        raise NotImplementedError("Adam.step")


def quadratic_losses(optimizer, steps, lams=(1.0, 100.0), start=(1.0, 1.0)):
    """Minimise f(theta) = 1/2 * sum(lam_i * theta_i**2) from start.

    The gradient is lam * theta; the larger max(lam) / min(lam), the narrower the valley.
    Returns steps + 1 losses: the loss before each step, and the loss after the last one.
    """
    lams = np.array(lams, dtype=float)
    params = {"theta": np.array(start, dtype=float)}
    losses = []
    for _ in range(steps):
        losses.append(0.5 * float(np.sum(lams * params["theta"] ** 2)))
        optimizer.step(params, {"theta": lams * params["theta"]})
    losses.append(0.5 * float(np.sum(lams * params["theta"] ** 2)))
    return losses


def spiral_losses(optimizer, steps, n_hidden=32, seed=0):
    """Train the Backpropagation section's network on the spiral with this optimizer; return the losses."""
    from backprop import make_spiral, init_params, forward, backward, softmax_cross_entropy

    X, y = make_spiral(100, 3, seed=0)
    params = init_params(2, n_hidden, 3, seed)
    losses = []
    for _ in range(steps):
        logits, cache = forward(params, X)
        loss, dlogits = softmax_cross_entropy(logits, y)
        optimizer.step(params, backward(params, cache, dlogits))
        losses.append(loss)
    return losses


if __name__ == "__main__":
    print("A narrow valley, f = (theta_1^2 + 100 theta_2^2) / 2, 100 steps from (1, 1):")
    for name, opt in [("SGD(0.01)", SGD(0.01)), ("SGD(0.021)", SGD(0.021)),
                      ("Momentum(0.01)", Momentum(0.01)), ("Adam(0.1)", Adam(0.1))]:
        losses = quadratic_losses(opt, 100)
        print(f"  {name:15s} loss {losses[0]:.1f} -> {losses[-1]:.3g}")
    print("The spiral of the Backpropagation section, 300 full-batch steps:")
    for name, opt in [("SGD(0.1)", SGD(0.1)), ("Momentum(0.1)", Momentum(0.1)), ("Adam(0.01)", Adam(0.01))]:
        losses = spiral_losses(opt, 300)
        print(f"  {name:15s} loss {losses[0]:.3f} -> {losses[-1]:.3f}")
