"""The full exercise: the sentiment analyzer on 2,000 real movie reviews, with NLTK.

    pip install nltk
    python3 full/sentiment_nltk.py     # downloads NLTK's movie_reviews and wordnet data the first time

The movie_reviews corpus is the Cornell "polarity dataset v2.0" (Pang & Lee, 2004): 1,000
positive and 1,000 negative reviews from IMDb. This program reuses YOUR tokenize,
mark_negation, train_naive_bayes and predict from exercise.py, and swaps the toy normalizers
for NLTK's Porter stemmer and WordNet lemmatizer. It holds out 400 reviews (seeded shuffle),
logs test_accuracy_<normalizer> for each and test_accuracy for the best, and writes
sentiment_report.txt.
"""
import functools
import os
import random
import sys

import nltk

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from exercise import mark_negation, predict, tokenize, train_naive_bayes  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

PUNCTUATION = {".", ",", "!", "?", ";"}


def load_corpus():
    for package in ("movie_reviews", "wordnet", "omw-1.4"):
        nltk.download(package, quiet=True)
    from nltk.corpus import movie_reviews
    docs = [(movie_reviews.raw(fileid), category)
            for category in movie_reviews.categories()
            for fileid in movie_reviews.fileids(category)]
    random.Random(0).shuffle(docs)
    return docs


def featurize(text, normalize):
    tokens = [t if t in PUNCTUATION else normalize(t) for t in tokenize(text)]
    return [t for t in mark_negation(tokens) if t not in PUNCTUATION]


def main():
    from nltk.stem import PorterStemmer, WordNetLemmatizer
    docs = load_corpus()
    train, test = docs[:1600], docs[1600:]
    normalizers = {
        "raw": lambda w: w,
        "porter": functools.lru_cache(maxsize=None)(PorterStemmer().stem),
        "wordnet": functools.lru_cache(maxsize=None)(WordNetLemmatizer().lemmatize),
    }
    lines, best = [], 0.0
    for name, normalize in normalizers.items():
        train_docs = [featurize(text, normalize) for text, _ in train]
        model = train_naive_bayes(train_docs, [label for _, label in train], alpha=1.0)
        right = sum(predict(model, featurize(text, normalize)) == label for text, label in test)
        acc = right / len(test)
        vocabulary = len(next(iter(model["log_likelihood"].values())))
        lines.append(f"{name:8} vocabulary {vocabulary:6}  test accuracy {acc:.3f}")
        print(lines[-1])
        log_metric(f"test_accuracy_{name}", acc)
        best = max(best, acc)
    log_metric("test_accuracy", best)
    with open("sentiment_report.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
