"""Unit tests of the RLHF pipeline's parts, on small examples worked by hand: the policy, KL, the
Bradley-Terry reward model, REINFORCE with a KL penalty (against its closed-form optimum), and
the evaluation pipeline (pairwise judging with both orders, win rate, the reward-hacking
detector). The harness runs and counts them (unit_pass); `trail check` also lists each one.
"""
import math
import unittest

import numpy as np

import rlhf


class PolicyTest(unittest.TestCase):
    def test_softmax_of_the_logits(self):
        Phi = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        p = rlhf.policy_probs(np.array([1.0, -1.0]), Phi)
        e = np.exp([1.0, -1.0, 0.0])
        np.testing.assert_allclose(p, e / e.sum(), atol=1e-12, err_msg="pi = softmax(Phi @ theta)")
        big = rlhf.policy_probs(np.array([1000.0, 0.0]), Phi)
        self.assertTrue(np.all(np.isfinite(big)) and abs(big.sum() - 1) < 1e-12, "stable for large logits: subtract the max")

    def test_kl_by_hand(self):
        self.assertAlmostEqual(rlhf.kl([0.5, 0.5], [0.9, 0.1]), 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(5), places=10)
        self.assertAlmostEqual(rlhf.kl([0.2, 0.8], [0.2, 0.8]), 0.0, places=12)
        self.assertAlmostEqual(rlhf.kl([0.0, 1.0], [0.5, 0.5]), math.log(2), places=10, msg="0 log 0 counts as 0")


class RewardModelTest(unittest.TestCase):
    def test_loss_at_zero_and_gradient_by_central_differences(self):
        rng = np.random.default_rng(1)
        D = rng.normal(size=(20, 3))
        loss, _ = rlhf.bt_loss_and_grad(np.zeros(3), D)
        self.assertAlmostEqual(loss, math.log(2), places=10, msg="at w = 0 every pair has probability 1/2: loss ln 2")
        w = np.array([0.3, -0.7, 1.1])
        _, grad = rlhf.bt_loss_and_grad(w, D, l2=0.1)
        for j in range(3):
            e = np.zeros(3)
            e[j] = 1e-6
            numeric = (rlhf.bt_loss_and_grad(w + e, D, 0.1)[0] - rlhf.bt_loss_and_grad(w - e, D, 0.1)[0]) / 2e-6
            self.assertAlmostEqual(grad[j], numeric, places=5, msg=f"d loss / d w[{j}]")

    def test_fit_and_accuracy(self):
        rng = np.random.default_rng(2)
        X = rng.normal(size=(200, 2))
        D = X * np.sign(X @ np.array([2.0, -1.0]))[:, None]     # chosen - rejected agrees with (2, -1)
        w = rlhf.train_reward_model(D, steps=500, lr=1.0, l2=0.0)
        self.assertEqual(rlhf.preference_accuracy(w, D), 1.0)
        self.assertGreater(w[0] / np.linalg.norm(w), 0.85, "the fitted w points along (2, -1)")
        self.assertEqual(rlhf.preference_accuracy(np.zeros(2), D), 0.0, "a tie (equal scores) is not a correct ranking")


class FineTuneTest(unittest.TestCase):
    def test_converges_to_the_closed_form_optimum(self):
        # One prompt, one-hot features: pi_theta can be anything. The KL-penalised optimum is
        # pi*(a) = pi0(a) exp(r(a) / beta) / Z; with pi0 uniform, r = (1, 0, -1), beta = 1: softmax(1, 0, -1).
        Phi = np.eye(3)
        theta = rlhf.rl_finetune(np.zeros(3), np.array([1.0, 0.0, -1.0]), [Phi], beta=1.0, steps=1500, lr=0.5, batch=16, seed=0)
        target = np.exp([1.0, 0.0, -1.0]) / np.exp([1.0, 0.0, -1.0]).sum()
        np.testing.assert_allclose(rlhf.policy_probs(theta, Phi), target, atol=0.06,
                                   err_msg="REINFORCE on r - beta log(pi/pi0) should approach pi0 exp(r/beta) / Z = (0.665, 0.245, 0.090)")

    def test_beta_controls_the_distance_to_the_base(self):
        Phi, theta0, r = np.eye(3), np.array([0.5, 0.0, -0.5]), np.array([1.0, 0.0, -1.0])
        def kl_after(beta):
            theta = rlhf.rl_finetune(theta0, r, [Phi], beta=beta, steps=300, lr=0.5, batch=16, seed=0)
            return rlhf.kl(rlhf.policy_probs(theta, Phi), rlhf.policy_probs(theta0, Phi))
        # optimum pi0 exp(r / beta) / Z: KL 0.011 for beta = 5, 0.42 for beta = 0.5
        self.assertLess(kl_after(5.0), 0.03, "beta = 5: the policy stays close to the base")
        self.assertGreater(kl_after(0.5), 0.2, "beta = 0.5: the reward pulls it away")

    def test_callback_sees_the_checkpoints(self):
        steps = []
        rlhf.rl_finetune(np.zeros(3), np.ones(3), [np.eye(3)], beta=1.0, steps=40, lr=0.1, batch=4, seed=0,
                         callback=lambda step, theta: steps.append(step), every=20)
        self.assertEqual(steps, [0, 20, 40], "callback(step, theta) at step 0, every `every` steps, and at the end")


def biased_judge(quality):
    """A judge that names the clearly better response, and says 'A' when they are close (position bias)."""
    calls = []

    def judge(messages):
        calls.append(messages)
        text = messages[-1]["content"]
        a = text.split("Response A:")[1].split("Response B:")[0].strip()
        b = text.split("Response B:")[1].strip()
        if quality[b] - quality[a] >= 0.2:
            return "B, because it is correct."
        if quality[a] - quality[b] >= 0.2:
            return "A, because it is correct."
        return "A (they are about the same)."
    judge.calls = calls
    return judge


class EvalPipelineTest(unittest.TestCase):
    quality = {"good": 1.0, "also good": 0.9, "bad": 0.0}

    def test_judge_pair_uses_both_orders(self):
        judge = biased_judge(self.quality)
        self.assertEqual(rlhf.judge_pair(judge, "q?", "good", "bad"), 1)
        self.assertEqual(rlhf.judge_pair(judge, "q?", "bad", "good"), -1)
        self.assertEqual(rlhf.judge_pair(judge, "q?", "good", "also good"), 0,
                         "the judge says 'A' both times: a verdict that follows the position is a tie")
        self.assertEqual(len(judge.calls), 6, "two calls per pair, one per order")
        self.assertEqual(rlhf.judge_pair(judge, "q?", "good", "good"), 0)
        self.assertEqual(len(judge.calls), 6, "identical responses are a tie without asking the judge")
        self.assertIn("q?", judge.calls[0][-1]["content"], "the judge sees the question")

    def test_win_rate(self):
        judge = biased_judge(self.quality)
        self.assertEqual(rlhf.win_rate(judge, ["q1", "q2"], ["good", "good"], ["bad", "also good"]), 0.75,
                         "a win and a tie: (1 + 0.5) / 2")
        self.assertEqual(rlhf.win_rate(judge, ["q1", "q2"], ["also good", "bad"], ["good", "bad"]), 0.5,
                         "against itself, or with near-equal answers, a policy wins half")

    def test_detect_reward_hacking(self):
        rising = [{"step": s, "proxy": 1 + s / 100, "gold": 0.5 + s / 1000} for s in range(0, 101, 20)]
        self.assertIsNone(rlhf.detect_reward_hacking(rising), "proxy and gold rise together: no hacking")
        hacked = [{"step": 0, "proxy": 1.0, "gold": 0.50}, {"step": 20, "proxy": 1.5, "gold": 0.70},
                  {"step": 40, "proxy": 1.8, "gold": 0.68}, {"step": 60, "proxy": 2.4, "gold": 0.55},
                  {"step": 80, "proxy": 3.0, "gold": 0.20}]
        self.assertEqual(rlhf.detect_reward_hacking(hacked, drop=0.05), 60,
                         "gold 0.55 is more than 0.05 below its best (0.70 at step 20) while the proxy rose: step 60")
        both_fall = [{"step": 0, "proxy": 2.0, "gold": 0.7}, {"step": 20, "proxy": 1.0, "gold": 0.4}]
        self.assertIsNone(rlhf.detect_reward_hacking(both_fall), "gold fell with the proxy: a bad run, not reward hacking")


if __name__ == "__main__":
    unittest.main()
