"""Tests of Phase 3, Section 4 (Real Dataset): the digits pipeline in experiment.py.

They use only the interface the overview states:
    load_digits(path)                       -> X float (n, 64), y int (n,)
    split(X, y, test_fraction, seed)        -> X_train, X_test, y_train, y_test
    standardize(X_train, X_test)            -> X_train_std, X_test_std (train statistics only)
    train_model(X_train, y_train, n_hidden, epochs, lr, batch_size, seed) -> (params, losses)
    accuracy(params, X, y)                  -> float in [0, 1]
params has the layout of the Backpropagation section: W1 (64, n_hidden), b1, W2 (n_hidden, 10), b2.
"""
import csv
import gzip
import os
import unittest

import numpy as np

import experiment

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


DATA = os.path.join("data", "digits.csv.gz")


def read_rows():
    """The file read the plain way, by the test."""
    with gzip.open(DATA, "rt") as f:
        return [[int(v) for v in row] for row in csv.reader(f) if row]


def logits_of(params, X):
    return np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


class LoadTest(unittest.TestCase):
    def test_load_digits_gives_1797_rows_of_64_floats_and_int_labels(self):
        X, y = experiment.load_digits(DATA)
        self.assertEqual(np.shape(X), (1797, 64), "X should be (1797, 64)")
        self.assertEqual(np.shape(y), (1797,), "y should be (1797,)")
        self.assertTrue(np.issubdtype(np.asarray(X).dtype, np.floating), "X should hold floats")
        self.assertTrue(np.issubdtype(np.asarray(y).dtype, np.integer), "y should hold integers")
        self.assertEqual((float(np.min(X)), float(np.max(X))), (0.0, 16.0), "pixels run from 0 to 16")

    def test_load_digits_rows_and_label_counts_match_the_file(self):
        rows = read_rows()
        X, y = experiment.load_digits(DATA)
        counts = np.bincount([r[64] for r in rows], minlength=10)
        np.testing.assert_array_equal(np.bincount(y, minlength=10), counts,
                                      err_msg="label counts differ from the file's last column")
        for i in (0, 1, 900, 1796):
            np.testing.assert_array_equal(X[i], rows[i][:64], err_msg=f"row {i}: the 64 pixels differ from the file")
            self.assertEqual(int(y[i]), rows[i][64], f"row {i}: the label should be the 65th number")


class SplitTest(unittest.TestCase):
    def setUp(self):
        # Row i holds the number i everywhere and has label i: we can follow every row.
        self.n = 200
        self.X = np.repeat(np.arange(self.n, dtype=float)[:, None], 3, axis=1)
        self.y = np.arange(self.n)

    def test_split_is_disjoint_complete_and_keeps_rows_with_their_labels(self):
        X_tr, X_te, y_tr, y_te = experiment.split(self.X, self.y, 0.25, seed=0)
        ids_tr, ids_te = X_tr[:, 0].astype(int), X_te[:, 0].astype(int)
        np.testing.assert_array_equal(ids_tr, y_tr, err_msg="a training row lost its label")
        np.testing.assert_array_equal(ids_te, y_te, err_msg="a test row lost its label")
        self.assertEqual(set(ids_tr) & set(ids_te), set(), "a row is in both the training and the test set")
        self.assertEqual(sorted(list(ids_tr) + list(ids_te)), list(range(self.n)),
                         "every row should be in exactly one of the two sets")
        self.assertLessEqual(abs(len(ids_te) - 0.25 * self.n), 1, "the test set should hold test_fraction of the rows")

    def test_split_is_shuffled_and_seeded(self):
        a = experiment.split(self.X, self.y, 0.3, seed=1)
        b = experiment.split(self.X, self.y, 0.3, seed=1)
        c = experiment.split(self.X, self.y, 0.3, seed=2)
        np.testing.assert_array_equal(a[3], b[3], err_msg="the same seed should give the same split")
        self.assertNotEqual(sorted(a[3]), sorted(c[3]), "another seed should give another test set")
        test_ids = sorted(a[3])
        self.assertNotEqual(test_ids, list(range(test_ids[0], test_ids[0] + len(test_ids))),
                            "the test set is a block of consecutive rows: shuffle before cutting")


class StandardizeTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.X_train = rng.normal(3.0, 2.0, (50, 4))
        self.X_train[:, 3] = 0.0                         # a pixel that is always off
        self.X_test = rng.normal(3.0, 2.0, (20, 4)) + 100.0  # a test set that looks nothing like it
        self.X_test[:, 3] = 5.0

    def test_training_columns_get_mean_0_and_std_1(self):
        A, _ = experiment.standardize(self.X_train, self.X_test)
        np.testing.assert_allclose(A[:, :3].mean(axis=0), 0.0, atol=1e-10, err_msg="train column means should be 0")
        np.testing.assert_allclose(A[:, :3].std(axis=0), 1.0, rtol=1e-6,
                                   err_msg="train column std (numpy's default, divide by n) should be 1")

    def test_the_test_set_uses_the_training_mean_and_std_only(self):
        _, B = experiment.standardize(self.X_train, self.X_test)
        mean, std = self.X_train.mean(axis=0), self.X_train.std(axis=0)
        # the three ordinary columns (the constant one has its own test)
        np.testing.assert_allclose(B[:, :3], (self.X_test[:, :3] - mean[:3]) / std[:3], rtol=1e-6,
                                   err_msg="X_test should be (X_test - train mean) / train std; "
                                           "statistics of the test rows must not be used")

    def test_a_constant_column_becomes_0_not_nan(self):
        A, B = experiment.standardize(self.X_train, self.X_test)
        self.assertTrue(np.all(np.isfinite(A)) and np.all(np.isfinite(B)), "no nan or inf for a constant column")
        np.testing.assert_array_equal(A[:, 3], 0.0, err_msg="a constant training column should become 0")
        np.testing.assert_allclose(B[:, 3], 5.0, err_msg="a constant column is divided by 1: 5 - 0 = 5")

    def test_standardize_leaves_its_inputs_unchanged(self):
        before_train, before_test = self.X_train.copy(), self.X_test.copy()
        experiment.standardize(self.X_train, self.X_test)
        np.testing.assert_array_equal(self.X_train, before_train, err_msg="standardize changed X_train")
        np.testing.assert_array_equal(self.X_test, before_test, err_msg="standardize changed X_test")


class AccuracyTest(unittest.TestCase):
    def test_accuracy_is_the_share_of_rows_whose_largest_logit_is_the_label(self):
        rng = np.random.default_rng(5)
        params = {"W1": rng.normal(size=(6, 7)), "b1": rng.normal(size=7),
                  "W2": rng.normal(size=(7, 4)), "b2": rng.normal(size=4)}
        X = rng.normal(size=(40, 6))
        predicted = logits_of(params, X).argmax(axis=1)
        y = predicted.copy()
        y[:13] = (y[:13] + 1) % 4                    # 13 of 40 wrong
        self.assertAlmostEqual(float(experiment.accuracy(params, X, y)), 27 / 40, places=12)


class TrainModelTest(unittest.TestCase):
    def test_epoch_loss_counts_every_row_once_and_training_starts_from_init_params(self):
        """With lr = 0 nothing moves, so each epoch's loss must be the loss of
        init_params(64, n_hidden, 10, seed) over all rows, whatever the batches (100 rows = 32+32+32+4)."""
        from backprop import init_params
        X, y = experiment.load_digits(DATA)
        X, y = X[:100] / 16.0, y[:100]
        params0 = init_params(64, 8, 10, 3)
        logits = logits_of(params0, X)
        z = logits - logits.max(axis=1, keepdims=True)
        expected = -(z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(100), y].mean()
        _, losses = experiment.train_model(X, y, n_hidden=8, epochs=2, lr=0.0, batch_size=32, seed=3)
        self.assertEqual(len(losses), 2, "one loss per epoch")
        for epoch, loss in enumerate(losses):
            self.assertAlmostEqual(float(loss), expected, places=9,
                                   msg=f"epoch {epoch}: expected the mean loss over all 100 rows, {expected:.6f} "
                                       "(weigh each batch's mean loss by its number of rows)")


class DigitsTest(unittest.TestCase):
    def test_held_out_accuracy_is_at_least_0_93(self):
        """Your pipeline end to end: 25% held out (seed 0), 64 hidden, 10 epochs, Adam lr 0.01, batches of 32."""
        X, y = experiment.load_digits(DATA)
        X_train, X_test, y_train, y_test = experiment.split(X, y, 0.25, seed=0)
        X_train, X_test = experiment.standardize(X_train, X_test)
        params, losses = experiment.train_model(X_train, y_train, n_hidden=64, epochs=10, lr=0.01,
                                                batch_size=32, seed=0)
        for epoch, loss in enumerate(losses):
            log_metric("train_loss", float(loss), epoch)
        test_acc = (logits_of(params, X_test).argmax(axis=1) == y_test).mean()
        log_metric("test_accuracy", test_acc)
        self.assertEqual(len(losses), 10, "train_model should return one loss per epoch")
        self.assertLess(losses[-1], losses[0], "the training loss should fall over the epochs")
        self.assertGreaterEqual(test_acc, 0.93, f"held-out accuracy {test_acc:.3f} should be at least 0.93")


if __name__ == "__main__":
    unittest.main()
