"""Section 5 (Advanced Attention Variants): multi-head, grouped-query and multi-query attention
with a KV cache, and the memory arithmetic that decides latency and throughput.

    python3 exercise.py                          # cache sizes of a 7B-class model, and a timing
    trail check advanced-attention-variants      # runs the tests

Only numpy is needed (pip install numpy). One sequence at a time; arrays are (T, d_model).
Fill in every TODO; the overview gives each formula.
"""
import time

import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def split_heads(x, n_heads):
    """(T, n_heads * d_head) -> (n_heads, T, d_head): head h owns columns h*d_head .. (h+1)*d_head - 1."""
    raise NotImplementedError("split_heads")  # TODO: reshape to (T, n_heads, d_head), then move the head axis first


def merge_heads(x):
    """(n_heads, T, d_head) -> (T, n_heads * d_head), the inverse of split_heads."""
    raise NotImplementedError("merge_heads")  # TODO: the inverse of split_heads


class KVCache:
    """Keys and values of every token seen so far, for one layer: k and v are (n_kv_heads, t, d_head)."""

    def __init__(self):
        self.k = None
        self.v = None

    def append(self, k_new, v_new):
        """Add (n_kv_heads, t_new, d_head) keys and values after the ones already cached."""
        # TODO: the first time, keep them; afterwards concatenate along the token axis (axis 1)
        raise NotImplementedError("KVCache.append")

    def __len__(self):
        return 0 if self.k is None else self.k.shape[1]

    @property
    def nbytes(self):
        return 0 if self.k is None else self.k.nbytes + self.v.nbytes


class Attention:
    """Causal self-attention with n_heads query heads sharing n_kv_heads key/value heads.

    n_kv_heads == n_heads is multi-head attention (MHA), 1 is multi-query (MQA), in between
    grouped-query (GQA): query head h reads key/value head h // (n_heads // n_kv_heads).
    Wq (d_model, n_heads*d_head), Wk and Wv (d_model, n_kv_heads*d_head), Wo (n_heads*d_head, d_model),
    with d_head = d_model // n_heads; no biases.
    """

    def __init__(self, d_model, n_heads, n_kv_heads, seed=0):
        assert d_model % n_heads == 0 and n_heads % n_kv_heads == 0
        self.n_heads, self.n_kv_heads = n_heads, n_kv_heads
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        std = 1 / np.sqrt(d_model)
        self.Wq = rng.normal(0, std, (d_model, n_heads * self.d_head))
        self.Wk = rng.normal(0, std, (d_model, n_kv_heads * self.d_head))
        self.Wv = rng.normal(0, std, (d_model, n_kv_heads * self.d_head))
        self.Wo = rng.normal(0, std, (n_heads * self.d_head, d_model))

    def _attend(self, q, k, v, mask):
        """q (n_heads, T_q, d_head); k, v (n_kv_heads, T_k, d_head): each group of query heads shares one kv head."""
        # TODO: give every query head its kv head: repeat each kv head n_heads // n_kv_heads times (axis 0)
        # TODO: scores = q kᵀ / sqrt(d_head) per head; -inf where the mask is False (when there is one)
        # TODO: softmax over the keys, @ v, merge the heads, @ Wo
        raise NotImplementedError("Attention._attend")

    def forward(self, x):
        """Full causal attention over x (T, d_model), everything recomputed: returns (T, d_model)."""
        # TODO: project x to q, k, v, split each into its heads, attend with a (T, T) causal mask
        raise NotImplementedError("Attention.forward")

    def step(self, x_t, cache):
        """One new token x_t (d_model,): project it once, append its k and v to the cache,
        attend from its query to every cached key. Returns its output (d_model,)."""
        # TODO: treat x_t as a sequence of one token, x_t[None, :]
        # TODO: append its keys and values (split into the kv heads) to the cache
        # TODO: attend from its query heads to everything in the cache; no mask is needed (why?)
        raise NotImplementedError("Attention.step")


def decode_with_cache(attn, x):
    """Feed the rows of x one at a time through attn.step with one KVCache; returns (outputs (T, d_model), cache)."""
    raise NotImplementedError("decode_with_cache")  # TODO: one KVCache, attn.step per row, stack the outputs


def decode_without_cache(attn, x):
    """What generation costs without a cache: for every t, run attn.forward on x[:t+1] and keep the last row."""
    raise NotImplementedError("decode_without_cache")  # TODO: attn.forward(x[:t + 1])[-1] for every t


def mha_to_gqa(attn_mha, n_kv_heads):
    """GQA from an MHA checkpoint (Ainslie et al. 2023): each group's key and value heads are mean-pooled.

    Returns a new Attention with the same Wq and Wo and n_kv_heads key/value heads.
    """
    d_model = attn_mha.Wq.shape[0]
    gqa = Attention(d_model, attn_mha.n_heads, n_kv_heads)
    # TODO: copy Wq and Wo; for Wk and Wv, view the columns as (d_model, n_kv_heads, group, d_head),
    #       average over the group axis, and reshape back to (d_model, n_kv_heads * d_head)
    raise NotImplementedError("mha_to_gqa")


# ---------------------------------------------------------------- the arithmetic

def param_count(d_model, n_heads, n_kv_heads):
    """Weights of one attention layer without biases: Wq and Wo are d_model², Wk and Wv d_model·n_kv·d_head."""
    raise NotImplementedError("param_count")  # TODO: the formula of the overview


def kv_cache_bytes(n_layers, n_kv_heads, d_head, seq_len, batch=1, bytes_per_value=2):
    """Keys and values (2) for every layer, kv head, channel, token and sequence."""
    raise NotImplementedError("kv_cache_bytes")  # TODO: the formula of the overview


def mla_cache_bytes(n_layers, d_latent, d_rope, seq_len, batch=1, bytes_per_value=2):
    """Multi-head latent attention caches one latent of d_latent plus one shared RoPE key of d_rope per layer and token."""
    raise NotImplementedError("mla_cache_bytes")  # TODO: the formula of the overview


def max_batch_size(memory_bytes, weight_bytes, kv_bytes_per_sequence):
    """How many sequences fit: the memory left after the weights, divided by one sequence's cache (0 if none)."""
    raise NotImplementedError("max_batch_size")  # TODO: integer division; never below 0


if __name__ == "__main__":
    GiB = 2 ** 30
    for name, kv in (("MHA", 32), ("GQA-8", 8), ("MQA", 1)):
        per_token = kv_cache_bytes(32, kv, 128, 1)
        per_seq = kv_cache_bytes(32, kv, 128, 4096)
        print(f"{name:6s} {per_token / 1024:7.0f} KiB per token, {per_seq / GiB:5.2f} GiB per 4096-token sequence, "
              f"batch that fits in 80 GB next to 14 GB of weights: {max_batch_size(80 * 10**9, 14 * 10**9, per_seq)}")
    print(f"MLA    {mla_cache_bytes(32, 512, 64, 1) / 1024:7.0f} KiB per token")
    attn = Attention(64, 8, 2)
    x = np.random.default_rng(0).normal(size=(256, 64))
    for fn in (decode_without_cache, decode_with_cache):
        start = time.perf_counter()
        fn(attn, x)
        print(f"{fn.__name__}: {(time.perf_counter() - start) * 1000 / len(x):.3f} ms per token")
