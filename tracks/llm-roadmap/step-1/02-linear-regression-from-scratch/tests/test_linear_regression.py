"""Tests of linear regression from scratch (exercise.py).

They use only the interface the overview states:
    predict(w, b, X), mse_loss(w, b, X, y), mae_loss(w, b, X, y), huber_loss(w, b, X, y, delta)
    mse_gradients(w, b, X, y)            -> (dw, db)
    gradient_descent(X, y, lr, epochs)   -> (w, b, losses), losses[t] the loss before step t
    standardize(X)                       -> (X_std, mean, std)
    to_original_units(w, b, mean, std)   -> (w_raw, b_raw)
    closed_form(X, y)                    -> (w, b)
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

DATA = os.path.join("data", "houses.csv")


def houses():
    data = np.loadtxt(DATA, delimiter=",", skiprows=1)
    return data[:, 2:5], data[:, 5] / 1000.0


class LossTest(unittest.TestCase):
    # One feature, w = 2, b = 1: predictions 1, 3, 5 for x = 0, 1, 2; targets 1, 2, 8 -> residuals 0, 1, -3
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 2.0, 8.0])
    w = np.array([2.0])

    def test_mse_by_hand(self):
        self.assertAlmostEqual(exercise.mse_loss(self.w, 1.0, self.X, self.y), (0 + 1 + 9) / 3, places=12)

    def test_mae_by_hand(self):
        self.assertAlmostEqual(exercise.mae_loss(self.w, 1.0, self.X, self.y), (0 + 1 + 3) / 3, places=12)

    def test_huber_by_hand(self):
        # delta = 1: |r| = 0 -> 0, |r| = 1 -> 0.5, |r| = 3 -> 1 * (3 - 0.5) = 2.5
        self.assertAlmostEqual(exercise.huber_loss(self.w, 1.0, self.X, self.y, delta=1.0), 3.0 / 3, places=12)
        # delta = 5: every residual is small, so Huber is half the squared error
        self.assertAlmostEqual(exercise.huber_loss(self.w, 1.0, self.X, self.y, delta=5.0), 0.5 * 10 / 3, places=12)


class GradientTest(unittest.TestCase):
    def test_mse_gradients_match_finite_differences(self):
        rng = np.random.default_rng(0)
        X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
        w, b = rng.normal(size=4), 0.3
        dw, db = exercise.mse_gradients(w, b, X, y)
        eps = 1e-6
        for j in range(4):
            e = np.zeros(4)
            e[j] = eps
            numeric = (exercise.mse_loss(w + e, b, X, y) - exercise.mse_loss(w - e, b, X, y)) / (2 * eps)
            self.assertAlmostEqual(float(dw[j]), numeric, places=5, msg=f"dL/dw[{j}] differs from the finite difference")
        numeric_b = (exercise.mse_loss(w, b + eps, X, y) - exercise.mse_loss(w, b - eps, X, y)) / (2 * eps)
        self.assertAlmostEqual(float(db), numeric_b, places=5, msg="dL/db differs from the finite difference")


class DescentTest(unittest.TestCase):
    def test_one_step_by_hand(self):
        # x = 1, 2; y = 2, 4; from w = 0, b = 0: r = -2, -4; dw = (2/2)(1*-2 + 2*-4) = -10, db = (2/2)(-6) = -6
        X, y = np.array([[1.0], [2.0]]), np.array([2.0, 4.0])
        w, b, losses = exercise.gradient_descent(X, y, lr=0.1, epochs=1)
        self.assertEqual(len(losses), 1)
        self.assertAlmostEqual(losses[0], (4 + 16) / 2, places=12, msg="losses[0] is the loss of w = 0, b = 0")
        self.assertAlmostEqual(float(np.ravel(w)[0]), 1.0, places=12, msg="w after one step: 0 - 0.1 * (-10)")
        self.assertAlmostEqual(float(b), 0.6, places=12, msg="b after one step: 0 - 0.1 * (-6)")

    def test_standardize(self):
        X, _ = houses()
        Xs, mean, std = exercise.standardize(X)
        np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-9)
        np.testing.assert_allclose(Xs.std(axis=0), 1, rtol=1e-9)
        np.testing.assert_allclose(mean, X.mean(axis=0))
        np.testing.assert_allclose(std, X.std(axis=0))

    def test_to_original_units_gives_the_same_predictions(self):
        rng = np.random.default_rng(2)
        X = rng.normal(5.0, 3.0, size=(20, 3))
        Xs, mean, std = exercise.standardize(X)
        w_std, b_std = rng.normal(size=3), 1.7
        w_raw, b_raw = exercise.to_original_units(w_std, b_std, mean, std)
        np.testing.assert_allclose(X @ w_raw + b_raw, Xs @ w_std + b_std, rtol=1e-9,
                                   err_msg="the raw-unit weights should give the same predictions on the raw columns")

    def test_closed_form_is_least_squares(self):
        X, y = houses()
        w, b = exercise.closed_form(X, y)
        theta = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
        np.testing.assert_allclose(np.append(w, b), theta, rtol=1e-6)

    def test_gradient_descent_reaches_the_exact_answer_on_standardized_houses(self):
        X, y = houses()
        Xs, mean, std = exercise.standardize(X)
        w, b, losses = exercise.gradient_descent(Xs, y, lr=0.1, epochs=200)
        for t, loss in enumerate(losses):
            log_metric("train_loss", float(loss), t)
        wc, bc = exercise.closed_form(Xs, y)
        best = exercise.mse_loss(wc, bc, Xs, y)
        final = exercise.mse_loss(w, b, Xs, y)
        gap = 100.0 * (final - best) / best
        log_metric("gap_to_exact_percent", gap)
        self.assertEqual(len(losses), 200, "one loss per step")
        self.assertAlmostEqual(losses[0], float(np.mean(y ** 2)), places=6, msg="losses[0] is the loss of w = 0, b = 0")
        self.assertTrue(all(b2 <= a2 + 1e-9 for a2, b2 in zip(losses, losses[1:])),
                        "with lr = 0.1 on standardized columns the loss should never go up")
        self.assertLess(gap, 0.1, f"after 200 steps the loss is {gap:.3f}% above the exact least-squares loss")

    def test_unscaled_columns_need_a_tiny_learning_rate(self):
        """Same data, raw columns: lr = 1e-4 is above the stability limit 2 / lambda_max and blows up."""
        X, y = houses()
        with np.errstate(over="ignore", invalid="ignore"):
            _, _, losses = exercise.gradient_descent(X, y, lr=1e-4, epochs=30)
        self.assertTrue(not np.isfinite(losses[-1]) or losses[-1] > losses[0],
                        "on raw columns lr = 1e-4 should diverge: is the gradient scaled by 2/n?")


if __name__ == "__main__":
    unittest.main()
