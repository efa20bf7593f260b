"""Tests of the pretraining pipeline in exercise.py: vocabulary, held-out split, batches, the
learning-rate schedule, gradient clipping, perplexity, sampling, a short pretraining run of
tinygpt.TinyGPT on the shipped corpus, and the report files."""
import json
import math
import os
import tempfile
import unittest

import numpy as np
from trail_metrics import log_metric

from exercise import (build_vocab, clip_grad_norm, decode, encode, evaluate, get_batch, lr_at, perplexity,
                      sample, split, train, write_report)
from tinygpt import TinyGPT

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "data", "corpus.txt"), encoding="utf-8") as f:
    CORPUS = f.read()


class BigramFake:
    """A stand-in model: the logits of the next token depend only on the current token."""

    def __init__(self, table, block_size=8):
        self.table = np.asarray(table, dtype=float)
        self.block_size = block_size
        self.vocab_size = self.table.shape[0]

    def forward(self, idx):
        idx = np.asarray(idx)
        assert idx.shape[1] <= self.block_size, f"model called with {idx.shape[1]} tokens, block_size is {self.block_size}"
        return self.table[idx]

    def loss(self, idx, targets):
        logits = self.forward(idx)
        z = logits - logits.max(-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
        t = np.asarray(targets)
        return float(-np.take_along_axis(logp, t[..., None], -1).mean())


def own_nll(table, data):
    """Mean NLL of every next token of data under a bigram table."""
    z = table - table.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    return float(-logp[data[:-1], data[1:]].mean())


class DataTest(unittest.TestCase):
    def test_vocab_and_round_trip(self):
        stoi, itos = build_vocab("hello world")
        self.assertEqual(sorted(stoi), sorted(set("hello world")), "one id per distinct character")
        self.assertEqual(sorted(stoi.values()), list(range(len(stoi))), "ids are 0..V-1")
        self.assertEqual(list(stoi), sorted(stoi), "ids follow the sorted characters")
        self.assertEqual(decode(encode("low herd", stoi), itos), "low herd")

    def test_split_holds_out_the_last_tenth_in_one_piece(self):
        ids = np.arange(1000)
        tr, va = split(ids, 0.1)
        self.assertEqual(len(va), 100, "10% of 1000 tokens are held out")
        np.testing.assert_array_equal(np.asarray(tr), np.arange(900), err_msg="train is the first 90%, in order")
        np.testing.assert_array_equal(np.asarray(va), np.arange(900, 1000), err_msg="val is the last 10%, in order")

    def test_get_batch_gives_shifted_windows(self):
        data = np.arange(500)
        x, y = get_batch(data, 8, 16, np.random.default_rng(0))
        x, y = np.asarray(x), np.asarray(y)
        self.assertEqual(x.shape, (8, 16), "x is (batch_size, block_size)")
        self.assertEqual(y.shape, (8, 16), "y is (batch_size, block_size)")
        for row_x, row_y in zip(x, y):
            s = row_x[0]
            np.testing.assert_array_equal(row_x, np.arange(s, s + 16), err_msg="each row of x is a window of data")
            np.testing.assert_array_equal(row_y, row_x + 1, err_msg="y is x shifted by one token: the next tokens")
        self.assertTrue((y.max() < 500), "windows stay inside the data")
        x2, _ = get_batch(data, 8, 16, np.random.default_rng(1))
        self.assertFalse(np.array_equal(x, np.asarray(x2)), "start positions are drawn from rng")


class ScheduleAndClipTest(unittest.TestCase):
    def test_warmup_then_cosine(self):
        kw = dict(max_lr=1.0, warmup_steps=10, total_steps=110, min_lr=0.1)
        self.assertAlmostEqual(lr_at(0, **kw), 0.1, msg="warm-up: step 0 gets max_lr * 1/10")
        self.assertAlmostEqual(lr_at(4, **kw), 0.5, msg="warm-up: step 4 gets max_lr * 5/10")
        self.assertAlmostEqual(lr_at(10, **kw), 1.0, msg="the decay starts at max_lr")
        self.assertAlmostEqual(lr_at(60, **kw), 0.55, msg="half-way through the decay: (max_lr + min_lr) / 2")
        self.assertAlmostEqual(lr_at(110, **kw), 0.1, msg="at total_steps the rate is min_lr")
        self.assertAlmostEqual(lr_at(500, **kw), 0.1, msg="after total_steps it stays at min_lr")
        decay = [lr_at(s, **kw) for s in range(10, 111)]
        self.assertTrue(all(a >= b for a, b in zip(decay, decay[1:])), "the rate never rises after warm-up")
        expected = 0.1 + 0.5 * (1 + math.cos(math.pi * 0.25)) * 0.9
        self.assertAlmostEqual(lr_at(35, **kw), expected, msg="cosine: min + (max - min)(1 + cos(pi p)) / 2")

    def test_clip_grad_norm_scales_all_gradients_together(self):
        grads = {"a": np.array([3.0, 0.0]), "b": np.array([[0.0, 4.0]])}
        clipped, norm = clip_grad_norm(grads, 1.0)
        self.assertAlmostEqual(float(norm), 5.0, msg="the global norm of (3, 0, 0, 4) is 5")
        np.testing.assert_allclose(clipped["a"], [0.6, 0.0], err_msg="every gradient is scaled by 1/5")
        np.testing.assert_allclose(clipped["b"], [[0.0, 0.8]])
        same, norm = clip_grad_norm(grads, 10.0)
        np.testing.assert_allclose(same["a"], [3.0, 0.0], err_msg="a norm under max_norm is left alone")


class PerplexityTest(unittest.TestCase):
    def test_uniform_model_has_perplexity_equal_to_the_vocabulary(self):
        model = BigramFake(np.zeros((7, 7)))
        data = np.random.default_rng(0).integers(0, 7, 300)
        nll = evaluate(model, data, 8)
        self.assertAlmostEqual(nll, math.log(7), places=6, msg="uniform over 7 tokens: NLL = ln 7 per token")
        self.assertAlmostEqual(perplexity(nll), 7.0, places=4, msg="perplexity = exp(mean NLL) = 7")

    def test_evaluate_is_the_mean_nll_per_token(self):
        rng = np.random.default_rng(1)
        table = rng.normal(0, 2, (5, 5))
        data = rng.integers(0, 5, 2000)
        got = evaluate(BigramFake(table), data, 8)
        self.assertAlmostEqual(got, own_nll(table, data), delta=0.03 * own_nll(table, data),
                               msg="evaluate = mean cross-entropy of each next token of the held-out data")


class SampleTest(unittest.TestCase):
    def test_sample_appends_tokens_and_crops_the_context(self):
        table = np.full((5, 5), -30.0)
        for i in range(5):
            table[i, (i + 1) % 5] = 0.0  # after token i, token i+1 (almost surely)
        ids = sample(BigramFake(table, block_size=4), [2], 12, 1.0, np.random.default_rng(0))
        self.assertEqual([int(i) for i in ids], [2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4],
                         "the prompt, then 12 new tokens; the model never sees more than block_size tokens")

    def test_temperature_rescales_the_logits(self):
        table = np.zeros((3, 3))
        table[:, 1] = math.log(3.0)  # p = (1/5, 3/5, 1/5) at temperature 1
        model = BigramFake(table, block_size=4)
        for temperature, expected in ((1.0, 3 / 5), (0.5, 9 / 11)):
            ids = sample(model, [0], 3000, temperature, np.random.default_rng(2))
            share = np.mean(np.asarray(ids[1:]) == 1)
            self.assertAlmostEqual(share, expected, delta=0.03,
                                   msg=f"temperature {temperature}: p(token 1) = softmax(logits / T)[1] = {expected:.3f}")
        ids = sample(model, [0], 50, 1.0, np.random.default_rng(3), top_k=1)
        self.assertTrue(all(int(i) == 1 for i in ids[1:]), "top_k=1 always picks the largest logit")


class PretrainTest(unittest.TestCase):
    def test_pretraining_lowers_the_held_out_perplexity(self):
        stoi, itos = build_vocab(CORPUS)
        tr, va = split(encode(CORPUS, stoi), 0.1)
        model = TinyGPT(len(stoi), block_size=32, d_model=32, n_head=2, n_layer=1, seed=0)
        before = evaluate(model, va, 32)
        history = train(model, tr, va, steps=300, batch_size=16, max_lr=1e-2, warmup_steps=20, min_lr=1e-3,
                        rng=np.random.default_rng(0), eval_every=50)
        self.assertEqual([int(h[0]) for h in history], [50, 100, 150, 200, 250, 300],
                         "history holds (step, train_loss, val_loss) every eval_every steps")
        for step, train_loss, val_loss in history:
            log_metric("train_loss", train_loss, int(step))
            log_metric("val_loss", val_loss, int(step))
        val_ppl = perplexity(evaluate(model, va, 32))
        log_metric("val_perplexity", val_ppl)
        self.assertAlmostEqual(before, math.log(len(stoi)), delta=0.1, msg="an untrained model is near uniform")
        self.assertLess(history[-1][2], history[0][2], "the held-out loss goes down during training")
        self.assertLess(val_ppl, 6.0, f"held-out perplexity after 300 steps should be under 6 (the unigram "
                                      f"model gets 16.8, the reference about 3.2); got {val_ppl:.2f}")

    def test_report_files(self):
        with tempfile.TemporaryDirectory() as folder:
            write_report({"val_perplexity": 3.2, "steps": 300}, ["the fox.", "a boat."], folder)
            with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
                report = json.load(f)
            self.assertEqual(report["val_perplexity"], 3.2)
            self.assertEqual(report["samples"], ["the fox.", "a boat."], "report.json holds the samples too")
            with open(os.path.join(folder, "samples.txt"), encoding="utf-8") as f:
                text = f.read()
            self.assertIn("the fox.", text)
            self.assertIn("a boat.", text)


if __name__ == "__main__":
    unittest.main()
