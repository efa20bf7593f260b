"""Section 4: Visualization — draw the computational graph, with every data and grad.

Run it by hand with `python3 experiment.py`; check it with `trail check visualization`.
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
    """The graph of root in Graphviz DOT: a record per Value, an oval per operation."""
    nodes, edges = _trace(root)
    lines = ["digraph G {", "  rankdir=LR;"]
    for v in nodes:
        uid = f"v{id(v)}"
        lines.append(f'  "{uid}" [shape=record, label="{{ data {v.data:.4f} | grad {v.grad:.4f} }}"];')
        if v._op:
            # The operation gets its own node, so the picture reads operands -> op -> result.
            lines.append(f'  "{uid}_op" [label="{v._op}"];')
            lines.append(f'  "{uid}_op" -> "{uid}";')
    for child, parent in edges:
        lines.append(f'  "v{id(child)}" -> "v{id(parent)}_op";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_text(root):
    """An indented tree, one line per Value; a Value met again is only referred to."""
    lines, printed = [], set()
    stack = [(root, 0)]
    while stack:
        v, depth = stack.pop()
        label = f"{'  ' * depth}{v._op or 'leaf'} data={v.data:.4f} grad={v.grad:.4f}"
        if v in printed:
            lines.append(label + " (see above)")
            continue
        printed.add(v)
        lines.append(label)
        # Pushed in reverse so that the first operand is printed first.
        for child in reversed(list(v._prev)):
            stack.append((child, depth + 1))
    return "\n".join(lines) + "\n"


def draw(root, stem='visualizations/graph'):
    """Write <stem>.dot, and <stem>.svg with Graphviz if it is installed, else <stem>.txt."""
    folder = os.path.dirname(stem)
    if folder:
        os.makedirs(folder, exist_ok=True)
    dot_path = stem + ".dot"
    with open(dot_path, "w", encoding="utf-8") as f:
        f.write(to_dot(root))
    if shutil.which("dot"):
        svg_path = stem + ".svg"
        subprocess.run(["dot", "-Tsvg", dot_path, "-o", svg_path], check=True)
        return [dot_path, svg_path]
    txt_path = stem + ".txt"
    with open(txt_path, "w", encoding="utf-8") as f:
        f.write(render_text(root))
    return [dot_path, txt_path]


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
