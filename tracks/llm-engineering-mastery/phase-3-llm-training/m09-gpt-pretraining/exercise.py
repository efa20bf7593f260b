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
    # TODO: n_val = round(len(ids) * val_fraction); train is everything before the last n_val tokens,
    # val the last n_val tokens. No shuffling: the held-out text must be text the model never saw.
    raise NotImplementedError("split")


def get_batch(data, batch_size, block_size, rng):
    """x, y of shape (batch_size, block_size): random windows of data, y is x shifted by one token."""
    # TODO: draw batch_size start positions s with rng.integers(0, len(data) - block_size, size=...);
    # x rows are data[s:s+block_size], y rows data[s+1:s+1+block_size]; stack them into (B, T) arrays.
    raise NotImplementedError("get_batch")


def lr_at(step, max_lr, warmup_steps, total_steps, min_lr):
    """Linear warm-up to max_lr over warmup_steps, then cosine decay to min_lr at total_steps."""
    # TODO: step < warmup_steps: max_lr * (step + 1) / warmup_steps.
    # step >= total_steps: min_lr. Otherwise p = (step - warmup_steps) / (total_steps - warmup_steps)
    # and lr = min_lr + (max_lr - min_lr) * (1 + cos(pi * p)) / 2.
    raise NotImplementedError("lr_at")


def clip_grad_norm(grads, max_norm):
    """Scales all gradients together so their global L2 norm is at most max_norm.
    Returns (grads, the norm before clipping)."""
    # TODO: norm = sqrt(sum of every squared entry of every gradient); if norm > max_norm, multiply
    # every gradient by max_norm / norm. Return (grads, norm).
    raise NotImplementedError("clip_grad_norm")


def evaluate(model, data, block_size):
    """Mean cross-entropy per token over data, cut into non-overlapping windows of block_size."""
    # TODO: windows start at 0, block_size, 2*block_size, ... while start + block_size < len(data);
    # x = data[s:s+block_size], y = data[s+1:s+1+block_size]. Average model.loss over the windows
    # (in batches of, say, 64, weighted by their size).
    raise NotImplementedError("evaluate")


def perplexity(mean_nll):
    return math.exp(mean_nll)


def train(model, train_data, val_data, steps, batch_size, max_lr, warmup_steps, min_lr, rng,
          eval_every=50, max_norm=1.0):
    """Pretrains model in place. Returns the history: a list of (step, train_loss, val_loss),
    one entry every eval_every steps and one after the last step."""
    opt = Adam(model.params)
    history = []
    # TODO: for each step: a batch from train_data; loss, grads = model.loss_and_grads(x, y);
    # clip the gradients to max_norm; opt.step(grads, lr_at(step, max_lr, warmup_steps, steps, min_lr)).
    # Every eval_every steps, and after the last step, append (step + 1, mean training loss since the
    # last entry, evaluate(model, val_data, model.block_size)).
    raise NotImplementedError("train")


def sample(model, prompt_ids, n_new, temperature, rng, top_k=None):
    """prompt_ids followed by n_new sampled ids. Each step looks at the last block_size ids."""
    ids = list(prompt_ids)
    # TODO: n_new times: logits of the last position for the context ids[-model.block_size:]
    # (model.forward(np.array([context]))[0, -1]), divided by temperature; with top_k, set every logit
    # below the k-th largest to -inf; softmax; draw the next id with rng.choice; append it.
    raise NotImplementedError("sample")


def write_report(report, samples, folder="."):
    """Writes folder/report.json (the report dict, with the samples under "samples") and
    folder/samples.txt (the samples, separated by a line of ten dashes)."""
    os.makedirs(folder, exist_ok=True)
    # TODO: report.json: the report dict plus "samples": the list of samples (json.dump, indent=2).
    # samples.txt: the samples joined by "\n----------\n".
    raise NotImplementedError("write_report")


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
