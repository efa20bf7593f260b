"""Tests of Stage 14 (Applications): naive Bayes against the worked example, the eval harness
(confusion matrix, per-class precision/recall/F1, macro-F1), selective prediction with a hand-off
threshold, and the whole v0 on the shipped tickets: trained on train, threshold picked on dev,
reported on test.

They use only the interface the overview states:
    train_nb(texts, labels, alpha) -> model; predict_proba(model, text) -> {class: p}; predict(model, text) -> (label, p)
    confusion_matrix(y_true, y_pred, classes); per_class_scores(cm, classes); macro_f1(cm, classes)
    selective_metrics(confidences, correct, threshold) -> (coverage, accuracy)
    pick_threshold(confidences, correct, target_accuracy)
"""
import json
import math
import os
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def rows(split):
    with open(os.path.join("data", f"tickets_{split}.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


WORKED_TEXTS = ["refund charge", "charge twice", "app crash", "crash login"]
WORKED_LABELS = ["billing", "billing", "bug", "bug"]


class NaiveBayesTest(unittest.TestCase):
    def setUp(self):
        self.model = exercise.train_nb(WORKED_TEXTS, WORKED_LABELS, alpha=1.0)

    def test_the_worked_example(self):
        p = exercise.predict_proba(self.model, "app charge")
        self.assertAlmostEqual(p["billing"], 0.6, places=9,
                               msg="0.5·0.1·0.3 = 0.015 against 0.5·0.2·0.1 = 0.010: P(billing) = 0.015/0.025")
        self.assertAlmostEqual(p["bug"], 0.4, places=9)
        self.assertAlmostEqual(exercise.predict_proba(self.model, "crash")["bug"], 0.75, places=9,
                               msg="P(crash | bug) = 3/10, P(crash | billing) = 1/10")

    def test_the_model_dict_and_classes_of_different_sizes(self):
        self.assertEqual(self.model["classes"], ["billing", "bug"])
        self.assertEqual(self.model["vocab"], ["app", "charge", "crash", "login", "refund", "twice"])
        self.assertAlmostEqual(self.model["log_likelihood"]["billing"]["charge"], math.log(0.3), places=9)
        self.assertAlmostEqual(self.model["log_prior"]["bug"], math.log(0.5), places=9)
        # A has 3 words, B has 1: the denominators differ (3 + 3 and 1 + 3), so they must be right
        model = exercise.train_nb(["red red blue", "green"], ["A", "B"], alpha=1.0)
        self.assertAlmostEqual(exercise.predict_proba(model, "red")["A"], 2 / 3, places=9,
                               msg="P(red | A) = (2+1)/(3+3) = 0.5, P(red | B) = (0+1)/(1+3) = 0.25")

    def test_unknown_words_are_ignored(self):
        p = exercise.predict_proba(self.model, "hello zebra")
        self.assertAlmostEqual(p["billing"], 0.5, places=9, msg="no known word: the priors, 0.5 each")
        self.assertEqual(exercise.predict(self.model, "hello zebra"), ("billing", 0.5),
                         "a tie goes to the first class in sorted order")
        self.assertAlmostEqual(exercise.predict_proba(self.model, "app charge zebra")["billing"], 0.6, places=9)

    def test_probabilities_sum_to_one_and_priors_count(self):
        model = exercise.train_nb(["a b", "b c", "c d"] + ["x y"], ["p", "p", "p", "q"], alpha=0.5)
        p = exercise.predict_proba(model, "nothing known")
        self.assertAlmostEqual(sum(p.values()), 1.0, places=12)
        self.assertAlmostEqual(p["p"], 0.75, places=9, msg="3 of 4 training tickets are p: prior 0.75")

    def test_predict_returns_label_and_confidence(self):
        label, conf = exercise.predict(self.model, "crash login crash")
        self.assertEqual(label, "bug")
        self.assertAlmostEqual(conf, exercise.predict_proba(self.model, "crash login crash")["bug"], places=12)


class HarnessTest(unittest.TestCase):
    def test_confusion_matrix_rows_are_truth_columns_are_predictions(self):
        cm = np.asarray(exercise.confusion_matrix(["a", "a", "b", "b", "b", "c"], ["a", "b", "b", "b", "c", "c"],
                                                  ["a", "b", "c"]))
        np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])

    def test_per_class_scores_and_macro_f1_by_hand(self):
        cm = np.array([[8, 2], [4, 6]])     # 10 of class x, 10 of class y
        s = exercise.per_class_scores(cm, ["x", "y"])
        px, rx, fx = s["x"]
        self.assertAlmostEqual(px, 8 / 12, places=9, msg="precision of x: 8 of the 12 predicted x")
        self.assertAlmostEqual(rx, 0.8, places=9, msg="recall of x: 8 of the 10 true x")
        self.assertAlmostEqual(fx, 2 * (8 / 12) * 0.8 / (8 / 12 + 0.8), places=9)
        py, ry, fy = s["y"]
        self.assertAlmostEqual(py, 0.75, places=9)
        self.assertAlmostEqual(ry, 0.6, places=9)
        self.assertAlmostEqual(exercise.macro_f1(cm, ["x", "y"]), (fx + fy) / 2, places=9)

    def test_a_class_never_predicted_scores_zero_not_nan(self):
        s = exercise.per_class_scores(np.array([[3, 0], [2, 0]]), ["x", "y"])
        self.assertEqual(s["y"], (0.0, 0.0, 0.0))

    def test_selective_metrics_and_threshold_by_hand(self):
        conf = [0.9, 0.8, 0.6, 0.95, 0.55]
        ok = [True, True, False, True, False]
        self.assertEqual(exercise.selective_metrics(conf, ok, 0.7), (0.6, 1.0))
        self.assertEqual(exercise.selective_metrics(conf, ok, 0.0), (1.0, 0.6))
        self.assertEqual(exercise.selective_metrics(conf, ok, 0.99), (0.0, 1.0), "nothing kept: accuracy 1.0")
        self.assertEqual(exercise.pick_threshold(conf, ok, 0.75), 0.6,
                         "at 0.55 accuracy is 3/5; at 0.6 it is 3/4: the lowest threshold that reaches 0.75")
        self.assertEqual(exercise.pick_threshold(conf, ok, 1.0), 0.8)
        self.assertGreater(exercise.pick_threshold([0.9, 0.8], [False, False], 0.5), 0.9,
                           "no threshold works: hand every ticket to a person")


class V0Test(unittest.TestCase):
    def test_the_v0_on_held_out_tickets(self):
        train, dev, test = rows("train"), rows("dev"), rows("test")
        model = exercise.train_nb([r["text"] for r in train], [r["label"] for r in train], alpha=1.0)
        classes = sorted({r["label"] for r in train})

        def run(split):
            preds = [exercise.predict(model, r["text"]) for r in split]
            labels = [p for p, _ in preds]
            return labels, [c for _, c in preds], [p == r["label"] for p, r in zip(labels, split)]

        test_pred, test_conf, test_ok = run(test)
        cm = exercise.confusion_matrix([r["label"] for r in test], test_pred, classes)
        f1 = exercise.macro_f1(cm, classes)
        _, dev_conf, dev_ok = run(dev)
        threshold = exercise.pick_threshold(dev_conf, dev_ok, 0.95)
        coverage, accuracy = exercise.selective_metrics(test_conf, test_ok, threshold)
        log_metric("test_accuracy", float(np.mean(test_ok)))
        log_metric("test_macro_f1", f1)
        log_metric("handoff_threshold", threshold)
        log_metric("test_coverage", coverage)
        log_metric("test_covered_accuracy", accuracy)
        self.assertGreaterEqual(f1, 0.85, f"macro-F1 on test is {f1:.3f}")
        self.assertGreaterEqual(accuracy, 0.93, f"at the dev-picked threshold, test accuracy on kept tickets is {accuracy:.3f}")
        self.assertGreaterEqual(coverage, 0.7, f"only {coverage:.0%} of test tickets are routed automatically")
        self.assertGreater(accuracy, float(np.mean(test_ok)), "handing off unsure tickets should raise accuracy")


if __name__ == "__main__":
    unittest.main()
