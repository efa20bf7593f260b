"""Tests of Section 18 (Advanced Topics): power-law fits and their extrapolation, the Chinchilla
allocation (rule of thumb and fitted law), int8 quantization per tensor and per row, and
distillation with soft targets at a temperature.

Interface (the overview states it):
    fit_power_law(C, L) -> (a, alpha);  predict(C, a, alpha, E=0.0);  fit_power_law_with_offset(C, L, E_grid) -> (E, a, alpha)
    chinchilla_rule(C, tokens_per_param=20) -> (N, D);  chinchilla_loss(N, D, E, A, B, alpha, beta)
    chinchilla_optimal(C, E, A, B, alpha, beta) -> (N, D)
    quantize_int8(W, per_row=False) -> (q, scale);  dequantize(q, scale);  relative_error(approx, exact)
    softmax_t(z, T=1.0);  distillation_loss_and_grad(student_logits, targets, T) -> (loss, grad)
    train_student(F, targets, T, steps=1000, lr=0.3) -> W
load_scaling, CHINCHILLA, features, teacher_logits and distillation_experiment are given.
"""
import unittest

import numpy as np

import exercise
from exercise import CHINCHILLA

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


class ScalingTest(unittest.TestCase):
    def test_power_law_fits_by_construction(self):
        C = 10 ** np.arange(15, 21.0)
        a, alpha = exercise.fit_power_law(C, 5.0 * C ** -0.3)
        self.assertAlmostEqual(a, 5.0, places=6)
        self.assertAlmostEqual(alpha, 0.3, places=9)
        np.testing.assert_allclose(exercise.predict(C, 5.0, 0.3, E=1.0), 1.0 + 5.0 * C ** -0.3)
        E, a, alpha = exercise.fit_power_law_with_offset(C, 1.5 + 50.0 * C ** -0.2, np.arange(0.0, 3.0, 0.01))
        self.assertAlmostEqual(E, 1.5, places=6, msg="the grid holds the true E, whose fit is exact")
        self.assertAlmostEqual(alpha, 0.2, places=6)

    def test_extrapolating_the_shipped_runs(self):
        C, L, split = exercise.load_scaling()
        fit = split == "fit"
        a, alpha = exercise.fit_power_law(C[fit], L[fit])
        E, a2, alpha2 = exercise.fit_power_law_with_offset(C[fit], L[fit], np.arange(0.0, 2.5, 0.01))
        last = np.argmax(C)
        err_pure = abs(exercise.predict(C[last], a, alpha) - L[last]) / L[last]
        err_offset = abs(exercise.predict(C[last], a2, alpha2, E) - L[last]) / L[last]
        for name, value in {"alpha_pure": alpha, "alpha_offset": alpha2, "E_offset": E,
                            "extrapolation_error_pure": err_pure, "extrapolation_error_offset": err_offset}.items():
            log_metric(name, value)
        self.assertAlmostEqual(E, 1.70, delta=0.05, msg="the irreducible loss the runs were made with is 1.69")
        self.assertAlmostEqual(alpha2, 0.155, delta=0.01)
        self.assertLess(err_offset, 0.02, "with an offset, 100 times the compute is predicted within 2%")
        self.assertGreater(err_pure, 0.1, "a pure power law promises a loss that never stops falling")

    def test_chinchilla(self):
        N, D = exercise.chinchilla_rule(5.88e23)
        self.assertAlmostEqual(N / 7e10, 1.0, places=6, msg="sqrt(5.88e23 / 120) = 7e10")
        self.assertAlmostEqual(D / N, 20.0, places=9)
        self.assertAlmostEqual(exercise.chinchilla_loss(1e9, 1e10, **CHINCHILLA),
                               1.69 + 406.4 / 1e9 ** 0.34 + 410.7 / 1e10 ** 0.28, places=12)
        for C in (1e21, 5.88e23):
            N, D = exercise.chinchilla_optimal(C, **CHINCHILLA)
            self.assertAlmostEqual(6 * N * D / C, 1.0, places=9, msg="the budget is spent exactly: 6 N D = C")
            grid = 10 ** np.arange(7.0, 13.0, 0.0005)
            losses = exercise.chinchilla_loss(grid, C / (6 * grid), **CHINCHILLA)
            self.assertAlmostEqual(np.log10(N), np.log10(grid[np.argmin(losses)]), delta=0.001,
                                   msg="the closed form agrees with a search over N")
        N1, _ = exercise.chinchilla_optimal(1e22, **CHINCHILLA)
        N2, _ = exercise.chinchilla_optimal(1e23, **CHINCHILLA)
        self.assertAlmostEqual(np.log10(N2 / N1), 0.28 / 0.62, places=9, msg="N grows as C^(beta / (alpha + beta))")
        log_metric("chinchilla_N_rule", exercise.chinchilla_rule(5.88e23)[0])
        log_metric("chinchilla_N_fit", exercise.chinchilla_optimal(5.88e23, **CHINCHILLA)[0])


class QuantizationTest(unittest.TestCase):
    def test_by_hand(self):
        W = np.array([[0.5, -1.27], [0.01, 0.02]])
        q, s = exercise.quantize_int8(W)
        self.assertEqual(q.dtype, np.int8)
        self.assertAlmostEqual(float(s), 0.01, places=12)
        np.testing.assert_array_equal(q, [[50, -127], [1, 2]])
        q, s = exercise.quantize_int8(W, per_row=True)
        self.assertEqual(np.shape(s), (2, 1), "one scale per row, as a column")
        np.testing.assert_array_equal(q, [[50, -127], [64, 127]], err_msg="row 2: scale 0.02/127, 0.01 -> 63.5 -> 64")
        np.testing.assert_allclose(exercise.dequantize(q, s)[1], [64 * 0.02 / 127, 0.02], atol=1e-12)

    def test_error_bound_and_range(self):
        rng = np.random.default_rng(0)
        W = rng.normal(size=(50, 40))
        for per_row in (False, True):
            q, s = exercise.quantize_int8(W, per_row)
            self.assertTrue(q.min() >= -127 and q.max() <= 127)
            err = np.abs(exercise.dequantize(q, s) - W)
            self.assertTrue(np.all(err <= np.broadcast_to(s, W.shape) / 2 + 1e-12), "rounding errs by at most half a step")

    def test_the_shipped_layer(self):
        W = np.load("data/weights.npz")["W"]
        x = np.random.default_rng(0).normal(size=(64, 128))
        m = {}
        for per_row, name in ((False, "tensor"), (True, "row")):
            q, s = exercise.quantize_int8(W, per_row)
            Wq = exercise.dequantize(q, s)
            m[f"int8_weight_error_{name}"] = exercise.relative_error(Wq, W)
            m[f"int8_output_error_{name}"] = exercise.relative_error(x @ Wq.T, x @ W.T)
            m[f"int8_zero_share_{name}"] = float(np.mean(q == 0))
        m["int8_memory_ratio"] = W.astype(np.float32).nbytes / q.nbytes
        self.assertAlmostEqual(exercise.relative_error(np.array([3.0, 4.0]), np.array([3.0, 0.0])),
                               4.0 / 3.0, msg="||approx - exact|| / ||exact||")
        for name, value in m.items():
            log_metric(name, value)
        self.assertLess(m["int8_weight_error_row"], 0.01)
        self.assertGreater(m["int8_weight_error_tensor"], 5 * m["int8_weight_error_row"],
                           "two large rows set the per-tensor scale, and the other rows lose their precision")
        self.assertEqual(m["int8_memory_ratio"], 4.0)


class DistillationTest(unittest.TestCase):
    def test_softmax_with_temperature(self):
        np.testing.assert_allclose(exercise.softmax_t(np.array([[0.0, np.log(3.0)]])), [[0.25, 0.75]], atol=1e-12)
        np.testing.assert_allclose(exercise.softmax_t(np.array([[0.0, np.log(9.0)]]), T=2.0), [[0.25, 0.75]], atol=1e-12,
                                   err_msg="dividing the logits by T = 2")
        np.testing.assert_allclose(exercise.softmax_t(np.array([[1000.0, 0.0, -5.0]]), T=1e6), [[1 / 3] * 3], atol=1e-3)

    def test_loss_by_hand(self):
        loss, grad = exercise.distillation_loss_and_grad(np.array([[0.0, 0.0]]), np.array([[0.25, 0.75]]), 2.0)
        kl = 0.25 * np.log(0.25 / 0.5) + 0.75 * np.log(0.75 / 0.5)
        self.assertAlmostEqual(loss, 4 * kl, places=12, msg="T² · KL(targets || softmax(z / T)) with T = 2")
        np.testing.assert_allclose(grad, [[0.5, -0.5]], atol=1e-12, err_msg="T · (p - targets) / n = 2 · (0.5 - 0.25, 0.5 - 0.75)")

    def test_loss_and_gradient(self):
        rng = np.random.default_rng(1)
        z = rng.normal(size=(5, 4))
        targets = exercise.softmax_t(rng.normal(size=(5, 4)) * 3, 3.0)
        loss, grad = exercise.distillation_loss_and_grad(z, targets, 3.0)
        num = np.zeros_like(z)
        for i in range(5):
            for j in range(4):
                e = np.zeros_like(z)
                e[i, j] = 1e-6
                num[i, j] = (exercise.distillation_loss_and_grad(z + e, targets, 3.0)[0]
                             - exercise.distillation_loss_and_grad(z - e, targets, 3.0)[0]) / 2e-6
        np.testing.assert_allclose(grad, num, atol=1e-7, err_msg="grad = T (softmax_t(z, T) - targets) / n")
        same, g0 = exercise.distillation_loss_and_grad(z, exercise.softmax_t(z, 3.0), 3.0)
        self.assertAlmostEqual(same, 0.0, places=12)
        onehot = np.eye(4)[[0, 1, 2, 3, 0]]
        ce, _ = exercise.distillation_loss_and_grad(z, onehot, 1.0)
        p = exercise.softmax_t(z)
        self.assertAlmostEqual(ce, -np.mean(np.log(p[np.arange(5), [0, 1, 2, 3, 0]])), places=10,
                               msg="with one-hot targets and T = 1 it is the cross-entropy")

    def test_soft_targets_teach_more_than_labels(self):
        hard = exercise.distillation_experiment(None)
        soft = exercise.distillation_experiment(2.0)
        log_metric("distill_agree_hard", hard["agreement"])
        log_metric("distill_agree_soft", soft["agreement"])
        log_metric("distill_ce_hard", hard["cross_entropy"])
        log_metric("distill_ce_soft", soft["cross_entropy"])
        log_metric("distill_ce_gain", hard["cross_entropy"] - soft["cross_entropy"])
        self.assertGreater(hard["cross_entropy"] - soft["cross_entropy"], 0.05,
                           "from the same 32 points, soft targets transfer the teacher's probabilities, not just its choices")
        self.assertGreater(soft["agreement"], 0.85)


if __name__ == "__main__":
    unittest.main()
