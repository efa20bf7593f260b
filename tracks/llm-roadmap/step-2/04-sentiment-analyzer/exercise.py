"""A sentiment analyzer for movie reviews: tokenize, normalize (stem or lemmatize), mark
negation, and classify with multinomial Naive Bayes.

    python3 exercise.py          # compares the four pipelines on data/reviews.tsv
    trail check sentiment-analyzer

Python 3 and numpy only (numpy is not even needed here: this node is plain Python).
"""
import math
import re

TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[.,!?;]")
PUNCTUATION = {".", ",", "!", "?", ";"}
NEGATIONS = {"not", "no", "never"}


def load_reviews(path="data/reviews.tsv"):
    """Returns (texts, labels), two lists in the order of the file (the header line skipped)."""
    texts, labels = [], []
    with open(path) as f:
        next(f)
        for line in f:
            if line.strip():
                label, text = line.rstrip("\n").split("\t", 1)
                labels.append(label)
                texts.append(text)
    return texts, labels


def load_lemmas(path="data/lemmas.tsv"):
    """The lemma table: a dict word -> lemma (header line skipped)."""
    with open(path) as f:
        next(f)
        return dict(line.rstrip("\n").split("\t") for line in f if line.strip())


def tokenize(text):
    """Lower-cases the text and returns its tokens: words (letters, with one inner apostrophe
    allowed, as in "didn't") and the punctuation marks . , ! ? ; as tokens of their own."""
    # TODO: one regular expression (the TOKEN pattern above fits) applied to the lower-cased text
    raise NotImplementedError("tokenize")


def stem(word):
    """A crude suffix-stripping stemmer.

    1. Remove the first of the suffixes "ing", "ed", "ly", "s" that the word ends with, if at
       least 3 letters remain (and never the "s" of a word ending in "ss").
    2. Then remove a final "e" if at least 3 letters remain.
    """
    # TODO: rule 1 (at most one suffix comes off), then rule 2
    raise NotImplementedError("stem")


def lemmatize(word, lemmas):
    """The word's entry in the lemma table, or the word itself when it has none."""
    # TODO
    raise NotImplementedError("lemmatize")


def is_negation(token):
    return token in NEGATIONS or token.endswith("n't")


def mark_negation(tokens):
    """Prefixes "NOT_" to every word after a negation ("not", "no", "never", or a word ending
    in "n't") up to the next punctuation token. The negation word itself and the punctuation
    stay as they are."""
    # TODO: walk the tokens with a flag: punctuation switches it off, a negation (is_negation) switches
    #       it on, and every other word is prefixed with "NOT_" while it is on
    raise NotImplementedError("mark_negation")


def features(text, normalize=None, negation=False, lemmas=None):
    """tokenize -> normalize every word (None, "stem" or "lemma") -> mark_negation if asked ->
    drop the punctuation tokens. Returns the list of feature strings."""
    # TODO: the four steps of the docstring, in that order (punctuation is dropped last: the
    #       negation scope needs it)
    raise NotImplementedError("features")


def train_naive_bayes(docs, labels, alpha=1.0):
    """Multinomial Naive Bayes with add-alpha smoothing.

    docs: a list of feature lists; labels: one label per doc. Returns a model dict with
    "log_prior" {class: log P(class)} and "log_likelihood" {class: {feature: log P(feature | class)}}
    over the vocabulary V of all training features:
        P(f | c) = (count(f, c) + alpha) / (total count of features in c + alpha * |V|)
    """
    classes = sorted(set(labels))
    vocab = {f for doc in docs for f in doc}
    # TODO: count every feature per class, and the total number of features per class
    # TODO: log_prior[c] = log(share of docs with label c)
    # TODO: log_likelihood[c][f] for EVERY f in vocab, by the smoothed formula (in log space)
    raise NotImplementedError("train_naive_bayes")


def predict(model, doc):
    """The class with the highest log P(c) + sum of log P(f | c) over the doc's features;
    features not in the training vocabulary are skipped. Ties go to the class that sorts first."""
    # TODO: score every class (sorted), keep the best; a score only replaces the best if it is higher
    raise NotImplementedError("predict")


def accuracy(model, docs, labels):
    return sum(predict(model, d) == y for d, y in zip(docs, labels)) / len(labels)


if __name__ == "__main__":
    texts, labels = load_reviews()
    lemmas = load_lemmas()
    train, test = list(range(400)), list(range(400, 600))
    for normalize in (None, "stem", "lemma"):
        for negation in (False, True):
            docs = [features(t, normalize, negation, lemmas) for t in texts]
            model = train_naive_bayes([docs[i] for i in train], [labels[i] for i in train])
            acc = accuracy(model, [docs[i] for i in test], [labels[i] for i in test])
            vocab = len(model["log_likelihood"]["pos"])
            print(f"normalize={str(normalize):5}  negation={str(negation):5}  vocabulary {vocab:4}  test accuracy {acc:.3f}")
