"""Tests of Section 2 (Neural Networks, Core): the network from scratch in exercise.py.

They use only the interface the overview states:
    perceptron_fit(X, y, epochs, lr)            -> (w, b, mistakes per epoch)
    relu/sigmoid/tanh and *_grad (of the pre-activation z)
    init_params(sizes, activation, seed)        -> [{"W": (n_in, n_out), "b": (n_out,)}, ...]
    forward(params, X, activation)              -> (logits, cache)
    softmax_cross_entropy(logits, y)            -> (loss, dlogits);  mse(pred, target) -> (loss, dpred)
    backward(params, cache, dlogits, activation) -> grads shaped like params
    loss_and_grads(params, X, y, activation, weight_decay) -> (loss, grads)
    SGD(lr, momentum), Adam(lr, beta1, beta2, eps) with .step(params, grads) in place
    train(X, y, sizes, optimizer, activation, epochs, batch_size, weight_decay, seed) -> (params, losses)
    accuracy(params, X, y, activation)          -> float
"""
import copy
import unittest

import numpy as np

import exercise
from spirals import make_spirals

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


BOOL_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
AND_Y = np.array([0, 0, 0, 1])
XOR_Y = np.array([0, 1, 1, 0])


def own_forward(params, X, f):
    a = X
    for i, layer in enumerate(params):
        z = a @ layer["W"] + layer["b"]
        a = f(z) if i < len(params) - 1 else z
    return a


def random_params(sizes, rng):
    return [{"W": rng.normal(size=(a, b)), "b": rng.normal(size=b)} for a, b in zip(sizes[:-1], sizes[1:])]


def weight_norm(params):
    return float(sum(np.sum(layer["W"] ** 2) for layer in params))


class PerceptronTest(unittest.TestCase):
    def test_two_epochs_on_and_match_the_worked_example(self):
        w, b, mistakes = exercise.perceptron_fit(BOOL_X, AND_Y, epochs=2, lr=1.0)
        self.assertEqual(list(mistakes), [1, 3], "mistakes per epoch on AND: 1 in the first, 3 in the second")
        np.testing.assert_allclose(w, [2.0, 1.0], err_msg="w after two epochs on AND (see the worked example)")
        self.assertAlmostEqual(float(b), 0.0, msg="b after two epochs on AND")

    def test_and_is_learned(self):
        w, b, mistakes = exercise.perceptron_fit(BOOL_X, AND_Y, epochs=20)
        self.assertEqual(mistakes[-1], 0, "AND is linearly separable: the last epoch should make no mistake")
        predictions = (BOOL_X @ w + b > 0).astype(int)
        np.testing.assert_array_equal(predictions, AND_Y, err_msg="the learned line should separate AND")

    def test_xor_is_never_learned(self):
        _, _, mistakes = exercise.perceptron_fit(BOOL_X, XOR_Y, epochs=50)
        self.assertEqual(len(mistakes), 50, "one count of mistakes per epoch")
        self.assertTrue(min(mistakes) >= 1, "no line separates XOR: every epoch must make a mistake")


class ActivationTest(unittest.TestCase):
    z = np.array([-2.0, -0.5, 0.7, 3.0])

    def test_values(self):
        np.testing.assert_allclose(exercise.relu(self.z), [0, 0, 0.7, 3.0])
        np.testing.assert_allclose(exercise.sigmoid(self.z), 1 / (1 + np.exp(-self.z)))
        np.testing.assert_allclose(exercise.tanh(self.z), np.tanh(self.z))
        self.assertAlmostEqual(float(exercise.sigmoid(np.array([0.0]))[0]), 0.5)

    def test_derivatives_match_central_differences(self):
        h = 1e-6
        for name in ("relu", "sigmoid", "tanh"):
            f, f_grad = getattr(exercise, name), getattr(exercise, name + "_grad")
            numeric = (f(self.z + h) - f(self.z - h)) / (2 * h)
            np.testing.assert_allclose(f_grad(self.z), numeric, atol=1e-6,
                                       err_msg=f"{name}_grad(z) should be the derivative of {name} at z")


class InitTest(unittest.TestCase):
    def test_shapes_zero_biases_and_seed(self):
        params = exercise.init_params([4, 7, 3], "relu", seed=5)
        self.assertEqual([p["W"].shape for p in params], [(4, 7), (7, 3)], "W is (n_in, n_out) per layer")
        self.assertEqual([p["b"].shape for p in params], [(7,), (3,)], "b is (n_out,) per layer")
        for p in params:
            np.testing.assert_array_equal(p["b"], 0.0, err_msg="biases start at 0")
        again = exercise.init_params([4, 7, 3], "relu", seed=5)
        np.testing.assert_array_equal(params[0]["W"], again[0]["W"], err_msg="the same seed gives the same weights")

    def test_scale_is_he_for_relu_and_xavier_otherwise(self):
        for activation, expected in (("relu", np.sqrt(2 / 400)), ("tanh", np.sqrt(1 / 400))):
            W = exercise.init_params([400, 300], activation, seed=0)[0]["W"]
            self.assertTrue(abs(W.std() / expected - 1) < 0.03,
                            f"{activation}: std of W should be {expected:.4f}, got {W.std():.4f}")


class ForwardAndLossTest(unittest.TestCase):
    def test_forward_hidden_layers_activated_last_layer_linear(self):
        rng = np.random.default_rng(0)
        params = random_params([3, 5, 4, 2], rng)
        X = rng.normal(size=(6, 3))
        for name in ("relu", "sigmoid", "tanh"):
            logits, _ = exercise.forward(params, X, name)
            np.testing.assert_allclose(logits, own_forward(params, X, getattr(np, "tanh") if name == "tanh" else
                                                           (lambda z: np.maximum(z, 0)) if name == "relu" else
                                                           (lambda z: 1 / (1 + np.exp(-z)))), atol=1e-12,
                                       err_msg=f"{name}: a = f(a @ W + b) in hidden layers, no activation on the last")

    def test_cross_entropy_of_the_worked_example(self):
        loss, dlogits = exercise.softmax_cross_entropy(np.array([[2.0, 1.0, 0.0]]), np.array([0]))
        e = np.exp([2.0, 1.0, 0.0])
        p = e / e.sum()
        self.assertAlmostEqual(float(loss), -np.log(p[0]), places=10, msg="loss = -log softmax(logits)[label]")
        np.testing.assert_allclose(dlogits, [[p[0] - 1, p[1], p[2]]], atol=1e-12,
                                   err_msg="dlogits = (softmax - onehot) / N")

    def test_cross_entropy_is_a_mean_and_stable(self):
        logits = np.array([[1000.0, 0.0], [0.0, 1000.0], [3.0, 3.0], [1.0, 2.0]])
        y = np.array([0, 1, 0, 1])
        with np.errstate(over="raise", invalid="raise"):
            loss, dlogits = exercise.softmax_cross_entropy(logits, y)
        expected = (0 + 0 + np.log(2) + np.log(1 + np.exp(-1))) / 4
        self.assertAlmostEqual(float(loss), expected, places=10, msg="mean over the batch; subtract the row max first")
        self.assertAlmostEqual(float(np.sum(dlogits)), 0.0, places=12, msg="each row of dlogits sums to 0")

    def test_mse_value_and_gradient(self):
        pred, target = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 0.0], [2.0, 5.0]])
        loss, grad = exercise.mse(pred, target)
        self.assertAlmostEqual(float(loss), (0 + 4 + 1 + 0) / 4, msg="mean of the squared differences over all entries")
        np.testing.assert_allclose(grad, 2 * (pred - target) / 4, err_msg="d mse / d pred = 2 (pred - target) / size")


class GradientCheckTest(unittest.TestCase):
    def test_backprop_matches_central_differences(self):
        """Every entry of every W and b, for each activation, with and without weight decay (h = 1e-5)."""
        rng = np.random.default_rng(1)
        X, y = rng.normal(size=(7, 3)), rng.integers(0, 3, 7)
        worst = 0.0
        for activation in ("relu", "sigmoid", "tanh"):
            for wd in (0.0, 0.1):
                params = random_params([3, 5, 4, 3], rng)
                _, grads = exercise.loss_and_grads(params, X, y, activation, wd)
                for i, layer in enumerate(params):
                    for key in ("W", "b"):
                        numeric = np.zeros_like(layer[key])
                        for idx in np.ndindex(layer[key].shape):
                            old = layer[key][idx]
                            layer[key][idx] = old + 1e-5
                            plus, _ = exercise.loss_and_grads(params, X, y, activation, wd)
                            layer[key][idx] = old - 1e-5
                            minus, _ = exercise.loss_and_grads(params, X, y, activation, wd)
                            layer[key][idx] = old
                            numeric[idx] = (plus - minus) / 2e-5
                        analytic = np.asarray(grads[i][key])
                        self.assertEqual(analytic.shape, layer[key].shape, f"grad of layer {i} {key} has the wrong shape")
                        rel = np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-6)
                        worst = max(worst, float(rel.max()))
                        self.assertLess(rel.max(), 1e-4, f"{activation}, weight_decay={wd}: layer {i} {key} "
                                        f"disagrees with central differences (relative error {rel.max():.2e})")
        log_metric("grad_check_rel_error", worst)

    def test_weight_decay_adds_half_lambda_w_squared_to_the_loss_but_not_for_biases(self):
        rng = np.random.default_rng(2)
        params = random_params([3, 4, 2], rng)
        X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
        plain, _ = exercise.loss_and_grads(params, X, y, "tanh", 0.0)
        decayed, _ = exercise.loss_and_grads(params, X, y, "tanh", 0.3)
        self.assertAlmostEqual(float(decayed - plain), 0.15 * weight_norm(params), places=10,
                               msg="the penalty is (weight_decay / 2) * sum of W squared, biases left out")


class OptimizerTest(unittest.TestCase):
    def test_sgd_and_momentum_by_hand(self):
        params = [{"W": np.array([[1.0]]), "b": np.array([0.0])}]
        grads = [{"W": np.array([[1.0]]), "b": np.array([2.0])}]
        opt = exercise.SGD(lr=0.1)
        opt.step(params, grads)
        np.testing.assert_allclose(params[0]["W"], [[0.9]], err_msg="plain SGD: p -= lr * g")
        np.testing.assert_allclose(params[0]["b"], [-0.2])
        params = [{"W": np.array([[1.0]]), "b": np.array([0.0])}]
        opt = exercise.SGD(lr=0.1, momentum=0.9)
        opt.step(params, grads)
        opt.step(params, grads)
        np.testing.assert_allclose(params[0]["W"], [[0.71]], atol=1e-12,
                                   err_msg="momentum 0.9, g = 1 twice: v = 1 then 1.9, so W = 1 - 0.1 - 0.19")

    def test_adam_matches_the_formula(self):
        rng = np.random.default_rng(3)
        params = [{"W": rng.normal(size=(2, 2)), "b": rng.normal(size=2)}]
        start = copy.deepcopy(params)
        g1 = [{"W": rng.normal(size=(2, 2)), "b": rng.normal(size=2)}]
        g2 = [{"W": rng.normal(size=(2, 2)), "b": rng.normal(size=2)}]
        opt = exercise.Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)
        opt.step(params, g1)
        np.testing.assert_allclose(params[0]["W"], start[0]["W"] - 0.01 * np.sign(g1[0]["W"]), atol=1e-8,
                                   err_msg="Adam's first step moves every weight by lr * sign(g) (bias correction)")
        opt.step(params, g2)
        for k in ("W", "b"):
            m = 0.9 * (0.1 * g1[0][k]) + 0.1 * g2[0][k]
            v = 0.999 * (0.001 * g1[0][k] ** 2) + 0.001 * g2[0][k] ** 2
            first = start[0][k] - 0.01 * (0.1 * g1[0][k] / 0.1) / (np.sqrt(0.001 * g1[0][k] ** 2 / 0.001) + 1e-8)
            expected = first - 0.01 * (m / (1 - 0.9 ** 2)) / (np.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
            np.testing.assert_allclose(params[0][k], expected, atol=1e-10,
                                       err_msg=f"Adam's second step on {k}: m and v are running averages, "
                                               "divided by 1 - beta**t")


class TrainTest(unittest.TestCase):
    def test_epoch_loss_counts_every_row_once_and_starts_from_init_params(self):
        """With lr = 0 nothing moves: every epoch's loss is the initial network's mean loss over all rows."""
        X, y = make_spirals(10, seed=4)                     # 30 rows = 8 + 8 + 8 + 6
        params0 = exercise.init_params([2, 6, 3], "tanh", seed=7)
        logits = own_forward(params0, X, np.tanh)
        z = logits - logits.max(axis=1, keepdims=True)
        expected = -(z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(30), y].mean()
        _, losses = exercise.train(X, y, [2, 6, 3], exercise.SGD(lr=0.0), activation="tanh", epochs=3,
                                   batch_size=8, seed=7)
        self.assertEqual(len(losses), 3, "one loss per epoch")
        for epoch, loss in enumerate(losses):
            self.assertAlmostEqual(float(loss), expected, places=9,
                                   msg=f"epoch {epoch}: weigh each batch's mean loss by its number of rows")

    def test_weight_decay_keeps_the_weights_smaller(self):
        X, y = make_spirals(20, seed=5)
        free, _ = exercise.train(X, y, [2, 32, 3], exercise.Adam(0.01), epochs=60, batch_size=16, weight_decay=0.0)
        decayed, _ = exercise.train(X, y, [2, 32, 3], exercise.Adam(0.01), epochs=60, batch_size=16,
                                    weight_decay=0.01)
        self.assertLess(weight_norm(decayed), 0.8 * weight_norm(free),
                        "with weight_decay the sum of squared weights should end clearly smaller")

    def test_an_mlp_learns_xor(self):
        params, _ = exercise.train(BOOL_X, XOR_Y, [2, 8, 2], exercise.Adam(0.05), activation="tanh", epochs=300,
                                   batch_size=4, seed=0)
        self.assertEqual(exercise.accuracy(params, BOOL_X, XOR_Y, "tanh"), 1.0,
                         "one hidden layer is enough for XOR, which the perceptron could not learn")


class SpiralsTest(unittest.TestCase):
    def test_spirals_held_out_accuracy(self):
        """Adam(0.01), [2, 64, 64, 3], relu, 200 epochs of batches of 32 on 300 points; 300 new points held out."""
        X_train, y_train = make_spirals(100, seed=0)
        X_val, y_val = make_spirals(100, seed=1)
        params, losses = exercise.train(X_train, y_train, [2, 64, 64, 3], exercise.Adam(0.01), activation="relu",
                                        epochs=200, batch_size=32, seed=0)
        for epoch, loss in enumerate(losses):
            log_metric("train_loss", float(loss), epoch)
        val = float(np.mean(own_forward(params, X_val, lambda z: np.maximum(z, 0)).argmax(axis=1) == y_val))
        log_metric("train_accuracy", exercise.accuracy(params, X_train, y_train, "relu"))
        log_metric("val_accuracy", val)
        self.assertEqual(len(losses), 200, "one loss per epoch")
        self.assertLess(losses[-1], 0.5 * losses[0], "the training loss should fall well below its start")
        self.assertGreaterEqual(val, 0.95, f"held-out accuracy {val:.3f} should be at least 0.95")

    def test_overfitting_measured(self):
        """A big network on 90 noisy points: logs the gap between training and held-out accuracy."""
        X_small, y_small = make_spirals(30, noise=0.6, seed=2)
        X_val, y_val = make_spirals(300, noise=0.6, seed=3)
        for wd in (0.0, 0.003):
            params, _ = exercise.train(X_small, y_small, [2, 64, 64, 3], exercise.Adam(0.01), epochs=200,
                                       batch_size=16, weight_decay=wd)
            train_acc = exercise.accuracy(params, X_small, y_small)
            val_acc = exercise.accuracy(params, X_val, y_val)
            tag = "wd0" if wd == 0 else "wd0003"
            log_metric(f"overfit_train_accuracy_{tag}", train_acc)
            log_metric(f"overfit_val_accuracy_{tag}", val_acc)
            self.assertGreater(train_acc, 0.8, "the big network should fit its 90 training points")


if __name__ == "__main__":
    unittest.main()
