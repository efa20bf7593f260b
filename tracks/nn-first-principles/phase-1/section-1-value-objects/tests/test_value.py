"""Tests of Section 1 (Value Objects): forward values, the recorded graph, central differences.

They use only the interface stated in the overview: Value(data), .data, .grad, ._prev, ._op,
the operators and methods, and numerical_derivative(f, x, h=1e-6).
"""
import math
import unittest

from experiment import Value, numerical_derivative


def reachable(root):
    """Every Value reachable from root through _prev, by identity (iterative: no depth limit)."""
    seen, stack = {}, [root]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(getattr(v, "_prev", ()))  # a float in _prev is a mistake the tests report
    return seen


class ValueBasicsTest(unittest.TestCase):
    def test_data_is_stored_as_a_float(self):
        v = Value(3)
        self.assertIsInstance(v.data, float, "Value(3).data should be the float 3.0")
        self.assertEqual(v.data, 3.0)

    def test_grad_starts_at_zero(self):
        self.assertEqual(Value(2.5).grad, 0.0, "a new Value has grad 0.0")
        a, b = Value(2.0), Value(3.0)
        self.assertEqual((a * b + a).grad, 0.0, "a computed Value also starts with grad 0.0")

    def test_leaf_has_no_operands_and_empty_op(self):
        v = Value(1.5)
        self.assertEqual(len(v._prev), 0, "a Value made from a number has no operands in _prev")
        self.assertEqual(v._op, '', "a leaf Value has _op == ''")


class ForwardValuesTest(unittest.TestCase):
    def check(self, got, expected, what):
        self.assertIsInstance(got, Value, f"{what} should return a Value, got {type(got).__name__}")
        self.assertAlmostEqual(got.data, expected, places=12, msg=f"{what}: expected {expected}")

    def test_add_and_mul(self):
        a, b = Value(2.0), Value(-3.0)
        self.check(a + b, -1.0, "Value(2) + Value(-3)")
        self.check(a * b, -6.0, "Value(2) * Value(-3)")

    def test_pow_with_int_float_and_negative_exponents(self):
        self.check(Value(3.0) ** 2, 9.0, "Value(3) ** 2")
        self.check(Value(4.0) ** 0.5, 2.0, "Value(4) ** 0.5")
        self.check(Value(2.0) ** -1, 0.5, "Value(2) ** -1")

    def test_exp_log_tanh(self):
        self.check(Value(1.0).exp(), math.e, "Value(1).exp()")
        self.check(Value(math.e ** 2).log(), 2.0, "Value(e**2).log()")
        self.check(Value(0.5).tanh(), math.tanh(0.5), "Value(0.5).tanh()")

    def test_relu_keeps_positives_and_zeroes_negatives(self):
        self.check(Value(2.5).relu(), 2.5, "Value(2.5).relu()")
        self.check(Value(-1.5).relu(), 0.0, "Value(-1.5).relu()")

    def test_derived_ops_between_values(self):
        a, b = Value(6.0), Value(-4.0)
        self.check(-a, -6.0, "-Value(6)")
        self.check(a - b, 10.0, "Value(6) - Value(-4)")
        self.check(a / b, -1.5, "Value(6) / Value(-4)")

    def test_mixing_with_plain_numbers_on_either_side(self):
        v = Value(4.0)
        self.check(v + 1, 5.0, "Value(4) + 1")
        self.check(1 + v, 5.0, "1 + Value(4)")
        self.check(v * 2, 8.0, "Value(4) * 2")
        self.check(2 * v, 8.0, "2 * Value(4)")
        self.check(v - 1, 3.0, "Value(4) - 1")
        self.check(1 - v, -3.0, "1 - Value(4) (the reflected order: 1 - v, not v - 1)")
        self.check(v / 2, 2.0, "Value(4) / 2")
        self.check(1 / v, 0.25, "1 / Value(4) (the reflected order: 1 / v, not v / 1)")
        self.check(2.5 * v + 0.5, 10.5, "2.5 * Value(4) + 0.5")

    def test_operations_do_not_change_their_operands(self):
        a, b = Value(2.0), Value(5.0)
        _ = a + b, a * b, a - b, a / b, -a, a ** 2, a.exp(), a.tanh()
        self.assertEqual((a.data, b.data), (2.0, 5.0),
                         "operations must build new Values, not modify self or other")

    def test_neuron_expression_forward(self):
        x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)
        o = (x1 * w1 + x2 * w2 + b).tanh()
        self.check(o, math.tanh(2.0 * -3.0 + 0.0 * 1.0 + 6.8813735870195432), "tanh(x1*w1 + x2*w2 + b)")


class GraphRecordTest(unittest.TestCase):
    def assert_operand(self, out, operand, what):
        self.assertTrue(any(p is operand for p in out._prev),
                        f"{what}: _prev should contain the operand Value itself (not a copy or a float)")

    def test_prev_holds_both_operands_of_add_and_mul(self):
        a, b = Value(2.0), Value(3.0)
        for out, what in [(a + b, "a + b"), (a * b, "a * b")]:
            self.assert_operand(out, a, what)
            self.assert_operand(out, b, what)

    def test_prev_holds_the_operand_of_unary_ops(self):
        a = Value(0.7)
        for out, what in [(a ** 2, "a ** 2"), (a.exp(), "a.exp()"), (a.log(), "a.log()"),
                          (a.tanh(), "a.tanh()"), (a.relu(), "a.relu()")]:
            self.assert_operand(out, a, what)

    def test_plain_numbers_become_leaf_values_in_the_graph(self):
        a = Value(2.0)
        out = a + 1
        self.assertEqual(len(out._prev), 2, "a + 1 has two operands: a and Value(1.0)")
        self.assert_operand(out, a, "a + 1")
        others = [p for p in out._prev if p is not a]
        self.assertTrue(others and isinstance(others[0], Value) and others[0].data == 1.0,
                        "the number 1 should be wrapped in a Value(1.0) operand")

    def test_derived_ops_stay_connected_to_their_operands(self):
        a, b = Value(3.0), Value(5.0)
        cases = [(-a, [a], "-a"), (a - b, [a, b], "a - b"), (a / b, [a, b], "a / b"),
                 (2 + a, [a], "2 + a"), (2 * a, [a], "2 * a"), (2 - a, [a], "2 - a"),
                 (2 / a, [a], "2 / a")]
        for out, operands, what in cases:
            found = reachable(out)
            for v in operands:
                self.assertIn(id(v), found,
                              f"{what}: the operand Value(data={v.data}) is not reachable through _prev")

    def test_op_labels_are_nonempty_strings_and_tell_add_from_mul(self):
        a, b = Value(2.0), Value(3.0)
        outs = {"a + b": a + b, "a * b": a * b, "a ** 2": a ** 2, "a.exp()": a.exp(),
                "a.log()": a.log(), "a.tanh()": a.tanh(), "a.relu()": a.relu()}
        for what, out in outs.items():
            self.assertIsInstance(out._op, str, f"{what}: _op should be a string")
            self.assertTrue(out._op, f"{what}: _op should be a non-empty label")
        self.assertNotEqual(outs["a + b"]._op, outs["a * b"]._op, "+ and * need different _op labels")

    def test_a_value_used_twice_is_recorded(self):
        a = Value(3.0)
        sq = a * a
        self.assertEqual(sq.data, 9.0)
        self.assertTrue(all(p is a for p in sq._prev) and len(sq._prev) >= 1,
                        "a * a has only a as its operand")


class NumericalDerivativeTest(unittest.TestCase):
    def test_known_derivatives_with_default_h(self):
        cases = [(lambda x: x * x, 3.0, 6.0, "d/dx x^2 at 3"),
                 (math.sin, 0.0, 1.0, "d/dx sin x at 0"),
                 (math.exp, 1.0, math.e, "d/dx e^x at 1")]
        for f, x, expected, what in cases:
            got = numerical_derivative(f, x)
            self.assertAlmostEqual(got, expected, delta=1e-6, msg=f"{what}: expected {expected}, got {got}")

    def test_central_difference_of_a_cubic_with_a_large_h(self):
        # ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2 exactly: 12.01 at x = 2, h = 0.1.
        # A one-sided (x+h) difference would give 12.61.
        got = numerical_derivative(lambda x: x ** 3, 2.0, h=0.1)
        self.assertAlmostEqual(got, 12.01, delta=1e-9,
                               msg=f"central difference of x^3 at 2 with h=0.1 is 12.01, got {got}")

    def test_error_shrinks_about_100x_when_h_shrinks_10x(self):
        exact = math.e
        err_big = abs(numerical_derivative(math.exp, 1.0, h=1e-2) - exact)
        err_small = abs(numerical_derivative(math.exp, 1.0, h=1e-3) - exact)
        ratio = err_big / err_small
        self.assertTrue(50 < ratio < 200,
                        f"a second-order (central) difference shrinks its error ~100x when h shrinks "
                        f"10x; got a ratio of {ratio:.1f} (about 10 means a one-sided difference)")


if __name__ == "__main__":
    unittest.main()
