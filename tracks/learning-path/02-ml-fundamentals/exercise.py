"""Stage 02 — ML Fundamentals: logistic regression on Iris (virginica vs the rest), precision,
recall and F1 from the confusion matrix, and bias vs variance measured on polynomial fits.

    python3 exercise.py          # trains, prints the confusion matrix and the scores
    trail check ml-fundamentals  # runs the tests

Uses numpy (pip install numpy) only.
"""
import numpy as np


def load_iris(path="data/iris.csv"):
    """X float (150, 4): sepal length, sepal width, petal length, petal width (cm); y int (150,): 0, 1, 2."""
    data = np.loadtxt(path, delimiter=",", skiprows=1)   # the first line is a header
    return data[:, :4], data[:, 4].astype(int)


def one_vs_rest(y, positive):
    """1 where y == positive, 0 elsewhere (an int array)."""
    # TODO: compare y with positive, as ints
    raise NotImplementedError("one_vs_rest")


def split(X, y, test_fraction=0.3, seed=0):
    """Shuffle with np.random.default_rng(seed); the first round(test_fraction * n) rows are the test set."""
    # TODO: a permutation from np.random.default_rng(seed); the first round(test_fraction * n) indices
    #       are the test rows, the rest the training rows
    raise NotImplementedError("split")


def standardize(X_train, X_test):
    """(X - mean) / std per column, with the TRAINING mean and std for both sets."""
    # TODO: mean and std of each column of X_train (axis=0), a std of 0 replaced by 1;
    #       apply the same two arrays to both sets
    raise NotImplementedError("standardize")


def sigmoid(z):
    """1 / (1 + e^-z)."""
    # TODO
    raise NotImplementedError("sigmoid")


def log_loss(w, b, X, y):
    """Mean binary cross-entropy -mean(y log p + (1 - y) log(1 - p)) with p = sigmoid(X w + b)."""
    # TODO: p = sigmoid(X @ w + b), clipped to [1e-12, 1 - 1e-12] so that log() stays finite
    raise NotImplementedError("log_loss")


def gradients(w, b, X, y):
    """(dL/dw, dL/db) of log_loss: X^T (p - y) / n and mean(p - y)."""
    # TODO: the error p - y is dL/dz for every row; average its products with X (and itself for b)
    raise NotImplementedError("gradients")


def train_logistic(X, y, lr=0.5, epochs=500):
    """Full-batch gradient descent from w = 0, b = 0. Returns (w, b, losses): losses[e] is the
    loss before update e, so len(losses) == epochs."""
    # TODO: start from zeros; each epoch append the current loss, then step w and b against their gradients
    raise NotImplementedError("train_logistic")


def predict(w, b, X, threshold=0.5):
    """1 where sigmoid(X w + b) >= threshold, else 0."""
    # TODO
    raise NotImplementedError("predict")


def confusion_matrix(y_true, y_pred):
    """2 x 2 int array [[TN, FP], [FN, TP]]: rows are the true class (0, 1), columns the prediction."""
    # TODO: count each (true, predicted) pair into cm[true, predicted]
    raise NotImplementedError("confusion_matrix")


def precision_recall_f1(cm):
    """(precision, recall, f1) of class 1 from [[TN, FP], [FN, TP]]; a 0/0 counts as 0.0."""
    # TODO: unpack (tn, fp), (fn, tp) = cm; precision = TP / (TP + FP), recall = TP / (TP + FN),
    #       F1 = their harmonic mean; any 0/0 gives 0.0
    raise NotImplementedError("precision_recall_f1")


def fit_polynomial(x, y, degree):
    """Least-squares coefficients c_0 … c_degree of y ≈ sum_k c_k x^k."""
    # TODO: the design matrix with columns 1, x, x^2, … (np.vander(x, degree + 1, increasing=True)),
    #       then least squares (np.linalg.lstsq)
    raise NotImplementedError("fit_polynomial")


def predict_polynomial(coefs, x):
    """sum_k coefs[k] * x^k for every x."""
    # TODO
    raise NotImplementedError("predict_polynomial")


def mse(y_true, y_pred):
    """Mean squared error."""
    # TODO
    raise NotImplementedError("mse")


def bias_variance(predictions, truth):
    """predictions (n_datasets, n_points): one model's predictions per training set; truth (n_points,).

    Returns (bias_squared, variance), each averaged over the points:
    bias^2 = mean_x (mean_d pred - truth)^2 and variance = mean_x mean_d (pred - mean_d pred)^2.
    """
    # TODO: the average prediction over the data sets (axis 0), then the two averages over the points
    raise NotImplementedError("bias_variance")


def main():
    X, y = load_iris()
    y = one_vs_rest(y, positive=2)                       # virginica vs setosa + versicolor
    X_train, X_test, y_train, y_test = split(X, y, 0.3, seed=0)
    X_train, X_test = standardize(X_train, X_test)
    w, b, losses = train_logistic(X_train, y_train, lr=0.5, epochs=500)
    print(f"train loss {losses[0]:.4f} -> {losses[-1]:.4f}")
    cm = confusion_matrix(y_test, predict(w, b, X_test))
    print("confusion matrix [[TN, FP], [FN, TP]]:\n", cm)
    p, r, f1 = precision_recall_f1(cm)
    print(f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  accuracy {np.trace(cm) / cm.sum():.3f}")

    # Bias and variance: refit each degree on 200 noisy copies of the same 12 points.
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 12)
    x_grid = np.linspace(0, 1, 50)
    truth = np.sin(2 * np.pi * x_grid)
    ys = np.sin(2 * np.pi * x) + rng.normal(0, 0.25, (200, 12))    # 200 noisy copies of the 12 points
    for degree in (1, 3, 11):
        preds = [predict_polynomial(fit_polynomial(x, y, degree), x_grid) for y in ys]
        b2, var = bias_variance(np.array(preds), truth)
        print(f"degree {degree:2d}: bias^2 {b2:.4f}  variance {var:.4f}  sum {b2 + var:.4f}")

if __name__ == "__main__":
    main()
