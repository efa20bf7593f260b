"""Tests of Stage 01 (Math Foundations): dot, softmax, the derivative, gradient descent and the SVG plot.

Interface (see the overview):
    dot(a, b) -> float                    softmax(z) -> array summing to 1
    grad(x) -> 2 (x - 3)                  numerical_grad(f, x, h=1e-5) -> central difference
    gradient_descent(x0, lr, steps) -> (xs, losses), each of length steps + 1
    svg_line_plot(values, path, width=600, height=300, title="") -> writes one <polyline>
"""
import math
import os
import re
import unittest
import xml.etree.ElementTree as ET

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


class DotTest(unittest.TestCase):
    def test_worked_example(self):
        self.assertAlmostEqual(float(exercise.dot([1, 2, 3], [4, 5, 6])), 32.0,
                               msg="1*4 + 2*5 + 3*6 = 32")

    def test_matches_numpy_on_random_vectors(self):
        rng = np.random.default_rng(0)
        for n in (1, 5, 50):
            a, b = rng.normal(size=n), rng.normal(size=n)
            self.assertAlmostEqual(float(exercise.dot(list(a), list(b))), float(np.dot(a, b)), places=10)

    def test_lengths_must_match(self):
        with self.assertRaises(ValueError, msg="dot of vectors of different lengths is undefined: raise ValueError"):
            exercise.dot([1, 2, 3], [1, 2])


class SoftmaxTest(unittest.TestCase):
    def test_worked_example(self):
        np.testing.assert_allclose(exercise.softmax(np.array([1.0, 2.0, 3.0])), [0.09003057, 0.24472847, 0.66524096],
                                   atol=1e-7, err_msg="softmax([1, 2, 3])")

    def test_sums_to_one_and_is_positive(self):
        z = np.random.default_rng(1).normal(scale=5, size=10)
        p = np.asarray(exercise.softmax(z))
        self.assertAlmostEqual(float(p.sum()), 1.0, places=12, msg="the outputs sum to 1")
        self.assertTrue(np.all(p > 0), "every output is positive")
        np.testing.assert_allclose(p, np.exp(z) / np.exp(z).sum(), rtol=1e-10, err_msg="exp(z_i) / sum_j exp(z_j)")

    def test_large_inputs_do_not_overflow(self):
        with np.errstate(over="raise", invalid="raise"):
            p = np.asarray(exercise.softmax(np.array([1000.0, 1001.0, 1002.0])))
        np.testing.assert_allclose(p, [0.09003057, 0.24472847, 0.66524096], atol=1e-7,
                                   err_msg="subtract max(z) before exp: softmax(z) = softmax(z - c)")


class DerivativeTest(unittest.TestCase):
    def test_grad_is_two_times_x_minus_3(self):
        for x in (-2.0, 0.0, 3.0, 7.5):
            self.assertAlmostEqual(float(exercise.grad(x)), 2 * (x - 3), places=12, msg=f"grad({x})")

    def test_numerical_grad_is_a_central_difference(self):
        for x in (-2.0, 0.0, 7.5):
            self.assertAlmostEqual(float(exercise.numerical_grad(exercise.loss, x)), 2 * (x - 3), places=6)
        self.assertAlmostEqual(float(exercise.numerical_grad(math.sin, 0.5)), math.cos(0.5), places=8,
                               msg="numerical_grad should work for any function f")
        # (f(x+h) - f(x-h)) / 2h on x^3 at x = 1 with h = 0.1 is exactly 3 + h^2 = 3.01
        self.assertAlmostEqual(float(exercise.numerical_grad(lambda x: x ** 3, 1.0, h=0.1)), 3.01, places=10,
                               msg="use the central difference (f(x + h) - f(x - h)) / (2h), with the h given")


class GradientDescentTest(unittest.TestCase):
    def test_lengths_and_start(self):
        xs, losses = exercise.gradient_descent(x0=0.0, lr=0.1, steps=100)
        self.assertEqual(len(xs), 101, "xs holds x0 and one x per step: steps + 1 values")
        self.assertEqual(len(losses), 101, "losses holds loss(xs[t]) for every xs[t]")
        self.assertEqual(float(xs[0]), 0.0)
        self.assertEqual(float(losses[0]), 9.0, "loss(0) = (0 - 3)^2 = 9")

    def test_worked_example_first_steps(self):
        xs, losses = exercise.gradient_descent(x0=0.0, lr=0.1, steps=2)
        np.testing.assert_allclose(xs, [0.0, 0.6, 1.08], atol=1e-12, err_msg="x1 = 0 - 0.1 * (-6) = 0.6; x2 = 1.08")
        np.testing.assert_allclose(losses, [9.0, 5.76, 3.6864], atol=1e-12)

    def test_matches_the_closed_form(self):
        """x_t - 3 = (x0 - 3)(1 - 2 lr)^t for every t."""
        for x0, lr in ((0.0, 0.1), (10.0, 0.3), (-4.0, 0.05)):
            xs, losses = exercise.gradient_descent(x0=x0, lr=lr, steps=30)
            t = np.arange(31)
            expected = 3 + (x0 - 3) * (1 - 2 * lr) ** t
            np.testing.assert_allclose(xs, expected, atol=1e-9, err_msg=f"x0={x0}, lr={lr}")
            np.testing.assert_allclose(losses, (expected - 3) ** 2, atol=1e-9)

    def test_too_large_learning_rates(self):
        xs, losses = exercise.gradient_descent(x0=0.0, lr=1.0, steps=4)
        np.testing.assert_allclose(xs, [0, 6, 0, 6, 0], atol=1e-12, err_msg="lr = 1: 1 - 2 lr = -1, x bounces 0, 6, 0, …")
        _, losses = exercise.gradient_descent(x0=0.0, lr=1.1, steps=10)
        self.assertTrue(np.all(np.diff(losses) > 0), "lr = 1.1: |1 - 2 lr| = 1.2 > 1, every step makes the loss larger")

    def test_converges_in_100_steps(self):
        xs, losses = exercise.gradient_descent(x0=0.0, lr=0.1, steps=100)
        for t, value in enumerate(losses):
            log_metric("loss", float(value), t)
        log_metric("x", float(xs[-1]))
        self.assertTrue(np.all(np.diff(losses) < 0), "with lr = 0.1 the loss falls at every step")
        self.assertAlmostEqual(float(xs[-1]), 3.0, places=6, msg="after 100 steps x should be 3 to 6 decimals")


def svg_points(path):
    root = ET.parse(path).getroot()
    lines = [el for el in root.iter() if el.tag.split("}")[-1] == "polyline"]
    if len(lines) != 1:
        raise AssertionError(f"the SVG should hold exactly one <polyline>, found {len(lines)}")
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?", lines[0].get("points", ""))]
    if len(numbers) % 2:
        raise AssertionError("points should be x,y pairs")
    box = root.get("viewBox")
    if box:
        _, _, w, h = (float(v) for v in box.replace(",", " ").split())
    else:
        w, h = (float(str(root.get(k)).replace("px", "")) for k in ("width", "height"))
    return np.array(numbers).reshape(-1, 2), w, h


class SvgPlotTest(unittest.TestCase):
    def test_the_loss_plot(self):
        _, losses = exercise.gradient_descent(x0=0.0, lr=0.1, steps=100)
        path = os.path.join("plots", "loss.svg")
        exercise.svg_line_plot(losses, path, title="loss")
        self.assertTrue(os.path.exists(path), "svg_line_plot should write plots/loss.svg (creating plots/)")
        pts, w, h = svg_points(path)
        self.assertEqual(len(pts), 101, "one point per value")
        self.assertTrue(np.all(np.diff(pts[:, 0]) > 0), "x grows from left to right")
        self.assertTrue(np.all(np.diff(pts[:, 1]) >= 0) and pts[-1, 1] > pts[0, 1],
                        "the loss falls, so each point is at or below (larger y) the one before")
        self.assertTrue(np.all((pts[:, 0] >= 0) & (pts[:, 0] <= w) & (pts[:, 1] >= 0) & (pts[:, 1] <= h)),
                        "every point lies inside the drawing")

    def test_a_larger_value_is_drawn_higher(self):
        values = [1.0, 5.0, 2.0, 2.0, 0.0]
        path = os.path.join("plots", "test_shape.svg")
        try:
            exercise.svg_line_plot(values, path, width=200, height=100)
            pts, w, h = svg_points(path)
        finally:
            if os.path.exists(path):
                os.remove(path)
        self.assertEqual((w, h), (200.0, 100.0), "the drawing should be width x height")
        y = pts[:, 1]
        self.assertLess(y[1], y[0], "5 is drawn above 1")
        self.assertGreater(y[2], y[1], "2 is drawn below 5")
        self.assertAlmostEqual(y[2], y[3], msg="equal values are drawn at the same height")
        self.assertEqual(int(np.argmax(y)), 4, "the smallest value is the lowest point")


if __name__ == "__main__":
    unittest.main()
