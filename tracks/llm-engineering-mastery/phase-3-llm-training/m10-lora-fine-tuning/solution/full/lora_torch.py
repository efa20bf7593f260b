"""M10 in PyTorch: LoRA as an nn.Module around a frozen nn.Linear, compared with full
fine-tuning of the same pretrained model on the same downstream task.

    python3 full/lora_torch.py

The base model is data/base_model.npz (an MLP pretrained on the digits 0-4), the task the
digits 5-9. Freezing is done the PyTorch way: requires_grad_(False) on the base weights, and
the optimizer gets only the parameters that still require gradients. Writes
full/comparison.json and logs lora_test_accuracy, full_test_accuracy and trainable_ratio.
"""
import copy
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


class LoRALinear(nn.Module):
    """y = base(x) + (alpha / r) * x A^T B^T, with base frozen and B zero at the start."""

    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        self.base = base
        self.base.requires_grad_(False)
        self.scale = alpha / r
        self.A = nn.Parameter(torch.randn(r, base.in_features) / base.in_features ** 0.5)
        self.B = nn.Parameter(torch.zeros(base.out_features, r))

    def forward(self, x):
        return self.base(x) + self.scale * (x @ self.A.T) @ self.B.T

    @torch.no_grad()
    def merged(self) -> nn.Linear:
        """One nn.Linear with W + (alpha / r) B A: the same outputs, no extra cost at inference."""
        out = copy.deepcopy(self.base)
        out.weight += self.scale * self.B @ self.A
        return out


def base_model():
    w = np.load(os.path.join(DATA, "base_model.npz"))
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 5))
    with torch.no_grad():
        for layer, i in ((model[0], 1), (model[2], 2)):
            layer.weight.copy_(torch.tensor(w[f"W{i}"]))
            layer.bias.copy_(torch.tensor(w[f"b{i}"]))
    return model


def with_lora(model, r, alpha):
    model = copy.deepcopy(model)
    for i in (0, 2):
        model[i] = LoRALinear(model[i], r, alpha)
    return model


def load_task(n_train=500, seed=0):
    with gzip.open(os.path.join(DATA, "digits.csv.gz"), "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    X, y = rows[:, :64] / 16.0, rows[:, 64].astype(int)
    X, y = X[y >= 5], y[y >= 5] - 5
    order = np.random.default_rng(seed).permutation(len(X))
    t = lambda a, dtype: torch.tensor(a, dtype=dtype)
    tr, te = order[:n_train], order[n_train:]
    return t(X[tr], torch.float32), t(y[tr], torch.long), t(X[te], torch.float32), t(y[te], torch.long)


def trainable(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def fine_tune(model, X, y, steps, lr, seed=0):
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    for _ in range(steps):
        i = torch.randint(len(X), (64,), generator=gen)
        loss = F.cross_entropy(model(X[i]), y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


@torch.no_grad()
def accuracy(model, X, y):
    return (model(X).argmax(1) == y).float().mean().item()


def main():
    torch.manual_seed(0)
    Xtr, ytr, Xte, yte = load_task()
    base = base_model()
    frozen_before = {k: v.clone() for k, v in base.state_dict().items()}
    result = {"base": {"test_accuracy": accuracy(base, Xte, yte)}}
    for name, lr in (("lora", 1e-2), ("full", 1e-3)):
        model = with_lora(base, 4, 8) if name == "lora" else copy.deepcopy(base)
        t0 = time.time()
        loss = fine_tune(model, Xtr, ytr, 400, lr)
        result[name] = {"trainable_params": trainable(model), "test_accuracy": accuracy(model, Xte, yte),
                        "final_train_loss": loss, "lr": lr, "seconds": round(time.time() - t0, 2)}
        if name == "lora":
            merged = nn.Sequential(model[0].merged(), nn.ReLU(), model[2].merged())
            with torch.no_grad():
                gap = (merged(Xte) - model(Xte)).abs().max().item()
            result["lora"]["merge_max_abs_diff"] = gap
            assert gap < 1e-4, f"merged weights differ from the LoRA model by {gap}"
    for k, v in base.state_dict().items():
        assert torch.equal(v, frozen_before[k]), f"base weight {k} changed"
    result["trainable_ratio"] = result["lora"]["trainable_params"] / result["full"]["trainable_params"]
    with open(os.path.join(HERE, "comparison.json"), "w") as f:
        json.dump(result, f, indent=2)
    for name in ("lora", "full"):
        log_metric(f"{name}_test_accuracy", result[name]["test_accuracy"])
    log_metric("trainable_ratio", result["trainable_ratio"])
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
