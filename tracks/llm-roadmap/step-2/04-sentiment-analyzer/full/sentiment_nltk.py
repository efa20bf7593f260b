"""The full exercise: the sentiment analyzer on 2,000 real movie reviews, with NLTK.

    pip install nltk
    python3 full/sentiment_nltk.py     # downloads NLTK's movie_reviews and wordnet data the first time

The movie_reviews corpus is the Cornell "polarity dataset v2.0" (Pang & Lee, 2004): 1,000
positive and 1,000 negative reviews from IMDb. This program reuses YOUR tokenize,
mark_negation, train_naive_bayes and predict from exercise.py, and swaps the toy normalizers
for NLTK's Porter stemmer and WordNet lemmatizer. Hold out 400 reviews (seeded shuffle),
log test_accuracy_<normalizer> for each and test_accuracy for the best, and write
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
    # TODO: tokenize, normalize every word (not the punctuation), mark_negation, drop the punctuation
    raise NotImplementedError("featurize")


def main():
    from nltk.stem import PorterStemmer, WordNetLemmatizer
    docs = load_corpus()
    train, test = docs[:1600], docs[1600:]
    # TODO: for each normalizer (identity, PorterStemmer().stem, WordNetLemmatizer().lemmatize;
    #       wrap the last two in functools.lru_cache, they are slow): featurize, train_naive_bayes
    #       on the 1,600, accuracy on the 400, log_metric(f"test_accuracy_{name}", acc)
    # TODO: log_metric("test_accuracy", best of the three); write one line per normalizer to sentiment_report.txt
    raise NotImplementedError("the full sentiment analyzer")


if __name__ == "__main__":
    main()
