"""Scaled dot-product attention in numpy, and one causal self-attention head.

Shapes: a sequence of T tokens is an array with one row per token. Queries q (T_q, d_k),
keys k (T_k, d_k), values v (T_k, d_v). Row i of the output mixes the rows of v, weighted
by how well query i matches each key.
"""
import numpy as np


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis, computed after subtracting the max (no overflow)."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(T):
    """Boolean (T, T): True at [i, j] when position i may attend to position j, i.e. j <= i."""
    return np.tril(np.ones((T, T), dtype=bool))


def attention_scores(q, k, mask=None):
    """q k^T / sqrt(d_k), with -inf wherever mask is False."""
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return scores


def scaled_dot_product_attention(q, k, v, mask=None):
    """out = softmax(q k^T / sqrt(d_k), masked) @ v; returns (out, weights)."""
    weights = softmax(attention_scores(q, k, mask), axis=-1)
    return weights @ v, weights


class CausalSelfAttentionHead:
    """One head: project x to queries, keys and values, attend causally."""

    def __init__(self, d_model, d_head, rng):
        std = 1.0 / np.sqrt(d_model)
        self.Wq = rng.normal(0.0, std, size=(d_model, d_head))
        self.Wk = rng.normal(0.0, std, size=(d_model, d_head))
        self.Wv = rng.normal(0.0, std, size=(d_model, d_head))

    def __call__(self, x):
        q, k, v = x @ self.Wq, x @ self.Wk, x @ self.Wv
        out, self.weights = scaled_dot_product_attention(q, k, v, causal_mask(len(x)))
        return out


if __name__ == '__main__':
    np.set_printoptions(precision=4, suppress=True)

    # The worked example of the overview: three tokens, d_k = 4.
    q = np.array([[1.0, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]])
    k = np.array([[1.0, 0, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]])
    v = np.array([[1.0, 0], [0, 1], [1, 1]])
    out, weights = scaled_dot_product_attention(q, k, v, causal_mask(3))
    print("scores\n", attention_scores(q, k, causal_mask(3)))
    print("weights\n", weights)
    print("out\n", out)

    # Why divide by sqrt(d_k): the spread of q.k grows with d_k.
    rng = np.random.default_rng(0)
    for d_k in (4, 64, 512):
        q, k = rng.normal(size=(1000, d_k)), rng.normal(size=(1000, d_k))
        raw = np.sum(q * k, axis=1)
        print(f"d_k={d_k:4d}: var(q.k) = {raw.var():8.2f}, var(q.k / sqrt(d_k)) = {(raw / np.sqrt(d_k)).var():.2f}")

    # Causality: changing the future leaves the past alone.
    head = CausalSelfAttentionHead(16, 8, rng)
    x = rng.normal(size=(6, 16))
    y = x.copy()
    y[4:] += 10.0
    print("outputs 0..3 unchanged:", np.allclose(head(x)[:4], head(y)[:4]))
