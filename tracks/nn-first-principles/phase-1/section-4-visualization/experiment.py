"""Section 4: Visualization — draw the computational graph, with every data and grad.

Fill in every TODO. Run it by hand with `python3 experiment.py`; check it with
`trail check visualization`; stuck? `trail hint visualization`.

engine.py in this folder holds the reference Value; the tests only use data, grad, _prev, _op,
the operators and backward(), so your own Section 3 Value works too.
"""
import os
import shutil
import subprocess

from engine import Value


def _trace(root):
    """Every Value reachable from root, and the distinct (child, parent) links (Section 2)."""
    nodes, edges, stack = set(), set(), [root]
    while stack:
        v = stack.pop()
        if v in nodes:
            continue
        nodes.add(v)
        for child in v._prev:
            edges.add((child, v))
            stack.append(child)
    return nodes, edges


def to_dot(root):
    """The graph of root in Graphviz DOT: a record per Value, an oval per operation.

    One statement per line:
      "<value id>" [shape=record, label="{ data 2.0000 | grad -1.5000 }"];   for every Value
      "<op id>" [label="*"];                    for every Value with an _op
      "<op id>" -> "<value id>";                from the op to the Value it produced
      "<child value id>" -> "<op id>";          from each operand to the op
    """
    # TODO: start with "digraph G {", end with "}". Give every Value an id of its own (for
    # example f"v{id(v)}") and its op node another (f"v{id(v)}_op"); format numbers with :.4f.
    raise NotImplementedError("to_dot: write the DOT text of the graph")


def render_text(root):
    """An indented tree, one line per Value: '<op or leaf> data=<.4f> grad=<.4f>'.

    Two spaces of indentation per level, the root first, the operands of a Value on the lines
    below it, one level deeper. A Value met a second time gets one line ending in
    ' (see above)', and its operands are not repeated.
    """
    # TODO: a depth-first walk from root that remembers which Values it has printed.
    raise NotImplementedError("render_text: the indented text tree")


def draw(root, stem='visualizations/graph'):
    """Write <stem>.dot, and <stem>.svg with Graphviz if it is installed, else <stem>.txt.

    Creates the folder of stem if needed; returns the list of paths written.
    """
    # TODO: always write to_dot(root) to stem + '.dot'. If shutil.which('dot') finds Graphviz,
    # run: dot -Tsvg <stem>.dot -o <stem>.svg   (subprocess.run([...], check=True)).
    # Otherwise write render_text(root) to stem + '.txt'.
    raise NotImplementedError("draw: write the .dot, then the .svg or the .txt")


if __name__ == "__main__":
    # The neuron of Section 2, after the backward pass of Section 3.
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    print(render_text(o).rstrip("\n"))
    for path in draw(o):
        print("wrote", path)
