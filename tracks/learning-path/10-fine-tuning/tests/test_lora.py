"""Tests of Stage 10 (Fine-Tuning): LoRA in numpy (init, forward, gradients, training, merge,
parameter count), held-out loss against the frozen base and full fine-tuning, a learning curve,
and the cost arithmetic of a 7B job.

They use only the interface the overview states:
    lora_init(d_in, d_out, r, seed) -> A (r, d_in), B (d_out, r)
    lora_forward(X, W0, A, B, alpha); lora_grads(X, Y, W0, A, B, alpha) -> (dA, dB)
    train_lora(X, Y, W0, r, alpha, lr, steps, seed) -> A, B, losses; merge(W0, A, B, alpha)
    lora_param_count(d_in, d_out, r); learning_curve(sizes, X, Y, X_test, Y_test, W0, r, alpha, lr, steps)
    transformer_lora_params, finetune_memory_gb, training_tokens, training_flops, gpu_hours
"""
import unittest

import numpy as np

import exercise
from exercise import make_task, mse

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def numerical_grad(f, P, eps=1e-6):
    g = np.zeros_like(P)
    for idx in np.ndindex(P.shape):
        old = P[idx]
        P[idx] = old + eps
        up = f()
        P[idx] = old - eps
        down = f()
        P[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


class LoraTest(unittest.TestCase):
    def test_init_shapes_zero_B_and_scale_of_A(self):
        A, B = exercise.lora_init(400, 30, 5, seed=1)
        self.assertEqual(np.shape(A), (5, 400), "A is (r, d_in)")
        self.assertEqual(np.shape(B), (30, 5), "B is (d_out, r)")
        self.assertTrue(np.all(np.asarray(B) == 0), "B starts at zero, so B A = 0 and training starts from the base")
        self.assertAlmostEqual(float(np.std(A)), 1 / np.sqrt(400), delta=0.1 / np.sqrt(400),
                               msg="A's entries come from N(0, 1/d_in): std about 1/sqrt(d_in)")
        A2, _ = exercise.lora_init(400, 30, 5, seed=1)
        np.testing.assert_array_equal(A, A2, err_msg="the same seed gives the same A")

    def test_forward_is_the_merged_weight_applied_to_x(self):
        rng = np.random.default_rng(0)
        X, W0 = rng.normal(size=(7, 6)), rng.normal(size=(4, 6))
        A, B = rng.normal(size=(3, 6)), rng.normal(size=(4, 3))
        expected = X @ (W0 + (5.0 / 3) * B @ A).T
        np.testing.assert_allclose(exercise.lora_forward(X, W0, A, B, 5.0), expected, atol=1e-12,
                                   err_msg="X (W0 + (alpha/r) B A)^T with r = A.shape[0]")
        np.testing.assert_allclose(exercise.merge(W0, A, B, 5.0), W0 + (5.0 / 3) * B @ A, atol=1e-12)
        np.testing.assert_allclose(exercise.lora_forward(X, W0, A, np.zeros((4, 3)), 5.0), X @ W0.T, atol=1e-12,
                                   err_msg="with B = 0 the layer is the base layer")

    def test_gradients_of_the_worked_example(self):
        W0 = np.eye(2)
        A, B = np.array([[1.0, 2.0]]), np.array([[0.5], [-1.0]])
        X, Y = np.array([[1.0, 1.0]]), np.array([[2.0, -2.0]])
        self.assertAlmostEqual(mse(exercise.lora_forward(X, W0, A, B, 1.0), Y), 0.125, places=12)
        dA, dB = exercise.lora_grads(X, Y, W0, A, B, 1.0)
        np.testing.assert_allclose(dA, [[0.25, 0.25]], atol=1e-12, err_msg="dA = s B^T G = [[0.25, 0.25]]")
        np.testing.assert_allclose(dB, [[1.5], [0.0]], atol=1e-12, err_msg="dB = s G A^T = [[1.5], [0]]")

    def test_gradients_match_numerical_ones(self):
        rng = np.random.default_rng(3)
        X, Y, W0 = rng.normal(size=(9, 5)), rng.normal(size=(9, 4)), rng.normal(size=(4, 5))
        A, B = rng.normal(size=(2, 5)), rng.normal(size=(4, 2))
        alpha = 3.0
        dA, dB = exercise.lora_grads(X, Y, W0, A, B, alpha)
        loss = lambda: mse(X @ (W0 + alpha / 2 * B @ A).T, Y)  # noqa: E731
        np.testing.assert_allclose(dA, numerical_grad(loss, A), rtol=1e-5, atol=1e-7, err_msg="dA against finite differences")
        np.testing.assert_allclose(dB, numerical_grad(loss, B), rtol=1e-5, atol=1e-7, err_msg="dB against finite differences")

    def test_training_starts_from_the_base_and_never_touches_W0(self):
        W0, X, Y, _, _ = make_task(seed=1, n_train=60)
        W0_before = W0.copy()
        A, B, losses = exercise.train_lora(X, Y, W0, 2, 4, 0.25, 50, seed=0)
        np.testing.assert_array_equal(W0, W0_before, err_msg="W0 is frozen: training must not change it")
        self.assertEqual(len(losses), 50, "one loss per step, measured before the step")
        self.assertAlmostEqual(losses[0], mse(X @ W0.T, Y), places=10,
                               msg="the first loss is the base model's: B starts at zero")
        self.assertLess(losses[-1], 0.5 * losses[0], "the training loss should fall")

    def test_parameter_counts(self):
        self.assertEqual(exercise.lora_param_count(64, 32, 4), 384)
        self.assertEqual(exercise.lora_param_count(4096, 4096, 8), 65_536, "r (d_in + d_out) = 8 * 8192")


class TaskTest(unittest.TestCase):
    def test_lora_beats_the_frozen_base_and_full_fine_tuning_on_held_out_rows(self):
        """100 training rows, rank 4, alpha 8, lr 0.25, 300 steps; 1,000 held-out rows."""
        W0, X, Y, Xt, Yt = make_task()
        A, B, losses = exercise.train_lora(X, Y, W0, 4, 8, 0.25, 300, seed=0)
        for step in range(0, 300, 10):
            log_metric("train_mse_lora", losses[step], step)
        base = mse(Xt @ W0.T, Yt)
        lora = mse(exercise.lora_forward(Xt, W0, A, B, 8), Yt)
        full = mse(Xt @ exercise.train_full(X, Y, W0, 1.0, 300).T, Yt)
        merged = mse(Xt @ exercise.merge(W0, A, B, 8).T, Yt)
        log_metric("heldout_mse_base", base)
        log_metric("heldout_mse_lora", lora)
        log_metric("heldout_mse_full", full)
        self.assertLess(lora, 0.4, f"LoRA's held-out MSE is {lora:.3f}; the base's is {base:.3f}; want < 0.4")
        self.assertLess(lora, full, "with 100 rows the rank-4 update should generalise better than full fine-tuning")
        self.assertAlmostEqual(merged, lora, places=10, msg="the merged weight must give the same outputs")

    def test_learning_curve_falls_with_more_rows(self):
        W0, X, Y, Xt, Yt = make_task()
        curve = [float(v) for v in exercise.learning_curve([25, 50, 100], X, Y, Xt, Yt, W0, 4, 8, 0.25, 300)]
        for n, v in zip((25, 50, 100), curve):
            log_metric("learning_curve_mse", v, n)
        self.assertEqual(len(curve), 3)
        self.assertTrue(curve[0] > curve[1] > curve[2], f"held-out MSE should fall with more rows: {curve}")
        A, B, _ = exercise.train_lora(X, Y, W0, 4, 8, 0.25, 300)
        self.assertAlmostEqual(curve[2], mse(exercise.lora_forward(Xt, W0, A, B, 8), Yt), places=10,
                               msg="the last point trains on the first 100 rows, i.e. all of them")


class CostTest(unittest.TestCase):
    def test_lora_on_q_and_v_of_a_7b_model(self):
        self.assertEqual(exercise.transformer_lora_params(32, 4096, 8, 2), 4_194_304,
                         "32 layers x 2 matrices x 8 x (4096 + 4096)")

    def test_memory(self):
        n, t = 7e9, 4_194_304
        self.assertAlmostEqual(exercise.finetune_memory_gb(n, "full"), 112.0, places=6, msg="16 bytes x 7e9 = 112 GB")
        self.assertAlmostEqual(exercise.finetune_memory_gb(n, "lora", t), 14.0 + 16 * t / 1e9, places=6,
                               msg="2 bytes per frozen weight + 16 per trainable parameter")
        self.assertAlmostEqual(exercise.finetune_memory_gb(n, "qlora", t), 3.5 + 16 * t / 1e9, places=6,
                               msg="0.5 bytes per 4-bit frozen weight + 16 per trainable parameter")

    def test_tokens_flops_and_hours(self):
        tokens = exercise.training_tokens(1000, 512, 3)
        self.assertEqual(tokens, 1_536_000)
        self.assertAlmostEqual(exercise.training_flops(7e9, tokens, "full") / 1e16, 6.4512, places=6, msg="6 N D")
        self.assertAlmostEqual(exercise.training_flops(7e9, tokens, "lora") / 1e16, 4.3008, places=6, msg="4 N D")
        self.assertAlmostEqual(exercise.training_flops(7e9, tokens, "qlora") / 1e16, 4.3008, places=6, msg="4 N D")
        hours = exercise.gpu_hours(4.3008e16, 312e12, 0.4)
        self.assertAlmostEqual(hours, 4.3008e16 / (312e12 * 0.4) / 3600, places=9)
        log_metric("lora_7b_gpu_minutes", hours * 60)


if __name__ == "__main__":
    unittest.main()
