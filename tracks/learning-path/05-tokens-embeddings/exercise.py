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
    # TODO: re.findall with the pattern [a-z0-9]+ on the lower-cased text
    raise NotImplementedError("tokenize")


def to_ids(tokens, stoi):
    """The id of every token; a token not in the vocabulary gets 0 (<unk>)."""
    # TODO: stoi.get(token, 0) for every token
    raise NotImplementedError("to_ids")


# ---------- 2. byte-pair encoding, the subword tokenizer of GPT-style models ----------

def pair_counts(words):
    """words: dict {tuple of symbols: frequency}. Returns a Counter {(a, b): number of times the
    adjacent pair a, b occurs, weighted by the word's frequency}."""
    # TODO: for every word, every adjacent pair (zip(symbols, symbols[1:])) adds the word's frequency
    raise NotImplementedError("pair_counts")


def merge_pair(words, pair):
    """A new dict in which every adjacent occurrence of pair (a, b), left to right, is one symbol a + b."""
    # TODO: walk each word left to right; where symbols[i], symbols[i + 1] == pair, emit the joined
    #       symbol and skip two, else emit symbols[i]; words that become equal add their frequencies
    raise NotImplementedError("merge_pair")


def train_bpe(word_freqs, n_merges):
    """word_freqs: dict {word: frequency}. Start from single characters; n_merges times, merge the
    most frequent pair (ties: the smallest pair in Python's tuple order). Returns the merges in order."""
    # TODO: words = {tuple(word): freq}; n_merges times: count pairs, pick the best by (-count, pair),
    #       record it, merge it everywhere
    raise NotImplementedError("train_bpe")


def bpe_encode(word, merges):
    """Split a word into characters, then apply the merges in the order they were learned."""
    # TODO: start from tuple(word); apply every merge in order (merge_pair on a one-word dict works)
    raise NotImplementedError("bpe_encode")


# ---------- 3. ids -> vectors -> one embedding per text ----------

def embed(text, stoi, idf, P):
    """The review's embedding: look up P[id] for every token id, weight each row by
    (count of the id in the text) * idf[id], sum, and scale to length 1 (zeros if the sum is 0)."""
    # TODO: ids of the tokens; rows P[ids]; weights idf[id] per occurrence; weighted sum; divide by its norm
    raise NotImplementedError("embed")


def cosine_similarities(q, M):
    """cos(q, M[i]) = q . M[i] / (|q| |M[i]|) for every row i (0 where a norm is 0)."""
    # TODO: M @ q divided by the row norms times |q|; 0 where that product is 0
    raise NotImplementedError("cosine_similarities")


def top_k(q, M, k=5, exclude=None):
    """The k rows of M most cosine-similar to q, as a list of (index, similarity), best first;
    equal similarities in index order; the index `exclude` (if given) is skipped."""
    # TODO: sort the indices by (-similarity, index), skip exclude, keep k pairs (index, similarity)
    raise NotImplementedError("top_k")


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
