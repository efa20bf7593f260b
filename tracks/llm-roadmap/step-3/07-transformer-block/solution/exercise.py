"""A Transformer block from scratch in numpy: scaled dot-product attention, a causal mask,
layer normalization, the position-wise feed-forward network, and the pre-norm residual block.

    python3 exercise.py          # runs a block on random vectors and shows the attention weights
    trail check transformer-block

Shapes: x is (T, d), one row per token. Python 3 and numpy only.
"""
import numpy as np


def softmax(x, axis=-1):
    """Softmax along `axis`, computed stably (the maximum is subtracted first)."""
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(T):
    """(T, T) boolean array, True where query position i may look at key position j (j <= i)."""
    return np.tril(np.ones((T, T), dtype=bool))


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention. Q (T, d_k), K (S, d_k), V (S, d_v); mask (T, S) of booleans,
    True = allowed. Returns (output (T, d_v), weights (T, S)):
        weights = softmax(Q K^T / sqrt(d_k)) with disallowed scores set to -inf first
        output  = weights V
    """
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalizes each row of x to mean 0 and variance 1 (variance divided by d), then scales
    by gamma and shifts by beta."""
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def feed_forward(x, W1, b1, W2, b2):
    """The position-wise network: relu(x W1 + b1) W2 + b2, applied to every row on its own."""
    return np.maximum(x @ W1 + b1, 0.0) @ W2 + b2


def init_block(d, seed=0):
    """Parameters of one block of width d (feed-forward width 4d)."""
    rng = np.random.default_rng(seed)
    n = lambda *shape: rng.normal(0.0, 1.0 / np.sqrt(shape[0]), shape)
    return {
        "Wq": n(d, d), "Wk": n(d, d), "Wv": n(d, d), "Wo": n(d, d),
        "ln1_g": np.ones(d), "ln1_b": np.zeros(d), "ln2_g": np.ones(d), "ln2_b": np.zeros(d),
        "W1": n(d, 4 * d), "b1": np.zeros(4 * d), "W2": n(4 * d, d), "b2": np.zeros(d),
    }


def transformer_block(x, p, causal=True):
    """One pre-norm block:
        a = layer_norm(x, ln1_g, ln1_b);  x = x + attention(a Wq, a Wk, a Wv, mask) Wo
        m = layer_norm(x, ln2_g, ln2_b);  x = x + feed_forward(m, W1, b1, W2, b2)
    with the causal mask when causal is True. Returns (x, attention weights)."""
    T = x.shape[0]
    a = layer_norm(x, p["ln1_g"], p["ln1_b"])
    heads, weights = attention(a @ p["Wq"], a @ p["Wk"], a @ p["Wv"], causal_mask(T) if causal else None)
    x = x + heads @ p["Wo"]
    m = layer_norm(x, p["ln2_g"], p["ln2_b"])
    x = x + feed_forward(m, p["W1"], p["b1"], p["W2"], p["b2"])
    return x, weights


def block_parameter_count(d):
    """Number of numbers in init_block(d): four d x d projections, two layer norms (2d each),
    and the feed-forward network (d x 4d + 4d + 4d x d + d)."""
    return 4 * d * d + 4 * d + 8 * d * d + 5 * d


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 8))
    y, w = transformer_block(x, init_block(8))
    np.set_printoptions(precision=2, suppress=True)
    print("attention weights (row = query, column = key):\n", w)
    print("output shape", y.shape, "parameters", block_parameter_count(8))
