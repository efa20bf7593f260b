"""Fine-tuning a small pre-trained model, in numpy: a character-level language model pre-trained
on general text (data/base_model.npz) is adapted to song lyrics in two ways, by retraining its
last layer and by LoRA, and compared with the frozen base on lyrics it never saw.

    python3 exercise.py          # fine-tunes both ways and prints the held-out losses
    trail check fine-tuning

Model (given): 5 characters of context -> embeddings C (28, 10), concatenated (50) ->
h = tanh(e W1 + b1) (128) -> logits = h W2 + b2 (28). Python 3 and numpy only.
"""
import numpy as np

CHARS = "\n abcdefghijklmnopqrstuvwxyz"
CONTEXT = 5


def load_base(path="data/base_model.npz"):
    with np.load(path) as f:
        return {k: f[k].astype(np.float64) for k in f.files}


def build_examples(lines, context=CONTEXT):
    """One example per character of every line plus its closing "\\n": X[n] holds the ids of the
    `context` characters before it (lines start from a context of "\\n" ids, that is 0s), y[n]
    the id of the character."""
    ids = {c: i for i, c in enumerate(CHARS)}
    X, y = [], []
    for line in lines:
        window = [0] * context
        for c in line + "\n":
            X.append(window)
            y.append(ids[c])
            window = window[1:] + [ids[c]]
    return np.array(X, dtype=int), np.array(y, dtype=int)


def load_lines(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def softmax_cross_entropy(logits, y):
    """(mean loss, dL/dlogits)."""
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    n = len(y)
    d = np.exp(log_p)
    d[np.arange(n), y] -= 1.0
    return float(-log_p[np.arange(n), y].mean()), d / n


def init_lora(base, rank=4, seed=0):
    """LoRA adapters for W1 and W2: A (in, rank) ~ Normal(0, 1/in), B (rank, out) = 0, so that at
    the start W + A B = W and the model is exactly the base."""
    rng = np.random.default_rng(seed)
    lora = {}
    for name in ("W1", "W2"):
        n_in, n_out = base[name].shape
        # TODO: lora["A1"] / lora["A2"]: rng.normal(0, 1/sqrt(n_in), (n_in, rank)); lora["B1"] / lora["B2"]: zeros
        raise NotImplementedError("init_lora")
    return lora


def forward(p, X, lora=None):
    """Logits (n, 28) and a cache for the backward pass. With lora, the weights used are
    W1 + A1 B1 and W2 + A2 B2 (the base arrays themselves are not changed)."""
    # TODO: the effective W1 and W2 (W + A B when lora is given); never modify p itself
    # TODO: e = the embeddings of the context ids, flattened to (n, 50); h; logits
    # TODO: return logits, (e, h, effective W2)
    raise NotImplementedError("forward")


def head_gradients(cache, dlogits):
    """Gradients of the last layer only: {"W2": h^T dlogits, "b2": column sums of dlogits}."""
    _, h, _ = cache
    # TODO
    raise NotImplementedError("head_gradients")


def lora_gradients(lora, cache, dlogits):
    """Gradients of A1, B1, A2, B2 (the base stays frozen). With G = dL/dW_eff of a layer,
    dL/dA = G B^T and dL/dB = A^T G."""
    e, h, W2_eff = cache
    # TODO: G2 = dL/dW2_eff; back through the output layer and tanh to dz1; G1 = dL/dW1_eff
    # TODO: the four adapter gradients from G1 and G2
    raise NotImplementedError("lora_gradients")


def adam(params, grads, state, lr, step):
    """One Adam step on the arrays of params named in grads (given)."""
    for k, g in grads.items():
        m, v = state.setdefault(k, (np.zeros_like(g), np.zeros_like(g)))
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g ** 2
        state[k] = (m, v)
        params[k] = params[k] - lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)


def fine_tune(base, X, y, mode, steps=100, lr=0.003, rank=4, seed=0):
    """Full-batch Adam for `steps` steps. mode "head": a copy of base whose W2 and b2 are trained;
    mode "lora": base frozen, adapters from init_lora(base, rank, seed) trained.
    Returns (params, lora, losses): the parameters to use, the adapters (None for "head"), and the
    training loss before each step."""
    params = {k: v.copy() for k, v in base.items()}
    lora = init_lora(base, rank, seed) if mode == "lora" else None
    state, losses = {}, []
    for step in range(1, steps + 1):
        # TODO: forward (with lora), the loss (append it), then one adam() step on the right
        #       dict: params with head_gradients in mode "head", lora with lora_gradients in mode "lora"
        raise NotImplementedError("fine_tune: one step")
    return params, lora, losses


def evaluate(p, X, y, lora=None):
    """Mean cross-entropy (nats per character)."""
    # TODO
    raise NotImplementedError("evaluate")


def trainable_parameters(base, mode, rank=4):
    """How many numbers each mode trains: "head" W2 and b2; "lora" A and B for W1 and W2; "full" everything."""
    # TODO: count from the shapes in base
    raise NotImplementedError("trainable_parameters")


if __name__ == "__main__":
    base = load_base()
    X, y = build_examples(load_lines("data/lyrics_train.txt"))
    Xh, yh = build_examples(load_lines("data/lyrics_heldout.txt"))
    print(f"frozen base: held-out loss {evaluate(base, Xh, yh):.3f}")
    for mode in ("head", "lora"):
        params, lora, losses = fine_tune(base, X, y, mode)
        print(f"{mode:5}: {trainable_parameters(base, mode):5} trainable numbers, train loss "
              f"{losses[0]:.3f} -> {losses[-1]:.3f}, held-out loss {evaluate(params, Xh, yh, lora):.3f}")
