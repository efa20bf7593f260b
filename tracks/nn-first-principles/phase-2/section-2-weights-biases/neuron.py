"""A neuron built from Values, and the Module base class every layer shares."""
import random

from engine import Value


class Module:
    """Anything with parameters: it can list them and zero their gradients."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """w · x + b, then an activation: 'tanh', 'relu' or 'linear' (none)."""

    def __init__(self, nin, activation='tanh'):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.activation = activation

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == 'tanh':
            return act.tanh()
        if self.activation == 'relu':
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]
