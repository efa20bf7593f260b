"""The full exercise: the same Transformer block in PyTorch, checked against your numpy
version, then trained on a task only attention can solve.

    pip install torch
    python3 full/block_torch.py

1. Block: an nn.Module with your own attention (no nn.MultiheadAttention). The weights of
   init_block(16) from exercise.py are copied in, and the two outputs must agree: logs
   max_abs_diff.
2. Training: token embeddings + learned position embeddings -> 2 causal blocks -> logits. The
   task: at every position from 3 on, output the token seen 3 positions earlier. A model
   without attention cannot do it. Logs train_loss every 100 steps and copy_accuracy on fresh
   sequences. Writes block_torch.txt. Under a minute on a CPU.
"""
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


class Block(nn.Module):
    """Pre-norm block with one causal attention head: the equations of the core exercise."""

    def __init__(self, d):
        super().__init__()
        self.Wq, self.Wk, self.Wv, self.Wo = (nn.Linear(d, d, bias=False) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.ff = nn.Sequential(nn.Linear(d, 4 * d), nn.ReLU(), nn.Linear(4 * d, d))

    def forward(self, x):                                  # x: (batch, T, d)
        T, d = x.shape[-2], x.shape[-1]
        a = self.ln1(x)
        q, k, v = self.Wq(a), self.Wk(a), self.Wv(a)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device))
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
        x = x + self.Wo(weights @ v)
        return x + self.ff(self.ln2(x))


def load_numpy_weights(block, p):
    """nn.Linear computes x W^T + b, so a numpy matrix W used as x @ W goes in transposed."""
    t = lambda a: torch.tensor(a, dtype=torch.float64)
    with torch.no_grad():
        for name in ("Wq", "Wk", "Wv", "Wo"):
            getattr(block, name).weight.copy_(t(p[name]).T)
        block.ln1.weight.copy_(t(p["ln1_g"]))
        block.ln1.bias.copy_(t(p["ln1_b"]))
        block.ln2.weight.copy_(t(p["ln2_g"]))
        block.ln2.bias.copy_(t(p["ln2_b"]))
        block.ff[0].weight.copy_(t(p["W1"]).T)
        block.ff[0].bias.copy_(t(p["b1"]))
        block.ff[2].weight.copy_(t(p["W2"]).T)
        block.ff[2].bias.copy_(t(p["b2"]))


class CopyModel(nn.Module):
    def __init__(self, vocab, d, T, n_blocks=2):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, d), nn.Embedding(T, d)
        self.blocks = nn.Sequential(*(Block(d) for _ in range(n_blocks)))
        self.head = nn.Linear(d, vocab)

    def forward(self, ids):
        x = self.tok(ids) + self.pos(torch.arange(ids.shape[1], device=ids.device))
        return self.head(self.blocks(x))


def main(steps=600, lag=3, vocab=10, T=16):
    torch.manual_seed(0)
    # 1. Same numbers as the numpy block.
    p = exercise.init_block(16, seed=0)
    x = np.random.default_rng(1).normal(size=(7, 16))
    expected, _ = exercise.transformer_block(x, p, causal=True)
    block = Block(16).double()
    load_numpy_weights(block, p)
    got = block(torch.tensor(x)[None]).detach().numpy()[0]
    diff = float(np.abs(got - expected).max())
    log_metric("max_abs_diff", diff)
    print(f"PyTorch block vs your numpy block: max |difference| = {diff:.2e}")

    # 2. Train on "repeat the token from `lag` positions back".
    model = CopyModel(vocab, 32, T)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    loss_fn = nn.CrossEntropyLoss()
    for step in range(1, steps + 1):
        ids = torch.randint(0, vocab, (64, T))
        logits = model(ids)[:, lag:]
        loss = loss_fn(logits.reshape(-1, vocab), ids[:, :-lag].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            log_metric("train_loss", loss.item(), step)
            print(f"step {step:4d}  loss {loss.item():.4f}")
    with torch.no_grad():
        ids = torch.randint(0, vocab, (500, T))
        acc = (model(ids)[:, lag:].argmax(-1) == ids[:, :-lag]).float().mean().item()
    log_metric("copy_accuracy", acc)
    print(f"copy accuracy on fresh sequences: {acc:.4f}")
    with open("block_torch.txt", "w") as f:
        f.write(f"max_abs_diff {diff:.3e}\ncopy_accuracy {acc:.4f}\n")


if __name__ == "__main__":
    main()
