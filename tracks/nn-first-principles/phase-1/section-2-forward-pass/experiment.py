"""Section 2: Forward Pass — the graph a computation leaves behind, and an order to walk it.

Fill in every TODO. Run it by hand with `python3 experiment.py`; check it with
`trail check forward-pass`; stuck? `trail hint forward-pass`.

engine.py in this folder holds the reference Value; the tests only use its data and _prev and
the operators, so your own Section 1 Value works too.
"""
from engine import Value


def trace(root):
    """Every Value reachable from root, and every (child, parent) link between them.

    Returns (nodes, edges): nodes is a set of Values, edges a set of (child, parent) pairs.
    """
    # TODO: walk from root through _prev. Visit each Value once (a shared subexpression is one
    # node), and record an edge (child, v) for every child of every Value v you visit.
    raise NotImplementedError("trace: collect the reachable Values and the (child, parent) edges")


def topological_order(root):
    """Every Value reachable from root exactly once, each after all of its children; root last."""
    # TODO: a depth-first walk that places a Value only once all of its children are placed.
    # It must also work on a chain 2,000 operations deep.
    raise NotImplementedError("topological_order: children before parents, root last")


def build_neuron_expression(x1, x2, w1, w2, b):
    """The output of a two-input tanh neuron: tanh(x1*w1 + x2*w2 + b), built from the Values."""
    # TODO: one line of Value arithmetic.
    raise NotImplementedError("build_neuron_expression")


if __name__ == "__main__":
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = build_neuron_expression(x1, x2, w1, w2, b)
    nodes, edges = trace(o)
    print(f"o = {o.data:.4f}: {len(nodes)} Values, {len(edges)} edges")
    for v in topological_order(o):
        print(f"  {v._op or 'leaf':5} data={v.data:8.4f}")
