"""Tests of Phase 2, Section 2 (weights-biases): Layer, MLP and count_parameters in experiment.py.

They use only the interface the overview states: Layer(nin, nout, activation) with .neurons,
MLP(nin, nouts, activation) with .layers, calling them, parameters(), zero_grad(),
count_parameters(nin, nouts); each neuron's .w and .b; and the Value's data, grad, backward().
"""
import math
import random
import unittest

import experiment

Value = getattr(experiment, "Value", None)
if Value is None:  # experiment.py imports Value some other way: use the engine next to it
    from engine import Value

Layer, MLP, count_parameters = experiment.Layer, experiment.MLP, experiment.count_parameters


def set_layer(layer, weight, bias):
    """Sets every weight of every neuron of the layer to `weight` and every bias to `bias`."""
    for n in layer.neurons:
        for wi in n.w:
            wi.data = float(weight)
        n.b.data = float(bias)


def central_difference(forward, leaf, h=1e-6):
    old = leaf.data
    leaf.data = old + h
    up = forward().data
    leaf.data = old - h
    down = forward().data
    leaf.data = old
    return (up - down) / (2 * h)


class CountParametersTest(unittest.TestCase):
    def test_count_parameters_of_3_4_4_1_is_41(self):
        self.assertEqual(count_parameters(3, [4, 4, 1]), 41,
                         "MLP(3, [4, 4, 1]) has (3+1)*4 + (4+1)*4 + (4+1)*1 = 16 + 20 + 5 = 41 parameters")

    def test_count_parameters_for_several_shapes(self):
        cases = {
            (2, (1,)): 3,                  # 2 weights + 1 bias
            (10, (5,)): 55,                # 11 * 5
            (1, (1, 1, 1)): 6,             # three layers of 1 weight + 1 bias
            (2, (16, 16, 16, 1)): 609,     # 3*16 + 17*16 + 17*16 + 17*1
            (784, (128, 10)): 101770,      # 785*128 + 129*10
        }
        for (nin, nouts), expected in cases.items():
            self.assertEqual(count_parameters(nin, list(nouts)), expected,
                             f"count_parameters({nin}, {list(nouts)}) should be {expected}")

    def test_mlp_has_as_many_parameters_as_the_formula_says(self):
        random.seed(0)
        for nin, nouts, expected in ((3, [4, 4, 1], 41), (2, [8, 8, 1], 105), (5, [3], 18), (4, [6, 2], 44)):
            model = MLP(nin, nouts)
            self.assertEqual(len(model.parameters()), expected,
                             f"MLP({nin}, {nouts}).parameters() should list {expected} Values")
            self.assertEqual(count_parameters(nin, nouts), expected,
                             f"count_parameters({nin}, {nouts}) should be {expected}")


class StructureTest(unittest.TestCase):
    def test_layer_has_nout_neurons_each_with_nin_weights(self):
        random.seed(1)
        layer = Layer(3, 5)
        self.assertEqual(len(layer.neurons), 5, "Layer(3, 5) should hold 5 neurons")
        for n in layer.neurons:
            self.assertEqual(len(n.w), 3, "each neuron of Layer(3, 5) should read 3 inputs")
        self.assertEqual(len(layer.parameters()), 20, "Layer(3, 5) has 5 * (3 + 1) = 20 parameters")

    def test_mlp_layers_have_the_right_sizes(self):
        random.seed(2)
        model = MLP(3, [4, 5, 2])
        self.assertEqual([len(layer.neurons) for layer in model.layers], [4, 5, 2],
                         "MLP(3, [4, 5, 2]) should have layers of 4, 5 and 2 neurons")
        self.assertEqual([len(layer.neurons[0].w) for layer in model.layers], [3, 4, 5],
                         "each layer's neurons should read the previous layer's width (3, then 4, then 5)")

    def test_parameters_are_distinct_values(self):
        random.seed(3)
        params = MLP(3, [4, 4, 1]).parameters()
        for p in params:
            self.assertIsInstance(p, Value, "every parameter should be a Value")
        self.assertEqual(len({id(p) for p in params}), len(params),
                         "no Value should appear twice in parameters(): each is its own knob")

    def test_parameters_go_layer_by_layer_neuron_by_neuron_weights_then_bias(self):
        random.seed(4)
        model = MLP(2, [3, 2])
        expected = [p for layer in model.layers for n in layer.neurons for p in list(n.w) + [n.b]]
        got = model.parameters()
        self.assertEqual(len(got), len(expected), "MLP(2, [3, 2]) has 3*3 + 4*2 = 17 parameters")
        for i, (a, b) in enumerate(zip(got, expected)):
            self.assertIs(a, b, f"parameters()[{i}] is not in the order layer by layer, neuron by neuron, "
                                "weights then bias")


class ForwardTest(unittest.TestCase):
    def test_layer_returns_one_output_per_neuron(self):
        random.seed(5)
        layer = Layer(3, 4)
        x = [0.5, -1.0, 2.0]
        outs = layer(x)
        self.assertEqual(len(outs), 4, "Layer(3, 4) should return a list of 4 Values")
        for j, (out, n) in enumerate(zip(outs, layer.neurons)):
            self.assertIsInstance(out, Value, "each output of a layer should be a Value")
            self.assertAlmostEqual(out.data, n(x).data, places=12,
                                   msg=f"output {j} of the layer should be neuron {j}'s own output")

    def test_layer_with_one_neuron_returns_a_single_value(self):
        random.seed(6)
        out = Layer(3, 1)([1.0, 2.0, 3.0])
        self.assertIsInstance(out, Value, "Layer(nin, 1) should return one Value, not a list of one")

    def test_layer_passes_its_activation_to_its_neurons(self):
        layer = Layer(2, 2, "relu")
        set_layer(layer, -1.0, 0.5)
        self.assertEqual([o.data for o in layer([1.0, 1.0])], [0.0, 0.0],
                         "a relu layer with z = -1.5 should output zeros")

    def test_mlp_output_shapes(self):
        random.seed(7)
        self.assertIsInstance(MLP(3, [4, 4, 1])([1.0, 2.0, 3.0]), Value,
                              "MLP(3, [4, 4, 1]) should return one Value")
        outs = MLP(3, [4, 2])([1.0, 2.0, 3.0])
        self.assertEqual(len(outs), 2, "MLP(3, [4, 2]) should return a list of 2 Values")

    def test_hidden_layers_use_tanh_and_the_last_layer_is_linear(self):
        model = MLP(2, [3, 1])
        for layer in model.layers:
            set_layer(layer, 2.0, 2.0)
        expected = 3 * 2.0 * math.tanh(2.0 + 2.0 + 2.0) + 2.0  # about 7.99998
        self.assertAlmostEqual(model([1.0, 1.0]).data, expected, places=9,
                               msg="with every weight and bias 2 and x = (1, 1), the output should be "
                                   "2*3*tanh(6) + 2 ≈ 8.0: tanh in the hidden layer, nothing on the last "
                                   "(38 means no tanh in the hidden layer; ≤ 1 means tanh on the last)")

    def test_relu_activation_reaches_the_hidden_layers(self):
        model = MLP(2, [3, 1], activation="relu")
        set_layer(model.layers[0], -1.0, 0.5)
        set_layer(model.layers[1], 1.0, 0.25)
        self.assertAlmostEqual(model([1.0, 1.0]).data, 0.25, places=12,
                               msg="hidden relu neurons with z = -1.5 output 0, so the output is the last bias, 0.25")

    def test_mlp_gradients_match_central_difference(self):
        random.seed(8)
        model = MLP(2, [3, 2, 1])
        x = [0.7, -1.3]
        model(x).backward()
        for i, p in enumerate(model.parameters()):
            numeric = central_difference(lambda: model(x), p)
            self.assertAlmostEqual(p.grad, numeric, delta=1e-5 * max(1.0, abs(numeric)),
                                   msg=f"d out/d parameters()[{i}] should be {numeric:.6f}, got {p.grad:.6f}: "
                                       "is every layer's output passed on as Values?")


class BiasTest(unittest.TestCase):
    def test_bias_shifts_a_linear_layer_output_by_exactly_its_change(self):
        random.seed(9)
        layer = Layer(3, 2, "linear")
        x = [0.3, -2.0, 1.1]
        before = [o.data for o in layer(x)]
        layer.neurons[0].b.data += 0.7
        after = [o.data for o in layer(x)]
        self.assertAlmostEqual(after[0] - before[0], 0.7, places=12,
                               msg="raising a linear neuron's bias by 0.7 should raise its output by exactly 0.7")
        self.assertEqual(after[1], before[1], "another neuron's bias should not change this neuron's output")

    def test_last_bias_shifts_the_mlp_output_by_exactly_its_change(self):
        random.seed(10)
        model = MLP(2, [4, 1])
        x = [1.5, -0.5]
        before = model(x).data
        model.layers[-1].neurons[0].b.data -= 0.25
        self.assertAlmostEqual(model(x).data - before, -0.25, places=12,
                               msg="the last layer is linear, so its bias moves the output one for one")


class GradientBookkeepingTest(unittest.TestCase):
    def test_zero_grad_sets_every_parameter_grad_to_zero(self):
        random.seed(11)
        model = MLP(3, [4, 4, 1])
        model([1.0, -1.0, 0.5]).backward()
        self.assertTrue(any(p.grad != 0 for p in model.parameters()), "backward() should set some gradients")
        model.zero_grad()
        self.assertTrue(all(p.grad == 0 for p in model.parameters()),
                        "zero_grad() should set the grad of every parameter of every layer to 0")

    def test_equal_starting_weights_keep_hidden_neurons_identical(self):
        model = MLP(2, [3, 1])
        for layer in model.layers:
            set_layer(layer, 0.5, 0.0)
        hidden = model.layers[0].neurons
        x, target = [1.0, -2.0], 1.0
        for step in range(3):
            model.zero_grad()
            loss = (model(x) - target) ** 2
            loss.backward()
            first = [wi.grad for wi in hidden[0].w] + [hidden[0].b.grad]
            self.assertNotEqual(first, [0.0, 0.0, 0.0], "the hidden neurons should get nonzero gradients")
            for j, n in enumerate(hidden[1:], start=1):
                grads = [wi.grad for wi in n.w] + [n.b.grad]
                for a, b in zip(grads, first):
                    self.assertAlmostEqual(a, b, places=12,
                                           msg=f"step {step}: hidden neuron {j} should get the same gradients as "
                                               "neuron 0 when all start with the same weights")
            for p in model.parameters():
                p.data -= 0.1 * p.grad
        for n in hidden[1:]:
            for a, b in zip(n.w, hidden[0].w):
                self.assertAlmostEqual(a.data, b.data, places=12,
                                       msg="after gradient steps the twin neurons should still be equal")


if __name__ == "__main__":
    unittest.main()
