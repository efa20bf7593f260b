"""Section 6 (Transformers End-to-End): what AutoTokenizer, AutoConfig, from_pretrained and
save_pretrained do, written out in plain Python and numpy.

A word-level tokenizer with special tokens, padding, truncation and an attention mask; a model
config that validates itself; the safetensors file format; a tiny classifier with a train and
an eval mode; and a save/load round trip of the three into one folder.

    python3 exercise.py                        # builds, saves, reloads and compares
    trail check transformers-end-to-end        # runs the tests

Only numpy is needed (pip install numpy).
"""
import json
import os
import re
import struct
from collections import Counter

import numpy as np

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]


# ---------------------------------------------------------------- tokenizer

def split_words(text):
    """Lower-case words and single punctuation marks: "Hi, there!" -> ["hi", ",", "there", "!"]."""
    return re.findall(r"\w+|[^\w\s]", text.lower())


def build_vocab(texts, max_size):
    """{token: id}: the four SPECIAL_TOKENS get ids 0-3, then the most frequent words of the texts
    (ties: alphabetical) until the vocabulary has max_size entries."""
    counts = Counter(w for t in texts for w in split_words(t))
    words = sorted(counts, key=lambda w: (-counts[w], w))[:max_size - len(SPECIAL_TOKENS)]
    return {token: i for i, token in enumerate(SPECIAL_TOKENS + words)}


class WordTokenizer:
    """A word-level tokenizer with the interface of a Hugging Face tokenizer."""

    def __init__(self, vocab):
        self.vocab = dict(vocab)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.pad_token_id, self.unk_token_id, self.bos_token_id, self.eos_token_id = (
            self.vocab[t] for t in SPECIAL_TOKENS)

    def encode(self, text, add_special_tokens=True):
        """Ids of the words ([UNK] for unknown ones), between [BOS] and [EOS] when add_special_tokens."""
        ids = [self.vocab.get(w, self.unk_token_id) for w in split_words(text)]
        return [self.bos_token_id] + ids + [self.eos_token_id] if add_special_tokens else ids

    def __call__(self, texts, padding=False, truncation=False, max_length=None):
        """Batch encoding: {"input_ids": [[...]], "attention_mask": [[...]]}.

        truncation: cut the words so that each sequence, [BOS] and [EOS] included, has at most
        max_length ids. padding: False (none), "longest" (to the longest sequence of the batch) or
        "max_length" (to max_length); pad on the right with [PAD]. attention_mask is 1 for every
        real id (special tokens included) and 0 for padding.
        """
        batch = []
        for text in texts:
            ids = self.encode(text, add_special_tokens=False)
            if truncation:
                ids = ids[:max_length - 2]
            batch.append([self.bos_token_id] + ids + [self.eos_token_id])
        target = {False: None, "longest": max(len(ids) for ids in batch), "max_length": max_length}[padding]
        input_ids, attention_mask = [], []
        for ids in batch:
            n_pad = 0 if target is None else target - len(ids)
            input_ids.append(ids + [self.pad_token_id] * n_pad)
            attention_mask.append([1] * len(ids) + [0] * n_pad)
        return {"input_ids": input_ids, "attention_mask": attention_mask}

    def decode(self, ids, skip_special_tokens=True):
        """Tokens joined by single spaces; special tokens left out when skip_special_tokens."""
        specials = set(SPECIAL_TOKENS) if skip_special_tokens else set()
        return " ".join(t for t in (self.id_to_token[i] for i in ids) if t not in specials)

    def save_pretrained(self, folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as out:
            json.dump({"type": "word-level", "vocab": self.vocab, "special_tokens": SPECIAL_TOKENS}, out, indent=1)

    @classmethod
    def from_pretrained(cls, folder):
        with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
            return cls(json.load(f)["vocab"])


# ---------------------------------------------------------------- config

class Config:
    """The hyper-parameters that fix the model's shapes, kept in config.json."""

    FIELDS = {"model_type": "tiny-classifier", "vocab_size": None, "d_model": 16, "n_classes": 2,
              "dropout": 0.1, "pad_token_id": 0}

    def __init__(self, **values):
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise ValueError(f"unknown config field(s): {sorted(unknown)}")
        for name, default in self.FIELDS.items():
            setattr(self, name, values.get(name, default))
        self.validate()

    def validate(self):
        """ValueError unless vocab_size is an int > pad_token_id, d_model and n_classes ints >= 1, 0 <= dropout < 1."""
        if not isinstance(self.vocab_size, int) or self.vocab_size <= self.pad_token_id:
            raise ValueError(f"vocab_size must be an int above pad_token_id, got {self.vocab_size}")
        if not isinstance(self.d_model, int) or self.d_model < 1:
            raise ValueError(f"d_model must be a positive int, got {self.d_model}")
        if not isinstance(self.n_classes, int) or self.n_classes < 1:
            raise ValueError(f"n_classes must be a positive int, got {self.n_classes}")
        if not 0 <= self.dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")

    def to_dict(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    @classmethod
    def from_dict(cls, values):
        return cls(**values)

    def save_pretrained(self, folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as out:
            json.dump(self.to_dict(), out, indent=1)

    @classmethod
    def from_pretrained(cls, folder):
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            return cls.from_dict(json.load(f))


# ---------------------------------------------------------------- safetensors

DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
          "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def save_safetensors(tensors, path, metadata=None):
    """Write {name: array} in the safetensors format.

    8 bytes: N, the header's length, unsigned little-endian; N bytes: the header, UTF-8 JSON
    {name: {"dtype", "shape", "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}},
    padded with spaces so that N is a multiple of 8; then every array's bytes (little-endian,
    C order), one after the other, in the order of the dict. Offsets count from the first data byte.
    """
    names = {np.dtype(t): code for code, t in DTYPES.items()}
    header, chunks, offset = {}, [], 0
    for name, array in tensors.items():
        array = np.asarray(array)
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes(order="C")
        header[name] = {"dtype": names[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for data in chunks:
            out.write(data)


def load_safetensors(path):
    """Read a safetensors file: returns ({name: array}, metadata dict, {} if none)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"]).astype(dtype.newbyteorder("="))
    return tensors, metadata


# ---------------------------------------------------------------- model

def dropout(x, p, training, rng):
    """Inverted dropout: in training, zero each entry with probability p and scale the rest by 1 / (1 - p);
    in inference (training=False) or with p = 0, return x unchanged."""
    if not training or p == 0:
        return x
    keep = rng.random(x.shape) >= p
    return np.where(keep, x / (1 - p), 0.0)


class TinyClassifier:
    """Embedding -> mean over the real tokens -> dropout -> linear: logits (batch, n_classes)."""

    def __init__(self, config, seed=0):
        self.config = config
        rng = np.random.default_rng(seed)
        self.weights = {
            "embeddings.weight": rng.normal(0, 1, (config.vocab_size, config.d_model)).astype(np.float32),
            "classifier.weight": rng.normal(0, 1 / np.sqrt(config.d_model),
                                            (config.d_model, config.n_classes)).astype(np.float32),
            "classifier.bias": np.zeros(config.n_classes, dtype=np.float32),
        }
        self.training = False

    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    def forward(self, input_ids, attention_mask, rng=None):
        """Mean of the embeddings of the positions where attention_mask is 1, dropout in training mode, then linear."""
        ids, mask = np.asarray(input_ids), np.asarray(attention_mask, dtype=np.float32)
        emb = self.weights["embeddings.weight"][ids]
        pooled = (emb * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        pooled = dropout(pooled, self.config.dropout, self.training, rng)
        return pooled @ self.weights["classifier.weight"] + self.weights["classifier.bias"]

    def state_dict(self):
        return {name: array.copy() for name, array in self.weights.items()}

    def load_state_dict(self, state):
        """Replace the weights. KeyError naming the missing or unexpected names; ValueError on a shape mismatch."""
        missing, unexpected = set(self.weights) - set(state), set(state) - set(self.weights)
        if missing or unexpected:
            raise KeyError(f"missing: {sorted(missing)}, unexpected: {sorted(unexpected)}")
        for name, array in state.items():
            if array.shape != self.weights[name].shape:
                raise ValueError(f"{name}: shape {array.shape} in the checkpoint, {self.weights[name].shape} in the model")
        self.weights = {name: np.array(state[name], dtype=self.weights[name].dtype) for name in self.weights}


def save_pretrained(model, tokenizer, folder):
    """One self-contained folder: config.json, model.safetensors (format metadata "np"), tokenizer.json."""
    os.makedirs(folder, exist_ok=True)
    model.config.save_pretrained(folder)
    save_safetensors(model.state_dict(), os.path.join(folder, "model.safetensors"), {"format": "np"})
    tokenizer.save_pretrained(folder)


def from_pretrained(folder):
    """(model, tokenizer) rebuilt from the folder: config first (it fixes the shapes), then the weights; the model is in eval mode."""
    config = Config.from_pretrained(folder)
    model = TinyClassifier(config)
    tensors, _ = load_safetensors(os.path.join(folder, "model.safetensors"))
    model.load_state_dict(tensors)
    return model.eval(), WordTokenizer.from_pretrained(folder)


if __name__ == "__main__":
    import tempfile
    texts = ["The film was wonderful.", "A dull, slow film.", "Wonderful acting, great story!"]
    tokenizer = WordTokenizer(build_vocab(texts, max_size=16))
    batch = tokenizer(texts, padding="longest", truncation=True, max_length=8)
    print("vocab:", tokenizer.vocab)
    for ids, mask in zip(batch["input_ids"], batch["attention_mask"]):
        print(ids, mask, "->", tokenizer.decode(ids))
    model = TinyClassifier(Config(vocab_size=len(tokenizer.vocab), d_model=8, n_classes=2), seed=0)
    logits = model.eval().forward(batch["input_ids"], batch["attention_mask"])
    with tempfile.TemporaryDirectory() as folder:
        save_pretrained(model, tokenizer, folder)
        print("saved:", sorted(os.listdir(folder)))
        again, _ = from_pretrained(folder)
        print("max difference after reloading:", np.abs(again.forward(batch["input_ids"], batch["attention_mask"]) - logits).max())
