"""Tests of M7 (mini GPT): exercise.py, through the overview's interface.

    build_vocab(text), encode(text, vocab), decode(ids, vocab)
    get_batch(data, block_size, batch_size, rng) -> x, y (B, T)
    GPT(vocab_size, block_size, d_model, n_heads, n_layers, seed): .params (given names),
        .forward(idx) -> Tensor (B, T, V), .loss(idx, targets) -> scalar Tensor
    train(model, data, steps, batch_size, lr, seed) -> list of losses
    generate(model, ids, n_new, temperature, rng) -> list of ids
    save_run(losses, samples, folder) -> visualizations/loss_curve.svg and samples.txt
The forward pass is compared with the test's own numpy transformer on the same parameters.
"""
import math
import os
import re
import unittest
import xml.etree.ElementTree as ET

import numpy as np

import exercise
from autograd import no_grad

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def corpus():
    with open("data/corpus.txt") as f:
        return f.read()


def reference_logits(model, idx):
    """The architecture of the overview in plain numpy, on the model's parameter arrays."""
    p = {k: v.data for k, v in model.params.items()}
    B, T = idx.shape
    H = model.n_heads

    def ln(x, g, b):
        return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * g + b

    def gelu(u):
        return 0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u ** 3)))
    x = p["tok_emb"][idx] + p["pos_emb"][:T]
    d = x.shape[-1]
    dh = d // H
    allowed = np.tril(np.ones((T, T), dtype=bool))
    for l in range(model.n_layers):
        a = ln(x, p[f"h{l}.ln1_g"], p[f"h{l}.ln1_b"])
        q, k, v = ((a @ p[f"h{l}.{w}"]).reshape(B, T, H, dh).transpose(0, 2, 1, 3) for w in ("Wq", "Wk", "Wv"))
        s = np.where(allowed, q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh), -np.inf)
        w = np.exp(s - s.max(-1, keepdims=True))
        w /= w.sum(-1, keepdims=True)
        x = x + (w @ v).transpose(0, 2, 1, 3).reshape(B, T, d) @ p[f"h{l}.Wo"]
        m = ln(x, p[f"h{l}.ln2_g"], p[f"h{l}.ln2_b"])
        x = x + gelu(m @ p[f"h{l}.W1"] + p[f"h{l}.b1"]) @ p[f"h{l}.W2"] + p[f"h{l}.b2"]
    return ln(x, p["lnf_g"], p["lnf_b"]) @ p["W_out"]


def mean_cross_entropy(logits, targets):
    z = logits - logits.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    flat = logp.reshape(-1, logp.shape[-1])
    return float(-flat[np.arange(len(flat)), np.asarray(targets).reshape(-1)].mean())


def small_model(seed=3):
    model = exercise.GPT(7, block_size=6, d_model=8, n_heads=2, n_layers=2, seed=seed)
    rng = np.random.default_rng(seed)
    for p in model.parameters():            # move away from the initial values (gammas of 1, zero biases)
        p.data = p.data + rng.normal(0.0, 0.3, p.data.shape)
    return model


class TokenizerTest(unittest.TestCase):
    def test_vocab_round_trip(self):
        text = corpus()
        vocab = exercise.build_vocab(text)
        self.assertEqual(list(vocab), sorted(set(text)), "the sorted distinct characters")
        ids = exercise.encode(text[:500], vocab)
        self.assertTrue(all(isinstance(i, (int, np.integer)) for i in ids))
        self.assertEqual(exercise.decode(ids, vocab), text[:500])
        self.assertEqual(exercise.encode("Tab", vocab), [vocab.index("T"), vocab.index("a"), vocab.index("b")])


class BatchTest(unittest.TestCase):
    def test_windows_and_their_next_tokens(self):
        data = np.arange(100, 400)
        x, y = exercise.get_batch(data, 8, 5, np.random.default_rng(0))
        self.assertEqual((np.shape(x), np.shape(y)), ((5, 8), (5, 8)))
        np.testing.assert_array_equal(np.asarray(y)[:, :-1], np.asarray(x)[:, 1:], err_msg="y is x shifted by one")
        for row in np.asarray(x):
            start = int(row[0]) - 100
            np.testing.assert_array_equal(row, data[start:start + 8], err_msg="each row is a window of data")
        starts = np.random.default_rng(0).integers(0, len(data) - 8, size=5)
        np.testing.assert_array_equal(np.asarray(x)[:, 0], data[starts],
                                      err_msg="starts from rng.integers(0, len(data) - block_size, size=batch_size)")


class ModelTest(unittest.TestCase):
    def test_parameters_have_the_given_names_and_shapes(self):
        model = exercise.GPT(30, block_size=16, d_model=32, n_heads=4, n_layers=2, seed=0)
        shapes = {k: v.data.shape for k, v in model.params.items()}
        self.assertEqual(shapes["tok_emb"], (30, 32))
        self.assertEqual(shapes["h1.W1"], (32, 128))
        self.assertEqual(sum(v.data.size for v in model.parameters()), 27648)

    def test_forward_matches_the_reference_transformer(self):
        model = small_model()
        idx = np.random.default_rng(4).integers(0, 7, size=(3, 6))
        logits = model.forward(idx)
        self.assertEqual(logits.shape, (3, 6, 7), "logits are (B, T, vocab_size)")
        err = float(np.abs(logits.data - reference_logits(model, idx)).max())
        log_metric("max_err_forward", err)
        self.assertLess(err, 1e-9, f"your forward differs from the architecture of the overview by {err:.2e}")
        short = np.random.default_rng(5).integers(0, 7, size=(2, 3))
        np.testing.assert_allclose(model.forward(short).data, reference_logits(model, short), atol=1e-9,
                                   err_msg="sequences shorter than block_size use the first T position embeddings")

    def test_loss_is_the_mean_cross_entropy_and_ln_v_at_init(self):
        model = small_model()
        rng = np.random.default_rng(6)
        idx, targets = rng.integers(0, 7, size=(2, 6)), rng.integers(0, 7, size=(2, 6))
        self.assertAlmostEqual(float(model.loss(idx, targets).data),
                               mean_cross_entropy(reference_logits(model, idx), targets), places=9)
        fresh = exercise.GPT(30, block_size=16, d_model=32, n_heads=4, n_layers=2, seed=0)
        x, y = rng.integers(0, 30, size=(4, 16)), rng.integers(0, 30, size=(4, 16))
        self.assertLess(abs(float(fresh.loss(x, y).data) - math.log(30)), 0.05,
                        "a fresh model predicts nearly uniformly: loss ≈ ln 30 = 3.401")

    def test_future_tokens_do_not_change_earlier_logits(self):
        model = small_model()
        rng = np.random.default_rng(7)
        idx = rng.integers(0, 7, size=(1, 6))
        base = model.forward(idx).data
        leak = 0.0
        for t in range(5):
            changed = idx.copy()
            changed[0, t + 1:] = (changed[0, t + 1:] + rng.integers(1, 7, size=5 - t)) % 7
            leak = max(leak, float(np.abs(model.forward(changed).data[0, :t + 1] - base[0, :t + 1]).max()))
        log_metric("future_leak", leak)
        self.assertLessEqual(leak, 1e-12, f"changing later tokens changed earlier logits by {leak:.2e}")

    def test_gradients_reach_every_parameter_and_match_central_differences(self):
        model = small_model()
        rng = np.random.default_rng(8)
        idx, targets = rng.integers(0, 7, size=(2, 6)), rng.integers(0, 7, size=(2, 6))
        for p in model.parameters():
            p.grad = None
        model.loss(idx, targets).backward()
        worst = 0.0
        for name, p in model.params.items():
            self.assertIsNotNone(p.grad, f"{name} got no gradient: is it used through the engine's operations?")
            for i in rng.choice(p.data.size, size=min(3, p.data.size), replace=False):
                old = p.data.flat[i]
                p.data.flat[i] = old + 1e-5
                up = mean_cross_entropy(reference_logits(model, idx), targets)
                p.data.flat[i] = old - 1e-5
                down = mean_cross_entropy(reference_logits(model, idx), targets)
                p.data.flat[i] = old
                numeric, analytic = (up - down) / 2e-5, p.grad.flat[i]
                worst = max(worst, abs(analytic - numeric) / max(1e-8, abs(analytic) + abs(numeric)))
        log_metric("grad_max_rel_error", worst)
        self.assertLess(worst, 1e-5, f"gradients differ from central differences (relative error {worst:.1e})")


class GenerateTest(unittest.TestCase):
    def test_low_temperature_is_greedy_and_the_context_is_cropped(self):
        model = small_model()
        prompt = [1, 2, 3, 4, 5, 6, 0, 1]           # longer than block_size = 6
        out = exercise.generate(model, prompt, 4, temperature=1e-4, rng=np.random.default_rng(0))
        self.assertEqual(list(out[:8]), prompt, "generate returns the prompt followed by the new ids")
        ids = list(prompt)
        for _ in range(4):
            ids.append(int(reference_logits(model, np.array([ids[-6:]]))[0, -1].argmax()))
        self.assertEqual([int(i) for i in out], ids, "at a tiny temperature, each new id is the argmax of the "
                                                     "last position's logits over the last block_size ids")

    def test_sampling_follows_the_rng(self):
        model = small_model()
        a = exercise.generate(model, [0], 10, rng=np.random.default_rng(1))
        b = exercise.generate(model, [0], 10, rng=np.random.default_rng(1))
        self.assertEqual(list(a), list(b))
        self.assertEqual(len(a), 11)


class TrainOnTheCorpusTest(unittest.TestCase):
    def test_the_mini_gpt_learns_the_corpus(self):
        """block_size 16, d_model 32, 4 heads, 2 layers; 600 Adam steps (lr 3e-3) of 16 windows
        on the first 90% of the corpus; judged on the last 10%."""
        text = corpus()
        vocab = exercise.build_vocab(text)
        data = np.array(exercise.encode(text, vocab))
        cut = int(0.9 * len(data))
        model = exercise.GPT(len(vocab), block_size=16, d_model=32, n_heads=4, n_layers=2, seed=0)
        losses = [float(v) for v in exercise.train(model, data[:cut], steps=600, batch_size=16, lr=3e-3, seed=0)]
        self.assertEqual(len(losses), 600, "one loss per step")
        for step in range(0, 600, 10):
            log_metric("train_loss", float(np.mean(losses[step:step + 10])), step)

        rng = np.random.default_rng(123)
        val = data[cut:]
        starts = rng.integers(0, len(val) - 17, size=64)
        x = np.stack([val[s:s + 16] for s in starts])
        y = np.stack([val[s + 1:s + 17] for s in starts])
        with no_grad():
            val_loss = mean_cross_entropy(model.forward(x).data, y)
        log_metric("val_loss", val_loss)

        ids = exercise.generate(model, exercise.encode("\n", vocab), 1500, temperature=1.0,
                                rng=np.random.default_rng(0))
        samples = exercise.decode(ids, vocab)
        with open("data/words.txt") as f:
            words = set(f.read().split())
        sampled = re.findall(r"[A-Za-z]+", samples)
        valid = float(np.mean([w.lower() in words for w in sampled])) if sampled else 0.0
        log_metric("sample_valid_words", valid)

        for path in ("visualizations/loss_curve.svg", "samples.txt"):
            if os.path.exists(path):
                os.remove(path)
        exercise.save_run(losses, samples, ".")
        with open("samples.txt") as f:
            self.assertEqual(f.read(), samples, "samples.txt holds the samples")
        root = ET.parse("visualizations/loss_curve.svg").getroot()
        counts = [len(e.get("points", "").split()) for e in root.iter() if e.tag.endswith("polyline")]
        log_metric("loss_curve_points", max(counts) if counts else 0)
        self.assertIn(600, counts, "the loss curve has one point per training step")

        self.assertLess(val_loss, 0.9, f"validation loss {val_loss:.3f} should be below 0.9 (ln 30 = 3.40 at start)")
        self.assertGreaterEqual(valid, 0.7, f"{valid:.0%} of the sampled words are words of the corpus; want 70%\n"
                                            f"{samples[:300]}")


if __name__ == "__main__":
    unittest.main()
