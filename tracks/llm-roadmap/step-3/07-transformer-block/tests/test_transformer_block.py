"""Tests of the Transformer block (exercise.py).

They use only the interface the overview states:
    softmax(x, axis) ; causal_mask(T) -> (T, T) bool, True = allowed
    attention(Q, K, V, mask) -> (output, weights)
    layer_norm(x, gamma, beta, eps) ; feed_forward(x, W1, b1, W2, b2)
    transformer_block(x, p, causal) -> (y, weights), p as made by init_block(d, seed) (given)
    block_parameter_count(d)
"""
import unittest

import numpy as np

import exercise


def reference_block(x, p, causal=True):
    """An independent version of the block, written the long way."""
    def ln(v, g, b):
        out = np.empty_like(v)
        for t in range(len(v)):
            mu = sum(v[t]) / len(v[t])
            var = sum((v[t] - mu) ** 2) / len(v[t])
            out[t] = (v[t] - mu) / np.sqrt(var + 1e-5) * g + b
        return out
    T, d = x.shape
    a = ln(x, p["ln1_g"], p["ln1_b"])
    q, k, v = a @ p["Wq"], a @ p["Wk"], a @ p["Wv"]
    heads = np.zeros((T, d))
    for i in range(T):
        keys = range(i + 1) if causal else range(T)
        s = np.array([q[i] @ k[j] / np.sqrt(d) for j in keys])
        w = np.exp(s - s.max())
        w /= w.sum()
        heads[i] = sum(w[n] * v[j] for n, j in enumerate(keys))
    x = x + heads @ p["Wo"]
    m = ln(x, p["ln2_g"], p["ln2_b"])
    return x + np.maximum(m @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]


class AttentionTest(unittest.TestCase):
    def test_attention_by_hand(self):
        # d_k = 4, so scores are divided by 2. Query (2,0,0,0): scores 4/2 = 2 and 0/2 = 0.
        Q = np.array([[2.0, 0, 0, 0]])
        K = np.array([[2.0, 0, 0, 0], [0, 2.0, 0, 0]])
        V = np.array([[10.0, 0], [0, 10.0]])
        out, w = exercise.attention(Q, K, V)
        e = np.exp(2.0)
        np.testing.assert_allclose(w, [[e / (e + 1), 1 / (e + 1)]], rtol=1e-10,
                                   err_msg="weights = softmax(Q K^T / sqrt(d_k)): here softmax(2, 0)")
        np.testing.assert_allclose(out, [[10 * e / (e + 1), 10 / (e + 1)]], rtol=1e-10)

    def test_rows_of_weights_sum_to_one(self):
        rng = np.random.default_rng(0)
        _, w = exercise.attention(rng.normal(size=(6, 3)), rng.normal(size=(9, 3)), rng.normal(size=(9, 2)))
        self.assertEqual(w.shape, (6, 9), "one row per query, one column per key")
        np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=1e-12)

    def test_the_scale_is_one_over_sqrt_dk(self):
        rng = np.random.default_rng(1)
        Q, K, V = rng.normal(size=(4, 64)), rng.normal(size=(4, 64)), rng.normal(size=(4, 2))
        _, w = exercise.attention(Q, K, V)
        s = Q @ K.T / 8.0
        expected = np.exp(s - s.max(axis=1, keepdims=True))
        np.testing.assert_allclose(w, expected / expected.sum(axis=1, keepdims=True), rtol=1e-9,
                                   err_msg="divide the scores by sqrt(64) = 8")

    def test_causal_mask(self):
        np.testing.assert_array_equal(exercise.causal_mask(3),
                                      [[True, False, False], [True, True, False], [True, True, True]])

    def test_masked_keys_get_zero_weight(self):
        rng = np.random.default_rng(2)
        Q = K = rng.normal(size=(5, 4))
        _, w = exercise.attention(Q, K, rng.normal(size=(5, 3)), exercise.causal_mask(5))
        np.testing.assert_array_equal(np.triu(w, 1), 0.0, err_msg="no weight on a future position")
        np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=1e-12)
        self.assertAlmostEqual(w[0, 0], 1.0, places=12, msg="the first token can only look at itself")

    def test_softmax_is_stable(self):
        np.testing.assert_allclose(exercise.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])


class LayerNormFFNTest(unittest.TestCase):
    def test_layer_norm_by_hand(self):
        # row (1, 2, 3, 6): mean 3, variance (4 + 1 + 0 + 9)/4 = 3.5
        out = exercise.layer_norm(np.array([[1.0, 2.0, 3.0, 6.0]]), np.ones(4), np.zeros(4))
        np.testing.assert_allclose(out, [np.array([-2.0, -1.0, 0.0, 3.0]) / np.sqrt(3.5 + 1e-5)], rtol=1e-10)

    def test_layer_norm_works_per_row_and_applies_gamma_beta(self):
        rng = np.random.default_rng(3)
        x = rng.normal(5, 3, size=(4, 6))
        out = exercise.layer_norm(x, np.full(6, 2.0), np.full(6, 1.0))
        np.testing.assert_allclose(out.mean(axis=1), 1.0, atol=1e-9, err_msg="mean beta = 1 in every row")
        np.testing.assert_allclose(out.std(axis=1), 2.0, rtol=1e-4, err_msg="std gamma = 2 in every row")

    def test_feed_forward(self):
        x = np.array([[1.0, -1.0]])
        W1, b1 = np.array([[1.0, -1.0, 2.0], [1.0, 1.0, 0.0]]), np.array([0.0, 0.0, -1.0])
        W2, b2 = np.ones((3, 2)), np.array([0.5, 0.0])
        # x W1 + b1 = (0, -2, 1) -> relu (0, 0, 1) -> sum 1 per output + b2
        np.testing.assert_allclose(exercise.feed_forward(x, W1, b1, W2, b2), [[1.5, 1.0]])


class BlockTest(unittest.TestCase):
    def setUp(self):
        self.p = exercise.init_block(8, seed=4)
        self.x = np.random.default_rng(5).normal(size=(6, 8))

    def test_block_matches_the_equations(self):
        y, w = exercise.transformer_block(self.x, self.p, causal=True)
        np.testing.assert_allclose(y, reference_block(self.x, self.p, True), rtol=1e-8, atol=1e-10,
                                   err_msg="pre-norm: x + attention(LN1(x)) Wo, then + FFN(LN2(x))")
        self.assertEqual(np.shape(w), (6, 6))
        y2, _ = exercise.transformer_block(self.x, self.p, causal=False)
        np.testing.assert_allclose(y2, reference_block(self.x, self.p, False), rtol=1e-8, atol=1e-10)

    def test_causal_block_ignores_the_future(self):
        y, _ = exercise.transformer_block(self.x, self.p, causal=True)
        changed = self.x.copy()
        changed[4:] += 10.0
        y_changed, _ = exercise.transformer_block(changed, self.p, causal=True)
        np.testing.assert_allclose(y_changed[:4], y[:4], rtol=1e-10, err_msg="outputs 0..3 must not depend on tokens 4, 5")

    def test_without_a_mask_the_block_is_permutation_equivariant(self):
        perm = np.array([3, 0, 5, 1, 4, 2])
        y, _ = exercise.transformer_block(self.x, self.p, causal=False)
        y_perm, _ = exercise.transformer_block(self.x[perm], self.p, causal=False)
        np.testing.assert_allclose(y_perm, y[perm], rtol=1e-9,
                                   err_msg="attention alone does not see order: shuffling the tokens shuffles the outputs")

    def test_zero_output_weights_make_the_identity(self):
        p = dict(self.p, Wo=np.zeros((8, 8)), W2=np.zeros((32, 8)), b2=np.zeros(8))
        y, _ = exercise.transformer_block(self.x, p)
        np.testing.assert_allclose(y, self.x, rtol=1e-12, err_msg="residual: with both branches zero, y = x")

    def test_parameter_count(self):
        self.assertEqual(exercise.block_parameter_count(8), sum(v.size for v in self.p.values()))
        self.assertEqual(exercise.block_parameter_count(768), 7_084_800)


if __name__ == "__main__":
    unittest.main()
