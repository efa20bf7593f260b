"""M5: scaled dot-product attention, masked and multi-head, checked against a reference.

Run it with `python3 exercise.py`; check it with `trail check m5`; stuck? `trail hint m5`.
"""
import json

import numpy as np

REFERENCE = "data/attention_reference.json"


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis, stable for large values; -inf entries get 0."""
    x = np.asarray(x, dtype=float)
    shifted = x - np.max(x, axis=axis, keepdims=True)   # the largest entry becomes 0
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(T):
    """(T, T) booleans, True where query i may attend to key j, that is j <= i."""
    return np.tril(np.ones((T, T), dtype=bool))


def attention_scores(Q, K):
    """Q K^T / sqrt(d_k) over the last two axes: (..., T_q, d_k), (..., T_k, d_k) -> (..., T_q, T_k)."""
    d_k = Q.shape[-1]
    return Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)


def attention(Q, K, V, mask=None):
    """(output, weights): weights = softmax of the scores with -inf where mask is False,
    output = weights @ V, shape (..., T_q, d_v)."""
    scores = attention_scores(Q, K)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights


def split_heads(X, n_heads):
    """(T, d_model) -> (n_heads, T, d_head): head h gets columns h*d_head .. (h+1)*d_head - 1."""
    T, d_model = X.shape
    return X.reshape(T, n_heads, d_model // n_heads).transpose(1, 0, 2)


def merge_heads(X):
    """(n_heads, T, d_head) -> (T, n_heads * d_head), the inverse of split_heads."""
    n_heads, T, d_head = X.shape
    return X.transpose(1, 0, 2).reshape(T, n_heads * d_head)


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, mask=None):
    """(output (T, d_model), weights (n_heads, T, T)) of multi-head self-attention on x."""
    Q, K, V = (split_heads(x @ W, n_heads) for W in (Wq, Wk, Wv))
    heads, weights = attention(Q, K, V, mask)       # the mask broadcasts over the heads
    return merge_heads(heads) @ Wo, weights


def load_reference(path=REFERENCE):
    """The fixed inputs and PyTorch's outputs, as numpy arrays."""
    with open(path) as f:
        return {k: (np.array(v) if isinstance(v, list) else v) for k, v in json.load(f).items()}


if __name__ == "__main__":
    # The worked example of the overview.
    Q = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [2, 2, 0, 0]])
    K = np.array([[2.0, 0, 0, 0], [0, 2, 0, 0], [1, 1, 0, 0]])
    V = np.array([[1.0, 0], [0, 1], [1, 1]])
    out, w = attention(Q, K, V, causal_mask(3))
    print("scores:\n", attention_scores(Q, K).round(4))
    print("weights:\n", w.round(4))
    print("output:\n", out.round(4))

    ref = load_reference()
    out, w = attention(ref["Q"], ref["K"], ref["V"], causal_mask(len(ref["Q"])))
    print("single head vs reference: scores", np.abs(attention_scores(ref["Q"], ref["K"]) - ref["scores"]).max(),
          "weights", np.abs(w - ref["weights"]).max(), "output", np.abs(out - ref["output"]).max())
    out, w = multi_head_attention(ref["x"], ref["Wq"], ref["Wk"], ref["Wv"], ref["Wo"], ref["n_heads"],
                                  causal_mask(len(ref["x"])))
    print("multi-head vs reference: output", np.abs(out - ref["mha_output"]).max(),
          "weights", np.abs(w - ref["mha_weights"]).max())
