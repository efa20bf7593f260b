"""Phase 2, Section 2: layers and multi-layer perceptrons, and counting their parameters.

neuron.py gives Module (parameters() and zero_grad()) and the reference Neuron of Section 1.
Here you put neurons side by side (a Layer) and layers one after another (an MLP).

Run it:    python3 experiment.py
Check it:  trail check weights-biases
Stuck?     trail hint weights-biases
"""
import random

from engine import Value
from neuron import Module, Neuron


class Layer(Module):
    """nout neurons that all read the same inputs."""

    def __init__(self, nin, nout, activation='tanh'):
        self.neurons = [Neuron(nin, activation) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    """Layers in a row: `activation` in the hidden layers, a linear last layer."""

    def __init__(self, nin, nouts, activation='tanh'):
        sizes = [nin] + list(nouts)
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activation if i < len(nouts) - 1 else 'linear')
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


def count_parameters(nin, nouts):
    """The number of parameters of MLP(nin, nouts), from the formula, without building it."""
    sizes = [nin] + list(nouts)
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(sizes, sizes[1:]))


def symmetric_start(x):
    """An MLP(2, [2, 1]) whose weights all start at 0.5: its two hidden neurons stay twins."""
    model = MLP(2, [2, 1])
    for layer in model.layers:
        for n in layer.neurons:
            for wi in n.w:
                wi.data = 0.5
            n.b.data = 0.0
    out = model(x)
    out.backward()
    for j, n in enumerate(model.layers[0].neurons):
        print(f"  hidden neuron {j}: d out/d w = [{n.w[0].grad:.4f}, {n.w[1].grad:.4f}]")


if __name__ == '__main__':
    random.seed(0)
    model = MLP(3, [4, 4, 1])
    print("MLP(3, [4, 4, 1]):", len(model.parameters()), "parameters; formula:",
          count_parameters(3, [4, 4, 1]))
    print("MLP(784, [128, 10]) would have", count_parameters(784, [128, 10]), "parameters")
    print("output on (1, 2, 3):", model([1.0, 2.0, 3.0]))
    print("equal starting weights, input (1, -2):")
    symmetric_start([1.0, -2.0])
