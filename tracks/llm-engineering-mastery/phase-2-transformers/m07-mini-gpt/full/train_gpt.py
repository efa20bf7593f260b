"""M7, full version: the same mini GPT in PyTorch, larger and trained longer.

Run from the m7 folder: python3 full/train_gpt.py  (needs torch; a few minutes on a CPU).
Fill in the TODOs; the rest is given.
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
        # TODO: the pre-LN block of M6 with these modules. nn.MultiheadAttention takes
        # (query, key, value, attn_mask=blocked, need_weights=False) and returns (output, weights);
        # in its attn_mask, True means "may NOT attend".
        raise NotImplementedError("Block.forward")


class GPT(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, D_MODEL)
        self.pos = nn.Embedding(BLOCK, D_MODEL)
        self.blocks = nn.ModuleList(Block(D_MODEL, N_HEADS) for _ in range(N_LAYERS))
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, vocab_size, bias=False)

    def forward(self, idx):
        # TODO: the boolean (T, T) mask with True above the diagonal (torch.triu(..., diagonal=1)),
        # token + position embeddings, the blocks, ln_f, head. Returns logits (B, T, V).
        raise NotImplementedError("GPT.forward")


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
        # TODO: a batch from train_data, the cross-entropy of the logits reshaped to (B*T, V),
        # zero_grad, backward, step; append loss.item() to losses; log_metric("train_loss", ...)
        # every 20 steps and log_metric("val_loss", estimate_loss(...), step) every 500 steps
        # and at the last step.
        raise NotImplementedError("the training loop")

    samples = "".join(vocab[i] for i in generate(model, [index["\n"]], 2000, torch.Generator().manual_seed(0)))
    with open("samples_torch.txt", "w") as f:
        f.write(samples)
    plot_curves({"train loss": losses}, "visualizations/loss_curve_torch.svg",
                title="mini GPT (PyTorch): training loss per step")
    print(samples[:500])


if __name__ == "__main__":
    main()
