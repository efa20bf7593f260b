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
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalise each vector along the last axis to mean 0 and variance 1, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)             # population variance, as in PyTorch's LayerNorm
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def gelu(x):
    """GELU, tanh approximation (GPT-2): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def causal_mask(T):
    """Bool (T, T), True where query i may attend to key j, i.e. j <= i."""
    return np.tril(np.ones((T, T), dtype=bool))


def split_heads(x, n_head):
    """(B, T, C) -> (B, n_head, T, C // n_head): head h takes columns h*hs to (h+1)*hs - 1."""
    B, T, C = x.shape
    return x.reshape(B, T, n_head, C // n_head).transpose(0, 2, 1, 3)


def merge_heads(x):
    """(B, n_head, T, hs) -> (B, T, n_head * hs), the inverse of split_heads."""
    B, H, T, hs = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * hs)


def causal_self_attention(x, p, n_head):
    """Multi-head causal self-attention. Returns (out (B, T, C), weights (B, n_head, T, T))."""
    B, T, C = x.shape
    qkv = x @ p["W_qkv"] + p["b_qkv"]                       # (B, T, 3C)
    q, k, v = (split_heads(part, n_head) for part in np.split(qkv, 3, axis=-1))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(C // n_head)   # (B, H, T, T)
    scores = np.where(causal_mask(T), scores, -np.inf)      # no query may see a later key
    weights = softmax(scores, axis=-1)
    out = merge_heads(weights @ v)                          # (B, T, C): the heads side by side
    return out @ p["W_o"] + p["b_o"], weights


def mlp(x, p):
    """gelu(x W_fc + b_fc) W_out + b_out, applied to every position on its own."""
    return gelu(x @ p["W_fc"] + p["b_fc"]) @ p["W_out"] + p["b_out"]


def transformer_block(x, p, n_head):
    """Pre-norm GPT block: x + attn(ln1(x)), then that + mlp(ln2(that))."""
    x = x + causal_self_attention(layer_norm(x, p["ln1_g"], p["ln1_b"]), p, n_head)[0]
    return x + mlp(layer_norm(x, p["ln2_g"], p["ln2_b"]), p)


def init_block_params(C, seed=0):
    """Weights N(0, 0.02^2), biases 0, layer-norm gains 1 and shifts 0 (GPT-2's initialisation)."""
    rng = np.random.default_rng(seed)
    return {
        "ln1_g": np.ones(C), "ln1_b": np.zeros(C),
        "W_qkv": rng.normal(0, 0.02, (C, 3 * C)), "b_qkv": np.zeros(3 * C),
        "W_o": rng.normal(0, 0.02, (C, C)), "b_o": np.zeros(C),
        "ln2_g": np.ones(C), "ln2_b": np.zeros(C),
        "W_fc": rng.normal(0, 0.02, (C, 4 * C)), "b_fc": np.zeros(4 * C),
        "W_out": rng.normal(0, 0.02, (4 * C, C)), "b_out": np.zeros(C),
    }


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
