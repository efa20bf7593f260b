"""Tests of Section 16 (Reinforcement Learning Fine-Tuning): the Bradley–Terry reward model, the
KL-penalised objective and its optimal policy, policy-gradient steps small and too large, PPO's
clipped gradient and iteration, and reward hacking when the KL penalty is too weak.

Interface (the overview states it):
    bt_loss_and_grad(w, features, pairs, l2=0.01) -> (loss, grad);  fit_reward_model(features, pairs, lr, steps, l2) -> w
    pairwise_accuracy(rewards, pairs);  kl(p, q);  objective(pi, rewards, pi_ref, beta)
    kl_optimal_policy(pi_ref, rewards, beta);  pg_step(logits, rewards, pi_ref, beta, lr)
    ppo_clip_grad(logits, pi_old, advantages, eps);  ppo_iteration(logits, rewards, pi_ref, beta, lr, epochs, eps=0.2)
load_data, sigmoid and softmax are given.
"""
import unittest

import numpy as np

import exercise
from exercise import load_data, softmax

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

FEATURES, PAIRS, HUMAN, SFT = load_data()
PAD = 6   # the 600-token padded reply, never seen in the preference data
_REWARDS = []


def fitted_rewards():
    """The reward model's rewards for the 8 replies, fitted once for all tests."""
    if not _REWARDS:
        _REWARDS.append(FEATURES @ exercise.fit_reward_model(FEATURES, PAIRS["train"]))
    return _REWARDS[0]


def num_grad(f, x, eps=1e-6):
    g = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


class RewardModelTest(unittest.TestCase):
    def test_loss_by_hand(self):
        F = np.array([[2.0, 0.0], [1.0, 0.0]])
        loss, grad = exercise.bt_loss_and_grad(np.array([1.0, 0.0]), F, np.array([[0, 1]]), l2=0.0)
        self.assertAlmostEqual(loss, -np.log(1 / (1 + np.exp(-1))), places=10, msg="-log sigmoid(r_c - r_r) = -log sigmoid(1)")
        np.testing.assert_allclose(grad, [-(1 - 1 / (1 + np.exp(-1))), 0.0], atol=1e-12)
        loss2, _ = exercise.bt_loss_and_grad(np.array([1.0, 0.0]), F, np.array([[0, 1]]), l2=0.1)
        self.assertAlmostEqual(loss2 - loss, 0.05, places=10, msg="plus l2/2 * |w|^2")

    def test_gradient_matches_finite_differences(self):
        w = np.array([0.3, -0.2, 0.5])
        f = lambda v: exercise.bt_loss_and_grad(v, FEATURES, PAIRS["train"], 0.01)[0]  # noqa: E731
        np.testing.assert_allclose(exercise.bt_loss_and_grad(w, FEATURES, PAIRS["train"], 0.01)[1], num_grad(f, w), atol=1e-7)

    def test_fitted_model_agrees_with_people_where_it_has_data_and_not_elsewhere(self):
        rewards = fitted_rewards()
        self.assertAlmostEqual(exercise.pairwise_accuracy(rewards, np.array([[0, 1], [1, 0]])), 0.5)
        acc = exercise.pairwise_accuracy(rewards, PAIRS["test"])
        log_metric("rm_test_accuracy", acc)
        log_metric("rm_hack_margin", rewards[PAD] - rewards[2])
        self.assertGreaterEqual(acc, 0.65, "held-out preference pairs")
        self.assertEqual(int(np.argmax(rewards)), PAD,
                         "the reward model ranks the padded reply first: long replies were better in its data")
        self.assertEqual(int(np.argmin(HUMAN)), PAD, "people rank it last")


class ObjectiveTest(unittest.TestCase):
    def test_kl_by_hand(self):
        self.assertAlmostEqual(exercise.kl(np.array([0.5, 0.5]), np.array([0.25, 0.75])),
                               0.5 * np.log(2) + 0.5 * np.log(2 / 3), places=12)
        self.assertAlmostEqual(exercise.kl(np.array([1.0, 0.0]), np.array([0.5, 0.5])), np.log(2), places=12,
                               msg="a zero probability contributes nothing")
        self.assertAlmostEqual(exercise.objective(np.array([0.5, 0.5]), np.array([1.0, 3.0]), np.array([0.25, 0.75]), 2.0),
                               2.0 - 2.0 * (0.5 * np.log(2) + 0.5 * np.log(2 / 3)), places=12)

    def test_optimal_policy(self):
        r = np.array([1.0, 2.0, 0.0])
        ref = np.array([0.5, 0.25, 0.25])
        pi = exercise.kl_optimal_policy(ref, r, 1.0)
        expect = ref * np.exp(r)
        np.testing.assert_allclose(pi, expect / expect.sum(), atol=1e-12)
        big = exercise.kl_optimal_policy(ref, np.array([1000.0, 2000.0, 0.0]), 0.5)
        self.assertTrue(np.all(np.isfinite(big)) and abs(big.sum() - 1) < 1e-12, "stable for large r / beta")
        rng = np.random.default_rng(0)
        best = exercise.objective(pi, r, ref, 1.0)
        for _ in range(200):
            other = rng.dirichlet(np.ones(3))
            self.assertLessEqual(exercise.objective(other, r, ref, 1.0), best + 1e-12, "no policy beats the closed form")


class PolicyGradientTest(unittest.TestCase):
    def setUp(self):
        self.rewards = fitted_rewards()

    def test_one_step_by_hand(self):
        logits = np.log(np.array([0.5, 0.5]))
        new = exercise.pg_step(logits, np.array([1.0, 0.0]), np.array([0.5, 0.5]), 0.0, 1.0)
        np.testing.assert_allclose(new - logits, [0.25, -0.25], atol=1e-12, err_msg="pi * (r - pi·r) = 0.5 * (±0.5)")
        np.testing.assert_allclose(logits, np.log([0.5, 0.5]), err_msg="the input logits are not modified")

    def test_a_small_step_climbs_a_too_large_one_falls(self):
        start = exercise.objective(SFT, self.rewards, SFT, 1.0)
        best = exercise.objective(exercise.kl_optimal_policy(SFT, self.rewards, 1.0), self.rewards, SFT, 1.0)
        runs = {}
        for lr in (5.0, 20.0):
            logits, js = np.log(SFT), []
            for _ in range(40):
                logits = exercise.pg_step(logits, self.rewards, SFT, 1.0, lr)
                js.append(exercise.objective(softmax(logits), self.rewards, SFT, 1.0))
            runs[lr] = js
        log_metric("pg_small_step_final", runs[5.0][-1])
        log_metric("pg_big_step_final", runs[20.0][-1])
        self.assertTrue(all(b >= a - 1e-12 for a, b in zip(runs[5.0], runs[5.0][1:])), "lr 5: the objective rises at every step")
        self.assertAlmostEqual(runs[5.0][-1], best, delta=1e-3, msg="and reaches the closed-form optimum")
        self.assertLess(min(runs[20.0]), start, "lr 20: a step overshoots and the objective falls below where it started")


class PPOTest(unittest.TestCase):
    def test_clip_gradient_matches_finite_differences(self):
        rng = np.random.default_rng(3)
        pi_old = softmax(rng.normal(size=5))
        A = np.array([1.0, -0.5, 0.3, -1.2, 0.4])
        for eps in (None, 0.2):
            logits = np.log(pi_old) + rng.normal(0, 0.1, 5)
            def surrogate(t, eps=eps):
                rho = softmax(t) / pi_old
                clipped = rho if eps is None else np.clip(rho, 1 - eps, 1 + eps)
                return float(np.sum(pi_old * np.minimum(rho * A, clipped * A)))
            np.testing.assert_allclose(exercise.ppo_clip_grad(logits, pi_old, A, eps), num_grad(surrogate, logits),
                                       atol=1e-6, err_msg=f"eps={eps}")

    def test_clipped_terms_give_no_gradient(self):
        pi_old = np.array([0.5, 0.5])
        logits = np.log(np.array([0.8, 0.2]))                  # rho = (1.6, 0.4): both outside [0.8, 1.2]
        g = exercise.ppo_clip_grad(logits, pi_old, np.array([1.0, -1.0]), 0.2)
        np.testing.assert_allclose(g, 0.0, atol=1e-12, err_msg="A > 0 with rho > 1 + eps, A < 0 with rho < 1 - eps: nothing to gain")
        g = exercise.ppo_clip_grad(logits, pi_old, np.array([-1.0, 1.0]), 0.2)
        np.testing.assert_allclose(g, exercise.ppo_clip_grad(logits, pi_old, np.array([-1.0, 1.0]), None), atol=1e-12,
                                   err_msg="A < 0 with rho = 1.6 and A > 0 with rho = 0.4 are NOT clipped: the min takes "
                                           "the unclipped term, whose gradient pulls them back")
        self.assertGreater(np.abs(g).max(), 0.1)

    def test_repeated_epochs_run_away_without_the_clip(self):
        rewards = fitted_rewards()
        start = exercise.objective(SFT, rewards, SFT, 1.0)
        out = {}
        for eps in (0.2, None):
            pi = softmax(exercise.ppo_iteration(np.log(SFT), rewards, SFT, 1.0, lr=1.0, epochs=20, eps=eps))
            out[eps] = (exercise.kl(pi, SFT), exercise.objective(pi, rewards, SFT, 1.0))
        log_metric("ppo_kl_clipped", out[0.2][0])
        log_metric("ppo_kl_unclipped", out[None][0])
        self.assertLess(out[0.2][0], 0.1, "20 epochs on one batch, clipped: the policy moves a little")
        self.assertGreater(out[0.2][1], start, "and the objective improves")
        self.assertGreater(out[None][0], 1.0, "without the clip the same 20 epochs run far from the old policy")
        self.assertLess(out[None][1], start, "and the objective ends worse than it started")


class HackingTest(unittest.TestCase):
    def test_the_kl_penalty_against_reward_hacking(self):
        rewards = fitted_rewards()
        sweep = {beta: exercise.kl_optimal_policy(SFT, rewards, beta) for beta in (5.0, 2.0, 1.0, 0.5, 0.2, 0.1)}
        for beta, pi in sweep.items():
            log_metric("sweep_reward", pi @ rewards)
            log_metric("sweep_human", pi @ HUMAN)
        pg = np.log(SFT)
        for _ in range(60):
            pg = exercise.pg_step(pg, rewards, SFT, 1.0, 5.0)
        trained = softmax(pg)
        m = {"human_sft": SFT @ HUMAN, "human_kl": trained @ HUMAN, "human_hacked": sweep[0.1] @ HUMAN,
             "reward_kl": trained @ rewards, "reward_hacked": sweep[0.1] @ rewards,
             "pad_prob_kl": trained[PAD], "pad_prob_hacked": sweep[0.1][PAD], "kl_at_beta_1": exercise.kl(trained, SFT)}
        m["kl_gain"] = m["human_kl"] - m["human_sft"]
        m["hack_loss"] = m["human_sft"] - m["human_hacked"]
        for name, value in m.items():
            log_metric(name, value)
        rewards_by_beta = [sweep[b] @ rewards for b in sorted(sweep, reverse=True)]
        self.assertTrue(all(b > a for a, b in zip(rewards_by_beta, rewards_by_beta[1:])),
                        "a weaker penalty always buys more reward-model reward")
        self.assertGreater(m["kl_gain"], 0.2, "beta = 1: people like the trained policy better than the SFT one")
        self.assertGreater(m["hack_loss"], 2.0, "beta = 0.1: the policy writes the padded reply and people hate it")
        self.assertGreater(m["pad_prob_hacked"], 0.9)
        self.assertLess(m["pad_prob_kl"], 0.1)


if __name__ == "__main__":
    unittest.main()
