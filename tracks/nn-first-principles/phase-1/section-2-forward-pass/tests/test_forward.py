"""Tests of Section 2 (Forward Pass): trace, topological_order and build_neuron_expression.

They build Values with experiment.Value and use only .data, ._prev and the operators, so any
correct engine passes; sets and lists are compared by object identity.
"""
import math
import random
import unittest

from experiment import Value, build_neuron_expression, topological_order, trace


def reachable(root):
    """The test's own walk: {id: Value} of everything reachable from root (iterative)."""
    seen, stack = {}, [root]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v._prev)
    return seen


def ids(values):
    return sorted(id(v) for v in values)


class TraceTest(unittest.TestCase):
    def check_trace(self, root, expected_nodes, expected_edges, what):
        nodes, edges = trace(root)
        nodes, edges = list(nodes), list(edges)
        self.assertEqual(len(nodes), len({id(v) for v in nodes}), f"{what}: nodes lists a Value twice")
        self.assertEqual(ids(nodes), ids(expected_nodes),
                         f"{what}: expected {len(expected_nodes)} Values, got {len(nodes)}")
        pairs = []
        for edge in edges:
            self.assertEqual(len(edge), 2, f"{what}: each edge is a (child, parent) pair")
            pairs.append((id(edge[0]), id(edge[1])))
        self.assertEqual(len(pairs), len(set(pairs)), f"{what}: edges lists a (child, parent) pair twice")
        want = sorted((id(c), id(p)) for c, p in expected_edges)
        self.assertEqual(sorted(pairs), want,
                         f"{what}: expected {len(want)} (child, parent) edges, got {len(pairs)}")

    def test_a_times_b_plus_c_has_5_values_and_4_edges(self):
        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        ab = a * b
        out = ab + c
        self.check_trace(out, [a, b, c, ab, out], [(a, ab), (b, ab), (ab, out), (c, out)], "a*b + c")

    def test_a_times_a_has_2_values_and_1_edge(self):
        a = Value(3.0)
        out = a * a
        self.check_trace(out, [a, out], [(a, out)], "a*a")

    def test_a_lone_leaf_is_one_value_and_no_edges(self):
        a = Value(1.0)
        self.check_trace(a, [a], [], "a leaf")

    def test_a_plain_number_operand_is_a_leaf_of_the_graph(self):
        a = Value(2.0)
        out = a + 1
        one = [p for p in out._prev if p is not a][0]
        self.check_trace(out, [a, one, out], [(a, out), (one, out)], "a + 1")

    def test_shared_subexpression_is_one_node(self):
        a, b, c = Value(2.0), Value(3.0), Value(4.0)
        d = a * b
        dc = d * c
        e = dc + d            # d is used twice: once through dc, once directly
        self.check_trace(e, [a, b, c, d, dc, e],
                         [(a, d), (b, d), (d, dc), (c, dc), (dc, e), (d, e)], "d = a*b; e = d*c + d")

    def test_equal_data_in_different_values_stays_apart(self):
        a, b = Value(2.0), Value(3.0)
        p1, p2 = a * b, a * b  # written twice: two different Values, both 6.0
        out = p1 + p2
        self.check_trace(out, [a, b, p1, p2, out],
                         [(a, p1), (b, p1), (a, p2), (b, p2), (p1, out), (p2, out)], "a*b + a*b")

    def test_edges_point_from_child_to_parent(self):
        a, b = Value(2.0), Value(3.0)
        out = a * b
        _, edges = trace(out)
        pairs = {(id(c), id(p)) for c, p in edges}
        self.assertIn((id(a), id(out)), pairs, "expected the edge (a, a*b): child first, parent second")
        self.assertNotIn((id(out), id(a)), pairs, "edges go (child, parent), not (parent, child)")


class TopologicalOrderTest(unittest.TestCase):
    def check_order(self, root, what):
        order = list(topological_order(root))
        expected = reachable(root)
        self.assertEqual(len(order), len({id(v) for v in order}),
                         f"{what}: a Value appears more than once in the order (is there a 'seen' set?)")
        self.assertEqual(sorted(id(v) for v in order), sorted(expected),
                         f"{what}: the order should hold every reachable Value: expected "
                         f"{len(expected)}, got {len(order)}")
        position = {id(v): i for i, v in enumerate(order)}
        for v in order:
            for child in v._prev:
                self.assertLess(position[id(child)], position[id(v)],
                                f"{what}: a child (data={child.data:.4g}) comes after its parent "
                                f"(data={v.data:.4g}, op={v._op!r})")
        self.assertIs(order[-1], root, f"{what}: the root comes last")

    def test_small_expression(self):
        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        self.check_order(a * b + c, "a*b + c")

    def test_a_lone_leaf(self):
        a = Value(1.0)
        self.assertEqual(ids(topological_order(a)), [id(a)], "the order of a leaf is [leaf]")

    def test_children_before_parents_on_random_expressions(self):
        rng = random.Random(1234)
        for trial in range(25):
            pool = [Value(rng.uniform(-2, 2)) for _ in range(rng.randint(1, 4))]
            for _ in range(rng.randint(3, 40)):
                kind = rng.random()
                x = rng.choice(pool)
                if kind < 0.4:
                    pool.append(x + rng.choice(pool))
                elif kind < 0.8:
                    pool.append(x * rng.choice(pool))
                elif kind < 0.9:
                    pool.append(x.tanh())
                else:
                    pool.append(x + rng.uniform(-1, 1))
            root = pool[-1] + pool[rng.randrange(len(pool))]
            self.check_order(root, f"random expression #{trial}")

    def test_heavily_shared_value_is_listed_once(self):
        # x = x + x, 16 times: 17 Values, but 2**16 paths from the root to a.
        a = Value(1.0)
        x = a
        for _ in range(16):
            x = x + x
        self.check_order(x, "x = x + x repeated 16 times")

    def test_deep_chain_of_2000_operations(self):
        x = Value(0.5)
        for _ in range(2000):
            x = x * 1.0001
        nodes, edges = trace(x)
        self.assertEqual((len(nodes), len(edges)), (4001, 4000),
                         "a chain of 2,000 multiplications by a number: 4,001 Values, 4,000 edges")
        self.check_order(x, "a chain of 2,000 operations")


class NeuronTest(unittest.TestCase):
    def test_forward_value_of_the_worked_example(self):
        x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)
        o = build_neuron_expression(x1, x2, w1, w2, b)
        self.assertIsInstance(o, Value, "build_neuron_expression returns a Value")
        self.assertAlmostEqual(o.data, 1 / math.sqrt(2), places=9,
                               msg="tanh(2*-3 + 0*1 + 6.8814) = 0.7071")

    def test_forward_value_on_other_numbers(self):
        rng = random.Random(7)
        for _ in range(10):
            nums = [rng.uniform(-2, 2) for _ in range(5)]
            x1, x2, w1, w2, b = nums
            o = build_neuron_expression(*[Value(n) for n in nums])
            self.assertAlmostEqual(o.data, math.tanh(x1 * w1 + x2 * w2 + b), places=12,
                                   msg=f"tanh(x1*w1 + x2*w2 + b) for {nums}")

    def test_output_is_connected_to_all_five_inputs(self):
        inputs = [Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)]
        found = reachable(build_neuron_expression(*inputs))
        for name, v in zip(["x1", "x2", "w1", "w2", "b"], inputs):
            self.assertIn(id(v), found,
                          f"{name} is not in the graph: build the expression with Value operations")


if __name__ == "__main__":
    unittest.main()
