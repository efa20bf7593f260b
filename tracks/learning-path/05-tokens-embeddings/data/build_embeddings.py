"""Builds the shipped embedding pipeline from data/reviews.tsv.gz (run from the stage folder):

    python3 data/build_embeddings.py

    data/vocab.txt       one token per line; the line number is the token id; line 0 is <unk>
    data/idf.npy         float32 (V,): idf[id] = ln((1 + N) / (1 + df)) + 1, and idf[0] = 0
    data/projection.npy  float32 (V, 32): the embedding table P, the top 32 right singular vectors
                         of the review x token TF-IDF matrix (LSA), one row per token
    data/embeddings.npy  float16 (1000, 32): every review embedded by the same recipe, unit length

The recipe for one text (the exercise's `embed`): tokens = re.findall("[a-z0-9]+", text.lower());
ids (unknown -> 0); weight of each id = (its count in the text) * idf[id];
v = sum of weight * P[id]; embedding = v / |v|.
Tokens that occur in at least 2 reviews enter the vocabulary, sorted alphabetically after <unk>.
numpy only.
"""
import gzip
import re
from collections import Counter

import numpy as np

DIM = 32


def tokenize(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def main():
    with gzip.open("data/reviews.tsv.gz", "rt") as f:
        texts = [line.rstrip("\n").split("\t")[4] for line in f.readlines()[1:]]
    docs = [tokenize(t) for t in texts]
    df = Counter(tok for d in docs for tok in set(d))
    vocab = ["<unk>"] + sorted(tok for tok, n in df.items() if n >= 2)
    stoi = {t: i for i, t in enumerate(vocab)}
    n = len(docs)
    idf = np.array([0.0] + [np.log((1 + n) / (1 + df[t])) + 1 for t in vocab[1:]])
    X = np.zeros((n, len(vocab)))
    for i, d in enumerate(docs):
        for tok, c in Counter(d).items():
            X[i, stoi.get(tok, 0)] += c
    X *= idf
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    _, _, Vt = np.linalg.svd(X, full_matrices=False)
    P = Vt[:DIM].T
    P *= np.sign(P[np.abs(P).argmax(axis=0), np.arange(DIM)])   # a fixed sign per component
    P = P.astype(np.float32)
    E = X.astype(np.float32) @ P
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    with open("data/vocab.txt", "w") as f:
        f.write("\n".join(vocab) + "\n")
    np.save("data/idf.npy", idf.astype(np.float32))
    np.save("data/projection.npy", P)
    np.save("data/embeddings.npy", E.astype(np.float16))
    print(f"{n} reviews, vocabulary {len(vocab)}, embeddings {E.shape}")


if __name__ == "__main__":
    main()
