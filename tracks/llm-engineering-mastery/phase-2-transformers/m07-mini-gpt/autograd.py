"""The autograd engine of M4, extended with the operations a GPT needs.

Same design as M4 (and PyTorch): an operation's output gets a grad_fn Node whose
next_functions lead to its inputs' Nodes; backward() walks them in topological order and
only AccumulateGrad nodes write .grad, on leaves that require grad. New here: batched
matmul, reshape, transpose, embedding, softmax, masked_fill, layer_norm, gelu,
cross_entropy, sums and means over an axis, no_grad(), and an Adam optimizer.
You do not need to change this file; M7 uses it as you would use torch.
"""
import contextlib

import numpy as np

_grad_enabled = True


@contextlib.contextmanager
def no_grad():
    """Inside `with no_grad():` operations record no graph (for evaluation and sampling)."""
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


class Node:
    """One step of the backward pass: the backward of one operation."""

    def __init__(self, name, next_functions, backward):
        self.name = name
        self.next_functions = next_functions
        self.backward = backward


class AccumulateGrad(Node):
    """The Node of a leaf that requires grad: adds the incoming gradient to leaf.grad."""

    def __init__(self, variable):
        super().__init__("AccumulateGrad", (), None)
        self.variable = variable

    def accumulate(self, grad):
        v = self.variable
        v.grad = grad.copy() if v.grad is None else v.grad + grad


def unbroadcast(grad, shape):
    """Sum grad down to shape, undoing numpy broadcasting."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Tensor:
    """A numpy array that remembers how it was made, so gradients can flow back through it."""

    def __init__(self, data, requires_grad=False, name=None):
        self.data = np.array(data, dtype=float)
        self.requires_grad = requires_grad
        self.grad = None
        self.grad_fn = None
        self.name = name
        self._accumulator = None

    @property
    def shape(self):
        return self.data.shape

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def __repr__(self):
        made_by = f", grad_fn={self.grad_fn.name}" if self.grad_fn else ""
        return f"Tensor(shape={self.shape}{made_by})"

    def _edge(self):
        if self.grad_fn is not None:
            return self.grad_fn
        if self.requires_grad:
            if self._accumulator is None:
                self._accumulator = AccumulateGrad(self)
            return self._accumulator
        return None

    @staticmethod
    def _make(data, inputs, name, backward):
        out = Tensor(data)
        if _grad_enabled and any(t.requires_grad for t in inputs):
            out.requires_grad = True
            out.grad_fn = Node(name, tuple(t._edge() for t in inputs), backward)
        return out

    # --- elementwise, with broadcasting -------------------------------------------------------

    def __add__(self, other):
        a, b = self, as_tensor(other)
        return Tensor._make(a.data + b.data, (a, b), "AddBackward",
                            lambda g: (unbroadcast(g, a.shape), unbroadcast(g, b.shape)))

    __radd__ = __add__

    def __sub__(self, other):
        a, b = self, as_tensor(other)
        return Tensor._make(a.data - b.data, (a, b), "SubBackward",
                            lambda g: (unbroadcast(g, a.shape), unbroadcast(-g, b.shape)))

    def __rsub__(self, other):
        return as_tensor(other) - self

    def __mul__(self, other):
        a, b = self, as_tensor(other)
        return Tensor._make(a.data * b.data, (a, b), "MulBackward",
                            lambda g: (unbroadcast(g * b.data, a.shape), unbroadcast(g * a.data, b.shape)))

    __rmul__ = __mul__

    def __truediv__(self, number):
        return self * (1.0 / number)

    def __neg__(self):
        return self * -1.0

    def __pow__(self, k):
        a = self
        return Tensor._make(a.data ** k, (a,), "PowBackward", lambda g: (g * k * a.data ** (k - 1),))

    def relu(self):
        a = self
        return Tensor._make(np.maximum(a.data, 0.0), (a,), "ReluBackward", lambda g: (g * (a.data > 0),))

    def gelu(self):
        """GELU, tanh approximation (GPT-2)."""
        a = self
        c = np.sqrt(2.0 / np.pi)
        x2 = a.data * a.data                  # x * x * x: numpy's x ** 3 is far slower
        inner = c * a.data * (1.0 + 0.044715 * x2)
        t = np.tanh(inner)

        def backward(g):
            dinner = c * (1.0 + 3 * 0.044715 * x2)
            return (g * (0.5 * (1.0 + t) + 0.5 * a.data * (1.0 - t ** 2) * dinner),)
        return Tensor._make(0.5 * a.data * (1.0 + t), (a,), "GeluBackward", backward)

    # --- matrices and shapes ----------------------------------------------------------------------

    def __matmul__(self, other):
        """np.matmul semantics: (..., n, k) @ (..., k, m), leading axes broadcast."""
        a, b = self, as_tensor(other)

        def backward(g):
            ga = g @ np.swapaxes(b.data, -1, -2)
            gb = np.swapaxes(a.data, -1, -2) @ g
            return unbroadcast(ga, a.shape), unbroadcast(gb, b.shape)
        return Tensor._make(a.data @ b.data, (a, b), "MatmulBackward", backward)

    def reshape(self, *shape):
        a = self
        return Tensor._make(a.data.reshape(*shape), (a,), "ViewBackward", lambda g: (g.reshape(a.shape),))

    def transpose(self, *axes):
        """Permute the axes, like np.transpose(x, axes)."""
        a = self
        inverse = np.argsort(axes)
        return Tensor._make(a.data.transpose(*axes), (a,), "PermuteBackward",
                            lambda g: (g.transpose(*inverse),))

    # --- reductions -----------------------------------------------------------------------------

    def sum(self, axis=None, keepdims=False):
        a = self

        def backward(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, a.shape).copy(),)
        return Tensor._make(a.data.sum(axis=axis, keepdims=keepdims), (a,), "SumBackward", backward)

    def mean(self, axis=None, keepdims=False):
        n = self.data.size if axis is None else self.data.shape[axis]
        return self.sum(axis=axis, keepdims=keepdims) * (1.0 / n)

    # --- the pieces of a transformer ----------------------------------------------------------

    def softmax(self, axis=-1):
        a = self
        e = np.exp(a.data - a.data.max(axis=axis, keepdims=True))
        p = e / e.sum(axis=axis, keepdims=True)

        def backward(g):
            return (p * (g - (g * p).sum(axis=axis, keepdims=True)),)
        return Tensor._make(p, (a,), "SoftmaxBackward", backward)

    def masked_fill(self, mask, value):
        """A copy with `value` where the boolean array `mask` is True (no gradient there)."""
        a = self
        return Tensor._make(np.where(mask, value, a.data), (a,), "MaskedFillBackward",
                            lambda g: (np.where(mask, 0.0, g),))

    def layer_norm(self, gamma, beta, eps=1e-5):
        """(x - mean) / sqrt(var + eps) * gamma + beta over the last axis."""
        x = self
        mu = x.data.mean(axis=-1, keepdims=True)
        rstd = 1.0 / np.sqrt(x.data.var(axis=-1, keepdims=True) + eps)
        xhat = (x.data - mu) * rstd

        def backward(g):
            dxhat = g * gamma.data
            dx = rstd * (dxhat - dxhat.mean(axis=-1, keepdims=True)
                         - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True))
            return dx, unbroadcast(g * xhat, gamma.shape), unbroadcast(g, beta.shape)
        return Tensor._make(xhat * gamma.data + beta.data, (x, gamma, beta), "LayerNormBackward", backward)

    # --- the backward pass ------------------------------------------------------------------------

    def backward(self):
        """Gradients of this scalar for every leaf that requires grad, added into leaf.grad."""
        if self.data.size != 1:
            raise ValueError("backward() needs a scalar")
        if self.grad_fn is None:
            return
        grads = {self.grad_fn: np.ones_like(self.data)}
        for node in backward_order(self):
            grad = grads.pop(node)
            if isinstance(node, AccumulateGrad):
                node.accumulate(grad)
                continue
            for next_node, g in zip(node.next_functions, node.backward(grad)):
                if next_node is not None:
                    grads[next_node] = grads[next_node] + g if next_node in grads else g


def as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def backward_order(root):
    """The Nodes reachable from root.grad_fn, each after every Node that sends it a gradient."""
    order, seen = [], set()
    stack = [(root.grad_fn, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for child in node.next_functions:
            if child is not None and child not in seen:
                stack.append((child, False))
    return order[::-1]


def embedding(weight, idx):
    """Rows of weight (V, d) picked by the integer array idx (any shape): (*idx.shape, d)."""
    idx = np.asarray(idx)

    def backward(g):
        grad = np.zeros_like(weight.data)
        np.add.at(grad, idx, g)          # a row used several times collects every gradient
        return (grad,)
    return Tensor._make(weight.data[idx], (weight,), "EmbeddingBackward", backward)


def cross_entropy(logits, targets):
    """Mean of -log softmax(logits)[target] over the rows; logits (N, V), targets (N,) ints."""
    targets = np.asarray(targets)
    z = logits.data - logits.data.max(axis=-1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    n = len(targets)

    def backward(g):
        d = np.exp(log_probs)
        d[np.arange(n), targets] -= 1.0
        return (d * g / n,)
    return Tensor._make(-log_probs[np.arange(n), targets].mean(), (logits,), "CrossEntropyBackward", backward)


class Adam:
    """Adam over a list of Tensors (M3's update rule); zero_grad() sets every .grad to None."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = list(params)
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.t = 0

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        self.t += 1
        for p, m, v in zip(self.params, self.m, self.v):
            if p.grad is None:
                continue
            m *= self.beta1
            m += (1 - self.beta1) * p.grad
            v *= self.beta2
            v += (1 - self.beta2) * p.grad ** 2
            m_hat = m / (1 - self.beta1 ** self.t)
            v_hat = v / (1 - self.beta2 ** self.t)
            p.data -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
