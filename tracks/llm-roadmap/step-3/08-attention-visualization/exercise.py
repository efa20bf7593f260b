"""Multi-head self-attention with its weights in view: split into heads, measure where each
head looks, and draw the weights as an SVG heatmap.

    python3 exercise.py          # builds a 2-head layer by hand and writes heads.svg
    trail check attention-visualization

Python 3 and numpy only (the SVG is written as text).
"""
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool))


def split_heads(x, n_heads):
    """(T, d) -> (n_heads, T, d / n_heads): head h gets columns h*dh .. (h+1)*dh - 1."""
    # TODO: reshape to (T, n_heads, dh), then move the head axis to the front
    raise NotImplementedError("split_heads")


def merge_heads(x):
    """(n_heads, T, dh) -> (T, n_heads * dh), the inverse of split_heads."""
    # TODO: the inverse of split_heads
    raise NotImplementedError("merge_heads")


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, mask=None):
    """Self-attention with n_heads heads. x (T, d); Wq, Wk, Wv, Wo (d, d).

    Q, K, V = x Wq, x Wk, x Wv are split into heads; each head does scaled dot-product attention
    with its own dh = d / n_heads columns (scale 1/sqrt(dh)); the head outputs are merged and
    multiplied by Wo. Returns (output (T, d), weights (n_heads, T, T))."""
    # TODO: Q, K, V, each split into heads: (n_heads, T, dh)
    # TODO: scores for every head at once (q @ k.transpose(0, 2, 1)), scaled by 1/sqrt(dh); mask; softmax
    # TODO: weights @ v, merge the heads, times Wo
    raise NotImplementedError("multi_head_attention: return output, weights")


def attention_entropy(weights):
    """Mean over the query rows of -sum_j w_ij ln w_ij, per head (0 * ln 0 counts as 0).
    weights (n_heads, T, T) -> (n_heads,)."""
    # TODO: w ln w with 0 where w == 0 (np.where, and take the log of 1 there to avoid a warning)
    raise NotImplementedError("attention_entropy")


def mean_attention_distance(weights):
    """Mean over the query rows of sum_j w_ij |i - j|, per head: how far each head looks.
    weights (n_heads, T, T) -> (n_heads,)."""
    # TODO: a (T, T) array of |i - j|, then the weighted sum per row and the mean over rows
    raise NotImplementedError("mean_attention_distance")


def heatmap_svg(weights, tokens, path, cell=40):
    """Writes one head's (T, T) weights as an SVG heatmap to `path`.

    The picture is (T + 2) * cell wide and high. Cell (i, j) is a <rect class="cell"> at
    x = (j + 2) * cell, y = (i + 2) * cell, cell x cell, fill="black" and fill-opacity = w_ij
    rounded to 3 decimals. Each token is written twice as a <text>: once left of its row (a
    query) and once above its column (a key)."""
    T = len(tokens)
    size = (T + 2) * cell
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">',
             f'<rect width="{size}" height="{size}" fill="white"/>']
    # TODO: for each token, a <text> left of its row and one above its column
    # TODO: for each (i, j), a <rect class="cell" .../> as the docstring says
    parts.append("</svg>")
    raise NotImplementedError("heatmap_svg: write the parts to path")


def two_head_layer(T):
    """A 2-head layer built by hand (no training), for T tokens of width d = 2T.

    Token i is the one-hot vector of its position (then T zeros). Head 0 (columns 0..T-1) gets
    the query of position i as a spike on column i - 1 and the key of position j on column j,
    so query i scores 10 against key i - 1 and 0 against the others: it looks at the previous
    token. Head 1 (columns T..2T-1) has zero queries, so all allowed keys score the same and it
    spreads its weight evenly. Returns (x, Wq, Wk, Wv, Wo)."""
    d, dh = 2 * T, T
    x = np.concatenate([np.eye(T), np.zeros((T, T))], axis=1)
    Wq, Wk = np.zeros((d, d)), np.zeros((d, d))
    for i in range(1, T):
        Wq[i, i - 1] = 10.0 * np.sqrt(dh)    # times sqrt(dh), so the scaled score is 10
    Wk[:T, :T] = np.eye(T)
    return x, Wq, Wk, np.eye(d), np.eye(d)


if __name__ == "__main__":
    tokens = "the keeper climbs the stair at night".split()
    x, Wq, Wk, Wv, Wo = two_head_layer(len(tokens))
    _, w = multi_head_attention(x, Wq, Wk, Wv, Wo, 2, causal_mask(len(tokens)))
    print("entropy per head (nats):", attention_entropy(w).round(3))
    print("mean distance per head:", mean_attention_distance(w).round(3))
    for h in range(2):
        heatmap_svg(w[h], tokens, f"head{h}.svg")
    print("wrote head0.svg and head1.svg")
