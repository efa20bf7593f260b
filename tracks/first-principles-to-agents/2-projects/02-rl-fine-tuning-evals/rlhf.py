"""Project 2: RL fine-tuning with a reward model, and the evaluation pipeline that keeps it honest.

The policy is a softmax over the candidate responses of a prompt, with logits Phi @ theta
(Phi: one row of features per candidate, features.py). RLHF at small scale:
  1. a reward model r(x, a) = w . phi(x, a), fitted to human preference pairs (Bradley-Terry)
  2. REINFORCE on the reward minus beta * log(pi / pi_base): the KL-penalised objective of InstructGPT
  3. an evaluation pipeline: a held-out set, win rate against the base policy judged by a
     (position-biased) pairwise judge, and a reward-hacking detector

    python3 evals/harness.py                 # the eval harness by hand; writes reports/eval.md
    trail check rl-fine-tuning-evals         # the same harness, measured by Trailguide

numpy and the standard library. The overview states the exact interface the harness uses; the
names and arguments below are that interface. Fill in every TODO.
"""
import re

import numpy as np


# ------------------------------------------------------------------ the policy

def policy_probs(theta, Phi):
    """pi(a | x) for every candidate a: softmax of Phi @ theta (shift by the max for stability)."""
    raise NotImplementedError("policy_probs")  # TODO


def kl(p, q):
    """KL(p || q) = sum p log(p / q), with 0 log 0 = 0."""
    raise NotImplementedError("kl")  # TODO


# ------------------------------------------------------------------ the reward model

def bt_loss_and_grad(w, D, l2=0.0):
    """Bradley-Terry: D holds phi(chosen) - phi(rejected), one row per pair.
    loss = -mean log sigmoid(D @ w) + l2/2 |w|^2; returns (loss, gradient)."""
    # TODO: -log sigmoid(m) = log(1 + e^-m) = np.logaddexp(0, -m); d/dm = -(1 - sigmoid(m))
    raise NotImplementedError("bt_loss_and_grad")


def train_reward_model(D, steps=2000, lr=1.0, l2=0.01):
    """Full-batch gradient descent on the Bradley-Terry loss, from w = 0; returns w."""
    raise NotImplementedError("train_reward_model")  # TODO


def preference_accuracy(w, D):
    """Share of pairs where the reward model scores the chosen response strictly higher."""
    raise NotImplementedError("preference_accuracy")  # TODO


# ------------------------------------------------------------------ RL fine-tuning

def rl_finetune(theta0, w, Phis, beta, steps=400, lr=5.0, batch=16, seed=0, callback=None, every=20):
    """REINFORCE with a KL penalty towards the base policy theta0; returns the final theta.

    Each step: draw `batch` prompts (rng.integers), sample a ~ pi_theta(. | x) (rng.choice with p=...),
    reward R = w . phi(a) - beta * log(pi(a) / pi0(a)), advantage A = R - mean(R over the batch),
    theta += lr * mean(A * grad log pi(a)), with grad log pi(a) = phi(a) - sum_b pi(b) phi(b).
    Call callback(step, theta.copy()) at step 0, every `every` steps, and after the last step.
    """
    rng = np.random.default_rng(seed)
    theta = np.array(theta0, dtype=float)
    # TODO: the loop above
    raise NotImplementedError("rl_finetune")


def greedy(theta, Phi):
    """The index of the most likely candidate."""
    return int(np.argmax(Phi @ theta))


# ------------------------------------------------------------------ evaluation pipeline

JUDGE_PROMPT = """You are judging two answers of a customer-support assistant for the app Kestrel Notes.
Which answer is more helpful and correct for the user? Reply with the letter A or B, then a short reason.

Question: {prompt}

Response A:
{a}

Response B:
{b}"""


def judge_pair(judge, prompt, a, b):
    """+1 if a is better, -1 if b is better, 0 for a tie.

    judge(messages) -> str is a model: send it JUDGE_PROMPT as one user message and read the first
    standalone A or B of its reply. Ask twice, a shown first and then b shown first; a verdict that
    flips with the order (position bias) is a tie. Identical responses are a tie without a call.
    """
    raise NotImplementedError("judge_pair")  # TODO


def win_rate(judge, prompts, responses_a, responses_b):
    """(wins of a + half of the ties) / number of prompts, each pair judged with judge_pair."""
    raise NotImplementedError("win_rate")  # TODO


def detect_reward_hacking(history, drop=0.05):
    """The first checkpoint step where the gold score has fallen more than `drop` below its best so far
    while the proxy reward is higher than at that best checkpoint; None if it never happens.

    history: [{"step", "proxy", "gold"}, ...] in step order.
    """
    raise NotImplementedError("detect_reward_hacking")  # TODO
