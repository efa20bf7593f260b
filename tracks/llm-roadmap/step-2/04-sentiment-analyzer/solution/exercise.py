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
    return TOKEN.findall(text.lower())


def stem(word):
    """A crude suffix-stripping stemmer.

    1. Remove the first of the suffixes "ing", "ed", "ly", "s" that the word ends with, if at
       least 3 letters remain (and never the "s" of a word ending in "ss").
    2. Then remove a final "e" if at least 3 letters remain.
    """
    for suffix in ("ing", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                break
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) - 1 >= 3:
        word = word[:-1]
    return word


def lemmatize(word, lemmas):
    """The word's entry in the lemma table, or the word itself when it has none."""
    return lemmas.get(word, word)


def is_negation(token):
    return token in NEGATIONS or token.endswith("n't")


def mark_negation(tokens):
    """Prefixes "NOT_" to every word after a negation ("not", "no", "never", or a word ending
    in "n't") up to the next punctuation token. The negation word itself and the punctuation
    stay as they are."""
    out, negated = [], False
    for token in tokens:
        if token in PUNCTUATION:
            negated = False
            out.append(token)
        elif is_negation(token):
            negated = True
            out.append(token)
        else:
            out.append("NOT_" + token if negated else token)
    return out


def features(text, normalize=None, negation=False, lemmas=None):
    """tokenize -> normalize every word (None, "stem" or "lemma") -> mark_negation if asked ->
    drop the punctuation tokens. Returns the list of feature strings."""
    tokens = tokenize(text)
    if normalize == "stem":
        tokens = [t if t in PUNCTUATION else stem(t) for t in tokens]
    elif normalize == "lemma":
        tokens = [t if t in PUNCTUATION else lemmatize(t, lemmas) for t in tokens]
    if negation:
        tokens = mark_negation(tokens)
    return [t for t in tokens if t not in PUNCTUATION]


def train_naive_bayes(docs, labels, alpha=1.0):
    """Multinomial Naive Bayes with add-alpha smoothing.

    docs: a list of feature lists; labels: one label per doc. Returns a model dict with
    "log_prior" {class: log P(class)} and "log_likelihood" {class: {feature: log P(feature | class)}}
    over the vocabulary V of all training features:
        P(f | c) = (count(f, c) + alpha) / (total count of features in c + alpha * |V|)
    """
    classes = sorted(set(labels))
    vocab = {f for doc in docs for f in doc}
    counts = {c: {} for c in classes}
    totals = {c: 0 for c in classes}
    for doc, c in zip(docs, labels):
        for f in doc:
            counts[c][f] = counts[c].get(f, 0) + 1
            totals[c] += 1
    log_prior = {c: math.log(labels.count(c) / len(labels)) for c in classes}
    log_likelihood = {
        c: {f: math.log((counts[c].get(f, 0) + alpha) / (totals[c] + alpha * len(vocab))) for f in vocab}
        for c in classes
    }
    return {"log_prior": log_prior, "log_likelihood": log_likelihood}


def predict(model, doc):
    """The class with the highest log P(c) + sum of log P(f | c) over the doc's features;
    features not in the training vocabulary are skipped. Ties go to the class that sorts first."""
    best, best_score = None, -math.inf
    for c in sorted(model["log_prior"]):
        table = model["log_likelihood"][c]
        score = model["log_prior"][c] + sum(table[f] for f in doc if f in table)
        if score > best_score:
            best, best_score = c, score
    return best


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
