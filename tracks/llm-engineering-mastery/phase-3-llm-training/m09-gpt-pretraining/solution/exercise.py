"""Pretraining a tiny GPT on a corpus: the data pipeline, the training loop, perplexity on a
held-out split, sampling, and the report.

The model is tinygpt.TinyGPT (forward, loss_and_grads) and tinygpt.Adam; this file is the
pipeline around them. Tokens are characters here (M8's BPE would work the same way).
"""
import json
import math
import os

import numpy as np

from tinygpt import Adam, TinyGPT


def build_vocab(text):
    """(stoi, itos): the sorted distinct characters of text, and their ids 0..V-1."""
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    itos = {i: ch for i, ch in enumerate(chars)}
    return stoi, itos


def encode(text, stoi):
    return [stoi[ch] for ch in text]


def decode(ids, itos):
    return "".join(itos[int(i)] for i in ids)


def split(ids, val_fraction=0.1):
    """(train, val) as numpy int arrays: the last val_fraction of the tokens is held out, in one piece."""
    ids = np.asarray(ids)
    n_val = int(round(len(ids) * val_fraction))
    return ids[: len(ids) - n_val], ids[len(ids) - n_val:]


def get_batch(data, batch_size, block_size, rng):
    """x, y of shape (batch_size, block_size): random windows of data, y is x shifted by one token."""
    starts = rng.integers(0, len(data) - block_size, size=batch_size)
    x = np.stack([data[s: s + block_size] for s in starts])
    y = np.stack([data[s + 1: s + 1 + block_size] for s in starts])
    return x, y


def lr_at(step, max_lr, warmup_steps, total_steps, min_lr):
    """Linear warm-up to max_lr over warmup_steps, then cosine decay to min_lr at total_steps."""
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (max_lr - min_lr)


def clip_grad_norm(grads, max_norm):
    """Scales all gradients together so their global L2 norm is at most max_norm.
    Returns (grads, the norm before clipping)."""
    norm = math.sqrt(sum(float((g * g).sum()) for g in grads.values()))
    if norm > max_norm:
        grads = {k: g * (max_norm / norm) for k, g in grads.items()}
    return grads, norm


def evaluate(model, data, block_size):
    """Mean cross-entropy per token over data, cut into non-overlapping windows of block_size."""
    data = np.asarray(data)
    starts = list(range(0, len(data) - block_size, block_size))
    x = np.stack([data[s: s + block_size] for s in starts])
    y = np.stack([data[s + 1: s + 1 + block_size] for s in starts])
    total = 0.0
    for i in range(0, len(x), 64):
        total += model.loss(x[i: i + 64], y[i: i + 64]) * len(x[i: i + 64])
    return total / len(x)


def perplexity(mean_nll):
    return math.exp(mean_nll)


def train(model, train_data, val_data, steps, batch_size, max_lr, warmup_steps, min_lr, rng,
          eval_every=50, max_norm=1.0):
    """Pretrains model in place. Returns the history: a list of (step, train_loss, val_loss),
    one entry every eval_every steps and one after the last step."""
    opt = Adam(model.params)
    history = []
    recent = []
    for step in range(steps):
        x, y = get_batch(train_data, batch_size, model.block_size, rng)
        loss, grads = model.loss_and_grads(x, y)
        grads, _ = clip_grad_norm(grads, max_norm)
        opt.step(grads, lr_at(step, max_lr, warmup_steps, steps, min_lr))
        recent.append(loss)
        if (step + 1) % eval_every == 0 or step + 1 == steps:
            history.append((step + 1, float(np.mean(recent)), evaluate(model, val_data, model.block_size)))
            recent = []
    return history


def sample(model, prompt_ids, n_new, temperature, rng, top_k=None):
    """prompt_ids followed by n_new sampled ids. Each step looks at the last block_size ids."""
    ids = list(prompt_ids)
    for _ in range(n_new):
        context = np.array([ids[-model.block_size:]])
        logits = model.forward(context)[0, -1] / temperature
        if top_k is not None:
            cutoff = np.sort(logits)[-top_k]
            logits = np.where(logits < cutoff, -np.inf, logits)
        p = np.exp(logits - logits.max())
        p /= p.sum()
        ids.append(int(rng.choice(len(p), p=p)))
    return ids


def write_report(report, samples, folder="."):
    """Writes folder/report.json (the report dict, with the samples under "samples") and
    folder/samples.txt (the samples, separated by a line of ten dashes)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "report.json"), "w", encoding="utf-8") as f:
        json.dump(dict(report, samples=list(samples)), f, indent=2)
    with open(os.path.join(folder, "samples.txt"), "w", encoding="utf-8") as f:
        f.write("\n----------\n".join(samples) + "\n")


def valid_word_rate(texts, known_words):
    """Share of the words of texts (split on spaces and dots) that are in known_words."""
    words = [w for t in texts for w in t.replace(".", " ").replace("\n", " ").split()]
    return sum(w in known_words for w in words) / max(1, len(words))


if __name__ == "__main__":
    from trail_metrics import log_metric

    here = os.path.dirname(os.path.abspath(__file__))
    text = open(os.path.join(here, "data", "corpus.txt"), encoding="utf-8").read()
    stoi, itos = build_vocab(text)
    train_data, val_data = split(encode(text, stoi), 0.1)
    model = TinyGPT(len(stoi), block_size=32, d_model=48, n_head=4, n_layer=2, seed=0)
    rng = np.random.default_rng(0)
    steps = 400
    history = train(model, train_data, val_data, steps=steps, batch_size=16, max_lr=1e-2,
                    warmup_steps=20, min_lr=1e-3, rng=rng, eval_every=50)
    for step, train_loss, val_loss in history:
        log_metric("train_loss", train_loss, step)
        log_metric("val_loss", val_loss, step)
        print(f"step {step:4d}  train loss {train_loss:.3f}  val loss {val_loss:.3f}  val ppl {math.exp(val_loss):.2f}")
    val_nll = evaluate(model, val_data, model.block_size)
    train_nll = evaluate(model, train_data[: len(val_data)], model.block_size)
    samples = [decode(sample(model, encode("the ", stoi), 200, 0.8, rng), itos) for _ in range(5)]
    known = set(text.replace(".", " ").split())
    report = {
        "dataset": "data/corpus.txt", "tokens_train": int(len(train_data)), "tokens_val": int(len(val_data)),
        "vocab_size": len(stoi), "params": model.num_params(), "steps": steps, "batch_size": 16,
        "block_size": model.block_size, "train_perplexity": perplexity(train_nll),
        "val_perplexity": perplexity(val_nll), "valid_word_rate": valid_word_rate(samples, known),
    }
    write_report(report, samples, here)
    log_metric("val_perplexity", report["val_perplexity"])
    log_metric("valid_word_rate", report["valid_word_rate"])
    log_metric("steps", steps)
    print(f"val perplexity {report['val_perplexity']:.2f}, valid words in samples {report['valid_word_rate']:.0%}")
    print("wrote report.json and samples.txt")
    print(samples[0])
