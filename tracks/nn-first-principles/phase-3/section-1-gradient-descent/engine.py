"""A scalar-valued autograd engine, micrograd-style: every Value remembers the Values it was
computed from and how to pass a gradient back to them."""
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
            # d(a+b)/da = 1 and d(a+b)/db = 1: the gradient passes through unchanged.
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            # d(a*b)/da = b and d(a*b)/db = a: each side gets the other's value.
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only int or float powers"
        out = Value(self.data ** k, (self,), f'**{k}')

        def _backward():
            # Power rule: d(a^k)/da = k * a^(k-1).
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), 'exp')

        def _backward():
            # d(e^a)/da = e^a, which is out.data: no need to compute it again.
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), 'log')

        def _backward():
            # d(ln a)/da = 1/a.
            self.grad += (1.0 / self.data) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), 'tanh')

        def _backward():
            # d(tanh a)/da = 1 - tanh(a)^2.
            self.grad += (1.0 - t * t) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), 'relu')

        def _backward():
            # Slope 1 where the input was positive, 0 elsewhere (we pick 0 at exactly 0).
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
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
        order = []
        seen = set()
        # Depth-first search with an explicit stack, so deep graphs do not hit Python's
        # recursion limit. A node is appended only after all of its children.
        stack = [(self, False)]
        while stack:
            v, children_done = stack.pop()
            if children_done:
                order.append(v)
                continue
            if id(v) in seen:
                continue
            seen.add(id(v))
            stack.append((v, True))
            for child in v._prev:
                if id(child) not in seen:
                    stack.append((child, False))
        self.grad = 1.0  # d(self)/d(self)
        for v in reversed(order):
            v._backward()
