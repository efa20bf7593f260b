"""House-price predictor: supervised regression and unsupervised clustering on data/houses.csv.

    python3 exercise.py          # fits the models and prints what they score
    trail check house-price-predictor

Python 3 and numpy only. The data and the formula that made it: data/README.md.
"""
import numpy as np


def load_csv(path="data/houses.csv"):
    """Reads a CSV of numbers with one header line.

    Returns (header, data): the column names as a list of strings, and a float array of
    shape (rows, columns) in the order of the file.
    """
    # TODO: the first line split at commas is the header
    # TODO: every other non-empty line becomes a list of floats; stack them into one array
    raise NotImplementedError("load_csv: return header, data")


def split_indices(n, test_fraction=0.2, seed=0):
    """Shuffles 0..n-1 with the seed; the first round(test_fraction * n) are the test rows.

    Returns (train_idx, test_idx), two integer arrays that together hold every index once.
    """
    # TODO: a permutation of range(n) from np.random.default_rng(seed)
    # TODO: its first round(test_fraction * n) entries are the test indices, the rest the training indices
    raise NotImplementedError("split_indices: return train_idx, test_idx")


def fit_linear(X, y):
    """Least-squares weights of y ≈ w[0] + X @ w[1:]; returns w, shape (d + 1,)."""
    # TODO: put a column of ones in front of X (it carries the intercept w[0])
    # TODO: solve the least-squares problem with np.linalg.lstsq(A, y, rcond=None)
    raise NotImplementedError("fit_linear: return w")


def predict(w, X):
    """The predictions w[0] + X @ w[1:]."""
    # TODO
    raise NotImplementedError("predict")


def r2_score(y, y_pred):
    """Coefficient of determination: 1 - (sum of squared errors) / (sum of squares around mean(y))."""
    # TODO: the formula of the overview
    raise NotImplementedError("r2_score")


def kmeans(points, k, seed=0, iters=100):
    """Lloyd's k-means. Starts from k distinct rows of points chosen with default_rng(seed).

    Repeats: give every point the label of its nearest centroid (squared Euclidean distance),
    then move each centroid to the mean of its points (a centroid with no points stays put),
    until the labels stop changing or after iters rounds. Returns (centroids (k, d), labels (n,)).
    """
    points = np.asarray(points, float)
    rng = np.random.default_rng(seed)
    centroids = points[rng.choice(len(points), size=k, replace=False)].copy()
    labels = None
    for _ in range(iters):
        # TODO: squared distance of every point to every centroid, shape (n, k); nearest one -> new labels
        # TODO: stop when the labels did not change
        # TODO: move each centroid to the mean of its points (leave a centroid with no points where it is)
        raise NotImplementedError("kmeans: one round of assign + update")
    return centroids, labels


def inertia(points, centroids, labels):
    """Sum of squared distances from each point to its own centroid."""
    # TODO
    raise NotImplementedError("inertia")


def one_hot(labels, k):
    """An (n, k) array of 0.0 and 1.0 with a single 1 per row, in column labels[i]."""
    # TODO
    raise NotImplementedError("one_hot")


if __name__ == "__main__":
    header, data = load_csv("data/houses.csv")
    col = {name: i for i, name in enumerate(header)}
    y = data[:, col["price"]]
    X = data[:, [col["area_m2"], col["bedrooms"], col["age_years"]]]
    xy = data[:, [col["x_km"], col["y_km"]]]
    train, test = split_indices(len(y), 0.2, seed=0)

    w = fit_linear(X[train], y[train])
    print("supervised, 3 features:  price ≈ {:.0f} + {:.0f}·area + {:.0f}·bedrooms + {:.0f}·age".format(*w))
    print(f"  test R² {r2_score(y[test], predict(w, X[test])):.3f}")
    print(f"  mean-price baseline R² {r2_score(y[test], np.full(len(test), y[train].mean())):.3f}")

    centroids, labels = kmeans(xy, 3, seed=0)
    print("unsupervised, k-means on (x, y):", np.round(centroids, 2).tolist(),
          "inertia", round(inertia(xy, centroids, labels), 1))
    X2 = np.column_stack([X, one_hot(labels, 3)])
    w2 = fit_linear(X2[train], y[train])
    print(f"supervised + cluster features: test R² {r2_score(y[test], predict(w2, X2[test])):.3f}")
