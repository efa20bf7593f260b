"""Tests of attention in experiment.py: a stable softmax, the causal mask, the scaled scores,
scaled dot-product attention against the formula and the worked example, and a causal
self-attention head that never looks at the future."""
import unittest

import numpy as np

from experiment import (CausalSelfAttentionHead, attention_scores, causal_mask, scaled_dot_product_attention,
                        softmax)


def own_softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def own_attention(q, k, v, mask=None):
    scores = q @ k.T / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    w = own_softmax(scores)
    return w @ v, w


# The worked example of the overview.
Q = np.array([[1.0, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]])
K = np.array([[1.0, 0, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]])
V = np.array([[1.0, 0], [0, 1], [1, 1]])


class SoftmaxTest(unittest.TestCase):
    def test_values_and_rows_sum_to_one(self):
        x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
        np.testing.assert_allclose(softmax(x), own_softmax(x), atol=1e-12, err_msg="softmax along the last axis")
        np.testing.assert_allclose(softmax(x).sum(axis=-1), 1.0, atol=1e-12, err_msg="each row sums to 1")

    def test_other_axis(self):
        x = np.random.default_rng(0).normal(size=(3, 4))
        np.testing.assert_allclose(softmax(x, axis=0), own_softmax(x.T).T, atol=1e-12,
                                   err_msg="softmax(x, axis=0) normalises each column")

    def test_large_inputs_do_not_overflow(self):
        with np.errstate(over='raise', invalid='raise'):
            p = softmax(np.array([1000.0, 1001.0, 1002.0]))
        np.testing.assert_allclose(p, own_softmax(np.array([0.0, 1.0, 2.0])), atol=1e-12,
                                   err_msg="subtract the max first: softmax(x) == softmax(x - max)")

    def test_minus_infinity_gets_weight_zero(self):
        p = softmax(np.array([[0.5, 1.0, -np.inf]]))
        self.assertEqual(p[0, 2], 0.0, "exp(-inf) = 0: a masked entry gets exactly 0")
        np.testing.assert_allclose(p[0, :2], own_softmax(np.array([0.5, 1.0])), atol=1e-12)


class MaskTest(unittest.TestCase):
    def test_causal_mask_is_lower_triangular_bool(self):
        m = np.asarray(causal_mask(4))
        self.assertEqual(m.dtype, np.bool_, "causal_mask returns a bool array")
        expected = np.array([[j <= i for j in range(4)] for i in range(4)])
        np.testing.assert_array_equal(m, expected, err_msg="True at [i, j] exactly when j <= i")
        self.assertEqual(int(np.asarray(causal_mask(5)).sum()), 15, "T(T+1)/2 allowed pairs for T = 5")


class ScoresTest(unittest.TestCase):
    def test_scores_are_scaled_dot_products_with_minus_inf_where_masked(self):
        rng = np.random.default_rng(1)
        q, k = rng.normal(size=(4, 9)), rng.normal(size=(4, 9))
        np.testing.assert_allclose(attention_scores(q, k), q @ k.T / 3.0, atol=1e-12,
                                   err_msg="scores = q k^T / sqrt(d_k) (here d_k = 9)")
        s = np.asarray(attention_scores(q, k, causal_mask(4)))
        self.assertTrue(np.all(s[np.triu_indices(4, 1)] <= -1e9), "masked scores are -inf")
        np.testing.assert_allclose(s[np.tril_indices(4)], (q @ k.T / 3.0)[np.tril_indices(4)], atol=1e-12)

    def test_scaling_keeps_the_variance_near_one(self):
        """Unit-variance q and k: var(q.k) is about d_k; after / sqrt(d_k) it is about 1."""
        rng = np.random.default_rng(2)
        for d_k in (16, 256):
            q, k = rng.normal(size=(400, d_k)), rng.normal(size=(400, d_k))
            raw = (q @ k.T).var()
            self.assertTrue(0.8 * d_k < raw < 1.2 * d_k, "sanity: var(q.k) ≈ d_k")
            var = np.asarray(attention_scores(q, k)).var()
            self.assertTrue(0.8 < var < 1.2, f"d_k={d_k}: variance of the scores should be ≈ 1, got {var:.3f}")


class AttentionTest(unittest.TestCase):
    def test_worked_example_by_hand(self):
        out, w = scaled_dot_product_attention(Q, K, V, causal_mask(3))
        e = np.exp(0.5)
        expected_w = [[1, 0, 0],
                      [1 / (1 + e), e / (1 + e), 0],
                      [e / (2 * e + np.e), e / (2 * e + np.e), np.e / (2 * e + np.e)]]
        np.testing.assert_allclose(w, expected_w, atol=1e-12, err_msg="weights of the 3-token example")
        np.testing.assert_allclose(out, [[1, 0], [0.377541, 0.622459], [0.725931, 0.725931]], atol=1e-6,
                                   err_msg="output of the 3-token example")

    def test_matches_the_formula_with_and_without_mask(self):
        rng = np.random.default_rng(3)
        q, k, v = rng.normal(size=(5, 8)), rng.normal(size=(5, 8)), rng.normal(size=(5, 3))
        for mask in (None, causal_mask(5)):
            out, w = scaled_dot_product_attention(q, k, v, mask)
            exp_out, exp_w = own_attention(q, k, v, mask)
            np.testing.assert_allclose(w, exp_w, atol=1e-12, err_msg="weights = softmax(q k^T / sqrt(d_k))")
            np.testing.assert_allclose(out, exp_out, atol=1e-12, err_msg="out = weights @ v")

    def test_weights_rows_sum_to_one_and_masked_are_exactly_zero(self):
        rng = np.random.default_rng(4)
        q, k, v = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
        _, w = scaled_dot_product_attention(q, k, v, causal_mask(6))
        np.testing.assert_allclose(np.asarray(w).sum(axis=-1), 1.0, atol=1e-12, err_msg="each row of weights sums to 1")
        self.assertTrue(np.all(np.asarray(w)[np.triu_indices(6, 1)] == 0.0), "weights above the diagonal are exactly 0")

    def test_different_lengths_and_value_width(self):
        rng = np.random.default_rng(5)
        q, k, v = rng.normal(size=(2, 4)), rng.normal(size=(7, 4)), rng.normal(size=(7, 3))
        out, w = scaled_dot_product_attention(q, k, v)
        self.assertEqual(np.asarray(w).shape, (2, 7), "weights are (T_q, T_k)")
        self.assertEqual(np.asarray(out).shape, (2, 3), "out is (T_q, d_v)")
        np.testing.assert_allclose(out, own_attention(q, k, v)[0], atol=1e-12)

    def test_without_mask_permuting_the_tokens_permutes_the_output(self):
        rng = np.random.default_rng(6)
        q, k, v = rng.normal(size=(5, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
        perm = rng.permutation(5)
        out, _ = scaled_dot_product_attention(q, k, v)
        out_p, _ = scaled_dot_product_attention(q[perm], k[perm], v[perm])
        np.testing.assert_allclose(out_p, np.asarray(out)[perm], atol=1e-12,
                                   err_msg="attention has no notion of order: it is permutation-equivariant")


class HeadTest(unittest.TestCase):
    def test_weight_shapes_and_scale(self):
        head = CausalSelfAttentionHead(256, 32, np.random.default_rng(7))
        for name in ('Wq', 'Wk', 'Wv'):
            W = getattr(head, name)
            self.assertEqual(W.shape, (256, 32), f"{name} is (d_model, d_head)")
            self.assertAlmostEqual(float(W.std()), 1 / 16, delta=0.05 / 16,
                                   msg=f"{name} std should be 1/sqrt(d_model) = 0.0625, got {W.std():.4f}")
        self.assertFalse(np.allclose(head.Wq, head.Wk), "Wq and Wk are drawn separately")

    def test_output_matches_the_formula(self):
        rng = np.random.default_rng(8)
        head = CausalSelfAttentionHead(6, 4, rng)
        x = rng.normal(size=(5, 6))
        out = head(x)
        expected, _ = own_attention(x @ head.Wq, x @ head.Wk, x @ head.Wv, causal_mask(5))
        self.assertEqual(np.asarray(out).shape, (5, 4), "head(x) is (T, d_head)")
        np.testing.assert_allclose(out, expected, atol=1e-12,
                                   err_msg="head(x) = causal attention of x Wq, x Wk, x Wv")
        np.testing.assert_allclose(np.asarray(out)[0], x[0] @ head.Wv, atol=1e-12,
                                   err_msg="the first token can only attend to itself: out[0] = v[0]")

    def test_changing_the_future_never_changes_the_past(self):
        rng = np.random.default_rng(9)
        head = CausalSelfAttentionHead(8, 8, rng)
        x = rng.normal(size=(7, 8))
        base = np.asarray(head(x)).copy()
        for t in range(6):
            y = x.copy()
            y[t + 1:] = rng.normal(size=(6 - t, 8)) * 5
            np.testing.assert_allclose(np.asarray(head(y))[:t + 1], base[:t + 1], atol=1e-12,
                                       err_msg=f"changing x[{t + 1}:] changed out[:{t + 1}]: the mask leaks the future")
            self.assertFalse(np.allclose(np.asarray(head(y))[t + 1:], base[t + 1:]),
                             "later outputs do depend on the changed tokens")


if __name__ == '__main__':
    unittest.main()
