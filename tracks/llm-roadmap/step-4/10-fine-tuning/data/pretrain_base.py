"""Makes data/base_model.npz: the "pre-trained" character model that this node fine-tunes.

    python3 data/pretrain_base.py     # about a minute; needs the track's Step 2 folders next to this one

The pre-training text has two parts, one sentence per line, lower-cased, every character other
than a-z and space removed:
  - everything written for Step 2 of this track: the 600 movie reviews (Sentiment Analyzer), the
    2,500 farm sentences (Word2Vec) and the lighthouse poem (Character-Level Text Generator);
  - 6,000 lines of 6 words drawn at random (numpy default_rng(1)) from the words of 2 to 7
    lower-case letters of Debian's wamerican word list (SCOWL; pass its path as the first
    argument, default /usr/share/dict/american-english), so that the model learns English
    spelling beyond those texts. The model and its layout are those of
exercise.py: 5 characters of context, embeddings of 10, 128 tanh units, 28 outputs.
Trained with Adam (learning rate 0.003, batches of 512, 6,000 steps, numpy default_rng(0)),
stored as float32.
"""
import os
import re


import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
STEP2 = os.path.join(HERE, "..", "..", "..", "step-2")
CHARS = "\n abcdefghijklmnopqrstuvwxyz"
CONTEXT, EMB, HIDDEN = 5, 10, 128


def clean(line):
    return re.sub(r"[^a-z ]", "", line.lower()).strip()


def pretraining_lines():
    lines = []
    with open(os.path.join(STEP2, "04-sentiment-analyzer", "data", "reviews.tsv")) as f:
        next(f)
        for row in f:
            lines += [clean(s) for s in re.split(r"[.!;]", row.split("\t", 1)[1])]
    with open(os.path.join(STEP2, "05-word2vec", "data", "corpus.txt")) as f:
        lines += [clean(s) for s in f]
    with open(os.path.join(STEP2, "06-char-text-generator", "data", "lighthouse.txt")) as f:
        lines += [clean(s) for s in f]
    return [l for l in lines if l]


def random_word_lines(path, n_lines=6000, words_per_line=6):
    with open(path) as f:
        words = [w.strip() for w in f if re.fullmatch(r"[a-z]{2,7}", w.strip())]
    rng = np.random.default_rng(1)
    return [" ".join(rng.choice(words, words_per_line)) for _ in range(n_lines)]


def examples(lines):
    ids = {c: i for i, c in enumerate(CHARS)}
    X, y = [], []
    for line in lines:
        context = [0] * CONTEXT
        for c in line + "\n":
            X.append(context)
            y.append(ids[c])
            context = context[1:] + [ids[c]]
    return np.array(X), np.array(y)


def main(word_list):
    lines = pretraining_lines() + random_word_lines(word_list)
    X, y = examples(lines)
    print(f"{len(lines)} lines, {len(y)} training examples")
    rng = np.random.default_rng(0)
    p = {"C": rng.normal(0, 1.0, (len(CHARS), EMB)),
         "W1": rng.normal(0, 1 / np.sqrt(CONTEXT * EMB), (CONTEXT * EMB, HIDDEN)), "b1": np.zeros(HIDDEN),
         "W2": rng.normal(0, 0.1 / np.sqrt(HIDDEN), (HIDDEN, len(CHARS))), "b2": np.zeros(len(CHARS))}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    for step in range(1, 6001):
        idx = rng.integers(0, len(y), 512)
        xb, yb = X[idx], y[idx]
        e = p["C"][xb].reshape(len(idx), -1)
        h = np.tanh(e @ p["W1"] + p["b1"])
        logits = h @ p["W2"] + p["b2"]
        z = logits - logits.max(axis=1, keepdims=True)
        prob = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        loss = -np.log(prob[np.arange(len(idx)), yb]).mean()
        d = prob
        d[np.arange(len(idx)), yb] -= 1
        d /= len(idx)
        g = {"W2": h.T @ d, "b2": d.sum(0)}
        dz = (d @ p["W2"].T) * (1 - h ** 2)
        g["W1"], g["b1"] = e.T @ dz, dz.sum(0)
        de = (dz @ p["W1"].T).reshape(len(idx), CONTEXT, EMB)
        g["C"] = np.zeros_like(p["C"])
        np.add.at(g["C"], xb, de)
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * g[k]
            v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
            p[k] -= 0.003 * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
        if step % 1000 == 0:
            print(f"step {step}  loss {loss:.3f}")
    np.savez_compressed(os.path.join(HERE, "base_model.npz"), **{k: a.astype(np.float32) for k, a in p.items()})
    print("wrote base_model.npz")


if __name__ == "__main__":
    import sys
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english")
