"""Tests of Stage 12 (Multimodal): normalisation, embedding both modalities, cosine search,
recall@k on the shipped queries, CLIP's contrastive loss against the worked example, and
zero-shot classification with a prompt template.

They use only the interface the overview states:
    normalize(X); embed_images(model, images); embed_texts(model, texts)
    search(query_emb, image_embs, k) -> [index]; recall_at_k(text_embs, image_embs, targets, k)
    clip_loss(image_embs, text_embs, temperature); zero_shot_classify(model, images, labels, template)
"""
import json
import math
import os
import unittest

import numpy as np

import exercise
from tiny_clip import TinyCLIP

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

MODEL = TinyCLIP.load(os.path.join("data", "tiny_clip.npz"))
PHOTOS = np.load(os.path.join("data", "photos.npz"))["images"]
with open(os.path.join("data", "photos.json"), encoding="utf-8") as f:
    ATTRS = json.load(f)


def read_jsonl(name):
    with open(os.path.join("data", name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def unit(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


class EmbedTest(unittest.TestCase):
    def test_normalize_gives_unit_rows(self):
        X = np.array([[3.0, 4.0], [0.0, -2.0]])
        np.testing.assert_allclose(exercise.normalize(X), [[0.6, 0.8], [0.0, -1.0]], atol=1e-12)

    def test_images_and_texts_land_in_the_same_space_as_unit_vectors(self):
        I = np.asarray(exercise.embed_images(MODEL, PHOTOS[:5]))
        T = np.asarray(exercise.embed_texts(MODEL, ["red circle", "a big blue square on a dark background"]))
        self.assertEqual(I.shape, (5, MODEL.W_img.shape[1]), "one row per image, in the shared space")
        self.assertEqual(T.shape, (2, MODEL.W_txt.shape[1]), "one row per text, in the same space")
        np.testing.assert_allclose(np.linalg.norm(I, axis=1), 1.0, atol=1e-9, err_msg="image embeddings have length 1")
        np.testing.assert_allclose(np.linalg.norm(T, axis=1), 1.0, atol=1e-9, err_msg="text embeddings have length 1")
        np.testing.assert_allclose(I, unit(MODEL.image_features(PHOTOS[:5]) @ MODEL.W_img), atol=1e-9,
                                   err_msg="features, then the projection W_img, then normalise")
        np.testing.assert_allclose(T[0], unit(MODEL.text_features(["red circle"]) @ MODEL.W_txt)[0], atol=1e-9,
                                   err_msg="features, then the projection W_txt, then normalise")


class SearchTest(unittest.TestCase):
    def test_search_by_hand(self):
        images = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]])
        self.assertEqual(list(exercise.search(np.array([0.6, 0.8]), images, 3)), [2, 1, 0],
                         "similarities 0.6, 0.8 and 0.96: best first")
        self.assertEqual(list(exercise.search(np.array([1.0, 0.0]), np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]), 2)),
                         [1, 2], "equal similarities in index order")

    def test_recall_at_k_by_hand(self):
        images = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]])
        texts = np.array([[0.6, 0.8], [1.0, 0.0]])
        # query 0 ranks 2, 1, 0; query 1 ranks 0, 2, 1
        self.assertEqual(exercise.recall_at_k(texts, images, [1, 0], 1), 0.5)
        self.assertEqual(exercise.recall_at_k(texts, images, [1, 0], 2), 1.0)

    def test_recall_on_the_shipped_queries(self):
        queries = read_jsonl("queries.jsonl")
        I = exercise.embed_images(MODEL, PHOTOS)
        T = exercise.embed_texts(MODEL, [q["query"] for q in queries])
        targets = [q["target"] for q in queries]
        r1, r5 = exercise.recall_at_k(T, I, targets, 1), exercise.recall_at_k(T, I, targets, 5)
        log_metric("recall_at_1", r1)
        log_metric("recall_at_5", r5)
        self.assertGreaterEqual(r1, 0.7, f"recall@1 is {r1:.3f}")
        self.assertGreaterEqual(r5, 0.9, f"recall@5 is {r5:.3f}")

    def test_partial_descriptions_find_every_matching_photo(self):
        partial = read_jsonl("partial_queries.jsonl")
        I = exercise.embed_images(MODEL, PHOTOS)
        precision = []
        for q in partial:
            top = exercise.search(exercise.embed_texts(MODEL, [q["query"]])[0], I, len(q["targets"]))
            precision.append(len(set(top) & set(q["targets"])) / len(q["targets"]))
        log_metric("r_precision_partial", float(np.mean(precision)))
        self.assertGreaterEqual(np.mean(precision), 0.9, "'red circle' should bring back the four red circles first")


class LossTest(unittest.TestCase):
    def test_clip_loss_of_the_worked_example(self):
        S = np.array([[0.8, 0.2], [0.1, 0.6]])
        # embeddings whose dot products are S: images = identity, texts = S transposed
        images, texts = np.eye(2), S.T.copy()
        expected_1 = ((math.log1p(math.exp(-0.6)) + math.log1p(math.exp(-0.5))) / 2
                      + (math.log1p(math.exp(-0.7)) + math.log1p(math.exp(-0.4))) / 2) / 2
        self.assertAlmostEqual(exercise.clip_loss(images, texts, 1.0), expected_1, places=9,
                               msg="temperature 1: the overview's 0.4569")
        expected_01 = ((math.log1p(math.exp(-6)) + math.log1p(math.exp(-5))) / 2
                       + (math.log1p(math.exp(-7)) + math.log1p(math.exp(-4))) / 2) / 2
        self.assertAlmostEqual(exercise.clip_loss(images, texts, 0.1), expected_01, places=9,
                               msg="temperature 0.1: the overview's 0.0071")

    def test_the_trained_model_prefers_the_true_pairs(self):
        queries = read_jsonl("queries.jsonl")
        I = exercise.embed_images(MODEL, PHOTOS)
        T = exercise.embed_texts(MODEL, [q["query"] for q in queries])
        matched = exercise.clip_loss(I, T, 0.1)
        shuffled = exercise.clip_loss(I, T[np.random.default_rng(0).permutation(len(T))], 0.1)
        log_metric("contrastive_loss_matched", matched)
        self.assertLess(matched, 1.5, f"the loss on the true pairs is {matched:.3f}")
        self.assertGreater(shuffled, matched + 3, "shuffled pairs should cost much more")
        self.assertLess(matched, math.log(len(T)), "better than chance, ln(80) = 4.38")


class ZeroShotTest(unittest.TestCase):
    def test_zero_shot_shape_and_colour(self):
        for key, labels in (("shape", ["circle", "square", "triangle", "cross"]),
                            ("colour", ["red", "green", "blue", "yellow", "purple"])):
            pred = np.asarray(exercise.zero_shot_classify(MODEL, PHOTOS, labels, "a photo of a {}"))
            self.assertEqual(pred.shape, (len(PHOTOS),), "one label index per image")
            acc = float(np.mean([labels[p] == a[key] for p, a in zip(pred, ATTRS)]))
            log_metric(f"zero_shot_{key}_accuracy", acc)
            self.assertGreaterEqual(acc, 0.9, f"zero-shot {key} accuracy is {acc:.3f}")

    def test_the_template_is_used(self):
        seen = []
        real = MODEL.text_features

        def spy(texts):
            seen.extend(texts)
            return real(texts)

        MODEL.text_features = spy
        try:
            exercise.zero_shot_classify(MODEL, PHOTOS[:3], ["circle", "cross"], "a drawing of a {}")
        finally:
            MODEL.text_features = real
        self.assertIn("a drawing of a circle", seen, "embed template.format(label) for each label")
        self.assertIn("a drawing of a cross", seen)


if __name__ == "__main__":
    unittest.main()
