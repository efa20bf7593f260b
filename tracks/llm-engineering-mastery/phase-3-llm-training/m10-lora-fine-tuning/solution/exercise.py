"""LoRA (Hu et al., 2021) on a small pretrained MLP, compared with full fine-tuning.

The base model (data/base_model.npz) was pretrained on the handwritten digits 0-4. The
downstream task is the digits 5-9 (labels 5..9 become 0..4). A layer computes y = x W^T + b with
W of shape (d_out, d_in), as torch.nn.Linear does. LoRA freezes W and b and learns a low-rank
update:

    y = x W^T + b + (alpha / r) * x A^T B^T,   A: (r, d_in), B: (d_out, r), B = 0 at the start.

Every layer has forward(x), backward(dy) -> dx, parameters() and gradients(): the optimizer
only ever sees parameters(), so whatever a layer leaves out of it is frozen.
"""
import gzip
import json
import os
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- given: data, the base model, layers and the optimizer -------------------------------
def load_digits(path=os.path.join(HERE, "data", "digits.csv.gz")):
    with gzip.open(path, "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    return rows[:, :64] / 16.0, rows[:, 64].astype(int)


def downstream_split(X, y, n_train=500, seed=0):
    """The downstream task: digits 5-9, relabelled 0-4; n_train for training, the rest for test."""
    keep = y >= 5
    X, y = X[keep], y[keep] - 5
    order = np.random.default_rng(seed).permutation(len(X))
    tr, te = order[:n_train], order[n_train:]
    return X[tr], y[tr], X[te], y[te]


def load_base(path=os.path.join(HERE, "data", "base_model.npz")):
    with np.load(path) as f:
        return {k: f[k].astype(np.float64) for k in f.files}


class Linear:
    """A fully trainable layer (full fine-tuning): W and b are copied, then learned."""

    def __init__(self, W, b):
        self.W, self.b = np.array(W, dtype=float), np.array(b, dtype=float)

    def forward(self, x):
        self.x = x
        return x @ self.W.T + self.b

    def backward(self, dy):
        self.dW, self.db = dy.T @ self.x, dy.sum(0)
        return dy @ self.W

    def parameters(self):
        return [self.W, self.b]

    def gradients(self):
        return [self.dW, self.db]


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dy):
        return dy * self.mask

    def parameters(self):
        return []

    def gradients(self):
        return []


def cross_entropy(logits, y):
    """Mean cross-entropy and its gradient with respect to the logits."""
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
    p[np.arange(len(y)), y] -= 1
    return float(loss), p / len(y)


class Adam:
    """Adam on a list of arrays, updated in place."""

    def __init__(self, params, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.betas, self.eps, self.t = params, betas, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads, lr):
        self.t += 1
        b1, b2 = self.betas
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= lr * (m / (1 - b1 ** self.t)) / (np.sqrt(v / (1 - b2 ** self.t)) + self.eps)


def forward(layers, x):
    for layer in layers:
        x = layer.forward(x)
    return x


def backward(layers, dlogits):
    for layer in reversed(layers):
        dlogits = layer.backward(dlogits)


def accuracy(layers, X, y):
    return float(np.mean(forward(layers, X).argmax(1) == y))


def full_model(base):
    return [Linear(base["W1"], base["b1"]), ReLU(), Linear(base["W2"], base["b2"])]


def lora_model(base, r, alpha, rng):
    return [LoRALinear(base["W1"], base["b1"], r, alpha, rng), ReLU(),
            LoRALinear(base["W2"], base["b2"], r, alpha, rng)]


# ---- yours: the LoRA layer, counting, fine-tuning, the comparison -------------------------
class LoRALinear:
    """A frozen linear layer (W, b) plus a trainable low-rank update (alpha / r) B A."""

    def __init__(self, W, b, r, alpha, rng):
        self.W, self.b = W, b                      # frozen: never returned by parameters()
        d_out, d_in = W.shape
        self.r, self.scale = r, alpha / r
        self.A = rng.normal(0.0, 1.0 / np.sqrt(d_in), (r, d_in))
        self.B = np.zeros((d_out, r))

    def forward(self, x):
        self.x = x
        self.u = x @ self.A.T                      # (N, r): the input in the low-rank space
        return x @ self.W.T + self.b + self.scale * (self.u @ self.B.T)

    def backward(self, dy):
        self.dB = self.scale * dy.T @ self.u       # (d_out, r)
        du = self.scale * dy @ self.B              # (N, r)
        self.dA = du.T @ self.x                    # (r, d_in)
        return dy @ self.W + du @ self.A

    def delta_weight(self):
        return self.scale * self.B @ self.A

    def merged_weight(self):
        return self.W + self.delta_weight()

    def parameters(self):
        return [self.A, self.B]

    def gradients(self):
        return [self.dA, self.dB]


def count_trainable(layers):
    """Number of trainable numbers in the model: the sizes of every layer's parameters()."""
    return int(sum(p.size for layer in layers for p in layer.parameters()))


def fine_tune(layers, X, y, steps, lr, batch_size, rng):
    """Adam on the parameters() of every layer, on random mini-batches. Returns the losses."""
    params = [p for layer in layers for p in layer.parameters()]
    opt = Adam(params)
    losses = []
    for _ in range(steps):
        i = rng.integers(0, len(X), batch_size)
        loss, dlogits = cross_entropy(forward(layers, X[i]), y[i])
        backward(layers, dlogits)
        opt.step([g for layer in layers for g in layer.gradients()], lr)
        losses.append(loss)
    return losses


def compare(base, Xtr, ytr, Xte, yte, r=4, alpha=8, steps=400, seed=0):
    """Fine-tunes a LoRA copy and a full copy of base on the same data; returns the comparison."""
    result = {"base": {"test_accuracy": accuracy(full_model(base), Xte, yte)}}
    for name, lr in (("lora", 1e-2), ("full", 1e-3)):
        rng = np.random.default_rng(seed)
        layers = lora_model(base, r, alpha, rng) if name == "lora" else full_model(base)
        t0 = time.time()
        losses = fine_tune(layers, Xtr, ytr, steps, lr, 64, rng)
        result[name] = {"trainable_params": count_trainable(layers), "test_accuracy": accuracy(layers, Xte, yte),
                        "final_train_loss": float(np.mean(losses[-20:])), "lr": lr, "steps": steps,
                        "seconds": round(time.time() - t0, 3)}
    result["lora"].update(rank=r, alpha=alpha)
    result["trainable_ratio"] = result["lora"]["trainable_params"] / result["full"]["trainable_params"]
    return result


if __name__ == "__main__":
    from trail_metrics import log_metric

    base = load_base()
    Xtr, ytr, Xte, yte = downstream_split(*load_digits())
    result = compare(base, Xtr, ytr, Xte, yte)
    with open(os.path.join(HERE, "comparison.json"), "w") as f:
        json.dump(result, f, indent=2)
    for name in ("lora", "full"):
        log_metric(f"{name}_test_accuracy", result[name]["test_accuracy"])
        log_metric(f"{name}_trainable_params", result[name]["trainable_params"])
    log_metric("base_test_accuracy", result["base"]["test_accuracy"])
    log_metric("trainable_ratio", result["trainable_ratio"])
    print(f"{'':6s} {'trainable':>10s} {'test acc':>9s}")
    print(f"{'base':6s} {0:10d} {result['base']['test_accuracy']:9.3f}")
    for name in ("lora", "full"):
        print(f"{name:6s} {result[name]['trainable_params']:10d} {result[name]['test_accuracy']:9.3f}")
    print(f"LoRA trains {result['trainable_ratio']:.1%} of the parameters; wrote comparison.json")
