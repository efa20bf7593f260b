"""Tests of Stage 05 (Tokens & Embeddings): tokenize, to_ids, byte-pair encoding, embed (lookup +
weighted pooling), cosine similarities and top-k neighbours over the shipped review embeddings.

The tests compute everything themselves from the data files and compare with your functions.
"""
import gzip
import re
import unittest
from collections import Counter

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def read_tsv(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = f.read().splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


def pipeline():
    with open("data/vocab.txt") as f:
        vocab = f.read().splitlines()
    return ({t: i for i, t in enumerate(vocab)}, np.load("data/idf.npy").astype(float),
            np.load("data/projection.npy").astype(float), np.load("data/embeddings.npy").astype(float))


def own_embed(text, stoi, idf, P):
    v = np.zeros(P.shape[1])
    for i, c in Counter(stoi.get(t, 0) for t in re.findall(r"[a-z0-9]+", text.lower())).items():
        v += c * idf[i] * P[i]
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


class TokenizeTest(unittest.TestCase):
    def test_tokenize(self):
        self.assertEqual(list(exercise.tokenize("Hello, World! It's 2 o'clock.")),
                         ["hello", "world", "it", "s", "2", "o", "clock"],
                         "lower-case, then the runs of a-z0-9: punctuation and apostrophes split tokens")

    def test_to_ids_with_unknown(self):
        stoi = {"<unk>": 0, "battery": 1, "the": 2}
        self.assertEqual(list(exercise.to_ids(["the", "battery", "zzz"], stoi)), [2, 1, 0], "unknown tokens get id 0")


class BpeTest(unittest.TestCase):
    WORDS = {"low": 5, "lower": 2, "newest": 6, "widest": 3}

    def test_pair_counts(self):
        counts = exercise.pair_counts({tuple(w): f for w, f in self.WORDS.items()})
        self.assertEqual(counts[("e", "s")], 9, "es: 6 in newest + 3 in widest")
        self.assertEqual(counts[("l", "o")], 7, "lo: 5 in low + 2 in lower")
        self.assertEqual(counts[("w", "e")], 8, "we: 2 in lower + 6 in newest")

    def test_merge_pair(self):
        merged = exercise.merge_pair({("n", "e", "w", "e", "s", "t"): 6, ("a", "a", "a"): 1}, ("e", "s"))
        self.assertEqual(merged, {("n", "e", "w", "es", "t"): 6, ("a", "a", "a"): 1})
        self.assertEqual(exercise.merge_pair({("a", "a", "a"): 1}, ("a", "a")), {("aa", "a"): 1},
                         "merge left to right without overlaps: a a a -> aa a")

    def test_worked_example(self):
        merges = exercise.train_bpe(self.WORDS, 4)
        self.assertEqual([tuple(m) for m in merges], [("e", "s"), ("es", "t"), ("l", "o"), ("lo", "w")],
                         "most frequent pair first; a tie (es and st both 9) goes to the smaller pair")
        self.assertEqual(list(exercise.bpe_encode("lowest", merges)), ["low", "est"],
                         "an unseen word splits into learned subwords")
        self.assertEqual(list(exercise.bpe_encode("zoo", merges)), ["z", "o", "o"], "no merge applies: characters")


class EmbedTest(unittest.TestCase):
    def test_embed_reproduces_the_shipped_matrix(self):
        stoi, idf, P, E = pipeline()
        reviews = read_tsv("data/reviews.tsv.gz")
        for i in (0, 1, 2, 500, 999):
            v = np.asarray(exercise.embed(reviews[i]["text"], stoi, idf, P))
            self.assertAlmostEqual(float(np.linalg.norm(v)), 1.0, places=6, msg="embeddings have length 1")
            np.testing.assert_allclose(v, E[i], atol=2e-3,
                                       err_msg=f"review {i}: your embed() should reproduce row {i} of embeddings.npy "
                                               "(stored as float16, hence the tolerance)")

    def test_embed_is_lookup_plus_weighted_sum(self):
        rng = np.random.default_rng(0)
        stoi = {"<unk>": 0, "a": 1, "b": 2, "c": 3}
        idf, P = np.array([0.0, 1.0, 2.0, 0.5]), rng.normal(size=(4, 3))
        for text in ("a b b", "C a! zz", "b"):
            np.testing.assert_allclose(exercise.embed(text, stoi, idf, P), own_embed(text, stoi, idf, P), atol=1e-12,
                                       err_msg=f"{text!r}: sum of count * idf[id] * P[id], scaled to length 1")
        np.testing.assert_array_equal(exercise.embed("zz yy", stoi, idf, P), np.zeros(3),
                                      err_msg="only unknown tokens: a zero vector, not nan")


class NeighboursTest(unittest.TestCase):
    def test_cosine_and_top_k(self):
        M = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [2.0, 0.0], [0.0, 0.0]])
        q = np.array([1.0, 1.0])
        np.testing.assert_allclose(exercise.cosine_similarities(q, M), [0.70710678, 0.70710678, 1.0, 0.70710678, 0.0],
                                   atol=1e-8, err_msg="cosine ignores length; a zero row has similarity 0")
        top = [(int(i), float(s)) for i, s in exercise.top_k(q, M, k=3)]
        self.assertEqual([i for i, _ in top], [2, 0, 1], "best first; equal similarities in index order")
        self.assertAlmostEqual(top[0][1], 1.0)
        self.assertEqual([int(i) for i, _ in exercise.top_k(q, M, k=2, exclude=2)], [0, 1], "exclude skips that index")

    def test_neighbours_of_the_queries(self):
        """Each held-out query review: your embed and top_k against the test's own; then how many of the
        5 neighbours share the query's product category and sentiment."""
        stoi, idf, P, E = pipeline()
        reviews, queries = read_tsv("data/reviews.tsv.gz"), read_tsv("data/queries.tsv")
        same_category = same_sentiment = 0
        for query in queries:
            q = np.asarray(exercise.embed(query["text"], stoi, idf, P))
            got = exercise.top_k(q, E, k=5)
            sims = E @ own_embed(query["text"], stoi, idf, P) / np.linalg.norm(E, axis=1)
            best = np.sort(sims)[::-1][:5]
            np.testing.assert_allclose([s for _, s in got], best, atol=1e-9,
                                       err_msg=f"query {query['id']}: the 5 best cosine similarities, best first")
            same_category += sum(reviews[int(i)]["category"] == query["category"] for i, _ in got)
            same_sentiment += sum(reviews[int(i)]["sentiment"] == query["sentiment"] for i, _ in got)
        n = 5 * len(queries)
        log_metric("category_agreement_at_5", same_category / n)
        log_metric("sentiment_agreement_at_5", same_sentiment / n)
        self.assertGreaterEqual(same_category / n, 0.9, "most neighbours should be reviews of the same product")

    def test_a_review_is_not_its_own_neighbour(self):
        _, _, _, E = pipeline()
        got = exercise.top_k(E[7], E, k=5, exclude=7)
        self.assertNotIn(7, [int(i) for i, _ in got])
        self.assertEqual(len(got), 5)


if __name__ == "__main__":
    unittest.main()
