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
    # TODO: hs = [h0]; for each (x, y): h = tanh(Wxh[x] + h_prev @ Whh + bh), p = softmax(h @ Why + by),
    #       add -log p[y]; keep every h and p. Return (mean loss, {"inputs", "targets", "hs", "probs"}).
    raise NotImplementedError("forward")


def backward(params, cache):
    """Backpropagation through time: the gradients of the mean loss for every parameter (a dict
    with the keys of params). The gradient stops at h0 (truncated BPTT)."""
    # TODO: grads of zeros; dh_next = 0; for t from T - 1 down to 0:
    #       dlogits = (p_t - one_hot(y_t)) / T; Why and by get their share;
    #       dh = dlogits @ Why.T + dh_next; dz = dh * (1 - h_t^2);
    #       Wxh[x_t] += dz, Whh += outer(h_{t-1}, dz), bh += dz; dh_next = dz @ Whh.T
    raise NotImplementedError("backward")


def clip_gradients(grads, max_norm):
    """Scale all gradients together so that their global L2 norm is at most max_norm, in place.
    Returns the norm before clipping."""
    # TODO: the global norm sqrt(sum of all squared entries); if above max_norm, multiply every
    #       gradient by max_norm / norm in place (g *= ...). Return the norm before clipping.
    raise NotImplementedError("clip_gradients")


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
    # TODO: params, an Adagrad(lr), h = zeros, p = 0; for each step: wrap p and h to 0 when
    #       p + seq_length + 1 > len(data); forward on data[p:p+T] -> data[p+1:p+T+1]; backward;
    #       clip; optimizer.step; carry h = cache["hs"][-1]; p += seq_length; record the loss.
    raise NotImplementedError("train")


def evaluate(params, data):
    """Mean NLL of data[1:] given data[:-1], reading the whole sequence from h = 0 (no gradients)."""
    # TODO: one forward over data[:-1] -> data[1:] from a zero state
    raise NotImplementedError("evaluate")


def perplexity(mean_nll):
    """e^(mean NLL): the number of equally likely characters the model is as unsure as."""
    # TODO
    raise NotImplementedError("perplexity")


def sample(params, seed_id, n, temperature=1.0, rng=None):
    """n ids drawn one at a time, starting from h = 0 and the input seed_id; each drawn id is
    the next input. The softmax uses logits / temperature."""
    # TODO: h = zeros, x = seed_id; n times: the RNN step on x, p = softmax(logits / temperature),
    #       x = int(rng.choice(len(p), p=p)), keep x
    raise NotImplementedError("sample")


def next_char_probs(params, ids):
    """The distribution of the character after `ids`, reading them from h = 0."""
    # TODO: run the RNN over ids from h = 0; return the softmax of the last logits
    raise NotImplementedError("next_char_probs")


def influence_by_distance(params, data, distances, n_windows=50, warmup=10):
    """How much the prediction after a window still depends on the character d steps back.

    Windows of L = max(distances) + 1 + warmup ids start at np.linspace(0, len(data) - L - 1, n_windows)
    (as ints). For each window w: p = next_char_probs(w); for each d, w' is w with w'[L - 1 - d]
    replaced by (w[L - 1 - d] + 1) % V, q = next_char_probs(w'), and the change is the total
    variation 0.5 * sum |p - q|. Returns the mean change per distance (an array, in the order given).
    The warm-up keeps every changed character away from the start of the window, where the RNN
    starts from h = 0 and its first inputs weigh unusually much.
    """
    # TODO: follow the docstring exactly: the tests compare with their own computation
    raise NotImplementedError("influence_by_distance")


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
