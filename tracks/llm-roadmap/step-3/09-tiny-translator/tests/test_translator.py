"""Tests of the tiny Transformer translator (exercise.py).

They use only the interface the overview states:
    positional_encoding(T, d) -> (T, d);  padding_mask(ids, T_query) -> (T_query, len(ids)) bool
    shift_right(target_ids) -> [BOS] + target_ids[:-1]
    attention(xq, xkv, p, name, mask) -> (Tq, D)
    encode(src_ids, p) -> memory (S, D);  decode(tgt_in, memory, src_ids, p) -> logits (T, V)
    greedy_translate(words, p, max_len) -> list of Zeta words
and the given load_params, SRC_VOCAB, TGT_VOCAB.
"""
import math
import os
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

WEIGHTS = os.path.join("data", "translator.npz")
TEST = os.path.join("data", "test.tsv")
D, H = 32, 4


def ln(x, g, b):
    mu = x.mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + 1e-5) * g + b


def ref_attention(xq, xkv, p, name, allowed):
    """One head at a time, one query at a time."""
    dh = D // H
    Q, K, V = xq @ p[name + "Wq"], xkv @ p[name + "Wk"], xkv @ p[name + "Wv"]
    out = np.zeros((len(xq), D))
    for h in range(H):
        c = slice(h * dh, (h + 1) * dh)
        for i in range(len(xq)):
            keys = [j for j in range(len(xkv)) if allowed(i, j)]
            s = np.array([Q[i, c] @ K[j, c] / math.sqrt(dh) for j in keys])
            w = np.exp(s - s.max())
            w /= w.sum()
            out[i, c] = sum(wk * V[j, c] for wk, j in zip(w, keys))
    return out @ p[name + "Wo"]


def ref_logits(src, tgt_in, p):
    pe = lambda T: np.array([[math.sin(t / 10000 ** (2 * (i // 2) / D)) if i % 2 == 0
                              else math.cos(t / 10000 ** (2 * (i // 2) / D)) for i in range(D)] for t in range(T)])
    ff = lambda x, pre: np.maximum(x @ p[pre + "W1"] + p[pre + "b1"], 0) @ p[pre + "W2"] + p[pre + "b2"]
    real = lambda i, j: src[j] != 0
    x = p["src_emb"][src] + pe(len(src))
    a = ln(x, p["enc_ln1_g"], p["enc_ln1_b"])
    x = x + ref_attention(a, a, p, "enc_self_", real)
    x = x + ff(ln(x, p["enc_ln2_g"], p["enc_ln2_b"]), "enc_")
    memory = ln(x, p["enc_lnf_g"], p["enc_lnf_b"])
    y = p["tgt_emb"][tgt_in] + pe(len(tgt_in))
    a = ln(y, p["dec_ln1_g"], p["dec_ln1_b"])
    y = y + ref_attention(a, a, p, "dec_self_", lambda i, j: j <= i)
    c = ln(y, p["dec_ln2_g"], p["dec_ln2_b"])
    y = y + ref_attention(c, memory, p, "dec_cross_", real)
    y = y + ff(ln(y, p["dec_ln3_g"], p["dec_ln3_b"]), "dec_")
    return ln(y, p["dec_lnf_g"], p["dec_lnf_b"]) @ p["out_W"] + p["out_b"]


def ids(words, vocab):
    return [vocab.index(w) for w in words]


class PiecesTest(unittest.TestCase):
    def test_positional_encoding_values(self):
        pe = exercise.positional_encoding(6, 8)
        self.assertEqual(np.shape(pe), (6, 8))
        np.testing.assert_allclose(pe[0], [0, 1, 0, 1, 0, 1, 0, 1], atol=1e-12, err_msg="position 0: sin 0 = 0, cos 0 = 1")
        self.assertAlmostEqual(pe[1, 0], math.sin(1.0), places=12)
        self.assertAlmostEqual(pe[1, 1], math.cos(1.0), places=12)
        self.assertAlmostEqual(pe[5, 2], math.sin(5 / 10000 ** (2 / 8)), places=12, msg="column 2i uses 10000^(2i/d), i = 1")
        self.assertAlmostEqual(pe[5, 7], math.cos(5 / 10000 ** (6 / 8)), places=12, msg="column 2i+1 is the cosine, i = 3")

    def test_dot_products_depend_only_on_the_offset(self):
        pe = exercise.positional_encoding(40, 32)
        self.assertAlmostEqual(pe[3] @ pe[8], pe[20] @ pe[25], places=9)
        self.assertAlmostEqual(pe[0] @ pe[0], 16.0, places=9, msg="sin² + cos² = 1 for each of the 16 pairs")

    def test_padding_mask_and_shift_right(self):
        np.testing.assert_array_equal(exercise.padding_mask([5, 7, 0, 0], 2),
                                      [[True, True, False, False], [True, True, False, False]])
        self.assertEqual(list(exercise.shift_right([9, 4, 6, 2])), [1, 9, 4, 6])


class ModelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.p = exercise.load_params(WEIGHTS)
        cls.src = ids("the big dog sees the red ball".split(), exercise.SRC_VOCAB)
        cls.tgt_in = [1] + ids("kalo gra rondo ruza".split(), exercise.TGT_VOCAB)

    def test_logits_match_an_independent_implementation(self):
        logits = exercise.decode(self.tgt_in, exercise.encode(self.src, self.p), self.src, self.p)
        self.assertEqual(np.shape(logits), (5, len(exercise.TGT_VOCAB)))
        np.testing.assert_allclose(logits, ref_logits(self.src, self.tgt_in, self.p), rtol=1e-7, atol=1e-9,
                                   err_msg="encoder/decoder differ from the equations of the overview")

    def test_decoder_is_causal(self):
        memory = exercise.encode(self.src, self.p)
        a = exercise.decode(self.tgt_in, memory, self.src, self.p)
        changed = self.tgt_in[:3] + [7, 7]
        b = exercise.decode(changed, memory, self.src, self.p)
        np.testing.assert_allclose(b[:3], a[:3], rtol=1e-12, err_msg="positions 0..2 must not see tokens 3, 4")

    def test_padding_changes_nothing(self):
        padded = self.src + [0, 0, 0]
        a = exercise.decode(self.tgt_in, exercise.encode(self.src, self.p), self.src, self.p)
        b = exercise.decode(self.tgt_in, exercise.encode(padded, self.p), padded, self.p)
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12,
                                   err_msg="PAD keys must be masked in the encoder AND in the cross-attention")

    def test_greedy_stops_at_eos(self):
        out = exercise.greedy_translate("the cat eats the small fish".split(), self.p)
        self.assertEqual(out, ["mimi", "nupo", "pik", "manjas"])

    def test_translates_the_held_out_sentences(self):
        with open(TEST) as f:
            pairs = [line.rstrip("\n").split("\t") for line in f][1:]
        right = sum(" ".join(exercise.greedy_translate(e.split(), self.p)) == z for e, z in pairs)
        log_metric("test_exact_match", right / len(pairs))
        self.assertGreaterEqual(right / len(pairs), 0.95, f"{right} of {len(pairs)} test sentences translated exactly")


if __name__ == "__main__":
    unittest.main()
