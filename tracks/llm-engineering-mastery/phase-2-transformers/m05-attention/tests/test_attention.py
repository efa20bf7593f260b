"""Tests of M5 (attention): exercise.py, through the overview's interface.

    softmax(x, axis=-1), causal_mask(T), attention_scores(Q, K) -> (..., T_q, T_k),
    attention(Q, K, V, mask=None) -> (output, weights),
    split_heads(X, n_heads), merge_heads(X),
    multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, mask=None) -> (output, weights)
The reference values in data/attention_reference.json were computed with PyTorch.
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


def reference():
    with open("data/attention_reference.json") as f:
        raw = json.load(f)
    return {k: (np.array(v) if isinstance(v, list) else v) for k, v in raw.items()}


def worked_example():
    Q = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]])
    K = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [1, 1, 0, 0]])
    V = np.array([[1.0, 0], [0, 1], [1, 1]])
    return Q, K, V


class SoftmaxTest(unittest.TestCase):
    def test_rows_sum_to_one_and_large_values_do_not_overflow(self):
        p = exercise.softmax(np.array([[1000.0, 1001.0], [0.0, 0.0]]))
        np.testing.assert_allclose(p, [[1 / (1 + math.e), math.e / (1 + math.e)], [0.5, 0.5]], rtol=1e-12)

    def test_minus_infinity_gets_exactly_zero(self):
        p = exercise.softmax(np.array([0.0, -np.inf, 0.0]))
        np.testing.assert_array_equal(p, [0.5, 0.0, 0.5])

    def test_other_axis(self):
        x = np.array([[0.0, 1.0], [2.0, 3.0]])
        np.testing.assert_allclose(exercise.softmax(x, axis=0).sum(axis=0), [1.0, 1.0])


class WorkedExampleTest(unittest.TestCase):
    def test_mask(self):
        np.testing.assert_array_equal(exercise.causal_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
        self.assertEqual(exercise.causal_mask(3).dtype, bool)

    def test_scores_weights_output(self):
        Q, K, V = worked_example()
        np.testing.assert_allclose(exercise.attention_scores(Q, K), [[2, 0, 1], [0, 2, 1], [2, 2, 2]], rtol=1e-12,
                                   err_msg="scores = Q K^T / sqrt(4)")
        out, w = exercise.attention(Q, K, V, exercise.causal_mask(3))
        s = 1 / (1 + math.e ** 2)
        np.testing.assert_allclose(w, [[1, 0, 0], [s, 1 - s, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-12)
        np.testing.assert_allclose(out, [[1, 0], [s, 1 - s], [2 / 3, 2 / 3]], rtol=1e-12)


class AgainstReferenceTest(unittest.TestCase):
    """Your functions on the fixed inputs, against PyTorch's outputs."""

    def setUp(self):
        self.ref = reference()

    def test_single_head_scores_weights_and_output(self):
        r = self.ref
        T = len(r["Q"])
        scores = exercise.attention_scores(r["Q"], r["K"])
        out, w = exercise.attention(r["Q"], r["K"], r["V"], exercise.causal_mask(T))
        errors = {"scores": np.abs(scores - r["scores"]).max(), "weights": np.abs(w - r["weights"]).max(),
                  "output": np.abs(out - r["output"]).max()}
        for name, err in errors.items():
            log_metric(f"max_err_{name}", float(err))
        for name, err in errors.items():
            self.assertLess(err, 1e-9, f"{name} differ from the reference by up to {err:.2e}")

    def test_multi_head_output_and_weights(self):
        r = self.ref
        T = len(r["x"])
        out, w = exercise.multi_head_attention(r["x"], r["Wq"], r["Wk"], r["Wv"], r["Wo"], r["n_heads"],
                                               exercise.causal_mask(T))
        self.assertEqual(np.shape(w), (2, T, T), "weights: one (T, T) matrix per head")
        err = max(np.abs(out - r["mha_output"]).max(), np.abs(w - r["mha_weights"]).max())
        log_metric("max_err_mha", float(err))
        self.assertLess(err, 1e-9, f"multi-head attention differs from PyTorch's by up to {err:.2e}")


class PropertiesTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(7)
        self.Q, self.K, self.V = rng.normal(size=(6, 8)), rng.normal(size=(6, 8)), rng.normal(size=(6, 5))

    def test_weights_are_probabilities_and_masked_ones_are_exactly_zero(self):
        _, w = exercise.attention(self.Q, self.K, self.V, exercise.causal_mask(6))
        np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=1e-12)
        self.assertTrue(np.all(w[np.triu_indices(6, 1)] == 0.0), "weights above the diagonal must be exactly 0")

    def test_queries_and_keys_of_different_lengths(self):
        out, w = exercise.attention(self.Q[:2], self.K, self.V)
        self.assertEqual((np.shape(out), np.shape(w)), ((2, 5), (2, 6)))

    def test_a_query_aligned_with_one_key_reads_that_value(self):
        K = self.K / np.linalg.norm(self.K, axis=1, keepdims=True)
        out, w = exercise.attention(20.0 * K[[3]], K, self.V)
        self.assertGreater(w[0, 3], 0.99, "a query equal to a (scaled) key puts its weight on that key")
        np.testing.assert_allclose(out[0], self.V[3], atol=0.05)

    def test_permuting_the_tokens_permutes_the_outputs(self):
        perm = np.array([3, 0, 5, 1, 4, 2])
        out, _ = exercise.attention(self.Q, self.K, self.V)
        out_p, _ = exercise.attention(self.Q[perm], self.K[perm], self.V[perm])
        np.testing.assert_allclose(out_p, out[perm], rtol=1e-10,
                                   err_msg="without a mask, attention has no notion of order")

    def test_scaling_keeps_score_variance_near_one(self):
        rng = np.random.default_rng(0)
        for d in (16, 256):
            s = exercise.attention_scores(rng.normal(size=(400, d)), rng.normal(size=(400, d)))
            self.assertLess(abs(float(np.var(s)) - 1.0), 0.15, f"d_k = {d}: variance of the scores")

    def test_heads_split_and_merge(self):
        X = np.arange(12.0).reshape(2, 6)
        H = exercise.split_heads(X, 3)
        np.testing.assert_array_equal(H[1], [[2, 3], [8, 9]], err_msg="head 1 gets columns 2 and 3")
        np.testing.assert_array_equal(exercise.merge_heads(H), X)

    def test_multi_head_with_one_head_is_single_head_attention(self):
        rng = np.random.default_rng(3)
        x = rng.normal(size=(4, 6))
        Wq, Wk, Wv, Wo = (rng.normal(size=(6, 6)) for _ in range(4))
        out, _ = exercise.multi_head_attention(x, Wq, Wk, Wv, Wo, 1, exercise.causal_mask(4))
        single, _ = exercise.attention(x @ Wq, x @ Wk, x @ Wv, exercise.causal_mask(4))
        np.testing.assert_allclose(out, single @ Wo, rtol=1e-10)


if __name__ == "__main__":
    unittest.main()
