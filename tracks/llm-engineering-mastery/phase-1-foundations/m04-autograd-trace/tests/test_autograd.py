"""Tests of M4 (autograd trace): the engine and the trace in exercise.py.

Interface (the overview's): Tensor(data, requires_grad=False, name=None) with .data, .grad,
.grad_fn, .is_leaf, .retain_grad(), the operations + - * @ ** (number), -x, .relu(), .sum(),
.mean(), and .backward(); Node with .name and .next_functions; AccumulateGrad with .variable;
unbroadcast(grad, shape); backward_order(root) -> list of Nodes; trace(root) -> {"nodes",
"edges"}; write_trace(graph, path); mlp_loss(...) and make_model(seed) (given).
"""
import json
import os
import unittest

import numpy as np

import exercise
from exercise import Tensor

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

GRAPH = os.path.join("visualizations", "autograd_graph.json")

# The backward graph of mlp_loss, as PyTorch draws it for the same model.
EXPECTED = ("MeanBackward0(PowBackward0(SubBackward0(AddBackward0(AccumulateGrad[b2](),"
            "MmBackward0(AccumulateGrad[W2](),ReluBackward0(AddBackward0(AccumulateGrad[b1](),"
            "MmBackward0(AccumulateGrad[W1]()))))))))")


def canonical(graph):
    """A string that is the same for two traces of the same graph, whatever their node ids."""
    by_id = {n["id"]: n for n in graph["nodes"]}
    children = {i: [] for i in by_id}
    for a, b in graph["edges"]:
        children[a].append(b)

    def canon(i):
        n = by_id[i]
        label = n["name"] + (f"[{n.get('variable')}]" if n["name"] == "AccumulateGrad" else "")
        return label + "(" + ",".join(sorted(canon(c) for c in children[i])) + ")"
    return canon(graph["nodes"][0]["id"])


def numeric_grad(f, array, h=1e-6):
    g = np.zeros_like(array)
    for i in range(array.size):
        old = array.flat[i]
        array.flat[i] = old + h
        up = f()
        array.flat[i] = old - h
        down = f()
        array.flat[i] = old
        g.flat[i] = (up - down) / (2 * h)
    return g


def rel_error(a, n):
    return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))


class UnbroadcastTest(unittest.TestCase):
    def test_sums_over_broadcast_axes(self):
        g = np.arange(12.0).reshape(3, 4)
        np.testing.assert_array_equal(exercise.unbroadcast(g, (4,)), g.sum(axis=0))
        np.testing.assert_array_equal(exercise.unbroadcast(g, (1, 4)), g.sum(axis=0, keepdims=True))
        np.testing.assert_array_equal(exercise.unbroadcast(g, (3, 1)), g.sum(axis=1, keepdims=True))
        np.testing.assert_array_equal(exercise.unbroadcast(g, (3, 4)), g)
        self.assertEqual(float(exercise.unbroadcast(g, ())), 66.0)
        g3 = np.ones((2, 3, 4))
        np.testing.assert_array_equal(exercise.unbroadcast(g3, (3, 4)), np.full((3, 4), 2.0))


class OperationGradientsTest(unittest.TestCase):
    """Each operation's backward, against central differences, with broadcasting."""

    def check(self, build, shapes, label):
        rng = np.random.default_rng(len(label))
        arrays = [rng.normal(size=s) + 0.1 for s in shapes]
        weights = None

        def value():
            nonlocal weights
            out = build(*[Tensor(a) for a in arrays]).data
            if weights is None:
                weights = np.random.default_rng(99).normal(size=np.shape(out))
            return float(np.sum(out * weights))
        value()
        leaves = [Tensor(a, requires_grad=True) for a in arrays]
        (build(*leaves) * Tensor(weights)).sum().backward()
        for k, (leaf, array) in enumerate(zip(leaves, arrays)):
            self.assertIsNotNone(leaf.grad, f"{label}: input {k} has no .grad after backward()")
            self.assertEqual(np.shape(leaf.grad), array.shape, f"{label}: input {k}'s grad has the wrong shape")
            err = rel_error(leaf.grad, numeric_grad(value, array))
            self.assertLess(err, 1e-6, f"{label}: input {k}'s gradient is off (relative error {err:.1e})")

    def test_add_with_a_broadcast_bias(self):
        self.check(lambda a, b: a + b, [(4, 3), (3,)], "a + b with b broadcast over rows")
        self.check(lambda a, b: a + b, [(4, 3), (4, 1)], "a + b with b of shape (4, 1)")

    def test_sub(self):
        self.check(lambda a, b: a - b, [(4, 3), (3,)], "a - b")

    def test_mul_with_broadcasting(self):
        self.check(lambda a, b: a * b, [(4, 3), (4, 3)], "a * b")
        self.check(lambda a, b: a * b, [(4, 3), (1, 3)], "a * b with b of shape (1, 3)")

    def test_matmul(self):
        self.check(lambda a, b: a @ b, [(4, 3), (3, 5)], "a @ b")

    def test_pow(self):
        self.check(lambda a: a ** 2, [(3, 2)], "a ** 2")
        self.check(lambda a: a ** 3, [(3, 2)], "a ** 3")

    def test_relu(self):
        self.check(lambda a: a.relu(), [(5, 4)], "a.relu()")

    def test_sum_and_mean(self):
        self.check(lambda a: a.sum() * 1.0 + a.mean(), [(4, 3)], "a.sum() + a.mean()")

    def test_operation_names_are_pytorchs(self):
        a, b = Tensor(np.ones((2, 2)), requires_grad=True), Tensor(np.ones((2, 2)), requires_grad=True)
        names = {"+": (a + b), "-": (a - b), "*": (a * b), "@": (a @ b), "**": (a ** 2),
                 "relu": a.relu(), "sum": a.sum(), "mean": a.mean()}
        expected = {"+": "AddBackward0", "-": "SubBackward0", "*": "MulBackward0", "@": "MmBackward0",
                    "**": "PowBackward0", "relu": "ReluBackward0", "sum": "SumBackward0", "mean": "MeanBackward0"}
        for op, t in names.items():
            self.assertEqual(t.grad_fn.name, expected[op], f"grad_fn of {op}")


class ModelGradientsTest(unittest.TestCase):
    def test_mlp_gradients_match_central_differences(self):
        x, y, W1, b1, W2, b2 = exercise.make_model(seed=0)
        loss = exercise.mlp_loss(x, y, W1, b1, W2, b2)
        loss.backward()

        def plain_loss():
            h = np.maximum(x.data @ W1.data + b1.data, 0.0)
            return float(np.mean((h @ W2.data + b2.data - y.data) ** 2))
        self.assertAlmostEqual(float(loss.data), plain_loss(), places=12, msg="forward of mlp_loss")
        worst = 0.0
        for p in (W1, b1, W2, b2):
            self.assertIsNotNone(p.grad, f"{p.name} has no .grad after loss.backward()")
            worst = max(worst, rel_error(p.grad, numeric_grad(plain_loss, p.data)))
        log_metric("grad_max_rel_error", worst)
        self.assertLess(worst, 1e-6, f"parameter gradients off by a relative error of {worst:.1e}")


class WhereGradientsAreStoredTest(unittest.TestCase):
    def setUp(self):
        self.x, self.y, self.W1, self.b1, self.W2, self.b2 = exercise.make_model(seed=1)

    def test_only_leaves_that_require_grad_get_grad(self):
        h = (self.x @ self.W1 + self.b1).relu()
        loss = ((h @ self.W2 + self.b2 - self.y) ** 2).mean()
        loss.backward()
        self.assertTrue(self.W1.is_leaf and not h.is_leaf)
        self.assertIsNone(self.x.grad, "x does not require grad: it gets no .grad")
        self.assertIsNone(h.grad, "an intermediate tensor keeps no .grad unless retain_grad() was called")
        self.assertIsNone(loss.grad, "the output is not a leaf either")

    def test_retain_grad_keeps_an_intermediate_gradient(self):
        h = (self.x @ self.W1 + self.b1).relu()
        h.retain_grad()
        loss = ((h @ self.W2 + self.b2 - self.y) ** 2).mean()
        loss.backward()
        pred = h.data @ self.W2.data + self.b2.data
        expected = (2 * (pred - self.y.data) / pred.size) @ self.W2.data.T
        np.testing.assert_allclose(h.grad, expected, rtol=1e-10, err_msg="dL/dh, kept by retain_grad()")

    def test_gradients_accumulate_over_backward_calls(self):
        for _ in range(2):
            exercise.mlp_loss(self.x, self.y, self.W1, self.b1, self.W2, self.b2).backward()
        twice = self.W1.grad.copy()
        self.W1.grad = None
        exercise.mlp_loss(self.x, self.y, self.W1, self.b1, self.W2, self.b2).backward()
        np.testing.assert_allclose(twice, 2 * self.W1.grad, rtol=1e-12,
                                   err_msg="two backward passes add up in W1.grad (zero it between steps)")

    def test_a_tensor_used_twice_gets_both_contributions(self):
        a = Tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
        (a + a).sum().backward()
        np.testing.assert_allclose(a.grad, 2.0, err_msg="d/da sum(a + a) = 2")
        W = Tensor(np.array([[0.5, -1.0], [2.0, 0.3]]), requires_grad=True)
        x = Tensor(np.array([[1.0, 2.0]]))
        h = x @ W
        (h * h + h).sum().backward()
        expected = x.data.T @ (2 * (x.data @ W.data) + 1)
        np.testing.assert_allclose(W.grad, expected, rtol=1e-12, err_msg="h used three times: (h*h + h).sum()")


class BackwardOrderTest(unittest.TestCase):
    def test_every_node_comes_before_the_nodes_it_sends_gradients_to(self):
        x, y, W1, b1, W2, b2 = exercise.make_model(seed=2)
        h = x @ W1
        loss = ((h * h + h).relu() @ W2 + b2 - y).mean()
        order = exercise.backward_order(loss)
        self.assertIs(order[0], loss.grad_fn, "the first node is loss.grad_fn")
        self.assertEqual(len(order), len(set(map(id, order))), "each node once")
        position = {id(n): i for i, n in enumerate(order)}
        reachable, stack = set(), [loss.grad_fn]
        while stack:
            n = stack.pop()
            if id(n) in reachable:
                continue
            reachable.add(id(n))
            for child in n.next_functions:
                if child is not None:
                    self.assertIn(id(child), position, f"{child.name} is reachable but not in the order")
                    self.assertLess(position[id(n)], position[id(child)],
                                    f"{n.name} must come before {child.name}: it sends it a gradient")
                    stack.append(child)
        self.assertEqual(len(order), len(reachable), "only reachable nodes")


class TraceTest(unittest.TestCase):
    def test_trace_of_a_shared_tensor_keeps_both_edges(self):
        a = Tensor(np.ones(3), requires_grad=True, name="a")
        graph = exercise.trace((a * a).sum())
        self.assertEqual([n["name"] for n in graph["nodes"]], ["SumBackward0", "MulBackward0", "AccumulateGrad"])
        self.assertEqual(sorted(map(tuple, graph["edges"])), [(0, 1), (1, 2), (1, 2)],
                         "a * a: MulBackward0 has two entries in next_functions, both the same AccumulateGrad")

    def test_the_model_trace_is_written_and_has_the_right_nodes_and_edges(self):
        x, y, W1, b1, W2, b2 = exercise.make_model(seed=0)
        loss = exercise.mlp_loss(x, y, W1, b1, W2, b2)
        if os.path.exists(GRAPH):
            os.remove(GRAPH)
        exercise.write_trace(exercise.trace(loss), GRAPH)
        self.assertTrue(os.path.exists(GRAPH), f"write_trace should write {GRAPH}")
        with open(GRAPH) as f:
            graph = json.load(f)
        ids = [n["id"] for n in graph["nodes"]]
        log_metric("graph_nodes", len(graph["nodes"]))
        log_metric("graph_edges", len(graph["edges"]))
        self.assertEqual(len(set(ids)), len(ids), "node ids must be unique")
        self.assertTrue(all(a in ids and b in ids for a, b in graph["edges"]), "edges must join existing ids")
        self.assertEqual(graph["nodes"][0]["name"], "MeanBackward0", "node 0 is loss.grad_fn")
        leaves = {n.get("variable"): n.get("shape") for n in graph["nodes"] if n["name"] == "AccumulateGrad"}
        self.assertEqual(leaves, {"W1": [3, 5], "b1": [5], "W2": [5, 2], "b2": [2]},
                         "one AccumulateGrad per parameter, with its name and shape; none for x or y")
        got = canonical(graph)
        log_metric("graph_matches_expected", 1 if got == EXPECTED else 0)
        self.assertEqual(len(graph["nodes"]), 12)
        self.assertEqual(len(graph["edges"]), 11)
        self.assertEqual(got, EXPECTED, "the graph's structure differs from PyTorch's for the same model")


if __name__ == "__main__":
    unittest.main()
