"""Section 4 (Attention From Scratch): scaled dot-product attention and its masks, in numpy.

    python3 exercise.py                    # the worked example of the overview, with and without the mask
    trail check attention-from-scratch     # runs the tests

Every function takes batches: any number of leading dimensions before the last two.
Only numpy is needed (pip install numpy).
"""
import numpy as np


def softmax(x, axis=-1):
    """Softmax along `axis`, stable for large inputs; entries of -inf get probability 0."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(T):
    """Bool (T, T): True at [i, j] when query i may look at key j, that is when j <= i."""
    return np.tril(np.ones((T, T), dtype=bool))


def padding_mask(lengths, T):
    """Bool (B, 1, T): True at [b, 0, j] when key j is a real token of sequence b (j < lengths[b]).

    The middle axis of size 1 broadcasts over the queries.
    """
    lengths = np.asarray(lengths)
    return (np.arange(T)[None, :] < lengths[:, None])[:, None, :]


def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q kᵀ / sqrt(d_k)) v, with -inf where mask is False. Returns (out, weights).

    q (..., T_q, d_k), k (..., T_k, d_k), v (..., T_k, d_v); mask broadcasts to (..., T_q, T_k).
    weights (..., T_q, T_k), each row sums to 1; out (..., T_q, d_v).
    """
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def self_attention(x, Wq, Wk, Wv, mask=None):
    """One attention head on x (..., T, d_model): q = x Wq, k = x Wk, v = x Wv; returns out (..., T, d_v)."""
    out, _ = scaled_dot_product_attention(x @ Wq, x @ Wk, x @ Wv, mask)
    return out


if __name__ == "__main__":
    Q = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]])
    K = np.array([[1.0, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])
    V = np.array([[1.0, 0], [0, 1], [2, 2]])
    np.set_printoptions(precision=4, suppress=True)
    for name, mask in (("no mask", None), ("causal mask", causal_mask(3))):
        out, weights = scaled_dot_product_attention(Q, K, V, mask)
        print(f"{name}:\nweights\n{weights}\nout\n{out}\n")
