"""Tests of the digit classifier (exercise.py).

They use only the interface the overview states:
    load_digits(path)                     -> X (n, 64) in [0, 1], y (n,) int
    init_params(n_in, n_hidden, n_out, seed)   (given)
    forward(params, X)                    -> (logits, cache)
    softmax_cross_entropy(logits, y)      -> (mean loss, dL/dlogits)
    backward(params, cache, dlogits)      -> {"W1", "b1", "W2", "b2"}
    train(X, y, n_hidden, epochs, lr, batch_size, seed) -> (params, losses)
    accuracy(params, X, y)                -> float
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

DATA = os.path.join("data", "digits.csv.gz")


def small_net(seed=0):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(5, 4)), "b1": rng.normal(size=4) * 0.1,
              "W2": rng.normal(size=(4, 3)), "b2": rng.normal(size=3) * 0.1}
    X = rng.normal(size=(6, 5))
    y = rng.integers(0, 3, 6)
    return params, X, y


class LoadTest(unittest.TestCase):
    def test_load_digits_scales_pixels_to_0_1(self):
        X, y = exercise.load_digits(DATA)
        self.assertEqual(np.shape(X), (1797, 64))
        self.assertEqual(np.shape(y), (1797,))
        self.assertEqual((float(X.min()), float(X.max())), (0.0, 1.0), "pixels 0..16 divided by 16")
        self.assertTrue(np.issubdtype(np.asarray(y).dtype, np.integer), "labels should be integers")
        np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


class ForwardLossTest(unittest.TestCase):
    def test_forward_is_relu_then_linear(self):
        params, X, _ = small_net()
        logits, _ = exercise.forward(params, X)
        expected = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
        np.testing.assert_allclose(logits, expected, rtol=1e-12)

    def test_cross_entropy_by_hand(self):
        # logits (2, 1, 0), label 0: p0 = e^2 / (e^2 + e + 1) = 0.6652, loss = -ln p0 = 0.4076
        loss, dlogits = exercise.softmax_cross_entropy(np.array([[2.0, 1.0, 0.0]]), np.array([0]))
        p = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()
        self.assertAlmostEqual(loss, -math.log(p[0]), places=10)
        np.testing.assert_allclose(np.ravel(dlogits), p - np.array([1.0, 0, 0]), rtol=1e-10,
                                   err_msg="dL/dlogits = softmax - one_hot(label), divided by the batch size")

    def test_cross_entropy_is_a_mean_and_stable(self):
        logits = np.array([[1000.0, 0.0], [0.0, 1000.0]])
        loss, dlogits = exercise.softmax_cross_entropy(logits, np.array([0, 0]))
        self.assertTrue(np.isfinite(loss), "subtract the row maximum, and use log-softmax z - log(sum(exp(z))), not log(softmax)")
        self.assertAlmostEqual(loss, 500.0, places=6, msg="mean of 0 and 1000")
        np.testing.assert_allclose(dlogits, [[0, 0], [-0.5, 0.5]], atol=1e-12,
                                   err_msg="the gradient of a mean carries 1/n")


class BackwardTest(unittest.TestCase):
    def test_backward_matches_finite_differences(self):
        params, X, y = small_net(3)

        def loss_of(p):
            return exercise.softmax_cross_entropy(exercise.forward(p, X)[0], y)[0]

        logits, cache = exercise.forward(params, X)
        _, dlogits = exercise.softmax_cross_entropy(logits, y)
        grads = exercise.backward(params, cache, dlogits)
        eps = 1e-6
        for name in ("W1", "b1", "W2", "b2"):
            self.assertEqual(np.shape(grads[name]), params[name].shape, f"grads[{name!r}] has the wrong shape")
            numeric = np.zeros_like(params[name])
            for idx in np.ndindex(params[name].shape):
                plus = {k: v.copy() for k, v in params.items()}
                minus = {k: v.copy() for k, v in params.items()}
                plus[name][idx] += eps
                minus[name][idx] -= eps
                numeric[idx] = (loss_of(plus) - loss_of(minus)) / (2 * eps)
            np.testing.assert_allclose(grads[name], numeric, atol=1e-6,
                                       err_msg=f"backward: dL/d{name} differs from the finite differences")


class TrainTest(unittest.TestCase):
    def test_epoch_loss_counts_every_row_once(self):
        """With lr = 0 nothing moves: each epoch's loss is the initial network's mean loss over all 100 rows."""
        X, y = exercise.load_digits(DATA)
        X, y = X[:100], y[:100]
        params0 = exercise.init_params(64, 8, 10, 5)
        expected = exercise.softmax_cross_entropy(exercise.forward(params0, X)[0], y)[0]
        _, losses = exercise.train(X, y, n_hidden=8, epochs=2, lr=0.0, batch_size=32, seed=5)
        self.assertEqual(len(losses), 2, "one loss per epoch")
        for loss in losses:
            self.assertAlmostEqual(float(loss), expected, places=9,
                                   msg="weigh each batch's mean loss by its rows (100 = 32 + 32 + 32 + 4), and start from init_params(64, n_hidden, 10, seed)")

    def test_held_out_accuracy(self):
        X, y = exercise.load_digits(DATA)
        order = np.random.default_rng(0).permutation(len(X))
        test, train = order[:450], order[450:]
        params, losses = exercise.train(X[train], y[train], n_hidden=64, epochs=20, lr=0.2, batch_size=32, seed=0)
        for epoch, loss in enumerate(losses):
            log_metric("train_loss", float(loss), epoch)
        logits, _ = exercise.forward(params, X[test])
        acc = float(np.mean(logits.argmax(axis=1) == y[test]))
        log_metric("test_accuracy", acc)
        self.assertAlmostEqual(exercise.accuracy(params, X[test], y[test]), acc, places=12)
        self.assertLess(losses[-1], losses[0], "the training loss should fall")
        self.assertGreaterEqual(acc, 0.93, f"held-out accuracy {acc:.3f} should be at least 0.93")


if __name__ == "__main__":
    unittest.main()
