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
    # TODO: count every word; sort the words by (-count, word); ids in that order
    raise NotImplementedError("build_vocab: return word_to_id, counts")


def skipgram_pairs(sentences, word_to_id, window=2):
    """Every (center, context) pair of ids with the context at most `window` positions away in
    the same sentence, as an int array of shape (pairs, 2). Order: sentence by sentence, center
    by center, context positions from left to right."""
    # TODO: for each sentence, each position i, each j within window of i (j != i, inside the sentence)
    raise NotImplementedError("skipgram_pairs")


def noise_distribution(counts, power=0.75):
    """P(w) proportional to count(w) ** power: the distribution negatives are drawn from."""
    # TODO
    raise NotImplementedError("noise_distribution")


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
    # TODO: the scores u . v (B,) and u_k . v (B, K), then the mean loss
    # TODO: dloss/dscore: (sigmoid(pos) - 1) / B for the true context, sigmoid(neg) / B for each negative
    # TODO: gradients for v, u and every u_k, scattered into full-size arrays with np.add.at
    raise NotImplementedError("sgns_loss_and_grads: return loss, dW_in, dW_out")


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
            # TODO: draw (len(batch), negatives) ids with rng.choice(V, size=..., p=noise)
            # TODO: sgns_loss_and_grads on the batch, an SGD step on W_in and W_out, keep the loss
            raise NotImplementedError("train_word2vec: one batch")
        losses.append(float(np.mean(batch_losses)))
    return W_in, word_to_id, losses


def most_similar(word, W, word_to_id, topn=5):
    """The topn other words with the highest cosine similarity to `word`, as (word, cosine)
    pairs, most similar first."""
    # TODO: normalize every row to length 1, dot with the word's row, sort, skip the word itself
    raise NotImplementedError("most_similar")


def cooccurrence_matrix(sentences, word_to_id, window=2):
    """GloVe's counts: X[i, j] adds 1/distance each time word j occurs within `window`
    positions of word i in the same sentence (so the matrix is symmetric)."""
    # TODO: the same windows as skipgram_pairs, adding 1 / distance
    raise NotImplementedError("cooccurrence_matrix")


if __name__ == "__main__":
    sentences = load_corpus()
    W, word_to_id, losses = train_word2vec(sentences)
    print("loss per epoch:", [round(l, 3) for l in losses])
    for word in ("cat", "bread", "milk", "barn", "doctor"):
        print(f"{word:8} ->", ", ".join(f"{w} {s:.2f}" for w, s in most_similar(word, W, word_to_id, 4)))
