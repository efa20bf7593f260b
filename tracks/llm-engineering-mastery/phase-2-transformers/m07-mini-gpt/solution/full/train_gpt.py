"""M7, full version: the same mini GPT in PyTorch, larger and trained longer.

Run from the m7 folder: python3 full/train_gpt.py  (needs torch; a few minutes on a CPU).
It logs train_loss and val_loss, writes visualizations/loss_curve_torch.svg and
samples_torch.txt; the check then scores the samples with full/score_samples.py.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from plot import plot_curves  # noqa: E402  (M3's SVG line chart)

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

BLOCK, D_MODEL, N_HEADS, N_LAYERS = 64, 64, 4, 4
STEPS, BATCH, LR = 1000, 32, 1e-3


class Block(nn.Module):
    """Pre-LayerNorm block: x + attn(ln1(x)), then + mlp(ln2(x)) (as in M6)."""

    def __init__(self, d, n_heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, n_heads, bias=False, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(approximate="tanh"), nn.Linear(4 * d, d))

    def forward(self, x, blocked):
        a = self.ln1(x)
        x = x + self.attn(a, a, a, attn_mask=blocked, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, D_MODEL)
        self.pos = nn.Embedding(BLOCK, D_MODEL)
        self.blocks = nn.ModuleList(Block(D_MODEL, N_HEADS) for _ in range(N_LAYERS))
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, vocab_size, bias=False)

    def forward(self, idx):
        T = idx.shape[1]
        blocked = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)   # True = may not attend
        x = self.tok(idx) + self.pos(torch.arange(T))
        for block in self.blocks:
            x = block(x, blocked)
        return self.head(self.ln_f(x))


def get_batch(data, generator):
    starts = torch.randint(0, len(data) - BLOCK, (BATCH,), generator=generator)
    x = torch.stack([data[s:s + BLOCK] for s in starts])
    y = torch.stack([data[s + 1:s + BLOCK + 1] for s in starts])
    return x, y


@torch.no_grad()
def estimate_loss(model, data, generator, n_batches=20):
    model.eval()
    losses = []
    for _ in range(n_batches):
        x, y = get_batch(data, generator)
        logits = model(x)
        losses.append(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item())
    model.train()
    return sum(losses) / len(losses)


@torch.no_grad()
def generate(model, ids, n_new, generator, temperature=1.0):
    model.eval()
    ids = list(ids)
    for _ in range(n_new):
        logits = model(torch.tensor([ids[-BLOCK:]]))[0, -1] / temperature
        ids.append(int(torch.multinomial(F.softmax(logits, dim=-1), 1, generator=generator)))
    return ids


def main():
    torch.manual_seed(0)
    text = open("data/corpus.txt").read()
    vocab = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocab)}
    data = torch.tensor([index[ch] for ch in text])
    cut = int(0.9 * len(data))
    train_data, val_data = data[:cut], data[cut:]
    gen = torch.Generator().manual_seed(0)

    model = GPT(len(vocab))
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    print(f"{sum(p.numel() for p in model.parameters())} parameters; ln V = {math.log(len(vocab)):.3f}")
    losses = []
    for step in range(STEPS):
        x, y = get_batch(train_data, gen)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step % 20 == 0:
            log_metric("train_loss", loss.item(), step)
        if step % 500 == 0 or step == STEPS - 1:
            val = estimate_loss(model, val_data, torch.Generator().manual_seed(1))
            log_metric("val_loss", val, step)
            print(f"step {step:5}: train {loss.item():.3f}, val {val:.3f}")

    samples = "".join(vocab[i] for i in generate(model, [index["\n"]], 2000, torch.Generator().manual_seed(0)))
    with open("samples_torch.txt", "w") as f:
        f.write(samples)
    plot_curves({"train loss": losses}, "visualizations/loss_curve_torch.svg",
                title="mini GPT (PyTorch): training loss per step")
    print(samples[:500])


if __name__ == "__main__":
    main()
