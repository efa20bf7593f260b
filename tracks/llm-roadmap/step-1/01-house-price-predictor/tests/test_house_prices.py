"""Tests of the house-price predictor (exercise.py).

They use only the interface the overview states:
    load_csv(path)                        -> (header list, float array (rows, columns))
    split_indices(n, test_fraction, seed) -> (train_idx, test_idx)
    fit_linear(X, y)                      -> w, shape (d + 1,), w[0] the intercept
    predict(w, X)                         -> w[0] + X @ w[1:]
    r2_score(y, y_pred)                   -> float
    kmeans(points, k, seed, iters)        -> (centroids (k, d), labels (n,))
    inertia(points, centroids, labels)    -> float, sum of squared distances to own centroid
    one_hot(labels, k)                    -> (n, k) array of 0/1
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
# The district centres of data/make_houses.py (the file itself does not say which district a house is in).
CENTRES = np.array([[-4.0, 0.0], [3.0, 3.0], [2.0, -4.0]])


class LoadTest(unittest.TestCase):
    def test_load_csv_reads_the_header_and_every_row_as_floats(self):
        header, data = exercise.load_csv(DATA)
        self.assertEqual(list(header), ["x_km", "y_km", "area_m2", "bedrooms", "age_years", "price"])
        self.assertEqual(np.shape(data), (400, 6), "400 houses, 6 columns")
        with open(DATA) as f:
            lines = f.read().split("\n")
        first, last = lines[1].split(","), [l for l in lines if l][-1].split(",")
        np.testing.assert_allclose(data[0], [float(v) for v in first], err_msg="row 0 differs from the file")
        np.testing.assert_allclose(data[-1], [float(v) for v in last], err_msg="the last row differs from the file")


class SplitTest(unittest.TestCase):
    def test_split_is_disjoint_complete_seeded_and_shuffled(self):
        tr, te = exercise.split_indices(100, 0.2, seed=3)
        self.assertEqual(len(te), 20, "round(0.2 * 100) = 20 test rows")
        self.assertEqual(sorted(list(tr) + list(te)), list(range(100)), "every index exactly once")
        tr2, te2 = exercise.split_indices(100, 0.2, seed=3)
        np.testing.assert_array_equal(te, te2, err_msg="the same seed should give the same split")
        _, te3 = exercise.split_indices(100, 0.2, seed=4)
        self.assertNotEqual(sorted(te), sorted(te3), "another seed should give another test set")
        self.assertNotEqual(sorted(te), list(range(min(te), min(te) + 20)), "shuffle before cutting")


class LinearTest(unittest.TestCase):
    def test_fit_linear_recovers_an_exact_linear_rule(self):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(50, 3))
        y = 4.0 + X @ np.array([2.0, -1.0, 0.5])
        w = exercise.fit_linear(X, y)
        np.testing.assert_allclose(w, [4.0, 2.0, -1.0, 0.5], atol=1e-8,
                                   err_msg="w[0] is the intercept, then one weight per column")
        np.testing.assert_allclose(exercise.predict(w, X), y, atol=1e-8)

    def test_fit_linear_minimises_the_squared_error(self):
        rng = np.random.default_rng(1)
        X = rng.normal(size=(40, 2))
        y = X @ np.array([1.0, 3.0]) + rng.normal(size=40)
        w = np.asarray(exercise.fit_linear(X, y), float)
        sse = lambda v: float(np.sum((v[0] + X @ v[1:] - y) ** 2))
        for i in range(3):
            for step in (1e-3, -1e-3):
                nudged = w.copy()
                nudged[i] += step
                self.assertGreater(sse(nudged), sse(w), "moving any weight should make the squared error larger")

    def test_r2_by_hand(self):
        # y = 1, 2, 3, 4 (mean 2.5, total sum of squares 5); predictions 1, 2, 3, 5 (squared errors 1)
        self.assertAlmostEqual(exercise.r2_score([1, 2, 3, 4], [1, 2, 3, 5]), 1 - 1 / 5, places=12)
        self.assertAlmostEqual(exercise.r2_score([1, 2, 3, 4], [2.5] * 4), 0.0, places=12,
                               msg="predicting the mean gives R² = 0")


class KMeansTest(unittest.TestCase):
    def test_kmeans_finds_two_obvious_groups(self):
        points = np.array([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]], float)
        centroids, labels = exercise.kmeans(points, 2, seed=0)
        self.assertEqual(len(set(labels[:3])), 1, "the first three points belong together")
        self.assertEqual(len(set(labels[3:])), 1, "the last three points belong together")
        self.assertNotEqual(labels[0], labels[3])
        got = sorted(map(tuple, np.asarray(centroids, float)))
        np.testing.assert_allclose(got, [(1 / 3, 1 / 3), (31 / 3, 31 / 3)], atol=1e-9,
                                   err_msg="each centroid is the mean of its points")

    def test_kmeans_result_is_a_fixed_point(self):
        rng = np.random.default_rng(7)
        points = rng.normal(size=(120, 2)) + rng.integers(0, 4, 120)[:, None] * 3.0
        centroids, labels = exercise.kmeans(points, 4, seed=1)
        centroids, labels = np.asarray(centroids), np.asarray(labels)
        d2 = ((points[:, None, :] - centroids[None]) ** 2).sum(axis=2)
        np.testing.assert_array_equal(labels, d2.argmin(axis=1),
                                      err_msg="every point should carry the label of its nearest centroid")
        for j in range(4):
            if np.any(labels == j):
                np.testing.assert_allclose(centroids[j], points[labels == j].mean(axis=0), atol=1e-9,
                                           err_msg=f"centroid {j} should be the mean of its points")

    def test_inertia_by_hand(self):
        points = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 1.0]])
        centroids = np.array([[1.0, 0.0], [10.0, 0.0]])
        # 1 + 1 for the first two points around (1, 0), 1 for the third around (10, 0)
        self.assertAlmostEqual(exercise.inertia(points, centroids, np.array([0, 0, 1])), 3.0, places=12)

    def test_one_hot(self):
        np.testing.assert_array_equal(exercise.one_hot(np.array([2, 0, 1]), 3),
                                      [[0, 0, 1], [1, 0, 0], [0, 1, 0]])


class HousePriceTest(unittest.TestCase):
    def test_the_whole_predictor(self):
        """Supervised (price from area, bedrooms, age) then unsupervised (districts from x, y) and both."""
        header, data = exercise.load_csv(DATA)
        col = {name: i for i, name in enumerate(header)}
        y = data[:, col["price"]]
        X = data[:, [col["area_m2"], col["bedrooms"], col["age_years"]]]
        xy = data[:, [col["x_km"], col["y_km"]]]
        train, test = exercise.split_indices(len(y), 0.2, seed=0)

        w = exercise.fit_linear(X[train], y[train])
        r2_base = exercise.r2_score(y[test], exercise.predict(w, X[test]))
        log_metric("test_r2_three_features", r2_base)

        centroids, labels = exercise.kmeans(xy, 3, seed=0)
        for c in CENTRES:
            nearest = np.min(np.linalg.norm(np.asarray(centroids) - c, axis=1))
            self.assertLess(nearest, 0.5, f"no cluster centre found near the district centred at {c.tolist()}")
        X2 = np.column_stack([X, exercise.one_hot(labels, 3)])
        w2 = exercise.fit_linear(X2[train], y[train])
        r2_clusters = exercise.r2_score(y[test], exercise.predict(w2, X2[test]))
        log_metric("test_r2_with_clusters", r2_clusters)

        self.assertGreater(r2_base, 0.7, f"test R² with area, bedrooms, age is {r2_base:.3f}; expected about 0.79")
        self.assertGreater(r2_clusters, r2_base + 0.1,
                           f"the cluster features should raise the test R² (got {r2_base:.3f} -> {r2_clusters:.3f})")


if __name__ == "__main__":
    unittest.main()
