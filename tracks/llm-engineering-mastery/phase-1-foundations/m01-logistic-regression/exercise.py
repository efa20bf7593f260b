"""M1: logistic regression with a gradient you derived by hand, checked by central differences.

The data pipeline is given. Fill in every TODO, from sigmoid() down. Run it with `python3 exercise.py`; check it with `trail check m1`; stuck? `trail hint m1`.
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
    # TODO: np.exp(-z) overflows for z = -1000. Use e = np.exp(-np.abs(z)), which never does,
    # and the two equal forms 1 / (1 + e^-z) (for z >= 0) and e^z / (1 + e^z) (for z < 0).
    raise NotImplementedError("sigmoid")


def predict_proba(w, b, X):
    """p_i = sigmoid(x_i . w + b): the model's probability that row i is class 1."""
    # TODO: one line, for all rows at once.
    raise NotImplementedError("predict_proba")


def bce_loss(w, b, X, y):
    """Mean binary cross-entropy, computed from the logits so it stays finite.

    -[y ln p + (1 - y) ln(1 - p)] with p = sigmoid(z) equals ln(1 + e^z) - y z."""
    # TODO: z = X @ w + b, then the mean of ln(1 + e^z) - y z. np.logaddexp(0, z) computes
    # ln(e^0 + e^z) = ln(1 + e^z) without overflow. Return a Python float.
    raise NotImplementedError("bce_loss")


def gradients(w, b, X, y):
    """(dL/dw, dL/db) of bce_loss: your derivation, in code."""
    # TODO: dL_i/dz_i = p_i - y_i (derive it!). dL/dw is an array shaped like w, dL/db a float.
    raise NotImplementedError("gradients")


# --- checking the gradient -----------------------------------------------------------------

def central_difference(f, theta, h=1e-5):
    """The gradient of f at theta, one coordinate at a time: (f(θ + h e_i) - f(θ - h e_i)) / 2h."""
    # TODO: theta may be any shape; return an array of the same shape. Do not modify theta
    # in place without restoring it (work on copies).
    raise NotImplementedError("central_difference")


def relative_error(a, b):
    """max over entries of |a - b| / max(1e-8, |a| + |b|)."""
    # TODO
    raise NotImplementedError("relative_error")


def gradient_check(w, b, X, y, h=1e-5):
    """relative_error between gradients() and central differences of bce_loss, over w and b."""
    # TODO: stack w and b into one vector theta = np.append(w, b), so that
    # f(theta) = bce_loss(theta[:-1], theta[-1], X, y); compare with np.append(dw, db).
    raise NotImplementedError("gradient_check")


# --- training --------------------------------------------------------------------------------

def train(X, y, lr=0.1, epochs=300):
    """Full-batch gradient descent from w = 0, b = 0.

    Returns (w, b, losses); losses[t] is the training loss of the parameters *before* step t."""
    # TODO: for each epoch, record the loss, then take one step w -= lr * dw, b -= lr * db.
    raise NotImplementedError("train")


def accuracy(w, b, X, y):
    """The share of rows where (p >= 0.5) equals the label."""
    # TODO: a Python float between 0 and 1.
    raise NotImplementedError("accuracy")


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
