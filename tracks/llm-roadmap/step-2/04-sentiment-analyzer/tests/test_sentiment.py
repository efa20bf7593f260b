"""Tests of the sentiment analyzer (exercise.py).

They use only the interface the overview states:
    load_reviews(path) -> (texts, labels);  load_lemmas(path) -> {word: lemma}   (given)
    tokenize(text) -> tokens;  stem(word) -> str;  lemmatize(word, lemmas) -> str
    mark_negation(tokens) -> tokens;  features(text, normalize, negation, lemmas) -> features
    train_naive_bayes(docs, labels, alpha) -> {"log_prior": {...}, "log_likelihood": {c: {f: ...}}}
    predict(model, doc) -> label
"""
import math
import os
import unittest

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

REVIEWS = os.path.join("data", "reviews.tsv")
LEMMAS = os.path.join("data", "lemmas.tsv")


class TokenizeTest(unittest.TestCase):
    def test_words_are_lower_cased_and_punctuation_is_kept_apart(self):
        self.assertEqual(exercise.tokenize("The plot wasn't DULL, but slow!"),
                         ["the", "plot", "wasn't", "dull", ",", "but", "slow", "!"])

    def test_other_characters_are_dropped(self):
        self.assertEqual(exercise.tokenize('A 10/10 "film" -- really?'), ["a", "film", "really", "?"])


class StemTest(unittest.TestCase):
    def test_suffixes(self):
        cases = {"loving": "lov", "loved": "lov", "loves": "lov", "love": "lov", "movies": "movi",
                 "quickly": "quick", "regretted": "regrett", "regrets": "regret", "class": "class",
                 "this": "thi", "sing": "sing", "the": "the", "is": "is", "bed": "bed"}
        for word, expected in cases.items():
            self.assertEqual(exercise.stem(word), expected, f"stem({word!r})")


class LemmaTest(unittest.TestCase):
    def test_lookup_with_fallback(self):
        lemmas = exercise.load_lemmas(LEMMAS)
        self.assertEqual(exercise.lemmatize("was", lemmas), "be")
        self.assertEqual(exercise.lemmatize("loving", lemmas), "love")
        self.assertEqual(exercise.lemmatize("regretted", lemmas), "regret")
        self.assertEqual(exercise.lemmatize("plot", lemmas), "plot", "a word without an entry stays itself")


class NegationTest(unittest.TestCase):
    def test_scope_runs_to_the_next_punctuation(self):
        tokens = ["the", "plot", "was", "not", "dull", ",", "i", "loved", "it"]
        self.assertEqual(exercise.mark_negation(tokens),
                         ["the", "plot", "was", "not", "NOT_dull", ",", "i", "loved", "it"])

    def test_nt_words_and_never_negate(self):
        self.assertEqual(exercise.mark_negation(["i", "didn't", "love", "the", "ending", "."]),
                         ["i", "didn't", "NOT_love", "NOT_the", "NOT_ending", "."])
        self.assertEqual(exercise.mark_negation(["never", "boring", "!", "great"]),
                         ["never", "NOT_boring", "!", "great"])

    def test_features_pipeline(self):
        lemmas = exercise.load_lemmas(LEMMAS)
        text = "I didn't enjoy it; the acting was great."
        self.assertEqual(exercise.features(text, None, False, lemmas),
                         ["i", "didn't", "enjoy", "it", "the", "acting", "was", "great"])
        self.assertEqual(exercise.features(text, "lemma", True, lemmas),
                         ["i", "didn't", "NOT_enjoy", "NOT_it", "the", "acting", "be", "great"])
        self.assertEqual(exercise.features(text, "stem", True, lemmas),
                         ["i", "didn't", "NOT_enjoy", "NOT_it", "the", "act", "was", "great"])


class NaiveBayesTest(unittest.TestCase):
    docs = [["good", "fun"], ["good"], ["bad"], ["bad", "fun"]]
    labels = ["pos", "pos", "neg", "neg"]

    def test_smoothed_probabilities_by_hand(self):
        model = exercise.train_naive_bayes(self.docs, self.labels, alpha=1.0)
        self.assertAlmostEqual(model["log_prior"]["pos"], math.log(0.5), places=12)
        ll = model["log_likelihood"]
        # pos has 3 feature occurrences (good 2, fun 1), |V| = 3: P = (count + 1) / (3 + 3)
        self.assertAlmostEqual(ll["pos"]["good"], math.log(3 / 6), places=12)
        self.assertAlmostEqual(ll["pos"]["fun"], math.log(2 / 6), places=12)
        self.assertAlmostEqual(ll["pos"]["bad"], math.log(1 / 6), places=12,
                               msg="a word never seen in a class still gets alpha / (total + alpha |V|)")
        self.assertAlmostEqual(ll["neg"]["good"], math.log(1 / 6), places=12)

    def test_predict_by_hand(self):
        model = exercise.train_naive_bayes(self.docs, self.labels, alpha=1.0)
        # pos: 0.5 * 0.5 * (1/6)^2 = 0.0069; neg: 0.5 * (1/6) * 0.5^2 = 0.0208
        self.assertEqual(exercise.predict(model, ["good", "bad", "bad"]), "neg")
        self.assertEqual(exercise.predict(model, ["good", "good", "bad"]), "pos")
        self.assertEqual(exercise.predict(model, ["good", "zebra", "zebra"]), "pos",
                         "features outside the vocabulary are skipped")


class ReviewsTest(unittest.TestCase):
    def test_negation_marking_beats_the_bag_of_words(self):
        texts, labels = exercise.load_reviews(REVIEWS)
        self.assertEqual(len(texts), 600)
        lemmas = exercise.load_lemmas(LEMMAS)
        results = {}
        for normalize in (None, "stem", "lemma"):
            for negation in (False, True):
                docs = [exercise.features(t, normalize, negation, lemmas) for t in texts]
                model = exercise.train_naive_bayes(docs[:400], labels[:400], alpha=1.0)
                acc = sum(exercise.predict(model, d) == y for d, y in zip(docs[400:], labels[400:])) / 200
                name = f"test_accuracy_{normalize or 'raw'}{'_negation' if negation else ''}"
                log_metric(name, acc)
                results[(normalize, negation)] = acc
        best = results[("lemma", True)]
        self.assertGreaterEqual(best, 0.75, f"lemmas + negation: {best:.3f} on the 200 held-out reviews")
        self.assertGreaterEqual(results[(None, True)] - results[(None, False)], 0.1,
                                "marking negation should raise the accuracy by at least 0.1")


if __name__ == "__main__":
    unittest.main()
