"""Tests of the layer library in experiment.py: forward values, every backward pass against
central differences, initialisation scales, and what they do to a deep ReLU network."""
import unittest

import numpy as np

import experiment
from experiment import Linear, ReLU, Stack, Tanh, softmax_cross_entropy

H = 1e-6


def numerical_grad(f, array):
    """Central difference of the scalar f() with respect to every entry of array (in place)."""
    grad = np.zeros_like(array, dtype=float)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + H
        plus = f()
        array[idx] = old - H
        minus = f()
        array[idx] = old
        grad[idx] = (plus - minus) / (2 * H)
    return grad


def assert_close(test, actual, expected, what, rtol=1e-5, atol=1e-7):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    test.assertEqual(actual.shape, expected.shape, f"{what}: expected shape {expected.shape}, got {actual.shape}")
    worst = np.max(np.abs(actual - expected) / (atol + rtol * np.abs(expected))) if actual.size else 0.0
    test.assertTrue(np.allclose(actual, expected, rtol=rtol, atol=atol),
                    f"{what}: does not match (worst entry off by {worst:.3g}× the tolerance)\n"
                    f"expected {np.array2string(expected.ravel()[:6], precision=6)}…\n"
                    f"got      {np.array2string(actual.ravel()[:6], precision=6)}…")


def rms_after_relu_layers(init, seed, n_layers=10, width=256, n=200):
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(n, width))
    for _ in range(n_layers):
        h = ReLU().forward(Linear(width, width, rng, init=init).forward(h))
    return float(np.sqrt(np.mean(h ** 2)))


class LinearTest(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(0)

    def test_weight_and_bias_shapes_and_zero_bias(self):
        lin = Linear(5, 3, self.rng)
        self.assertEqual(lin.W.shape, (5, 3), "W has shape (n_in, n_out)")
        self.assertEqual(lin.b.shape, (3,), "b has shape (n_out,)")
        self.assertTrue(np.all(lin.b == 0), "biases start at zero")

    def test_init_scales_match_the_formulas(self):
        """kaiming: std sqrt(2/n_in); xavier: std sqrt(1/n_in); normal: std 1."""
        n_in, n_out = 800, 400
        for init, std in (('kaiming', np.sqrt(2 / n_in)), ('xavier', np.sqrt(1 / n_in)), ('normal', 1.0)):
            W = Linear(n_in, n_out, self.rng, init=init).W
            self.assertAlmostEqual(float(W.mean()), 0.0, delta=0.02 * std,
                                   msg=f"{init}: weights should have mean 0")
            self.assertAlmostEqual(float(W.std()), std, delta=0.02 * std,
                                   msg=f"{init}: weight std should be {std:.5f}, got {W.std():.5f}")

    def test_default_init_is_kaiming(self):
        W = Linear(800, 400, self.rng).W
        self.assertAlmostEqual(float(W.std()), np.sqrt(2 / 800), delta=0.02 * np.sqrt(2 / 800),
                               msg="without init=…, Linear uses 'kaiming' (std sqrt(2/n_in))")

    def test_forward_is_x_times_W_plus_b(self):
        lin = Linear(3, 2, self.rng)
        lin.W[...] = [[1.0, -1.0], [2.0, 0.5], [0.0, 3.0]]
        lin.b[...] = [0.5, -2.0]
        x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 2.0]])
        assert_close(self, lin.forward(x), x @ lin.W + lin.b, "Linear.forward")

    def test_batched_forward_equals_one_example_at_a_time(self):
        lin = Linear(6, 4, self.rng)
        lin.b[...] = self.rng.normal(size=4)
        x = self.rng.normal(size=(7, 6))
        batched = lin.forward(x)
        for n in range(7):
            assert_close(self, batched[n:n + 1], lin.forward(x[n:n + 1]), f"row {n} of the batched forward")

    def test_backward_matches_central_differences(self):
        lin = Linear(4, 3, self.rng)
        lin.b[...] = self.rng.normal(size=3)
        x = self.rng.normal(size=(5, 4))
        R = self.rng.normal(size=(5, 3))          # loss = sum(out * R), so dL/dout = R

        def loss():
            return float(np.sum(lin.forward(x) * R))

        lin.forward(x)
        dx = lin.backward(R)
        assert_close(self, dx, numerical_grad(loss, x), "dx returned by Linear.backward")
        lin.forward(x)
        lin.backward(R)
        dW, db = lin.grads()
        assert_close(self, dW, numerical_grad(loss, lin.W), "Linear dW")
        assert_close(self, db, numerical_grad(loss, lin.b), "Linear db")
        self.assertIs(lin.dW, dW, "grads() returns [dW, db], the arrays backward stored")

    def test_backward_overwrites_gradients(self):
        """Two backward calls after one forward give the same dW: gradients are not accumulated."""
        lin = Linear(3, 2, self.rng)
        x = self.rng.normal(size=(4, 3))
        dout = self.rng.normal(size=(4, 2))
        lin.forward(x)
        lin.backward(dout)
        first = np.array(lin.dW, copy=True)
        lin.backward(dout)
        assert_close(self, lin.dW, first, "dW after a second backward (it should be overwritten, not added to)")

    def test_params_are_the_live_arrays(self):
        lin = Linear(2, 2, self.rng)
        W, b = lin.params()
        self.assertIs(W, lin.W, "params() returns [W, b] themselves, not copies")
        self.assertIs(b, lin.b, "params() returns [W, b] themselves, not copies")


class ActivationTest(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(1)

    def check_layer(self, layer, x, expected_out):
        R = self.rng.normal(size=x.shape)
        assert_close(self, layer.forward(x), expected_out, f"{type(layer).__name__}.forward")
        dx = layer.backward(R)
        num = numerical_grad(lambda: float(np.sum(layer.forward(x) * R)), x)
        assert_close(self, dx, num, f"{type(layer).__name__}.backward against central differences")
        self.assertEqual(layer.params(), [], "an activation has no parameters")
        self.assertEqual(layer.grads(), [], "an activation has no gradients of parameters")

    def test_tanh_forward_and_backward(self):
        x = self.rng.normal(size=(4, 5))
        self.check_layer(Tanh(), x, np.tanh(x))

    def test_relu_forward_and_backward(self):
        x = self.rng.normal(size=(4, 5))
        x[np.abs(x) < 0.01] = 0.5                  # keep away from the kink at 0
        self.check_layer(ReLU(), x, np.maximum(x, 0))

    def test_relu_passes_no_gradient_where_input_was_negative(self):
        relu = ReLU()
        relu.forward(np.array([[-2.0, 3.0, -0.5, 1.0]]))
        dx = relu.backward(np.array([[5.0, 5.0, 5.0, 5.0]]))
        assert_close(self, dx, [[0.0, 5.0, 0.0, 5.0]], "ReLU.backward")


class StackTest(unittest.TestCase):
    def test_params_and_grads_in_layer_order(self):
        rng = np.random.default_rng(2)
        l1, l2 = Linear(3, 4, rng), Linear(4, 2, rng)
        net = Stack(l1, Tanh(), l2)
        self.assertEqual(len(net.layers), 3, "Stack keeps its layers in .layers")
        params = net.params()
        self.assertEqual(len(params), 4, "params() of Linear, Tanh, Linear: W1, b1, W2, b2")
        for got, want in zip(params, [l1.W, l1.b, l2.W, l2.b]):
            self.assertIs(got, want, "params() lists each layer's arrays, first layer first")

    def test_stacked_gradients_match_central_differences(self):
        rng = np.random.default_rng(3)
        net = Stack(Linear(4, 6, rng), Tanh(), Linear(6, 5, rng), ReLU(), Linear(5, 3, rng))
        for p in net.params():
            if p.ndim == 1:
                p[...] = rng.normal(scale=0.5, size=p.shape)
        x = rng.normal(size=(6, 4))
        R = rng.normal(size=(6, 3))

        def loss():
            return float(np.sum(net.forward(x) * R))

        net.forward(x)
        dx = net.backward(R)
        grads = [np.array(g, copy=True) for g in net.grads()]
        self.assertEqual(len(grads), len(net.params()), "one gradient per parameter array")
        for i, (p, g) in enumerate(zip(net.params(), grads)):
            assert_close(self, g, numerical_grad(loss, p), f"gradient of parameter {i} of the stack",
                         rtol=1e-4, atol=1e-6)
        assert_close(self, dx, numerical_grad(loss, x), "dx returned by Stack.backward", rtol=1e-4, atol=1e-6)


class SoftmaxCrossEntropyTest(unittest.TestCase):
    def test_loss_value(self):
        logits = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0], [1.0, -1.0, 3.0]])
        y = np.array([0, 2, 1])
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        expected = -np.mean(np.log(p[np.arange(3), y]))
        loss, _ = softmax_cross_entropy(logits, y)
        self.assertAlmostEqual(float(loss), expected, places=10, msg="loss = mean of -log softmax(logits)[y]")

    def test_uniform_logits_give_log_of_class_count(self):
        loss, _ = softmax_cross_entropy(np.zeros((4, 27)), np.array([0, 5, 26, 3]))
        self.assertAlmostEqual(float(loss), np.log(27), places=10, msg="equal logits over 27 classes: loss ln 27")

    def test_gradient_is_softmax_minus_onehot_over_n(self):
        rng = np.random.default_rng(4)
        logits = rng.normal(size=(5, 4))
        y = np.array([3, 0, 1, 1, 2])
        _, dlogits = softmax_cross_entropy(logits, y)
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        onehot = np.eye(4)[y]
        assert_close(self, dlogits, (p - onehot) / 5, "dlogits = (softmax - onehot) / N")
        num = numerical_grad(lambda: float(softmax_cross_entropy(logits, y)[0]), logits)
        assert_close(self, dlogits, num, "dlogits against central differences")

    def test_large_logits_do_not_overflow(self):
        with np.errstate(over='raise', invalid='raise'):
            loss, dlogits = softmax_cross_entropy(np.array([[1000.0, 1001.0, 1002.0]]), np.array([2]))
        expected = -np.log(1 / (np.exp(-2) + np.exp(-1) + 1))
        self.assertAlmostEqual(float(loss), expected, places=8, msg="subtract the row max before exp")
        self.assertTrue(np.all(np.isfinite(dlogits)), "dlogits must be finite for large logits")


class DepthTest(unittest.TestCase):
    """Ten Linear+ReLU layers of width 256, input N(0, 1): the RMS of the last activations."""

    def test_kaiming_keeps_the_signal_scale(self):
        for seed in (0, 1, 2):
            rms = rms_after_relu_layers('kaiming', seed)
            self.assertTrue(0.5 <= rms <= 2.0,
                            f"kaiming init: RMS after 10 ReLU layers should stay in [0.5, 2], got {rms:.3g}")

    def test_normal_init_explodes(self):
        rms = rms_after_relu_layers('normal', 0)
        self.assertGreater(rms, 1e3, f"std-1 init: RMS after 10 ReLU layers should blow up, got {rms:.3g}")

    def test_xavier_init_vanishes_under_relu(self):
        rms = rms_after_relu_layers('xavier', 0)
        self.assertLess(rms, 0.1, f"sqrt(1/n_in) init with ReLU: RMS should shrink (≈ 2^-5), got {rms:.3g}")


if __name__ == '__main__':
    unittest.main()
