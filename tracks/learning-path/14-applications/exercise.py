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
    # TODO: classes = sorted labels; vocab = every word of every tokenized text, sorted
    # TODO: per class: ln(share of tickets), and for each word of vocab
    #       ln((count of the word in the class's tickets + alpha) / (words in the class + alpha * len(vocab)))
    raise NotImplementedError("train_nb")


def predict_proba(model, text):
    """{class: P(class | text)}: ln P(c) + the sum of ln P(w | c) over the words of the text that
    are in the vocabulary (others are ignored), turned into probabilities with a softmax."""
    # TODO: keep the words that are in the vocabulary; score each class; subtract the largest
    #       score before exp (a stable softmax); divide by the sum
    raise NotImplementedError("predict_proba")


def predict(model, text):
    """(the most probable class, its probability); ties go to the first class in sorted order."""
    # TODO
    raise NotImplementedError("predict")


# ---------------------------------------------------------------- the eval harness


def confusion_matrix(y_true, y_pred, classes):
    """numpy int array, cm[i, j] = tickets of class classes[i] predicted as classes[j]."""
    # TODO
    raise NotImplementedError("confusion_matrix")


def per_class_scores(cm, classes):
    """{class: (precision, recall, f1)} from a confusion matrix; 0 where a denominator is 0."""
    # TODO: true positives on the diagonal; precision divides by the column sum (predicted),
    #       recall by the row sum (actual); F1 = 2PR/(P + R)
    raise NotImplementedError("per_class_scores")


def macro_f1(cm, classes):
    """The unweighted mean of the per-class F1 scores."""
    # TODO
    raise NotImplementedError("macro_f1")


def selective_metrics(confidences, correct, threshold):
    """(coverage, accuracy on the covered tickets): the classifier keeps the tickets whose
    confidence is >= threshold and hands the rest to a person. Accuracy is 1.0 when none is kept."""
    # TODO
    raise NotImplementedError("selective_metrics")


def pick_threshold(confidences, correct, target_accuracy):
    """The lowest threshold, among the confidences themselves, whose covered accuracy reaches the
    target: the most tickets handled automatically at that accuracy. If none does, the highest
    confidence plus one (hand every ticket to a person)."""
    # TODO: try the distinct confidences from the lowest up; return the first whose covered
    #       accuracy reaches target_accuracy
    raise NotImplementedError("pick_threshold")


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
