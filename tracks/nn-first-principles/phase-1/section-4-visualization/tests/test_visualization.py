"""Tests of Section 4 (Visualization): to_dot, render_text, draw and `python3 experiment.py`.

The DOT text is read with regular expressions, one statement per line, as the overview
describes; ids may be quoted strings or bare identifiers. The draw tests check the branch that
applies on this machine: an .svg when Graphviz's `dot` is installed, a .txt when it is not.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import experiment
from experiment import Value, draw, render_text, to_dot

ID = r'"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)'
NODE_RE = re.compile(rf'^\s*({ID})\s*\[(.*)\]\s*;?\s*$')
EDGE_RE = re.compile(rf'^\s*({ID})\s*->\s*({ID})\s*(?:\[.*\])?\s*;?\s*$')
LABEL_RE = re.compile(r'label\s*=\s*"((?:[^"\\]|\\.)*)"')
RECORD_RE = re.compile(r'shape\s*=\s*"?record"?')
DATA_RE = re.compile(r'data\s*[=:]?\s*(-?\d+\.\d{4})\b')
GRAD_RE = re.compile(r'grad\s*[=:]?\s*(-?\d+\.\d{4})\b')
LINE_RE = re.compile(r'^( *)(\S.*?) data=(-?\d+\.\d{4}) grad=(-?\d+\.\d{4})( \(see above\))?$')
KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


def unquote(token):
    return token[1:-1] if token.startswith('"') else token


def reachable(root):
    seen, stack = {}, [root]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v._prev)
    return list(seen.values())


def numbers(v):
    return f"{v.data:.4f}", f"{v.grad:.4f}"


def neuron():
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    return o


def distinct_expression():
    """An expression whose Values all have different (data, grad) pairs, after backward()."""
    a, b, c, d, e = Value(2.0), Value(-3.0), Value(10.0), Value(0.5), Value(0.3)
    root = ((a * b + c) * d).tanh() + e.exp()
    root.backward()
    return root


class ParsedDot:
    def __init__(self, test, text):
        self.values, self.ops, self.edges = {}, {}, []
        test.assertTrue(text.lstrip().startswith("digraph"), "the DOT text should start with 'digraph'")
        test.assertTrue(text.rstrip().endswith("}"), "the DOT text should end with '}'")
        for line in text.splitlines():
            edge = EDGE_RE.match(line)
            if edge:
                self.edges.append((unquote(edge.group(1)), unquote(edge.group(2))))
                continue
            node = NODE_RE.match(line)
            if not node or node.group(1).lower() in KEYWORDS:
                continue
            name, attrs = unquote(node.group(1)), node.group(2)
            test.assertNotIn(name, self.values, f"node id {name} is declared twice")
            test.assertNotIn(name, self.ops, f"node id {name} is declared twice")
            label = LABEL_RE.search(attrs)
            test.assertIsNotNone(label, f'node {name} has no label="..." attribute: {line.strip()}')
            if RECORD_RE.search(attrs):
                self.values[name] = label.group(1)
            else:
                self.ops[name] = label.group(1)

    def value_numbers(self, test):
        pairs = []
        for name, label in self.values.items():
            data, grad = DATA_RE.search(label), GRAD_RE.search(label)
            test.assertTrue(data and grad, f'value node {name}: label "{label}" should show '
                                           f'"data <x.xxxx>" and "grad <x.xxxx>"')
            pairs.append((data.group(1), grad.group(1)))
        return pairs


class ToDotTest(unittest.TestCase):
    def test_one_record_node_per_value(self):
        for root, what in [(neuron(), "the neuron"), (distinct_expression(), "tanh((a*b + c)*d) + exp(e)")]:
            dot = ParsedDot(self, to_dot(root))
            self.assertEqual(len(dot.values), len(reachable(root)),
                             f"{what}: expected one shape=record node per Value")

    def test_one_op_node_per_computed_value(self):
        root = distinct_expression()
        dot = ParsedDot(self, to_dot(root))
        expected = collections.Counter(v._op for v in reachable(root) if v._op)
        self.assertEqual(collections.Counter(dot.ops.values()), expected,
                         "expected one op node per Value with an _op, labelled with that _op")

    def test_labels_show_data_and_grad_to_four_decimals(self):
        root = neuron()
        dot = ParsedDot(self, to_dot(root))
        self.assertEqual(sorted(dot.value_numbers(self)), sorted(numbers(v) for v in reachable(root)),
                         "each record's label should show its Value's data and grad as %.4f")

    def test_edges_run_from_operands_to_op_to_value(self):
        root = distinct_expression()
        values = reachable(root)
        self.assertEqual(len({numbers(v) for v in values}), len(values))  # the fixture's own premise
        dot = ParsedDot(self, to_dot(root))
        node_of = {pair: name for name, pair in zip(dot.values, dot.value_numbers(self))}
        into = collections.defaultdict(set)
        out_of = collections.defaultdict(list)
        for src, dst in dot.edges:
            into[dst].add(src)
            out_of[src].append(dst)
        for v in values:
            name = node_of[numbers(v)]
            if not v._op:
                self.assertEqual(into[name], set(), f"leaf data={v.data:.4f}: no edge should enter it")
                continue
            ops = [src for src in into[name] if src in dot.ops]
            self.assertEqual(len(ops), 1, f"Value data={v.data:.4f}: expected one edge from its op node")
            self.assertEqual(dot.ops[ops[0]], v._op, f"Value data={v.data:.4f}: its op node's label")
            self.assertEqual(out_of[ops[0]], [name], f"op node {ops[0]}: one edge, to its Value")
            operands = {node_of[numbers(c)] for c in v._prev}
            self.assertEqual(into[ops[0]], operands,
                             f"op node {v._op!r} of data={v.data:.4f}: expected an edge from each operand")

    def test_edge_count_of_the_neuron(self):
        dot = ParsedDot(self, to_dot(neuron()))
        self.assertEqual(len(dot.edges), 14,
                         "the neuron: 9 edges operand -> op plus 5 edges op -> Value")
        declared = set(dot.values) | set(dot.ops)
        for src, dst in dot.edges:
            self.assertTrue(src in declared and dst in declared, f"edge {src} -> {dst} names an undeclared node")

    @unittest.skipUnless(shutil.which("dot"), "Graphviz `dot` is not installed")
    def test_graphviz_accepts_the_dot_text(self):
        run = subprocess.run(["dot", "-Tsvg"], input=to_dot(neuron()), capture_output=True, text=True, timeout=20)
        self.assertEqual(run.returncode, 0, f"dot rejected the DOT text: {run.stderr.strip()}")


class RenderTextTest(unittest.TestCase):
    def parse(self, text):
        rows = []
        for line in text.splitlines():
            if not line.strip():
                continue
            m = LINE_RE.match(line)
            self.assertIsNotNone(m, f"line {line!r} should read '<op or leaf> data=<x.xxxx> grad=<x.xxxx>'")
            self.assertEqual(len(m.group(1)) % 2, 0, f"line {line!r}: indent two spaces per level")
            rows.append((len(m.group(1)) // 2, m.group(2), (m.group(3), m.group(4)), bool(m.group(5))))
        return rows

    def test_root_is_the_first_line_without_indent(self):
        root = neuron()
        depth, label, nums, _ = self.parse(render_text(root))[0]
        self.assertEqual((depth, label, nums), (0, root._op, numbers(root)),
                         "the first line is the root, not indented")

    def test_tree_lines_follow_the_graph(self):
        root = distinct_expression()
        values = reachable(root)
        by_numbers = {numbers(v): v for v in values}
        rows = self.parse(render_text(root))
        self.assertEqual(len(rows), len(values), "one line per Value (this expression shares nothing)")
        stack = []  # the Values of the lines above, one per depth
        for depth, label, nums, ref in rows:
            v = by_numbers.get(nums)
            self.assertIsNotNone(v, f"no Value has data={nums[0]} grad={nums[1]}")
            self.assertEqual(label, v._op or "leaf", f"line for data={nums[0]}: label should be _op, or 'leaf'")
            self.assertFalse(ref, "nothing is shared here, so no line says (see above)")
            self.assertLessEqual(depth, len(stack), f"line for data={nums[0]} is indented too deep")
            del stack[depth:]
            if depth:
                parent = stack[-1]
                self.assertTrue(any(c is v for c in parent._prev),
                                f"data={nums[0]} is printed under data={parent.data:.4f}, "
                                f"which is not computed from it")
            stack.append(v)

    def test_shared_value_is_printed_once_and_referred_to_after(self):
        a, b = Value(2.0), Value(-3.0)
        c = a * b
        d = c + c
        d.backward()
        rows = self.parse(render_text(d))
        values = reachable(d)
        full = [r for r in rows if not r[3]]
        refs = [r for r in rows if r[3]]
        self.assertEqual(sorted(r[2] for r in full), sorted(numbers(v) for v in values),
                         "each Value gets exactly one full line")
        expected_refs = 1 + sum(len(v._prev) for v in values) - len(values)
        self.assertEqual(len(refs), expected_refs,
                         f"expected {expected_refs} '(see above)' line(s) for c used twice in c + c")
        self.assertTrue(all(r[2] == numbers(c) for r in refs), "the '(see above)' line is the shared c")


class DrawTest(unittest.TestCase):
    def test_draw_writes_the_dot_and_the_svg_or_txt(self):
        root = neuron()
        with tempfile.TemporaryDirectory() as tmp:
            stem = os.path.join(tmp, "new-folder", "g")
            paths = draw(root, stem=stem)
            got = {os.path.abspath(os.fspath(p)) for p in paths}
            has_dot = shutil.which("dot") is not None
            second = stem + (".svg" if has_dot else ".txt")
            self.assertEqual(got, {os.path.abspath(stem + ".dot"), os.path.abspath(second)},
                             f"draw should return the paths it wrote: the .dot and the "
                             f"{'.svg (Graphviz is installed)' if has_dot else '.txt (no Graphviz here)'}")
            with open(stem + ".dot", encoding="utf-8") as f:
                dot = ParsedDot(self, f.read())
            self.assertEqual(len(dot.values), 10, "the .dot file holds the neuron's 10 Values")
            with open(second, encoding="utf-8") as f:
                content = f.read()
            if has_dot:
                self.assertIn("<svg", content, "the .svg file should be Graphviz's SVG output")
            else:
                self.assertEqual(content.strip(), render_text(root).strip(), "the .txt holds render_text(root)")

    def test_running_experiment_draws_the_neuron_in_visualizations(self):
        folder = os.path.dirname(os.path.abspath(experiment.__file__))
        target = os.path.join(folder, "visualizations", "graph.dot")
        if os.path.exists(target):
            os.remove(target)
        run = subprocess.run([sys.executable, "experiment.py"], cwd=folder, capture_output=True,
                             text=True, timeout=30)
        self.assertEqual(run.returncode, 0, f"python3 experiment.py failed:\n{run.stderr[-1500:]}")
        self.assertTrue(os.path.exists(target), "python3 experiment.py should write visualizations/graph.dot")
        with open(target, encoding="utf-8") as f:
            dot = ParsedDot(self, f.read())
        self.assertEqual(sorted(dot.value_numbers(self)), sorted(numbers(v) for v in reachable(neuron())),
                         "visualizations/graph.dot should show the neuron after backward() "
                         "(x1 grad -1.5000, w1 grad 1.0000, ...)")


if __name__ == "__main__":
    unittest.main()
