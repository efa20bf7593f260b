"""M9 at full scale: pretrain a small GPT in PyTorch, report held-out perplexity and samples.

    python3 full/pretrain.py                       # the shipped corpus (two to three minutes on a CPU)
    python3 full/pretrain.py --data my_corpus.txt  # any UTF-8 text, e.g. TinyShakespeare

Writes full/report.json and full/samples.txt, and logs val_perplexity (and the loss curves)
for `trail check m9 --criterion full`. Needs PyTorch; uses a GPU when there is one.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand, outside a check
    def log_metric(name, value, step=None):
        pass

HERE = os.path.dirname(os.path.abspath(__file__))


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, n_head, block_size, dropout):
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.drop = nn.Dropout(dropout)
        self.register_buffer("mask", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)))

    def forward(self, x):
        B, T, C = x.shape
        hs = C // self.n_head
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, hs).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
        att = att.masked_fill(~self.mask[:T, :T], float("-inf"))
        att = self.drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.drop(self.proj(y))


class Block(nn.Module):
    def __init__(self, d_model, n_head, block_size, dropout):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attn = CausalSelfAttention(d_model, n_head, block_size, dropout)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model),
                                 nn.Dropout(dropout))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_head=4, n_layer=4, dropout=0.1):
        super().__init__()
        self.block_size = block_size
        self.wte = nn.Embedding(vocab_size, d_model)
        self.wpe = nn.Embedding(block_size, d_model)
        self.blocks = nn.Sequential(*[Block(d_model, n_head, block_size, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size, bias=False)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, idx, targets=None):
        T = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(T, device=idx.device))
        logits = self.head(self.ln_f(self.blocks(x)))
        loss = None if targets is None else F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss


def get_batch(data, batch_size, block_size, generator):
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s: s + block_size] for s in starts])
    y = torch.stack([data[s + 1: s + 1 + block_size] for s in starts])
    return x, y


def lr_at(step, max_lr, warmup, total, min_lr):
    if step < warmup:
        return max_lr * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (max_lr - min_lr)


@torch.no_grad()
def evaluate(model, data, block_size, device):
    """Mean NLL per token over non-overlapping windows of data."""
    model.eval()
    starts = range(0, len(data) - block_size, block_size)
    x = torch.stack([data[s: s + block_size] for s in starts]).to(device)
    y = torch.stack([data[s + 1: s + 1 + block_size] for s in starts]).to(device)
    total = 0.0
    for i in range(0, len(x), 128):
        _, loss = model(x[i: i + 128], y[i: i + 128])
        total += loss.item() * len(x[i: i + 128])
    model.train()
    return total / len(x)


@torch.no_grad()
def sample(model, ids, n_new, temperature, top_k, device, generator):
    model.eval()
    idx = torch.tensor([ids], device=device)
    for _ in range(n_new):
        logits, _ = model(idx[:, -model.block_size:])
        logits = logits[:, -1, :] / temperature
        if top_k:
            cutoff = torch.topk(logits, top_k).values[:, [-1]]
            logits = logits.masked_fill(logits < cutoff, float("-inf"))
        nxt = torch.multinomial(F.softmax(logits, dim=-1).cpu(), 1, generator=generator).to(device)
        idx = torch.cat([idx, nxt], dim=1)
    model.train()
    return idx[0].tolist()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "corpus.txt"))
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--block-size", type=int, default=64)
    ap.add_argument("--d-model", type=int, default=96)
    ap.add_argument("--n-layer", type=int, default=3)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args()

    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    text = open(args.data, encoding="utf-8").read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    n_val = len(data) // 10
    train_data, val_data = data[:-n_val], data[-n_val:]

    model = GPT(len(chars), args.block_size, args.d_model, args.n_head, args.n_layer).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    gen = torch.Generator().manual_seed(0)
    t0 = time.time()
    for step in range(args.steps):
        for group in opt.param_groups:
            group["lr"] = lr_at(step, args.lr, 100, args.steps, args.lr / 10)
        x, y = get_batch(train_data, args.batch_size, args.block_size, gen)
        _, loss = model(x.to(device), y.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if (step + 1) % 100 == 0 or step + 1 == args.steps:
            val = evaluate(model, val_data, args.block_size, device)
            log_metric("train_loss", loss.item(), step + 1)
            log_metric("val_loss", val, step + 1)
            print(f"step {step + 1:5d}  train loss {loss.item():.3f}  val loss {val:.3f}  "
                  f"val ppl {math.exp(val):.2f}  ({time.time() - t0:.0f} s)", flush=True)

    val_ppl = math.exp(evaluate(model, val_data, args.block_size, device))
    train_ppl = math.exp(evaluate(model, train_data[:n_val], args.block_size, device))
    prompt = [stoi[c] for c in text[:4]]
    samples = ["".join(chars[i] for i in sample(model, prompt, 300, 0.8, None, device, gen)) for _ in range(5)]
    report = {"dataset": os.path.basename(args.data), "params": n_params, "steps": args.steps,
              "tokens_train": len(train_data), "tokens_val": len(val_data), "train_perplexity": train_ppl,
              "val_perplexity": val_ppl, "seconds": round(time.time() - t0, 1), "samples": samples}
    with open(os.path.join(HERE, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(HERE, "samples.txt"), "w", encoding="utf-8") as f:
        f.write("\n----------\n".join(samples) + "\n")
    log_metric("val_perplexity", val_ppl)
    print(f"{n_params} parameters; val perplexity {val_ppl:.3f} (train {train_ppl:.3f})")
    print(samples[0])


if __name__ == "__main__":
    main()
