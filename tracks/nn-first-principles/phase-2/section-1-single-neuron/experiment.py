"""Phase 2, Section 1: a single neuron built from Value objects.

A neuron computes activation(w1*x1 + ... + wn*xn + b). Every step is a Value operation, so
calling backward() on its output fills in the gradient of every weight, the bias and the inputs.

Run it:    python3 experiment.py
Check it:  trail check single-neuron
Stuck?     trail hint single-neuron
"""
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
        # TODO: self.w = nin weights, each a Value drawn from random.uniform(-1, 1);
        #       self.b = the bias, a Value (start it at 0);
        #       self.activation = the activation's name.
        raise NotImplementedError("Neuron.__init__: create self.w, self.b and self.activation")

    def __call__(self, x):
        # TODO: z = w1*x1 + ... + wn*xn + b, built from Value operations (never from .data),
        #       so the graph records every step. x holds numbers or Values.
        #       Then apply the activation: z.tanh(), z.relu(), or z itself for 'linear'.
        raise NotImplementedError("Neuron.__call__: compute activation(w · x + b) as a Value")

    def parameters(self):
        # TODO: a new list holding the weights, then the bias.
        raise NotImplementedError("Neuron.parameters: return the weights, then the bias")


def worked_example():
    """The neuron of the worked example: x = (1, -2), w = (0.5, 0.25), b = 0.5."""
    n = Neuron(2, 'tanh')
    n.w[0].data, n.w[1].data, n.b.data = 0.5, 0.25, 0.5
    x = [Value(1.0), Value(-2.0)]
    out = n(x)
    out.backward()
    print(f"out = tanh(0.5) = {out.data:.4f}")
    print(f"d out/d w = [{n.w[0].grad:.4f}, {n.w[1].grad:.4f}]   d out/d b = {n.b.grad:.4f}")
    print(f"d out/d x = [{x[0].grad:.4f}, {x[1].grad:.4f}]")


def logic_gates():
    """One neuron, weights (1, 1), two biases: the sign of the output is AND or OR."""
    for name, bias in (("AND", -1.5), ("OR", -0.5)):
        n = Neuron(2, 'tanh')
        n.w[0].data, n.w[1].data, n.b.data = 1.0, 1.0, bias
        rows = [f"{a}{b}->{int(n([a, b]).data > 0)}" for a in (0, 1) for b in (0, 1)]
        print(f"{name} (b = {bias}): " + "  ".join(rows))


if __name__ == '__main__':
    random.seed(0)
    worked_example()
    logic_gates()
    n = Neuron(3, 'relu')
    print("a random relu neuron:", [round(p.data, 3) for p in n.parameters()])
