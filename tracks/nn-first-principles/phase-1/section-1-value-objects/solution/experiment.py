"""Section 1: Value Objects — a number that remembers how it was computed.

Run it by hand with `python3 experiment.py`; check it with `trail check value-objects`.
"""
import math


class Value:
    """A scalar that records the operation and the operands that produced it."""

    def __init__(self, data, _children=(), _op=''):
        self.data = float(data)
        self.grad = 0.0                # d(output)/d(self); stays 0 until Section 3
        self._prev = tuple(_children)  # the Values this one was computed from
        self._op = _op                 # the operation that produced it ('' for a leaf)

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # --- the primitive operations: each builds a new Value and remembers its operands --------

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)  # 2 -> Value(2.0)
        return Value(self.data + other.data, (self, other), '+')      # local derivatives: 1, 1

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), '*')      # local derivatives: b, a

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only int or float powers"
        return Value(self.data ** k, (self,), f'**{k}')                # k * a**(k-1)

    def exp(self):
        return Value(math.exp(self.data), (self,), 'exp')              # e**a itself

    def log(self):
        return Value(math.log(self.data), (self,), 'log')              # 1/a

    def tanh(self):
        return Value(math.tanh(self.data), (self,), 'tanh')            # 1 - tanh(a)**2

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, (self,), 'relu')  # 1 if a > 0 else 0

    # --- everything else is built from the primitives, so Section 3 gets its gradient free --

    def __neg__(self):             # -a
        return self * -1

    def __sub__(self, other):      # a - b
        return self + (-other)

    def __truediv__(self, other):  # a / b
        return self * other ** -1

    def __radd__(self, other):     # 2 + a: int.__add__ gave up, so Python asks a
        return self + other

    def __rmul__(self, other):     # 2 * a
        return self * other

    def __rsub__(self, other):     # 2 - a (not a - 2)
        return other + (-self)

    def __rtruediv__(self, other):  # 2 / a (not a / 2)
        return other * self ** -1


def numerical_derivative(f, x, h=1e-6):
    """Central-difference estimate of f'(x) for a plain float function f; error O(h**2)."""
    return (f(x + h) - f(x - h)) / (2 * h)


if __name__ == "__main__":
    # The worked example of the overview: f = 1 / (a*b + c).
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    e = a * b
    d = e + c
    f = 1 / d
    for name, v in [("e = a*b", e), ("d = e + c", d), ("f = 1/d", f)]:
        print(f"{name:10} data={v.data:8.4f}  op={v._op!r:7} operands={[p.data for p in v._prev]}")

    # df/da by central differences, against the exact -b / (a*b + c)**2 = 0.1875.
    g = lambda x: 1 / (x * -3.0 + 10.0)
    for h in (1e-1, 1e-2, 1e-3):
        estimate = numerical_derivative(g, 2.0, h)
        print(f"h={h:g}: df/da ~ {estimate:.8f}  error {abs(estimate - 0.1875):.2e}")
