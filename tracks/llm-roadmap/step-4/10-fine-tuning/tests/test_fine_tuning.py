"""Tests of fine-tuning (exercise.py).

They use only the interface the overview states:
    build_examples(lines, context) -> X (n, context) int, y (n,) int
    init_lora(base, rank, seed) -> {"A1", "B1", "A2", "B2"}
    forward(p, X, lora) -> (logits, cache)
    head_gradients(cache, dlogits) -> {"W2", "b2"};  lora_gradients(lora, cache, dlogits) -> {"A1", "B1", "A2", "B2"}
    fine_tune(base, X, y, mode, steps, lr, rank, seed) -> (params, lora, losses)
    evaluate(p, X, y, lora) -> float;  trainable_parameters(base, mode, rank) -> int
and the given load_base, load_lines, softmax_cross_entropy.
"""
import os
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

BASE = os.path.join("data", "base_model.npz")
TRAIN = os.path.join("data", "lyrics_train.txt")
HELDOUT = os.path.join("data", "lyrics_heldout.txt")


def loss_of(p, X, y, lora=None):
    return exercise.softmax_cross_entropy(exercise.forward(p, X, lora)[0], y)[0]


class ExamplesTest(unittest.TestCase):
    def test_build_examples_by_hand(self):
        X, y = exercise.build_examples(["ab", "c"], context=3)
        a, b, c = 2, 3, 4        # ids in "\n abc..."
        np.testing.assert_array_equal(X, [[0, 0, 0], [0, 0, a], [0, a, b], [0, 0, 0], [0, 0, c]])
        np.testing.assert_array_equal(y, [a, b, 0, c, 0], err_msg="every line ends with its newline (id 0)")


class LoraTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = exercise.load_base(BASE)
        X, y = exercise.build_examples(exercise.load_lines(TRAIN))
        cls.X, cls.y = X[:40], y[:40]

    def test_lora_starts_as_the_base(self):
        lora = exercise.init_lora(self.base, rank=4, seed=0)
        self.assertEqual(lora["A1"].shape, (50, 4))
        self.assertEqual(lora["B1"].shape, (4, 128))
        self.assertEqual(lora["A2"].shape, (128, 4))
        self.assertEqual(lora["B2"].shape, (4, 28))
        self.assertTrue(np.any(lora["A1"] != 0), "A is random")
        np.testing.assert_array_equal(lora["B1"], 0, err_msg="B starts at zero")
        np.testing.assert_allclose(exercise.forward(self.base, self.X, lora)[0],
                                   exercise.forward(self.base, self.X)[0], rtol=1e-12,
                                   err_msg="with B = 0 the adapted model is exactly the base")

    def test_forward_uses_w_plus_ab(self):
        rng = np.random.default_rng(1)
        lora = {k: rng.normal(0, 0.1, v.shape) for k, v in exercise.init_lora(self.base, 2, 0).items()}
        p = self.base
        e = p["C"][self.X].reshape(len(self.X), -1)
        h = np.tanh(e @ (p["W1"] + lora["A1"] @ lora["B1"]) + p["b1"])
        expected = h @ (p["W2"] + lora["A2"] @ lora["B2"]) + p["b2"]
        np.testing.assert_allclose(exercise.forward(p, self.X, lora)[0], expected, rtol=1e-10)

    def test_lora_gradients_match_finite_differences(self):
        rng = np.random.default_rng(2)
        lora = {k: rng.normal(0, 0.2, v.shape) for k, v in exercise.init_lora(self.base, 3, 0).items()}
        logits, cache = exercise.forward(self.base, self.X, lora)
        _, d = exercise.softmax_cross_entropy(logits, self.y)
        grads = exercise.lora_gradients(lora, cache, d)
        eps = 1e-6
        for name in ("A1", "B1", "A2", "B2"):
            self.assertEqual(np.shape(grads[name]), lora[name].shape, f"d{name} has the wrong shape")
            for idx in [tuple(rng.integers(0, s) for s in lora[name].shape) for _ in range(12)]:
                old = lora[name][idx]
                lora[name][idx] = old + eps
                plus = loss_of(self.base, self.X, self.y, lora)
                lora[name][idx] = old - eps
                minus = loss_of(self.base, self.X, self.y, lora)
                lora[name][idx] = old
                self.assertAlmostEqual(float(grads[name][idx]), (plus - minus) / (2 * eps), places=6,
                                       msg=f"d{name}{idx} differs from the finite difference")

    def test_head_gradients_match_finite_differences(self):
        logits, cache = exercise.forward(self.base, self.X)
        _, d = exercise.softmax_cross_entropy(logits, self.y)
        grads = exercise.head_gradients(cache, d)
        p = {k: v.copy() for k, v in self.base.items()}
        eps = 1e-6
        for name, idx in (("W2", (5, 3)), ("W2", (100, 27)), ("b2", (0,)), ("b2", (11,))):
            p[name][idx] += eps
            plus = loss_of(p, self.X, self.y)
            p[name][idx] -= 2 * eps
            minus = loss_of(p, self.X, self.y)
            p[name][idx] += eps
            self.assertAlmostEqual(float(grads[name][idx]), (plus - minus) / (2 * eps), places=6)

    def test_trainable_parameters(self):
        self.assertEqual(exercise.trainable_parameters(self.base, "head"), 128 * 28 + 28)
        self.assertEqual(exercise.trainable_parameters(self.base, "lora", rank=4), 4 * (50 + 128) + 4 * (128 + 28))
        self.assertEqual(exercise.trainable_parameters(self.base, "full"), sum(v.size for v in self.base.values()))


class FineTuneTest(unittest.TestCase):
    def test_what_each_mode_changes(self):
        base = exercise.load_base(BASE)
        before = {k: v.copy() for k, v in base.items()}
        X, y = exercise.build_examples(exercise.load_lines(TRAIN))
        params, lora, losses = exercise.fine_tune(base, X, y, "head", steps=5, lr=0.003)
        for k in ("C", "W1", "b1"):
            np.testing.assert_array_equal(params[k], base[k], err_msg=f"head mode must not change {k}")
        self.assertFalse(np.allclose(params["W2"], base["W2"]), "head mode trains W2")
        self.assertIsNone(lora)
        self.assertEqual(len(losses), 5)
        self.assertAlmostEqual(losses[0], loss_of(base, X, y), places=9, msg="losses[0] is the base's loss")
        params, lora, _ = exercise.fine_tune(base, X, y, "lora", steps=5, lr=0.003)
        for k in base:
            np.testing.assert_array_equal(params[k], before[k], err_msg=f"LoRA mode must not change the base's {k}")
            np.testing.assert_array_equal(base[k], before[k], err_msg="fine_tune must not change the base it was given")
        self.assertTrue(np.any(lora["B1"] != 0), "LoRA mode trains the adapters")

    def test_fine_tuning_beats_the_frozen_base_on_held_out_lyrics(self):
        base = exercise.load_base(BASE)
        X, y = exercise.build_examples(exercise.load_lines(TRAIN))
        Xh, yh = exercise.build_examples(exercise.load_lines(HELDOUT))
        base_loss = loss_of(base, Xh, yh)
        log_metric("heldout_loss_frozen_base", base_loss)
        results = {}
        for mode in ("head", "lora"):
            params, lora, losses = exercise.fine_tune(base, X, y, mode, steps=100, lr=0.003, rank=4, seed=0)
            for step in range(0, 100, 10):
                log_metric(f"train_loss_{mode}", losses[step], step)
            results[mode] = loss_of(params, Xh, yh, lora)
            self.assertAlmostEqual(exercise.evaluate(params, Xh, yh, lora), results[mode], places=9)
            log_metric(f"heldout_loss_{mode}", results[mode])
        for mode, loss in results.items():
            self.assertLess(loss, base_loss - 0.4,
                            f"{mode}: held-out loss {loss:.3f} should be at least 0.4 below the frozen base's {base_loss:.3f}")


if __name__ == "__main__":
    unittest.main()
