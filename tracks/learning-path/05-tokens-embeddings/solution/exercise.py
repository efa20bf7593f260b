"""Stage 05 — Tokens & Embeddings: text -> tokens -> ids -> embeddings -> nearest neighbours.

Two tokenizers (words, and byte-pair encoding trained on a few words), an embedding table
looked up by id and pooled into one unit vector per text, and cosine top-k over 1,000 reviews.

    python3 exercise.py               # embeds a query review and prints its 5 nearest neighbours
    trail check tokens-embeddings     # runs the tests

Uses numpy (pip install numpy) only. data/README.md says how the data files were made.
"""
import gzip
import re
from collections import Counter

import numpy as np


def load_reviews(path="data/reviews.tsv.gz"):
    """A list of dicts with keys id, category, sentiment, rating, text (gzip or plain TSV)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def load_pipeline(folder="data"):
    """(stoi, idf, P, E): the vocabulary (token -> id), idf (V,), the embedding table P (V, d)
    and the 1,000 review embeddings E (1000, d), all as float64."""
    with open(f"{folder}/vocab.txt") as f:
        vocab = f.read().splitlines()
    stoi = {token: i for i, token in enumerate(vocab)}
    idf = np.load(f"{folder}/idf.npy").astype(float)
    P = np.load(f"{folder}/projection.npy").astype(float)
    E = np.load(f"{folder}/embeddings.npy").astype(float)
    return stoi, idf, P, E


# ---------- 1. text -> tokens -> ids ----------

def tokenize(text):
    """Lower-case the text and return its runs of a-z and 0-9, in order."""
    return re.findall(r"[a-z0-9]+", text.lower())


def to_ids(tokens, stoi):
    """The id of every token; a token not in the vocabulary gets 0 (<unk>)."""
    return [stoi.get(token, 0) for token in tokens]


# ---------- 2. byte-pair encoding, the subword tokenizer of GPT-style models ----------

def pair_counts(words):
    """words: dict {tuple of symbols: frequency}. Returns a Counter {(a, b): number of times the
    adjacent pair a, b occurs, weighted by the word's frequency}."""
    counts = Counter()
    for symbols, freq in words.items():
        for a, b in zip(symbols, symbols[1:]):
            counts[(a, b)] += freq
    return counts


def merge_pair(words, pair):
    """A new dict in which every adjacent occurrence of pair (a, b), left to right, is one symbol a + b."""
    merged = {}
    for symbols, freq in words.items():
        out, i = [], 0
        while i < len(symbols):
            if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
                out.append(symbols[i] + symbols[i + 1])
                i += 2
            else:
                out.append(symbols[i])
                i += 1
        merged[tuple(out)] = merged.get(tuple(out), 0) + freq
    return merged


def train_bpe(word_freqs, n_merges):
    """word_freqs: dict {word: frequency}. Start from single characters; n_merges times, merge the
    most frequent pair (ties: the smallest pair in Python's tuple order). Returns the merges in order."""
    words = {tuple(word): freq for word, freq in word_freqs.items()}
    merges = []
    for _ in range(n_merges):
        counts = pair_counts(words)
        if not counts:
            break
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        words = merge_pair(words, best)
    return merges


def bpe_encode(word, merges):
    """Split a word into characters, then apply the merges in the order they were learned."""
    symbols = tuple(word)
    for pair in merges:
        symbols = next(iter(merge_pair({symbols: 1}, pair)))
    return list(symbols)


# ---------- 3. ids -> vectors -> one embedding per text ----------

def embed(text, stoi, idf, P):
    """The review's embedding: look up P[id] for every token id, weight each row by
    (count of the id in the text) * idf[id], sum, and scale to length 1 (zeros if the sum is 0)."""
    ids = to_ids(tokenize(text), stoi)
    vectors = P[ids]                                  # the lookup: one row of the table per token
    weights = np.array([idf[i] for i in ids])         # each occurrence adds idf once: count * idf in total
    v = weights @ vectors if ids else np.zeros(P.shape[1])
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else v


def cosine_similarities(q, M):
    """cos(q, M[i]) = q . M[i] / (|q| |M[i]|) for every row i (0 where a norm is 0)."""
    norms = np.linalg.norm(M, axis=1) * np.linalg.norm(q)
    dots = M @ q
    return np.divide(dots, norms, out=np.zeros_like(dots, dtype=float), where=norms > 0)


def top_k(q, M, k=5, exclude=None):
    """The k rows of M most cosine-similar to q, as a list of (index, similarity), best first;
    equal similarities in index order; the index `exclude` (if given) is skipped."""
    sims = cosine_similarities(q, M)
    order = sorted(range(len(sims)), key=lambda i: (-sims[i], i))
    return [(i, float(sims[i])) for i in order if i != exclude][:k]


def main():
    reviews = load_reviews()
    stoi, idf, P, E = load_pipeline()
    query = "The battery died after one afternoon and bluetooth keeps dropping. Not worth the money."
    tokens = tokenize(query)
    print("tokens:", tokens)
    print("ids:   ", to_ids(tokens, stoi))
    q = embed(query, stoi, idf, P)
    print("embedding (first 6 of", len(q), "numbers):", np.round(q[:6], 3))
    for i, sim in top_k(q, E, 5):
        r = reviews[i]
        print(f"{sim:.3f}  [{r['category']}, {r['rating']} stars]  {r['text']}")
    merges = train_bpe({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 4)
    print("BPE merges:", merges, "-> 'lowest' =", bpe_encode("lowest", merges))


if __name__ == "__main__":
    main()
