"""Stage 12 (Multimodal): "search my photos by description" with a tiny CLIP-like model.

80 photos (16 x 16 pictures of coloured shapes) and descriptions go into one 16-dimensional
space through the two frozen towers of tiny_clip.TinyCLIP. You embed both sides,
search by cosine similarity, measure recall@k, compute the contrastive loss CLIP is trained with,
and classify photos zero-shot with a prompt template.

    python3 exercise.py          # recall@k, a few searches, the loss, zero-shot accuracy
    trail check multimodal       # runs the tests

Standard library and numpy only.
"""
import json

import numpy as np

from tiny_clip import TinyCLIP


def load_photos(path="data/photos.npz"):
    return np.load(path)["images"]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def normalize(X):
    """Each row divided by its length (rows of zeros stay zero)."""
    X = np.asarray(X, dtype=float)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1.0, norms)


def embed_images(model, images):
    """(n, d) unit vectors: the image tower's features, projected with model.W_img, normalized."""
    return normalize(model.image_features(images) @ model.W_img)


def embed_texts(model, texts):
    """(n, d) unit vectors: the text tower's features, projected with model.W_txt, normalized."""
    return normalize(model.text_features(texts) @ model.W_txt)


def search(query_emb, image_embs, k):
    """Indices of the k images most similar to the query (cosine = dot product of unit
    vectors), best first; equal similarities in index order."""
    sims = image_embs @ query_emb
    return sorted(range(len(sims)), key=lambda i: (-sims[i], i))[:k]


def recall_at_k(text_embs, image_embs, targets, k):
    """Share of queries (rows of text_embs) whose target image is among their k best results."""
    hits = [targets[i] in search(t, image_embs, k) for i, t in enumerate(text_embs)]
    return float(np.mean(hits))


def clip_loss(image_embs, text_embs, temperature):
    """CLIP's symmetric contrastive loss for n matched pairs (row i of each side belongs together):
    the mean of the cross-entropy of each image over the texts and of each text over the images,
    with logits = cosine similarities / temperature."""
    logits = image_embs @ text_embs.T / temperature

    def cross_entropy_on_diagonal(L):
        L = L - L.max(axis=1, keepdims=True)
        log_probs = L - np.log(np.exp(L).sum(axis=1, keepdims=True))
        return -np.mean(np.diag(log_probs))

    return float((cross_entropy_on_diagonal(logits) + cross_entropy_on_diagonal(logits.T)) / 2)


def zero_shot_classify(model, images, labels, template="a photo of a {}"):
    """For each image, the index of the label whose prompt (template with the label) is most similar."""
    prompts = embed_texts(model, [template.format(label) for label in labels])
    return np.argmax(embed_images(model, images) @ prompts.T, axis=1)


if __name__ == "__main__":
    model = TinyCLIP.load("data/tiny_clip.npz")
    photos = load_photos()
    with open("data/photos.json", encoding="utf-8") as f:
        attrs = json.load(f)
    queries = load_jsonl("data/queries.jsonl")
    I = embed_images(model, photos)
    T = embed_texts(model, [q["query"] for q in queries])
    targets = [q["target"] for q in queries]
    for k in (1, 5, 10):
        print(f"recall@{k:<2d} {recall_at_k(T, I, targets, k):.3f}")
    for text in ("big red circle on a dark background", "yellow triangle", "a cobalt ring", "a circle that is not red"):
        top = search(embed_texts(model, [text])[0], I, 3)
        print(f"{text!r:40} -> " + ", ".join(f"#{i} {attrs[i]['size']} {attrs[i]['colour']} {attrs[i]['shape']} "
                                              f"({attrs[i]['background']})" for i in top))
    shuffled = T[np.random.default_rng(0).permutation(len(T))]
    print(f"contrastive loss, matched pairs {clip_loss(I, T, 0.1):.3f}; shuffled pairs {clip_loss(I, shuffled, 0.1):.3f}")
    for key, labels in (("shape", ["circle", "square", "triangle", "cross"]),
                        ("colour", ["red", "green", "blue", "yellow", "purple"])):
        pred = zero_shot_classify(model, photos, labels)
        acc = np.mean([labels[p] == a[key] for p, a in zip(pred, attrs)])
        print(f"zero-shot {key}: {acc:.3f}")
