"""Tests of M3 (optimizer comparison): exercise.py, through the overview's interface.

    SGD(lr), Momentum(lr, beta=0.9), Adam(lr, beta1, beta2, eps, bias_correction=True):
        .step(params, grads) updates the dict of arrays params in place
    train(optimizer, X, y, sizes, epochs, batch_size, seed) -> loss on all rows after each epoch
    epochs_to_reach(losses, target) -> int or None
    plot_curves(curves, path, title) writes an SVG: one <polyline> per curve, in dict order
mlp.py (M2's network) and spiral.py (the data) are given.
"""
import math
import os
import unittest
import xml.etree.ElementTree as ET

import numpy as np

import exercise
import mlp
from mlp import init_params, loss_and_grads
from spiral import make_spiral

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

PLOT = os.path.join("visualizations", "optimizers.svg")


def steps_on_parabola(optimizer, n_steps, theta=1.0):
    """Minimise L = theta^2 (gradient 2 theta) from theta = 1; the thetas after each step."""
    params = {"theta": np.array([theta])}
    out = []
    for _ in range(n_steps):
        optimizer.step(params, {"theta": 2 * params["theta"]})
        out.append(float(params["theta"][0]))
    return out


class StepTest(unittest.TestCase):
    def test_sgd_worked_example(self):
        self.assertAlmostEqual(steps_on_parabola(exercise.SGD(0.1), 1)[0], 0.8, places=12, msg="1 - 0.1 * 2")

    def test_momentum_worked_example(self):
        a, b = steps_on_parabola(exercise.Momentum(0.1, beta=0.9), 2)
        self.assertAlmostEqual(a, 0.8, places=12, msg="step 1: v = 2, theta = 1 - 0.1 * 2")
        self.assertAlmostEqual(b, 0.46, places=12, msg="step 2: g = 1.6, v = 0.9 * 2 + 1.6 = 3.4, theta = 0.8 - 0.34")

    def test_momentum_with_beta_0_is_sgd(self):
        np.testing.assert_allclose(steps_on_parabola(exercise.Momentum(0.1, beta=0.0), 5),
                                   steps_on_parabola(exercise.SGD(0.1), 5), rtol=1e-12)

    def test_adam_worked_example(self):
        a, b = steps_on_parabola(exercise.Adam(0.1), 2)
        self.assertAlmostEqual(a, 0.9, places=7, msg="step 1: m̂ = 2, v̂ = 4, theta = 1 - 0.1 * 2 / 2")
        m = 0.9 * 0.2 + 0.1 * 1.8
        v = 0.999 * 0.004 + 0.001 * 1.8 ** 2
        expected = 0.9 - 0.1 * (m / (1 - 0.9 ** 2)) / (math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8)
        self.assertAlmostEqual(b, expected, places=9, msg="step 2 of Adam (t = 2 in the bias correction)")

    def test_adam_without_bias_correction(self):
        a = steps_on_parabola(exercise.Adam(0.1, bias_correction=False), 1)[0]
        self.assertAlmostEqual(a, 1 - 0.1 * 0.2 / (math.sqrt(0.004) + 1e-8), places=9,
                               msg="no correction: theta = 1 - 0.1 * 0.2 / sqrt(0.004) = 0.6838")

    def test_adam_first_step_is_lr_for_every_parameter_whatever_the_gradient_scale(self):
        scales = {"a": 1e-3, "b": 1.0, "c": 1e3}
        params = {k: np.array([0.0, 0.0]) for k in scales}
        exercise.Adam(0.01).step(params, {k: np.array([g, -g]) for k, g in scales.items()})
        for k, g in scales.items():
            np.testing.assert_allclose(params[k], [-0.01, 0.01], rtol=1e-4,
                                       err_msg=f"Adam's first step is lr * sign(g) for every parameter "
                                               f"({k}, gradient {g}); t counts steps, not parameters")

    def test_state_is_kept_per_parameter(self):
        params = {"a": np.array([1.0]), "b": np.array([1.0])}
        opt = exercise.Momentum(0.1, beta=0.9)
        opt.step(params, {"a": np.array([1.0]), "b": np.array([0.0])})
        opt.step(params, {"a": np.array([0.0]), "b": np.array([0.0])})
        self.assertAlmostEqual(float(params["a"][0]), 1 - 0.1 - 0.09, places=12)
        self.assertAlmostEqual(float(params["b"][0]), 1.0, places=12, msg="b never had a gradient: one velocity per key")


class TrainTest(unittest.TestCase):
    def test_train_steps_once_per_batch_and_returns_one_loss_per_epoch(self):
        X, y = make_spiral(10, 3, seed=3)          # 30 rows: batches of 8 → 8, 8, 8, 6

        class Recorder:
            def __init__(self):
                self.sizes = []

            def step(self, params, grads):
                self.sizes.append(grads["W1"].shape)

        rec = Recorder()
        losses = exercise.train(rec, X, y, sizes=(2, 4, 3), epochs=2, batch_size=8, seed=1)
        self.assertEqual(len(losses), 2, "one loss per epoch")
        self.assertEqual(len(rec.sizes), 8, "4 batches per epoch (8, 8, 8, 6 rows), 2 epochs")
        start = loss_and_grads(init_params([2, 4, 3], 1), X, y)[0]
        np.testing.assert_allclose(losses, start, rtol=1e-12,
                                   err_msg="an optimizer that never moves: the loss on all rows stays the "
                                           "loss of init_params(sizes, seed)")

    def test_every_row_is_used_once_per_epoch(self):
        X, y = make_spiral(10, 3, seed=3)
        seen = []

        class Spy:
            def step(self, params, grads):
                pass

        real = exercise.loss_and_grads

        def spy(params, Xb, yb):
            seen.append(len(yb))
            return real(params, Xb, yb)

        exercise.loss_and_grads = mlp.loss_and_grads = spy
        try:
            exercise.train(Spy(), X, y, sizes=(2, 4, 3), epochs=1, batch_size=7, seed=0)
        finally:
            exercise.loss_and_grads = mlp.loss_and_grads = real
        self.assertEqual(sum(seen[:-1]), 30, f"batches of {seen[:-1]} rows (then one full-data loss): "
                                             "every row once per epoch")

    def test_epochs_to_reach(self):
        self.assertEqual(exercise.epochs_to_reach([0.9, 0.6, 0.5, 0.4], 0.5), 3)
        self.assertEqual(exercise.epochs_to_reach([0.4], 0.5), 1)
        self.assertIsNone(exercise.epochs_to_reach([0.9, 0.8], 0.5))


def polyline_points(element):
    pts = element.get("points", "").replace(",", " ").split()
    values = [float(v) for v in pts]
    return list(zip(values[0::2], values[1::2]))


class ComparisonTest(unittest.TestCase):
    def test_three_optimizers_and_the_ablation_on_the_spiral(self):
        """[2, 32, 32, 3] on the 300 spiral points, 30 epochs, batches of 32, seed 0: SGD lr 0.3,
        momentum lr 0.1 (beta 0.9), Adam lr 0.03, and Adam lr 0.03 without bias correction."""
        X, y = make_spiral(100, 3, seed=0)
        runs = {"sgd": exercise.SGD(0.3), "momentum": exercise.Momentum(0.1, beta=0.9),
                "adam": exercise.Adam(0.03), "adam_no_bias_correction": exercise.Adam(0.03, bias_correction=False)}
        curves = {}
        for name, opt in runs.items():
            losses = [float(v) for v in exercise.train(opt, X, y, sizes=(2, 32, 32, 3), epochs=30,
                                                       batch_size=32, seed=0)]
            curves[name] = losses
            for epoch, loss in enumerate(losses):
                log_metric(f"loss_{name}", loss, epoch + 1)
            reached = exercise.epochs_to_reach(losses, 0.5)
            if reached is not None:
                log_metric(f"epochs_to_0.5_{name}", reached)
        self.assertLess(curves["sgd"][-1], 0.5, "SGD (lr 0.3) should end below 0.5 (reference: 0.24)")
        self.assertLess(curves["momentum"][-1], 0.25, "momentum (lr 0.1) should end below 0.25 (reference: 0.054)")
        self.assertLess(curves["adam"][-1], 0.1, "Adam (lr 0.03) should end below 0.1 (reference: 0.026)")

        # The comparison plot: written by your plot_curves, read back here.
        if os.path.exists(PLOT):
            os.remove(PLOT)
        exercise.plot_curves(curves, PLOT)
        self.assertTrue(os.path.exists(PLOT), f"plot_curves should write {PLOT}")
        root = ET.parse(PLOT).getroot()
        self.assertTrue(root.tag.endswith("svg"), "the file should be an <svg> document")
        lines = [polyline_points(e) for e in root.iter() if e.tag.endswith("polyline")]
        lines = [pts for pts in lines if len(pts) == 30]
        self.assertGreaterEqual(len(lines), 4, "one <polyline> of 30 points per curve")
        texts = " ".join((e.text or "") for e in root.iter() if e.tag.endswith("text"))
        for name in curves:
            self.assertIn(name, texts, f"a <text> label should name the curve {name!r}")
        pairs = [(loss, pt) for (name, losses), pts in zip(curves.items(), lines) for loss, pt in zip(losses, pts)]
        for k, pts in enumerate(lines[:4]):
            xs = [p[0] for p in pts]
            self.assertTrue(all(b > a for a, b in zip(xs, xs[1:])), f"curve {k}: x should grow with the epoch")
            self.assertEqual([round(x, 1) for x in xs], [round(p[0], 1) for p in lines[0]],
                             "all curves should share one x axis")
        ok = False
        for transform in (lambda v: v, math.log):
            u = np.array([transform(loss) for loss, _ in pairs])
            ys = np.array([pt[1] for _, pt in pairs])
            slope, intercept = np.polyfit(u, ys, 1)
            if slope < 0 and np.max(np.abs(slope * u + intercept - ys)) < 1.0:
                ok = True
        log_metric("plot_curves", len(lines[:4]) if ok else 0)
        self.assertTrue(ok, "the polylines should draw the losses in dict order on one shared y scale "
                            "(linear or log), larger loss higher up (smaller y)")


if __name__ == "__main__":
    unittest.main()
