"""Character-level language models of English words: a bigram table of counts, then an MLP
that reads the last few characters through an embedding table (Bengio et al., 2003).

'.' is both the start and the end of every word: "cat" is the sequence . c a t .
"""
import os

import numpy as np

from layers import Linear, Stack, Tanh, softmax_cross_entropy


def load_words(path='data/words.txt'):
    """One lower-case word per line."""
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]


def split_words(words, val_fraction=0.1, seed=0):
    """Shuffle with a fixed seed and hold out the last val_fraction of the words."""
    order = np.random.default_rng(seed).permutation(len(words))
    n_val = int(len(words) * val_fraction)
    shuffled = [words[i] for i in order]
    return shuffled[n_val:], shuffled[:n_val]


# --- counting: the bigram model --------------------------------------------------------------

def build_vocab(words):
    """stoi maps '.' to 0 and each letter that occurs, in sorted order, to 1, 2, …; itos inverts it."""
    # TODO: stoi = {'.': 0, first letter: 1, …} over the sorted set of letters in words;
    # itos maps each index back to its character. Return (stoi, itos).
    raise NotImplementedError("build_vocab")


def bigram_counts(words, stoi):
    """counts[i, j] = how often character j follows character i, '.' marking start and end."""
    # TODO: a (V, V) integer array; walk each word as . w[0] w[1] … w[-1] . and add 1 for
    # every consecutive pair (a, b) at counts[stoi[a], stoi[b]].
    raise NotImplementedError("bigram_counts")


def bigram_probs(counts, alpha=1.0):
    """Add alpha to every count (smoothing), then normalise each row to sum to 1."""
    # TODO: P[i, j] = (counts[i, j] + alpha) / sum_k (counts[i, k] + alpha).
    raise NotImplementedError("bigram_probs")


def bigram_nll(P, words, stoi):
    """Mean of -log P[a, b] over every transition a -> b of every word (ends included)."""
    # TODO: the same pairs as in bigram_counts; average -log P[stoi[a], stoi[b]] over all of them.
    raise NotImplementedError("bigram_nll")


# --- the MLP language model ------------------------------------------------------------------

def make_context_dataset(words, stoi, block_size):
    """X[m] holds the indices of the block_size characters before Y[m] ('.'-padded at the start)."""
    # TODO: for each word, start from context = [0] * block_size; for every character of
    # word + '.', append (context, index of the character) and slide the context by one.
    # Return X as an int array (M, block_size) and Y as an int array (M,).
    raise NotImplementedError("make_context_dataset")


class MLPLanguageModel:
    """Embed each context character (table C), concatenate, tanh hidden layer, logits."""

    def __init__(self, vocab_size, block_size, n_embd, n_hidden, rng):
        self.block_size = block_size
        self.C = rng.normal(size=(vocab_size, n_embd))
        self.net = Stack(
            Linear(block_size * n_embd, n_hidden, rng, init='xavier'),
            Tanh(),
            Linear(n_hidden, vocab_size, rng, init='xavier'),
        )
        self.dC = np.zeros_like(self.C)

    def forward(self, X):
        # TODO: X is (N, block_size) ints. Look up the rows of C, flatten each example's
        # embeddings into one vector of block_size * n_embd numbers, run self.net; return
        # the logits (N, vocab_size). Remember X for backward.
        raise NotImplementedError("MLPLanguageModel.forward")

    def backward(self, dlogits):
        # TODO: run dlogits back through self.net, reshape the result to
        # (N, block_size, n_embd), and store self.dC: every use of a row of C adds its
        # gradient to that row.
        raise NotImplementedError("MLPLanguageModel.backward")

    def params(self):
        return [self.C] + self.net.params()

    def grads(self):
        return [self.dC] + self.net.grads()


def train(model, X, Y, steps, batch_size, lr, seed):
    """Minibatch SGD on the cross-entropy; returns the loss of every step."""
    # TODO: with rng = np.random.default_rng(seed), each step: pick batch_size random rows,
    # forward, softmax_cross_entropy, backward, then p -= lr * g for every parameter.
    raise NotImplementedError("train")


def sample(model, itos, n, seed, max_len=30):
    """n words drawn one character at a time from the model's softmax, until it draws '.'."""
    # TODO: with rng = np.random.default_rng(seed), for each word start from
    # context = [0] * model.block_size; repeat: logits of the context (a batch of one row),
    # softmax, draw an index from those probabilities; stop at 0 ('.') or after max_len
    # characters, else append itos[index] and slide the context.
    raise NotImplementedError("sample")


def write_samples(words, path='samples/samples.txt'):
    """Write one word per line, creating the folder; returns the path."""
    # TODO: create the folder (os.makedirs(..., exist_ok=True)), write the words, return path.
    raise NotImplementedError("write_samples")


if __name__ == '__main__':
    words = load_words()
    train_words, val_words = split_words(words)
    stoi, itos = build_vocab(words)

    P = bigram_probs(bigram_counts(train_words, stoi))
    print(f"bigram   train NLL {bigram_nll(P, train_words, stoi):.4f}   val NLL {bigram_nll(P, val_words, stoi):.4f}")

    block_size = 3
    Xtr, Ytr = make_context_dataset(train_words, stoi, block_size)
    Xva, Yva = make_context_dataset(val_words, stoi, block_size)
    model = MLPLanguageModel(len(stoi), block_size, n_embd=10, n_hidden=64, rng=np.random.default_rng(0))
    losses = train(model, Xtr, Ytr, steps=4000, batch_size=64, lr=0.2, seed=0)
    train_nll, _ = softmax_cross_entropy(model.forward(Xtr), Ytr)
    val_nll, _ = softmax_cross_entropy(model.forward(Xva), Yva)
    print(f"MLP      train NLL {train_nll:.4f}   val NLL {val_nll:.4f}")

    samples = sample(model, itos, 20, seed=0)
    print(' '.join(samples))
    print('wrote', write_samples(samples))
