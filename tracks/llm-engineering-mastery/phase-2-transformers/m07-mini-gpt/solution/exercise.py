"""M7: a mini GPT in numpy on the autograd engine of M4, trained on a small corpus.

Run it with `python3 exercise.py` (a few seconds); check it with `trail check m7`;
stuck? `trail hint m7`.
"""
import os

import numpy as np

from autograd import Adam, Tensor, cross_entropy, embedding, no_grad
from plot import plot_curves

CORPUS = "data/corpus.txt"


# --- characters to integers ------------------------------------------------------------------

def build_vocab(text):
    """The sorted list of the distinct characters of text: id i is the character vocab[i]."""
    return sorted(set(text))


def encode(text, vocab):
    """The ids of the characters of text, as a list of ints."""
    index = {ch: i for i, ch in enumerate(vocab)}
    return [index[ch] for ch in text]


def decode(ids, vocab):
    """The text of a sequence of ids."""
    return "".join(vocab[i] for i in ids)


def get_batch(data, block_size, batch_size, rng):
    """batch_size random windows of data (an int array): x (B, T) and y (B, T) = x shifted by
    one, so that y[b, t] is the token that follows x[b, t]. Window starts are drawn with
    rng.integers(0, len(data) - block_size, size=batch_size)."""
    starts = rng.integers(0, len(data) - block_size, size=batch_size)
    x = np.stack([data[s:s + block_size] for s in starts])
    y = np.stack([data[s + 1:s + block_size + 1] for s in starts])
    return x, y


# --- the model -----------------------------------------------------------------------------------

class GPT:
    """Token and position embeddings, n_layers pre-LayerNorm blocks (M6) with causal
    multi-head attention, a final LayerNorm and a linear map to the vocabulary."""

    def __init__(self, vocab_size, block_size, d_model=32, n_heads=4, n_layers=2, seed=0):
        assert d_model % n_heads == 0
        self.vocab_size, self.block_size = vocab_size, block_size
        self.d_model, self.n_heads, self.n_layers = d_model, n_heads, n_layers
        rng = np.random.default_rng(seed)
        normal = lambda std, *shape: Tensor(rng.normal(0.0, std, shape), requires_grad=True)
        const = lambda value, n: Tensor(np.full(n, value), requires_grad=True)
        d, d_ff = d_model, 4 * d_model
        residual = (2 * n_layers) ** -0.5      # outputs that add to the residual stream start smaller
        self.params = {"tok_emb": normal(0.02, vocab_size, d), "pos_emb": normal(0.02, block_size, d)}
        for l in range(n_layers):
            self.params.update({
                f"h{l}.ln1_g": const(1.0, d), f"h{l}.ln1_b": const(0.0, d),
                f"h{l}.Wq": normal(d ** -0.5, d, d), f"h{l}.Wk": normal(d ** -0.5, d, d),
                f"h{l}.Wv": normal(d ** -0.5, d, d), f"h{l}.Wo": normal(d ** -0.5 * residual, d, d),
                f"h{l}.ln2_g": const(1.0, d), f"h{l}.ln2_b": const(0.0, d),
                f"h{l}.W1": normal(d ** -0.5, d, d_ff), f"h{l}.b1": const(0.0, d_ff),
                f"h{l}.W2": normal(d_ff ** -0.5 * residual, d_ff, d), f"h{l}.b2": const(0.0, d)})
        self.params.update({"lnf_g": const(1.0, d), "lnf_b": const(0.0, d),
                            "W_out": normal(0.02, d, vocab_size)})
        for name, p in self.params.items():
            p.name = name

    def parameters(self):
        return list(self.params.values())

    def attention(self, x, l):
        """Causal multi-head self-attention of layer l on x (B, T, d) -> (B, T, d)."""
        p = self.params
        B, T, d = x.shape
        H, dh = self.n_heads, d // self.n_heads

        def heads(W):
            return (x @ W).reshape(B, T, H, dh).transpose(0, 2, 1, 3)      # (B, H, T, dh)
        q, k, v = heads(p[f"h{l}.Wq"]), heads(p[f"h{l}.Wk"]), heads(p[f"h{l}.Wv"])
        scores = (q @ k.transpose(0, 1, 3, 2)) * (1.0 / np.sqrt(dh))       # (B, H, T, T)
        ahead = np.triu(np.ones((T, T), dtype=bool), k=1)                  # key j > query i
        weights = scores.masked_fill(ahead, -np.inf).softmax(axis=-1)
        out = (weights @ v).transpose(0, 2, 1, 3).reshape(B, T, d)         # heads side by side
        return out @ p[f"h{l}.Wo"]

    def forward(self, idx):
        """Logits (B, T, vocab_size) for the integer array idx (B, T), T <= block_size."""
        p = self.params
        idx = np.asarray(idx)
        B, T = idx.shape
        x = embedding(p["tok_emb"], idx) + embedding(p["pos_emb"], np.arange(T))
        for l in range(self.n_layers):
            x = x + self.attention(x.layer_norm(p[f"h{l}.ln1_g"], p[f"h{l}.ln1_b"]), l)
            h = x.layer_norm(p[f"h{l}.ln2_g"], p[f"h{l}.ln2_b"])
            x = x + ((h @ p[f"h{l}.W1"] + p[f"h{l}.b1"]).gelu() @ p[f"h{l}.W2"] + p[f"h{l}.b2"])
        return x.layer_norm(p["lnf_g"], p["lnf_b"]) @ p["W_out"]

    def loss(self, idx, targets):
        """Mean cross-entropy of the next-token predictions over all B*T positions."""
        logits = self.forward(idx)
        B, T, V = logits.shape
        return cross_entropy(logits.reshape(B * T, V), np.asarray(targets).reshape(B * T))


# --- training, evaluation, sampling ---------------------------------------------------------------

def train(model, data, steps=600, batch_size=16, lr=3e-3, seed=0):
    """Adam on random batches of data; returns the training loss of every step."""
    rng = np.random.default_rng(seed)
    optimizer = Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        x, y = get_batch(data, model.block_size, batch_size, rng)
        loss = model.loss(x, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.data))
    return losses


def estimate_loss(model, data, batch_size=32, n_batches=8, seed=1):
    """Mean loss over n_batches random batches, without recording a graph."""
    rng = np.random.default_rng(seed)
    with no_grad():
        return float(np.mean([model.loss(*get_batch(data, model.block_size, batch_size, rng)).data
                              for _ in range(n_batches)]))


def generate(model, ids, n_new, temperature=1.0, rng=None):
    """ids followed by n_new sampled ids: each from softmax(last logits / temperature), the
    context cropped to the last block_size ids; rng is a np.random.Generator (default_rng(0)
    when None)."""
    rng = rng if rng is not None else np.random.default_rng(0)
    ids = list(ids)
    with no_grad():
        for _ in range(n_new):
            context = np.array([ids[-model.block_size:]])
            logits = model.forward(context).data[0, -1] / temperature
            p = np.exp(logits - logits.max())
            ids.append(int(rng.choice(len(p), p=p / p.sum())))
    return ids


def save_run(losses, samples, folder="."):
    """The loss curve as visualizations/loss_curve.svg and the samples as samples.txt."""
    plot_curves({"train loss": losses}, os.path.join(folder, "visualizations", "loss_curve.svg"),
                title="mini GPT: training loss per step")
    with open(os.path.join(folder, "samples.txt"), "w") as f:
        f.write(samples)


if __name__ == "__main__":
    text = open(CORPUS).read()
    vocab = build_vocab(text)
    data = np.array(encode(text, vocab))
    cut = int(0.9 * len(data))
    train_data, val_data = data[:cut], data[cut:]
    model = GPT(len(vocab), block_size=16, d_model=32, n_heads=4, n_layers=2, seed=0)
    print(f"{len(vocab)} characters, {sum(p.data.size for p in model.parameters())} parameters; "
          f"loss at init {estimate_loss(model, val_data):.3f} (ln V = {np.log(len(vocab)):.3f})")
    losses = train(model, train_data, steps=600, batch_size=16, lr=3e-3, seed=0)
    print(f"training loss {losses[0]:.3f} -> {np.mean(losses[-50:]):.3f}; "
          f"validation loss {estimate_loss(model, val_data):.3f}")
    samples = decode(generate(model, encode("\n", vocab), 600, rng=np.random.default_rng(0)), vocab)
    print(samples)
    save_run(losses, samples)
    print("wrote visualizations/loss_curve.svg and samples.txt")
