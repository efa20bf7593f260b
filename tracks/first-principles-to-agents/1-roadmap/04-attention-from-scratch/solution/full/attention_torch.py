"""Full exercise of Section 4: attention implemented by hand in PyTorch, proven three ways, then trained.

    python3 full/attention_torch.py        # from the node folder; needs torch (CPU is fine, ~20 s)

1. attention() against your numpy version in exercise.py (same numbers, float64);
2. CausalSelfAttention against torch.nn.MultiheadAttention given the same weights (and against
   torch.nn.functional.scaled_dot_product_attention where your torch has it, 2.0 or later);
3. torch.autograd.gradcheck on attention(), and the causality test;
4. a one-layer model that must learn to copy the previous token, which only attention can do.
Metrics logged: max_abs_diff_numpy, max_abs_diff_mha, gradcheck_passed, future_leak, copy_accuracy.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402  (your numpy attention)

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        print(f"  {name} = {value}")


def attention(q, k, v, mask=None):
    """softmax(q kᵀ / sqrt(d_k)) v in torch. mask: bool, True where a query MAY look at a key.

    q (..., T_q, d_k), k (..., T_k, d_k), v (..., T_k, d_v). Returns (out, weights).
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: one Linear makes q, k, v; heads are d_model / n_heads wide."""

    def __init__(self, d_model, n_heads):
        super().__init__()
        assert d_model % n_heads == 0, "d_model must be a multiple of n_heads"
        self.n_heads = n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model)   # weight rows: [Wq; Wk; Wv], like nn.MultiheadAttention
        self.proj = nn.Linear(d_model, d_model)

    def forward(self, x):
        B, T, C = x.shape
        H = self.n_heads
        q, k, v = self.qkv(x).split(C, dim=-1)
        # (B, T, C) -> (B, H, T, C / H): head h owns features h*C/H .. (h+1)*C/H - 1
        q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in (q, k, v))
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device))
        out, _ = attention(q, k, v, mask)
        out = out.transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(out)


class CopyModel(nn.Module):
    """Token + position embeddings, one residual attention layer, a linear read-out."""

    def __init__(self, vocab, T, d_model=32, n_heads=2):
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(T, d_model)
        self.attn = CausalSelfAttention(d_model, n_heads)
        self.head = nn.Linear(d_model, vocab)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.size(1)))
        return self.head(x + self.attn(x))


def compare_with_numpy():
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 6, 8, generator=g, dtype=torch.float64) for _ in range(3))
    mask = torch.tril(torch.ones(6, 6, dtype=torch.bool))
    out, _ = attention(q, k, v, mask)
    ref, _ = exercise.scaled_dot_product_attention(q.numpy(), k.numpy(), v.numpy(), mask.numpy())
    return float(np.abs(out.numpy() - ref).max())


def compare_with_torch():
    torch.manual_seed(1)
    d_model, n_heads, T = 16, 4, 7
    mine = CausalSelfAttention(d_model, n_heads).double().eval()
    mha = nn.MultiheadAttention(d_model, n_heads, batch_first=True).double().eval()
    with torch.no_grad():
        mha.in_proj_weight.copy_(mine.qkv.weight)
        mha.in_proj_bias.copy_(mine.qkv.bias)
        mha.out_proj.weight.copy_(mine.proj.weight)
        mha.out_proj.bias.copy_(mine.proj.bias)
        x = torch.randn(3, T, d_model, dtype=torch.float64)
        # nn.MultiheadAttention's boolean mask is the opposite of ours: True means "may NOT attend".
        not_allowed = ~torch.tril(torch.ones(T, T, dtype=torch.bool))
        theirs, _ = mha(x, x, x, attn_mask=not_allowed, need_weights=False)
        diff_mha = float((mine(x) - theirs).abs().max())
        diff_sdpa = None
        if hasattr(torch.nn.functional, "scaled_dot_product_attention"):   # torch >= 2.0
            q, k, v = (torch.randn(2, 4, T, 8, dtype=torch.float64) for _ in range(3))
            allowed = torch.tril(torch.ones(T, T, dtype=torch.bool))      # here True means "may attend"
            ref = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
            diff_sdpa = float((attention(q, k, v, allowed)[0] - ref).abs().max())
    return diff_mha, diff_sdpa


def check_gradients_and_causality():
    q, k, v = (torch.randn(2, 5, 4, dtype=torch.float64, requires_grad=True) for _ in range(3))
    mask = torch.tril(torch.ones(5, 5, dtype=torch.bool))
    passed = torch.autograd.gradcheck(lambda a, b, c: attention(a, b, c, mask)[0], (q, k, v))
    torch.manual_seed(2)
    layer = CausalSelfAttention(16, 4).eval()
    x = torch.randn(1, 9, 16)
    leak = 0.0
    with torch.no_grad():
        base = layer(x)
        for t in range(8):
            changed = x.clone()
            changed[:, t + 1:] = torch.randn(1, 8 - t, 16) * 10
            leak = max(leak, float((layer(changed)[:, :t + 1] - base[:, :t + 1]).abs().max()))
    return passed, leak


def train_copy_task(vocab=16, T=12, steps=400, batch=64):
    """Target at position t is the token at t - 1: the model must look one step back."""
    torch.manual_seed(0)
    model = CopyModel(vocab, T)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(steps):
        idx = torch.randint(0, vocab, (batch, T))
        logits = model(idx)[:, 1:]
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), idx[:, :-1].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            log_metric("copy_loss", float(loss), step)
    model.eval()
    with torch.no_grad():
        idx = torch.randint(0, vocab, (512, T))
        predicted = model(idx)[:, 1:].argmax(dim=-1)
        return float((predicted == idx[:, :-1]).float().mean())


def main():
    log_metric("max_abs_diff_numpy", compare_with_numpy())
    diff_mha, diff_sdpa = compare_with_torch()
    log_metric("max_abs_diff_mha", diff_mha)
    if diff_sdpa is not None:
        log_metric("max_abs_diff_sdpa", diff_sdpa)
    passed, leak = check_gradients_and_causality()
    log_metric("gradcheck_passed", 1.0 if passed else 0.0)
    log_metric("future_leak", leak)
    accuracy = train_copy_task()
    log_metric("copy_accuracy", accuracy)
    print(f"MultiheadAttention diff {diff_mha:.2e}; gradcheck {passed}; "
          f"future leak {leak}; copy accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
