"""Tests of the tokenizer's files: save() writes merges.txt and vocab.json in the documented
formats, and load() reads them back into a tokenizer that encodes exactly like the original."""
import json
import os
import unittest

from exercise import encode, load, save, train

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
FOLDER = "tokenizer"  # in the node folder: the check expects tokenizer/merges.txt and tokenizer/vocab.json


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


class VocabFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.merges, cls.vocab = train(read("corpus.txt"), 300)
        save(cls.merges, cls.vocab, FOLDER)

    def test_merges_file_lists_every_merge_in_order(self):
        with open(os.path.join(FOLDER, "merges.txt"), encoding="utf-8") as f:
            lines = [line.split() for line in f if line.strip()]
        self.assertEqual(len(lines), 44, "one line per merge: 300 - 256 = 44")
        for line in lines:
            self.assertEqual(len(line), 3, f"each line is '<left id> <right id> <new id>', got {' '.join(line)!r}")
        written = [tuple(int(x) for x in line) for line in lines]
        expected = [(a, b, new_id) for (a, b), new_id in sorted(self.merges.items(), key=lambda item: item[1])]
        self.assertEqual(written, expected, "merges.txt must list the merges in the order they were learned")

    def test_vocab_file_shows_every_token(self):
        with open(os.path.join(FOLDER, "vocab.json"), encoding="utf-8") as f:
            vocab = json.load(f)
        self.assertEqual(sorted(vocab, key=int), [str(i) for i in range(300)],
                         "vocab.json has one entry per id, keyed by the id as a string")
        for i in range(300):
            self.assertEqual(vocab[str(i)], self.vocab[i].decode("utf-8", errors="replace"),
                             f"vocab.json[{i!r}] is the token's bytes decoded with errors='replace'")

    def test_load_gives_back_the_same_tokenizer(self):
        merges, vocab = load(FOLDER)
        self.assertEqual({tuple(p): i for p, i in merges.items()}, {tuple(p): i for p, i in self.merges.items()})
        self.assertEqual({i: bytes(vocab[i]) for i in vocab}, {i: bytes(self.vocab[i]) for i in self.vocab})
        heldout = read("heldout.txt")
        self.assertEqual(list(encode(heldout, merges)), list(encode(heldout, self.merges)),
                         "the loaded merges encode the held-out text exactly as the trained ones")


if __name__ == "__main__":
    unittest.main()
