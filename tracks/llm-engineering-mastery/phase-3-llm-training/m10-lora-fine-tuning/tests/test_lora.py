"""Tests of LoRA in exercise.py: the low-rank update and its scale, the zero start, gradients
for A and B only, a frozen base, the trainable-parameter count, merging, and LoRA fine-tuning
of the shipped base model on the downstream task (digits 5-9)."""
import unittest

import numpy as np
from trail_metrics import log_metric

from exercise import (LoRALinear, accuracy, count_trainable, downstream_split, fine_tune, forward, full_model,
                      load_base, load_digits, lora_model)


def numeric_grad(f, arr, eps=1e-6):
    g = np.zeros_like(arr)
    for i in np.ndindex(arr.shape):
        old = arr[i]
        arr[i] = old + eps
        plus = f()
        arr[i] = old - eps
        minus = f()
        arr[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g


class LoRALayerTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.W = rng.normal(size=(3, 5))
        self.b = rng.normal(size=3)
        self.layer = LoRALinear(self.W, self.b, 2, 4.0, np.random.default_rng(1))

    def test_shapes_and_zero_start(self):
        self.assertEqual(self.layer.A.shape, (2, 5), "A is (r, d_in)")
        self.assertEqual(self.layer.B.shape, (3, 2), "B is (d_out, r)")
        self.assertTrue(np.all(self.layer.B == 0), "B starts at zero, so the update B A starts at zero")
        self.assertFalse(np.all(self.layer.A == 0), "A starts random (if both were zero, neither would learn)")
        x = np.random.default_rng(2).normal(size=(4, 5))
        np.testing.assert_allclose(self.layer.forward(x), x @ self.W.T + self.b, atol=1e-12,
                                   err_msg="before training, the LoRA layer computes exactly the base layer")

    def test_worked_example(self):
        W = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
        layer = LoRALinear(W, np.zeros(2), 1, 2.0, np.random.default_rng(0))
        layer.A[...] = [[1.0, 1.0, 0.0]]
        layer.B[...] = [[0.5], [-1.0]]
        np.testing.assert_allclose(layer.delta_weight(), [[1.0, 1.0, 0.0], [-2.0, -2.0, 0.0]],
                                   err_msg="delta W = (alpha / r) B A = 2 * [[0.5], [-1]] @ [[1, 1, 0]]")
        y = layer.forward(np.array([[1.0, 2.0, 3.0]]))
        np.testing.assert_allclose(y, [[10.0, -7.0]], err_msg="y = x W^T + (alpha / r) (x A^T) B^T = (7, -1) + (3, -6)")

    def test_update_has_rank_at_most_r_and_merges_exactly(self):
        rng = np.random.default_rng(3)
        self.layer.A[...] = rng.normal(size=self.layer.A.shape)
        self.layer.B[...] = rng.normal(size=self.layer.B.shape)
        self.assertLessEqual(np.linalg.matrix_rank(self.layer.delta_weight()), 2, "rank(B A) <= r")
        x = rng.normal(size=(6, 5))
        np.testing.assert_allclose(self.layer.forward(x), x @ self.layer.merged_weight().T + self.b, atol=1e-10,
                                   err_msg="merged_weight() = W + (alpha/r) B A gives the same outputs")
        np.testing.assert_allclose(self.layer.delta_weight(), 2.0 * self.layer.B @ self.layer.A, atol=1e-12,
                                   err_msg="the scale is alpha / r = 4 / 2 = 2")

    def test_gradients_of_A_B_and_x(self):
        rng = np.random.default_rng(4)
        self.layer.B[...] = rng.normal(size=self.layer.B.shape)
        x = rng.normal(size=(4, 5))
        c = rng.normal(size=(4, 3))  # loss = sum(c * y), so dL/dy = c
        loss = lambda: float(np.sum(c * self.layer.forward(x)))
        self.layer.forward(x)
        dx = self.layer.backward(c)
        dA, dB = [np.array(g) for g in self.layer.gradients()]
        np.testing.assert_allclose(dA, numeric_grad(loss, self.layer.A), atol=1e-6, err_msg="dL/dA")
        np.testing.assert_allclose(dB, numeric_grad(loss, self.layer.B), atol=1e-6, err_msg="dL/dB")
        x_num = numeric_grad(lambda: float(np.sum(c * self.layer.forward(x))), x)
        np.testing.assert_allclose(dx, x_num, atol=1e-6, err_msg="backward returns dL/dx, through W and through B A")

    def test_only_A_and_B_are_trainable(self):
        params = self.layer.parameters()
        self.assertEqual(len(params), 2, "parameters() is [A, B]")
        self.assertTrue(params[0] is self.layer.A and params[1] is self.layer.B,
                        "parameters() returns the arrays A and B themselves, so the optimizer updates them in place")
        self.assertFalse(any(p is self.layer.W or p is self.layer.b for p in params), "W and b stay frozen")
        self.assertEqual(count_trainable([self.layer]), 2 * (5 + 3), "r (d_in + d_out) = 2 * 8 = 16")


class FineTuneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = load_base()
        cls.Xtr, cls.ytr, cls.Xte, cls.yte = downstream_split(*load_digits())

    def test_trainable_parameter_counts(self):
        lora = lora_model(self.base, 4, 8, np.random.default_rng(0))
        self.assertEqual(count_trainable(lora), 4 * (64 + 128) + 4 * (128 + 5), "LoRA r=4 on both layers: 1300")
        self.assertEqual(count_trainable(full_model(self.base)), 64 * 128 + 128 + 128 * 5 + 5, "full: 8965")

    def test_lora_fine_tuning_on_the_downstream_task(self):
        before = {k: v.copy() for k, v in self.base.items()}
        layers = lora_model(self.base, 4, 8, np.random.default_rng(0))
        base_acc = accuracy(layers, self.Xte, self.yte)
        losses = fine_tune(layers, self.Xtr, self.ytr, 400, 1e-2, 64, np.random.default_rng(0))
        acc = accuracy(layers, self.Xte, self.yte)
        log_metric("base_test_accuracy", base_acc)
        log_metric("lora_test_accuracy", acc)
        log_metric("lora_trainable_params", count_trainable(layers))
        for name, value in before.items():
            np.testing.assert_array_equal(self.base[name], value, err_msg=f"the base weight {name} changed: it must stay frozen")
        self.assertEqual(len(losses), 400, "fine_tune returns one loss per step")
        self.assertLess(np.mean(losses[-20:]), np.mean(losses[:20]), "the training loss goes down")
        self.assertFalse(np.all(layers[0].B == 0), "B has been trained")
        self.assertGreater(acc, 0.9, f"LoRA (r=4) should reach more than 90% test accuracy on digits 5-9 "
                                     f"(the base model gets {base_acc:.0%}, the reference about 98%); got {acc:.1%}")


if __name__ == "__main__":
    unittest.main()
