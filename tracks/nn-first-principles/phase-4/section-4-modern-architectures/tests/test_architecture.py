"""Tests of the transformer pieces in experiment.py: layer norm, GELU, the MLP, the pre-norm
residual block (identity when its output weights are zero, causal, equal to the formula),
the GPT forward pass, and the parameter count against the arrays of the model."""
import unittest

import numpy as np

from attention import causal_mask, scaled_dot_product_attention
from experiment import GPT, MLP, Block, gelu, gpt_parameter_count, layer_norm


def own_layer_norm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * gamma + beta


def own_gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def own_count(V, T, d, L):
    return V * d + T * d + L * (12 * d * d + 9 * d) + 2 * d


class LayerNormTest(unittest.TestCase):
    def test_rows_have_mean_zero_and_variance_one(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(5, 32)) * np.array([[0.5], [1.0], [10.0], [100.0], [3.0]]) + 7.0
        y = np.asarray(layer_norm(x, np.ones(32), np.zeros(32)))
        np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-10, err_msg="each row has mean 0 (per token, not per batch)")
        np.testing.assert_allclose(y.var(axis=-1), 1.0, atol=1e-3, err_msg="each row has variance ≈ 1")

    def test_worked_example(self):
        y = layer_norm(np.array([[1.0, 2.0, 3.0, 6.0]]), np.ones(4), np.zeros(4))
        np.testing.assert_allclose(y, [[-2, -1, 0, 3] / np.sqrt(3.5 + 1e-5)], atol=1e-12,
                                   err_msg="[1, 2, 3, 6]: mean 3, variance 3.5 (divide by 4, not 3)")

    def test_matches_the_formula_with_gamma_beta_and_eps(self):
        rng = np.random.default_rng(1)
        x = rng.normal(size=(3, 4))
        gamma, beta = rng.normal(size=4), rng.normal(size=4)
        np.testing.assert_allclose(layer_norm(x, gamma, beta), own_layer_norm(x, gamma, beta), atol=1e-12,
                                   err_msg="(x - mean) / sqrt(var + eps) * gamma + beta, eps = 1e-5 by default")
        np.testing.assert_allclose(layer_norm(x, gamma, beta, eps=0.5), own_layer_norm(x, gamma, beta, eps=0.5),
                                   atol=1e-12, err_msg="the eps argument is used inside the square root")

    def test_constant_row_gives_beta_without_nan(self):
        beta = np.array([0.5, -1.0, 2.0])
        y = np.asarray(layer_norm(np.full((1, 3), 4.0), np.ones(3), beta))
        self.assertTrue(np.all(np.isfinite(y)), "eps keeps a constant row finite")
        np.testing.assert_allclose(y[0], beta, atol=1e-12, err_msg="a constant row normalises to 0, then + beta")


class GeluTest(unittest.TestCase):
    def test_known_values(self):
        got = np.asarray(gelu(np.array([-1.0, 0.0, 1.0, 3.0])))
        np.testing.assert_allclose(got, [-0.158808, 0.0, 0.841192, 2.996363], atol=1e-6,
                                   err_msg="GELU (tanh approximation) at -1, 0, 1, 3")

    def test_matches_the_tanh_formula_elementwise(self):
        x = np.random.default_rng(2).normal(size=(4, 5)) * 3
        y = np.asarray(gelu(x))
        self.assertEqual(y.shape, x.shape, "gelu keeps the shape")
        np.testing.assert_allclose(y, own_gelu(x), atol=1e-12,
                                   err_msg="0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))")


class MLPTest(unittest.TestCase):
    def test_shapes_and_formula(self):
        rng = np.random.default_rng(3)
        mlp = MLP(8, rng)
        self.assertEqual(mlp.W1.shape, (8, 32), "W1 is (d, 4d)")
        self.assertEqual(mlp.b1.shape, (32,), "b1 is (4d,)")
        self.assertEqual(mlp.W2.shape, (32, 8), "W2 is (4d, d)")
        self.assertEqual(mlp.b2.shape, (8,), "b2 is (d,)")
        mlp.b1[...] = rng.normal(size=32)
        mlp.b2[...] = rng.normal(size=8)
        x = rng.normal(size=(5, 8))
        np.testing.assert_allclose(mlp(x), own_gelu(x @ mlp.W1 + mlp.b1) @ mlp.W2 + mlp.b2, atol=1e-12,
                                   err_msg="mlp(x) = gelu(x W1 + b1) W2 + b2")
        self.assertEqual(sum(p.size for p in mlp.params()), 8 * 8 ** 2 + 5 * 8, "MLP parameters: 8 d^2 + 5 d")


class BlockTest(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(4)
        self.d = 8
        self.block = Block(self.d, self.rng)
        self.x = self.rng.normal(size=(6, self.d))

    def test_zeroed_output_weights_make_the_block_the_identity(self):
        """With Wo = 0 and W2 = b2 = 0 both branches add 0: the residual passes x through unchanged."""
        self.block.Wo[...] = 0.0
        self.block.mlp.W2[...] = 0.0
        self.block.mlp.b2[...] = 0.0
        np.testing.assert_allclose(self.block(self.x), self.x, atol=1e-12,
                                   err_msg="block(x) should equal x: x + attn(ln1(x)) Wo, then x + mlp(ln2(x))")

    def test_matches_the_pre_norm_formula(self):
        b = self.block
        for gamma in (b.ln1_gamma, b.ln2_gamma):          # move gamma, beta and the biases off
            gamma[...] = 1.0 + 0.5 * self.rng.normal(size=gamma.shape)  # their initial values so
        for arr in (b.ln1_beta, b.ln2_beta, b.mlp.b1, b.mlp.b2):       # each one is tested
            arr[...] = 0.5 * self.rng.normal(size=arr.shape)
        x = self.x
        h = own_layer_norm(x, b.ln1_gamma, b.ln1_beta)
        attn, _ = scaled_dot_product_attention(h @ b.attn.Wq, h @ b.attn.Wk, h @ b.attn.Wv, causal_mask(len(x)))
        x1 = x + attn @ b.Wo
        h2 = own_layer_norm(x1, b.ln2_gamma, b.ln2_beta)
        expected = x1 + own_gelu(h2 @ b.mlp.W1 + b.mlp.b1) @ b.mlp.W2 + b.mlp.b2
        np.testing.assert_allclose(b(x), expected, atol=1e-10,
                                   err_msg="x = x + attn(ln1(x)) Wo; x = x + mlp(ln2(x))")

    def test_block_is_causal(self):
        base = np.asarray(self.block(self.x)).copy()
        for t in range(5):
            y = self.x.copy()
            y[t + 1:] += self.rng.normal(size=y[t + 1:].shape) * 3
            np.testing.assert_allclose(np.asarray(self.block(y))[:t + 1], base[:t + 1], atol=1e-12,
                                       err_msg=f"changing x[{t + 1}:] changed the block's output[:{t + 1}]")

    def test_attention_head_is_full_width(self):
        self.assertEqual(self.block.attn.Wq.shape, (self.d, self.d), "a single head of width d_model")
        self.assertEqual(self.block.Wo.shape, (self.d, self.d), "Wo is (d, d)")

    def test_block_parameter_count(self):
        params = self.block.params()
        self.assertEqual(len({id(p) for p in params}), len(params), "each array listed once")
        self.assertEqual(sum(p.size for p in params), 12 * self.d ** 2 + 9 * self.d,
                         "a block holds 12 d^2 + 9 d numbers: 4 d^2 attention, 8 d^2 + 5 d MLP, 4 d layer norms")


class GPTTest(unittest.TestCase):
    def setUp(self):
        self.V, self.T, self.d, self.L = 11, 8, 16, 2
        self.model = GPT(self.V, self.T, self.d, self.L, np.random.default_rng(5))

    def test_logits_shape(self):
        idx = np.array([1, 4, 2, 9, 0])
        self.assertEqual(np.asarray(self.model(idx)).shape, (5, self.V), "model(idx) gives (T, vocab_size) logits")

    def test_model_is_causal(self):
        idx = np.array([3, 1, 4, 1, 5, 9, 2, 6])
        base = np.asarray(self.model(idx)).copy()
        for t in range(7):
            other = idx.copy()
            other[t + 1:] = (other[t + 1:] + 3) % self.V
            np.testing.assert_allclose(np.asarray(self.model(other))[:t + 1], base[:t + 1], atol=1e-12,
                                       err_msg=f"changing tokens {t + 1}.. changed the logits at positions ..{t}")

    def test_position_matters(self):
        a = np.asarray(self.model(np.array([3, 5])))[1]
        b = np.asarray(self.model(np.array([5, 3])))[0]
        self.assertFalse(np.allclose(a, b), "the position embedding makes token 5 at position 1 differ from position 0")

    def test_count_equals_the_arrays_of_the_model(self):
        params = self.model.params()
        self.assertEqual(len({id(p) for p in params}), len(params),
                         "each array once (the tied output layer is the token table itself)")
        n = sum(p.size for p in params)
        self.assertEqual(n, own_count(self.V, self.T, self.d, self.L),
                         "V d + T d + n_layer (12 d^2 + 9 d) + 2 d")
        self.assertEqual(gpt_parameter_count(self.V, self.T, self.d, self.L), n,
                         "gpt_parameter_count equals the number of entries in model.params()")

    def test_count_formula_for_several_shapes(self):
        for V, T, d, L in ((27, 8, 16, 2), (65, 256, 384, 6), (50257, 1024, 768, 12)):
            self.assertEqual(gpt_parameter_count(V, T, d, L), own_count(V, T, d, L),
                             f"gpt_parameter_count({V}, {T}, {d}, {L})")
        self.assertEqual(gpt_parameter_count(50257, 1024, 768, 12), 124_402_944,
                         "GPT-2 small's shape, without its attention biases")


if __name__ == '__main__':
    unittest.main()
