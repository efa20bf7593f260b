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
    # TODO: np.linalg.norm(X, axis=1, keepdims=True); divide by 1 where the norm is 0
    raise NotImplementedError("normalize")


def embed_images(model, images):
    """(n, d) unit vectors: the image tower's features, projected with model.W_img, normalized."""
    # TODO: model.image_features(images) @ model.W_img, then normalize
    raise NotImplementedError("embed_images")


def embed_texts(model, texts):
    """(n, d) unit vectors: the text tower's features, projected with model.W_txt, normalized."""
    # TODO: model.text_features(texts) @ model.W_txt, then normalize
    raise NotImplementedError("embed_texts")


def search(query_emb, image_embs, k):
    """Indices of the k images most similar to the query (cosine = dot product of unit
    vectors), best first; equal similarities in index order."""
    # TODO
    raise NotImplementedError("search")


def recall_at_k(text_embs, image_embs, targets, k):
    """Share of queries (rows of text_embs) whose target image is among their k best results."""
    # TODO: search with each row of text_embs; is targets[i] in the top k?
    raise NotImplementedError("recall_at_k")


def clip_loss(image_embs, text_embs, temperature):
    """CLIP's symmetric contrastive loss for n matched pairs (row i of each side belongs together):
    the mean of the cross-entropy of each image over the texts and of each text over the images,
    with logits = cosine similarities / temperature."""
    # TODO: logits = image_embs @ text_embs.T / temperature  (n, n): row i = image i against every text
    # TODO: cross-entropy of each row with its diagonal entry as the right class (a stable
    #       log-softmax: subtract the row's max first), averaged; the same for logits.T; mean of both
    raise NotImplementedError("clip_loss")


def zero_shot_classify(model, images, labels, template="a photo of a {}"):
    """For each image, the index of the label whose prompt (template with the label) is most similar."""
    # TODO: embed template.format(label) for every label; argmax over labels of the similarities
    raise NotImplementedError("zero_shot_classify")


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
