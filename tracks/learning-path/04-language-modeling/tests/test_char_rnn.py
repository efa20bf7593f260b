"""Tests of Stage 04 (Language Modeling): a character-level RNN trained with truncated BPTT.

Interface (see the overview): build_vocab, encode, decode, init_params, forward, backward,
clip_gradients, train, evaluate, perplexity, sample, next_char_probs, influence_by_distance.
Params: Wxh (V, H), Whh (H, H), bh (H,), Why (H, V), by (V,).
"""
import math
import os
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

CORPUS = "data/corpus.txt"


def own_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def own_run(p, ids, h):
    """Hidden states and output distributions of the RNN, the test's own way."""
    hs, ps = [], []
    for x in ids:
        h = np.tanh(p["Wxh"][x] + h @ p["Whh"] + p["bh"])
        hs.append(h)
        ps.append(own_softmax(h @ p["Why"] + p["by"]))
    return hs, ps


def own_loss(p, inputs, targets, h0):
    _, ps = own_run(p, inputs, h0)
    return -np.mean([np.log(q[y]) for q, y in zip(ps, targets)])


def random_params(rng, V=5, H=4, scale=0.5):
    return {"Wxh": rng.normal(0, scale, (V, H)), "Whh": rng.normal(0, scale, (H, H)), "bh": rng.normal(0, scale, H),
            "Why": rng.normal(0, scale, (H, V)), "by": rng.normal(0, scale, V)}


# The worked example of the overview: V = 2, H = 1, inputs 0 1, targets 1 0.
EX = {"Wxh": np.array([[0.5], [-0.5]]), "Whh": np.array([[1.0]]), "bh": np.zeros(1),
      "Why": np.array([[1.0, -1.0]]), "by": np.zeros(2)}


class VocabTest(unittest.TestCase):
    def test_round_trip(self):
        chars, stoi = exercise.build_vocab("hello world")
        self.assertEqual(list(chars), sorted(set("hello world")), "chars: the sorted distinct characters")
        self.assertEqual(stoi[" "], 0)
        ids = exercise.encode("hello", stoi)
        self.assertEqual(list(ids), [stoi[c] for c in "hello"])
        self.assertEqual(exercise.decode(ids, chars), "hello")


class ForwardTest(unittest.TestCase):
    def test_init(self):
        p = exercise.init_params(27, 64, seed=0)
        shapes = {k: np.shape(v) for k, v in p.items()}
        self.assertEqual(shapes, {"Wxh": (27, 64), "Whh": (64, 64), "bh": (64,), "Why": (64, 27), "by": (27,)})
        self.assertAlmostEqual(float(p["Whh"].std()), 0.01, delta=0.001, msg="weights drawn with std 0.01")

    def test_worked_example(self):
        loss, cache = exercise.forward(EX, np.array([0, 1]), np.array([1, 0]), np.zeros(1))
        h1, h2 = math.tanh(0.5), math.tanh(-0.5 + math.tanh(0.5))
        self.assertAlmostEqual(float(cache["hs"][-1][0]), h2, places=10, msg="h2 = tanh(-0.5 + h1 * 1) = -0.0379")
        expected = (math.log(1 + math.exp(2 * h1)) + math.log(1 + math.exp(-2 * h2))) / 2
        self.assertAlmostEqual(float(loss), expected, places=10, msg="mean NLL of the two steps: 0.9951")

    def test_matches_own_run_and_carries_h0(self):
        rng = np.random.default_rng(0)
        p = random_params(rng)
        inputs, targets, h0 = rng.integers(0, 5, 9), rng.integers(0, 5, 9), rng.normal(size=4)
        loss, cache = exercise.forward(p, inputs, targets, h0)
        self.assertAlmostEqual(float(loss), own_loss(p, inputs, targets, h0), places=10,
                               msg="loss = mean over the steps of -log p(target), starting from h0")
        hs, _ = own_run(p, inputs, h0)
        np.testing.assert_allclose(cache["hs"][-1], hs[-1], atol=1e-12, err_msg='cache["hs"][-1] is the last hidden state')

    def test_untrained_model_is_uniform(self):
        p = exercise.init_params(27, 64, seed=1)
        loss, _ = exercise.forward(p, np.arange(20) % 27, (np.arange(20) + 1) % 27, np.zeros(64))
        self.assertAlmostEqual(float(loss), math.log(27), delta=0.01, msg="tiny weights: every char has p ≈ 1/27")


class BackwardTest(unittest.TestCase):
    def test_worked_example(self):
        _, cache = exercise.forward(EX, np.array([0, 1]), np.array([1, 0]), np.zeros(1))
        g = exercise.backward(EX, cache)
        np.testing.assert_allclose(g["Whh"], [[-0.23945956]], atol=1e-7, err_msg="dWhh of the worked example")
        np.testing.assert_allclose(g["Wxh"], [[0.1555002], [-0.51817932]], atol=1e-7,
                                   err_msg="dWxh: row 0 gets the gradient of step 0, row 1 of step 1")

    def test_bptt_matches_finite_differences(self):
        rng = np.random.default_rng(1)
        p = random_params(rng)
        inputs, targets, h0 = rng.integers(0, 5, 8), rng.integers(0, 5, 8), rng.normal(size=4) * 0.3
        inputs[3] = inputs[5] = 2          # a character used twice: its row of Wxh collects both
        _, cache = exercise.forward(p, inputs, targets, h0)
        g = exercise.backward(p, cache)
        for k in ("Wxh", "Whh", "bh", "Why", "by"):
            num = np.zeros_like(p[k])
            for idx in np.ndindex(p[k].shape):
                old = p[k][idx]
                p[k][idx] = old + 1e-6
                up = own_loss(p, inputs, targets, h0)
                p[k][idx] = old - 1e-6
                down = own_loss(p, inputs, targets, h0)
                p[k][idx] = old
                num[idx] = (up - down) / 2e-6
            np.testing.assert_allclose(g[k], num, atol=1e-7, err_msg=f"d loss / d {k} differs from finite differences")

    def test_clip_gradients(self):
        g = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
        norm = exercise.clip_gradients(g, 1.0)
        self.assertAlmostEqual(norm, 5.0, msg="the global norm is sqrt(3^2 + 4^2) over all gradients together")
        np.testing.assert_allclose(g["a"], [0.6, 0.0], err_msg="every gradient scaled by max_norm / norm, in place")
        np.testing.assert_allclose(g["b"], [[0.8]])
        g = {"a": np.array([0.3, 0.4])}
        self.assertAlmostEqual(exercise.clip_gradients(g, 1.0), 0.5)
        np.testing.assert_allclose(g["a"], [0.3, 0.4], err_msg="below max_norm nothing changes")


class TrainLoopTest(unittest.TestCase):
    def test_train_carries_the_state_and_wraps(self):
        """With lr = 0 nothing moves, so each step's loss can be recomputed: chunk 2 starts from the
        state chunk 1 ended in; at the end of the data, p and h start again from 0."""
        rng = np.random.default_rng(6)
        data = rng.integers(0, 6, 60)
        _, losses = exercise.train(data, 6, hidden_size=8, seq_length=25, steps=3, lr=0.0, seed=4)
        p = exercise.init_params(6, 8, seed=4)
        hs, _ = own_run(p, data[0:25], np.zeros(8))
        self.assertAlmostEqual(float(losses[0]), own_loss(p, data[0:25], data[1:26], np.zeros(8)), places=10,
                               msg="step 0 reads data[0:25] and predicts data[1:26] from h = 0")
        self.assertAlmostEqual(float(losses[1]), own_loss(p, data[25:50], data[26:51], hs[-1]), places=10,
                               msg="step 1 reads data[25:50] starting from the hidden state step 0 ended in")
        self.assertAlmostEqual(float(losses[2]), float(losses[0]), places=10,
                               msg="50 + 25 + 1 > 60: wrap to p = 0 and h = 0")


class SamplingTest(unittest.TestCase):
    def test_evaluate_and_perplexity(self):
        rng = np.random.default_rng(2)
        p = random_params(rng)
        data = rng.integers(0, 5, 30)
        val = exercise.evaluate(p, data)
        self.assertAlmostEqual(float(val), own_loss(p, data[:-1], data[1:], np.zeros(4)), places=10)
        self.assertAlmostEqual(exercise.perplexity(math.log(4)), 4.0, msg="perplexity = e^(mean NLL)")

    def test_next_char_probs(self):
        rng = np.random.default_rng(3)
        p = random_params(rng)
        ids = [1, 4, 0, 2]
        _, ps = own_run(p, ids, np.zeros(4))
        np.testing.assert_allclose(exercise.next_char_probs(p, ids), ps[-1], atol=1e-12)

    def test_sample_feeds_each_draw_back(self):
        rng = np.random.default_rng(4)
        p = random_params(rng, scale=1.5)
        out = exercise.sample(p, 0, 12, temperature=1e-4, rng=np.random.default_rng(0))
        self.assertEqual(len(out), 12)
        h, x, greedy = np.zeros(4), 0, []
        for _ in range(12):          # at a tiny temperature sampling is argmax
            h = np.tanh(p["Wxh"][x] + h @ p["Whh"] + p["bh"])
            x = int(np.argmax(h @ p["Why"] + p["by"]))
            greedy.append(x)
        self.assertEqual([int(v) for v in out], greedy,
                         "start from h = 0 and input seed_id; each drawn id is the next input; divide logits by temperature")
        a = exercise.sample(p, 0, 30, 1.0, np.random.default_rng(7))
        b = exercise.sample(p, 0, 30, 1.0, np.random.default_rng(7))
        self.assertEqual(list(a), list(b), "draw with the rng you are given")


class InfluenceTest(unittest.TestCase):
    def test_matches_the_definition(self):
        rng = np.random.default_rng(5)
        p = random_params(rng, scale=0.8)
        data = rng.integers(0, 5, 200)
        distances, n_windows, warmup = [1, 3, 7], 6, 4
        L = max(distances) + 1 + warmup
        expected = np.zeros(3)
        for s in np.linspace(0, len(data) - L - 1, n_windows).astype(int):
            w = data[s:s + L].copy()
            base = own_run(p, w, np.zeros(4))[1][-1]
            for j, d in enumerate(distances):
                w2 = w.copy()
                w2[L - 1 - d] = (w2[L - 1 - d] + 1) % 5
                expected[j] += 0.5 * np.abs(base - own_run(p, w2, np.zeros(4))[1][-1]).sum()
        got = exercise.influence_by_distance(p, data, distances, n_windows=n_windows, warmup=warmup)
        np.testing.assert_allclose(got, expected / n_windows, atol=1e-10,
                                   err_msg="mean total variation 0.5 * sum |p - q| per distance, as the docstring defines")


class CorpusTest(unittest.TestCase):
    def test_train_on_the_corpus(self):
        """90% of the corpus for training, 10% for validation; 3,000 steps of 25 characters."""
        text = open(CORPUS).read()
        chars = sorted(set(text))
        stoi = {c: i for i, c in enumerate(chars)}
        data = np.array([stoi[c] for c in text])
        cut = int(0.9 * len(data))
        params, losses = exercise.train(data[:cut], len(chars), hidden_size=64, seq_length=25, steps=3000,
                                        lr=0.1, max_norm=5.0, seed=0)
        self.assertEqual(len(losses), 3000, "one loss per step")
        smooth = [float(np.mean(losses[i - 200:i])) for i in range(200, 3001, 200)]
        for i, value in enumerate(smooth):
            log_metric("train_loss", value, (i + 1) * 200)
        val = own_loss(params, data[cut:-1], data[cut + 1:], np.zeros(64))
        log_metric("val_loss", val)
        log_metric("val_perplexity", math.exp(val))
        distances = [1, 2, 5, 10, 20, 50]
        influence = exercise.influence_by_distance(params, data[cut:], distances)
        for d, v in zip(distances, influence):
            log_metric(f"influence_at_{d}", float(v))
        ids = exercise.sample(params, stoi["t"], 400, temperature=0.8, rng=np.random.default_rng(1))
        os.makedirs("samples", exist_ok=True)
        with open(os.path.join("samples", "samples.txt"), "w") as f:
            f.write(exercise.decode(ids, chars) + "\n")
        self.assertLess(smooth[-1], smooth[0], "the training loss should fall")
        self.assertLess(val, 1.5, f"validation loss {val:.3f} nats/char should be below 1.5 (unigram: 2.85)")
        self.assertGreater(influence[0], 0.2, "the previous character should change the prediction a lot")
        self.assertLess(influence[-1], 0.05, "a character 50 steps back should hardly matter any more")


if __name__ == "__main__":
    unittest.main()
