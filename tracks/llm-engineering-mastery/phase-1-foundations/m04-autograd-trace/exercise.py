"""M4: a tensor autograd engine built the way PyTorch builds its own, and a trace of its graph.

Fill in every TODO: unbroadcast(), the backward of six operations, Tensor.backward(),
backward_order() and trace().
Run it with `python3 exercise.py`; check it with `trail check m4`; stuck? `trail hint m4`.

As in PyTorch:
- a Tensor made by an operation has a grad_fn: the Node that will run that operation's
  backward. Tensors you create yourself are leaves (grad_fn is None).
- a Node's next_functions lists, for each input of the operation, the Node that continues
  the backward pass: the input's own grad_fn, an AccumulateGrad node for a leaf that
  requires grad, or None for an input that needs no gradient (data, targets).
- backward() walks the Nodes, not the Tensors, and only AccumulateGrad nodes write a .grad:
  leaves get gradients (added up over backward calls), intermediate tensors do not, unless
  you call retain_grad() on them.
"""
import json
import os

import numpy as np


class Node:
    """One step of the backward pass: the backward of one operation."""

    def __init__(self, name, next_functions, backward):
        self.name = name                      # e.g. "MmBackward0", as PyTorch names them
        self.next_functions = next_functions  # one entry per input: a Node or None
        self.backward = backward              # grad of the output -> tuple of grads of the inputs
        self.retained = None                  # the output Tensor, if retain_grad() was called


class AccumulateGrad(Node):
    """The Node of a leaf that requires grad: adds the incoming gradient to leaf.grad."""

    def __init__(self, variable):
        super().__init__("AccumulateGrad", (), None)
        self.variable = variable

    def accumulate(self, grad):
        v = self.variable
        v.grad = grad.copy() if v.grad is None else v.grad + grad


def unbroadcast(grad, shape):
    """Sum grad down to shape, undoing numpy broadcasting: the gradient of a broadcast input
    is the sum of the gradients of all the places it was copied to."""
    # TODO: first sum away the leading axes grad has and shape lacks (sum over axis 0 while
    # grad.ndim > len(shape)); then, for every axis where shape has size 1 and grad does not,
    # sum over it with keepdims=True.
    raise NotImplementedError("unbroadcast")


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

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in .grad after backward() (as in PyTorch)."""
        if self.grad_fn is not None:
            self.grad_fn.retained = self

    def _edge(self):
        """The Node that continues the backward pass into this tensor, or None."""
        if self.grad_fn is not None:
            return self.grad_fn
        if self.requires_grad:
            if self._accumulator is None:     # one AccumulateGrad per leaf, reused
                self._accumulator = AccumulateGrad(self)
            return self._accumulator
        return None

    @staticmethod
    def _make(data, inputs, name, backward):
        """The output tensor of an operation; it gets a grad_fn if any input needs a gradient."""
        out = Tensor(data)
        if any(t.requires_grad for t in inputs):
            out.requires_grad = True
            out.grad_fn = Node(name, tuple(t._edge() for t in inputs), backward)
        return out

    # --- operations: forward with numpy, backward as a closure ------------------------------

    def __add__(self, other):
        other = as_tensor(other)
        a, b = self, other

        def backward(g):
            # TODO: the local derivative is 1 for both inputs; undo broadcasting (see __sub__).
            raise NotImplementedError("backward of +")
        return Tensor._make(a.data + b.data, (a, b), "AddBackward0", backward)

    def __sub__(self, other):
        other = as_tensor(other)
        a, b = self, other

        def backward(g):
            return unbroadcast(g, a.shape), unbroadcast(-g, b.shape)
        return Tensor._make(a.data - b.data, (a, b), "SubBackward0", backward)

    def __mul__(self, other):
        other = as_tensor(other)
        a, b = self, other

        def backward(g):
            # TODO: d(a*b)/da = b and d(a*b)/db = a, elementwise; then undo broadcasting.
            raise NotImplementedError("backward of *")
        return Tensor._make(a.data * b.data, (a, b), "MulBackward0", backward)

    def __matmul__(self, other):
        a, b = self, as_tensor(other)
        if a.data.ndim != 2 or b.data.ndim != 2:
            raise ValueError("this engine's @ takes two matrices")

        def backward(g):
            # TODO: out = a b with a (n, k), b (k, m), g (n, m). Which products of g, a, b have
            # the shapes (n, k) and (k, m)?
            raise NotImplementedError("backward of @")
        return Tensor._make(a.data @ b.data, (a, b), "MmBackward0", backward)

    def __pow__(self, k):
        a = self

        def backward(g):
            # TODO: power rule. Return a tuple with one gradient: (grad_a,)
            raise NotImplementedError("backward of **")
        return Tensor._make(a.data ** k, (a,), "PowBackward0", backward)

    def __neg__(self):
        a = self

        def backward(g):
            return (-g,)
        return Tensor._make(-a.data, (a,), "NegBackward0", backward)

    def relu(self):
        a = self

        def backward(g):
            # TODO: slope 1 where the input was > 0, else 0.
            raise NotImplementedError("backward of relu")
        return Tensor._make(np.maximum(a.data, 0.0), (a,), "ReluBackward0", backward)

    def sum(self):
        a = self

        def backward(g):
            return (np.ones_like(a.data) * g,)
        return Tensor._make(a.data.sum(), (a,), "SumBackward0", backward)

    def mean(self):
        a = self

        def backward(g):
            # TODO: like sum's, divided by the number of entries.
            raise NotImplementedError("backward of mean")
        return Tensor._make(a.data.mean(), (a,), "MeanBackward0", backward)

    # --- the backward pass ------------------------------------------------------------------

    def backward(self):
        """Gradients of this scalar for every leaf that requires grad, added into leaf.grad."""
        if self.data.size != 1:
            raise ValueError("backward() needs a scalar (call .sum() or .mean() first)")
        if self.grad_fn is None:
            if self.requires_grad:
                self._edge().accumulate(np.ones_like(self.data))
            return
        # TODO: keep a dict {Node: gradient of that Node's output}, seeded with
        # {self.grad_fn: np.ones_like(self.data)}. Visit the Nodes in backward_order(self); pop
        # each one's gradient. An AccumulateGrad node calls node.accumulate(grad); any other
        # node stores grad in node.retained.grad if retain_grad() was called, then calls
        # node.backward(grad) and adds each result to the dict entry of the matching
        # node.next_functions entry (skip None; add to what is already there).
        raise NotImplementedError("Tensor.backward")


def as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def backward_order(root):
    """The Nodes reachable from root.grad_fn, each after every Node that sends it a gradient."""
    # TODO: a depth-first search from root.grad_fn through next_functions (skip None) that
    # appends each Node after all the Nodes below it (post-order); return that list reversed.
    # Use an explicit stack or a recursive helper; visit each Node once.
    raise NotImplementedError("backward_order")


# --- tracing the graph ----------------------------------------------------------------------

def trace(root):
    """The backward graph of root as a dict:
    {"nodes": [{"id", "name", and for AccumulateGrad "variable" and "shape"}],
     "edges": [[from_id, to_id], ...]}: one edge from each Node to each non-None entry of its
    next_functions (the way gradients flow). Node 0 is root.grad_fn."""
    # TODO: walk the Nodes from root.grad_fn (breadth-first is simplest), giving each new Node
    # the next id (0, 1, 2, ...) and a dict {"id", "name"}; AccumulateGrad nodes also get
    # "variable" (node.variable.name) and "shape" (list(node.variable.shape)). Then one edge
    # [id of node, id of child] per non-None entry of each node's next_functions, duplicates kept.
    raise NotImplementedError("trace")


def write_trace(graph, path):
    """Write the trace as JSON at path, and the same graph as Graphviz DOT next to it (.dot)."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w") as f:
        json.dump(graph, f, indent=2)
    lines = ["digraph backward {", "  rankdir=TB; node [shape=box, fontname=monospace];"]
    for n in graph["nodes"]:
        label = n["name"] + (f"\\n{n['variable']} {tuple(n['shape'])}" if "variable" in n else "")
        lines.append(f'  n{n["id"]} [label="{label}"];')
    lines += [f"  n{a} -> n{b};" for a, b in graph["edges"]]
    lines.append("}")
    with open(os.path.splitext(path)[0] + ".dot", "w") as f:
        f.write("\n".join(lines) + "\n")


# --- the simple model -----------------------------------------------------------------------

def mlp_loss(x, y, W1, b1, W2, b2):
    """Mean squared error of a one-hidden-layer ReLU network: the model this milestone traces."""
    h = (x @ W1 + b1).relu()
    pred = h @ W2 + b2
    return ((pred - y) ** 2).mean()


def make_model(seed=0, n=4, d_in=3, d_hidden=5, d_out=2):
    """Data x, y (no gradient) and parameters W1, b1, W2, b2 (leaves that require grad)."""
    rng = np.random.default_rng(seed)
    x = Tensor(rng.normal(size=(n, d_in)), name="x")
    y = Tensor(rng.normal(size=(n, d_out)), name="y")
    W1 = Tensor(rng.normal(0, 1 / np.sqrt(d_in), (d_in, d_hidden)), requires_grad=True, name="W1")
    b1 = Tensor(np.full(d_hidden, 0.1), requires_grad=True, name="b1")
    W2 = Tensor(rng.normal(0, 1 / np.sqrt(d_hidden), (d_hidden, d_out)), requires_grad=True, name="W2")
    b2 = Tensor(np.zeros(d_out), requires_grad=True, name="b2")
    return x, y, W1, b1, W2, b2


if __name__ == "__main__":
    x, y, W1, b1, W2, b2 = make_model(seed=0)
    loss = mlp_loss(x, y, W1, b1, W2, b2)
    loss.backward()
    graph = trace(loss)
    write_trace(graph, "visualizations/autograd_graph.json")
    print(f"loss = {loss.data:.6f}; {len(graph['nodes'])} nodes, {len(graph['edges'])} edges")
    for n in graph["nodes"]:
        print(f"  {n['id']:2} {n['name']:15} {n.get('variable', '')}")
    print("backward order:", " -> ".join(node.name for node in backward_order(loss)))
    for p in (W1, b1, W2, b2):
        print(f"{p.name}.grad shape {p.grad.shape}, norm {np.linalg.norm(p.grad):.6f}")
    print("wrote visualizations/autograd_graph.json and visualizations/autograd_graph.dot")
