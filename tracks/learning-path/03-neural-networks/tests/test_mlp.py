"""Tests of Stage 03 (Neural Networks): a 2-layer ReLU MLP with a hand-written backward pass.

Interface (see the overview):
    init_params(n_in, n_hidden, n_out, seed) -> {"W1", "b1", "W2", "b2"}
    relu(z); forward(params, X) -> (logits, cache); softmax_cross_entropy(logits, y) -> (loss, dlogits)
    backward(params, cache, dlogits) -> grads (same keys); sgd_step(params, grads, lr) in place
    train(X, y, n_hidden, epochs, lr, batch_size, seed) -> (params, losses); accuracy(params, X, y)
    collapse_linear(params) -> (W, b)
"""
import gzip
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

DATA = "data/digits.csv.gz"


def own_logits(p, X):
    return np.maximum(0, X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]


def own_loss(p, X, y):
    z = own_logits(p, X)
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def random_params(rng, n_in=5, h=7, n_out=4):
    return {"W1": rng.normal(size=(n_in, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, n_out)), "b2": rng.normal(size=n_out)}


# The worked example of the overview: x = (1, 2), label 1.
EX = {"W1": np.array([[1.0, -1.0], [0.5, -1.0]]), "b1": np.zeros(2),
      "W2": np.array([[1.0, -1.0], [0.5, 0.5]]), "b2": np.zeros(2)}
EX_X, EX_Y = np.array([[1.0, 2.0]]), np.array([1])


class InitTest(unittest.TestCase):
    def test_shapes_and_scales(self):
        p = exercise.init_params(64, 256, 10, seed=0)
        self.assertEqual({k: np.shape(v) for k, v in p.items()},
                         {"W1": (64, 256), "b1": (256,), "W2": (256, 10), "b2": (10,)})
        self.assertAlmostEqual(float(p["W1"].std()), np.sqrt(2 / 64), delta=0.1 * np.sqrt(2 / 64),
                               msg="W1 std should be sqrt(2 / n_in) (He init)")
        self.assertAlmostEqual(float(p["W2"].std()), np.sqrt(1 / 256), delta=0.1 * np.sqrt(1 / 256),
                               msg="W2 std should be sqrt(1 / n_hidden)")
        self.assertTrue(np.all(p["b1"] == 0) and np.all(p["b2"] == 0), "biases start at 0")
        q = exercise.init_params(64, 256, 10, seed=0)
        np.testing.assert_array_equal(p["W1"], q["W1"], err_msg="the same seed gives the same weights")


class ForwardTest(unittest.TestCase):
    def test_relu(self):
        np.testing.assert_array_equal(exercise.relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])

    def test_forward_matches_the_formula(self):
        rng = np.random.default_rng(0)
        p, X = random_params(rng), rng.normal(size=(6, 5))
        logits, _ = exercise.forward(p, X)
        np.testing.assert_allclose(logits, own_logits(p, X), atol=1e-12, err_msg="relu(X W1 + b1) W2 + b2")

    def test_worked_example_forward_and_loss(self):
        logits, _ = exercise.forward(EX, EX_X)
        np.testing.assert_allclose(logits, [[2.0, -2.0]], atol=1e-12, err_msg="z1 = (2, -3), h1 = (2, 0), logits = (2, -2)")
        loss, dlogits = exercise.softmax_cross_entropy(np.asarray(logits), EX_Y)
        self.assertAlmostEqual(loss, np.log(1 + np.exp(4)), places=10, msg="-ln softmax(2, -2)[1] = ln(1 + e^4) = 4.018")
        p0 = np.exp(4) / (1 + np.exp(4))
        np.testing.assert_allclose(dlogits, [[p0, -p0]], atol=1e-12, err_msg="softmax minus one-hot: (0.982, -0.982)")


class LossTest(unittest.TestCase):
    def test_value_gradient_and_stability(self):
        rng = np.random.default_rng(1)
        logits, y = rng.normal(size=(5, 4)) * 3, np.array([0, 3, 1, 1, 2])
        loss, d = exercise.softmax_cross_entropy(logits, y)
        z = logits - logits.max(axis=1, keepdims=True)
        ref = -(z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(5), y].mean()
        self.assertAlmostEqual(loss, ref, places=10, msg="mean cross-entropy")
        num = np.zeros_like(logits)
        for i in range(5):
            for j in range(4):
                e = np.zeros_like(logits)
                e[i, j] = 1e-6
                num[i, j] = (exercise.softmax_cross_entropy(logits + e, y)[0] -
                             exercise.softmax_cross_entropy(logits - e, y)[0]) / 2e-6
        np.testing.assert_allclose(d, num, atol=1e-7, err_msg="dlogits = (softmax - one_hot) / N: divide by the batch size")
        with np.errstate(over="raise", invalid="raise"):
            big, _ = exercise.softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([0]))
        self.assertAlmostEqual(big, 0.0, places=10, msg="logits of 1000 must not overflow: subtract the row max")


class BackwardTest(unittest.TestCase):
    def test_worked_example_gradients(self):
        logits, cache = exercise.forward(EX, EX_X)
        _, dlogits = exercise.softmax_cross_entropy(np.asarray(logits), EX_Y)
        g = exercise.backward(EX, cache, dlogits)
        a = 2 * np.exp(4) / (1 + np.exp(4))        # 1.964
        np.testing.assert_allclose(g["W2"], [[a, -a], [0, 0]], atol=1e-12, err_msg="dW2 = h1^T dlogits; h1[1] = 0")
        np.testing.assert_allclose(g["W1"], [[a, 0], [2 * a, 0]], atol=1e-12,
                                   err_msg="dW1 = x^T dz1; the inactive ReLU (z1 = -3) passes no gradient")
        np.testing.assert_allclose(g["b1"], [a, 0], atol=1e-12)

    def test_gradients_match_finite_differences(self):
        rng = np.random.default_rng(2)
        p, X, y = random_params(rng), rng.normal(size=(8, 5)), rng.integers(0, 4, 8)
        logits, cache = exercise.forward(p, X)
        _, dlogits = exercise.softmax_cross_entropy(np.asarray(logits), y)
        g = exercise.backward(p, cache, dlogits)
        for k in ("W1", "b1", "W2", "b2"):
            num = np.zeros_like(p[k])
            for idx in np.ndindex(p[k].shape):
                old = p[k][idx]
                p[k][idx] = old + 1e-6
                up = own_loss(p, X, y)
                p[k][idx] = old - 1e-6
                down = own_loss(p, X, y)
                p[k][idx] = old
                num[idx] = (up - down) / 2e-6
            np.testing.assert_allclose(g[k], num, atol=1e-6, err_msg=f"d loss / d {k} differs from finite differences")

    def test_sgd_step_updates_the_dict(self):
        p = {"W": np.array([1.0, 2.0]), "b": np.array([0.5])}
        result = exercise.sgd_step(p, {"W": np.array([10.0, -10.0]), "b": np.array([1.0])}, 0.1)
        self.assertIsNone(result, "sgd_step changes the params dict it is given and returns nothing")
        np.testing.assert_allclose(p["W"], [0.0, 3.0], err_msg="W - lr * dW")
        np.testing.assert_allclose(p["b"], [0.4])


class LinearCollapseTest(unittest.TestCase):
    def test_without_relu_two_layers_are_one(self):
        rng = np.random.default_rng(3)
        p, X = random_params(rng), rng.normal(size=(10, 5))
        W, b = exercise.collapse_linear(p)
        self.assertEqual(np.shape(W), (5, 4))
        np.testing.assert_allclose(X @ W + b, (X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"], atol=1e-10,
                                   err_msg="X (W1 W2) + (b1 W2 + b2) equals the two linear layers")


class TrainTest(unittest.TestCase):
    def test_each_epoch_counts_every_row_once(self):
        """With lr = 0 nothing moves: every epoch's loss is the initial network's mean loss over all rows."""
        rng = np.random.default_rng(4)
        X, y = rng.uniform(size=(70, 64)), rng.integers(0, 10, 70)
        p0 = exercise.init_params(64, 16, 10, seed=3)
        _, losses = exercise.train(X, y, n_hidden=16, epochs=2, lr=0.0, batch_size=32, seed=3)
        self.assertEqual(len(losses), 2)
        for loss in losses:
            self.assertAlmostEqual(float(loss), own_loss(p0, X, y), places=9,
                                   msg="weigh each batch's mean loss by its rows (70 = 32 + 32 + 6), start from init_params(seed)")

    def test_digits(self):
        """The test's own split: 450 of the 1,797 digits held out (seed 0), pixels / 16."""
        with gzip.open(DATA, "rt") as f:
            data = np.loadtxt(f, delimiter=",")
        X, y = data[:, :64] / 16.0, data[:, 64].astype(int)
        order = np.random.default_rng(0).permutation(len(X))
        test, train = order[:450], order[450:]
        params, losses = exercise.train(X[train], y[train], n_hidden=64, epochs=30, lr=0.1, batch_size=32, seed=0)
        for epoch, loss in enumerate(losses):
            log_metric("train_loss", float(loss), epoch)
        acc = float((own_logits(params, X[test]).argmax(axis=1) == y[test]).mean())
        log_metric("test_accuracy", acc)
        self.assertAlmostEqual(exercise.accuracy(params, X[test], y[test]), acc, places=12,
                               msg="accuracy(): the share of rows whose largest logit is the label")
        self.assertEqual(len(losses), 30)
        self.assertLess(losses[-1], losses[0], "the training loss should fall")
        self.assertGreaterEqual(acc, 0.93, f"held-out accuracy {acc:.3f} should be at least 0.93")


if __name__ == "__main__":
    unittest.main()
