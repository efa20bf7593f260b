"""Tests of Word2Vec from scratch (exercise.py).

They use only the interface the overview states:
    build_vocab(sentences)                         -> (word_to_id, counts)
    skipgram_pairs(sentences, word_to_id, window)  -> int array (pairs, 2) of (center, context)
    noise_distribution(counts, power)              -> probabilities
    sgns_loss_and_grads(W_in, W_out, centers, contexts, negatives) -> (loss, dW_in, dW_out)
    train_word2vec(sentences, dim, window, negatives, epochs, lr, batch_size, seed) -> (W_in, word_to_id, losses)
    most_similar(word, W, word_to_id, topn)        -> [(word, cosine), ...]
    cooccurrence_matrix(sentences, word_to_id, window) -> (V, V) array
"""
import os
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

CORPUS = os.path.join("data", "corpus.txt")
CLASSES = {
    "people": ["farmer", "baker", "teacher", "doctor", "child", "woman"],
    "animals": ["cat", "dog", "horse", "cow", "sheep", "goat"],
    "foods": ["bread", "cheese", "apple", "soup", "rice", "cake"],
    "drinks": ["water", "milk", "tea", "coffee", "juice", "wine"],
    "places": ["kitchen", "garden", "barn", "field", "forest", "market"],
}


class VocabPairsTest(unittest.TestCase):
    def test_build_vocab_orders_by_count_then_alphabet(self):
        word_to_id, counts = exercise.build_vocab([["b", "a", "c", "a"], ["c", "d"]])
        self.assertEqual(word_to_id, {"a": 0, "c": 1, "b": 2, "d": 3})
        self.assertEqual(list(counts), [2, 2, 1, 1])

    def test_skipgram_pairs_stay_inside_the_window_and_the_sentence(self):
        sentences = [["a", "b", "c"], ["d", "e"]]
        w = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
        pairs = exercise.skipgram_pairs(sentences, w, window=1)
        self.assertEqual([tuple(p) for p in pairs], [(0, 1), (1, 0), (1, 2), (2, 1), (3, 4), (4, 3)])
        pairs2 = exercise.skipgram_pairs(sentences, w, window=2)
        self.assertEqual(len(pairs2), 8, "window 2: a-b, a-c, b-a, b-c, c-a, c-b, d-e, e-d")
        self.assertNotIn((2, 3), [tuple(p) for p in pairs2], "pairs never cross a sentence boundary")

    def test_noise_distribution(self):
        p = exercise.noise_distribution([16, 1], power=0.75)
        np.testing.assert_allclose(p, [8 / 9, 1 / 9], rtol=1e-12, err_msg="16^0.75 = 8 and 1^0.75 = 1, normalized")


class SGNSTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.W_in = rng.normal(0, 0.5, (6, 3))
        self.W_out = rng.normal(0, 0.5, (6, 3))
        self.centers = np.array([0, 2, 0])
        self.contexts = np.array([1, 3, 4])
        self.negatives = np.array([[5, 2], [1, 1], [3, 0]])   # repeats on purpose

    def test_loss_by_formula(self):
        loss, _, _ = exercise.sgns_loss_and_grads(self.W_in, self.W_out, self.centers, self.contexts, self.negatives)
        sig = lambda x: 1 / (1 + np.exp(-x))
        total = 0.0
        for c, o, negs in zip(self.centers, self.contexts, self.negatives):
            v = self.W_in[c]
            total += -np.log(sig(self.W_out[o] @ v)) - sum(np.log(sig(-self.W_out[k] @ v)) for k in negs)
        self.assertAlmostEqual(loss, total / 3, places=10, msg="the loss is the MEAN over the batch of the pair losses")

    def test_gradients_match_finite_differences(self):
        _, dW_in, dW_out = exercise.sgns_loss_and_grads(self.W_in, self.W_out, self.centers, self.contexts, self.negatives)
        eps = 1e-6
        for name, W, dW in (("W_in", self.W_in, dW_in), ("W_out", self.W_out, dW_out)):
            self.assertEqual(np.shape(dW), W.shape, f"d{name} should have the shape of {name}")
            numeric = np.zeros_like(W)
            for idx in np.ndindex(W.shape):
                old = W[idx]
                W[idx] = old + eps
                plus = exercise.sgns_loss_and_grads(self.W_in, self.W_out, self.centers, self.contexts, self.negatives)[0]
                W[idx] = old - eps
                minus = exercise.sgns_loss_and_grads(self.W_in, self.W_out, self.centers, self.contexts, self.negatives)[0]
                W[idx] = old
                numeric[idx] = (plus - minus) / (2 * eps)
            np.testing.assert_allclose(dW, numeric, atol=1e-7,
                                       err_msg=f"d{name} differs from finite differences (a word twice in a batch? use np.add.at)")


class SimilarityTest(unittest.TestCase):
    def test_most_similar_uses_cosine_and_skips_the_word(self):
        W = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0]])
        w = {"a": 0, "b": 1, "c": 2, "d": 3}
        result = exercise.most_similar("a", W, w, topn=3)
        self.assertEqual([name for name, _ in result], ["b", "c", "d"],
                         "cosine ignores length: b (10, 1) is nearest to a (1, 0)")
        self.assertAlmostEqual(result[0][1], 10 / np.sqrt(101), places=10)
        self.assertAlmostEqual(result[2][1], -1.0, places=10)

    def test_cooccurrence_weights_by_inverse_distance(self):
        w = {"a": 0, "b": 1, "c": 2}
        X = exercise.cooccurrence_matrix([["a", "b", "c"], ["a", "b"]], w, window=2)
        np.testing.assert_allclose(X, [[0, 2, 0.5], [2, 0, 1], [0.5, 1, 0]], err_msg="X[i, j] adds 1/distance")


class TrainTest(unittest.TestCase):
    def test_words_of_a_class_become_neighbours(self):
        sentences = exercise.load_corpus(CORPUS)
        W, word_to_id, losses = exercise.train_word2vec(sentences, dim=16, window=2, negatives=5,
                                                        epochs=5, lr=0.5, batch_size=64, seed=0)
        for epoch, loss in enumerate(losses):
            log_metric("train_loss", float(loss), epoch)
        self.assertEqual(np.shape(W), (len(word_to_id), 16))
        cls = {word: name for name, words in CLASSES.items() for word in words}
        pure = 0
        for word in cls:
            neighbours = [n for n, _ in exercise.most_similar(word, W, word_to_id, topn=5)]
            pure += all(cls.get(n) == cls[word] for n in neighbours)
        purity = pure / len(cls)
        log_metric("neighbour_purity", purity)
        self.assertGreaterEqual(purity, 0.9, f"only {pure} of 30 words have their 5 nearest neighbours in their own class")
        self.assertLess(losses[-1], losses[0], "the loss should fall over the epochs")


if __name__ == "__main__":
    unittest.main()
