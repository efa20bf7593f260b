"""Tests of M2 (multi-layer network with backprop): exercise.py, through the overview's interface.

    init_params(sizes, seed) -> {"W1", "b1", ..., "WL", "bL"} (given)
    forward(params, X) -> (logits, activations)     tanh on hidden layers, logits last
    softmax_cross_entropy(logits, y) -> (loss, dlogits)
    backward(params, activations, dlogits) -> grads (same keys and shapes as params)
    loss_and_grads(params, X, y) -> (loss, grads) (given)
    numerical_gradients(params, X, y, h) -> central differences, same keys and shapes
    train(X, y, sizes, lr, epochs, seed) -> (params, losses);  predict(params, X) -> classes
The gradient check uses the test's own loss, so a backward() that is right for a wrong
forward() does not pass.
"""
import math
import unittest

import numpy as np

import exercise
from spiral import make_spiral

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def reference_loss(params, X, y):
    """The network of the overview, written plainly by the test: tanh hidden layers, softmax CE."""
    L = len(params) // 2
    a = X
    for l in range(1, L + 1):
        z = a @ params[f"W{l}"] + params[f"b{l}"]
        a = np.tanh(z) if l < L else z
    z = a - a.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def reference_numeric(params, X, y, h=1e-5):
    grads = {}
    for key, p in params.items():
        g = np.zeros_like(p)
        for i in range(p.size):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key].flat[i] += h
            down[key].flat[i] -= h
            g.flat[i] = (reference_loss(up, X, y) - reference_loss(down, X, y)) / (2 * h)
        grads[key] = g
    return grads


def rel_errors(a, n):
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


def worked_example():
    params = {"W1": np.array([[0.5], [0.25]]), "b1": np.zeros(1),
              "W2": np.array([[1.0, -1.0]]), "b2": np.zeros(2)}
    return params, np.array([[1.0, 2.0]]), np.array([0])


class ForwardTest(unittest.TestCase):
    def test_worked_example_forward(self):
        params, X, y = worked_example()
        logits, activations = exercise.forward(params, X)
        np.testing.assert_allclose(logits, [[math.tanh(1), -math.tanh(1)]], rtol=1e-12,
                                   err_msg="worked example: z1 = 1, a1 = tanh(1) = 0.7616, logits = (0.7616, -0.7616)")
        np.testing.assert_allclose(activations[0], X, err_msg="activations[0] should be X itself")

    def test_shapes_for_any_number_of_layers(self):
        X = np.random.default_rng(0).normal(size=(7, 4))
        for sizes in ([4, 3], [4, 6, 3], [4, 5, 5, 5, 2]):
            params = exercise.init_params(sizes, seed=0)
            logits, _ = exercise.forward(params, X)
            self.assertEqual(np.shape(logits), (7, sizes[-1]), f"logits of {sizes} should be (7, {sizes[-1]})")
            self.assertAlmostEqual(exercise.softmax_cross_entropy(logits, np.zeros(7, dtype=int))[0],
                                   reference_loss(params, X, np.zeros(7, dtype=int)), places=10,
                                   msg=f"forward of {sizes}: tanh on hidden layers, no activation on the last")


class SoftmaxCrossEntropyTest(unittest.TestCase):
    def test_loss_and_gradient(self):
        logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
        y = np.array([0, 2])
        loss, dlogits = exercise.softmax_cross_entropy(logits, y)
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        self.assertAlmostEqual(loss, -(math.log(p[0, 0]) + math.log(p[1, 2])) / 2, places=12)
        onehot = np.eye(3)[y]
        np.testing.assert_allclose(dlogits, (p - onehot) / 2, rtol=1e-10,
                                   err_msg="dL/dlogits = (softmax - onehot) / n")

    def test_large_logits_stay_finite(self):
        loss, dlogits = exercise.softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))
        self.assertAlmostEqual(loss, 1000.0, places=6, msg="subtract the row max before exp")
        self.assertTrue(np.all(np.isfinite(dlogits)))


class BackwardTest(unittest.TestCase):
    def test_worked_example_gradients(self):
        params, X, y = worked_example()
        loss, grads = exercise.loss_and_grads(params, X, y)
        self.assertAlmostEqual(loss, 0.1972230392, places=9)
        expected = {"W2": [[-0.13631965, 0.13631965]], "b2": [-0.1789925, 0.1789925],
                    "W1": [[-0.15034452], [-0.30068904]], "b1": [-0.15034452]}
        for key, value in expected.items():
            np.testing.assert_allclose(grads[key], value, atol=1e-8, err_msg=f"worked example: d{key}")

    def test_backprop_matches_numerical_gradients_on_every_parameter(self):
        """Network [2, 5, 4, 3] on 15 spiral points: 54 parameter entries, each checked."""
        X, y = make_spiral(5, 3, seed=1)
        params = exercise.init_params([2, 5, 4, 3], seed=1)
        _, grads = exercise.loss_and_grads(params, X, y)
        numeric = reference_numeric(params, X, y)
        total, matching, worst, where = 0, 0, 0.0, None
        for key in params:
            self.assertIn(key, grads, f"grads has no {key}")
            self.assertEqual(np.shape(grads[key]), params[key].shape, f"grads[{key}] should have the shape of {key}")
            err = rel_errors(np.asarray(grads[key], dtype=float), numeric[key])
            total += err.size
            matching += int(np.sum(err < 1e-6))
            if err.max() > worst:
                worst, where = float(err.max()), key
        log_metric("grad_max_rel_error", worst)
        log_metric("grad_entries_checked", total)
        log_metric("grad_entries_matching", matching)
        self.assertEqual(total, 54)
        self.assertEqual(matching, total, f"{total - matching} of {total} entries differ from central differences "
                                          f"(worst: {where}, relative error {worst:.2e})")

    def test_backprop_on_a_deeper_and_a_single_layer_network(self):
        X, y = make_spiral(4, 3, seed=2)
        for sizes in ([2, 3], [2, 4, 4, 4, 3]):
            params = exercise.init_params(sizes, seed=3)
            _, grads = exercise.loss_and_grads(params, X, y)
            numeric = reference_numeric(params, X, y)
            for key in params:
                err = rel_errors(np.asarray(grads[key], dtype=float), numeric[key]).max()
                self.assertLess(err, 1e-6, f"{sizes}: d{key} has relative error {err:.2e}")


class NumericalGradientsTest(unittest.TestCase):
    def test_your_central_differences_agree_and_leave_params_unchanged(self):
        X, y = make_spiral(3, 3, seed=4)
        params = exercise.init_params([2, 3, 3], seed=4)
        before = {k: v.copy() for k, v in params.items()}
        mine = exercise.numerical_gradients(params, X, y, 1e-5)
        numeric = reference_numeric(params, X, y)
        for key in params:
            np.testing.assert_array_equal(params[key], before[key], err_msg=f"numerical_gradients changed {key}")
            np.testing.assert_allclose(mine[key], numeric[key], atol=1e-8,
                                       err_msg=f"your central differences for {key}")


class TrainingTest(unittest.TestCase):
    def test_lr_0_keeps_the_initial_loss(self):
        X, y = make_spiral(10, 3, seed=5)
        params, losses = exercise.train(X, y, [2, 8, 3], lr=0.0, epochs=3, seed=2)
        start = reference_loss(exercise.init_params([2, 8, 3], seed=2), X, y)
        self.assertEqual(len(losses), 3)
        np.testing.assert_allclose(losses, start, rtol=1e-12,
                                   err_msg="losses[t] is the loss before step t, from init_params(sizes, seed)")

    def test_predict(self):
        params, X, _ = worked_example()
        np.testing.assert_array_equal(exercise.predict(params, np.array([[1.0, 2.0], [-1.0, -2.0]])), [0, 1])

    def test_two_hidden_layers_learn_the_spiral(self):
        """[2, 32, 32, 3], lr 1.0, 2,000 full-batch epochs on 300 points; judged on 300 new points."""
        X, y = make_spiral(100, 3, seed=0)
        X_test, y_test = make_spiral(100, 3, seed=1)
        params, losses = exercise.train(X, y, [2, 32, 32, 3], lr=1.0, epochs=2000, seed=0)
        for step in range(0, len(losses), 50):
            log_metric("train_loss", float(losses[step]), step)
        log_metric("train_loss", float(losses[-1]), len(losses) - 1)
        test_acc = float(np.mean(exercise.predict(params, X_test) == y_test))
        log_metric("test_accuracy", test_acc)
        self.assertLess(losses[-1], 0.2, f"final training loss {losses[-1]:.3f} should be below 0.2")
        self.assertGreaterEqual(test_acc, 0.9, f"held-out accuracy {test_acc:.3f} should be at least 0.9 "
                                               "(a linear model gets about 0.5)")


if __name__ == "__main__":
    unittest.main()
