"""Phase 2, Section 3: activation functions.

sigmoid: a new operation for the engine, with its own local derivative.
tanh_via_exp: tanh built only from exp and arithmetic, so its gradient comes for free.
linear_equivalent: proof by construction that stacked linear layers are one linear layer.

Run it:    python3 experiment.py
Check it:  trail check activation-functions
Stuck?     trail hint activation-functions
"""
import math
import random

from engine import Value
from nn import MLP, Neuron


def sigmoid(v):
    """σ(v) = 1 / (1 + e^(-v)) as ONE new Value whose only child is v."""
    # TODO: s = σ(v.data) as a float. math.exp overflows (OverflowError) above about 709:
    #       for v.data >= 0 use 1 / (1 + e^(-x)); for v.data < 0 use e^x / (1 + e^x).
    # TODO: out = Value(s, (v,), 'sigmoid'), and give it a _backward that adds
    #       (the local derivative, written with s) * out.grad to v.grad.
    raise NotImplementedError("sigmoid: build one Value with its own _backward")


def tanh_via_exp(v):
    """tanh(v) from exp and arithmetic on Values only: the engine differentiates it for you."""
    # TODO: tanh(x) = (e^(2x) - 1) / (e^(2x) + 1). Use v's own Value operations (exp, +, -, /),
    #       never v.tanh() or math.tanh.
    raise NotImplementedError("tanh_via_exp: write tanh with exp and arithmetic on Values")


def linear_equivalent(mlp):
    """(W, b) such that mlp(x) == W·x + b for every x, for an MLP whose layers are all linear.

    W is a list of rows (one per output, each with one float per input), b a list of floats.
    """
    # TODO: each layer computes h -> A·h + c, with A's rows the neurons' weights (.w) and c their
    #       biases (.b). Fold the layers in one by one: after a layer, W becomes A·W and b becomes
    #       A·b + c. Read the numbers with .data. (Or: probe the network - see the overview.)
    raise NotImplementedError("linear_equivalent: fold the layers into one (W, b)")


def sigmoid_table():
    print("   x    sigmoid   slope")
    for x in (-10.0, -2.0, 0.0, 2.0, 10.0):
        v = Value(x)
        s = sigmoid(v)
        s.backward()
        print(f"{x:5.0f}   {s.data:.5f}   {v.grad:.6f}")


def collapse_demo():
    random.seed(0)
    deep = MLP(2, [3, 3, 1], activation='linear')
    W, b = linear_equivalent(deep)
    x = [0.5, -1.5]
    direct = deep(x).data
    folded = sum(wi * xi for wi, xi in zip(W[0], x)) + b[0]
    print(f"three linear layers: {direct:.6f}; one layer W·x + b: {folded:.6f}")


if __name__ == '__main__':
    sigmoid_table()
    print(f"tanh_via_exp(1) = {tanh_via_exp(Value(1.0)).data:.4f}, math.tanh(1) = {math.tanh(1.0):.4f}")
    collapse_demo()
    dead = Neuron(3, 'relu')
    dead.b.data = -100.0
    dead([1.0, 2.0, 3.0]).backward()
    print("a relu neuron with bias -100: weight gradients", [wi.grad for wi in dead.w])
