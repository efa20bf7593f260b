"""Tests of the character-level text generator (exercise.py).

They use only the interface the overview states:
    rnn_forward(params, inputs, targets, h_prev) -> (mean loss, cache, h_last)
    rnn_backward(params, cache)                  -> grads (same keys and shapes as params)
    clip_gradients(grads, max_norm)              -> norm before clipping (grads scaled in place)
    sample(params, h, first_id, n, temperature, rng) -> list of n ids
    lstm_step(x, h_prev, c_prev, W, b)           -> (h, c), gates in the order i, f, o, g
    train(text, char_to_id, hidden_size, seq_length, steps, lr, seed) -> (params, losses)   (given)
params: Wxh (H, V), Whh (H, H), Why (V, H), bh (H,), by (V,).
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

TEXT = os.path.join("data", "lighthouse.txt")


def random_params(V=5, H=4, scale=0.5, seed=0):
    rng = np.random.default_rng(seed)
    return {"Wxh": rng.normal(0, scale, (H, V)), "Whh": rng.normal(0, scale, (H, H)),
            "Why": rng.normal(0, scale, (V, H)), "bh": rng.normal(0, 0.1, H), "by": rng.normal(0, 0.1, V)}


def reference_loss(params, inputs, targets, h):
    total = 0.0
    for i, t in zip(inputs, targets):
        x = np.zeros(params["Wxh"].shape[1])
        x[i] = 1.0
        h = np.tanh(params["Wxh"] @ x + params["Whh"] @ h + params["bh"])
        y = params["Why"] @ h + params["by"]
        total += -(y[t] - y.max() - np.log(np.exp(y - y.max()).sum()))
    return total / len(inputs), h


class ForwardTest(unittest.TestCase):
    def test_zero_weights_predict_uniformly(self):
        params = {k: np.zeros_like(v) for k, v in random_params(V=7, H=3).items()}
        loss, _, h = exercise.rnn_forward(params, [0, 1, 2], [1, 2, 3], np.zeros(3))
        self.assertAlmostEqual(loss, math.log(7), places=10, msg="uniform over 7 characters: loss ln 7 per step")
        np.testing.assert_allclose(h, 0.0)

    def test_forward_matches_the_equations(self):
        params = random_params(seed=1)
        h0 = np.array([0.1, -0.2, 0.3, 0.0])
        inputs, targets = [0, 3, 3, 1, 4, 2], [3, 3, 1, 4, 2, 0]
        loss, _, h_last = exercise.rnn_forward(params, inputs, targets, h0)
        expected_loss, expected_h = reference_loss(params, inputs, targets, h0)
        self.assertAlmostEqual(loss, expected_loss, places=10, msg="loss = mean over t of -log p_t[target]")
        np.testing.assert_allclose(h_last, expected_h, rtol=1e-10, err_msg="h_last should be the last hidden state")


class BackwardTest(unittest.TestCase):
    def test_bptt_matches_finite_differences(self):
        params = random_params(seed=2)
        h0 = np.array([0.3, -0.1, 0.2, 0.5])
        inputs, targets = [0, 3, 3, 1, 4, 2], [3, 3, 1, 4, 2, 0]
        _, cache, _ = exercise.rnn_forward(params, inputs, targets, h0)
        grads = exercise.rnn_backward(params, cache)
        eps = 1e-6
        for name, W in params.items():
            self.assertEqual(np.shape(grads[name]), W.shape, f"grads[{name!r}] has the wrong shape")
            numeric = np.zeros_like(W)
            for idx in np.ndindex(W.shape):
                old = W[idx]
                W[idx] = old + eps
                plus = exercise.rnn_forward(params, inputs, targets, h0)[0]
                W[idx] = old - eps
                minus = exercise.rnn_forward(params, inputs, targets, h0)[0]
                W[idx] = old
                numeric[idx] = (plus - minus) / (2 * eps)
            np.testing.assert_allclose(grads[name], numeric, atol=1e-7,
                                       err_msg=f"d{name} differs from finite differences "
                                               "(does dh get the gradient from step t + 1 too?)")

    def test_clip_scales_all_gradients_by_one_factor(self):
        grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
        norm = exercise.clip_gradients(grads, max_norm=1.0)
        self.assertAlmostEqual(norm, 5.0, places=12, msg="the global norm is sqrt(9 + 16)")
        np.testing.assert_allclose(grads["a"], [0.6, 0.0])
        np.testing.assert_allclose(grads["b"], [[0.8]])
        small = {"a": np.array([0.3, 0.4])}
        exercise.clip_gradients(small, max_norm=1.0)
        np.testing.assert_allclose(small["a"], [0.3, 0.4], err_msg="gradients under the limit stay as they are")


class SampleTest(unittest.TestCase):
    def test_low_temperature_is_greedy(self):
        params = random_params(V=6, H=5, scale=1.0, seed=3)
        h = np.zeros(5)
        greedy, i, hg = [], 2, h.copy()
        for _ in range(10):
            hg = np.tanh(params["Wxh"][:, i] + params["Whh"] @ hg + params["bh"])
            i = int(np.argmax(params["Why"] @ hg + params["by"]))
            greedy.append(i)
        ids = exercise.sample(params, h, 2, 10, temperature=0.01, rng=np.random.default_rng(0))
        self.assertEqual(list(ids), greedy, "at temperature 0.01 the most likely character always wins")

    def test_temperature_one_draws_from_the_softmax(self):
        params = {k: np.zeros_like(v) for k, v in random_params(V=4, H=3).items()}
        params["by"] = np.log(np.array([0.1, 0.2, 0.3, 0.4]))   # fixed probabilities, whatever the input
        ids = exercise.sample(params, np.zeros(3), 0, 4000, temperature=1.0, rng=np.random.default_rng(0))
        freq = np.bincount(ids, minlength=4) / 4000
        np.testing.assert_allclose(freq, [0.1, 0.2, 0.3, 0.4], atol=0.03, err_msg="draw from p, do not take the argmax")


class LSTMTest(unittest.TestCase):
    def test_lstm_step_by_the_equations(self):
        rng = np.random.default_rng(4)
        D, H = 3, 2
        W, b = rng.normal(size=(4 * H, D + H)), rng.normal(size=4 * H)
        x, h_prev, c_prev = rng.normal(size=D), rng.normal(size=H), rng.normal(size=H)
        z = W @ np.concatenate([x, h_prev]) + b
        sig = lambda a: 1 / (1 + np.exp(-a))
        i, f, o, g = sig(z[0:2]), sig(z[2:4]), sig(z[4:6]), np.tanh(z[6:8])
        c = f * c_prev + i * g
        h, c_out = exercise.lstm_step(x, h_prev, c_prev, W, b)
        np.testing.assert_allclose(c_out, c, rtol=1e-10, err_msg="c = f * c_prev + i * g, blocks in the order i, f, o, g")
        np.testing.assert_allclose(h, o * np.tanh(c), rtol=1e-10, err_msg="h = o * tanh(c)")

    def test_forget_gate_open_keeps_the_memory(self):
        H = 2
        W = np.zeros((4 * H, 1 + H))
        b = np.concatenate([np.full(H, -30.0), np.full(H, 30.0), np.zeros(H), np.zeros(H)])  # i ~ 0, f ~ 1
        _, c = exercise.lstm_step(np.array([1.0]), np.zeros(H), np.array([0.7, -2.0]), W, b)
        np.testing.assert_allclose(c, [0.7, -2.0], atol=1e-9, err_msg="with f = 1 and i = 0 the cell state passes unchanged")


class TrainTest(unittest.TestCase):
    def test_the_rnn_learns_the_text(self):
        text, chars, char_to_id = exercise.load_text(TEXT)
        params, losses = exercise.train(text, char_to_id, hidden_size=64, seq_length=25, steps=1500, lr=0.01, seed=0)
        for block in range(15):
            log_metric("train_loss", float(np.mean(losses[block * 100:(block + 1) * 100])), block * 100)
        self.assertAlmostEqual(losses[0], math.log(len(chars)), delta=0.05,
                               msg="the first loss should be about ln(vocabulary size): small initial weights")
        final = float(np.mean(losses[-100:]))
        self.assertLess(final, 1.5, f"mean loss of the last 100 steps is {final:.3f} nats per character")


if __name__ == "__main__":
    unittest.main()
