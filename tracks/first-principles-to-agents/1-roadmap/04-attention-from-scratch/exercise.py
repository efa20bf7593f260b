"""Section 4 (Attention From Scratch): scaled dot-product attention and its masks, in numpy.

    python3 exercise.py                    # the worked example of the overview, with and without the mask
    trail check attention-from-scratch     # runs the tests

Every function takes batches: any number of leading dimensions before the last two.
Only numpy is needed (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import numpy as np


def softmax(x, axis=-1):
    """Softmax along `axis`, stable for large inputs; entries of -inf get probability 0."""
    # TODO: subtract the max along axis (keepdims=True), exponentiate, divide by the sum along axis
    raise NotImplementedError("softmax")


def causal_mask(T):
    """Bool (T, T): True at [i, j] when query i may look at key j, that is when j <= i."""
    raise NotImplementedError("causal_mask")  # TODO: the lower triangle, as bools


def padding_mask(lengths, T):
    """Bool (B, 1, T): True at [b, 0, j] when key j is a real token of sequence b (j < lengths[b]).

    The middle axis of size 1 broadcasts over the queries.
    """
    # TODO: compare np.arange(T) with each length, then add the middle axis
    raise NotImplementedError("padding_mask")


def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q kᵀ / sqrt(d_k)) v, with -inf where mask is False. Returns (out, weights).

    q (..., T_q, d_k), k (..., T_k, d_k), v (..., T_k, d_v); mask broadcasts to (..., T_q, T_k).
    weights (..., T_q, T_k), each row sums to 1; out (..., T_q, d_v).
    """
    # TODO: scores = q @ (k with its last two axes swapped) / sqrt(d_k)
    # TODO: where the mask is False, the score becomes -inf (before the softmax)
    # TODO: weights = softmax over the keys (the last axis); out = weights @ v
    raise NotImplementedError("scaled_dot_product_attention")


def self_attention(x, Wq, Wk, Wv, mask=None):
    """One attention head on x (..., T, d_model): q = x Wq, k = x Wk, v = x Wv; returns out (..., T, d_v)."""
    raise NotImplementedError("self_attention")  # TODO: project three times, attend, return out


if __name__ == "__main__":
    Q = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]])
    K = np.array([[1.0, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])
    V = np.array([[1.0, 0], [0, 1], [2, 2]])
    np.set_printoptions(precision=4, suppress=True)
    for name, mask in (("no mask", None), ("causal mask", causal_mask(3))):
        out, weights = scaled_dot_product_attention(Q, K, V, mask)
        print(f"{name}:\nweights\n{weights}\nout\n{out}\n")
