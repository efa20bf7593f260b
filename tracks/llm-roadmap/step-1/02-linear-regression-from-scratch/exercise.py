"""Linear regression from scratch: loss functions and gradient descent, in numpy.

    python3 exercise.py          # trains on data/houses.csv and compares with the exact answer
    trail check linear-regression-from-scratch

Model: y_hat = X @ w + b. Python 3 and numpy only.
"""
import numpy as np


def predict(w, b, X):
    """y_hat = X @ w + b, one prediction per row of X."""
    # TODO
    raise NotImplementedError("predict")


def mse_loss(w, b, X, y):
    """Mean squared error: mean over rows of (y_hat - y)^2."""
    # TODO
    raise NotImplementedError("mse_loss")


def mae_loss(w, b, X, y):
    """Mean absolute error: mean over rows of |y_hat - y|."""
    # TODO
    raise NotImplementedError("mae_loss")


def huber_loss(w, b, X, y, delta=1.0):
    """Huber loss: mean of r^2/2 where |r| <= delta, delta*(|r| - delta/2) elsewhere (r = y_hat - y)."""
    # TODO: np.where(|r| <= delta, quadratic part, linear part), then the mean
    raise NotImplementedError("huber_loss")


def mse_gradients(w, b, X, y):
    """Gradient of mse_loss: dL/dw = (2/n) X^T r and dL/db = (2/n) sum(r), with r = y_hat - y."""
    # TODO: the residuals r, then the two formulas of the docstring
    raise NotImplementedError("mse_gradients: return dw, db")


def gradient_descent(X, y, lr=0.1, epochs=200):
    """Full-batch gradient descent on the MSE from w = 0, b = 0.

    Returns (w, b, losses): losses[t] is the loss before step t, so len(losses) == epochs and
    losses[0] is the loss of the all-zero model.
    """
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        # TODO: record the loss, then step w and b against their gradients, scaled by lr
        raise NotImplementedError("gradient_descent: one step")
    return w, b, losses


def standardize(X):
    """Returns (X_std, mean, std): every column minus its mean, divided by its std (np.std)."""
    # TODO
    raise NotImplementedError("standardize: return X_std, mean, std")


def to_original_units(w_std, b_std, mean, std):
    """Weights learned on standardized columns, rewritten for the raw columns.

    y = sum_j w_std[j] * (x_j - mean_j) / std_j + b_std = sum_j (w_std[j]/std_j) x_j + (b_std - sum_j w_std[j] mean_j / std_j)
    """
    # TODO: read the two new weights off the docstring's formula
    raise NotImplementedError("to_original_units: return w, b")


def closed_form(X, y):
    """The exact least-squares (w, b) from the normal equations A^T A theta = A^T y, A = [X, 1]."""
    # TODO: A = X with a column of ones at the end; solve A^T A theta = A^T y with np.linalg.solve
    raise NotImplementedError("closed_form: return w, b")


def load_houses(path="data/houses.csv"):
    """X = area_m2, bedrooms, age_years (float, (n, 3)); y = price in thousands."""
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, 2:5], data[:, 5] / 1000.0


if __name__ == "__main__":
    X, y = load_houses()
    Xs, mean, std = standardize(X)
    w, b, losses = gradient_descent(Xs, y, lr=0.1, epochs=200)
    w0, b0 = to_original_units(w, b, mean, std)
    wc, bc = closed_form(X, y)
    print(f"loss at the start {losses[0]:.1f}, after 200 steps {mse_loss(w, b, Xs, y):.2f}")
    print(f"exact least squares loss {mse_loss(wc, bc, X, y):.2f}")
    print("gradient descent, raw units: price/1000 ≈ {:.2f} + {:.3f}·area + {:.2f}·bedrooms + {:.3f}·age".format(b0, *w0))
    print("normal equations,  raw units: price/1000 ≈ {:.2f} + {:.3f}·area + {:.2f}·bedrooms + {:.3f}·age".format(bc, *wc))
