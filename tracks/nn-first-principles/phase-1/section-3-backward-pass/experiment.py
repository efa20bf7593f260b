"""Section 3: Backward Pass — gradients flow from the output back to every Value.

The forward parts are done (they are Section 1's). Fill in every TODO: the _backward of each
primitive and backward(). Run it by hand with `python3 experiment.py`; check it with
`trail check backward-pass`; stuck? `trail hint backward-pass`.
"""
import math


class Value:
    """A number that records how it was computed, so gradients can flow back through it."""

    def __init__(self, data, _children=(), _op=''):
        self.data = float(data)
        self.grad = 0.0              # d(output)/d(self), filled in by backward()
        self._backward = lambda: None  # passes self.grad on to the children (chain rule)
        self._prev = tuple(_children)  # the Values this one was computed from
        self._op = _op               # the operation that produced it, for drawing

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # --- the primitive operations: each knows its local derivative -------------------------

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            # TODO: d(a+b)/da = 1 and d(a+b)/db = 1. Add (local derivative * out.grad) to the
            # grad of each operand.
            raise NotImplementedError("_backward of +")
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            # TODO: d(a*b)/da = b and d(a*b)/db = a.
            raise NotImplementedError("_backward of *")
        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only int or float powers"
        out = Value(self.data ** k, (self,), f'**{k}')

        def _backward():
            # TODO: power rule, d(a^k)/da = k * a^(k-1).
            raise NotImplementedError("_backward of **")
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), 'exp')

        def _backward():
            # TODO: d(e^a)/da = e^a.
            raise NotImplementedError("_backward of exp")
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), 'log')

        def _backward():
            # TODO: d(ln a)/da = 1/a.
            raise NotImplementedError("_backward of log")
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), 'tanh')

        def _backward():
            # TODO: d(tanh a)/da = 1 - tanh(a)^2.
            raise NotImplementedError("_backward of tanh")
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), 'relu')

        def _backward():
            # TODO: slope 1 where the input was positive, 0 elsewhere (take 0 at exactly 0).
            raise NotImplementedError("_backward of relu")
        out._backward = _backward
        return out

    # --- everything else is built from the primitives, so it needs no backward of its own ---

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other + (-self)

    def __rtruediv__(self, other):
        return other * self ** -1

    # --- backpropagation over the whole graph ----------------------------------------------

    def backward(self):
        """Fills in .grad of every Value this one depends on: d(self)/d(that Value)."""
        # TODO:
        #   1. list every Value reachable from self in topological order (Section 2); it must
        #      work for a graph 2,000 operations deep;
        #   2. seed self.grad = 1.0, since d(self)/d(self) = 1;
        #   3. call v._backward() for each Value v in the reverse of that order.
        raise NotImplementedError("backward: topological order, seed 1, _backward in reverse")

if __name__ == "__main__":
    # The worked example of the overview: the neuron of Section 2, by backpropagation.
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    for name, v in [("o", o), ("n", n), ("b", b), ("x1", x1), ("w1", w1), ("x2", x2), ("w2", w2)]:
        print(f"{name:2}  data={v.data:8.4f}  grad={v.grad:8.4f}")

    # The same gradient for w1 by central differences, as a check.
    h = 1e-6
    f = lambda w: math.tanh(2.0 * w + 0.0 * 1.0 + 6.8813735870195432)
    print(f"central difference for w1: {(f(-3.0 + h) - f(-3.0 - h)) / (2 * h):.6f}")
