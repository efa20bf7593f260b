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
        # TODO: self.neurons = nout Neurons, each with nin inputs and this activation.
        raise NotImplementedError("Layer.__init__: create self.neurons")

    def __call__(self, x):
        # TODO: every neuron reads the same x. Return the list of their outputs,
        #       or the output itself (one Value, not a list) when there is only one neuron.
        raise NotImplementedError("Layer.__call__: return one output per neuron")

    def parameters(self):
        # TODO: the parameters of the first neuron, then those of the second, and so on.
        raise NotImplementedError("Layer.parameters: collect the neurons' parameters in order")


class MLP(Module):
    """Layers in a row: `activation` in the hidden layers, a linear last layer."""

    def __init__(self, nin, nouts, activation='tanh'):
        # TODO: nouts lists the layer widths, e.g. MLP(3, [4, 4, 1]) has layers 3->4, 4->4, 4->1.
        #       self.layers = one Layer per entry; every layer but the last uses `activation`,
        #       the last uses 'linear'.
        raise NotImplementedError("MLP.__init__: create self.layers")

    def __call__(self, x):
        # TODO: feed x through the layers, each layer's output being the next layer's input.
        raise NotImplementedError("MLP.__call__: run the layers one after another")

    def parameters(self):
        # TODO: the parameters of the first layer, then the second, and so on.
        raise NotImplementedError("MLP.parameters: collect the layers' parameters in order")


def count_parameters(nin, nouts):
    """The number of parameters of MLP(nin, nouts), from the formula, without building it."""
    # TODO: a layer with fan_in inputs and fan_out neurons has (fan_in + 1) * fan_out
    #       parameters (a weight per input, plus a bias, for each neuron). Add up the layers.
    raise NotImplementedError("count_parameters: add up (fan_in + 1) * fan_out over the layers")


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
