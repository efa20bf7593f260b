"""Phase 3, Section 1 (Gradient Descent): training with the Value engine.

Train a small MLP on the XOR points of data.py by following the gradient of the mean
squared error downhill, one small step at a time.

    python3 experiment.py
"""
import random

from engine import Value
from nn import MLP
from data import make_dataset


def sgd_step(parameters, lr):
    """One step of gradient descent: move every parameter against its gradient.

    p.data <- p.data - lr * p.grad. The gradients are read, not changed.
    """
    for p in parameters:
        p.data -= lr * p.grad


def mse(preds, targets):
    """Mean squared error of a list of Value predictions against plain-number targets."""
    total = sum(((p - t) ** 2 for p, t in zip(preds, targets)), Value(0.0))
    return total * (1.0 / len(targets))


def train(model, xs, ys, steps, lr):
    """Full-batch gradient descent on the mean squared error.

    Each step: forward pass over every point, loss, zero the gradients, backward pass,
    one sgd_step. Returns the list of the `steps` losses (plain floats), each measured
    before that step's update.
    """
    losses = []
    for _ in range(steps):
        preds = [model(x) for x in xs]   # forward: one Value per point
        loss = mse(preds, ys)
        model.zero_grad()                # gradients from the last step must not add up
        loss.backward()                  # fills p.grad = dloss/dp for every parameter
        sgd_step(model.parameters(), lr)
        losses.append(loss.data)
    return losses


def accuracy(model, xs, ys):
    """Share of points whose prediction has the sign of the label."""
    right = sum((model(x).data > 0) == (y > 0) for x, y in zip(xs, ys))
    return right / len(ys)


if __name__ == "__main__":
    random.seed(1)
    xs, ys = make_dataset(40, seed=0)
    model = MLP(2, [8, 8, 1])
    print(f"{len(model.parameters())} parameters, {len(xs)} points")
    losses = train(model, xs, ys, steps=100, lr=0.1)
    for step in range(0, len(losses), 10):
        print(f"step {step:3d}  loss {losses[step]:.4f}")
    print(f"final loss {losses[-1]:.4f}, accuracy {accuracy(model, xs, ys):.0%}")
