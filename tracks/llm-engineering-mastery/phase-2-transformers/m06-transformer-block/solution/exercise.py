"""M6: a pre-LayerNorm transformer block with causal multi-head attention, and a test that
it never attends ahead.

Run it with `python3 exercise.py`; check it with `trail check m6`; stuck? `trail hint m6`.
"""
import json

import numpy as np

from attention import causal_mask, multi_head_attention

REFERENCE = "data/block_reference.json"


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalize each row (token) over its features: (x - mean) / sqrt(var + eps) * gamma + beta,
    with the population variance (divide by d)."""
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def gelu(x):
    """GELU, tanh approximation (as in GPT-2): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def feed_forward(x, W1, b1, W2, b2):
    """The position-wise MLP: gelu(x W1 + b1) W2 + b2, applied to every token on its own."""
    return gelu(x @ W1 + b1) @ W2 + b2


def transformer_block(x, p, n_heads):
    """x (T, d_model) -> (T, d_model):
        h = x + MHA(LN1(x)) with the causal mask
        out = h + FFN(LN2(h))"""
    T = x.shape[0]
    a, _ = multi_head_attention(layer_norm(x, p["ln1_g"], p["ln1_b"]), p["Wq"], p["Wk"], p["Wv"], p["Wo"],
                                n_heads, causal_mask(T))
    h = x + a
    return h + feed_forward(layer_norm(h, p["ln2_g"], p["ln2_b"]), p["W1"], p["b1"], p["W2"], p["b2"])


def causality_leak(f, x, seed=0):
    """The largest change in f(x)[:t+1] when the tokens after t are replaced by random ones,
    over every t from 0 to T - 2. 0.0 means f never looks ahead."""
    rng = np.random.default_rng(seed)
    base = f(x)
    leak = 0.0
    for t in range(len(x) - 1):
        changed = x.copy()
        changed[t + 1:] = rng.normal(size=changed[t + 1:].shape)
        leak = max(leak, float(np.max(np.abs(f(changed)[:t + 1] - base[:t + 1]))))
    return leak


# --- given ----------------------------------------------------------------------------------------

def init_block_params(d_model, d_ff, seed=0):
    """Random parameters of one block: LayerNorms at gamma = 1, beta = 0; weights N(0, 1/fan_in)."""
    rng = np.random.default_rng(seed)
    w = lambda n_in, n_out: rng.normal(0.0, n_in ** -0.5, (n_in, n_out))
    return {"ln1_g": np.ones(d_model), "ln1_b": np.zeros(d_model),
            "Wq": w(d_model, d_model), "Wk": w(d_model, d_model), "Wv": w(d_model, d_model), "Wo": w(d_model, d_model),
            "ln2_g": np.ones(d_model), "ln2_b": np.zeros(d_model),
            "W1": w(d_model, d_ff), "b1": np.zeros(d_ff), "W2": w(d_ff, d_model), "b2": np.zeros(d_model)}


def load_reference(path=REFERENCE):
    """Fixed input, parameters and PyTorch's output of the block, as numpy arrays."""
    with open(path) as f:
        raw = json.load(f)
    return {k: (np.array(v) if isinstance(v, list) else v) for k, v in raw.items()}


if __name__ == "__main__":
    ref = load_reference()
    params = {k: ref[k] for k in init_block_params(8, 32)}
    out = transformer_block(ref["x"], params, ref["n_heads"])
    print(f"block vs PyTorch: largest difference {np.abs(out - ref['output']).max():.2e}")
    leak = causality_leak(lambda x: transformer_block(x, params, ref["n_heads"]), ref["x"])
    print(f"causality leak of the block: {leak}")
    no_mask = lambda x: x + multi_head_attention(x, params["Wq"], params["Wk"], params["Wv"], params["Wo"], 2)[0]
    print(f"causality leak of attention without a mask: {causality_leak(no_mask, ref['x']):.3f}")
