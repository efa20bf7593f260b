"""Section 16 (Reinforcement Learning Fine-Tuning): a reward model from preferences, a policy
optimised against it, and the ways this goes wrong.

One prompt, eight possible replies (data/replies.json): the "policy" is a softmax over them,
starting from the supervised fine-tuned (SFT) model's probabilities. You fit a Bradley–Terry
reward model on human preference pairs, optimise the policy against it with a KL penalty,
watch it hack the reward model when the penalty is too small, watch too large a step undo the
progress, and write PPO's clipped update that keeps repeated updates on one batch in check.
Held-out human scores (data/human_scores.json) say what the reward model only estimates.

    python3 exercise.py                                # the reward model, the beta sweep, the step sizes
    trail check reinforcement-learning-fine-tuning     # runs the tests

Only numpy (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import json

import numpy as np


def load_data(folder="data"):
    """(features (8, 3), pairs {"train": (n, 2), "test": (m, 2)} as [chosen, rejected], human scores (8,), SFT policy (8,))."""
    with open(f"{folder}/replies.json", encoding="utf-8") as f:
        features = np.array([r["features"] for r in json.load(f)["replies"]], dtype=float)
    pairs = {"train": [], "test": []}
    with open(f"{folder}/preferences.jsonl", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            pairs[p["split"]].append([p["chosen"], p["rejected"]])
    with open(f"{folder}/human_scores.json", encoding="utf-8") as f:
        human = np.array(json.load(f))
    with open(f"{folder}/sft_policy.json", encoding="utf-8") as f:
        sft = np.array(json.load(f))
    return features, {k: np.array(v) for k, v in pairs.items()}, human, sft


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(logits):
    e = np.exp(logits - np.max(logits))
    return e / e.sum()


# ---------------------------------------------------------------- the reward model

def bt_loss_and_grad(w, features, pairs, l2=0.01):
    """Bradley–Terry loss of a linear reward r = features @ w on [chosen, rejected] pairs, and its
    gradient: loss = mean(-log sigmoid(r_c - r_r)) + l2/2 * |w|^2,
    grad = -mean((1 - sigmoid(r_c - r_r)) * (phi_c - phi_r)) + l2 * w."""
    d = features[pairs[:, 0]] - features[pairs[:, 1]]
    margin = d @ w
    loss = float(np.mean(-np.log(sigmoid(margin))) + 0.5 * l2 * w @ w)
    grad = -np.mean((1 - sigmoid(margin))[:, None] * d, axis=0) + l2 * w
    return loss, grad


def fit_reward_model(features, pairs, lr=0.5, steps=500, l2=0.01):
    """Gradient descent on bt_loss_and_grad from w = 0. Returns w."""
    w = np.zeros(features.shape[1])
    for _ in range(steps):
        _, grad = bt_loss_and_grad(w, features, pairs, l2)
        w -= lr * grad
    return w


def pairwise_accuracy(rewards, pairs):
    """Share of pairs where the chosen reply gets the higher reward."""
    return float(np.mean(rewards[pairs[:, 0]] > rewards[pairs[:, 1]]))


# ---------------------------------------------------------------- the objective

def kl(p, q):
    """KL(p || q) = sum p log(p / q), in nats (terms with p = 0 count 0)."""
    mask = p > 0
    return float(np.sum(p[mask] * (np.log(p[mask]) - np.log(q[mask]))))


def objective(pi, rewards, pi_ref, beta):
    """What RL fine-tuning maximises: E_pi[r] - beta * KL(pi || pi_ref)."""
    return float(pi @ rewards - beta * kl(pi, pi_ref))


def kl_optimal_policy(pi_ref, rewards, beta):
    """The policy that maximises the objective, in closed form: pi(a) ∝ pi_ref(a) * exp(r(a) / beta).
    Compute it stably (subtract the largest r / beta before exp)."""
    z = np.log(pi_ref) + rewards / beta
    return softmax(z)


# ---------------------------------------------------------------- policy gradient

def pg_step(logits, rewards, pi_ref, beta, lr):
    """One exact policy-gradient step on the objective for a softmax policy: with
    r'(a) = r(a) - beta * (log pi(a) - log pi_ref(a)), the gradient is pi * (r' - pi · r').
    Returns the new logits (the input is not modified)."""
    pi = softmax(logits)
    shaped = rewards - beta * (np.log(pi) - np.log(pi_ref))
    return logits + lr * pi * (shaped - pi @ shaped)


# ---------------------------------------------------------------- PPO

def ppo_clip_grad(logits, pi_old, advantages, eps):
    """Gradient, with respect to the logits, of L = sum_a pi_old(a) * min(rho_a A_a, clip(rho_a, 1-eps, 1+eps) A_a),
    rho_a = pi(a) / pi_old(a). A term counts only where the unclipped value is the one the min takes
    and moves: A > 0 and rho < 1 + eps, or A < 0 and rho > 1 - eps. With eps None, no clipping.
    d rho_a / d logit_j = rho_a * (1[a = j] - pi(j))."""
    pi = softmax(logits)
    rho = pi / pi_old
    if eps is None:
        active = np.ones_like(rho, dtype=bool)
    else:
        active = ((advantages > 0) & (rho < 1 + eps)) | ((advantages < 0) & (rho > 1 - eps))
    c = np.where(active, pi_old * advantages * rho, 0.0)
    return c - pi * c.sum()


def ppo_iteration(logits, rewards, pi_ref, beta, lr, epochs, eps=0.2):
    """One PPO iteration: freeze pi_old = softmax(logits); shaped rewards r' as in pg_step with
    pi_old; advantages A = r' - pi_old · r'; then `epochs` gradient-ascent steps of size lr on the
    clipped surrogate (ppo_clip_grad with that eps). Returns the new logits."""
    pi_old = softmax(logits)
    shaped = rewards - beta * (np.log(pi_old) - np.log(pi_ref))
    advantages = shaped - pi_old @ shaped
    new = logits.copy()
    for _ in range(epochs):
        new = new + lr * ppo_clip_grad(new, pi_old, advantages, eps)
    return new


if __name__ == "__main__":
    features, pairs, human, sft = load_data()
    w = fit_reward_model(features, pairs["train"])
    rm = features @ w
    print(f"reward model w = {np.round(w, 3)}; test accuracy {pairwise_accuracy(rm, pairs['test']):.2f}")
    print(f"rewards {np.round(rm, 2)}\nhuman   {np.round(human, 2)}")
    print(f"SFT policy: reward {sft @ rm:.3f}, human score {sft @ human:.3f}")
    for beta in (5.0, 2.0, 1.0, 0.5, 0.2, 0.1):
        pi = kl_optimal_policy(sft, rm, beta)
        print(f"beta {beta:4.1f}: reward {pi @ rm:.3f}, human {pi @ human:6.3f}, KL {kl(pi, sft):.3f}, "
              f"P(padded reply) {pi[6]:.3f}")
    for lr in (5.0, 20.0):
        logits, js = np.log(sft), []
        for _ in range(40):
            logits = pg_step(logits, rm, sft, 1.0, lr)
            js.append(objective(softmax(logits), rm, sft, 1.0))
        print(f"policy gradient, lr {lr}: objective {np.round(js[:6], 3)} ... {js[-1]:.3f}")
