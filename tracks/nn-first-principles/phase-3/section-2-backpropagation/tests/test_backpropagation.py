"""Tests of Phase 3, Section 2 (Backpropagation): a two-layer network in numpy, gradients by hand.

They use only the interface the overview states:
    init_params(n_in, n_hidden, n_out, seed)  -> {"W1", "b1", "W2", "b2"}
    forward(params, X)                        -> (logits, cache)   logits = tanh(X W1 + b1) W2 + b2
    softmax_cross_entropy(logits, y)          -> (loss, dlogits)   dlogits = (softmax - onehot) / N
    backward(params, cache, dlogits)          -> grads, same keys and shapes as params
    train(X, y, n_hidden, steps, lr, seed)    -> (params, losses)
The cache is yours: the tests only pass it from forward to backward.
Reference numbers are computed here from the formulas, and gradients by central differences.
"""
import unittest

import numpy as np

import experiment

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


SHAPES = {"W1": (3, 5), "b1": (5,), "W2": (5, 4), "b2": (4,)}


def random_params(seed):
    rng = np.random.default_rng(seed)
    return {k: rng.normal(0.0, 0.7, shape) for k, shape in SHAPES.items()}


def logits_of(params, X):
    """The forward pass from the formula, written out by the test."""
    return np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def loss_of(logits, y):
    """Mean of -log softmax(logits)[y], computed the long way."""
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean()


def numerical_grad(f, array, h=1e-6):
    """Central differences of f() with respect to every entry of array (changed in place, then restored)."""
    grad = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + h
        up = f()
        array[idx] = old - h
        down = f()
        array[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def tiny_problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (6, 3))
    y = np.array([0, 3, 1, 2, 3, 0])
    return X, y


class InitTest(unittest.TestCase):
    def test_init_params_has_the_four_arrays_with_the_right_shapes(self):
        params = experiment.init_params(3, 5, 4, seed=0)
        self.assertEqual(set(params), set(SHAPES), "keys should be W1, b1, W2, b2")
        for k, shape in SHAPES.items():
            self.assertEqual(np.shape(params[k]), shape, f"{k} should have shape {shape}")

    def test_init_params_is_seeded_and_breaks_symmetry(self):
        a = experiment.init_params(3, 5, 4, seed=1)
        b = experiment.init_params(3, 5, 4, seed=1)
        c = experiment.init_params(3, 5, 4, seed=2)
        for k in SHAPES:
            np.testing.assert_array_equal(a[k], b[k], err_msg=f"the same seed should give the same {k}")
        self.assertFalse(np.array_equal(a["W1"], c["W1"]), "a different seed should give a different W1")
        self.assertGreater(np.std(a["W1"]), 0.0, "the entries of W1 must not all be equal")
        self.assertGreater(np.std(a["W2"]), 0.0, "the entries of W2 must not all be equal")


class ForwardTest(unittest.TestCase):
    def test_forward_computes_tanh_hidden_layer_then_linear_logits(self):
        params = random_params(0)
        X, _ = tiny_problem()
        logits, _ = experiment.forward(params, X)
        self.assertEqual(np.shape(logits), (6, 4), "logits should be (N, n_out)")
        np.testing.assert_allclose(logits, logits_of(params, X), rtol=1e-10, atol=1e-12,
                                   err_msg="logits should be tanh(X @ W1 + b1) @ W2 + b2")


class SoftmaxCrossEntropyTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(3)
        self.logits = rng.normal(0.0, 2.0, (5, 4))
        self.y = np.array([1, 0, 3, 3, 2])

    def test_loss_is_the_mean_negative_log_probability_of_the_true_class(self):
        loss, _ = experiment.softmax_cross_entropy(self.logits, self.y)
        self.assertAlmostEqual(float(loss), loss_of(self.logits, self.y), places=10,
                               msg="loss should be mean over rows of -log softmax(logits)[y]")

    def test_dlogits_is_softmax_minus_onehot_divided_by_n(self):
        _, dlogits = experiment.softmax_cross_entropy(self.logits, self.y)
        p = np.exp(self.logits) / np.exp(self.logits).sum(axis=1, keepdims=True)
        onehot = np.eye(4)[self.y]
        np.testing.assert_allclose(dlogits, (p - onehot) / 5, rtol=1e-9, atol=1e-12,
                                   err_msg="dlogits should be (softmax(logits) - onehot(y)) / N")

    def test_dlogits_matches_central_differences_of_the_loss(self):
        logits = self.logits.copy()
        _, dlogits = experiment.softmax_cross_entropy(logits, self.y)
        numeric = numerical_grad(lambda: loss_of(logits, self.y), logits)
        np.testing.assert_allclose(dlogits, numeric, rtol=1e-5, atol=1e-8,
                                   err_msg="dlogits differs from the central-difference gradient")

    def test_large_logits_do_not_overflow(self):
        logits = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
        y = np.array([2, 1])
        loss, dlogits = experiment.softmax_cross_entropy(logits, y)
        self.assertTrue(np.isfinite(loss), "loss is not finite for logits near 1000: subtract the row max")
        self.assertTrue(np.all(np.isfinite(dlogits)), "dlogits is not finite for logits near 1000")
        # Row 1: -log softmax = log(1 + e^-1 + e^-2); row 2: -log softmax = 1000 (to 1e-9)
        expected = (np.log(1 + np.exp(-1.0) + np.exp(-2.0)) + 1000.0) / 2
        self.assertAlmostEqual(float(loss), expected, places=6)


class BackwardTest(unittest.TestCase):
    def test_backward_returns_a_gradient_for_every_parameter_with_its_shape(self):
        params = random_params(1)
        X, y = tiny_problem()
        logits, cache = experiment.forward(params, X)
        _, dlogits = experiment.softmax_cross_entropy(logits, y)
        grads = experiment.backward(params, cache, dlogits)
        self.assertEqual(set(grads), set(SHAPES), "grads should have the keys W1, b1, W2, b2")
        for k, shape in SHAPES.items():
            self.assertEqual(np.shape(grads[k]), shape, f"grads['{k}'] should have the shape of {k}, {shape}")

    def test_every_gradient_entry_matches_central_differences(self):
        params = random_params(2)
        X, y = tiny_problem(1)
        logits, cache = experiment.forward(params, X)
        _, dlogits = experiment.softmax_cross_entropy(logits, y)
        grads = experiment.backward(params, cache, dlogits)
        for k in ("W2", "b2", "W1", "b1"):
            numeric = numerical_grad(lambda: loss_of(logits_of(params, X), y), params[k])
            np.testing.assert_allclose(
                grads[k], numeric, rtol=1e-5, atol=1e-8,
                err_msg=f"d loss / d {k} differs from central differences")

    def test_backward_does_not_change_the_parameters(self):
        params = random_params(4)
        before = {k: v.copy() for k, v in params.items()}
        X, y = tiny_problem(2)
        logits, cache = experiment.forward(params, X)
        _, dlogits = experiment.softmax_cross_entropy(logits, y)
        experiment.backward(params, cache, dlogits)
        for k in SHAPES:
            np.testing.assert_array_equal(params[k], before[k], err_msg=f"backward changed params['{k}']")


class TrainTest(unittest.TestCase):
    def test_train_starts_from_init_params_and_takes_gradient_steps(self):
        """losses[0] is the loss of init_params(seed); losses[1] the loss after one step -lr * grad."""
        X, y = experiment.make_spiral(10, 3, seed=1)
        lr = 0.5
        params0 = experiment.init_params(2, 8, 3, seed=7)
        loss0 = loss_of(logits_of(params0, X), y)
        grads = {k: numerical_grad(lambda: loss_of(logits_of(params0, X), y), params0[k]) for k in params0}
        params1 = {k: params0[k] - lr * grads[k] for k in params0}
        loss1 = loss_of(logits_of(params1, X), y)
        _, losses = experiment.train(X, y, 8, 2, lr, seed=7)
        self.assertEqual(len(losses), 2, "train(..., steps=2, ...) should return 2 losses")
        self.assertAlmostEqual(float(losses[0]), loss0, places=9,
                               msg="losses[0] should be the loss of init_params(n_in, n_hidden, n_classes, seed)")
        self.assertAlmostEqual(float(losses[1]), loss1, places=6,
                               msg="losses[1] should be the loss after one step params -= lr * grads")

    def test_loss_on_the_spiral_falls_below_0_2(self):
        """300 spiral points, 32 hidden units, lr = 1.0, 1000 steps: loss from ln 3 = 1.10 to below 0.2."""
        X, y = experiment.make_spiral(100, 3, seed=0)
        params, losses = experiment.train(X, y, 32, 1000, 1.0, seed=0)
        for step, loss in enumerate(losses):
            log_metric("loss", float(loss), step)
        self.assertEqual(len(losses), 1000)
        self.assertLess(float(losses[-1]), 0.2, f"final loss {float(losses[-1]):.4f} should be below 0.2")
        accuracy = (logits_of(params, X).argmax(axis=1) == y).mean()
        log_metric("train_accuracy", accuracy)
        self.assertGreater(accuracy, 0.9, f"training accuracy {accuracy:.3f} should be above 0.9")


if __name__ == "__main__":
    unittest.main()
