"""Section 1: Value Objects — a number that remembers how it was computed.

Fill in every TODO. Run it by hand with `python3 experiment.py`; check it with
`trail check value-objects`; stuck? `trail hint value-objects`.
"""
import math


class Value:
    """A scalar that records the operation and the operands that produced it."""

    def __init__(self, data, _children=(), _op=''):
        # TODO: store four attributes:
        #   self.data  - the number, always as a float (Value(3).data == 3.0)
        #   self.grad  - 0.0 (Section 3 fills it in)
        #   self._prev - the operand Values this one was computed from (empty for a leaf)
        #   self._op   - a short label of the operation, '' for a leaf
        raise NotImplementedError("Value.__init__: store data, grad, _prev and _op")

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # --- the primitive operations: each builds a new Value and remembers its operands --------

    def __add__(self, other):
        # Done for you, as the model for the others.
        other = other if isinstance(other, Value) else Value(other)  # 2 -> Value(2.0)
        return Value(self.data + other.data, (self, other), '+')

    def __mul__(self, other):
        # TODO: like __add__, for the product.
        raise NotImplementedError("Value.__mul__")

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only int or float powers"
        # TODO: a new Value for self.data ** k; its only operand is self (k is a plain number).
        raise NotImplementedError("Value.__pow__")

    def exp(self):
        # TODO: e ** self.data (math.exp), operand self.
        raise NotImplementedError("Value.exp")

    def log(self):
        # TODO: the natural logarithm (math.log), operand self.
        raise NotImplementedError("Value.log")

    def tanh(self):
        # TODO: math.tanh, operand self.
        raise NotImplementedError("Value.tanh")

    def relu(self):
        # TODO: self.data if it is positive, else 0.0; operand self.
        raise NotImplementedError("Value.relu")

    # --- derived operations: build each one from the primitives above -----------------------
    # No new Value(...) calls here: combine +, * and ** so Section 3 gets the gradient free.

    def __neg__(self):             # -a
        # TODO
        raise NotImplementedError("Value.__neg__")

    def __sub__(self, other):      # a - b
        # TODO
        raise NotImplementedError("Value.__sub__")

    def __truediv__(self, other):  # a / b
        # TODO
        raise NotImplementedError("Value.__truediv__")

    def __radd__(self, other):     # 2 + a: Python calls a.__radd__(2)
        # TODO
        raise NotImplementedError("Value.__radd__")

    def __rmul__(self, other):     # 2 * a
        # TODO
        raise NotImplementedError("Value.__rmul__")

    def __rsub__(self, other):     # 2 - a: careful with the order
        # TODO
        raise NotImplementedError("Value.__rsub__")

    def __rtruediv__(self, other):  # 2 / a: careful with the order
        # TODO
        raise NotImplementedError("Value.__rtruediv__")


def numerical_derivative(f, x, h=1e-6):
    """Central-difference estimate of f'(x) for a plain float function f."""
    # TODO: (f(x + h) - f(x - h)) / (2h)
    raise NotImplementedError("numerical_derivative")


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
