"""Tests of Stage 06 (Transformers): layer norm, GELU, the causal mask, heads, multi-head causal
self-attention and the pre-norm GPT block, in numpy, with shapes (B, T, C).

The tests compare with their own per-head loop and check causality by changing the future.
"""
import math
import unittest

import numpy as np

import exercise


def own_ln(x, g, b, eps=1e-5):
    m = x.mean(-1, keepdims=True)
    return (x - m) / np.sqrt(((x - m) ** 2).mean(-1, keepdims=True) + eps) * g + b


def own_attention(x, p, n_head):
    """One head at a time, one sequence at a time, with plain loops over the heads."""
    B, T, C = x.shape
    hs = C // n_head
    qkv = x @ p["W_qkv"] + p["b_qkv"]
    q, k, v = qkv[..., :C], qkv[..., C:2 * C], qkv[..., 2 * C:]
    out = np.zeros((B, T, C))
    weights = np.zeros((B, n_head, T, T))
    for b in range(B):
        for h in range(n_head):
            cols = slice(h * hs, (h + 1) * hs)
            s = q[b][:, cols] @ k[b][:, cols].T / math.sqrt(hs)
            s[np.triu_indices(T, 1)] = -np.inf
            w = np.exp(s - s.max(axis=1, keepdims=True))
            w /= w.sum(axis=1, keepdims=True)
            weights[b, h] = w
            out[b][:, cols] = w @ v[b][:, cols]
    return out @ p["W_o"] + p["b_o"], weights


def own_gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def own_block(x, p, n_head):
    x = x + own_attention(own_ln(x, p["ln1_g"], p["ln1_b"]), p, n_head)[0]
    h = own_ln(x, p["ln2_g"], p["ln2_b"])
    return x + own_gelu(h @ p["W_fc"] + p["b_fc"]) @ p["W_out"] + p["b_out"]


def random_params(C, rng, scale=0.3):
    p = {name: rng.normal(0, scale, shape) for name, shape in
         (("W_qkv", (C, 3 * C)), ("b_qkv", (3 * C,)), ("W_o", (C, C)), ("b_o", (C,)), ("W_fc", (C, 4 * C)),
          ("b_fc", (4 * C,)), ("W_out", (4 * C, C)), ("b_out", (C,)), ("ln1_b", (C,)), ("ln2_b", (C,)))}
    p["ln1_g"], p["ln2_g"] = 1 + rng.normal(0, 0.1, C), 1 + rng.normal(0, 0.1, C)
    return p


class PiecesTest(unittest.TestCase):
    def test_softmax(self):
        x = np.array([[1.0, 2.0, -np.inf], [1000.0, 1000.0, 1000.0]])
        with np.errstate(over="raise"):
            p = exercise.softmax(x)
        np.testing.assert_allclose(p, [[1 / (1 + math.e), math.e / (1 + math.e), 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-12)

    def test_layer_norm(self):
        rng = np.random.default_rng(0)
        x = rng.normal(3, 5, (2, 4, 8))
        y = exercise.layer_norm(x, np.ones(8), np.zeros(8))
        np.testing.assert_allclose(y.mean(-1), 0, atol=1e-10, err_msg="each vector gets mean 0 (over the last axis)")
        np.testing.assert_allclose(y.var(-1), 1, atol=1e-3, err_msg="and variance 1 (population variance, + eps)")
        g, b = rng.normal(size=8), rng.normal(size=8)
        np.testing.assert_allclose(exercise.layer_norm(x, g, b), own_ln(x, g, b), atol=1e-10, err_msg="then * gamma + beta")
        np.testing.assert_allclose(exercise.layer_norm(np.array([1.0, 3.0]), np.ones(2), np.zeros(2)),
                                   [-1 / math.sqrt(1 + 1e-5), 1 / math.sqrt(1 + 1e-5)], atol=1e-12,
                                   err_msg="[1, 3]: mean 2, variance 1, eps = 1e-5 inside the square root")

    def test_gelu(self):
        np.testing.assert_allclose(exercise.gelu(np.array([0.0, 1.0, -3.0])), own_gelu(np.array([0.0, 1.0, -3.0])),
                                   atol=1e-12, err_msg="tanh approximation: gelu(1) = 0.8412")

    def test_causal_mask(self):
        m = np.asarray(exercise.causal_mask(4))
        self.assertEqual(m.dtype, np.bool_)
        np.testing.assert_array_equal(m, np.tril(np.ones((4, 4), dtype=bool)), err_msg="True where key j <= query i")

    def test_heads_round_trip_and_layout(self):
        x = np.arange(2 * 3 * 8, dtype=float).reshape(2, 3, 8)
        h = exercise.split_heads(x, 4)
        self.assertEqual(h.shape, (2, 4, 3, 2), "(B, n_head, T, C // n_head)")
        np.testing.assert_array_equal(h[1, 2, 0], x[1, 0, 4:6], err_msg="head 2 of token 0 holds columns 4 and 5")
        np.testing.assert_array_equal(exercise.merge_heads(h), x, err_msg="merge_heads undoes split_heads")


class AttentionTest(unittest.TestCase):
    def test_worked_example(self):
        p = {"W_qkv": np.hstack([np.eye(2)] * 3), "b_qkv": np.zeros(6), "W_o": np.eye(2), "b_o": np.zeros(2)}
        out, w = exercise.causal_self_attention(np.array([[[1.0, 0.0], [0.0, 1.0]]]), p, n_head=1)
        a = 1 / (1 + math.exp(1 / math.sqrt(2)))
        np.testing.assert_allclose(np.asarray(w)[0, 0], [[1, 0], [a, 1 - a]], atol=1e-12,
                                   err_msg="row 1: softmax(0, 1/sqrt 2) = (0.3302, 0.6698)")
        np.testing.assert_allclose(np.asarray(out)[0], [[1, 0], [a, 1 - a]], atol=1e-12)

    def test_shapes_and_weights(self):
        rng = np.random.default_rng(1)
        C, H = 12, 3
        p, x = random_params(C, rng), rng.normal(size=(2, 5, C))
        out, w = exercise.causal_self_attention(x, p, H)
        self.assertEqual(np.shape(out), (2, 5, C), "out is (B, T, C)")
        self.assertEqual(np.shape(w), (2, H, 5, 5), "weights are (B, n_head, T, T)")
        np.testing.assert_allclose(np.sum(w, axis=-1), 1, atol=1e-12, err_msg="every row of weights sums to 1")
        self.assertTrue(np.all(np.asarray(w)[..., np.triu_indices(5, 1)[0], np.triu_indices(5, 1)[1]] == 0),
                        "weights above the diagonal are exactly 0")

    def test_matches_per_head_loop(self):
        rng = np.random.default_rng(2)
        for C, H in ((8, 1), (8, 2), (12, 4)):
            p, x = random_params(C, rng), rng.normal(size=(3, 6, C))
            out, w = exercise.causal_self_attention(x, p, H)
            exp_out, exp_w = own_attention(x, p, H)
            np.testing.assert_allclose(w, exp_w, atol=1e-10, err_msg=f"C={C}, {H} heads: weights (scale by sqrt(C // n_head))")
            np.testing.assert_allclose(out, exp_out, atol=1e-10, err_msg=f"C={C}, {H} heads: output")

    def test_future_tokens_never_change_the_past(self):
        rng = np.random.default_rng(3)
        C, T = 8, 7
        p, x = random_params(C, rng), rng.normal(size=(1, T, C))
        base = np.asarray(exercise.causal_self_attention(x, p, 2)[0]).copy()
        for t in range(T - 1):
            y = x.copy()
            y[:, t + 1:] = rng.normal(size=(1, T - t - 1, C)) * 5
            out = np.asarray(exercise.causal_self_attention(y, p, 2)[0])
            np.testing.assert_allclose(out[:, :t + 1], base[:, :t + 1], atol=1e-10,
                                       err_msg=f"changing tokens {t + 1}.. changed output {t} or earlier: the mask leaks")

    def test_sequences_of_a_batch_are_independent(self):
        rng = np.random.default_rng(4)
        p, x = random_params(8, rng), rng.normal(size=(2, 4, 8))
        both = np.asarray(exercise.causal_self_attention(x, p, 2)[0])
        alone = np.asarray(exercise.causal_self_attention(x[1:], p, 2)[0])
        np.testing.assert_allclose(both[1:], alone, atol=1e-12, err_msg="sequence 1 must not depend on sequence 0")


class BlockTest(unittest.TestCase):
    def test_init_and_parameter_count(self):
        for C in (8, 64):
            p = exercise.init_block_params(C, seed=0)
            self.assertEqual(sum(np.size(v) for v in p.values()), 12 * C * C + 13 * C,
                             "a GPT block has 12 C^2 + 13 C parameters")
        p = exercise.init_block_params(64, seed=0)
        self.assertAlmostEqual(float(np.std(p["W_fc"])), 0.02, delta=0.002)
        np.testing.assert_array_equal(p["ln1_g"], 1)

    def test_block_matches_the_formula(self):
        rng = np.random.default_rng(5)
        p, x = random_params(8, rng), rng.normal(size=(2, 5, 8))
        y = exercise.transformer_block(x, p, 2)
        self.assertEqual(np.shape(y), (2, 5, 8))
        np.testing.assert_allclose(y, own_block(x, p, 2), atol=1e-10,
                                   err_msg="x + attn(ln1(x)), then + mlp(ln2(.)): pre-norm with two residuals")

    def test_zero_sublayers_make_the_identity(self):
        rng = np.random.default_rng(6)
        p = random_params(8, rng)
        for k in ("W_o", "b_o", "W_out", "b_out"):
            p[k] = np.zeros_like(p[k])
        x = rng.normal(size=(1, 4, 8))
        np.testing.assert_allclose(exercise.transformer_block(x, p, 2), x, atol=1e-12,
                                   err_msg="with both sub-layers outputting 0, the residual stream passes x through")

    def test_block_is_causal(self):
        rng = np.random.default_rng(7)
        p, x = random_params(8, rng), rng.normal(size=(1, 6, 8))
        y = x.copy()
        y[:, 4:] += 3.0
        np.testing.assert_allclose(exercise.transformer_block(y, p, 2)[:, :4], exercise.transformer_block(x, p, 2)[:, :4],
                                   atol=1e-10, err_msg="layer norm and the MLP act per position: the block stays causal")


if __name__ == "__main__":
    unittest.main()
