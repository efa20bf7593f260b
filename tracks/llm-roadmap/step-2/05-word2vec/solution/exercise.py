"""Word2Vec from scratch: skip-gram with negative sampling on a small corpus, in numpy.
Also the co-occurrence counts that GloVe starts from.

    python3 exercise.py          # trains on data/corpus.txt and prints nearest neighbours
    trail check word2vec

Python 3 and numpy only.
"""
import numpy as np


def load_corpus(path="data/corpus.txt"):
    """A list of sentences, each a list of words (the file has one sentence per line)."""
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def build_vocab(sentences):
    """Returns (word_to_id, counts): ids ordered by count, most frequent first (ties
    alphabetically); counts[i] is how often word i occurs."""
    freq = {}
    for sentence in sentences:
        for word in sentence:
            freq[word] = freq.get(word, 0) + 1
    words = sorted(freq, key=lambda w: (-freq[w], w))
    return {w: i for i, w in enumerate(words)}, np.array([freq[w] for w in words])


def skipgram_pairs(sentences, word_to_id, window=2):
    """Every (center, context) pair of ids with the context at most `window` positions away in
    the same sentence, as an int array of shape (pairs, 2). Order: sentence by sentence, center
    by center, context positions from left to right."""
    pairs = []
    for sentence in sentences:
        ids = [word_to_id[w] for w in sentence]
        for i, center in enumerate(ids):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    pairs.append((center, ids[j]))
    return np.array(pairs, dtype=int).reshape(-1, 2)


def noise_distribution(counts, power=0.75):
    """P(w) proportional to count(w) ** power: the distribution negatives are drawn from."""
    p = np.asarray(counts, float) ** power
    return p / p.sum()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sgns_loss_and_grads(W_in, W_out, centers, contexts, negatives):
    """Skip-gram negative-sampling loss, averaged over a batch of B pairs, and its gradients.

    centers, contexts: (B,) ids; negatives: (B, K) ids. With v = W_in[center], u = W_out[context],
    u_k = W_out[negative k]:
        loss = mean over the batch of  -log sigmoid(u . v) - sum_k log sigmoid(-u_k . v)
    Returns (loss, dW_in, dW_out), the gradients as arrays shaped like W_in and W_out.
    """
    B = len(centers)
    v = W_in[centers]                                   # (B, d)
    u = W_out[contexts]                                 # (B, d)
    u_neg = W_out[negatives]                            # (B, K, d)
    pos = np.sum(u * v, axis=1)                         # (B,)
    neg = np.einsum("bkd,bd->bk", u_neg, v)             # (B, K)
    loss = -np.mean(np.log(sigmoid(pos)) + np.sum(np.log(sigmoid(-neg)), axis=1))
    g_pos = (sigmoid(pos) - 1.0) / B                    # dloss/dpos
    g_neg = sigmoid(neg) / B                            # dloss/dneg
    dv = g_pos[:, None] * u + np.einsum("bk,bkd->bd", g_neg, u_neg)
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, centers, dv)                       # add.at: a word can appear twice in a batch
    dW_out = np.zeros_like(W_out)
    np.add.at(dW_out, contexts, g_pos[:, None] * v)
    np.add.at(dW_out, negatives, g_neg[:, :, None] * v[:, None, :])
    return float(loss), dW_in, dW_out


def train_word2vec(sentences, dim=16, window=2, negatives=5, epochs=5, lr=0.5, batch_size=64, seed=0):
    """Mini-batch SGD on the SGNS loss. Returns (W_in, word_to_id, losses), losses[e] the mean
    batch loss of epoch e. W_in starts uniform in [-0.5/dim, 0.5/dim], W_out at zero (as in the
    original word2vec code); negatives are drawn from noise_distribution(counts)."""
    rng = np.random.default_rng(seed)
    word_to_id, counts = build_vocab(sentences)
    pairs = skipgram_pairs(sentences, word_to_id, window)
    noise = noise_distribution(counts)
    V = len(word_to_id)
    W_in = rng.uniform(-0.5 / dim, 0.5 / dim, (V, dim))
    W_out = np.zeros((V, dim))
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(pairs))
        batch_losses = []
        for start in range(0, len(order), batch_size):
            batch = pairs[order[start:start + batch_size]]
            neg = rng.choice(V, size=(len(batch), negatives), p=noise)
            loss, dW_in, dW_out = sgns_loss_and_grads(W_in, W_out, batch[:, 0], batch[:, 1], neg)
            W_in -= lr * dW_in
            W_out -= lr * dW_out
            batch_losses.append(loss)
        losses.append(float(np.mean(batch_losses)))
    return W_in, word_to_id, losses


def most_similar(word, W, word_to_id, topn=5):
    """The topn other words with the highest cosine similarity to `word`, as (word, cosine)
    pairs, most similar first."""
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    sims = unit @ unit[word_to_id[word]]
    id_to_word = {i: w for w, i in word_to_id.items()}
    order = [i for i in np.argsort(-sims) if i != word_to_id[word]]
    return [(id_to_word[i], float(sims[i])) for i in order[:topn]]


def cooccurrence_matrix(sentences, word_to_id, window=2):
    """GloVe's counts: X[i, j] adds 1/distance each time word j occurs within `window`
    positions of word i in the same sentence (so the matrix is symmetric)."""
    V = len(word_to_id)
    X = np.zeros((V, V))
    for sentence in sentences:
        ids = [word_to_id[w] for w in sentence]
        for i, a in enumerate(ids):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    X[a, ids[j]] += 1.0 / abs(i - j)
    return X


if __name__ == "__main__":
    sentences = load_corpus()
    W, word_to_id, losses = train_word2vec(sentences)
    print("loss per epoch:", [round(l, 3) for l in losses])
    for word in ("cat", "bread", "milk", "barn", "doctor"):
        print(f"{word:8} ->", ", ".join(f"{w} {s:.2f}" for w, s in most_similar(word, W, word_to_id, 4)))
