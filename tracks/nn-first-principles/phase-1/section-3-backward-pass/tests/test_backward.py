"""Tests of Section 3 (Backward Pass): every gradient against central differences.

Each expression is written once, as a function that works on Values and on plain floats, so
the test computes its own numerical derivative (f(x+h) - f(x-h)) / 2h for every input and
compares it with the .grad that backward() left on each leaf.
"""
import math
import unittest

from experiment import Value

H = 1e-6


def exp(x):
    return x.exp() if isinstance(x, Value) else math.exp(x)


def log(x):
    return x.log() if isinstance(x, Value) else math.log(x)


def tanh(x):
    return x.tanh() if isinstance(x, Value) else math.tanh(x)


def relu(x):
    return x.relu() if isinstance(x, Value) else max(x, 0.0)


def central_differences(f, xs):
    """The numerical partial derivative of f with respect to each of its float inputs."""
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += H
        down[i] -= H
        grads.append((f(*up) - f(*down)) / (2 * H))
    return grads


class GradientCheck(unittest.TestCase):
    def check_gradients(self, f, xs, what):
        leaves = [Value(x) for x in xs]
        out = f(*leaves)
        self.assertIsInstance(out, Value, f"{what}: expected a Value")
        self.assertAlmostEqual(out.data, f(*xs), places=9, msg=f"{what}: forward value")
        out.backward()
        for i, (leaf, expected) in enumerate(zip(leaves, central_differences(f, xs))):
            tolerance = 1e-5 * max(1.0, abs(expected))
            self.assertAlmostEqual(
                leaf.grad, expected, delta=tolerance,
                msg=f"{what}: d/d(input {i}, data={xs[i]}) should be {expected:.6f} "
                    f"(central difference), backward() gave {leaf.grad:.6f}")


class PrimitiveGradientsTest(GradientCheck):
    def test_add_gradient_matches_central_difference(self):
        self.check_gradients(lambda a, b: a + b, [1.5, -2.0], "a + b")

    def test_mul_gradient_matches_central_difference(self):
        self.check_gradients(lambda a, b: a * b, [1.5, -2.0], "a * b")

    def test_pow_gradient_matches_central_difference(self):
        self.check_gradients(lambda a: a ** 3, [1.3], "a ** 3")
        self.check_gradients(lambda a: a ** -1, [0.8], "a ** -1")
        self.check_gradients(lambda a: a ** 0.5, [2.0], "a ** 0.5")

    def test_exp_gradient_matches_central_difference(self):
        self.check_gradients(lambda a: exp(a), [0.7], "a.exp()")

    def test_log_gradient_matches_central_difference(self):
        self.check_gradients(lambda a: log(a), [1.5], "a.log()")

    def test_tanh_gradient_matches_central_difference(self):
        self.check_gradients(lambda a: tanh(a), [0.5], "a.tanh()")
        self.check_gradients(lambda a: tanh(a), [-1.7], "a.tanh()")

    def test_relu_gradient_is_one_above_zero_and_zero_below(self):
        self.check_gradients(lambda a: relu(a), [1.2], "a.relu() at a > 0")
        self.check_gradients(lambda a: relu(a), [-0.8], "a.relu() at a < 0")


class DerivedGradientsTest(GradientCheck):
    def test_neg_and_sub(self):
        self.check_gradients(lambda a: -a, [1.5], "-a")
        self.check_gradients(lambda a, b: a - b, [1.5, -2.0], "a - b")

    def test_truediv(self):
        self.check_gradients(lambda a, b: a / b, [1.5, -2.0], "a / b")

    def test_mixing_with_plain_numbers(self):
        self.check_gradients(lambda a: a + 2, [1.5], "a + 2")
        self.check_gradients(lambda a: 2 + a, [1.5], "2 + a")
        self.check_gradients(lambda a: 3 * a, [1.5], "3 * a")
        self.check_gradients(lambda a: 2 - a, [1.5], "2 - a")
        self.check_gradients(lambda a: 2 / a, [1.5], "2 / a")
        self.check_gradients(lambda a: a / 4, [1.5], "a / 4")


class CompositeGradientsTest(GradientCheck):
    def test_neuron_gradients_match_the_worked_example(self):
        x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)
        o = (x1 * w1 + x2 * w2 + b).tanh()
        o.backward()
        expected = {"x1": (x1, -1.5), "w1": (w1, 1.0), "x2": (x2, 0.5), "w2": (w2, 0.0), "b": (b, 0.5)}
        for name, (v, g) in expected.items():
            self.assertAlmostEqual(v.grad, g, places=6, msg=f"neuron: {name}.grad should be {g}")

    def test_neuron_gradients_match_central_differences(self):
        f = lambda x1, x2, w1, w2, b: tanh(x1 * w1 + x2 * w2 + b)
        self.check_gradients(f, [0.5, -1.2, 0.8, 0.3, -0.1], "tanh(x1*w1 + x2*w2 + b)")

    def test_polynomial(self):
        f = lambda a, b: 3 * a ** 3 * b - 2 * a * b + b ** 2 / 3 - 5
        self.check_gradients(f, [1.2, -0.7], "3a^3 b - 2ab + b^2/3 - 5")

    def test_division_chain(self):
        f = lambda a, b, c: (a / b) / c + 1 / (a * c) - b / (1 + a * a)
        self.check_gradients(f, [1.5, -0.6, 2.2], "(a/b)/c + 1/(ac) - b/(1 + a^2)")

    def test_exp_log_relu_mix(self):
        f = lambda a, b, c: log(exp(a * b) + 1) * c + relu(a - b) * tanh(c) - relu(b - a)
        self.check_gradients(f, [0.9, -0.4, 1.3], "log(e^(ab) + 1)c + relu(a-b)tanh(c) - relu(b-a)")


class AccumulationTest(unittest.TestCase):
    def test_a_plus_a_gives_gradient_2(self):
        a = Value(3.0)
        (a + a).backward()
        self.assertAlmostEqual(a.grad, 2.0, msg="d(a+a)/da = 2: both uses must add up (+=, not =)")

    def test_a_times_a_gives_gradient_2a(self):
        a = Value(3.0)
        (a * a).backward()
        self.assertAlmostEqual(a.grad, 6.0, msg="d(a*a)/da = 2a = 6 at a = 3: both uses must add up")

    def test_shared_subexpression_accumulates(self):
        a = Value(3.0)
        b = a * a
        c = b + b
        c.backward()
        self.assertAlmostEqual(b.grad, 2.0, msg="c = b + b: dc/db = 2")
        self.assertAlmostEqual(a.grad, 12.0, msg="c = 2a^2: dc/da = 4a = 12 at a = 3")

    def test_a_value_reached_by_two_paths_of_different_lengths(self):
        a = Value(0.5)
        t = a.tanh()
        out = t * a + t     # a is used directly and through t
        out.backward()
        s = 1 - math.tanh(0.5) ** 2
        expected = s * 0.5 + math.tanh(0.5) + s
        self.assertAlmostEqual(a.grad, expected, places=9,
                               msg="d/da [tanh(a)*a + tanh(a)]: the contributions of both paths add up")


class BackwardPassTest(unittest.TestCase):
    def test_root_gradient_is_one_after_backward(self):
        a, b = Value(2.0), Value(-3.0)
        out = (a * b + 1).tanh()
        out.backward()
        self.assertEqual(out.grad, 1.0, "backward() seeds the root with d(out)/d(out) = 1")

    def test_intermediate_values_get_their_gradients(self):
        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        e = a * b
        d = e + c
        f = d * d
        f.backward()
        self.assertAlmostEqual(d.grad, 8.0, msg="f = d^2 with d = 4: df/dd = 2d = 8")
        self.assertAlmostEqual(e.grad, 8.0, msg="d = e + c: df/de = df/dd = 8")
        self.assertAlmostEqual(a.grad, -24.0, msg="df/da = df/de * b = 8 * -3 = -24")

    def test_deep_chain_of_2000_operations(self):
        x0 = Value(0.5)
        x = x0
        for _ in range(2000):
            x = x * 0.999
        x.backward()
        self.assertAlmostEqual(x0.grad, 0.999 ** 2000, places=9,
                               msg="2,000 multiplications by 0.999: d/dx0 = 0.999^2000 (is the "
                                   "topological sort limited by Python's recursion depth?)")


if __name__ == "__main__":
    unittest.main()
