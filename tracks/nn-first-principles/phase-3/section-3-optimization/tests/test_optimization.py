"""Tests of Phase 3, Section 3 (Optimization): SGD, Momentum and Adam in experiment.py.

They use only the interface the overview states:
    SGD(lr), Momentum(lr, beta=0.9), Adam(lr, beta1=0.9, beta2=0.999, eps=1e-8)
    opt.step(params, grads)   params, grads: dicts of numpy arrays with the same keys;
                              the arrays of params are changed in place
Expected numbers are computed here, entry by entry, from the update rules of the overview.
The network runs use backprop.py (the Backpropagation section's interface).
"""
import math
import unittest

import numpy as np

import experiment
from backprop import make_spiral, init_params, forward, backward, softmax_cross_entropy

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


# Three steps of made-up gradients for a parameter of two entries.
START = [1.0, -2.0]
GRADS = [[0.5, -1.0], [0.2, 3.0], [-0.4, 0.0]]


def run_steps(opt, grads_seq=GRADS, start=START):
    params = {"w": np.array(start, dtype=float)}
    history = []
    for g in grads_seq:
        opt.step(params, {"w": np.array(g, dtype=float)})
        history.append(params["w"].copy())
    return history


def quadratic(opt, steps, lams=(1.0, 100.0), start=(1.0, 1.0)):
    """Losses of f(theta) = 1/2 sum lam_i theta_i^2 (gradient lam * theta), the last one after the final step."""
    lams = np.array(lams)
    params = {"theta": np.array(start, dtype=float)}
    losses = []
    for _ in range(steps):
        losses.append(0.5 * float(np.sum(lams * params["theta"] ** 2)))
        opt.step(params, {"theta": lams * params["theta"]})
    losses.append(0.5 * float(np.sum(lams * params["theta"] ** 2)))
    return losses


class SgdTest(unittest.TestCase):
    def test_sgd_step_is_minus_lr_times_gradient(self):
        history = run_steps(experiment.SGD(0.1))
        w = list(START)
        for step, g in enumerate(GRADS):
            w = [wi - 0.1 * gi for wi, gi in zip(w, g)]
            np.testing.assert_allclose(history[step], w, rtol=1e-12,
                                       err_msg=f"SGD after step {step + 1}: theta - lr * g")

    def test_step_changes_the_arrays_in_place(self):
        for opt in (experiment.SGD(0.1), experiment.Momentum(0.1), experiment.Adam(0.1)):
            w = np.array([1.0, 2.0])
            params = {"w": w}
            opt.step(params, {"w": np.array([1.0, -1.0])})
            self.assertIs(params["w"], w, f"{type(opt).__name__}.step replaced params['w'] with a new "
                                           "array; change it in place (params[k] -= ...)")
            self.assertFalse(np.array_equal(w, [1.0, 2.0]), f"{type(opt).__name__}.step did not change w")


class MomentumTest(unittest.TestCase):
    def test_momentum_matches_the_update_rule_for_three_steps(self):
        lr, beta = 0.1, 0.9
        history = run_steps(experiment.Momentum(lr, beta))
        w, v = list(START), [0.0, 0.0]
        for step, g in enumerate(GRADS):
            v = [beta * vi + gi for vi, gi in zip(v, g)]
            w = [wi - lr * vi for wi, vi in zip(w, v)]
            np.testing.assert_allclose(history[step], w, rtol=1e-12,
                                       err_msg=f"Momentum after step {step + 1}: v = beta*v + g, theta -= lr*v")

    def test_momentum_default_beta_is_0_9(self):
        history = run_steps(experiment.Momentum(0.1), GRADS[:2])
        # step 2: v = 0.9 * g1 + g2
        expected = [START[i] - 0.1 * GRADS[0][i] - 0.1 * (0.9 * GRADS[0][i] + GRADS[1][i]) for i in range(2)]
        np.testing.assert_allclose(history[1], expected, rtol=1e-12)

    def test_two_momentum_optimizers_do_not_share_their_velocity(self):
        a, b = experiment.Momentum(0.1), experiment.Momentum(0.1)
        run_steps(a)
        first_b = run_steps(b, GRADS[:1])[0]
        np.testing.assert_allclose(first_b, [START[i] - 0.1 * GRADS[0][i] for i in range(2)], rtol=1e-12,
                                   err_msg="a new Momentum's first step should be plain SGD: keep v on self, "
                                           "made in __init__, not on the class")

    def test_each_parameter_has_its_own_velocity(self):
        opt = experiment.Momentum(0.5, 0.5)
        params = {"a": np.zeros(3), "b": np.zeros((2, 2))}
        opt.step(params, {"a": np.ones(3), "b": np.full((2, 2), 2.0)})
        opt.step(params, {"a": np.ones(3), "b": np.full((2, 2), 2.0)})
        # a: v = 1 then 1.5 -> a = -0.5 - 0.75; b: v = 2 then 3 -> b = -1 - 1.5
        np.testing.assert_allclose(params["a"], np.full(3, -1.25), rtol=1e-12)
        np.testing.assert_allclose(params["b"], np.full((2, 2), -2.5), rtol=1e-12)


class AdamTest(unittest.TestCase):
    def expected_adam(self, lr, b1, b2, eps, grads_seq=GRADS, start=START):
        w, m, v, out = list(start), [0.0] * len(start), [0.0] * len(start), []
        for t, g in enumerate(grads_seq, start=1):
            for i, gi in enumerate(g):
                m[i] = b1 * m[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                m_hat = m[i] / (1 - b1 ** t)
                v_hat = v[i] / (1 - b2 ** t)
                w[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
            out.append(list(w))
        return out

    def test_adam_matches_the_update_rule_with_bias_correction_for_three_steps(self):
        history = run_steps(experiment.Adam(0.01))
        for step, want in enumerate(self.expected_adam(0.01, 0.9, 0.999, 1e-8)):
            np.testing.assert_allclose(history[step], want, rtol=1e-10,
                                       err_msg=f"Adam after step {step + 1} (defaults beta1=0.9, "
                                               "beta2=0.999, eps=1e-8, bias-corrected m and v)")

    def test_adam_uses_the_hyper_parameters_it_is_given(self):
        history = run_steps(experiment.Adam(0.05, beta1=0.5, beta2=0.9, eps=1e-3))
        for step, want in enumerate(self.expected_adam(0.05, 0.5, 0.9, 1e-3)):
            np.testing.assert_allclose(history[step], want, rtol=1e-10,
                                       err_msg=f"Adam(0.05, beta1=0.5, beta2=0.9, eps=1e-3) after step {step + 1}")

    def test_adam_first_step_moves_every_entry_by_about_lr(self):
        """With bias correction, m_hat / sqrt(v_hat) = g / |g| on step 1, whatever the size of g."""
        params = {"w": np.zeros(4)}
        experiment.Adam(0.01).step(params, {"w": np.array([1e-4, -3.0, 250.0, -0.02])})
        np.testing.assert_allclose(params["w"], [-0.01, 0.01, -0.01, 0.01], rtol=1e-3,
                                   err_msg="Adam's first step should be about -lr * sign(g): is the bias "
                                           "correction there, with t = 1 on the first step?")

    def test_adam_counts_steps_not_parameters(self):
        """Two parameters updated together: t is 1, 2, 3 for both, not 1..6."""
        opt = experiment.Adam(0.01)
        params = {"a": np.array([START[0]]), "b": np.array([START[1]])}
        for g in GRADS:
            opt.step(params, {"a": np.array([g[0]]), "b": np.array([g[1]])})
        want = self.expected_adam(0.01, 0.9, 0.999, 1e-8)[-1]
        np.testing.assert_allclose([params["a"][0], params["b"][0]], want, rtol=1e-10,
                                   err_msg="with two parameters, Adam differs from the rule: advance t "
                                           "once per step() call and keep m and v per parameter")


class NarrowValleyTest(unittest.TestCase):
    """f = (theta_1^2 + 100 theta_2^2) / 2 from (1, 1): curvatures 1 and 100, so 2/lambda_max = 0.02."""

    def test_momentum_and_adam_beat_sgd_in_100_steps(self):
        sgd = quadratic(experiment.SGD(0.01), 100)[-1]
        momentum = quadratic(experiment.Momentum(0.01, 0.9), 100)[-1]
        adam = quadratic(experiment.Adam(0.1), 100)[-1]
        self.assertLess(momentum, sgd / 10, f"Momentum(0.01) ended at {momentum:.3g}, SGD(0.01) at {sgd:.3g}")
        self.assertLess(adam, sgd / 10, f"Adam(0.1) ended at {adam:.3g}, SGD(0.01) at {sgd:.3g}")

    def test_sgd_diverges_above_2_over_lambda_max_and_converges_below(self):
        below = quadratic(experiment.SGD(0.019), 100)
        above = quadratic(experiment.SGD(0.021), 100)
        self.assertLess(below[-1], below[0] / 100, "SGD with lr = 0.019 < 2/100 should converge")
        self.assertGreater(above[-1], above[0] * 100, "SGD with lr = 0.021 > 2/100 should blow up")


class SpiralTest(unittest.TestCase):
    def test_on_the_spiral_momentum_and_adam_end_lower_than_sgd(self):
        """The Backpropagation network (32 hidden, init seed 0), 300 full-batch steps with each optimizer."""
        X, y = make_spiral(100, 3, seed=0)
        finals = {}
        for name, opt in (("sgd", experiment.SGD(0.1)), ("momentum", experiment.Momentum(0.1, 0.9)),
                          ("adam", experiment.Adam(0.01))):
            params = init_params(2, 32, 3, 0)
            for step in range(300):
                logits, cache = forward(params, X)
                loss, dlogits = softmax_cross_entropy(logits, y)
                log_metric(f"loss_{name}", float(loss), step)
                opt.step(params, backward(params, cache, dlogits))
            finals[name] = float(loss)
        self.assertLess(finals["momentum"], 0.4, f"Momentum(0.1) final loss {finals['momentum']:.3f}")
        self.assertLess(finals["adam"], 0.3, f"Adam(0.01) final loss {finals['adam']:.3f}")
        self.assertLess(finals["momentum"], finals["sgd"], "Momentum(0.1) should end below SGD(0.1)")
        self.assertLess(finals["adam"], finals["sgd"], "Adam(0.01) should end below SGD(0.1)")


if __name__ == "__main__":
    unittest.main()
