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
    return (np.asarray(y) == positive).astype(int)


def split(X, y, test_fraction=0.3, seed=0):
    """Shuffle with np.random.default_rng(seed); the first round(test_fraction * n) rows are the test set."""
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train, X_test):
    """(X - mean) / std per column, with the TRAINING mean and std for both sets."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


def sigmoid(z):
    """1 / (1 + e^-z)."""
    return 1.0 / (1.0 + np.exp(-z))


def log_loss(w, b, X, y):
    """Mean binary cross-entropy -mean(y log p + (1 - y) log(1 - p)) with p = sigmoid(X w + b)."""
    p = np.clip(sigmoid(X @ w + b), 1e-12, 1 - 1e-12)   # keep log() finite
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def gradients(w, b, X, y):
    """(dL/dw, dL/db) of log_loss: X^T (p - y) / n and mean(p - y)."""
    error = sigmoid(X @ w + b) - y          # the famous simplification: dL/dz = p - y
    return X.T @ error / len(y), float(error.mean())


def train_logistic(X, y, lr=0.5, epochs=500):
    """Full-batch gradient descent from w = 0, b = 0. Returns (w, b, losses): losses[e] is the
    loss before update e, so len(losses) == epochs."""
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        losses.append(log_loss(w, b, X, y))
        dw, db = gradients(w, b, X, y)
        w, b = w - lr * dw, b - lr * db
    return w, b, losses


def predict(w, b, X, threshold=0.5):
    """1 where sigmoid(X w + b) >= threshold, else 0."""
    return (sigmoid(X @ w + b) >= threshold).astype(int)


def confusion_matrix(y_true, y_pred):
    """2 x 2 int array [[TN, FP], [FN, TP]]: rows are the true class (0, 1), columns the prediction."""
    cm = np.zeros((2, 2), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[int(t), int(p)] += 1
    return cm


def precision_recall_f1(cm):
    """(precision, recall, f1) of class 1 from [[TN, FP], [FN, TP]]; a 0/0 counts as 0.0."""
    (tn, fp), (fn, tp) = cm
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def fit_polynomial(x, y, degree):
    """Least-squares coefficients c_0 … c_degree of y ≈ sum_k c_k x^k."""
    A = np.vander(x, degree + 1, increasing=True)      # columns 1, x, x^2, …
    coefs, *_ = np.linalg.lstsq(A, y, rcond=None)
    return coefs


def predict_polynomial(coefs, x):
    """sum_k coefs[k] * x^k for every x."""
    return np.vander(x, len(coefs), increasing=True) @ coefs


def mse(y_true, y_pred):
    """Mean squared error."""
    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))


def bias_variance(predictions, truth):
    """predictions (n_datasets, n_points): one model's predictions per training set; truth (n_points,).

    Returns (bias_squared, variance), each averaged over the points:
    bias^2 = mean_x (mean_d pred - truth)^2 and variance = mean_x mean_d (pred - mean_d pred)^2.
    """
    predictions = np.asarray(predictions, dtype=float)
    average = predictions.mean(axis=0)
    bias_squared = np.mean((average - truth) ** 2)
    variance = np.mean(predictions.var(axis=0))       # population variance over the data sets
    return float(bias_squared), float(variance)


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
