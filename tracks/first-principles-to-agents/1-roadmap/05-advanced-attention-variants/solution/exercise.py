"""Section 5 (Advanced Attention Variants): multi-head, grouped-query and multi-query attention
with a KV cache, and the memory arithmetic that decides latency and throughput.

    python3 exercise.py                          # cache sizes of a 7B-class model, and a timing
    trail check advanced-attention-variants      # runs the tests

Only numpy is needed (pip install numpy). One sequence at a time; arrays are (T, d_model).
"""
import time

import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def split_heads(x, n_heads):
    """(T, n_heads * d_head) -> (n_heads, T, d_head): head h owns columns h*d_head .. (h+1)*d_head - 1."""
    T, width = x.shape
    return x.reshape(T, n_heads, width // n_heads).transpose(1, 0, 2)


def merge_heads(x):
    """(n_heads, T, d_head) -> (T, n_heads * d_head), the inverse of split_heads."""
    n_heads, T, d_head = x.shape
    return x.transpose(1, 0, 2).reshape(T, n_heads * d_head)


class KVCache:
    """Keys and values of every token seen so far, for one layer: k and v are (n_kv_heads, t, d_head)."""

    def __init__(self):
        self.k = None
        self.v = None

    def append(self, k_new, v_new):
        """Add (n_kv_heads, t_new, d_head) keys and values after the ones already cached."""
        if self.k is None:
            self.k, self.v = k_new, v_new
        else:
            self.k = np.concatenate([self.k, k_new], axis=1)
            self.v = np.concatenate([self.v, v_new], axis=1)

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
        group = self.n_heads // self.n_kv_heads
        k = np.repeat(k, group, axis=0)
        v = np.repeat(v, group, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(self.d_head)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        return merge_heads(softmax(scores) @ v) @ self.Wo

    def forward(self, x):
        """Full causal attention over x (T, d_model), everything recomputed: returns (T, d_model)."""
        T = x.shape[0]
        q = split_heads(x @ self.Wq, self.n_heads)
        k = split_heads(x @ self.Wk, self.n_kv_heads)
        v = split_heads(x @ self.Wv, self.n_kv_heads)
        return self._attend(q, k, v, np.tril(np.ones((T, T), dtype=bool)))

    def step(self, x_t, cache):
        """One new token x_t (d_model,): project it once, append its k and v to the cache,
        attend from its query to every cached key. Returns its output (d_model,)."""
        x_t = x_t[None, :]
        cache.append(split_heads(x_t @ self.Wk, self.n_kv_heads), split_heads(x_t @ self.Wv, self.n_kv_heads))
        q = split_heads(x_t @ self.Wq, self.n_heads)
        return self._attend(q, cache.k, cache.v, None)[0]


def decode_with_cache(attn, x):
    """Feed the rows of x one at a time through attn.step with one KVCache; returns (outputs (T, d_model), cache)."""
    cache = KVCache()
    outputs = np.stack([attn.step(x_t, cache) for x_t in x])
    return outputs, cache


def decode_without_cache(attn, x):
    """What generation costs without a cache: for every t, run attn.forward on x[:t+1] and keep the last row."""
    return np.stack([attn.forward(x[:t + 1])[-1] for t in range(len(x))])


def mha_to_gqa(attn_mha, n_kv_heads):
    """GQA from an MHA checkpoint (Ainslie et al. 2023): each group's key and value heads are mean-pooled.

    Returns a new Attention with the same Wq and Wo and n_kv_heads key/value heads.
    """
    d_model = attn_mha.Wq.shape[0]
    gqa = Attention(d_model, attn_mha.n_heads, n_kv_heads)
    group = attn_mha.n_heads // n_kv_heads
    d = attn_mha.d_head
    gqa.Wq, gqa.Wo = attn_mha.Wq.copy(), attn_mha.Wo.copy()
    for name in ("Wk", "Wv"):
        heads = getattr(attn_mha, name).reshape(d_model, attn_mha.n_heads, d)
        pooled = heads.reshape(d_model, n_kv_heads, group, d).mean(axis=2)
        setattr(gqa, name, pooled.reshape(d_model, n_kv_heads * d))
    return gqa


# ---------------------------------------------------------------- the arithmetic

def param_count(d_model, n_heads, n_kv_heads):
    """Weights of one attention layer without biases: Wq and Wo are d_model², Wk and Wv d_model·n_kv·d_head."""
    d_head = d_model // n_heads
    return 2 * d_model * d_model + 2 * d_model * n_kv_heads * d_head


def kv_cache_bytes(n_layers, n_kv_heads, d_head, seq_len, batch=1, bytes_per_value=2):
    """Keys and values (2) for every layer, kv head, channel, token and sequence."""
    return 2 * n_layers * n_kv_heads * d_head * seq_len * batch * bytes_per_value


def mla_cache_bytes(n_layers, d_latent, d_rope, seq_len, batch=1, bytes_per_value=2):
    """Multi-head latent attention caches one latent of d_latent plus one shared RoPE key of d_rope per layer and token."""
    return n_layers * (d_latent + d_rope) * seq_len * batch * bytes_per_value


def max_batch_size(memory_bytes, weight_bytes, kv_bytes_per_sequence):
    """How many sequences fit: the memory left after the weights, divided by one sequence's cache (0 if none)."""
    return max(0, (memory_bytes - weight_bytes) // kv_bytes_per_sequence)


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
