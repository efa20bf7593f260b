"""Section 14 (Fine-Tuning Fundamentals): fine-tune a small pre-trained language model, fully and
with LoRA, in numpy, and measure what changes.

The model (given below) is a character-level language model: it reads 3 characters and
predicts the next one. It was pre-trained on 20,000 English words that never contain "tion"
(data/pretrained.npz). The fine-tuning domain is words ending in "tion". You write LoRA — the
adapters, their gradients, merging — the fine-tuning loop, and the measurements.

    python3 exercise.py                     # before/after numbers of every experiment
    trail check fine-tuning-fundamentals    # runs the tests

Only numpy (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import numpy as np

VOCAB = "." + "abcdefghijklmnopqrstuvwxyz"      # "." starts and ends every word
STOI = {c: i for i, c in enumerate(VOCAB)}
CONTEXT, EMBED, HIDDEN = 3, 8, 64


def load_words(path):
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip()]


def make_examples(words):
    """(X, Y): for every character of every word (and its final "."), the 3 characters before it
    as indices X (n, 3), and the character itself as index Y (n,)."""
    X, Y = [], []
    for w in words:
        ctx = [0] * CONTEXT
        for ch in w + ".":
            X.append(ctx)
            Y.append(STOI[ch])
            ctx = ctx[1:] + [STOI[ch]]
    return np.array(X), np.array(Y)


def init_params(seed):
    """A randomly initialised model: C (27, 8), W1 (64, 24), b1 (64,), W2 (27, 64), b2 (27,)."""
    g = np.random.default_rng(seed)
    return {"C": g.normal(0, 1, (27, EMBED)),
            "W1": g.normal(0, 1 / np.sqrt(CONTEXT * EMBED), (HIDDEN, CONTEXT * EMBED)), "b1": np.zeros(HIDDEN),
            "W2": g.normal(0, 0.1 / np.sqrt(HIDDEN), (27, HIDDEN)), "b2": np.zeros(27)}


def load_params(path="data/pretrained.npz"):
    with np.load(path) as f:
        return {k: f[k].copy() for k in f.files}


def loss_and_grads(params, X, Y):
    """Mean negative log-likelihood (nats per character) and its gradient for every parameter.

    x = the 3 embeddings side by side; h = tanh(x W1ᵀ + b1); logits = h W2ᵀ + b2; softmax.
    """
    n = len(X)
    x = params["C"][X].reshape(n, -1)
    h = np.tanh(x @ params["W1"].T + params["b1"])
    z = h @ params["W2"].T + params["b2"]
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(n), Y]).mean()
    dz = p
    dz[np.arange(n), Y] -= 1
    dz /= n
    grads = {"W2": dz.T @ h, "b2": dz.sum(axis=0)}
    dh = (dz @ params["W2"]) * (1 - h ** 2)
    grads["W1"] = dh.T @ x
    grads["b1"] = dh.sum(axis=0)
    dx = (dh @ params["W1"]).reshape(n, CONTEXT, EMBED)
    grads["C"] = np.zeros_like(params["C"])
    np.add.at(grads["C"], X, dx)
    return loss, grads


def nll(params, words):
    """Mean negative log-likelihood of the words, in nats per character (ln 27 = 3.30 is a uniform guess)."""
    X, Y = make_examples(words)
    return float(loss_and_grads(params, X, Y)[0])


class Adam:
    """Adam on a dict of arrays, updated in place."""

    def __init__(self, params, lr):
        self.lr, self.t = lr, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        self.t += 1
        for k in params:
            self.m[k] = 0.9 * self.m[k] + 0.1 * grads[k]
            self.v[k] = 0.999 * self.v[k] + 0.001 * grads[k] ** 2
            m_hat, v_hat = self.m[k] / (1 - 0.9 ** self.t), self.v[k] / (1 - 0.999 ** self.t)
            params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


LORA_TARGETS = ("W1", "W2")


# ---------------------------------------------------------------- what is trained

def lora_param_count(shape, r):
    """Trainable numbers of a rank-r adapter on a weight of shape (d_out, d_in): A is (r, d_in), B is (d_out, r)."""
    raise NotImplementedError("lora_param_count")  # TODO


def count_trainable(params, mode, r=4):
    """Numbers trained by a mode: "full" trains every array of params; "lora" trains only the
    adapters of LORA_TARGETS (the pretrained weights are frozen)."""
    raise NotImplementedError("count_trainable")  # TODO: the sizes of every array, or of the adapters


# ---------------------------------------------------------------- LoRA

def init_lora(params, r, seed=0):
    """{name: {"A", "B"}} for each of LORA_TARGETS: A (r, d_in) ~ Normal(0, 1/d_in) (standard
    deviation 1/sqrt(d_in)), B (d_out, r) all zeros — so that at the start W + s B A = W exactly."""
    g = np.random.default_rng(seed)
    # TODO: for each name of LORA_TARGETS (in that order): A from g.normal(0, 1 / np.sqrt(d_in), (r, d_in)), B zeros
    raise NotImplementedError("init_lora")


def merge(params, adapters, scale):
    """A copy of params where each adapted weight W becomes W + scale * B @ A (scale = alpha / r)."""
    raise NotImplementedError("merge")  # TODO: copy every array, then W + scale * B @ A for each adapter


def lora_grads(dW, A, B, scale):
    """(dA, dB) from dW, the gradient of the loss with respect to the merged weight W + scale B A:
    dA = scale * Bᵀ dW and dB = scale * dW Aᵀ."""
    raise NotImplementedError("lora_grads")  # TODO: two matrix products


def finetune(params, words, mode, steps=100, lr=0.003, r=4, alpha=4, seed=0):
    """Fine-tune on the words with Adam, full batch, `steps` steps. Returns (new params, adapters).

    mode "full": every array of a copy of params is trained; adapters is None.
    mode "lora": params stay frozen (never modified); adapters from init_lora(params, r, seed) are
    trained through merge and lora_grads with scale = alpha / r; the returned params are merged.
    """
    X, Y = make_examples(words)
    # TODO "full": copy params, Adam(copy, lr); each step: loss_and_grads on the copy, opt.step(copy, grads)
    # TODO "lora": scale = alpha / r; adapters = init_lora(params, r, seed); Adam over the A and B arrays
    #      (Adam takes a dict of arrays: e.g. {"W1.A": ..., "W1.B": ..., ...} holding the same array objects);
    #      each step: merged = merge(...), grads = loss_and_grads(merged, X, Y)[1], lora_grads for each adapter,
    #      opt.step; return (merge(params, adapters, scale), adapters)
    raise NotImplementedError("finetune")


# ---------------------------------------------------------------- what changed

def delta_report(W_before, W_after, k=4):
    """How much and in how many directions a weight moved: {"relative_change": ||ΔW||_F / ||W||_F,
    "top_k_energy": (σ1² + ... + σk²) / Σ σi², σ the singular values of ΔW = W_after - W_before}."""
    # TODO: ΔW; np.linalg.norm (Frobenius); np.linalg.svd(ΔW, compute_uv=False) gives the σ, largest first
    raise NotImplementedError("delta_report")


if __name__ == "__main__":
    pre = load_params()
    val, english = load_words("data/domain_val.txt"), load_words("data/general_val.txt")
    clean, noisy = load_words("data/domain_clean.txt"), load_words("data/domain_noisy.txt")
    print(f"trainable: full {count_trainable(pre, 'full')}, LoRA r=4 {count_trainable(pre, 'lora', 4)}")
    print(f"{'':22s} -tion NLL   English NLL")
    print(f"{'pretrained':22s} {nll(pre, val):8.3f} {nll(pre, english):12.3f}")
    runs = {"full, 100 clean": finetune(pre, clean, "full")[0],
            "LoRA r=4, 100 clean": finetune(pre, clean, "lora")[0],
            "from scratch, 100": finetune(init_params(1), clean, "full")[0],
            "full, 400 noisy": finetune(pre, noisy, "full")[0]}
    for name, p in runs.items():
        print(f"{name:22s} {nll(p, val):8.3f} {nll(p, english):12.3f}")
    report = delta_report(pre["W1"], runs["full, 100 clean"]["W1"])
    print(f"full fine-tuning moved W1 by {report['relative_change']:.1%}; its top 4 directions hold "
          f"{report['top_k_energy']:.0%} of the change (4 of 24)")
