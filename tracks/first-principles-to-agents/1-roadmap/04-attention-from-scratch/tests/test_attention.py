"""Tests of Section 4 (Attention From Scratch): exercise.py against a reference, the worked
example, the causal and padding masks, and the causality test.

Interface (the overview states it):
    softmax(x, axis=-1)
    causal_mask(T)                         -> bool (T, T), True where j <= i
    padding_mask(lengths, T)               -> bool (B, 1, T), True where j < lengths[b]
    scaled_dot_product_attention(q, k, v, mask=None) -> (out, weights), any leading batch dims
    self_attention(x, Wq, Wk, Wv, mask=None)         -> out
"""
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def reference_attention(q, k, v, mask=None):
    """The formula, written out one query at a time with plain loops (no broadcasting tricks)."""
    q, k, v = np.asarray(q, float), np.asarray(k, float), np.asarray(v, float)
    lead = q.shape[:-2]
    out = np.zeros(lead + (q.shape[-2], v.shape[-1]))
    weights = np.zeros(lead + (q.shape[-2], k.shape[-2]))
    full_mask = None if mask is None else np.broadcast_to(mask, lead + (q.shape[-2], k.shape[-2]))
    for idx in np.ndindex(*lead):
        for i in range(q.shape[-2]):
            s = np.array([q[idx][i] @ k[idx][j] for j in range(k.shape[-2])]) / np.sqrt(q.shape[-1])
            allowed = np.ones(len(s), bool) if full_mask is None else full_mask[idx][i]
            e = np.where(allowed, np.exp(s - s[allowed].max()), 0.0)
            weights[idx][i] = e / e.sum()
            out[idx][i] = weights[idx][i] @ v[idx]
    return out, weights


# The worked example of the overview.
Q = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]])
K = np.array([[1.0, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])
V = np.array([[1.0, 0], [0, 1], [2, 2]])


class SoftmaxTest(unittest.TestCase):
    def test_rows_sum_to_one_on_any_axis(self):
        x = np.random.default_rng(0).normal(size=(3, 4))
        np.testing.assert_allclose(exercise.softmax(x).sum(axis=-1), 1.0, atol=1e-12)
        np.testing.assert_allclose(exercise.softmax(x, axis=0).sum(axis=0), 1.0, atol=1e-12,
                                   err_msg="softmax(x, axis=0) should normalise each column")

    def test_stable_and_minus_infinity_gives_zero(self):
        with np.errstate(over="raise", invalid="raise"):
            p = exercise.softmax(np.array([[1000.0, 1001.0, -np.inf]]))
        np.testing.assert_allclose(p, [[1 / (1 + np.e), np.e / (1 + np.e), 0.0]], atol=1e-12,
                                   err_msg="subtract the row max before exp; exp(-inf) = 0")


class MaskTest(unittest.TestCase):
    def test_causal_mask(self):
        m = np.asarray(exercise.causal_mask(4))
        self.assertEqual(m.dtype, np.bool_, "causal_mask returns bools")
        np.testing.assert_array_equal(m, [[j <= i for j in range(4)] for i in range(4)],
                                      err_msg="True at [i, j] exactly when j <= i (the lower triangle)")

    def test_padding_mask(self):
        m = np.asarray(exercise.padding_mask([3, 1], 4))
        self.assertEqual(m.shape, (2, 1, 4), "padding_mask is (B, 1, T) so it broadcasts over queries")
        np.testing.assert_array_equal(m[:, 0], [[True, True, True, False], [True, False, False, False]])


class AttentionTest(unittest.TestCase):
    def test_worked_example_without_mask(self):
        out, w = exercise.scaled_dot_product_attention(Q, K, V)
        e = np.e
        np.testing.assert_allclose(w[0], [e / (2 * e + 1), 1 / (2 * e + 1), e / (2 * e + 1)], atol=1e-12,
                                   err_msg="row 0 of the weights, no mask: scores (1, 0, 1) after dividing by sqrt(4)")
        np.testing.assert_allclose(out, reference_attention(Q, K, V)[0], atol=1e-12)

    def test_worked_example_with_causal_mask(self):
        out, w = exercise.scaled_dot_product_attention(Q, K, V, exercise.causal_mask(3))
        e = np.e
        np.testing.assert_allclose(w, [[1, 0, 0], [1 / (1 + e), e / (1 + e), 0], [1 / (2 + e), 1 / (2 + e), e / (2 + e)]],
                                   atol=1e-12, err_msg="weights of the worked example with the causal mask")
        row2 = (1 + 2 * e) / (2 + e)                     # (1/(2+e))·(1,0) + (1/(2+e))·(0,1) + (e/(2+e))·(2,2)
        np.testing.assert_allclose(out, [[1, 0], [1 / (1 + e), e / (1 + e)], [row2, row2]], atol=1e-12,
                                   err_msg="output of the worked example with the causal mask")

    def test_matches_the_reference_on_batches_with_different_lengths(self):
        rng = np.random.default_rng(1)
        q, k, v = rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 7, 8)), rng.normal(size=(2, 3, 7, 4))
        worst = 0.0
        for mask in (None, rng.random((5, 7)) < 0.7, np.ones((5, 7), bool)):
            if mask is not None:
                mask[:, 0] = True                      # every query keeps at least one key
            out, w = exercise.scaled_dot_product_attention(q, k, v, mask)
            ref_out, ref_w = reference_attention(q, k, v, mask)
            self.assertEqual(np.shape(out), (2, 3, 5, 4), "out is (..., T_q, d_v)")
            self.assertEqual(np.shape(w), (2, 3, 5, 7), "weights are (..., T_q, T_k)")
            np.testing.assert_allclose(w, ref_w, atol=1e-10, err_msg="weights differ from softmax(q kᵀ / √d_k)")
            np.testing.assert_allclose(out, ref_out, atol=1e-10, err_msg="out differs from weights @ v")
            worst = max(worst, float(np.abs(out - ref_out).max()))
        log_metric("max_abs_error", worst)

    def test_scores_are_divided_by_sqrt_dk(self):
        """With all-equal values, out does not show the scale; the weights do."""
        rng = np.random.default_rng(2)
        q, k = rng.normal(size=(4, 16)), rng.normal(size=(4, 16))
        _, w = exercise.scaled_dot_product_attention(q, k, np.eye(4))
        expected = np.exp(q @ k.T / 4.0)
        np.testing.assert_allclose(w, expected / expected.sum(axis=1, keepdims=True), atol=1e-12,
                                   err_msg="divide q kᵀ by sqrt(d_k) = 4 here, not by d_k and not by nothing")

    def test_masked_weights_are_exactly_zero_and_rows_sum_to_one(self):
        rng = np.random.default_rng(3)
        q, k, v = (rng.normal(size=(6, 4)) for _ in range(3))
        _, w = exercise.scaled_dot_product_attention(q, k, v, exercise.causal_mask(6))
        w = np.asarray(w)
        self.assertTrue(np.all(w[np.triu_indices(6, 1)] == 0.0), "weights above the diagonal must be exactly 0: "
                        "mask the scores with -inf before the softmax (not 0, not after)")
        np.testing.assert_allclose(w.sum(axis=-1), 1.0, atol=1e-12, err_msg="each row of weights sums to 1")


class CausalityTest(unittest.TestCase):
    def test_changing_the_future_never_changes_the_past(self):
        rng = np.random.default_rng(4)
        T, d = 8, 6
        x = rng.normal(size=(T, d))
        Wq, Wk, Wv = (rng.normal(size=(d, 5)) / np.sqrt(d) for _ in range(3))
        base = exercise.self_attention(x, Wq, Wk, Wv, exercise.causal_mask(T))
        leak = 0.0
        for t in range(T - 1):
            changed = x.copy()
            changed[t + 1:] = rng.normal(size=(T - t - 1, d)) * 10
            out = exercise.self_attention(changed, Wq, Wk, Wv, exercise.causal_mask(T))
            leak = max(leak, float(np.abs(out[:t + 1] - base[:t + 1]).max()))
        log_metric("future_leak", leak)
        self.assertEqual(leak, 0.0, "with the causal mask, outputs 0..t must not depend on tokens after t")

    def test_without_a_mask_the_future_leaks(self):
        rng = np.random.default_rng(5)
        x = rng.normal(size=(5, 4))
        Wq, Wk, Wv = (rng.normal(size=(4, 4)) for _ in range(3))
        changed = x.copy()
        changed[4] += 5.0
        a, b = exercise.self_attention(x, Wq, Wk, Wv), exercise.self_attention(changed, Wq, Wk, Wv)
        self.assertGreater(np.abs(a[0] - b[0]).max(), 1e-6, "without a mask, position 0 reads position 4")

    def test_padding_keys_are_ignored(self):
        """Two sequences of lengths 5 and 3 padded to 5: whatever sits in the padding, outputs stay the same."""
        rng = np.random.default_rng(6)
        x = rng.normal(size=(2, 5, 4))
        Wq, Wk, Wv = (rng.normal(size=(4, 3)) for _ in range(3))
        mask = exercise.padding_mask([5, 3], 5) & exercise.causal_mask(5)
        base = exercise.self_attention(x, Wq, Wk, Wv, mask)
        junk = x.copy()
        junk[1, 3:] = 1e3
        out = exercise.self_attention(junk, Wq, Wk, Wv, mask)
        np.testing.assert_allclose(out[1, :3], base[1, :3], atol=1e-12,
                                   err_msg="real tokens must not attend to padding keys")
        alone = exercise.self_attention(x[1, :3], Wq, Wk, Wv, exercise.causal_mask(3))
        np.testing.assert_allclose(base[1, :3], alone, atol=1e-12,
                                   err_msg="a padded sequence should give what it gives alone, unpadded")


if __name__ == "__main__":
    unittest.main()
