"""The full exercise: the same Transformer block in PyTorch, checked against your numpy
version, then trained on a task only attention can solve.

    pip install torch
    python3 full/block_torch.py

1. Block: an nn.Module with your own attention (no nn.MultiheadAttention). The weights of
   init_block(16) from exercise.py are copied in, and the two outputs must agree: logs
   max_abs_diff.
2. Training: token embeddings + learned position embeddings -> 2 causal blocks -> logits. The
   task: at every position from 3 on, output the token seen 3 positions earlier. A model
   without attention cannot do it. Log train_loss every 100 steps and copy_accuracy on fresh
   sequences. Write block_torch.txt. Under a minute on a CPU.
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
        # TODO: a = ln1(x); q, k, v; scores q k^T / sqrt(d); masked_fill the future with -inf;
        #       softmax; x = x + Wo(weights @ v); then x + ff(ln2(x))
        raise NotImplementedError("Block.forward")


def load_numpy_weights(block, p):
    """nn.Linear computes x W^T + b, so a numpy matrix W used as x @ W goes in transposed."""
    # TODO: under torch.no_grad(), copy every array of p into the block: the four projections and
    #       the two feed-forward matrices TRANSPOSED (.T), the layer-norm gammas/betas and biases as they are
    raise NotImplementedError("load_numpy_weights")


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
        # TODO: logits of positions lag.. and targets ids[:, :-lag]; cross-entropy; backward; step
        # TODO: every 100 steps log_metric("train_loss", loss.item(), step)
        raise NotImplementedError("training step")
    with torch.no_grad():
        ids = torch.randint(0, vocab, (500, T))
        acc = (model(ids)[:, lag:].argmax(-1) == ids[:, :-lag]).float().mean().item()
    log_metric("copy_accuracy", acc)
    print(f"copy accuracy on fresh sequences: {acc:.4f}")
    with open("block_torch.txt", "w") as f:
        f.write(f"max_abs_diff {diff:.3e}\ncopy_accuracy {acc:.4f}\n")


if __name__ == "__main__":
    main()
