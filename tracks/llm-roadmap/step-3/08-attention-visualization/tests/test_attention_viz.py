"""Tests of multi-head attention and its visualization (exercise.py).

They use only the interface the overview states:
    split_heads(x, n_heads) -> (n_heads, T, d/n_heads);  merge_heads(x) -> (T, d)
    multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, mask) -> (output (T, d), weights (n_heads, T, T))
    attention_entropy(weights) -> (n_heads,);  mean_attention_distance(weights) -> (n_heads,)
    heatmap_svg(weights, tokens, path, cell)
"""
import math
import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

import numpy as np

import exercise

SVG = "{http://www.w3.org/2000/svg}"


def reference_mha(x, Wq, Wk, Wv, Wo, h, mask=None):
    T, d = x.shape
    dh = d // h
    outs, ws = [], []
    for head in range(h):
        cols = slice(head * dh, (head + 1) * dh)
        q, k, v = (x @ Wq)[:, cols], (x @ Wk)[:, cols], (x @ Wv)[:, cols]
        s = q @ k.T / math.sqrt(dh)
        if mask is not None:
            s = np.where(mask, s, -np.inf)
        w = np.exp(s - s.max(axis=1, keepdims=True))
        w /= w.sum(axis=1, keepdims=True)
        outs.append(w @ v)
        ws.append(w)
    return np.concatenate(outs, axis=1) @ Wo, np.array(ws)


def random_layer(T=5, d=8, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(T, d)),) + tuple(rng.normal(0, 1 / math.sqrt(d), (d, d)) for _ in range(4))


class HeadsTest(unittest.TestCase):
    def test_split_gives_each_head_its_own_columns(self):
        x = np.arange(24.0).reshape(3, 8)
        heads = exercise.split_heads(x, 2)
        self.assertEqual(np.shape(heads), (2, 3, 4))
        np.testing.assert_array_equal(heads[0], x[:, :4])
        np.testing.assert_array_equal(heads[1], x[:, 4:])
        np.testing.assert_array_equal(exercise.merge_heads(heads), x, err_msg="merge_heads undoes split_heads")

    def test_multi_head_matches_a_loop_over_heads(self):
        x, Wq, Wk, Wv, Wo = random_layer()
        for h in (1, 2, 4):
            for mask in (None, exercise.causal_mask(5)):
                out, w = exercise.multi_head_attention(x, Wq, Wk, Wv, Wo, h, mask)
                ref_out, ref_w = reference_mha(x, Wq, Wk, Wv, Wo, h, mask)
                self.assertEqual(np.shape(w), (h, 5, 5), "one (T, T) matrix of weights per head")
                np.testing.assert_allclose(w, ref_w, rtol=1e-9, atol=1e-12,
                                           err_msg=f"{h} heads: each head scales by 1/sqrt(d/{h}) and uses its own columns")
                np.testing.assert_allclose(out, ref_out, rtol=1e-9, atol=1e-12)


class StatisticsTest(unittest.TestCase):
    def test_entropy(self):
        uniform = np.full((1, 4, 4), 0.25)
        one_hot = np.tile(np.eye(4), (1, 1, 1))
        np.testing.assert_allclose(exercise.attention_entropy(uniform), [math.log(4)], rtol=1e-12)
        np.testing.assert_allclose(exercise.attention_entropy(one_hot), [0.0], atol=1e-12,
                                   err_msg="0 * ln 0 counts as 0: no nan")

    def test_mean_distance_by_hand(self):
        w = np.array([[[1.0, 0, 0], [1.0, 0, 0], [0, 0.5, 0.5]]])
        # row 0: 0; row 1: 1 * |1 - 0| = 1; row 2: 0.5 * 1 + 0.5 * 0 = 0.5; mean 0.5
        np.testing.assert_allclose(exercise.mean_attention_distance(w), [0.5], rtol=1e-12)

    def test_a_previous_token_head_and_an_even_head(self):
        """A layer built by hand: head 0 looks at the previous token, head 1 spreads evenly."""
        T = 6
        d, dh = 2 * T, T
        x = np.concatenate([np.eye(T), np.zeros((T, T))], axis=1)
        Wq, Wk = np.zeros((d, d)), np.zeros((d, d))
        for i in range(1, T):
            Wq[i, i - 1] = 12.0 * math.sqrt(dh)
        Wk[:T, :T] = np.eye(T)
        _, w = exercise.multi_head_attention(x, Wq, Wk, np.eye(d), np.eye(d), 2, exercise.causal_mask(T))
        for i in range(1, T):
            self.assertGreater(w[0, i, i - 1], 0.99, f"head 0, token {i} should look at token {i - 1}")
        np.testing.assert_allclose(w[1, 3, :4], 0.25, rtol=1e-9, err_msg="head 1 spreads evenly over tokens 0..3")
        dist = exercise.mean_attention_distance(w)
        self.assertAlmostEqual(float(dist[0]), (T - 1) / T, places=3, msg="token 0 looks at itself, the others 1 back")
        ent = exercise.attention_entropy(w)
        self.assertAlmostEqual(float(ent[1]), float(np.mean([math.log(i + 1) for i in range(T)])), places=9)
        self.assertLess(float(ent[0]), 0.01)


class HeatmapTest(unittest.TestCase):
    def test_svg_has_one_cell_per_weight_and_the_tokens(self):
        tokens = ["the", "sea", "is", "wide"]
        w = exercise.softmax(np.random.default_rng(1).normal(size=(4, 4)) * 2, axis=-1)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "head.svg")
            exercise.heatmap_svg(w, tokens, path, cell=30)
            root = ET.parse(path).getroot()
        self.assertEqual(root.tag, SVG + "svg", "the file should be an <svg> in the SVG namespace")
        self.assertEqual(float(root.get("width")), 180.0, "(T + 2) * cell wide")
        cells = [r for r in root.iter(SVG + "rect") if r.get("class") == "cell"]
        self.assertEqual(len(cells), 16, "one <rect class=\"cell\"> per weight")
        for r in cells:
            i, j = round(float(r.get("y")) / 30) - 2, round(float(r.get("x")) / 30) - 2
            self.assertAlmostEqual(float(r.get("fill-opacity")), w[i, j], delta=0.0006,
                                   msg=f"cell ({i}, {j}) at x = (j+2)*cell, y = (i+2)*cell should have fill-opacity w[{i}, {j}]")
        texts = [t.text for t in root.iter(SVG + "text")]
        for token in tokens:
            self.assertEqual(texts.count(token), 2, f"{token!r} should label its row and its column")


if __name__ == "__main__":
    unittest.main()
