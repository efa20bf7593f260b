"""M5: scaled dot-product attention, masked and multi-head, checked against a reference.

Fill in every TODO. Run it with `python3 exercise.py`; check it with `trail check m5`;
stuck? `trail hint m5`.
"""
import json

import numpy as np

REFERENCE = "data/attention_reference.json"


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) along axis, stable for large values; -inf entries get 0."""
    # TODO: subtract the max along axis (keepdims=True) before np.exp; divide by the sum.
    raise NotImplementedError("softmax")


def causal_mask(T):
    """(T, T) booleans, True where query i may attend to key j, that is j <= i."""
    # TODO: np.tril of a (T, T) array of ones, as booleans.
    raise NotImplementedError("causal_mask")


def attention_scores(Q, K):
    """Q K^T / sqrt(d_k) over the last two axes: (..., T_q, d_k), (..., T_k, d_k) -> (..., T_q, T_k)."""
    # TODO: use np.swapaxes(K, -1, -2) (not K.T) so that leading axes (heads) work too.
    raise NotImplementedError("attention_scores")


def attention(Q, K, V, mask=None):
    """(output, weights): weights = softmax of the scores with -inf where mask is False,
    output = weights @ V, shape (..., T_q, d_v)."""
    # TODO: scores; np.where(mask, scores, -np.inf) when a mask is given; softmax over the
    # last axis (the keys); output = weights @ V.
    raise NotImplementedError("attention")


def split_heads(X, n_heads):
    """(T, d_model) -> (n_heads, T, d_head): head h gets columns h*d_head .. (h+1)*d_head - 1."""
    # TODO: a reshape to (T, n_heads, d_head), then a transpose to (n_heads, T, d_head).
    raise NotImplementedError("split_heads")


def merge_heads(X):
    """(n_heads, T, d_head) -> (T, n_heads * d_head), the inverse of split_heads."""
    # TODO
    raise NotImplementedError("merge_heads")


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, mask=None):
    """(output (T, d_model), weights (n_heads, T, T)) of multi-head self-attention on x."""
    # TODO: project x with Wq, Wk, Wv, split each into heads, attention (the (T, T) mask
    # broadcasts over the heads), merge the heads, project with Wo.
    raise NotImplementedError("multi_head_attention")


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
