"""Tests of M6 (transformer block): exercise.py, through the overview's interface.

    layer_norm(x, gamma, beta, eps=1e-5), gelu(x), feed_forward(x, W1, b1, W2, b2),
    transformer_block(x, params, n_heads) -> (T, d_model), causality_leak(f, x, seed=0) -> float
params keys: ln1_g ln1_b Wq Wk Wv Wo ln2_g ln2_b W1 b1 W2 b2 (numpy layout: x @ W).
attention.py (M5) is given. data/block_reference.json holds PyTorch's output of the block.
"""
import json
import math
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

KEYS = ["ln1_g", "ln1_b", "Wq", "Wk", "Wv", "Wo", "ln2_g", "ln2_b", "W1", "b1", "W2", "b2"]


def reference():
    with open("data/block_reference.json") as f:
        raw = json.load(f)
    return {k: (np.array(v) if isinstance(v, list) else v) for k, v in raw.items()}


class LayerNormTest(unittest.TestCase):
    def test_rows_get_mean_0_and_variance_1(self):
        x = np.random.default_rng(0).normal(3.0, 5.0, (4, 16))
        y = exercise.layer_norm(x, np.ones(16), np.zeros(16))
        np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12, err_msg="each token's features: mean 0")
        np.testing.assert_allclose(y.var(axis=-1), 1.0, rtol=1e-5, err_msg="each token's features: variance 1")

    def test_worked_example_with_gamma_beta_and_eps(self):
        y = exercise.layer_norm(np.array([[1.0, 2.0, 3.0, 6.0]]), np.array([1.0, 1.0, 2.0, 1.0]),
                                np.array([0.0, 0.0, 0.0, 0.5]))
        sd = math.sqrt(3.5 + 1e-5)
        np.testing.assert_allclose(y, [[-2 / sd, -1 / sd, 2 * 0 / sd, 3 / sd + 0.5]], rtol=1e-12,
                                   err_msg="mean 3, population variance 3.5, sqrt(3.5 + 1e-5)")


class GeluTest(unittest.TestCase):
    def test_values(self):
        np.testing.assert_allclose(exercise.gelu(np.array([0.0, 1.0, -1.0, 3.0])),
                                   [0.0, 0.8411919906, -0.1588080094, 2.9963626079], rtol=1e-9,
                                   err_msg="the tanh approximation of GELU")


class BlockTest(unittest.TestCase):
    def setUp(self):
        self.ref = reference()
        self.params = {k: self.ref[k] for k in KEYS}

    def block(self, x):
        return exercise.transformer_block(x, self.params, self.ref["n_heads"])

    def test_feed_forward(self):
        rng = np.random.default_rng(1)
        x, W1, b1, W2, b2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 6)), rng.normal(size=6), \
            rng.normal(size=(6, 4)), rng.normal(size=4)
        z = x @ W1 + b1
        g = 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))
        np.testing.assert_allclose(exercise.feed_forward(x, W1, b1, W2, b2), g @ W2 + b2, rtol=1e-12)

    def test_block_matches_pytorch(self):
        out = self.block(self.ref["x"])
        self.assertEqual(np.shape(out), np.shape(self.ref["x"]), "the block keeps the shape (T, d_model)")
        err = float(np.abs(out - self.ref["output"]).max())
        log_metric("max_err_block", err)
        self.assertLess(err, 1e-9, f"the block differs from PyTorch's by up to {err:.2e}")

    def test_with_zero_output_weights_the_block_is_the_identity(self):
        p = dict(self.params, Wo=np.zeros((8, 8)), W2=np.zeros((32, 8)), b2=np.zeros(8))
        x = self.ref["x"]
        np.testing.assert_allclose(exercise.transformer_block(x, p, 2), x, atol=1e-15,
                                   err_msg="both branches add to a residual stream: with Wo = W2 = b2 = 0 the "
                                           "block returns x unchanged")

    def test_perturbing_a_future_token_leaves_earlier_outputs_unchanged(self):
        x = self.ref["x"]
        T = len(x)
        base = self.block(x)
        rng = np.random.default_rng(11)
        leak, sensitivity = 0.0, math.inf
        for t in range(T - 1):
            changed = x.copy()
            changed[t + 1:] += rng.normal(0.0, 3.0, changed[t + 1:].shape)
            leak = max(leak, float(np.abs(self.block(changed)[:t + 1] - base[:t + 1]).max()))
        for t in range(T):
            changed = x.copy()
            changed[t] += rng.normal(0.0, 1.0, changed[t].shape)
            sensitivity = min(sensitivity, float(np.abs(self.block(changed)[t] - base[t]).max()))
        log_metric("future_leak", leak)
        log_metric("present_sensitivity", sensitivity)
        self.assertLessEqual(leak, 1e-12, f"changing tokens after t changed the outputs up to t by {leak:.3e}: "
                                          "the block attends ahead")
        self.assertGreater(sensitivity, 1e-3, "changing token t should change output t (a positive control)")


class CausalityLeakTest(unittest.TestCase):
    def test_zero_for_causal_functions_and_positive_for_others(self):
        x = np.random.default_rng(2).normal(size=(5, 3))
        self.assertEqual(exercise.causality_leak(lambda a: np.cumsum(a, axis=0), x), 0.0,
                         "a running sum only reads the past: leak 0")
        self.assertGreater(exercise.causality_leak(lambda a: np.cumsum(a[::-1], axis=0)[::-1], x), 0.1,
                           "a sum of the future leaks")
        self.assertGreater(exercise.causality_leak(lambda a: a + a.mean(axis=0), x), 0.01,
                           "a mean over all tokens leaks")

    def test_your_leak_of_your_block(self):
        ref = reference()
        params = {k: ref[k] for k in KEYS}
        self.assertLessEqual(exercise.causality_leak(lambda a: exercise.transformer_block(a, params, 2), ref["x"]), 1e-12)


if __name__ == "__main__":
    unittest.main()
