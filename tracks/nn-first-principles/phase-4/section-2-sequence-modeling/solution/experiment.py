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
    letters = sorted(set(''.join(words)))
    stoi = {'.': 0}
    for i, ch in enumerate(letters):
        stoi[ch] = i + 1
    itos = {i: ch for ch, i in stoi.items()}
    return stoi, itos


def bigram_counts(words, stoi):
    """counts[i, j] = how often character j follows character i, '.' marking start and end."""
    V = len(stoi)
    counts = np.zeros((V, V), dtype=np.int64)
    for w in words:
        chars = ['.'] + list(w) + ['.']
        for a, b in zip(chars, chars[1:]):
            counts[stoi[a], stoi[b]] += 1
    return counts


def bigram_probs(counts, alpha=1.0):
    """Add alpha to every count (smoothing), then normalise each row to sum to 1."""
    smoothed = counts + alpha
    return smoothed / smoothed.sum(axis=1, keepdims=True)


def bigram_nll(P, words, stoi):
    """Mean of -log P[a, b] over every transition a -> b of every word (ends included)."""
    total, n = 0.0, 0
    for w in words:
        chars = ['.'] + list(w) + ['.']
        for a, b in zip(chars, chars[1:]):
            total -= np.log(P[stoi[a], stoi[b]])
            n += 1
    return total / n


# --- the MLP language model ------------------------------------------------------------------

def make_context_dataset(words, stoi, block_size):
    """X[m] holds the indices of the block_size characters before Y[m] ('.'-padded at the start)."""
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return np.array(X, dtype=np.int64).reshape(-1, block_size), np.array(Y, dtype=np.int64)


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
        self.X = X
        emb = self.C[X]                                   # (N, block_size, n_embd)
        return self.net.forward(emb.reshape(len(X), -1))  # (N, vocab_size)

    def backward(self, dlogits):
        demb = self.net.backward(dlogits).reshape(self.X.shape + (self.C.shape[1],))
        # Row C[i] was used once for every time index i appears in X: add up all those
        # gradients. (dC[X] += demb would keep only one of the repeated indices.)
        self.dC = np.zeros_like(self.C)
        np.add.at(self.dC, self.X, demb)

    def params(self):
        return [self.C] + self.net.params()

    def grads(self):
        return [self.dC] + self.net.grads()


def train(model, X, Y, steps, batch_size, lr, seed):
    """Minibatch SGD on the cross-entropy; returns the loss of every step."""
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(steps):
        ix = rng.integers(0, len(X), size=batch_size)
        loss, dlogits = softmax_cross_entropy(model.forward(X[ix]), Y[ix])
        model.backward(dlogits)
        for p, g in zip(model.params(), model.grads()):
            p -= lr * g
        losses.append(float(loss))
    return losses


def sample(model, itos, n, seed, max_len=30):
    """n words drawn one character at a time from the model's softmax, until it draws '.'."""
    rng = np.random.default_rng(seed)
    words = []
    for _ in range(n):
        context = [0] * model.block_size
        out = []
        for _ in range(max_len):
            logits = model.forward(np.array([context]))[0]
            p = np.exp(logits - logits.max())
            ix = int(rng.choice(len(p), p=p / p.sum()))
            if ix == 0:
                break
            out.append(itos[ix])
            context = context[1:] + [ix]
        words.append(''.join(out))
    return words


def write_samples(words, path='samples/samples.txt'):
    """Write one word per line, creating the folder; returns the path."""
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(words) + '\n')
    return path


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
