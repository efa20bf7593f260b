"""Tests of Section 14 (Fine-Tuning Fundamentals): trainable-parameter counts, LoRA (start, merge,
gradients checked against finite differences), full and LoRA fine-tuning of the shipped
pre-trained model, what they change, and a small clean set against a larger noisy one.

Interface (the overview states it):
    lora_param_count(shape, r);  count_trainable(params, mode, r=4)
    init_lora(params, r, seed=0) -> {name: {"A", "B"}};  merge(params, adapters, scale)
    lora_grads(dW, A, B, scale) -> (dA, dB)
    finetune(params, words, mode, steps=100, lr=0.003, r=4, alpha=4, seed=0) -> (params, adapters or None)
    delta_report(W_before, W_after, k=4) -> {"relative_change", "top_k_energy"}
The model (make_examples, init_params, loss_and_grads, nll, Adam, load_params) is given.
"""
import unittest

import numpy as np

import exercise
from exercise import load_params, load_words, loss_and_grads, make_examples, nll

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


class CountTest(unittest.TestCase):
    def test_counts(self):
        self.assertEqual(exercise.lora_param_count((64, 24), 4), 4 * (24 + 64))
        self.assertEqual(exercise.lora_param_count((4096, 4096), 8), 65536, "r (d_in + d_out) = 8 · 8192")
        pre = load_params()
        self.assertEqual(exercise.count_trainable(pre, "full"), 27 * 8 + 64 * 24 + 64 + 27 * 64 + 27)
        self.assertEqual(exercise.count_trainable(pre, "lora", 4), 4 * (24 + 64) + 4 * (64 + 27))
        self.assertEqual(exercise.count_trainable(pre, "lora", 1), 88 + 91)


class LoraTest(unittest.TestCase):
    def setUp(self):
        self.pre = load_params()

    def test_init_starts_at_the_pretrained_model(self):
        ad = exercise.init_lora(self.pre, 4, seed=0)
        self.assertEqual(sorted(ad), ["W1", "W2"])
        self.assertEqual(ad["W1"]["A"].shape, (4, 24))
        self.assertEqual(ad["W1"]["B"].shape, (64, 4))
        self.assertEqual(ad["W2"]["A"].shape, (4, 64))
        self.assertEqual(ad["W2"]["B"].shape, (27, 4))
        self.assertTrue(np.all(ad["W1"]["B"] == 0), "B starts at zero")
        self.assertGreater(np.abs(ad["W1"]["A"]).sum(), 0, "A starts random")
        self.assertAlmostEqual(float(ad["W2"]["A"].std()), 1 / 8, delta=0.03, msg="A ~ Normal(0, 1/d_in): std 1/sqrt(64)")
        merged = exercise.merge(self.pre, ad, 1.0)
        for k in self.pre:
            np.testing.assert_array_equal(merged[k], self.pre[k], err_msg="with B = 0 the merged model is the pretrained one")

    def test_merge_formula_and_no_mutation(self):
        rng = np.random.default_rng(0)
        ad = {"W1": {"A": rng.normal(size=(2, 24)), "B": rng.normal(size=(64, 2))}}
        before = {k: v.copy() for k, v in self.pre.items()}
        merged = exercise.merge(self.pre, ad, 0.5)
        np.testing.assert_allclose(merged["W1"], self.pre["W1"] + 0.5 * ad["W1"]["B"] @ ad["W1"]["A"], atol=1e-12)
        np.testing.assert_array_equal(merged["W2"], self.pre["W2"], err_msg="weights without an adapter are copied unchanged")
        for k in before:
            np.testing.assert_array_equal(self.pre[k], before[k], err_msg="merge must not modify params")

    def test_lora_grads_match_finite_differences(self):
        rng = np.random.default_rng(1)
        X, Y = make_examples(["station", "motion", "apple"])
        A, B, scale = rng.normal(0, 0.3, (3, 24)), rng.normal(0, 0.3, (64, 3)), 0.7

        def loss(A_, B_):
            p = dict(self.pre)
            p["W1"] = self.pre["W1"] + scale * B_ @ A_
            return loss_and_grads(p, X, Y)[0]
        p = dict(self.pre)
        p["W1"] = self.pre["W1"] + scale * B @ A
        dW = loss_and_grads(p, X, Y)[1]["W1"]
        dA, dB = exercise.lora_grads(dW, A, B, scale)
        self.assertEqual((dA.shape, dB.shape), (A.shape, B.shape))
        eps = 1e-6
        for (i, j) in [(0, 0), (2, 17), (1, 5)]:
            Ap, Am = A.copy(), A.copy()
            Ap[i, j] += eps
            Am[i, j] -= eps
            self.assertAlmostEqual(dA[i, j], (loss(Ap, B) - loss(Am, B)) / (2 * eps), delta=1e-6,
                                   msg=f"dA[{i},{j}]: dA = scale * Bᵀ dW")
        for (i, j) in [(0, 0), (40, 2), (63, 1)]:
            Bp, Bm = B.copy(), B.copy()
            Bp[i, j] += eps
            Bm[i, j] -= eps
            self.assertAlmostEqual(dB[i, j], (loss(A, Bp) - loss(A, Bm)) / (2 * eps), delta=1e-6,
                                   msg=f"dB[{i},{j}]: dB = scale * dW Aᵀ")

    def test_delta_report_by_hand(self):
        W = np.ones((3, 4))
        after = W + np.outer([1.0, 0, 0], [2.0, 0, 0, 0])         # ΔW has one non-zero entry: 2
        r = exercise.delta_report(W, after, k=1)
        self.assertAlmostEqual(r["relative_change"], 2 / np.sqrt(12))
        self.assertAlmostEqual(r["top_k_energy"], 1.0, msg="a rank-1 change has all its energy in one direction")
        d = np.diag([3.0, 1.0, 0.0])
        r = exercise.delta_report(np.ones((3, 3)), np.ones((3, 3)) + d, k=1)
        self.assertAlmostEqual(r["top_k_energy"], 9 / 10, msg="σ = 3 and 1: 9 / (9 + 1)")


class FineTuneTest(unittest.TestCase):
    """The shipped model and data: 100 clean -tion words to fine-tune on, 300 to measure, 2,000
    English words to measure forgetting, 400 scraped lines of which 160 are -tion words."""

    def test_what_fine_tuning_changes(self):
        pre = load_params()
        frozen = {k: v.copy() for k, v in pre.items()}
        val, english = load_words("data/domain_val.txt"), load_words("data/general_val.txt")
        clean, noisy = load_words("data/domain_clean.txt"), load_words("data/domain_noisy.txt")
        full, none = exercise.finetune(pre, clean, "full")
        self.assertIsNone(none)
        lora, adapters = exercise.finetune(pre, clean, "lora")
        for k in pre:
            np.testing.assert_array_equal(pre[k], frozen[k], err_msg="finetune must never change the params it was given")
        for k in ("C", "b1", "b2"):
            np.testing.assert_array_equal(lora[k], pre[k], err_msg="LoRA trains only the adapters")
        np.testing.assert_allclose(lora["W1"], exercise.merge(pre, adapters, 1.0)["W1"], atol=1e-12,
                                   err_msg="the returned params are the merged ones (alpha / r = 4 / 4)")
        scratch, _ = exercise.finetune(exercise.init_params(1), clean, "full")
        lora_noisy, _ = exercise.finetune(pre, noisy, "lora")
        m = {"trainable_full": exercise.count_trainable(pre, "full"),
             "trainable_lora": exercise.count_trainable(pre, "lora", 4),
             "domain_nll_before": nll(pre, val), "domain_nll_full": nll(full, val),
             "domain_nll_lora": nll(lora, val), "domain_nll_scratch": nll(scratch, val),
             "english_nll_before": nll(pre, english), "english_nll_full": nll(full, english),
             "english_nll_lora": nll(lora, english),
             "domain_nll_lora_noisy": nll(lora_noisy, val)}
        m["quality_gap"] = m["domain_nll_lora_noisy"] - m["domain_nll_lora"]
        report = exercise.delta_report(pre["W1"], full["W1"])
        m["delta_relative_full"] = report["relative_change"]
        m["delta_top4_energy_full"] = report["top_k_energy"]
        m["delta_top4_energy_lora"] = exercise.delta_report(pre["W1"], lora["W1"])["top_k_energy"]
        for name, value in m.items():
            log_metric(name, value)
        self.assertGreater(m["domain_nll_before"], 2.2, "before fine-tuning, -tion words are new to the model")
        self.assertLess(m["domain_nll_full"], 1.6)
        self.assertLess(m["domain_nll_lora"], 1.6, "LoRA with 716 numbers learns the domain too")
        self.assertLess(abs(m["domain_nll_lora"] - m["domain_nll_full"]), 0.1, "LoRA is within 0.1 nats of full fine-tuning")
        self.assertGreater(m["domain_nll_scratch"] - m["domain_nll_lora"], 0.1,
                           "the same 100 words from a random start do worse: pretraining is what they build on")
        self.assertGreater(m["english_nll_full"], m["english_nll_lora"], "full fine-tuning forgets more English than LoRA")
        self.assertGreater(m["english_nll_lora"], m["english_nll_before"], "both forget some")
        self.assertGreater(m["quality_gap"], 0.02, "100 clean words beat 400 scraped lines holding 160 good ones")
        self.assertAlmostEqual(m["delta_top4_energy_lora"], 1.0, places=9, msg="a rank-4 adapter changes W1 in 4 directions")


if __name__ == "__main__":
    unittest.main()
