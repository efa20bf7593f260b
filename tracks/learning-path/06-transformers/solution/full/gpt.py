"""Stage 06, full exercise: a 6-layer character-level GPT in PyTorch, trained on TinyShakespeare.

    python3 full/gpt.py          # from the stage folder

Downloads TinyShakespeare (~1.1 MB) into full/input.txt on the first run (or put any text there).
With a CUDA GPU it trains nanoGPT's "shakespeare-char" size (6 layers, 6 heads, 384 wide, 256
characters of context, 5,000 steps: minutes); on a CPU it trains a narrower 6-layer model
(4 heads, 128 wide, 64 of context, 3,000 steps: tens of minutes). MAX_ITERS=… overrides the steps.
Writes full/samples.txt. Needs torch (pip install torch).
"""
import math
import os
import time
import urllib.request

import torch
import torch.nn as nn
from torch.nn import functional as F

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

HERE = os.path.dirname(os.path.abspath(__file__))
URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
if DEVICE == "cuda":
    CFG = dict(n_layer=6, n_head=6, n_embd=384, block_size=256, batch_size=64, dropout=0.2, lr=1e-3, max_iters=5000)
else:
    CFG = dict(n_layer=6, n_head=4, n_embd=128, block_size=64, batch_size=32, dropout=0.0, lr=1e-3, max_iters=3000)
CFG["max_iters"] = int(os.environ.get("MAX_ITERS", CFG["max_iters"]))


class CausalSelfAttention(nn.Module):
    """The numpy attention of the core exercise: one matrix for q, k, v of all heads, a mask, a projection."""

    def __init__(self, n_embd, n_head, block_size, dropout):
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)
        self.drop = nn.Dropout(dropout)
        self.register_buffer("mask", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)))

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        att = q @ k.transpose(-2, -1) / math.sqrt(C // self.n_head)          # (B, H, T, T)
        att = att.masked_fill(~self.mask[:T, :T], float("-inf")).softmax(dim=-1)
        y = (self.drop(att) @ v).transpose(1, 2).reshape(B, T, C)          # heads side by side again
        return self.drop(self.proj(y))


class Block(nn.Module):
    """Pre-norm: x + attn(ln1(x)), then + mlp(ln2(x))."""

    def __init__(self, n_embd, n_head, block_size, dropout):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(n_embd), nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size, dropout)
        self.fc, self.out = nn.Linear(n_embd, 4 * n_embd), nn.Linear(4 * n_embd, n_embd)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.drop(self.out(F.gelu(self.fc(self.ln2(x)))))


class GPT(nn.Module):
    def __init__(self, vocab_size, n_layer, n_head, n_embd, block_size, dropout):
        super().__init__()
        self.block_size = block_size
        self.tok = nn.Embedding(vocab_size, n_embd)          # token id -> vector
        self.pos = nn.Embedding(block_size, n_embd)          # position -> vector, added
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(n_embd, n_head, block_size, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size, bias=False)
        self.apply(self._init)

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, 0.0, 0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        x = self.drop(self.tok(idx) + self.pos(torch.arange(T, device=idx.device)))
        for block in self.blocks:
            x = block(x)
        logits = self.head(self.ln_f(x))                     # (B, T, vocab)
        loss = None if targets is None else F.cross_entropy(logits.view(B * T, -1), targets.view(B * T))
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, n, temperature=1.0):
        for _ in range(n):
            logits, _ = self(idx[:, -self.block_size:])      # the model sees at most block_size characters
            probs = (logits[:, -1] / temperature).softmax(dim=-1)
            idx = torch.cat([idx, torch.multinomial(probs, 1)], dim=1)
        return idx


def get_batch(data, block_size, batch_size):
    ix = torch.randint(len(data) - block_size - 1, (batch_size,))
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix])  # the same text shifted by one
    return x.to(DEVICE), y.to(DEVICE)


@torch.no_grad()
def estimate_loss(model, data, iters=50):
    model.eval()
    losses = [model(*get_batch(data, CFG["block_size"], CFG["batch_size"]))[1].item() for _ in range(iters)]
    model.train()
    return sum(losses) / len(losses)


def main():
    torch.manual_seed(0)
    path = os.path.join(HERE, "input.txt")
    if not os.path.exists(path):
        urllib.request.urlretrieve(URL, path)
    text = open(path, encoding="utf-8").read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
    n = int(0.9 * len(data))
    train, val = data[:n], data[n:]

    model = GPT(len(chars), CFG["n_layer"], CFG["n_head"], CFG["n_embd"], CFG["block_size"], CFG["dropout"]).to(DEVICE)
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters on {DEVICE}; config {CFG}")
    log_metric("n_layer", len(model.blocks))
    optimizer = torch.optim.AdamW(model.parameters(), lr=CFG["lr"])
    start = time.time()
    for it in range(CFG["max_iters"] + 1):
        if it % 250 == 0 or it == CFG["max_iters"]:
            tl, vl = estimate_loss(model, train), estimate_loss(model, val)
            log_metric("train_loss", tl, it)
            log_metric("val_loss", vl, it)
            print(f"step {it:5d}  train {tl:.3f}  val {vl:.3f}  ({time.time() - start:.0f} s)")
        if it == CFG["max_iters"]:
            break
        _, loss = model(*get_batch(train, CFG["block_size"], CFG["batch_size"]))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    model.eval()
    out = model.generate(torch.tensor([[stoi["\n"]]], device=DEVICE), 1000, temperature=0.8)[0].tolist()
    sample = "".join(chars[i] for i in out)
    with open(os.path.join(HERE, "samples.txt"), "w", encoding="utf-8") as f:
        f.write(sample + "\n")
    print(sample[:500])
    log_metric("source_lines", sum(1 for _ in open(os.path.abspath(__file__))))


if __name__ == "__main__":
    main()
