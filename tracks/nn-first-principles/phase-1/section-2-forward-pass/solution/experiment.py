"""Section 2: Forward Pass — the graph a computation leaves behind, and an order to walk it.

Run it by hand with `python3 experiment.py`; check it with `trail check forward-pass`.
"""
from engine import Value


def trace(root):
    """Every Value reachable from root, and every (child, parent) link between them."""
    nodes, edges = set(), set()
    stack = [root]
    while stack:
        v = stack.pop()
        if v in nodes:          # a shared subexpression is one node, visited once
            continue
        nodes.add(v)
        for child in v._prev:
            edges.add((child, v))
            stack.append(child)
    return nodes, edges


def topological_order(root):
    """Every Value reachable from root exactly once, each after all of its children; root last."""
    order, seen = [], set()
    # Depth-first, with an explicit stack instead of recursion so that a chain thousands of
    # operations deep does not hit Python's recursion limit. (v, True) means "v's children
    # are done: place v now".
    stack = [(root, False)]
    while stack:
        v, children_done = stack.pop()
        if children_done:
            order.append(v)
            continue
        if v in seen:
            continue
        seen.add(v)
        stack.append((v, True))
        for child in reversed(list(v._prev)):  # reversed: the first child is visited first
            if child not in seen:
                stack.append((child, False))
    return order


def build_neuron_expression(x1, x2, w1, w2, b):
    """The output of a two-input tanh neuron: tanh(x1*w1 + x2*w2 + b)."""
    return (x1 * w1 + x2 * w2 + b).tanh()


if __name__ == "__main__":
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = build_neuron_expression(x1, x2, w1, w2, b)
    nodes, edges = trace(o)
    print(f"o = {o.data:.4f}: {len(nodes)} Values, {len(edges)} edges")
    for v in topological_order(o):
        print(f"  {v._op or 'leaf':5} data={v.data:8.4f}")
