"""M7: a mini GPT in numpy on the autograd engine of M4, trained on a small corpus.

autograd.py (the engine) and plot.py (M3's plot_curves) are given. Fill in every TODO.
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
    # TODO
    raise NotImplementedError("build_vocab")


def encode(text, vocab):
    """The ids of the characters of text, as a list of ints."""
    # TODO: a dict {character: id} built from vocab.
    raise NotImplementedError("encode")


def decode(ids, vocab):
    """The text of a sequence of ids."""
    # TODO
    raise NotImplementedError("decode")


def get_batch(data, block_size, batch_size, rng):
    """batch_size random windows of data (an int array): x (B, T) and y (B, T) = x shifted by
    one, so that y[b, t] is the token that follows x[b, t]. Window starts are drawn with
    rng.integers(0, len(data) - block_size, size=batch_size)."""
    # TODO: draw the starts as the docstring says; stack the windows data[s:s+T] into x and
    # data[s+1:s+T+1] into y.
    raise NotImplementedError("get_batch")


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
        # TODO: q, k, v = x @ W reshaped to (B, T, H, dh) and transposed to (B, H, T, dh);
        # scores q @ k^T (transpose(0, 1, 3, 2)) / sqrt(dh); masked_fill(-inf) where key j > query i;
        # softmax over the last axis; weights @ v; back to (B, T, d); then @ Wo.
        raise NotImplementedError("GPT.attention")

    def forward(self, idx):
        """Logits (B, T, vocab_size) for the integer array idx (B, T), T <= block_size."""
        # TODO: token embeddings + position embeddings (embedding(...) with np.arange(T)); for each
        # layer, x = x + attention(LN1(x)) and x = x + MLP(LN2(x)) with gelu; final LayerNorm; @ W_out.
        raise NotImplementedError("GPT.forward")

    def loss(self, idx, targets):
        """Mean cross-entropy of the next-token predictions over all B*T positions."""
        # TODO: cross_entropy of the logits reshaped to (B*T, V) against targets reshaped to (B*T,).
        raise NotImplementedError("GPT.loss")


# --- training, evaluation, sampling ---------------------------------------------------------------

def train(model, data, steps=600, batch_size=16, lr=3e-3, seed=0):
    """Adam on random batches of data; returns the training loss of every step."""
    # TODO: one rng = np.random.default_rng(seed) and one Adam(model.parameters(), lr=lr); per step:
    # a batch, the loss, optimizer.zero_grad(), loss.backward(), optimizer.step(), record float(loss.data).
    raise NotImplementedError("train")


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
    # TODO: under no_grad(): repeat n_new times: forward on the last block_size ids (shape (1, t)),
    # take the last position's logits / temperature, softmax them, rng.choice an id, append it.
    raise NotImplementedError("generate")


def save_run(losses, samples, folder="."):
    """The loss curve as visualizations/loss_curve.svg and the samples as samples.txt."""
    # TODO: plot_curves({"train loss": losses}, <folder>/visualizations/loss_curve.svg) and write
    # samples to <folder>/samples.txt.
    raise NotImplementedError("save_run")


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
