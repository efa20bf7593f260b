"""Tests of Section 6 (Transformers End-to-End): the tokenizer, the config, the safetensors
format (against a reader and a writer written here from the format's description), the train
and eval modes, and the save_pretrained / from_pretrained round trip.

Interface (the overview states it):
    build_vocab(texts, max_size) -> {token: id};  WordTokenizer(vocab): encode, __call__, decode,
        save_pretrained(folder), WordTokenizer.from_pretrained(folder)
    Config(**fields): validate, to_dict, from_dict, save_pretrained, Config.from_pretrained
    save_safetensors(tensors, path, metadata=None);  load_safetensors(path) -> (tensors, metadata)
    dropout(x, p, training, rng);  TinyClassifier(config, seed): train(), eval(), forward(ids, mask, rng),
        state_dict(), load_state_dict(state)
    save_pretrained(model, tokenizer, folder);  from_pretrained(folder) -> (model, tokenizer)
"""
import json
import os
import shutil
import struct
import tempfile
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

TEXTS = ["The film was wonderful.", "A dull, slow film.", "Wonderful acting, great story!"]
CODES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64",
         np.dtype(np.int32): "I32", np.dtype(np.uint8): "U8", np.dtype(np.float16): "F16"}


def read_header(path):
    """The format read by hand: 8 bytes of length, then JSON, then the data."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    text = raw[8:8 + n].decode("utf-8")
    return n, text, json.loads(text), raw[8 + n:]


def write_by_hand(tensors, path):
    """A writer from the format's description, with the entries in reverse order and no padding."""
    header, chunks, offset = {"__metadata__": {"source": "test"}}, [], 0
    for name, a in reversed(list(tensors.items())):
        data = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": CODES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def sample_tensors():
    rng = np.random.default_rng(0)
    return {"w": rng.normal(size=(3, 4)).astype(np.float32), "ids": np.arange(5, dtype=np.int64),
            "half": rng.normal(size=(2, 2, 2)).astype(np.float16), "scalar": np.array(2.5),
            "empty": np.zeros((0, 3), dtype=np.float32), "bytes": np.array([0, 255, 7], dtype=np.uint8)}


class TokenizerTest(unittest.TestCase):
    def setUp(self):
        self.tok = exercise.WordTokenizer(exercise.build_vocab(TEXTS, max_size=16))

    def test_build_vocab(self):
        vocab = exercise.build_vocab(TEXTS, max_size=16)
        self.assertEqual(len(vocab), 16)
        self.assertEqual([vocab[t] for t in exercise.SPECIAL_TOKENS], [0, 1, 2, 3], "special tokens get ids 0-3")
        self.assertEqual((vocab[","], vocab["."], vocab["film"], vocab["wonderful"]), (4, 5, 6, 7),
                         "then by frequency (',', '.', 'film', 'wonderful' appear twice), ties alphabetical")
        self.assertNotIn("was", vocab, "'was' (once, alphabetically last) does not make the cut at 16")

    def test_encode_and_decode(self):
        ids = self.tok.encode("The film was wonderful.")
        self.assertEqual(ids, [2, 15, 6, 1, 7, 5, 3], "[BOS] the film [UNK] wonderful . [EOS]")
        self.assertEqual(self.tok.encode("The film", add_special_tokens=False), [15, 6])
        self.assertEqual(self.tok.decode(ids), "the film wonderful .", "specials ([UNK] too) are skipped")
        self.assertEqual(self.tok.decode(ids, skip_special_tokens=False), "[BOS] the film [UNK] wonderful . [EOS]")

    def test_padding_truncation_and_attention_mask(self):
        batch = self.tok(["A dull film.", "Wonderful acting, great story!"], padding="longest")
        self.assertEqual(batch["input_ids"], [[2, 9, 11, 6, 5, 3, 0, 0], [2, 7, 10, 4, 12, 14, 8, 3]])
        self.assertEqual(batch["attention_mask"], [[1, 1, 1, 1, 1, 1, 0, 0], [1] * 8])
        cut = self.tok(["Wonderful acting, great story!"], truncation=True, max_length=5)
        self.assertEqual(cut["input_ids"], [[2, 7, 10, 4, 3]], "truncation keeps [BOS] and [EOS] within max_length")
        padded = self.tok(["A film."], padding="max_length", truncation=True, max_length=6)
        self.assertEqual(padded, {"input_ids": [[2, 9, 6, 5, 3, 0]], "attention_mask": [[1, 1, 1, 1, 1, 0]]})
        plain = self.tok(["A film.", "The film was wonderful."])
        self.assertEqual([len(x) for x in plain["input_ids"]], [5, 7], "no padding by default")

    def test_save_and_load(self):
        with tempfile.TemporaryDirectory() as folder:
            self.tok.save_pretrained(folder)
            self.assertTrue(os.path.exists(os.path.join(folder, "tokenizer.json")))
            again = exercise.WordTokenizer.from_pretrained(folder)
        self.assertEqual(again.vocab, self.tok.vocab)
        self.assertEqual(again(TEXTS, padding="longest"), self.tok(TEXTS, padding="longest"))


class ConfigTest(unittest.TestCase):
    def test_defaults_round_trip_and_file(self):
        config = exercise.Config(vocab_size=100, d_model=8)
        d = config.to_dict()
        self.assertEqual(d, {"model_type": "tiny-classifier", "vocab_size": 100, "d_model": 8, "n_classes": 2,
                             "dropout": 0.1, "pad_token_id": 0})
        self.assertEqual(exercise.Config.from_dict(d).to_dict(), d)
        with tempfile.TemporaryDirectory() as folder:
            config.save_pretrained(folder)
            with open(os.path.join(folder, "config.json")) as f:
                self.assertEqual(json.load(f), d, "config.json holds to_dict() as JSON")
            self.assertEqual(exercise.Config.from_pretrained(folder).to_dict(), d)

    def test_validation(self):
        for bad in ({"vocab_size": 0}, {"vocab_size": 10, "d_model": 0}, {"vocab_size": 10, "dropout": 1.0},
                    {"vocab_size": 10, "n_classes": 0}, {"vocab_size": 10, "hidden": 4}, {}):
            with self.assertRaises(ValueError, msg=f"Config(**{bad}) should be refused"):
                exercise.Config(**bad)


class SafetensorsTest(unittest.TestCase):
    def test_round_trip_keeps_dtype_shape_values_and_metadata(self):
        tensors = sample_tensors()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "t.safetensors")
            exercise.save_safetensors(tensors, path, {"format": "np", "epoch": 3})
            loaded, metadata = exercise.load_safetensors(path)
        self.assertEqual(metadata, {"format": "np", "epoch": "3"}, "metadata values are strings")
        self.assertEqual(set(loaded), set(tensors))
        for name, a in tensors.items():
            self.assertEqual((loaded[name].dtype, loaded[name].shape), (a.dtype, a.shape), name)
            np.testing.assert_array_equal(loaded[name], a, err_msg=name)

    def test_the_file_follows_the_format(self):
        tensors = sample_tensors()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "t.safetensors")
            exercise.save_safetensors(tensors, path)
            n, text, header, data = read_header(path)
        self.assertTrue(text.startswith("{"), "the header is JSON starting with '{'")
        self.assertEqual(n % 8, 0, "the header is padded with spaces to a multiple of 8 bytes")
        self.assertEqual(set(header) - {"__metadata__"}, set(tensors))
        spans = sorted(tuple(h["data_offsets"]) for k, h in header.items() if k != "__metadata__")
        self.assertEqual(spans[0][0], 0, "offsets count from the first data byte")
        self.assertTrue(all(a[1] == b[0] for a, b in zip(spans, spans[1:])), "the tensors' bytes follow each other")
        self.assertEqual(spans[-1][1], len(data), "and end exactly at the end of the file")
        for name, a in tensors.items():
            h = header[name]
            self.assertEqual(h["dtype"], CODES[a.dtype], f"{name}: dtype code")
            self.assertEqual(h["shape"], list(a.shape), f"{name}: shape as a list")
            begin, end = h["data_offsets"]
            self.assertEqual(data[begin:end], a.astype(a.dtype.newbyteorder("<")).tobytes(),
                             f"{name}: raw little-endian bytes in C order")

    def test_reads_a_file_written_by_someone_else(self):
        tensors = {k: v for k, v in sample_tensors().items() if k != "scalar"}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "other.safetensors")
            write_by_hand(tensors, path)
            loaded, metadata = exercise.load_safetensors(path)
        self.assertEqual(metadata, {"source": "test"})
        for name, a in tensors.items():
            np.testing.assert_array_equal(loaded[name], a, err_msg=name)


class TrainEvalTest(unittest.TestCase):
    def setUp(self):
        self.tok = exercise.WordTokenizer(exercise.build_vocab(TEXTS, max_size=16))
        self.model = exercise.TinyClassifier(exercise.Config(vocab_size=16, d_model=8, n_classes=3, dropout=0.25), seed=1)
        self.batch = self.tok(TEXTS, padding="max_length", max_length=10)

    def logits(self, rng=None):
        return self.model.forward(self.batch["input_ids"], self.batch["attention_mask"], rng=rng)

    def test_dropout(self):
        x = np.ones((200, 50))
        out = exercise.dropout(x, 0.25, True, np.random.default_rng(0))
        kept = out != 0
        self.assertTrue(0.7 < kept.mean() < 0.8, "about 75% of the entries are kept")
        np.testing.assert_allclose(out[kept], 1 / 0.75, err_msg="kept entries are scaled by 1 / (1 - p)")
        np.testing.assert_array_equal(exercise.dropout(x, 0.25, False, None), x, err_msg="no dropout at inference")

    def test_pooling_ignores_padding(self):
        W = self.model.weights
        ids, mask = np.array(self.batch["input_ids"]), np.array(self.batch["attention_mask"])
        pooled = np.array([W["embeddings.weight"][i[m == 1]].mean(axis=0) for i, m in zip(ids, mask)])
        expected = pooled @ W["classifier.weight"] + W["classifier.bias"]
        np.testing.assert_allclose(self.model.eval().forward(ids, mask), expected, rtol=1e-5, atol=1e-6,
                                   err_msg="logits = mean of the real tokens' embeddings @ W + b")
        other = ids.copy()
        other[mask == 0] = 9
        np.testing.assert_allclose(self.model.forward(other, mask), expected, rtol=1e-5, atol=1e-6,
                                   err_msg="what sits under attention_mask 0 must not change the logits")

    def test_eval_is_deterministic_and_train_is_not(self):
        self.model.eval()
        np.testing.assert_array_equal(self.logits(), self.logits(), err_msg="eval mode: the same logits every time")
        reference = self.logits()
        self.model.train()
        rng = np.random.default_rng(0)
        a, b = self.logits(rng), self.logits(rng)
        self.assertGreater(np.abs(a - b).max(), 1e-6, "train mode: dropout makes two passes differ")
        mean = np.mean([self.logits(rng) for _ in range(3000)], axis=0)
        error = float(np.abs(mean - reference).max() / np.abs(reference).max())
        log_metric("dropout_mean_rel_error", error)
        self.assertLess(error, 0.05, "inverted dropout keeps the expected output equal to the eval output")

    def test_load_state_dict_is_strict(self):
        state = self.model.state_dict()
        with self.assertRaises(KeyError):
            self.model.load_state_dict({k: v for k, v in state.items() if k != "classifier.bias"})
        with self.assertRaises(KeyError):
            self.model.load_state_dict({**state, "extra.weight": np.zeros(2)})
        with self.assertRaises(ValueError):
            self.model.load_state_dict({**state, "classifier.bias": np.zeros(7, dtype=np.float32)})
        state["classifier.bias"] = np.full(3, 0.5, dtype=np.float32)
        self.model.load_state_dict(state)
        np.testing.assert_array_equal(self.model.state_dict()["classifier.bias"], 0.5)


class RoundTripTest(unittest.TestCase):
    def test_save_pretrained_then_from_pretrained_in_another_folder(self):
        tok = exercise.WordTokenizer(exercise.build_vocab(TEXTS, max_size=16))
        model = exercise.TinyClassifier(exercise.Config(vocab_size=16, d_model=8, n_classes=2), seed=3)
        batch = tok(TEXTS, padding="longest")
        before = model.eval().forward(batch["input_ids"], batch["attention_mask"])
        with tempfile.TemporaryDirectory() as tmp:
            exercise.save_pretrained(model, tok, os.path.join(tmp, "saved"))
            files = sorted(os.listdir(os.path.join(tmp, "saved")))
            self.assertEqual(files, ["config.json", "model.safetensors", "tokenizer.json"])
            _, _, header, _ = read_header(os.path.join(tmp, "saved", "model.safetensors"))
            self.assertEqual(header.get("__metadata__"), {"format": "np"})
            shutil.move(os.path.join(tmp, "saved"), os.path.join(tmp, "moved"))   # as if downloaded elsewhere
            model2, tok2 = exercise.from_pretrained(os.path.join(tmp, "moved"))
        self.assertFalse(model2.training, "from_pretrained returns the model in eval mode")
        self.assertEqual(model2.config.to_dict(), model.config.to_dict())
        batch2 = tok2(TEXTS, padding="longest")
        self.assertEqual(batch2, batch)
        after = model2.forward(batch2["input_ids"], batch2["attention_mask"])
        diff = float(np.abs(after - before).max())
        log_metric("files_saved", len(files))
        log_metric("roundtrip_max_abs_diff", diff)
        self.assertEqual(diff, 0.0, "the reloaded model must give exactly the same logits")


if __name__ == "__main__":
    unittest.main()
