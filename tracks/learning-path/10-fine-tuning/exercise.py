"""Stage 10 (Fine-Tuning): LoRA in numpy, and the arithmetic of a real fine-tuning job.

A frozen "pretrained" weight W0 maps 64 features to 32 outputs. The new task needs weights that
differ from W0 by a low-rank change. You train a LoRA update B A next to the frozen W0 on 100
rows, compare it with the base and with full fine-tuning on 1,000 held-out rows, merge it, and
then estimate what the same method costs on a 7B model.

    python3 exercise.py            # the comparison, a rank sweep, a learning curve, the 7B estimate
    trail check fine-tuning        # runs the tests

Standard library and numpy only.
"""
import numpy as np


def make_task(seed=0, d_in=64, d_out=32, true_rank=2, n_train=100, n_test=1000, noise=0.5):
    """The frozen base weight W0 (d_out, d_in) and a task whose true weight is W0 plus a
    rank-`true_rank` change; targets have Gaussian noise of std `noise`.

    Returns W0, X_train, Y_train, X_test, Y_test.
    """
    rng = np.random.default_rng(seed)
    W0 = rng.normal(0, 1 / np.sqrt(d_in), (d_out, d_in))
    delta = rng.normal(0, 1, (d_out, true_rank)) @ rng.normal(0, 1 / np.sqrt(d_in), (true_rank, d_in))
    W_task = W0 + delta
    X_train = rng.normal(0, 1, (n_train, d_in))
    X_test = rng.normal(0, 1, (n_test, d_in))
    Y_train = X_train @ W_task.T + noise * rng.normal(size=(n_train, d_out))
    Y_test = X_test @ W_task.T + noise * rng.normal(size=(n_test, d_out))
    return W0, X_train, Y_train, X_test, Y_test


def mse(P, Y):
    """Mean squared error over every entry."""
    return float(np.mean((P - Y) ** 2))


# ---------------------------------------------------------------- LoRA


def lora_init(d_in, d_out, r, seed=0):
    """A (r, d_in) with entries from N(0, 1/d_in); B (d_out, r) all zeros, so B A = 0 at the start."""
    # TODO: A from np.random.default_rng(seed), entries N(0, 1/d_in), shape (r, d_in)
    # TODO: B all zeros, shape (d_out, r)
    raise NotImplementedError("lora_init")


def lora_forward(X, W0, A, B, alpha):
    """Outputs of the adapted layer for the rows of X: X (W0 + (alpha/r) B A)^T, computed without
    forming B A: X W0^T + (alpha/r) (X A^T) B^T."""
    # TODO: s = alpha / r, where r = A.shape[0]
    # TODO: X @ W0.T plus s times (X @ A.T) @ B.T
    raise NotImplementedError("lora_forward")


def lora_grads(X, Y, W0, A, B, alpha):
    """Gradients (dA, dB) of mse(lora_forward(X, W0, A, B, alpha), Y) with respect to A and B."""
    # TODO: E = prediction - Y; G = 2 E^T X / E.size is dL/dW for the whole weight
    # TODO: W = W0 + s B A, so dL/dA = s B^T G and dL/dB = s G A^T
    raise NotImplementedError("lora_grads")


def train_lora(X, Y, W0, r, alpha, lr, steps, seed=0):
    """Full-batch gradient descent on A and B (W0 stays frozen). Returns A, B and the training
    loss before each step (a list of `steps` floats)."""
    # TODO: A, B = lora_init(d_in, d_out, r, seed), with d_in, d_out from W0.shape
    # TODO: each step: record the loss, get the gradients, update A and B (never W0)
    raise NotImplementedError("train_lora")


def merge(W0, A, B, alpha):
    """The single weight that computes the same outputs: W0 + (alpha/r) B A."""
    # TODO
    raise NotImplementedError("merge")


def lora_param_count(d_in, d_out, r):
    """Trainable numbers of a LoRA update on one (d_out, d_in) weight."""
    # TODO: A has r * d_in numbers, B has d_out * r
    raise NotImplementedError("lora_param_count")


def train_full(X, Y, W0, lr, steps):
    """Full fine-tuning for comparison: gradient descent on every entry of a copy of W0."""
    W = W0.copy()
    for _ in range(steps):
        E = X @ W.T - Y
        W = W - lr * 2 * E.T @ X / E.size
    return W


def learning_curve(sizes, X, Y, X_test, Y_test, W0, r, alpha, lr, steps):
    """Held-out MSE of LoRA trained on the first n rows, for each n in sizes."""
    # TODO: for each n, train_lora on X[:n], Y[:n] and measure mse on the held-out rows
    raise NotImplementedError("learning_curve")


# ---------------------------------------------------------------- what a 7B job costs

BYTES_PER_WEIGHT = {"full": 2.0, "lora": 2.0, "qlora": 0.5}   # bf16, bf16, 4-bit
BYTES_PER_TRAINED_PARAM = 16.0   # bf16 weight + bf16 gradient + fp32 master copy + two fp32 Adam moments


def transformer_lora_params(n_layers, d_model, r, matrices_per_layer):
    """LoRA numbers for square (d_model, d_model) projections, matrices_per_layer of them per layer."""
    # TODO
    raise NotImplementedError("transformer_lora_params")


def finetune_memory_gb(n_params, method, n_trainable=0):
    """Weights and optimizer state in GB (1e9 bytes), activations not included.

    full: every parameter trained, 16 bytes each. lora / qlora: the frozen weights at 2 / 0.5
    bytes each, plus 16 bytes for each of the n_trainable adapter parameters.
    """
    # TODO: use BYTES_PER_TRAINED_PARAM and BYTES_PER_WEIGHT; divide bytes by 1e9
    raise NotImplementedError("finetune_memory_gb")


def training_tokens(rows, tokens_per_row, epochs):
    """Tokens the training run processes: every row, every epoch."""
    # TODO
    raise NotImplementedError("training_tokens")


def training_flops(n_params, n_tokens, method):
    """About 6 N D for full fine-tuning (forward 2ND, backward 4ND); about 4 N D with LoRA or
    QLoRA, whose backward pass skips the weight gradients of the frozen weights."""
    # TODO
    raise NotImplementedError("training_flops")


def gpu_hours(flops, peak_flops_per_s, utilization):
    """Hours on one GPU that delivers `utilization` of its peak."""
    # TODO
    raise NotImplementedError("gpu_hours")


if __name__ == "__main__":
    W0, X, Y, Xt, Yt = make_task()
    r, alpha, lr, steps = 4, 8, 0.25, 300
    A, B, losses = train_lora(X, Y, W0, r, alpha, lr, steps)
    W_full = train_full(X, Y, W0, 1.0, steps)
    print(f"held-out MSE  base {mse(Xt @ W0.T, Yt):.3f}   LoRA r={r} {mse(lora_forward(Xt, W0, A, B, alpha), Yt):.3f}"
          f"   full fine-tuning {mse(Xt @ W_full.T, Yt):.3f}   (noise floor 0.25)")
    print(f"trainable numbers  LoRA {lora_param_count(64, 32, r)}   full {W0.size}")
    merged = merge(W0, A, B, alpha)
    print(f"merged weight gives the same outputs: {np.allclose(Xt @ merged.T, lora_forward(Xt, W0, A, B, alpha))}")
    for rank in (1, 2, 4, 8, 16):
        Ar, Br, _ = train_lora(X, Y, W0, rank, 2 * rank, lr, steps)
        print(f"  rank {rank:2d}: held-out MSE {mse(lora_forward(Xt, W0, Ar, Br, 2 * rank), Yt):.3f}")
    sizes = [25, 50, 100]
    curve = learning_curve(sizes, X, Y, Xt, Yt, W0, r, alpha, lr, steps)
    print("learning curve: " + ", ".join(f"{n} rows {m:.3f}" for n, m in zip(sizes, curve)))

    n_params = 7e9
    trainable = transformer_lora_params(32, 4096, 8, 2)
    tokens = training_tokens(1000, 512, 3)
    print(f"\n7B, LoRA r=8 on q and v of 32 layers: {trainable:,} trainable ({trainable / n_params:.3%})")
    for method in ("full", "lora", "qlora"):
        gb = finetune_memory_gb(n_params, method, trainable)
        hours = gpu_hours(training_flops(n_params, tokens, method), 312e12, 0.4)
        print(f"  {method:5s}: {gb:6.1f} GB for weights and optimizer, {hours * 60:5.1f} GPU-minutes for {tokens:,} tokens")
