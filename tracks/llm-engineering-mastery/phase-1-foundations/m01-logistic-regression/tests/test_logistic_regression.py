"""Tests of M1 (logistic regression): exercise.py, through the interface the overview states.

    sigmoid(z), predict_proba(w, b, X), bce_loss(w, b, X, y) -> float,
    gradients(w, b, X, y) -> (dw, db), central_difference(f, theta, h) -> array like theta,
    relative_error(a, b) -> float, gradient_check(w, b, X, y, h) -> float,
    train(X, y, lr, epochs) -> (w, b, losses), accuracy(w, b, X, y) -> float.
The data pipeline (load_data, split, standardize) is given in the starter.
"""
import math
import unittest
import warnings

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def reference_loss(w, b, X, y):
    """The test's own mean binary cross-entropy (stable form ln(1 + e^z) - y z)."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def reference_numeric_gradient(w, b, X, y, h=1e-6):
    theta = np.append(w, b).astype(float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (reference_loss(up[:-1], up[-1], X, y) - reference_loss(down[:-1], down[-1], X, y)) / (2 * h)
    return grad


def prepared_data():
    X, y = exercise.load_data("data/breast_cancer.csv")
    X_train, X_test, y_train, y_test = exercise.split(X, y, 0.25, seed=0)
    X_train, X_test = exercise.standardize(X_train, X_test)
    return X_train, X_test, y_train, y_test


class SigmoidTest(unittest.TestCase):
    def test_values(self):
        np.testing.assert_allclose(exercise.sigmoid(np.array([0.0, 2.0, -2.0])),
                                   [0.5, 1 / (1 + math.exp(-2)), 1 / (1 + math.exp(2))], rtol=1e-12,
                                   err_msg="sigmoid(z) = 1 / (1 + e^-z)")

    def test_no_overflow_for_large_inputs(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an overflow warning fails the test
            s = exercise.sigmoid(np.array([-1000.0, 1000.0]))
        np.testing.assert_allclose(s, [0.0, 1.0], atol=1e-12,
                                   err_msg="sigmoid(-1000) should be 0 and sigmoid(1000) should be 1, with no warning")


class LossTest(unittest.TestCase):
    def test_worked_example(self):
        X, y = np.array([[1.0], [-2.0]]), np.array([1, 0])
        p = exercise.predict_proba(np.array([0.5]), 0.0, X)
        np.testing.assert_allclose(p, [0.6224593312, 0.2689414214], rtol=1e-9,
                                   err_msg="worked example: p = sigmoid([0.5, -1])")
        self.assertAlmostEqual(exercise.bce_loss(np.array([0.5]), 0.0, X, y), 0.3936693358, places=9,
                               msg="worked example: L = (0.4741 + 0.3133) / 2 = 0.3937")

    def test_loss_at_zero_parameters_is_ln_2(self):
        X = np.random.default_rng(0).normal(size=(7, 3))
        y = np.array([0, 1, 1, 0, 1, 0, 0])
        self.assertAlmostEqual(exercise.bce_loss(np.zeros(3), 0.0, X, y), math.log(2), places=12,
                               msg="with w = 0, b = 0 every p is 0.5 and the loss is ln 2")

    def test_loss_matches_the_formula_on_random_data(self):
        rng = np.random.default_rng(1)
        X, y, w = rng.normal(size=(20, 4)), rng.integers(0, 2, 20), rng.normal(size=4)
        self.assertAlmostEqual(exercise.bce_loss(w, -0.3, X, y), reference_loss(w, -0.3, X, y), places=10)

    def test_loss_stays_finite_for_confident_wrong_predictions(self):
        X, y = np.array([[50.0], [-50.0]]), np.array([0, 1])
        loss = exercise.bce_loss(np.array([1.0]), 0.0, X, y)
        self.assertTrue(math.isfinite(loss), "a confident wrong prediction should give a large finite loss, "
                                             "not inf: compute the loss from the logits z")
        self.assertAlmostEqual(loss, 50.0, places=6, msg="ln(1 + e^50) - 0 ≈ 50 for both rows")


class GradientTest(unittest.TestCase):
    def test_worked_example(self):
        X, y = np.array([[1.0], [-2.0]]), np.array([1, 0])
        dw, db = exercise.gradients(np.array([0.5]), 0.0, X, y)
        self.assertEqual(np.shape(dw), (1,), "dw has the shape of w")
        self.assertAlmostEqual(float(dw[0]), -0.4577117558, places=9, msg="worked example: dL/dw = -0.4577")
        self.assertAlmostEqual(float(db), -0.0542996237, places=9, msg="worked example: dL/db = -0.0543")

    def test_analytical_gradient_matches_central_differences_on_the_dataset(self):
        """Your gradients() against the test's own central differences of the loss, every parameter."""
        X_train, _, y_train, _ = prepared_data()
        X, y = X_train[:40], y_train[:40]
        rng = np.random.default_rng(1)
        w, b = rng.normal(0, 0.1, X.shape[1]), 0.3
        dw, db = exercise.gradients(w, b, X, y)
        analytic = np.append(dw, db)
        numeric = reference_numeric_gradient(w, b, X, y)
        err = float(np.max(np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric))))
        log_metric("grad_max_rel_error", err)
        worst = int(np.argmax(np.abs(analytic - numeric)))
        self.assertLess(err, 1e-6, f"relative error {err:.2e}: parameter {worst} has analytic "
                                   f"{analytic[worst]:.6f}, central difference {numeric[worst]:.6f}")


class GradientCheckToolsTest(unittest.TestCase):
    def test_central_difference_of_a_known_function(self):
        f = lambda t: float(np.sum(t ** 3) + t[0] * t[1])
        theta = np.array([1.0, -2.0, 0.5])
        before = theta.copy()
        g = exercise.central_difference(f, theta, 1e-5)
        np.testing.assert_allclose(g, [3 * 1.0 + -2.0, 3 * 4.0 + 1.0, 3 * 0.25], rtol=1e-7,
                                   err_msg="d/dθ of sum(θ³) + θ0 θ1")
        np.testing.assert_array_equal(theta, before, err_msg="central_difference changed theta")

    def test_central_difference_keeps_the_shape(self):
        g = exercise.central_difference(lambda t: float(np.sum(t ** 2)), np.ones((2, 3)), 1e-5)
        self.assertEqual(np.shape(g), (2, 3))
        np.testing.assert_allclose(g, 2.0, rtol=1e-7)

    def test_relative_error(self):
        self.assertAlmostEqual(exercise.relative_error([1.0, 2.0], [1.0, 2.2]), 0.2 / 4.2, places=12)
        self.assertEqual(exercise.relative_error([0.0], [0.0]), 0.0, "0 vs 0 is no error (the 1e-8 floor)")

    def test_gradient_check_is_small_for_your_gradient_and_large_for_a_wrong_one(self):
        rng = np.random.default_rng(2)
        X, y, w = rng.normal(size=(15, 3)), rng.integers(0, 2, 15), rng.normal(size=3)
        self.assertLess(exercise.gradient_check(w, 0.2, X, y), 1e-6)
        right = exercise.gradients
        try:
            exercise.gradients = lambda w, b, X, y: (2 * right(w, b, X, y)[0], right(w, b, X, y)[1])
            self.assertGreater(exercise.gradient_check(w, 0.2, X, y), 0.1,
                               "gradient_check should call gradients() and compare it with central "
                               "differences of bce_loss: a gradient twice too large went unnoticed")
        finally:
            exercise.gradients = right


class TrainingTest(unittest.TestCase):
    def test_losses_start_at_ln_2_and_lr_0_changes_nothing(self):
        X = np.random.default_rng(3).normal(size=(10, 2))
        y = np.array([0, 1] * 5)
        w, b, losses = exercise.train(X, y, lr=0.0, epochs=3)
        self.assertEqual(len(losses), 3, "one loss per epoch")
        np.testing.assert_allclose(losses, math.log(2), rtol=1e-12,
                                   err_msg="losses[t] is the loss before step t; from w = 0, b = 0 that is ln 2")
        np.testing.assert_array_equal(w, 0.0)

    def test_one_step_is_w_minus_lr_times_gradient(self):
        X, y = np.array([[1.0], [-2.0]]), np.array([1, 0])
        w, b, _ = exercise.train(X, y, lr=0.5, epochs=1)
        # from w = 0, b = 0: p = 0.5, dw = ((0.5 - 1) * 1 + 0.5 * -2) / 2 = -0.75, db = 0
        self.assertAlmostEqual(float(w[0]), 0.375, places=12, msg="w = 0 - 0.5 * (-0.75)")
        self.assertAlmostEqual(float(b), 0.0, places=12)

    def test_accuracy(self):
        X = np.array([[1.0], [2.0], [-1.0], [-3.0]])
        self.assertAlmostEqual(exercise.accuracy(np.array([1.0]), 0.0, X, np.array([1, 0, 0, 0])), 0.75)

    def test_trained_on_the_breast_cancer_set(self):
        """Your train() with lr = 0.1 for 300 epochs, judged on the 142 held-out rows."""
        X_train, X_test, y_train, y_test = prepared_data()
        w, b, losses = exercise.train(X_train, y_train, lr=0.1, epochs=300)
        for step, loss in enumerate(losses):
            if step % 10 == 0 or step == len(losses) - 1:
                log_metric("train_loss", float(loss), step)
        test_acc = float(np.mean(((X_test @ w + b) >= 0) == y_test))
        log_metric("test_accuracy", test_acc)
        self.assertEqual(len(losses), 300)
        self.assertLess(losses[-1], 0.15, f"training loss {losses[-1]:.3f} after 300 epochs should be below 0.15")
        self.assertGreaterEqual(test_acc, 0.95, f"held-out accuracy {test_acc:.3f} should be at least 0.95")


if __name__ == "__main__":
    unittest.main()
