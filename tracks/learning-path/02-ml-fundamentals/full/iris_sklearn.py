"""Stage 02, full exercise: logistic regression on all three Iris classes with scikit-learn, then
precision, recall and F1 of every class computed by hand from the 3 x 3 confusion matrix and
compared with scikit-learn's own numbers.

    python3 full/iris_sklearn.py      # from the stage folder

Needs scikit-learn (pip install scikit-learn); the Iris data ships inside it, no download.
"""
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


def per_class_scores(cm):
    """Precision, recall and F1 of every class from a K x K confusion matrix (rows: truth, columns:
    prediction). Class k against the rest: TP = cm[k, k], FP = column k minus TP, FN = row k minus TP."""
    # TODO: TP of every class is the diagonal; column sums are TP + FP, row sums TP + FN.
    # TODO: divide, with 0 wherever a denominator is 0; F1 = 2PR / (P + R).
    raise NotImplementedError("per_class_scores")


def main():
    iris = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.3,
                                                        stratify=iris.target, random_state=0)
    # The scaler is fitted inside the pipeline on the training rows only: no leakage.
    # TODO: a pipeline of StandardScaler and LogisticRegression(max_iter=1000), fitted on the training rows;
    #       y_pred = its predictions on X_test
    raise NotImplementedError("train the model")

    cm = confusion_matrix(y_test, y_pred)
    print("confusion matrix (rows: truth, columns: prediction), classes", list(iris.target_names))
    print(cm)
    precision, recall, f1 = per_class_scores(cm)
    sk_p, sk_r, sk_f1, _ = precision_recall_fscore_support(y_test, y_pred, average=None, zero_division=0)
    for k, name in enumerate(iris.target_names):
        print(f"{name:<11} precision {precision[k]:.3f} (sklearn {sk_p[k]:.3f})  recall {recall[k]:.3f} "
              f"(sklearn {sk_r[k]:.3f})  F1 {f1[k]:.3f} (sklearn {sk_f1[k]:.3f})")
    diff = float(max(np.abs(precision - sk_p).max(), np.abs(recall - sk_r).max(), np.abs(f1 - sk_f1).max()))
    accuracy = float(np.trace(cm) / cm.sum())
    print(f"accuracy {accuracy:.3f}  macro F1 {f1.mean():.3f}  largest difference from sklearn {diff:.2e}")
    log_metric("test_accuracy", accuracy)
    log_metric("macro_f1", float(f1.mean()))
    log_metric("max_abs_diff_vs_sklearn", diff)


if __name__ == "__main__":
    main()
