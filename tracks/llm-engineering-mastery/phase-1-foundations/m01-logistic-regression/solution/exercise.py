"""M1: logistic regression with a gradient you derived by hand, checked by central differences.

Run it with `python3 exercise.py`; check it with `trail check m1`; stuck? `trail hint m1`.
"""
import numpy as np

DATA = "data/breast_cancer.csv"


# --- given: the data pipeline (the same as in any later milestone) -----------------------

def load_data(path=DATA):
    """The 569 rows of the Wisconsin breast cancer set: X (569, 30) floats, y (569,) ints.

    The first line of the file is a header; y is 1 for benign and 0 for malignant."""
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, :30], table[:, 30].astype(int)


def split(X, y, test_fraction=0.25, seed=0):
    """A seeded shuffle, then the first round(test_fraction * n) rows are the test set."""
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X_train, X_test):
    """Scale every column to mean 0 and std 1 with the statistics of the training rows only."""
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


# --- the model ---------------------------------------------------------------------------

def sigmoid(z):
    """1 / (1 + e^-z), without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    # For z >= 0, e^-z <= 1 cannot overflow; for z < 0 use the equal form e^z / (1 + e^z).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def predict_proba(w, b, X):
    """p_i = sigmoid(x_i . w + b): the model's probability that row i is class 1."""
    return sigmoid(X @ w + b)


def bce_loss(w, b, X, y):
    """Mean binary cross-entropy, computed from the logits so it stays finite.

    -[y ln p + (1 - y) ln(1 - p)] with p = sigmoid(z) equals ln(1 + e^z) - y z."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def gradients(w, b, X, y):
    """(dL/dw, dL/db) of bce_loss: X^T (p - y) / n and the mean of (p - y)."""
    error = predict_proba(w, b, X) - y          # dL_i/dz_i = p_i - y_i
    return X.T @ error / len(y), float(np.mean(error))


# --- checking the gradient -----------------------------------------------------------------

def central_difference(f, theta, h=1e-5):
    """The gradient of f at theta, one coordinate at a time: (f(θ + h e_i) - f(θ - h e_i)) / 2h."""
    theta = np.array(theta, dtype=float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step.flat[i] = h
        grad.flat[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return grad


def relative_error(a, b):
    """max over entries of |a - b| / max(1e-8, |a| + |b|)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def gradient_check(w, b, X, y, h=1e-5):
    """relative_error between gradients() and central differences of bce_loss, over w and b."""
    dw, db = gradients(w, b, X, y)
    analytic = np.append(dw, db)
    numeric = central_difference(lambda t: bce_loss(t[:-1], t[-1], X, y), np.append(w, b), h)
    return relative_error(analytic, numeric)


# --- training --------------------------------------------------------------------------------

def train(X, y, lr=0.1, epochs=300):
    """Full-batch gradient descent from w = 0, b = 0.

    Returns (w, b, losses); losses[t] is the training loss of the parameters *before* step t."""
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        losses.append(bce_loss(w, b, X, y))
        dw, db = gradients(w, b, X, y)
        w = w - lr * dw
        b = b - lr * db
    return w, b, losses


def accuracy(w, b, X, y):
    """The share of rows where (p >= 0.5) equals the label."""
    return float(np.mean((predict_proba(w, b, X) >= 0.5) == y))


if __name__ == "__main__":
    X, y = load_data()
    X_train, X_test, y_train, y_test = split(X, y)
    X_train, X_test = standardize(X_train, X_test)

    rng = np.random.default_rng(1)
    w0, b0 = rng.normal(0, 0.1, X.shape[1]), 0.3
    print(f"gradient check (relative error): {gradient_check(w0, b0, X_train[:40], y_train[:40]):.2e}")

    w, b, losses = train(X_train, y_train, lr=0.1, epochs=300)
    print(f"loss: {losses[0]:.4f} at step 0 (ln 2 = {np.log(2):.4f}), {losses[-1]:.4f} at step {len(losses) - 1}")
    print(f"accuracy: train {accuracy(w, b, X_train, y_train):.4f}, test {accuracy(w, b, X_test, y_test):.4f}")
