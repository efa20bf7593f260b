"""Tests of Phase 2, Section 4 (loss-functions): mse, binary_cross_entropy, softmax and
cross_entropy in experiment.py.

They use only the interface the overview states, the Value's data, grad, backward(), arithmetic,
exp() and log(), and the reference MLP of nn.py (.parameters(), .layers, .neurons, .b).
Every expected number is computed here with the math module.
"""
import math
import random
import unittest

import experiment
from nn import MLP

Value = getattr(experiment, "Value", None)
if Value is None:  # experiment.py imports Value some other way: use the engine next to it
    from engine import Value

mse, binary_cross_entropy = experiment.mse, experiment.binary_cross_entropy
softmax, cross_entropy = experiment.softmax, experiment.cross_entropy


def ref_softmax(zs):
    m = max(zs)
    exps = [math.exp(z - m) for z in zs]
    total = sum(exps)
    return [e / total for e in exps]


def values(numbers):
    return [Value(float(x)) for x in numbers]


class MSETest(unittest.TestCase):
    def test_mse_value_is_the_mean_of_squared_errors(self):
        out = mse(values([2.5, 0.0, 2.0]), [3.0, -0.5, 2.0])
        self.assertIsInstance(out, Value, "mse should return a Value")
        self.assertAlmostEqual(out.data, (0.25 + 0.25 + 0.0) / 3, places=12,
                               msg="errors (-0.5, 0.5, 0): mean of squares is 0.5 / 3 ≈ 0.1667")

    def test_mse_of_one_example_and_of_perfect_predictions(self):
        self.assertAlmostEqual(mse(values([3.0]), [1.0]).data, 4.0, places=12,
                               msg="one prediction 3 for target 1: (3 - 1)² = 4")
        self.assertEqual(mse(values([1.0, -2.0]), [1.0, -2.0]).data, 0.0,
                         "predictions equal to the targets give loss 0")

    def test_mse_gradient_is_two_times_error_over_n(self):
        rng = random.Random(1)
        preds = values([rng.uniform(-2, 2) for _ in range(5)])
        targets = [rng.uniform(-2, 2) for _ in range(5)]
        mse(preds, targets).backward()
        for i, (p, t) in enumerate(zip(preds, targets)):
            expected = 2 * (p.data - t) / 5
            self.assertAlmostEqual(p.grad, expected, places=12,
                                   msg=f"d mse/d pred[{i}] should be 2(pred - target)/n = {expected:.6f}, "
                                       f"got {p.grad:.6f}")


class BinaryCrossEntropyTest(unittest.TestCase):
    def test_bce_of_one_half_is_ln_2(self):
        for y in (0, 1):
            out = binary_cross_entropy(Value(0.5), y)
            self.assertIsInstance(out, Value, "binary_cross_entropy should return a Value")
            self.assertAlmostEqual(out.data, math.log(2), places=12,
                                   msg=f"p = 0.5 with label {y} should cost ln 2 ≈ 0.6931")

    def test_bce_values(self):
        for p, y in ((0.9, 1), (0.9, 0), (0.2, 1), (0.2, 0), (0.8, 1)):
            expected = -math.log(p) if y == 1 else -math.log(1 - p)
            self.assertAlmostEqual(binary_cross_entropy(Value(p), y).data, expected, places=12,
                                   msg=f"p = {p}, y = {y}: the loss should be {expected:.4f}")

    def test_bce_gradient_with_respect_to_p(self):
        for p, y in ((0.9, 1), (0.3, 0), (0.6, 1)):
            v = Value(p)
            binary_cross_entropy(v, y).backward()
            expected = -y / p + (1 - y) / (1 - p)
            self.assertAlmostEqual(v.grad, expected, places=10,
                                   msg=f"p = {p}, y = {y}: d loss/d p should be -y/p + (1-y)/(1-p) = {expected:.4f}")

    def test_bce_of_a_sigmoid_has_gradient_p_minus_y_on_the_logit(self):
        for z0, y in ((1.3862943611198906, 1), (0.5, 0), (-2.0, 1), (3.0, 0)):
            z = Value(z0)
            p = 1 / (1 + (-z).exp())  # the sigmoid, built here from engine operations
            binary_cross_entropy(p, y).backward()
            self.assertAlmostEqual(z.grad, p.data - y, places=10,
                                   msg=f"z = {z0}, y = {y}: d loss/d z should be σ(z) - y = {p.data - y:.4f}")


class SoftmaxTest(unittest.TestCase):
    def test_softmax_values(self):
        zs = [2.0, 1.0, 0.1]
        probs = softmax(values(zs))
        self.assertEqual(len(probs), 3, "softmax of 3 logits should return 3 Values")
        for i, (p, e) in enumerate(zip(probs, ref_softmax(zs))):
            self.assertIsInstance(p, Value, "softmax should return a list of Values")
            self.assertAlmostEqual(p.data, e, places=12,
                                   msg=f"softmax(2, 1, 0.1)[{i}] should be {e:.4f}")

    def test_softmax_sums_to_one_and_stays_between_zero_and_one(self):
        rng = random.Random(2)
        for k in (2, 5, 10):
            probs = softmax(values([rng.uniform(-5, 5) for _ in range(k)]))
            self.assertAlmostEqual(sum(p.data for p in probs), 1.0, places=12,
                                   msg=f"the {k} probabilities should add up to 1")
            self.assertTrue(all(0 < p.data < 1 for p in probs), "each probability should lie in (0, 1)")

    def test_softmax_of_large_logits_does_not_overflow(self):
        for zs in ([1000.0, 1001.0], [-1000.0, -1001.0], [800.0, 0.0, 799.0]):
            try:
                probs = softmax(values(zs))
            except (OverflowError, ZeroDivisionError) as err:
                self.fail(f"softmax({zs}) raised {type(err).__name__}: subtract the largest logit first")
            for i, (p, e) in enumerate(zip(probs, ref_softmax(zs))):
                self.assertAlmostEqual(p.data, e, places=12, msg=f"softmax({zs})[{i}] should be {e:.6f}")

    def test_softmax_is_unchanged_by_adding_a_constant(self):
        zs = [0.5, -1.0, 2.0, 0.0]
        a = [p.data for p in softmax(values(zs))]
        b = [p.data for p in softmax(values([z + 100.0 for z in zs]))]
        for x, y in zip(a, b):
            self.assertAlmostEqual(x, y, places=12, msg="adding 100 to every logit should not change the softmax")

    def test_softmax_gradient_is_s_i_times_delta_minus_s_j(self):
        zs = [0.3, -0.8, 1.2]
        s = ref_softmax(zs)
        for i in range(3):
            logits = values(zs)
            softmax(logits)[i].backward()
            for j, z in enumerate(logits):
                expected = s[i] * ((1.0 if i == j else 0.0) - s[j])
                self.assertAlmostEqual(z.grad, expected, places=10,
                                       msg=f"d s[{i}]/d z[{j}] should be s_i(δ_ij - s_j) = {expected:.5f}, "
                                           f"got {z.grad:.5f}")


class CrossEntropyTest(unittest.TestCase):
    def test_cross_entropy_value(self):
        zs = [2.0, 1.0, 0.1]
        s = ref_softmax(zs)
        for target in range(3):
            out = cross_entropy(values(zs), target)
            self.assertIsInstance(out, Value, "cross_entropy should return a Value")
            self.assertAlmostEqual(out.data, -math.log(s[target]), places=12,
                                   msg=f"logits (2, 1, 0.1), target {target}: loss should be "
                                       f"-ln {s[target]:.4f} = {-math.log(s[target]):.4f}")

    def test_cross_entropy_gradient_is_softmax_minus_onehot(self):
        rng = random.Random(3)
        for k in (2, 4, 7):
            zs = [rng.uniform(-3, 3) for _ in range(k)]
            s = ref_softmax(zs)
            for target in range(k):
                logits = values(zs)
                cross_entropy(logits, target).backward()
                for j, z in enumerate(logits):
                    expected = s[j] - (1.0 if j == target else 0.0)
                    self.assertAlmostEqual(z.grad, expected, places=10,
                                           msg=f"{k} classes, target {target}: d loss/d z[{j}] should be "
                                               f"softmax - onehot = {expected:.5f}, got {z.grad:.5f}")

    def test_cross_entropy_of_equal_logits_is_ln_k(self):
        for k in (2, 10, 27):
            self.assertAlmostEqual(cross_entropy(values([0.7] * k), 0).data, math.log(k), places=12,
                                   msg=f"with {k} equal logits every class has probability 1/{k}: loss ln {k}")

    def test_cross_entropy_of_large_logits(self):
        zs = [1000.0, 1001.0, 999.0]
        try:
            out = cross_entropy(values(zs), 1)
        except (OverflowError, ZeroDivisionError, ValueError) as err:
            self.fail(f"cross_entropy({zs}, 1) raised {type(err).__name__}: use the shifted softmax")
        self.assertAlmostEqual(out.data, -math.log(ref_softmax(zs)[1]), places=10)

    def test_cross_entropy_trains_an_mlp_end_to_end(self):
        random.seed(4)
        model = MLP(2, [4, 3])
        x, target = [0.5, -1.2], 2
        logits = model(x)
        loss = cross_entropy(logits, target)
        loss.backward()
        s = ref_softmax([z.data for z in logits])
        for r, n in enumerate(model.layers[-1].neurons):
            expected = s[r] - (1.0 if r == target else 0.0)
            self.assertAlmostEqual(n.b.grad, expected, places=10,
                                   msg=f"the last layer's bias {r} should get softmax - onehot = {expected:.5f}")
        h = 1e-6
        for i, p in enumerate(model.parameters()):
            old = p.data
            p.data = old + h
            up = cross_entropy(model(x), target).data
            p.data = old - h
            down = cross_entropy(model(x), target).data
            p.data = old
            numeric = (up - down) / (2 * h)
            self.assertAlmostEqual(p.grad, numeric, delta=1e-5 * max(1.0, abs(numeric)),
                                   msg=f"d loss/d parameters()[{i}] should be {numeric:.6f}, got {p.grad:.6f}")


if __name__ == "__main__":
    unittest.main()
