"""Tests of Phase 2, Section 3 (activation-functions): sigmoid, tanh_via_exp and
linear_equivalent in experiment.py.

They use only the interface the overview states, the Value's data, grad, _prev and backward(),
and the reference MLP and Neuron of nn.py (.layers, .neurons, .w, .b).
"""
import math
import random
import unittest

import experiment
from nn import MLP, Neuron

Value = getattr(experiment, "Value", None)
if Value is None:  # experiment.py imports Value some other way: use the engine next to it
    from engine import Value

sigmoid, tanh_via_exp, linear_equivalent = (
    experiment.sigmoid, experiment.tanh_via_exp, experiment.linear_equivalent)


def sig(x):
    return 1.0 / (1.0 + math.exp(-x))


def central_difference(f, x, h=1e-6):
    """Derivative of f (a function of one float returning a Value) at x."""
    return (f(x + h).data - f(x - h).data) / (2 * h)


def num(entry):
    """An entry of W or b as a float (a Value's .data is accepted too)."""
    return entry.data if hasattr(entry, "data") else float(entry)


class SigmoidTest(unittest.TestCase):
    def test_sigmoid_values(self):
        for x in (-3.0, -0.5, 0.0, 0.5, 2.0, 6.0):
            self.assertAlmostEqual(sigmoid(Value(x)).data, sig(x), places=12,
                                   msg=f"sigmoid({x}) should be 1 / (1 + e^{-x}) = {sig(x):.6f}")
        self.assertEqual(sigmoid(Value(0.0)).data, 0.5, "sigmoid(0) should be exactly 0.5")

    def test_sigmoid_is_one_new_value_whose_only_child_is_its_input(self):
        v = Value(0.3)
        out = sigmoid(v)
        self.assertIsInstance(out, Value, "sigmoid(v) should return a Value")
        children = list(out._prev)
        self.assertEqual(len(children), 1,
                         f"sigmoid should be one new operation with v as its only child; its _prev has "
                         f"{len(children)} entries (built from exp, + and / it would be several nodes)")
        self.assertIs(children[0], v, "the only child of sigmoid(v) should be v itself")

    def test_sigmoid_gradient_matches_central_difference(self):
        for x in (-4.0, -1.0, 0.0, 0.7, 3.0):
            v = Value(x)
            sigmoid(v).backward()
            numeric = central_difference(lambda t: sigmoid(Value(t)), x)
            self.assertAlmostEqual(v.grad, numeric, delta=1e-6,
                                   msg=f"d sigmoid/dx at {x} should be {numeric:.6f}, got {v.grad:.6f}")

    def test_sigmoid_gradient_is_s_times_one_minus_s(self):
        for x in (-2.0, 0.0, 1.5):
            v = Value(x)
            out = sigmoid(v)
            out.backward()
            s = out.data
            self.assertAlmostEqual(v.grad, s * (1 - s), places=12,
                                   msg=f"at x = {x} the slope should be σ(1 - σ) = {s * (1 - s):.6f}, "
                                       f"got {v.grad:.6f} (σ(1 - σ), not x(1 - x))")

    def test_sigmoid_backward_multiplies_the_upstream_gradient_and_accumulates(self):
        v = Value(0.5)
        (3 * sigmoid(v)).backward()
        expected = 3 * sig(0.5) * (1 - sig(0.5))
        self.assertAlmostEqual(v.grad, expected, places=12,
                               msg="for 3·σ(v) the gradient is 3·σ(1 - σ): multiply by out.grad")
        v = Value(0.5)
        (sigmoid(v) + sigmoid(v)).backward()
        self.assertAlmostEqual(v.grad, 2 * sig(0.5) * (1 - sig(0.5)), places=12,
                               msg="v used by two sigmoids should collect both gradients: use +=, not =")

    def test_sigmoid_inside_a_larger_expression(self):
        a, b = Value(0.8), Value(-1.5)
        (sigmoid(a * b) * a).backward()
        f = lambda t, u: sig(t * u) * t
        h = 1e-6
        da = (f(0.8 + h, -1.5) - f(0.8 - h, -1.5)) / (2 * h)
        db = (f(0.8, -1.5 + h) - f(0.8, -1.5 - h)) / (2 * h)
        self.assertAlmostEqual(a.grad, da, delta=1e-6, msg=f"d/da of σ(ab)·a should be {da:.6f}")
        self.assertAlmostEqual(b.grad, db, delta=1e-6, msg=f"d/db of σ(ab)·a should be {db:.6f}")

    def test_sigmoid_saturates_far_from_zero(self):
        for x in (10.0, -10.0):
            v = Value(x)
            sigmoid(v).backward()
            self.assertLess(v.grad, 1e-4, f"σ'({x}) should be tiny (about 4.5e-5): the sigmoid is flat there")
            self.assertGreater(v.grad, 0.0, f"σ'({x}) is small but still positive")

    def test_sigmoid_of_large_inputs_does_not_overflow(self):
        for x, expected in ((1000.0, 1.0), (-1000.0, 0.0), (750.0, 1.0), (-750.0, 0.0)):
            v = Value(x)
            try:
                out = sigmoid(v)
                out.backward()
            except OverflowError:
                self.fail(f"sigmoid({x}) raised OverflowError: for negative x use e^x / (1 + e^x)")
            self.assertAlmostEqual(out.data, expected, places=12, msg=f"sigmoid({x}) should be {expected}")
            self.assertAlmostEqual(v.grad, 0.0, places=12, msg=f"the slope at {x} should be 0 (to float precision)")

    def test_tanh_is_a_rescaled_sigmoid(self):
        for x in (-1.5, 0.2, 2.0):
            self.assertAlmostEqual(2 * sigmoid(Value(2 * x)).data - 1, math.tanh(x), places=12,
                                   msg=f"2σ(2x) - 1 should equal tanh(x) at x = {x}")


class TanhViaExpTest(unittest.TestCase):
    def test_tanh_via_exp_values(self):
        for x in (-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 4.0):
            self.assertAlmostEqual(tanh_via_exp(Value(x)).data, math.tanh(x), places=10,
                                   msg=f"tanh_via_exp({x}) should equal math.tanh({x}) = {math.tanh(x):.6f}")

    def test_tanh_via_exp_gradient_is_one_minus_tanh_squared(self):
        for x in (-2.0, -0.3, 0.0, 1.0, 2.5):
            v = Value(x)
            tanh_via_exp(v).backward()
            expected = 1 - math.tanh(x) ** 2
            self.assertAlmostEqual(v.grad, expected, places=9,
                                   msg=f"the gradient of tanh at {x} should be 1 - tanh² = {expected:.6f}, "
                                       f"got {v.grad:.6f}")

    def test_tanh_via_exp_does_not_use_the_tanh_operation(self):
        original = Value.tanh

        def forbidden(self):
            raise AssertionError("tanh_via_exp called the Value's tanh(): build it from exp instead")

        Value.tanh = forbidden
        try:
            v = Value(0.7)
            out = tanh_via_exp(v)
            out.backward()
        finally:
            Value.tanh = original
        self.assertAlmostEqual(out.data, math.tanh(0.7), places=10)
        self.assertAlmostEqual(v.grad, 1 - math.tanh(0.7) ** 2, places=9,
                               msg="the gradient should reach v through the exp and arithmetic nodes")


class LinearEquivalentTest(unittest.TestCase):
    def check_equivalent(self, nin, nouts, seed):
        random.seed(seed)
        mlp = MLP(nin, nouts, activation="linear")
        for layer in mlp.layers:  # give the biases values too, so they must be carried through
            for n in layer.neurons:
                n.b.data = random.uniform(-1, 1)
        W, b = linear_equivalent(mlp)
        self.assertEqual(len(W), nouts[-1], f"W should have one row per output ({nouts[-1]})")
        self.assertEqual(len(b), nouts[-1], f"b should have one entry per output ({nouts[-1]})")
        for row in W:
            self.assertEqual(len(row), nin, f"each row of W should have one entry per input ({nin})")
        rng = random.Random(seed + 100)
        for _ in range(5):
            x = [rng.uniform(-3, 3) for _ in range(nin)]
            out = mlp(x)
            outs = out if isinstance(out, list) else [out]
            for r, (o, row, br) in enumerate(zip(outs, W, b)):
                folded = sum(num(wij) * xj for wij, xj in zip(row, x)) + num(br)
                self.assertAlmostEqual(folded, o.data, delta=1e-9 * max(1.0, abs(o.data)),
                                       msg=f"MLP({nin}, {nouts}): output {r} is {o.data:.9f} but "
                                           f"W·x + b gives {folded:.9f}")

    def test_linear_equivalent_reproduces_a_multi_output_mlp(self):
        self.check_equivalent(3, [4, 5, 2], seed=1)

    def test_linear_equivalent_of_a_single_output_mlp(self):
        self.check_equivalent(2, [3, 3, 1], seed=2)

    def test_linear_equivalent_of_one_layer_is_its_own_weights(self):
        random.seed(3)
        mlp = MLP(3, [2], activation="linear")
        W, b = linear_equivalent(mlp)
        for row, n in zip(W, mlp.layers[0].neurons):
            self.assertEqual([round(num(e), 12) for e in row], [round(wi.data, 12) for wi in n.w],
                             "for a single layer, W is just the neurons' weights")

    def test_linear_equivalent_of_a_deep_narrow_mlp(self):
        self.check_equivalent(4, [3, 6, 2, 5, 3], seed=4)


class ReluTest(unittest.TestCase):
    def test_dead_relu_neuron_gets_zero_gradient_on_every_weight(self):
        random.seed(5)
        n = Neuron(3, "relu")
        n.b.data = -100.0
        rng = random.Random(6)
        for _ in range(20):
            n.zero_grad()
            out = n([rng.uniform(-5, 5) for _ in range(3)])
            out.backward()
            self.assertEqual(out.data, 0.0, "w·x + b < 0 for every input here, so the relu outputs 0")
            self.assertEqual([p.grad for p in n.parameters()], [0.0] * 4,
                             "a dead relu passes no gradient to any weight or its bias")

    def test_relu_passes_large_positive_inputs_unchanged_but_sigmoid_saturates(self):
        v = Value(50.0)
        v.relu().backward()
        self.assertEqual(v.grad, 1.0, "relu's slope is 1 for any positive input")
        v = Value(50.0)
        sigmoid(v).backward()
        self.assertLess(v.grad, 1e-15, "σ'(50) is about 2e-22: a saturated sigmoid passes almost nothing")


if __name__ == "__main__":
    unittest.main()
