"""Tests of Phase 3, Section 1 (Gradient Descent): sgd_step and train in experiment.py.

They use only the interface the overview states:
    sgd_step(parameters, lr)               -> None, changes p.data in place
    train(model, xs, ys, steps, lr)        -> list of `steps` floats (the MSE before each update)
The model is the reference MLP of nn.py (or your own, if you copied it over nn.py).
"""
import random
import unittest

import experiment
from engine import Value
from nn import MLP
from data import make_dataset

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def fresh_model(seed, nouts=(8, 8, 1)):
    random.seed(seed)
    return MLP(2, list(nouts))


def mse_of(model, xs, ys):
    """The test's own mean squared error of the model, as a plain float."""
    return sum((model(x).data - y) ** 2 for x, y in zip(xs, ys)) / len(ys)


def numeric_descent(model, xs, ys, steps, lr, h=1e-6):
    """The test's own gradient descent, with gradients from central differences of the MSE."""
    losses = []
    for _ in range(steps):
        grads = []
        for p in model.parameters():
            old = p.data
            p.data = old + h
            up = mse_of(model, xs, ys)
            p.data = old - h
            down = mse_of(model, xs, ys)
            p.data = old
            grads.append((up - down) / (2 * h))
        losses.append(mse_of(model, xs, ys))
        for p, g in zip(model.parameters(), grads):
            p.data -= lr * g
    return losses


class SgdStepTest(unittest.TestCase):
    def test_sgd_step_moves_each_parameter_by_minus_lr_times_grad(self):
        params = [Value(1.0), Value(-2.0), Value(0.5), Value(3.0)]
        grads = [0.5, -4.0, 0.0, 10.0]
        for p, g in zip(params, grads):
            p.grad = g
        experiment.sgd_step(params, 0.1)
        expected = [1.0 - 0.05, -2.0 + 0.4, 0.5, 3.0 - 1.0]
        for p, e in zip(params, expected):
            self.assertAlmostEqual(p.data, e, places=12,
                                   msg="after sgd_step, p.data should be p.data - lr * p.grad")

    def test_sgd_step_updates_every_parameter_of_an_mlp(self):
        model = fresh_model(3, (4, 1))
        params = model.parameters()
        before = [p.data for p in params]
        for i, p in enumerate(params):
            p.grad = (i % 5) - 2.0
        experiment.sgd_step(params, 0.25)
        for b, p in zip(before, params):
            self.assertAlmostEqual(p.data, b - 0.25 * p.grad, places=12,
                                   msg="every parameter of model.parameters() should move by -lr * grad")


class TrainTest(unittest.TestCase):
    def setUp(self):
        self.xs, self.ys = make_dataset(8, seed=5)

    def test_train_returns_one_float_loss_per_step(self):
        model = fresh_model(0, (4, 1))
        losses = experiment.train(model, self.xs, self.ys, 3, 0.05)
        self.assertEqual(len(losses), 3, "train(..., steps=3, ...) should return 3 losses")
        for loss in losses:
            self.assertIsInstance(loss, float,
                                  "each loss should be a plain float (loss.data), not a Value")

    def test_first_loss_is_the_mse_of_the_untrained_model(self):
        model = fresh_model(0, (4, 1))
        expected = mse_of(model, self.xs, self.ys)
        losses = experiment.train(model, self.xs, self.ys, 1, 0.05)
        self.assertAlmostEqual(losses[0], expected, places=9,
                               msg="losses[0] should be mean((pred - y)^2) before any update")

    def test_train_matches_plain_gradient_descent_step_by_step(self):
        ref_model, model = fresh_model(2, (4, 1)), fresh_model(2, (4, 1))
        ref_losses = numeric_descent(ref_model, self.xs, self.ys, 3, 0.1)
        losses = experiment.train(model, self.xs, self.ys, 3, 0.1)
        for step, (got, want) in enumerate(zip(losses, ref_losses)):
            self.assertAlmostEqual(got, want, places=7,
                                   msg=f"loss at step {step}: expected {want:.9f} from plain "
                                       f"gradient descent on the MSE, got {got:.9f}")
        for p_ref, p in zip(ref_model.parameters(), model.parameters()):
            self.assertAlmostEqual(p.data, p_ref.data, places=7,
                                   msg="after 3 steps the parameters differ from plain gradient "
                                       "descent: is every step's gradient fresh (zero_grad before backward)?")

    def test_train_zeroes_gradients_so_the_same_step_twice_gives_the_same_update(self):
        model = fresh_model(4, (4, 1))
        params = model.parameters()
        start = [p.data for p in params]
        experiment.train(model, self.xs, self.ys, 1, 0.1)
        first = [p.data - s for p, s in zip(params, start)]
        for p, s in zip(params, start):  # back to the same state; gradients left as train left them
            p.data = s
        experiment.train(model, self.xs, self.ys, 1, 0.1)
        second = [p.data - s for p, s in zip(params, start)]
        for a, b in zip(first, second):
            self.assertAlmostEqual(a, b, places=9,
                                   msg="one step from the same state moved the parameters differently "
                                       "the second time: old gradients were added to the new ones")


class LearnsXorTest(unittest.TestCase):
    def test_loss_falls_below_0_1_on_the_xor_points_within_100_steps(self):
        """MLP(2, [8, 8, 1]), 40 points, lr = 0.1, 100 steps: MSE from about 1.5 to below 0.1."""
        xs, ys = make_dataset(40, seed=0)
        model = fresh_model(0)
        losses = experiment.train(model, xs, ys, 100, 0.1)
        for step, loss in enumerate(losses):
            log_metric("loss", loss, step)
        self.assertEqual(len(losses), 100)
        self.assertLess(losses[-1], losses[0] / 5,
                        f"the loss should fall at least 5x: first {losses[0]:.4f}, last {losses[-1]:.4f}")
        self.assertLess(losses[-1], 0.1, f"final loss {losses[-1]:.4f} should be below 0.1")


if __name__ == "__main__":
    unittest.main()
