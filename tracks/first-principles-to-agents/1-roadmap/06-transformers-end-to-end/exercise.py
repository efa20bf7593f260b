"""Section 6 (Transformers End-to-End): what AutoTokenizer, AutoConfig, from_pretrained and
save_pretrained do, written out in plain Python and numpy.

A word-level tokenizer with special tokens, padding, truncation and an attention mask; a model
config that validates itself; the safetensors file format; a tiny classifier with a train and
an eval mode; and a save/load round trip of the three into one folder.

    python3 exercise.py                        # builds, saves, reloads and compares
    trail check transformers-end-to-end        # runs the tests

Only numpy is needed (pip install numpy). Fill in every TODO.
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
    # TODO: count the words of all texts (split_words); sort by (-count, word); keep max_size - 4
    # TODO: number SPECIAL_TOKENS + those words from 0
    raise NotImplementedError("build_vocab")


class WordTokenizer:
    """A word-level tokenizer with the interface of a Hugging Face tokenizer."""

    def __init__(self, vocab):
        self.vocab = dict(vocab)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.pad_token_id, self.unk_token_id, self.bos_token_id, self.eos_token_id = (
            self.vocab[t] for t in SPECIAL_TOKENS)

    def encode(self, text, add_special_tokens=True):
        """Ids of the words ([UNK] for unknown ones), between [BOS] and [EOS] when add_special_tokens."""
        raise NotImplementedError("encode")  # TODO: split_words -> ids (unk_token_id if unknown), add BOS/EOS

    def __call__(self, texts, padding=False, truncation=False, max_length=None):
        """Batch encoding: {"input_ids": [[...]], "attention_mask": [[...]]}.

        truncation: cut the words so that each sequence, [BOS] and [EOS] included, has at most
        max_length ids. padding: False (none), "longest" (to the longest sequence of the batch) or
        "max_length" (to max_length); pad on the right with [PAD]. attention_mask is 1 for every
        real id (special tokens included) and 0 for padding.
        """
        # TODO: encode each text without specials; with truncation keep max_length - 2 word ids; add BOS/EOS
        # TODO: the length to pad to: none, the longest sequence, or max_length
        # TODO: pad on the right with pad_token_id; the mask has 1 per real id and 0 per pad
        raise NotImplementedError("__call__")

    def decode(self, ids, skip_special_tokens=True):
        """Tokens joined by single spaces; special tokens left out when skip_special_tokens."""
        raise NotImplementedError("decode")  # TODO: ids -> tokens (self.id_to_token), drop specials if asked, join

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
        # TODO: one check per rule of the docstring, each raising ValueError with a message that says what is wrong
        raise NotImplementedError("Config.validate")

    def to_dict(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    @classmethod
    def from_dict(cls, values):
        return cls(**values)

    def save_pretrained(self, folder):
        raise NotImplementedError("Config.save_pretrained")  # TODO: to_dict() as JSON in folder/config.json

    @classmethod
    def from_pretrained(cls, folder):
        raise NotImplementedError("Config.from_pretrained")  # TODO: read folder/config.json, from_dict


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
    codes = {np.dtype(t): code for code, t in DTYPES.items()}   # np.dtype("float32") -> "F32"
    # TODO: for each array (np.asarray): its little-endian bytes in C order, its header entry, the running offset
    # TODO: "__metadata__" with str keys and values, when metadata is given
    # TODO: the header as UTF-8 JSON, padded with b" " to a multiple of 8 bytes
    # TODO: write struct.pack("<Q", header length), the header, then every array's bytes in order
    raise NotImplementedError("save_safetensors")


def load_safetensors(path):
    """Read a safetensors file: returns ({name: array}, metadata dict, {} if none)."""
    # TODO: the first 8 bytes are N (struct.unpack("<Q", ...)); the next N bytes the JSON header; the rest the data
    # TODO: pop "__metadata__" (default {}); for each entry, np.frombuffer(data[begin:end], little-endian dtype),
    #       reshape to its shape, and copy it into a writable array of the machine's byte order
    raise NotImplementedError("load_safetensors")


# ---------------------------------------------------------------- model

def dropout(x, p, training, rng):
    """Inverted dropout: in training, zero each entry with probability p and scale the rest by 1 / (1 - p);
    in inference (training=False) or with p = 0, return x unchanged."""
    raise NotImplementedError("dropout")  # TODO: the two cases of the docstring; rng.random(x.shape) >= p keeps an entry


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
        emb = self.weights["embeddings.weight"][ids]          # (batch, length, d_model)
        # TODO: pooled = sum of emb * mask over the length axis / the number of real tokens per row
        # TODO: dropout(pooled, self.config.dropout, self.training, rng), then @ classifier.weight + classifier.bias
        raise NotImplementedError("forward")

    def state_dict(self):
        return {name: array.copy() for name, array in self.weights.items()}

    def load_state_dict(self, state):
        """Replace the weights. KeyError naming the missing or unexpected names; ValueError on a shape mismatch."""
        # TODO: KeyError if a name is missing or unexpected; ValueError if a shape differs (check all before changing anything)
        # TODO: then copy every array in, with the model's dtype
        raise NotImplementedError("load_state_dict")


def save_pretrained(model, tokenizer, folder):
    """One self-contained folder: config.json, model.safetensors (format metadata "np"), tokenizer.json."""
    raise NotImplementedError("save_pretrained")  # TODO: create the folder; the config, the weights, the tokenizer


def from_pretrained(folder):
    """(model, tokenizer) rebuilt from the folder: config first (it fixes the shapes), then the weights; the model is in eval mode."""
    # TODO: Config.from_pretrained, a TinyClassifier of that config, load_state_dict of the loaded tensors,
    #       eval mode, and the tokenizer
    raise NotImplementedError("from_pretrained")


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
