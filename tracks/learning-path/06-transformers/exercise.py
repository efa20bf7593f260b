"""Stage 06 — Transformers: one GPT block in numpy — layer norm, multi-head causal self-attention,
a GELU MLP, and the two residual connections — for a batch of sequences.

    python3 exercise.py           # runs the worked example and a block on random input
    trail check transformers      # runs the tests

Uses numpy (pip install numpy) only. Shapes: x is (B, T, C): B sequences of T tokens, C numbers each.
Block params (C = n_embd):
    ln1_g, ln1_b, ln2_g, ln2_b   (C,)
    W_qkv (C, 3C), b_qkv (3C,)    queries, keys, values of all heads at once, in that order
    W_o (C, C), b_o (C,)          the attention's output projection
    W_fc (C, 4C), b_fc (4C,)      the MLP's expansion
    W_out (4C, C), b_out (C,)     the MLP's projection back
"""
import numpy as np


def softmax(x, axis=-1):
    """Stable softmax along `axis`; entries of -inf get probability 0."""
    # TODO: subtract the max along axis (keepdims=True), exponentiate, divide by the sum
    raise NotImplementedError("softmax")


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalise each vector along the last axis to mean 0 and variance 1, then scale and shift."""
    # TODO: mean and (population) variance along the last axis, keepdims=True; (x - mean) / sqrt(var + eps),
    #       then * gamma + beta
    raise NotImplementedError("layer_norm")


def gelu(x):
    """GELU, tanh approximation (GPT-2): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    # TODO: the formula in the docstring
    raise NotImplementedError("gelu")


def causal_mask(T):
    """Bool (T, T), True where query i may attend to key j, i.e. j <= i."""
    # TODO: np.tril of a (T, T) array of ones, as bool
    raise NotImplementedError("causal_mask")


def split_heads(x, n_head):
    """(B, T, C) -> (B, n_head, T, C // n_head): head h takes columns h*hs to (h+1)*hs - 1."""
    # TODO: reshape to (B, T, n_head, hs), then move the head axis before T
    raise NotImplementedError("split_heads")


def merge_heads(x):
    """(B, n_head, T, hs) -> (B, T, n_head * hs), the inverse of split_heads."""
    # TODO: move the head axis back after T, then reshape to (B, T, n_head * hs)
    raise NotImplementedError("merge_heads")


def causal_self_attention(x, p, n_head):
    """Multi-head causal self-attention. Returns (out (B, T, C), weights (B, n_head, T, T))."""
    # TODO: qkv = x W_qkv + b_qkv, split into q, k, v (C columns each) and into heads;
    #       scores = q k^T / sqrt(hs) per head; -inf where the causal mask is False; softmax over keys;
    #       weights @ v, heads merged, then the output projection W_o, b_o. Return (out, weights).
    raise NotImplementedError("causal_self_attention")


def mlp(x, p):
    """gelu(x W_fc + b_fc) W_out + b_out, applied to every position on its own."""
    # TODO
    raise NotImplementedError("mlp")


def transformer_block(x, p, n_head):
    """Pre-norm GPT block: x + attn(ln1(x)), then that + mlp(ln2(that))."""
    # TODO: two residual steps, each adding a sub-layer applied to a layer-normed copy of x
    raise NotImplementedError("transformer_block")


def init_block_params(C, seed=0):
    """Weights N(0, 0.02^2), biases 0, layer-norm gains 1 and shifts 0 (GPT-2's initialisation)."""
    # TODO: one rng; W_qkv (C, 3C), W_o (C, C), W_fc (C, 4C), W_out (4C, C) with std 0.02;
    #       biases and ln*_b zeros, ln*_g ones; the keys listed at the top of this file
    raise NotImplementedError("init_block_params")


def main():
    np.set_printoptions(precision=4, suppress=True)
    # The worked example: one head, C = 2, identity projections.
    p = {"W_qkv": np.hstack([np.eye(2)] * 3), "b_qkv": np.zeros(6), "W_o": np.eye(2), "b_o": np.zeros(2)}
    out, w = causal_self_attention(np.array([[[1.0, 0.0], [0.0, 1.0]]]), p, n_head=1)
    print("weights\n", w[0, 0], "\nout\n", out[0])
    params = init_block_params(64, seed=0)
    x = np.random.default_rng(1).normal(size=(2, 10, 64))
    y = transformer_block(x, params, n_head=4)
    print("block:", x.shape, "->", y.shape, "| parameters:", sum(v.size for v in params.values()),
          "= 12 C^2 + 13 C =", 12 * 64 ** 2 + 13 * 64)


if __name__ == "__main__":
    main()
