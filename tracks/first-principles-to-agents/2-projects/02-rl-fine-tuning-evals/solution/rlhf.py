"""Project 2: RL fine-tuning with a reward model, and the evaluation pipeline that keeps it honest.

The policy is a softmax over the candidate responses of a prompt, with logits Phi @ theta
(Phi: one row of features per candidate, features.py). RLHF at small scale:
  1. a reward model r(x, a) = w . phi(x, a), fitted to human preference pairs (Bradley-Terry)
  2. REINFORCE on the reward minus beta * log(pi / pi_base): the KL-penalised objective of InstructGPT
  3. an evaluation pipeline: a held-out set, win rate against the base policy judged by a
     (position-biased) pairwise judge, and a reward-hacking detector

    python3 evals/harness.py                 # the eval harness by hand; writes reports/eval.md
    trail check rl-fine-tuning-evals         # the same harness, measured by Trailguide
"""
import re

import numpy as np


# ------------------------------------------------------------------ the policy

def policy_probs(theta, Phi):
    """pi(a | x) for every candidate a: softmax of Phi @ theta (shift by the max for stability)."""
    z = Phi @ theta
    e = np.exp(z - z.max())
    return e / e.sum()


def kl(p, q):
    """KL(p || q) = sum p log(p / q), with 0 log 0 = 0."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


# ------------------------------------------------------------------ the reward model

def bt_loss_and_grad(w, D, l2=0.0):
    """Bradley-Terry: D holds phi(chosen) - phi(rejected), one row per pair.
    loss = -mean log sigmoid(D @ w) + l2/2 |w|^2, and its gradient."""
    m = D @ w
    loss = float(np.mean(np.logaddexp(0.0, -m)) + 0.5 * l2 * w @ w)
    s = 1.0 / (1.0 + np.exp(-m))
    grad = -((1.0 - s)[:, None] * D).mean(axis=0) + l2 * w
    return loss, grad


def train_reward_model(D, steps=2000, lr=1.0, l2=0.01):
    """Full-batch gradient descent on the Bradley-Terry loss, from w = 0."""
    w = np.zeros(D.shape[1])
    for _ in range(steps):
        _, grad = bt_loss_and_grad(w, D, l2)
        w -= lr * grad
    return w


def preference_accuracy(w, D):
    """Share of pairs where the reward model scores the chosen response strictly higher."""
    return float(np.mean(D @ w > 0))


# ------------------------------------------------------------------ RL fine-tuning

def rl_finetune(theta0, w, Phis, beta, steps=400, lr=5.0, batch=16, seed=0, callback=None, every=20):
    """REINFORCE with a KL penalty towards the base policy theta0.

    Each step: draw `batch` prompts, sample a ~ pi_theta, reward R = w.phi(a) - beta log(pi(a)/pi0(a)),
    advantage A = R - mean(R of the batch), and theta += lr * mean(A * grad log pi(a)), where
    grad log pi(a) = phi(a) - sum_b pi(b) phi(b). callback(step, theta) runs every `every` steps
    (and at step 0). Returns the final theta.
    """
    rng = np.random.default_rng(seed)
    theta = np.array(theta0, dtype=float)
    for step in range(steps + 1):
        if callback is not None and step % every == 0:
            callback(step, theta.copy())
        if step == steps:
            break
        idx = rng.integers(len(Phis), size=batch)
        grads, rewards = [], []
        for i in idx:
            Phi = Phis[i]
            p, p0 = policy_probs(theta, Phi), policy_probs(theta0, Phi)
            a = rng.choice(len(p), p=p)
            rewards.append(Phi[a] @ w - beta * np.log(p[a] / p0[a]))
            grads.append(Phi[a] - p @ Phi)
        rewards = np.array(rewards)
        advantages = rewards - rewards.mean()
        theta += lr * np.mean(advantages[:, None] * np.array(grads), axis=0)
    return theta


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


def judge_once(judge, prompt, a, b):
    """'A' or 'B': the judge's verdict with a shown first (the first standalone letter of its reply)."""
    reply = judge([{"role": "user", "content": JUDGE_PROMPT.format(prompt=prompt, a=a, b=b)}])
    match = re.search(r"\b([AB])\b", reply)
    return match.group(1) if match else None


def judge_pair(judge, prompt, a, b):
    """+1 if a is better, -1 if b is better, 0 for a tie: the judge sees both orders, and a verdict
    that flips with the order (position bias) counts as a tie."""
    if a == b:
        return 0
    first, second = judge_once(judge, prompt, a, b), judge_once(judge, prompt, b, a)
    if first == "A" and second == "B":
        return 1
    if first == "B" and second == "A":
        return -1
    return 0


def win_rate(judge, prompts, responses_a, responses_b):
    """(wins of a + half its ties) / number of prompts, each pair judged with judge_pair."""
    outcomes = [judge_pair(judge, p, a, b) for p, a, b in zip(prompts, responses_a, responses_b)]
    return (sum(o == 1 for o in outcomes) + 0.5 * sum(o == 0 for o in outcomes)) / len(outcomes)


def detect_reward_hacking(history, drop=0.05):
    """The first checkpoint step where the gold score has fallen more than `drop` below its best so far
    while the proxy reward is higher than at that best checkpoint; None if it never happens.

    history: [{"step", "proxy", "gold"}, ...] in step order.
    """
    best = None
    for h in history:
        if best is None or h["gold"] > best["gold"]:
            best = h
        elif h["gold"] < best["gold"] - drop and h["proxy"] > best["proxy"]:
            return h["step"]
    return None
