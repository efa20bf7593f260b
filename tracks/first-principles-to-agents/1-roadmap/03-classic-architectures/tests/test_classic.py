"""Tests of Section 3 (Optional: Classic Architectures): convolution, pooling and receptive
fields; a tanh RNN and the norms of its Jacobians through time.

Interface (the overview states it):
    conv_output_size(n, kernel, stride=1, padding=0);  conv2d(image, kernel, stride=1, padding=0)
    max_pool2d(x, size);  receptive_field(n_layers, kernel, stride=1)
    rnn_forward(xs, h0, Wx, Wh, b) -> hs (T + 1, d);  jacobian_norms(xs, h0, Wx, Wh, b) -> [T + 1 norms]
"""
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def reference_conv(image, kernel, stride, padding):
    p = np.pad(image, padding)
    kh, kw = kernel.shape
    rows = (image.shape[0] + 2 * padding - kh) // stride + 1
    cols = (image.shape[1] + 2 * padding - kw) // stride + 1
    return np.array([[sum(kernel[u, v] * p[i * stride + u, j * stride + v] for u in range(kh) for v in range(kw))
                      for j in range(cols)] for i in range(rows)])


def orthogonal(d, seed):
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
    return q


class ConvolutionTest(unittest.TestCase):
    def test_output_size(self):
        self.assertEqual(exercise.conv_output_size(6, 3), 4)
        self.assertEqual(exercise.conv_output_size(7, 3, stride=2, padding=1), 4)
        self.assertEqual(exercise.conv_output_size(32, 5, stride=1, padding=2), 32, "'same' padding keeps the size")
        self.assertEqual(exercise.conv_output_size(8, 3, stride=2), 3, "floor((8 - 3) / 2) + 1")

    def test_conv2d_matches_the_formula(self):
        rng = np.random.default_rng(0)
        image, kernel = rng.normal(size=(7, 9)), rng.normal(size=(3, 2))
        for stride, padding in ((1, 0), (2, 1), (3, 2)):
            out = exercise.conv2d(image, kernel, stride, padding)
            np.testing.assert_allclose(out, reference_conv(image, kernel, stride, padding), atol=1e-12,
                                       err_msg=f"stride {stride}, padding {padding}")

    def test_the_kernel_is_not_flipped(self):
        kernel = np.arange(9.0).reshape(3, 3)
        image = np.zeros((3, 3))
        image[0, 0] = 1.0
        self.assertEqual(float(exercise.conv2d(image, kernel)[0, 0]), 0.0,
                         "cross-correlation: out[0, 0] = kernel[0, 0] * image[0, 0] + ... = 0 here")
        image[0, 0], image[2, 2] = 0.0, 1.0
        self.assertEqual(float(exercise.conv2d(image, kernel)[0, 0]), 8.0)

    def test_a_vertical_edge_lights_up(self):
        image = np.zeros((6, 6))
        image[:, 3:] = 1.0
        sobel_x = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        np.testing.assert_array_equal(exercise.conv2d(image, sobel_x), np.tile([0.0, 4.0, 4.0, 0.0], (4, 1)),
                                      err_msg="the worked example: 4 where the window straddles the edge, 0 elsewhere")

    def test_max_pool(self):
        x = np.array([[1, 2, 5, 0], [3, 4, 1, 1], [0, 0, 7, 8], [9, 0, 6, 5.0]])
        np.testing.assert_array_equal(exercise.max_pool2d(x, 2), [[4, 5], [9, 8]])
        self.assertEqual(exercise.max_pool2d(np.ones((5, 7)), 2).shape, (2, 3), "a partial window is dropped")

    def test_receptive_field_formula_and_measurement(self):
        self.assertEqual([exercise.receptive_field(n, 3) for n in (1, 2, 5)], [3, 5, 11])
        self.assertEqual(exercise.receptive_field(3, 3, stride=2), 15, "1 + 2 + 4 + 8")
        for layers in (1, 2, 3, 4):
            x = np.zeros((21, 21))
            x[10, 10] = 1.0
            for _ in range(layers):
                x = exercise.conv2d(x, np.ones((3, 3)), padding=1)
            width = int(np.count_nonzero(x[10]))
            self.assertEqual(width, exercise.receptive_field(layers, 3),
                             f"{layers} layers: one input pixel reaches {width} outputs across, "
                             "so one output sees that many inputs")


class RNNTest(unittest.TestCase):
    def test_forward_by_hand(self):
        hs = exercise.rnn_forward(np.array([[1.0], [0.0]]), np.array([0.0]), np.array([[0.5]]), np.array([[2.0]]),
                                  np.array([0.0]))
        self.assertEqual(np.shape(hs), (3, 1), "h0 and one state per input")
        np.testing.assert_allclose(hs[:, 0], [0.0, np.tanh(0.5), np.tanh(2 * np.tanh(0.5))], atol=1e-12)

    def test_jacobian_norms_match_finite_differences(self):
        rng = np.random.default_rng(1)
        d, T = 4, 6
        xs, h0 = rng.normal(size=(T, 3)), rng.normal(size=d) * 0.5
        Wx, Wh, b = rng.normal(size=(3, d)), rng.normal(size=(d, d)) * 0.8, rng.normal(size=d) * 0.1
        norms = exercise.jacobian_norms(xs, h0, Wx, Wh, b)
        self.assertEqual(len(norms), T + 1, "one norm per t = 0..T")
        self.assertAlmostEqual(norms[-1], np.sqrt(d), places=12, msg="dh_T / dh_T is the identity")
        hs = exercise.rnn_forward(xs, h0, Wx, Wh, b)
        for t in (0, 2, 5):
            J = np.zeros((d, d))
            for j in range(d):
                e = np.zeros(d)
                e[j] = 1e-6
                plus = exercise.rnn_forward(xs[t:], hs[t] + e, Wx, Wh, b)[-1]
                minus = exercise.rnn_forward(xs[t:], hs[t] - e, Wx, Wh, b)[-1]
                J[:, j] = (plus - minus) / 2e-6
            self.assertAlmostEqual(norms[t], np.linalg.norm(J), places=5, msg=f"|dh_T / dh_{t}| by central differences")

    def test_vanishing_gradient_measured(self):
        """Tiny states keep tanh in its linear range, so the norm shrinks like a**steps for Wh = a * orthogonal."""
        d, T = 8, 30
        for a, name in ((0.5, "05"), (0.9, "09"), (1.0, "10")):
            norms = exercise.jacobian_norms(np.zeros((T, 2)), np.full(d, 1e-3), np.zeros((2, d)), a * orthogonal(d, 2),
                                            np.zeros(d))
            ratio = norms[0] / norms[-1]
            log_metric(f"grad_ratio_30_steps_a{name}", ratio)
            self.assertAlmostEqual(ratio / a ** T, 1.0, places=3, msg=f"a = {a}: expected about {a ** T:.3g}")
        rng = np.random.default_rng(3)
        norms = exercise.jacobian_norms(rng.normal(size=(T, 2)), np.zeros(d), rng.normal(size=(2, d)) * 2,
                                        orthogonal(d, 2), np.zeros(d))
        saturated = norms[0] / norms[-1]
        log_metric("grad_ratio_30_steps_saturated", saturated)
        self.assertLess(saturated, 0.1, "with real inputs tanh saturates: even a = 1 loses the gradient")


if __name__ == "__main__":
    unittest.main()
