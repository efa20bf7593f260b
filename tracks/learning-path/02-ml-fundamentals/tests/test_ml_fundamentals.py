"""Tests of Stage 02 (ML Fundamentals): logistic regression on Iris, the confusion matrix,
precision / recall / F1, and bias vs variance of polynomial fits.

Interface (see the overview): load_iris, one_vs_rest, split, standardize, sigmoid, log_loss,
gradients, train_logistic, predict, confusion_matrix, precision_recall_f1, fit_polynomial,
predict_polynomial, mse, bias_variance. The tests compute every score themselves and compare.
"""
import csv
import math
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

DATA = "data/iris.csv"


def own_iris():
    with open(DATA) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:4]] for r in rows])
    y = np.array([int(r[4]) for r in rows])
    return X, y


def own_loss(w, b, X, y):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def own_counts(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    fp = int(np.sum((y_true == 0) & (y_pred == 1)))
    fn = int(np.sum((y_true == 1) & (y_pred == 0)))
    tn = int(np.sum((y_true == 0) & (y_pred == 0)))
    return tn, fp, fn, tp


class DataTest(unittest.TestCase):
    def test_load_and_one_vs_rest(self):
        X, y = exercise.load_iris(DATA)
        self.assertEqual(np.shape(X), (150, 4))
        np.testing.assert_array_equal(np.bincount(y), [50, 50, 50])
        yb = np.asarray(exercise.one_vs_rest(y, positive=2))
        np.testing.assert_array_equal(yb, (y == 2).astype(int), err_msg="1 for virginica (label 2), 0 for the rest")
        self.assertEqual(int(yb.sum()), 50)

    def test_split_is_disjoint_complete_seeded(self):
        X = np.arange(150, dtype=float)[:, None].repeat(2, axis=1)
        y = np.arange(150)
        X_tr, X_te, y_tr, y_te = exercise.split(X, y, 0.3, seed=0)
        self.assertEqual(len(y_te), 45, "round(0.3 * 150) = 45 test rows")
        np.testing.assert_array_equal(X_te[:, 0].astype(int), y_te, err_msg="rows keep their labels")
        self.assertEqual(sorted(np.concatenate([y_tr, y_te])), list(range(150)), "every row on exactly one side")
        order = np.random.default_rng(0).permutation(150)
        np.testing.assert_array_equal(y_te, order[:45],
                                      err_msg="the test rows are the first 45 of np.random.default_rng(seed).permutation(n)")

    def test_standardize_uses_training_statistics(self):
        rng = np.random.default_rng(1)
        A, B = rng.normal(5, 2, (40, 3)), rng.normal(5, 2, (10, 3)) + 50
        A2, B2 = exercise.standardize(A, B)
        np.testing.assert_allclose(A2.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(A2.std(axis=0), 1, atol=1e-12)
        np.testing.assert_allclose(B2, (B - A.mean(axis=0)) / A.std(axis=0), atol=1e-12,
                                   err_msg="the test rows use the training mean and std (no leakage)")


class LogisticTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(2)
        self.X = rng.normal(size=(30, 3))
        self.y = (rng.uniform(size=30) < 0.4).astype(int)
        self.w, self.b = rng.normal(size=3), 0.3

    def test_sigmoid(self):
        self.assertAlmostEqual(float(exercise.sigmoid(0.0)), 0.5)
        self.assertAlmostEqual(float(exercise.sigmoid(math.log(3))), 0.75, msg="sigmoid(ln 3) = 1 / (1 + 1/3)")
        np.testing.assert_allclose(exercise.sigmoid(np.array([-2.0, 2.0])), [0.11920292, 0.88079708], atol=1e-8)

    def test_log_loss(self):
        self.assertAlmostEqual(exercise.log_loss(np.zeros(3), 0.0, self.X, self.y), math.log(2), places=10,
                               msg="with w = 0, b = 0 every p is 0.5 and the loss is ln 2")
        self.assertAlmostEqual(exercise.log_loss(self.w, self.b, self.X, self.y),
                               own_loss(self.w, self.b, self.X, self.y), places=10)

    def test_gradients_match_finite_differences(self):
        dw, db = exercise.gradients(self.w, self.b, self.X, self.y)
        h = 1e-6
        for i in range(3):
            e = np.zeros(3)
            e[i] = h
            num = (own_loss(self.w + e, self.b, self.X, self.y) - own_loss(self.w - e, self.b, self.X, self.y)) / (2 * h)
            self.assertAlmostEqual(float(np.asarray(dw)[i]), num, places=6, msg=f"dL/dw[{i}]")
        num_b = (own_loss(self.w, self.b + h, self.X, self.y) - own_loss(self.w, self.b - h, self.X, self.y)) / (2 * h)
        self.assertAlmostEqual(float(db), num_b, places=6, msg="dL/db")

    def test_train_logistic_starts_at_zero_and_descends(self):
        w, b, losses = exercise.train_logistic(self.X, self.y, lr=0.5, epochs=50)
        self.assertEqual(len(losses), 50, "one loss per epoch")
        self.assertAlmostEqual(float(losses[0]), math.log(2), places=10,
                               msg="losses[0] is the loss of w = 0, b = 0, before the first update")
        self.assertTrue(np.all(np.diff(losses) <= 1e-12), "full-batch descent with a small step never raises the loss")
        w0, b0 = np.zeros(3), 0.0
        dw, db = exercise.gradients(w0, b0, self.X, self.y)
        w1, b1, _ = exercise.train_logistic(self.X, self.y, lr=0.5, epochs=1)
        np.testing.assert_allclose(w1, w0 - 0.5 * np.asarray(dw), atol=1e-12, err_msg="one epoch = one update w - lr * dw")
        self.assertAlmostEqual(float(b1), b0 - 0.5 * db, places=12)

    def test_predict_uses_the_threshold(self):
        X = np.array([[-1.0], [0.0], [0.5], [2.0]])
        np.testing.assert_array_equal(exercise.predict(np.array([1.0]), 0.0, X), [0, 1, 1, 1],
                                      err_msg="p >= 0.5 is class 1 (sigmoid(0) = 0.5 counts)")
        np.testing.assert_array_equal(exercise.predict(np.array([1.0]), 0.0, X, threshold=0.7), [0, 0, 0, 1])


class MetricsTest(unittest.TestCase):
    def test_confusion_matrix_layout(self):
        y_true = [1, 1, 1, 0, 0, 0, 0, 1]
        y_pred = [1, 0, 1, 0, 1, 0, 0, 1]
        cm = np.asarray(exercise.confusion_matrix(y_true, y_pred))
        np.testing.assert_array_equal(cm, [[3, 1], [1, 3]])
        cm = np.asarray(exercise.confusion_matrix([0, 0, 0, 1, 1], [1, 1, 0, 1, 0]))
        np.testing.assert_array_equal(cm, [[1, 2], [1, 1]],
                                      err_msg="[[TN, FP], [FN, TP]]: rows are the truth, columns the prediction")

    def test_confusion_matrix_counts_random_labels(self):
        rng = np.random.default_rng(3)
        t, p = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
        tn, fp, fn, tp = own_counts(t, p)
        np.testing.assert_array_equal(exercise.confusion_matrix(t, p), [[tn, fp], [fn, tp]])

    def test_worked_example(self):
        p, r, f1 = exercise.precision_recall_f1(np.array([[86, 2], [4, 8]]))
        self.assertAlmostEqual(p, 0.8, msg="precision = TP / (TP + FP) = 8 / 10")
        self.assertAlmostEqual(r, 8 / 12, msg="recall = TP / (TP + FN) = 8 / 12")
        self.assertAlmostEqual(f1, 2 * 0.8 * (2 / 3) / (0.8 + 2 / 3), msg="F1 = 2PR / (P + R) = 0.727")

    def test_zero_division_gives_zero(self):
        p, r, f1 = exercise.precision_recall_f1(np.array([[10, 0], [5, 0]]))
        self.assertEqual((p, r, f1), (0.0, 0.0, 0.0), "no positive predictions: precision 0/0 counts as 0")


class IrisTest(unittest.TestCase):
    def test_virginica_vs_rest(self):
        """Your train_logistic on the test's own split (seed 0, 30% held out, standardized);
        the confusion matrix and the scores are computed by the test and by you, and must agree."""
        X, y = own_iris()
        y = (y == 2).astype(int)
        order = np.random.default_rng(0).permutation(150)
        test, train = order[:45], order[45:]
        mean, std = X[train].mean(axis=0), X[train].std(axis=0)
        X_tr, X_te = (X[train] - mean) / std, (X[test] - mean) / std
        w, b, losses = exercise.train_logistic(X_tr, y[train], lr=0.5, epochs=500)
        for e in range(0, 500, 10):
            log_metric("train_loss", float(losses[e]), e)
        y_pred = (1 / (1 + np.exp(-(X_te @ np.asarray(w) + b))) >= 0.5).astype(int)
        tn, fp, fn, tp = own_counts(y[test], y_pred)
        np.testing.assert_array_equal(exercise.confusion_matrix(y[test], exercise.predict(w, b, X_te)),
                                      [[tn, fp], [fn, tp]], err_msg="your confusion matrix differs from the test's count")
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
        mine = exercise.precision_recall_f1(np.array([[tn, fp], [fn, tp]]))
        np.testing.assert_allclose(mine, (precision, recall, f1), atol=1e-12,
                                   err_msg="your precision, recall, F1 differ from the test's")
        accuracy = (tp + tn) / 45
        for name, value in (("test_precision", precision), ("test_recall", recall), ("test_f1", f1),
                            ("test_accuracy", accuracy)):
            log_metric(name, value)
        self.assertGreaterEqual(accuracy, 0.9, f"held-out accuracy {accuracy:.3f} should be at least 0.9")
        self.assertGreaterEqual(f1, 0.85, f"held-out F1 {f1:.3f} should be at least 0.85")


class BiasVarianceTest(unittest.TestCase):
    def test_fit_polynomial_recovers_an_exact_polynomial(self):
        x = np.linspace(-1, 2, 9)
        c = exercise.fit_polynomial(x, 1 - 2 * x + 3 * x ** 2, 2)
        np.testing.assert_allclose(c, [1, -2, 3], atol=1e-9, err_msg="coefficients c0, c1, c2 (lowest power first)")
        np.testing.assert_allclose(exercise.predict_polynomial(np.array([1.0, -2.0, 3.0]), np.array([0.0, 1.0, 2.0])),
                                   [1, 2, 9], atol=1e-12)
        self.assertAlmostEqual(exercise.mse([1, 2, 3], [1, 4, 0]), (0 + 4 + 9) / 3)

    def test_bias_variance_formula(self):
        b2, var = exercise.bias_variance(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.0, 0.0]))
        self.assertAlmostEqual(b2, (2 ** 2 + 3 ** 2) / 2, msg="mean prediction (2, 3) against truth (0, 0)")
        self.assertAlmostEqual(var, 1.0, msg="each point's predictions 1, 3 and 2, 4 vary by 1 around their mean")

    def test_the_tradeoff(self):
        """200 noisy copies of 12 points of sin(2 pi x); degrees 1, 3 and 11."""
        rng = np.random.default_rng(0)
        x = np.linspace(0, 1, 12)
        grid = np.linspace(0, 1, 50)
        truth = np.sin(2 * np.pi * grid)
        ys = np.sin(2 * np.pi * x) + rng.normal(0, 0.25, (200, 12))
        result = {}
        for degree in (1, 3, 11):
            preds = np.array([exercise.predict_polynomial(exercise.fit_polynomial(x, yd, degree), grid) for yd in ys])
            average = preds.mean(axis=0)
            expected = (np.mean((average - truth) ** 2), np.mean(preds.var(axis=0)))
            got = exercise.bias_variance(preds, truth)
            np.testing.assert_allclose(got, expected, rtol=1e-9, err_msg=f"degree {degree}")
            result[degree] = got
            log_metric(f"bias_sq_degree_{degree}", got[0])
            log_metric(f"variance_degree_{degree}", got[1])
        self.assertGreater(result[1][0], 10 * result[3][0], "a straight line cannot follow a sine: high bias")
        self.assertGreater(result[11][1], 10 * result[3][1], "12 coefficients for 12 points chase the noise: high variance")
        total = {d: sum(v) for d, v in result.items()}
        self.assertEqual(min(total, key=total.get), 3, f"bias^2 + variance is smallest at degree 3: {total}")


if __name__ == "__main__":
    unittest.main()
