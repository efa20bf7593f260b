"""Full exercise of Project 2: RL fine-tuning of a real language model, with the same evaluation
discipline as the core — a held-out set, a win rate against the base model judged by a model the
policy never trained against, a KL budget, and your reward-hacking detector.

    python3 full/rlhf_gpt2.py            # from the node folder; needs torch, transformers, datasets,
                                         # a GPU and the network (it downloads ~0.8 GB once)

The classic TRL sentiment task, written out in plain PyTorch so every line of the RLHF loop is
visible: the policy lvwerra/gpt2-imdb (GPT-2 fine-tuned on IMDB reviews) continues the first
words of a review; the reward model lvwerra/distilbert-imdb scores how positive the text is; the
objective is reward - beta * KL(policy || frozen reference), optimised with REINFORCE and a
normalised batch advantage (InstructGPT's objective without PPO's clipping). The held-out judge
is a different classifier, distilbert-base-uncased-finetuned-sst-2-english, on reviews from the
IMDB test split: if the policy learns to please its own reward model in ways another judge does
not share, or its text collapses into repetition (distinct-2 falls), the detector should say so.

Logs full_* metrics and writes reports/full_eval.md. About 10-30 minutes on one GPU.
"""
import json
import os
import random
import sys

import numpy as np
import torch
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import rlhf  # noqa: E402  (your detect_reward_hacking)

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

POLICY = "lvwerra/gpt2-imdb"
REWARD_MODEL = "lvwerra/distilbert-imdb"
JUDGE = "distilbert-base-uncased-finetuned-sst-2-english"
DATASET = "stanfordnlp/imdb"
CONFIG = {"steps": 150, "batch": 32, "lr": 1.41e-5, "beta": 0.05, "max_new_tokens": 24, "every": 15,
          "eval_prompts": 128, "kl_budget": 12.0, "seed": 0}
DEVICE = "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")


def make_prompts(split, n, seed):
    """The first 4 to 8 words of n reviews of the split: the policy writes the rest."""
    rng = random.Random(seed)
    reviews = load_dataset(DATASET, split=split).shuffle(seed=seed).select(range(n))["text"]
    return [" ".join(r.replace("<br />", " ").split()[:rng.randint(4, 8)]) for r in reviews]


class Scorer:
    """A sentiment classifier as a scorer: the logit (reward) or the probability (judge) of 'positive'."""

    def __init__(self, name):
        self.tok = AutoTokenizer.from_pretrained(name)
        self.model = AutoModelForSequenceClassification.from_pretrained(name).to(DEVICE).eval()
        labels = {v.upper(): int(k) for k, v in self.model.config.id2label.items()}
        self.pos = next((i for label, i in labels.items() if label.startswith("POS")), 1)

    @torch.no_grad()
    def logits(self, texts):
        enc = self.tok(texts, truncation=True, max_length=256, padding=True, return_tensors="pt").to(DEVICE)
        return self.model(**enc).logits.float()

    def reward(self, texts):
        return self.logits(texts)[:, self.pos]

    def prob(self, texts):
        return torch.softmax(self.logits(texts), dim=-1)[:, self.pos]


def positions(attention_mask):
    """Position ids that skip the left padding, as generate() uses them."""
    return (attention_mask.cumsum(-1) - 1).clamp(min=0)


def generate(model, tok, prompts, seed, sample=True):
    """(sequences, attention mask, prompt length P, response mask, response texts with their prompts)."""
    enc = tok(prompts, return_tensors="pt", padding=True).to(DEVICE)
    torch.manual_seed(seed)
    with torch.no_grad():
        seq = model.generate(**enc, max_new_tokens=CONFIG["max_new_tokens"], do_sample=sample, top_k=0, top_p=1.0,
                             pad_token_id=tok.eos_token_id)
    P = enc["input_ids"].shape[1]
    response = seq[:, P:]
    is_eos = (response == tok.eos_token_id).long()
    mask = ((is_eos.cumsum(-1) - is_eos) == 0).long()          # up to and including the first end token
    attention = torch.cat([enc["attention_mask"], mask], dim=1)
    texts = [p + tok.decode(r[m.bool()], skip_special_tokens=True) for p, r, m in zip(prompts, response, mask)]
    return seq, attention, P, mask, texts


def response_logprobs(model, seq, attention, P):
    """log pi(token) of every response token, shape (batch, response length)."""
    logits = model(input_ids=seq, attention_mask=attention, position_ids=positions(attention)).logits[:, :-1].float()
    logp = torch.log_softmax(logits, dim=-1).gather(-1, seq[:, 1:, None]).squeeze(-1)
    return logp[:, P - 1:]


def distinct2(texts):
    """Distinct bigrams / all bigrams of the generated texts: near 1 for varied text, low for repetition."""
    grams = [tuple(t.split()[i:i + 2]) for t in texts for i in range(len(t.split()) - 1)]
    return len(set(grams)) / max(1, len(grams))


def rl_step(policy, ref, tok, reward_model, opt, prompts, seed):
    """One REINFORCE step on reward - beta * KL; returns the batch's mean reward and KL."""
    seq, attention, P, mask, texts = generate(policy, tok, prompts, seed)
    logp = response_logprobs(policy, seq, attention, P)
    with torch.no_grad():
        logp_ref = response_logprobs(ref, seq, attention, P)
        score = reward_model.reward(texts)
    kl_seq = ((logp - logp_ref) * mask).sum(-1)                 # log pi/pi_ref of the sampled response
    reward = score - CONFIG["beta"] * kl_seq.detach()
    advantage = (reward - reward.mean()) / (reward.std() + 1e-8)
    loss = -(advantage * (logp * mask).sum(-1)).mean()
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
    opt.step()
    return float(score.mean()), float(kl_seq.mean())


def evaluate(policy, ref, tok, reward_model, judge, prompts, seed):
    """Proxy reward, held-out judge score, KL to the reference and distinct-2 on held-out prompts."""
    seq, attention, P, mask, texts = generate(policy, tok, prompts, seed)
    with torch.no_grad():
        kl_seq = ((response_logprobs(policy, seq, attention, P) - response_logprobs(ref, seq, attention, P)) * mask).sum(-1)
    return {"proxy": float(reward_model.reward(texts).mean()), "gold": float(judge.prob(texts).mean()),
            "kl": float(kl_seq.mean()), "distinct2": distinct2(texts), "texts": texts}


def main():
    torch.manual_seed(CONFIG["seed"])
    tok = AutoTokenizer.from_pretrained(POLICY)
    tok.pad_token, tok.padding_side = tok.eos_token, "left"
    policy = AutoModelForCausalLM.from_pretrained(POLICY).to(DEVICE).eval()   # eval: no dropout, in sampling or scoring
    ref = AutoModelForCausalLM.from_pretrained(POLICY).to(DEVICE).eval()
    for p in ref.parameters():
        p.requires_grad_(False)
    reward_model, judge = Scorer(REWARD_MODEL), Scorer(JUDGE)
    train_prompts = make_prompts("train", 4000, CONFIG["seed"])
    held_out = make_prompts("test", CONFIG["eval_prompts"], CONFIG["seed"] + 1)   # reviews the policy never saw
    opt = torch.optim.Adam(policy.parameters(), lr=CONFIG["lr"])
    rng = random.Random(CONFIG["seed"])

    base = evaluate(ref, ref, tok, reward_model, judge, held_out, seed=123)
    history = []
    for step in range(CONFIG["steps"] + 1):
        if step % CONFIG["every"] == 0:
            ev = evaluate(policy, ref, tok, reward_model, judge, held_out[:64], seed=123)
            history.append({"step": step, "proxy": ev["proxy"], "gold": ev["gold"], "kl": ev["kl"], "distinct2": ev["distinct2"]})
            print(f"step {step:4d}  proxy {ev['proxy']:+.3f}  held-out judge {ev['gold']:.3f}  KL {ev['kl']:.2f}  "
                  f"distinct-2 {ev['distinct2']:.3f}", flush=True)
            log_metric("full_proxy_reward", ev["proxy"], step)
            log_metric("full_heldout_judge", ev["gold"], step)
        if step == CONFIG["steps"]:
            break
        rl_step(policy, ref, tok, reward_model, opt, rng.sample(train_prompts, CONFIG["batch"]), seed=step)

    tuned = evaluate(policy, ref, tok, reward_model, judge, held_out, seed=123)
    with torch.no_grad():
        t_scores, b_scores = judge.prob(tuned["texts"]), judge.prob(base["texts"])
    d = (t_scores - b_scores).cpu().numpy()
    win_rate = float(np.mean(np.where(d > 0.05, 1.0, np.where(d < -0.05, 0.0, 0.5))))
    flagged = rlhf.detect_reward_hacking(history)
    collapsed = tuned["distinct2"] < 0.5 * base["distinct2"]
    over_budget = tuned["kl"] > CONFIG["kl_budget"]
    metrics = {"full_prompts": len(held_out), "full_win_rate_vs_base": win_rate,
               "full_rm_reward_base": base["proxy"], "full_rm_reward_tuned": tuned["proxy"],
               "full_judge_base": base["gold"], "full_judge_tuned": tuned["gold"], "full_kl": tuned["kl"],
               "full_distinct2_base": base["distinct2"], "full_distinct2_tuned": tuned["distinct2"],
               "full_hacking_flagged": float(flagged is not None or collapsed or over_budget)}
    for name, value in metrics.items():
        log_metric(name, value)
    os.makedirs("reports", exist_ok=True)
    with open(os.path.join("reports", "full_eval.md"), "w", encoding="utf-8") as f:
        f.write("# Eval report: RLHF on GPT-2 (full)\n\n")
        f.write(f"Policy {POLICY}, reward model {REWARD_MODEL}, held-out judge {JUDGE}, config {json.dumps(CONFIG)}.\n\n")
        f.write("| metric | value |\n|---|---:|\n")
        f.writelines(f"| {k} | {v:.3f} |\n" for k, v in metrics.items())
        f.write(f"\nDetector: {'flagged at step ' + str(flagged) if flagged is not None else 'not flagged'}; "
                f"text collapse: {collapsed}; KL over budget: {over_budget}.\n\n## History\n\n"
                "| step | proxy | held-out judge | KL | distinct-2 |\n|---:|---:|---:|---:|---:|\n")
        f.writelines(f"| {h['step']} | {h['proxy']:+.3f} | {h['gold']:.3f} | {h['kl']:.2f} | {h['distinct2']:.3f} |\n"
                     for h in history)
        f.write("\n## Samples (held-out prompts)\n\n")
        f.writelines(f"- base: {b!r}\n  tuned: {t!r}\n" for b, t in list(zip(base["texts"], tuned["texts"]))[:8])
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
