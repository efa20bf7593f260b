"""Stage 04 — Language Modeling: a character-level RNN in numpy, trained with truncated
backpropagation through time, measured by perplexity, sampled, and probed for how far back it
still uses its context.

    python3 exercise.py               # trains 3,000 steps, prints losses, samples and the influence table
    trail check language-modeling     # runs the tests

Uses numpy (pip install numpy) only. Shapes (one sequence, row vectors):
    Wxh (V, H)   Whh (H, H)   bh (H,)   Why (H, V)   by (V,)
    h_t = tanh(Wxh[x_t] + h_{t-1} @ Whh + bh)        logits_t = h_t @ Why + by
"""
import os

import numpy as np


def build_vocab(text):
    """(chars, stoi): the sorted distinct characters, and the map char -> index."""
    chars = sorted(set(text))
    return chars, {c: i for i, c in enumerate(chars)}


def encode(text, stoi):
    """The text as an int array of indices."""
    return np.array([stoi[c] for c in text], dtype=int)


def decode(ids, chars):
    """The indices back to a string."""
    return "".join(chars[i] for i in ids)


def init_params(vocab_size, hidden_size, seed=0):
    """Weights N(0, 0.01^2) drawn in the order Wxh, Whh, Why from np.random.default_rng(seed); biases 0."""
    rng = np.random.default_rng(seed)
    return {
        "Wxh": rng.normal(0, 0.01, (vocab_size, hidden_size)),
        "Whh": rng.normal(0, 0.01, (hidden_size, hidden_size)),
        "Why": rng.normal(0, 0.01, (hidden_size, vocab_size)),
        "bh": np.zeros(hidden_size),
        "by": np.zeros(vocab_size),
    }


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def forward(params, inputs, targets, h0):
    """Run the RNN over `inputs` (T ints) from hidden state h0 (H,).

    Returns (loss, cache): loss is the MEAN negative log-likelihood of `targets` (T ints), and
    cache holds what backward needs. cache["hs"][-1] is the last hidden state (H,).
    """
    hs = [h0]                                  # hs[t + 1] is the state after reading inputs[t]
    probs = []
    loss = 0.0
    for x, y in zip(inputs, targets):
        h = np.tanh(params["Wxh"][x] + hs[-1] @ params["Whh"] + params["bh"])
        p = softmax(h @ params["Why"] + params["by"])
        loss -= np.log(p[y])
        hs.append(h)
        probs.append(p)
    return loss / len(inputs), {"inputs": inputs, "targets": targets, "hs": hs, "probs": probs}


def backward(params, cache):
    """Backpropagation through time: the gradients of the mean loss for every parameter (a dict
    with the keys of params). The gradient stops at h0 (truncated BPTT)."""
    inputs, targets, hs, probs = cache["inputs"], cache["targets"], cache["hs"], cache["probs"]
    T = len(inputs)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(hs[0])             # gradient reaching h_t from step t + 1
    for t in reversed(range(T)):
        dlogits = probs[t].copy()
        dlogits[targets[t]] -= 1.0
        dlogits /= T                           # the loss is a mean over the T steps
        grads["Why"] += np.outer(hs[t + 1], dlogits)
        grads["by"] += dlogits
        dh = dlogits @ params["Why"].T + dh_next      # from the output and from the future
        dz = dh * (1.0 - hs[t + 1] ** 2)              # through tanh
        grads["Wxh"][inputs[t]] += dz                 # row x_t was used: it gets the gradient
        grads["Whh"] += np.outer(hs[t], dz)
        grads["bh"] += dz
        dh_next = dz @ params["Whh"].T                # on to h_{t-1}
    return grads


def clip_gradients(grads, max_norm):
    """Scale all gradients together so that their global L2 norm is at most max_norm, in place.
    Returns the norm before clipping."""
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


class Adagrad:
    """Adagrad, as in Karpathy's min-char-rnn: each weight's step shrinks with its own history."""

    def __init__(self, lr):
        self.lr, self.memory = lr, {}

    def step(self, params, grads):
        for k in params:
            m = self.memory.setdefault(k, np.zeros_like(params[k]))
            m += grads[k] ** 2
            params[k] -= self.lr * grads[k] / np.sqrt(m + 1e-8)


def train(data, vocab_size, hidden_size=64, seq_length=25, steps=3000, lr=0.1, max_norm=5.0, seed=0):
    """Truncated BPTT over `data` (an int array): step s reads data[p : p + seq_length] and predicts
    data[p + 1 : p + seq_length + 1]; p moves on by seq_length and the hidden state is carried over;
    at the end of the data p and h start again from 0. Returns (params, losses), one loss per step."""
    params = init_params(vocab_size, hidden_size, seed)
    optimizer = Adagrad(lr)
    h = np.zeros(hidden_size)
    p = 0
    losses = []
    for _ in range(steps):
        if p + seq_length + 1 > len(data):
            p, h = 0, np.zeros(hidden_size)
        inputs, targets = data[p:p + seq_length], data[p + 1:p + seq_length + 1]
        loss, cache = forward(params, inputs, targets, h)
        grads = backward(params, cache)
        clip_gradients(grads, max_norm)
        optimizer.step(params, grads)
        h = cache["hs"][-1]                    # carry the state, but not the gradient, into the next chunk
        p += seq_length
        losses.append(loss)
    return params, losses


def evaluate(params, data):
    """Mean NLL of data[1:] given data[:-1], reading the whole sequence from h = 0 (no gradients)."""
    loss, _ = forward(params, data[:-1], data[1:], np.zeros(params["Whh"].shape[0]))
    return loss


def perplexity(mean_nll):
    """e^(mean NLL): the number of equally likely characters the model is as unsure as."""
    return float(np.exp(mean_nll))


def sample(params, seed_id, n, temperature=1.0, rng=None):
    """n ids drawn one at a time, starting from h = 0 and the input seed_id; each drawn id is
    the next input. The softmax uses logits / temperature."""
    rng = rng if rng is not None else np.random.default_rng(0)
    h = np.zeros(params["Whh"].shape[0])
    x, out = seed_id, []
    for _ in range(n):
        h = np.tanh(params["Wxh"][x] + h @ params["Whh"] + params["bh"])
        p = softmax((h @ params["Why"] + params["by"]) / temperature)
        x = int(rng.choice(len(p), p=p))
        out.append(x)
    return out


def next_char_probs(params, ids):
    """The distribution of the character after `ids`, reading them from h = 0."""
    h = np.zeros(params["Whh"].shape[0])
    for x in ids:
        h = np.tanh(params["Wxh"][x] + h @ params["Whh"] + params["bh"])
    return softmax(h @ params["Why"] + params["by"])


def influence_by_distance(params, data, distances, n_windows=50, warmup=10):
    """How much the prediction after a window still depends on the character d steps back.

    Windows of L = max(distances) + 1 + warmup ids start at np.linspace(0, len(data) - L - 1, n_windows)
    (as ints). For each window w: p = next_char_probs(w); for each d, w' is w with w'[L - 1 - d]
    replaced by (w[L - 1 - d] + 1) % V, q = next_char_probs(w'), and the change is the total
    variation 0.5 * sum |p - q|. Returns the mean change per distance (an array, in the order given).
    The warm-up keeps every changed character away from the start of the window, where the RNN
    starts from h = 0 and its first inputs weigh unusually much.
    """
    V = params["Wxh"].shape[0]
    L = max(distances) + 1 + warmup
    starts = np.linspace(0, len(data) - L - 1, n_windows).astype(int)
    result = np.zeros(len(distances))
    for s in starts:
        window = np.array(data[s:s + L])
        p = next_char_probs(params, window)
        for j, d in enumerate(distances):
            changed = window.copy()
            changed[L - 1 - d] = (changed[L - 1 - d] + 1) % V
            q = next_char_probs(params, changed)
            result[j] += 0.5 * np.abs(p - q).sum()
    return result / len(starts)


def main():
    text = open("data/corpus.txt").read()
    chars, stoi = build_vocab(text)
    data = encode(text, stoi)
    cut = int(0.9 * len(data))
    train_ids, val_ids = data[:cut], data[cut:]
    params, losses = train(train_ids, len(chars), hidden_size=64, seq_length=25, steps=3000, lr=0.1, seed=0)
    for s in range(0, 3000, 300):
        print(f"steps {s:4d}-{s + 299}  mean loss {np.mean(losses[s:s + 300]):.3f}")
    val = evaluate(params, val_ids)
    unigram = np.bincount(train_ids, minlength=len(chars)) / len(train_ids)
    entropy = -np.sum(unigram[unigram > 0] * np.log(unigram[unigram > 0]))
    print(f"validation loss {val:.3f} nats/char, perplexity {perplexity(val):.2f} "
          f"(uniform: {len(chars)}, unigram: {np.exp(entropy):.2f})")
    text_out = decode(sample(params, stoi["t"], 300, temperature=0.8, rng=np.random.default_rng(1)), chars)
    os.makedirs("samples", exist_ok=True)
    with open(os.path.join("samples", "samples.txt"), "w") as f:
        f.write(text_out + "\n")
    print("sample:", text_out[:200].replace("\n", " / "))
    distances = [1, 2, 5, 10, 20, 50]
    for d, v in zip(distances, influence_by_distance(params, val_ids, distances)):
        print(f"influence of the char {d:3d} back: {v:.4f}")


if __name__ == "__main__":
    main()
