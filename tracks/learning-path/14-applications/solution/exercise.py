"""Stage 14 (Applications): a v0 of one application pattern — routing support tickets — with its
own eval harness.

The pattern: a classifier that returns a label and a confidence; an eval harness that measures it
per class (confusion matrix, precision, recall, F1) on data it never trained on; and a confidence
threshold, chosen on a dev set, below which a ticket goes to a person instead of a queue. The
classifier here is multinomial naive Bayes, trained in a second; any function
text -> (label, confidence), an LLM prompt included, can take its place.

    python3 exercise.py           # train, evaluate on dev and test, pick the hand-off threshold
    trail check applications      # runs the tests

Standard library and numpy only.
"""
import json
import math
import re

import numpy as np

STOPWORDS = set("a an and are at be but by can do for from had has have i in is it me my of on or our "
                "please the this to was we with you your".split())


def tokenize(text):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- the classifier


def train_nb(texts, labels, alpha=1.0):
    """Multinomial naive Bayes with add-alpha smoothing.

    Returns {"classes": sorted labels, "vocab": sorted words, "log_prior": {c: ln P(c)},
    "log_likelihood": {c: {w: ln P(w | c)}}} with
    P(c) = (tickets of c) / (tickets) and P(w | c) = (count of w in c + alpha) / (words in c + alpha |V|).
    """
    classes = sorted(set(labels))
    docs = [tokenize(t) for t in texts]
    vocab = sorted({w for d in docs for w in d})
    model = {"classes": classes, "vocab": vocab, "log_prior": {}, "log_likelihood": {}}
    for c in classes:
        words = [w for d, y in zip(docs, labels) if y == c for w in d]
        counts = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        denom = len(words) + alpha * len(vocab)
        model["log_prior"][c] = math.log(labels.count(c) / len(labels))
        model["log_likelihood"][c] = {w: math.log((counts.get(w, 0) + alpha) / denom) for w in vocab}
    return model


def predict_proba(model, text):
    """{class: P(class | text)}: ln P(c) + the sum of ln P(w | c) over the words of the text that
    are in the vocabulary (others are ignored), turned into probabilities with a softmax."""
    words = [w for w in tokenize(text) if w in model["log_likelihood"][model["classes"][0]]]
    scores = {c: model["log_prior"][c] + sum(model["log_likelihood"][c][w] for w in words) for c in model["classes"]}
    top = max(scores.values())
    exp = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(exp.values())
    return {c: e / total for c, e in exp.items()}


def predict(model, text):
    """(the most probable class, its probability); ties go to the first class in sorted order."""
    probs = predict_proba(model, text)
    label = max(model["classes"], key=lambda c: (probs[c], -model["classes"].index(c)))
    return label, probs[label]


# ---------------------------------------------------------------- the eval harness


def confusion_matrix(y_true, y_pred, classes):
    """numpy int array, cm[i, j] = tickets of class classes[i] predicted as classes[j]."""
    index = {c: i for i, c in enumerate(classes)}
    cm = np.zeros((len(classes), len(classes)), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[index[t], index[p]] += 1
    return cm


def per_class_scores(cm, classes):
    """{class: (precision, recall, f1)} from a confusion matrix; 0 where a denominator is 0."""
    out = {}
    for i, c in enumerate(classes):
        tp = cm[i, i]
        predicted, actual = cm[:, i].sum(), cm[i, :].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[c] = (float(precision), float(recall), float(f1))
    return out


def macro_f1(cm, classes):
    """The unweighted mean of the per-class F1 scores."""
    return float(np.mean([f1 for _, _, f1 in per_class_scores(cm, classes).values()]))


def selective_metrics(confidences, correct, threshold):
    """(coverage, accuracy on the covered tickets): the classifier keeps the tickets whose
    confidence is >= threshold and hands the rest to a person. Accuracy is 1.0 when none is kept."""
    kept = [ok for conf, ok in zip(confidences, correct) if conf >= threshold]
    coverage = len(kept) / len(confidences)
    return coverage, (sum(kept) / len(kept) if kept else 1.0)


def pick_threshold(confidences, correct, target_accuracy):
    """The lowest threshold, among the confidences themselves, whose covered accuracy reaches the
    target: the most tickets handled automatically at that accuracy. If none does, the highest
    confidence plus one (hand every ticket to a person)."""
    for t in sorted(set(confidences)):
        if selective_metrics(confidences, correct, t)[1] >= target_accuracy:
            return t
    return max(confidences) + 1.0


def evaluate(model, rows):
    """Predictions, confidences and correctness of the classifier on rows of {"text", "label"}."""
    preds = [predict(model, r["text"]) for r in rows]
    labels = [p for p, _ in preds]
    return labels, [c for _, c in preds], [p == r["label"] for p, r in zip(labels, rows)]


if __name__ == "__main__":
    train, dev, test = (load_jsonl(f"data/tickets_{s}.jsonl") for s in ("train", "dev", "test"))
    model = train_nb([r["text"] for r in train], [r["label"] for r in train])
    classes = model["classes"]
    for name, rows in (("dev", dev), ("test", test)):
        pred, conf, ok = evaluate(model, rows)
        cm = confusion_matrix([r["label"] for r in rows], pred, classes)
        print(f"\n{name}: accuracy {np.mean(ok):.3f}, macro-F1 {macro_f1(cm, classes):.3f}")
        print("          " + " ".join(f"{c[:8]:>8}" for c in classes))
        for c, row in zip(classes, cm):
            print(f"{c[:8]:>8}  " + " ".join(f"{v:8d}" for v in row))
    _, dev_conf, dev_ok = evaluate(model, dev)
    threshold = pick_threshold(dev_conf, dev_ok, 0.95)
    _, test_conf, test_ok = evaluate(model, test)
    coverage, accuracy = selective_metrics(test_conf, test_ok, threshold)
    print(f"\nthreshold {threshold:.3f} (picked on dev for 95% accuracy): on test, {coverage:.0%} of tickets "
          f"routed automatically at {accuracy:.1%} accuracy, {1 - coverage:.0%} to a person")
