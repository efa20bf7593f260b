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
        # TODO: self.r = r and self.scale = alpha / r; A (r, d_in) drawn from rng.normal with std
        # 1 / sqrt(d_in); B (d_out, r) all zeros, so the layer starts as the base layer.
        raise NotImplementedError("LoRALinear.__init__")

    def forward(self, x):
        # TODO: keep x (and x A^T) for backward; return x W^T + b + scale * (x A^T) B^T.
        raise NotImplementedError("LoRALinear.forward")

    def backward(self, dy):
        # TODO: with u = x A^T: dB = scale * dy^T u; du = scale * dy B; dA = du^T x.
        # Store self.dA, self.dB and return dx = dy W + du A.
        raise NotImplementedError("LoRALinear.backward")

    def delta_weight(self):
        # TODO: the update (alpha / r) B A, shaped like W.
        raise NotImplementedError("LoRALinear.delta_weight")

    def merged_weight(self):
        # TODO: W plus the update: one matrix that computes the same outputs, for inference.
        raise NotImplementedError("LoRALinear.merged_weight")

    def parameters(self):
        # TODO: the trainable arrays themselves (not copies): A and B, nothing else.
        raise NotImplementedError("LoRALinear.parameters")

    def gradients(self):
        # TODO: their gradients, in the same order.
        raise NotImplementedError("LoRALinear.gradients")


def count_trainable(layers):
    """Number of trainable numbers in the model: the sizes of every layer's parameters()."""
    # TODO
    raise NotImplementedError("count_trainable")


def fine_tune(layers, X, y, steps, lr, batch_size, rng):
    """Adam on the parameters() of every layer, on random mini-batches. Returns the losses."""
    # TODO: one Adam over the parameters() of all layers; each step: batch indices from
    # rng.integers(0, len(X), batch_size), forward, cross_entropy, backward, opt.step with the
    # gradients() of all layers in the same order; keep each step's loss.
    raise NotImplementedError("fine_tune")


def compare(base, Xtr, ytr, Xte, yte, r=4, alpha=8, steps=400, seed=0):
    """Fine-tunes a LoRA copy and a full copy of base on the same data; returns the comparison."""
    # TODO: result = {"base": {"test_accuracy": ...}}; then for ("lora", lr 1e-2) and ("full", lr 1e-3):
    # a fresh model (lora_model(base, r, alpha, rng) or full_model(base)), fine_tune for `steps`
    # with batch 64 and rng = np.random.default_rng(seed), and record trainable_params,
    # test_accuracy, final_train_loss (mean of the last 20 losses), lr, steps and seconds.
    # Add rank and alpha to result["lora"], and result["trainable_ratio"] = lora / full params.
    raise NotImplementedError("compare")


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
