"""How data/ was made (run from the node folder: python3 data/make_data.py). numpy only, seeded.

1. 80 "photos": 16 x 16 RGB pictures, one for each combination of shape (circle, square,
   triangle, cross), colour (red, green, blue, yellow, purple), size (small, large) and
   background (light, dark), at a random place, with pixel noise -> photos.npz, photos.json.
2. Training captions: for every photo, descriptions made from templates and synonyms
   ("a big crimson disc on a dark backdrop").
3. The projections W_img and W_txt of tiny_clip.TinyCLIP, trained CLIP-style: a batch of the 80
   photos with one random caption each, the symmetric cross-entropy over their cosine
   similarities / temperature, Adam, 3,000 steps -> tiny_clip.npz.
4. Queries for evaluation, written with a template the training never used and, for one word
   in five, a word the training never used ("ruby" for red) -> queries.jsonl,
   and short partial descriptions ("red circle") -> partial_queries.jsonl.
"""
import itertools
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tiny_clip import TinyCLIP, image_features, words  # noqa: E402

SHAPES = ["circle", "square", "triangle", "cross"]
COLOURS = {"red": (210, 40, 40), "green": (40, 170, 60), "blue": (40, 70, 210), "yellow": (230, 200, 40),
           "purple": (140, 50, 170)}
SIZES = ["small", "large"]
BACKGROUNDS = {"light": (225, 225, 215), "dark": (35, 35, 45)}
SYN = {
    "circle": ["circle", "disc", "round dot"], "square": ["square", "box"], "triangle": ["triangle"],
    "cross": ["cross", "plus sign"], "red": ["red", "crimson", "scarlet"], "green": ["green", "emerald"],
    "blue": ["blue", "azure"], "yellow": ["yellow", "golden"], "purple": ["purple", "violet"],
    "small": ["small", "tiny", "little"], "large": ["large", "big", "huge"],
    "light": ["light", "white", "pale", "bright"], "dark": ["dark", "black", "night"],
}
TRAIN_TEMPLATES = [
    "a {size} {colour} {shape} on a {bg} background",
    "{colour} {shape}, {size}, {bg} backdrop",
    "photo of a {size} {shape} in {colour} against a {bg} background",
    "{bg} background with a {size} {colour} {shape}",
    "a {colour} {shape} that is {size}, on {bg}",
]
QUERY_TEMPLATE = "my picture of a {size} {colour} {shape} with a {bg} background"
# Words people use that the training captions never did: the model ignores them.
UNSEEN = {"circle": ["ring"], "square": ["tile"], "triangle": ["wedge"], "cross": ["x"], "red": ["ruby"],
          "green": ["lime"], "blue": ["cobalt"], "yellow": ["amber"], "purple": ["plum"], "small": ["mini"],
          "large": ["giant"], "light": ["cream"], "dark": ["dim"]}


def draw(shape, colour, size, bg, rng):
    img = np.ones((16, 16, 3)) * BACKGROUNDS[bg]
    R = 3.0 if size == "small" else 6.0
    cy, cx = rng.uniform(R + 0.5, 15.5 - R, size=2)
    y, x = np.mgrid[0:16, 0:16] + 0.5
    dy, dx = y - cy, x - cx
    if shape == "circle":
        m = dx ** 2 + dy ** 2 <= R ** 2
    elif shape == "square":
        m = (np.abs(dx) <= 0.8 * R) & (np.abs(dy) <= 0.8 * R)
    elif shape == "triangle":
        m = (dy >= -R) & (dy <= R) & (np.abs(dx) <= (dy + R) / 2)
    else:
        m = ((np.abs(dx) <= R / 3) & (np.abs(dy) <= R)) | ((np.abs(dy) <= R / 3) & (np.abs(dx) <= R))
    img[m] = COLOURS[colour]
    img += rng.normal(0, 30, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def caption(attrs, template, rng, unseen=0.0):
    def pick(key):
        choices = UNSEEN[key] if rng.random() < unseen else SYN[key]
        return choices[rng.integers(len(choices))]
    return template.format(shape=pick(attrs["shape"]), colour=pick(attrs["colour"]), size=pick(attrs["size"]),
                           bg=pick(attrs["background"]))


def normalize(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def train(F, captions_for, vocab_model, rng, dim=16, tau=0.1, steps=3000, lr=0.01):
    """Symmetric InfoNCE over a batch of all photos, one random caption each; gradients by hand."""
    n, d_img = F.shape
    V = len(vocab_model.vocab)
    Wi = rng.normal(0, 0.1, (d_img, dim))
    Wt = rng.normal(0, 0.1, (V, dim))
    params = [Wi, Wt]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, steps + 1):
        T = vocab_model.text_features([captions_for(i) for i in range(n)])
        zi, zt = F @ Wi, T @ Wt
        ni, nt = np.linalg.norm(zi, axis=1, keepdims=True), np.linalg.norm(zt, axis=1, keepdims=True)
        ui, ut = zi / ni, zt / nt
        S = ui @ ut.T / tau
        Pi = np.exp(S - S.max(axis=1, keepdims=True))
        Pi /= Pi.sum(axis=1, keepdims=True)                 # image -> text
        Pt = np.exp(S.T - S.T.max(axis=1, keepdims=True))
        Pt /= Pt.sum(axis=1, keepdims=True)                 # text -> image
        dS = ((Pi - np.eye(n)) + (Pt - np.eye(n)).T) / (2 * n)
        dui, dut = dS @ ut / tau, dS.T @ ui / tau
        dzi = (dui - ui * (dui * ui).sum(axis=1, keepdims=True)) / ni   # through the normalisation
        dzt = (dut - ut * (dut * ut).sum(axis=1, keepdims=True)) / nt
        grads = [F.T @ dzi, T.T @ dzt]
        for p, g, mm, vv in zip(params, grads, m, v):
            mm *= 0.9
            mm += 0.1 * g
            vv *= 0.999
            vv += 0.001 * g * g
            p -= lr * (mm / (1 - 0.9 ** step)) / (np.sqrt(vv / (1 - 0.999 ** step)) + 1e-8)
        if step % 500 == 0:
            loss = -(np.log(np.diag(Pi)).mean() + np.log(np.diag(Pt)).mean()) / 2
            print(f"step {step}: contrastive loss {loss:.4f}")
    return Wi, Wt


def main():
    rng = np.random.default_rng(12)
    attrs = [dict(shape=s, colour=c, size=z, background=b)
             for s, c, z, b in itertools.product(SHAPES, COLOURS, SIZES, BACKGROUNDS)]
    order = rng.permutation(len(attrs))
    attrs = [attrs[i] for i in order]
    images = np.stack([draw(a["shape"], a["colour"], a["size"], a["background"], rng) for a in attrs])

    raw = image_features(images)
    mean, std = raw.mean(axis=0), raw.std(axis=0)
    mean[-1], std[-1] = 0.0, 1.0                      # the constant feature stays 1
    std[std == 0] = 1.0
    vocab = sorted({w for a in attrs for t in TRAIN_TEMPLATES for key in a.values() for syn in SYN[key]
                    for w in words(t.format(shape=syn, colour=syn, size=syn, bg=syn))})
    tokenizer_only = TinyCLIP(vocab, None, None, mean, std)
    F = tokenizer_only.image_features(images)
    captions_for = lambda i: caption(attrs[i], TRAIN_TEMPLATES[rng.integers(len(TRAIN_TEMPLATES))], rng)  # noqa: E731
    W_img, W_txt = train(F, captions_for, tokenizer_only, rng)

    np.savez_compressed(os.path.join(HERE, "photos.npz"), images=images)
    np.savez_compressed(os.path.join(HERE, "tiny_clip.npz"), vocab=np.array(vocab), W_img=W_img, W_txt=W_txt,
                        feat_mean=mean, feat_std=std)
    with open(os.path.join(HERE, "photos.json"), "w") as f:
        json.dump(attrs, f, indent=0)
    qrng = np.random.default_rng(99)
    with open(os.path.join(HERE, "queries.jsonl"), "w") as f:
        for i, a in enumerate(attrs):
            f.write(json.dumps({"query": caption(a, QUERY_TEMPLATE, qrng, unseen=0.2), "target": i}) + "\n")
    with open(os.path.join(HERE, "partial_queries.jsonl"), "w") as f:
        for c, s in itertools.product(COLOURS, SHAPES):
            targets = [i for i, a in enumerate(attrs) if a["colour"] == c and a["shape"] == s]
            f.write(json.dumps({"query": f"{c} {s}", "targets": targets}) + "\n")


if __name__ == "__main__":
    main()
