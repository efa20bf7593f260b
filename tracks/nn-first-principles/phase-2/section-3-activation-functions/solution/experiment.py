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
    x = v.data
    if x >= 0:
        s = 1.0 / (1.0 + math.exp(-x))
    else:
        e = math.exp(x)  # e^x <= 1 here, so no overflow
        s = e / (1.0 + e)
    out = Value(s, (v,), 'sigmoid')

    def _backward():
        # dσ/dx = σ(1 - σ): the output alone gives the slope.
        v.grad += s * (1.0 - s) * out.grad
    out._backward = _backward
    return out


def tanh_via_exp(v):
    """tanh(v) from exp and arithmetic on Values only: the engine differentiates it for you."""
    e2x = (2 * v).exp()
    return (e2x - 1) / (e2x + 1)


def linear_equivalent(mlp):
    """(W, b) such that mlp(x) == W·x + b for every x, for an MLP whose layers are all linear.

    W is a list of rows (one per output, each with one float per input), b a list of floats.
    """
    nin = len(mlp.layers[0].neurons[0].w)
    W = [[1.0 if i == j else 0.0 for j in range(nin)] for i in range(nin)]  # the identity map
    b = [0.0] * nin
    for layer in mlp.layers:
        A = [[wi.data for wi in n.w] for n in layer.neurons]
        c = [n.b.data for n in layer.neurons]
        W = [[sum(row[k] * W[k][j] for k in range(len(W))) for j in range(nin)] for row in A]
        b = [sum(row[k] * b[k] for k in range(len(b))) + ci for row, ci in zip(A, c)]
    return W, b


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
