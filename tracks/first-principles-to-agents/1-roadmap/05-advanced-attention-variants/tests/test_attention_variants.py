"""Tests of Section 5 (Advanced Attention Variants): MHA / GQA / MQA, the KV cache, MHA -> GQA
pooling, and the memory formulas.

Interface (the overview states it):
    split_heads(x, n_heads) -> (n_heads, T, d_head);  merge_heads(x) -> (T, n_heads * d_head)
    KVCache(): .append(k_new, v_new), .k, .v (n_kv_heads, t, d_head), len(cache), .nbytes
    Attention(d_model, n_heads, n_kv_heads, seed): .Wq .Wk .Wv .Wo, .forward(x), .step(x_t, cache)
    decode_with_cache(attn, x) -> (outputs, cache);  decode_without_cache(attn, x) -> outputs
    mha_to_gqa(attn_mha, n_kv_heads) -> Attention
    param_count, kv_cache_bytes, mla_cache_bytes, max_batch_size
"""
import time
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def reference(attn, x):
    """Causal grouped-query attention written head by head and query by query."""
    T, d_model = x.shape
    H, G, d = attn.n_heads, attn.n_kv_heads, attn.d_head
    Q, K, V = x @ attn.Wq, x @ attn.Wk, x @ attn.Wv
    heads = np.zeros((T, H * d))
    for h in range(H):
        g = h // (H // G)                                   # the kv head this query head reads
        q, k, v = Q[:, h * d:(h + 1) * d], K[:, g * d:(g + 1) * d], V[:, g * d:(g + 1) * d]
        for i in range(T):
            s = k[:i + 1] @ q[i] / np.sqrt(d)
            w = np.exp(s - s.max())
            heads[i, h * d:(h + 1) * d] = (w / w.sum()) @ v[:i + 1]
    return heads @ attn.Wo


VARIANTS = (("MHA", 8), ("GQA", 2), ("MQA", 1))


class HeadsTest(unittest.TestCase):
    def test_split_and_merge(self):
        x = np.arange(3 * 8, dtype=float).reshape(3, 8)
        s = exercise.split_heads(x, 4)
        self.assertEqual(s.shape, (4, 3, 2), "split_heads gives (n_heads, T, d_head)")
        np.testing.assert_array_equal(s[1], x[:, 2:4], err_msg="head 1 owns columns 2..3 of every row")
        np.testing.assert_array_equal(exercise.merge_heads(s), x, err_msg="merge_heads undoes split_heads")


class AttentionTest(unittest.TestCase):
    def test_weight_shapes(self):
        for name, kv in VARIANTS:
            a = exercise.Attention(64, 8, kv, seed=0)
            self.assertEqual((a.Wq.shape, a.Wk.shape, a.Wv.shape, a.Wo.shape),
                             ((64, 64), (64, 8 * kv), (64, 8 * kv), (64, 64)),
                             f"{name}: Wk and Wv have n_kv_heads * d_head = {8 * kv} columns")

    def test_forward_matches_the_head_by_head_reference(self):
        x = np.random.default_rng(1).normal(size=(9, 32))
        for name, kv in VARIANTS:
            a = exercise.Attention(32, 8, kv, seed=2)
            np.testing.assert_allclose(a.forward(x), reference(a, x), atol=1e-10,
                                       err_msg=f"{name}: query head h should read kv head h // (n_heads // n_kv_heads)")

    def test_forward_is_causal(self):
        rng = np.random.default_rng(3)
        a = exercise.Attention(16, 4, 2, seed=0)
        x = rng.normal(size=(6, 16))
        changed = x.copy()
        changed[4:] += 10.0
        np.testing.assert_array_equal(a.forward(changed)[:4], a.forward(x)[:4],
                                      err_msg="outputs 0..3 must not change when tokens 4 and 5 do")


class KVCacheTest(unittest.TestCase):
    def test_incremental_decoding_matches_full_recomputation(self):
        x = np.random.default_rng(4).normal(size=(20, 32))
        worst = 0.0
        for name, kv in VARIANTS:
            a = exercise.Attention(32, 8, kv, seed=5)
            full = a.forward(x)
            cached, cache = exercise.decode_with_cache(a, x)
            np.testing.assert_allclose(cached, full, atol=1e-10,
                                       err_msg=f"{name}: the t-th step with the cache must equal row t of forward(x)")
            np.testing.assert_allclose(exercise.decode_without_cache(a, x), full, atol=1e-10,
                                       err_msg=f"{name}: decode_without_cache should equal forward(x) row by row")
            worst = max(worst, float(np.abs(cached - full).max()))
            self.assertEqual(len(cache), 20, "the cache holds one entry per token seen")
        log_metric("cache_max_abs_diff", worst)

    def test_the_cache_holds_keys_and_values_of_the_kv_heads_only(self):
        x = np.random.default_rng(6).normal(size=(5, 32))
        for name, kv in VARIANTS:
            a = exercise.Attention(32, 8, kv, seed=7)
            _, cache = exercise.decode_with_cache(a, x)
            self.assertEqual(np.shape(cache.k), (kv, 5, 4), f"{name}: cache.k is (n_kv_heads, T, d_head)")
            np.testing.assert_allclose(cache.k, exercise.split_heads(x @ a.Wk, kv), atol=1e-12,
                                       err_msg=f"{name}: cache.k should hold each token's key, computed once")
            np.testing.assert_allclose(cache.v, exercise.split_heads(x @ a.Wv, kv), atol=1e-12)
            self.assertEqual(cache.nbytes, exercise.kv_cache_bytes(1, kv, 4, 5, 1, 8),
                             f"{name}: the measured cache size should match the formula (float64 = 8 bytes)")

    def test_memory_and_time_measured(self):
        """T = 128, d_model = 64, 8 query heads: cache bytes for each variant, and decode time with and without the cache."""
        x = np.random.default_rng(8).normal(size=(128, 64))
        sizes = {}
        for name, kv in VARIANTS:
            _, cache = exercise.decode_with_cache(exercise.Attention(64, 8, kv), x)
            sizes[name] = cache.nbytes
            log_metric(f"kv_cache_bytes_{name.lower()}", cache.nbytes)
        log_metric("kv_bytes_ratio_gqa", sizes["GQA"] / sizes["MHA"])
        log_metric("kv_bytes_ratio_mqa", sizes["MQA"] / sizes["MHA"])
        self.assertEqual(sizes["MHA"], 4 * sizes["GQA"], "2 kv heads instead of 8: a cache 4 times smaller")
        self.assertEqual(sizes["MHA"], 8 * sizes["MQA"], "1 kv head instead of 8: a cache 8 times smaller")
        a = exercise.Attention(64, 8, 2)
        timings = {}
        for fn in (exercise.decode_without_cache, exercise.decode_with_cache):
            best = float("inf")
            for _ in range(2):
                start = time.perf_counter()
                fn(a, x)
                best = min(best, time.perf_counter() - start)
            timings[fn.__name__] = best * 1000 / len(x)
        log_metric("ms_per_token_recomputed", timings["decode_without_cache"])
        log_metric("ms_per_token_cached", timings["decode_with_cache"])
        speedup = timings["decode_without_cache"] / timings["decode_with_cache"]
        log_metric("cache_speedup", speedup)
        # Timings vary between machines, so they are logged, not gated; the cache must at least not be slower.
        self.assertGreater(speedup, 1, f"decoding with the cache should be faster than recomputing, got {speedup:.1f}x")


class PoolingTest(unittest.TestCase):
    def test_mha_to_gqa_mean_pools_each_group(self):
        mha = exercise.Attention(32, 8, 8, seed=9)
        gqa = exercise.mha_to_gqa(mha, 2)
        self.assertEqual(gqa.n_kv_heads, 2)
        self.assertEqual(gqa.Wk.shape, (32, 8), "2 kv heads of width 4")
        np.testing.assert_array_equal(gqa.Wq, mha.Wq, err_msg="queries are kept as they are")
        np.testing.assert_array_equal(gqa.Wo, mha.Wo, err_msg="the output projection is kept as it is")
        heads = mha.Wk.reshape(32, 8, 4)
        np.testing.assert_allclose(gqa.Wk[:, 4:8], heads[:, 4:8].mean(axis=1), atol=1e-12,
                                   err_msg="kv head 1 of the GQA is the mean of MHA key heads 4, 5, 6, 7")

    def test_identical_heads_in_a_group_give_the_same_model(self):
        mha = exercise.Attention(32, 8, 8, seed=10)
        for name in ("Wk", "Wv"):                          # make the 4 heads of each group equal
            w = getattr(mha, name).reshape(32, 2, 4, 4)
            setattr(mha, name, np.repeat(w[:, :, :1], 4, axis=2).reshape(32, 32))
        x = np.random.default_rng(11).normal(size=(7, 32))
        np.testing.assert_allclose(exercise.mha_to_gqa(mha, 2).forward(x), mha.forward(x), atol=1e-10,
                                   err_msg="pooling equal heads loses nothing: the GQA should equal the MHA")


class FormulaTest(unittest.TestCase):
    def test_param_count_matches_the_layer(self):
        for name, kv in VARIANTS:
            a = exercise.Attention(64, 8, kv)
            self.assertEqual(exercise.param_count(64, 8, kv), a.Wq.size + a.Wk.size + a.Wv.size + a.Wo.size,
                             f"{name}: param_count should count Wq, Wk, Wv and Wo")
        self.assertEqual(exercise.param_count(4096, 32, 8), 2 * 4096 ** 2 + 2 * 4096 * 1024)

    def test_kv_cache_bytes_of_the_worked_example(self):
        self.assertEqual(exercise.kv_cache_bytes(32, 32, 128, 1), 524288, "7B-class MHA, fp16: 512 KiB per token")
        self.assertEqual(exercise.kv_cache_bytes(32, 8, 128, 4096), 2 ** 29, "GQA-8, 4096 tokens: 0.5 GiB")
        self.assertEqual(exercise.kv_cache_bytes(32, 1, 128, 4096, batch=8, bytes_per_value=1), 2 ** 28,
                         "MQA, 8 sequences, 8-bit values")

    def test_mla_cache_bytes(self):
        self.assertEqual(exercise.mla_cache_bytes(32, 512, 64, 1), 32 * 576 * 2,
                         "one latent of 512 plus a 64-wide RoPE key per layer and token, 2 bytes each")
        self.assertEqual(exercise.mla_cache_bytes(60, 512, 64, 1000, batch=2, bytes_per_value=1), 60 * 576 * 2000)

    def test_max_batch_size(self):
        per_seq = exercise.kv_cache_bytes(32, 32, 128, 4096)
        self.assertEqual(exercise.max_batch_size(80 * 10 ** 9, 14 * 10 ** 9, per_seq), 30)
        self.assertEqual(exercise.max_batch_size(10 ** 9, 2 * 10 ** 9, per_seq), 0, "weights alone do not fit: 0")


if __name__ == "__main__":
    unittest.main()
