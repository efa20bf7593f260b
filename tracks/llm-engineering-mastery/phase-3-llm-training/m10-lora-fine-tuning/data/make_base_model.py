"""Writes base_model.npz: the "pretrained" model that M10 fine-tunes. Seed 0.

    python3 make_base_model.py

An MLP 64 -> 128 (ReLU) -> 5, trained with Adam for 1,500 steps on the digits 0-4 of
digits.csv.gz (pixels divided by 16). Weights are stored as W (out, in) and b (out,), float32,
under the names W1, b1, W2, b2. The downstream task of the milestone is the digits 5-9.
"""
import gzip
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load_digits():
    with gzip.open(os.path.join(HERE, "digits.csv.gz"), "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    return rows[:, :64] / 16.0, rows[:, 64].astype(int)


def main():
    rng = np.random.default_rng(0)
    X, y = load_digits()
    X, y = X[y < 5], y[y < 5]
    p = {"W1": rng.normal(0, np.sqrt(2 / 64), (128, 64)), "b1": np.zeros(128),
         "W2": rng.normal(0, np.sqrt(1 / 128), (5, 128)), "b2": np.zeros(5)}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    for t in range(1, 1501):
        i = rng.integers(0, len(X), 64)
        x, target = X[i], y[i]
        h = np.maximum(x @ p["W1"].T + p["b1"], 0)
        z = h @ p["W2"].T + p["b2"]
        prob = np.exp(z - z.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        dz = prob
        dz[np.arange(len(i)), target] -= 1
        dz /= len(i)
        g = {"W2": dz.T @ h, "b2": dz.sum(0)}
        dh = (dz @ p["W2"]) * (h > 0)
        g["W1"], g["b1"] = dh.T @ x, dh.sum(0)
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * g[k]
            v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
            p[k] -= 1e-3 * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
    h = np.maximum(X @ p["W1"].T + p["b1"], 0)
    print("accuracy on digits 0-4:", np.mean((h @ p["W2"].T + p["b2"]).argmax(1) == y))
    np.savez_compressed(os.path.join(HERE, "base_model.npz"), **{k: v.astype(np.float32) for k, v in p.items()})


if __name__ == "__main__":
    main()
