"""Tests of Phase 2, Section 1 (single-neuron): the Neuron class in experiment.py.

They use only the interface the overview states: Neuron(nin, activation), .w, .b, calling the
neuron on a list of numbers or Values, parameters() and zero_grad(); and the Value's data, grad
and backward(). Weights are set by the tests through .data, so any correct neuron passes.
"""
import math
import random
import unittest

import experiment

Value = getattr(experiment, "Value", None)
if Value is None:  # experiment.py imports Value some other way: use the engine next to it
    from engine import Value

Neuron = experiment.Neuron

H = 1e-6


def configure(neuron, weights, bias):
    """Sets the neuron's weights and bias to the given numbers, keeping its Value objects."""
    for wi, value in zip(neuron.w, weights):
        wi.data = float(value)
    neuron.b.data = float(bias)


def central_difference(forward, leaf, h=H):
    """(f(leaf + h) - f(leaf - h)) / 2h, where forward() rebuilds the output from scratch."""
    old = leaf.data
    leaf.data = old + h
    up = forward().data
    leaf.data = old - h
    down = forward().data
    leaf.data = old
    return (up - down) / (2 * h)


def reference_output(weights, bias, x, activation):
    z = sum(w * xi for w, xi in zip(weights, x)) + bias
    if activation == "tanh":
        return math.tanh(z)
    if activation == "relu":
        return max(0.0, z)
    return z


class NeuronStructureTest(unittest.TestCase):
    def test_init_makes_nin_weight_values_and_a_bias_value(self):
        random.seed(1)
        n = Neuron(5)
        self.assertEqual(len(n.w), 5, "Neuron(5).w should hold 5 weights, one per input")
        for wi in n.w:
            self.assertIsInstance(wi, Value, "each weight should be a Value, so it gets a gradient")
        self.assertIsInstance(n.b, Value, "the bias should be a Value, so it gets a gradient")

    def test_init_draws_weights_uniformly_from_minus_one_to_one(self):
        random.seed(2)
        data = [wi.data for wi in Neuron(60).w]
        self.assertTrue(all(-1.0 <= d <= 1.0 for d in data),
                        f"weights should lie in [-1, 1], got min {min(data):.3f}, max {max(data):.3f}")
        self.assertLess(min(data), -0.5, "60 draws from uniform(-1, 1) should include one below -0.5")
        self.assertGreater(max(data), 0.5, "60 draws from uniform(-1, 1) should include one above 0.5")
        self.assertEqual(len(set(data)), 60, "each weight should be its own random draw")

    def test_parameters_are_the_weights_then_the_bias(self):
        random.seed(3)
        n = Neuron(4, "relu")
        params = n.parameters()
        self.assertEqual(len(params), 5, "a neuron with 4 inputs has 4 weights + 1 bias = 5 parameters")
        for i in range(4):
            self.assertIs(params[i], n.w[i], f"parameters()[{i}] should be the weight object w[{i}] itself")
        self.assertIs(params[4], n.b, "the last parameter should be the bias object b itself")

    def test_parameters_returns_a_new_list_each_time(self):
        random.seed(4)
        n = Neuron(3)
        n.parameters().append(Value(123.0))
        self.assertEqual(len(n.parameters()), 4,
                         "changing the list parameters() returned should not change the neuron")
        self.assertEqual(len(n.w), 3, "parameters() should not append the bias to self.w")

    def test_zero_grad_resets_every_parameter(self):
        random.seed(5)
        n = Neuron(3, "linear")
        n([1.0, 2.0, 3.0]).backward()
        self.assertTrue(any(p.grad != 0 for p in n.parameters()), "backward() should set some gradients")
        n.zero_grad()
        self.assertEqual([p.grad for p in n.parameters()], [0.0] * 4,
                         "zero_grad() (from Module) should set every parameter's grad to 0")


class NeuronForwardTest(unittest.TestCase):
    def check_output(self, activation, weights, bias, x):
        n = Neuron(len(weights), activation)
        configure(n, weights, bias)
        out = n(x)
        self.assertIsInstance(out, Value, "calling a neuron should return one Value")
        expected = reference_output(weights, bias, x, activation)
        self.assertAlmostEqual(out.data, expected, places=12,
                               msg=f"{activation}(w·x + b) with w={weights}, b={bias}, x={x} should be {expected:.6f}")

    def test_tanh_output_on_fixed_weights(self):
        self.check_output("tanh", [0.5, 0.25], 0.5, [1.0, -2.0])
        self.check_output("tanh", [-0.3, 0.8, 0.1], -0.2, [2.0, 0.5, -1.5])

    def test_tanh_is_the_default_activation(self):
        n = Neuron(2)
        configure(n, [1.0, 1.0], 0.0)
        self.assertAlmostEqual(n([1.0, 1.0]).data, math.tanh(2.0), places=12,
                               msg="Neuron(nin) without an activation should use tanh")

    def test_relu_output_positive_and_negative(self):
        self.check_output("relu", [0.5, 0.25], 0.5, [1.0, -2.0])
        self.check_output("relu", [0.5, 0.25], -1.0, [1.0, -2.0])

    def test_linear_output_is_the_weighted_sum_plus_bias(self):
        self.check_output("linear", [2.0, -3.0, 0.5], 4.0, [1.5, 2.0, -4.0])

    def test_accepts_values_as_inputs(self):
        n = Neuron(2, "tanh")
        configure(n, [0.5, 0.25], 0.5)
        out = n([Value(1.0), Value(-2.0)])
        self.assertAlmostEqual(out.data, math.tanh(0.5), places=12,
                               msg="a neuron fed Values should give the same output as fed numbers")

    def test_configured_neuron_computes_and_and_or(self):
        for name, bias, truth in (("AND", -1.5, lambda a, b: a and b), ("OR", -0.5, lambda a, b: a or b)):
            n = Neuron(2, "tanh")
            configure(n, [1.0, 1.0], bias)
            for a in (0, 1):
                for b in (0, 1):
                    fired = n([a, b]).data > 0
                    self.assertEqual(fired, bool(truth(a, b)),
                                     f"w=(1, 1), b={bias} should compute {name}: input ({a}, {b})")


class NeuronGradientTest(unittest.TestCase):
    def check_parameter_gradients(self, activation, weights, bias, x):
        n = Neuron(len(weights), activation)
        configure(n, weights, bias)
        n(x).backward()
        for i, wi in enumerate(n.w):
            numeric = central_difference(lambda: n(x), wi)
            self.assertAlmostEqual(wi.grad, numeric, delta=1e-5 * max(1.0, abs(numeric)),
                                   msg=f"{activation} neuron: d out/d w[{i}] should be {numeric:.6f} "
                                       f"(central difference), got {wi.grad:.6f}")
        numeric = central_difference(lambda: n(x), n.b)
        self.assertAlmostEqual(n.b.grad, numeric, delta=1e-5 * max(1.0, abs(numeric)),
                               msg=f"{activation} neuron: d out/d b should be {numeric:.6f}, got {n.b.grad:.6f}")

    def test_tanh_weight_and_bias_gradients_match_central_difference(self):
        self.check_parameter_gradients("tanh", [0.5, 0.25], 0.5, [1.0, -2.0])
        self.check_parameter_gradients("tanh", [-0.7, 0.2, 0.9, 0.4], 0.1, [0.3, -1.2, 0.8, 2.0])

    def test_relu_weight_and_bias_gradients_match_central_difference(self):
        self.check_parameter_gradients("relu", [0.5, -0.25, 0.8], 0.3, [1.0, -2.0, 0.5])

    def test_linear_weight_gradients_equal_the_inputs(self):
        n = Neuron(3, "linear")
        configure(n, [0.1, 0.2, 0.3], 0.4)
        x = [2.0, -1.0, 0.5]
        n(x).backward()
        self.assertEqual([round(wi.grad, 12) for wi in n.w], x,
                         "for a linear neuron, d out/d w_i is x_i")
        self.assertAlmostEqual(n.b.grad, 1.0, places=12, msg="for a linear neuron, d out/d b is 1")

    def test_tanh_bias_gradient_is_one_minus_out_squared(self):
        n = Neuron(2, "tanh")
        configure(n, [0.5, 0.25], 0.5)
        out = n([1.0, -2.0])
        out.backward()
        self.assertAlmostEqual(n.b.grad, 1 - out.data ** 2, places=10,
                               msg="d tanh(z)/d b should be 1 - tanh(z)^2 (about 0.7864 here)")

    def test_relu_neuron_below_zero_passes_no_gradient(self):
        n = Neuron(2, "relu")
        configure(n, [0.5, 0.25], -1.0)
        n([1.0, -2.0]).backward()
        self.assertEqual([p.grad for p in n.parameters()], [0.0, 0.0, 0.0],
                         "with z = -1 the relu is flat, so every parameter's gradient is 0")

    def test_input_values_receive_gradients(self):
        n = Neuron(2, "tanh")
        configure(n, [0.5, 0.25], 0.5)
        x = [Value(1.0), Value(-2.0)]
        n(x).backward()
        for i, xi in enumerate(x):
            numeric = central_difference(lambda: n(x), xi)
            self.assertAlmostEqual(xi.grad, numeric, delta=1e-5 * max(1.0, abs(numeric)),
                                   msg=f"d out/d x[{i}] should be {numeric:.6f} (= (1 - out²)·w[{i}]), got {xi.grad:.6f}")


if __name__ == "__main__":
    unittest.main()
