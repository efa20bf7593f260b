"""Tests of the byte-level BPE tokenizer in exercise.py: pair counts, merging, training on the
shipped corpus (every merge is a most frequent pair), encoding by replaying the merges, and
exact round trips on text the tokenizer never saw."""
import os
import unittest

from trail_metrics import log_metric

from exercise import decode, encode, get_stats, merge, train

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


def own_stats(ids):
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def own_merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == tuple(pair):
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def replay(text, merges):
    """The canonical encoding: apply every merge, in the order learned, to the whole text."""
    ids = list(text.encode("utf-8"))
    for pair, new_id in sorted(merges.items(), key=lambda item: item[1]):
        ids = own_merge(ids, pair, new_id)
    return ids


UNSEEN = [
    "naïve café, crème brûlée and a façade",
    "日本語のテキストもバイトに分けられる",
    "emoji take four bytes: 🙂🚀",
    "The year 1984, the price 3.50 and the time 10:45.",
    "   leading and trailing spaces   ",
    "tabs\tand\nnew lines\r\n",
    "",
    "a",
    "zzzzqqqq xylophone",
]


class StatsAndMergeTest(unittest.TestCase):
    def test_get_stats_counts_neighbouring_pairs(self):
        self.assertEqual(dict(get_stats([1, 2, 3, 1, 2])), {(1, 2): 2, (2, 3): 1, (3, 1): 1},
                         "get_stats counts each pair of neighbours (ids[i], ids[i+1])")
        self.assertEqual(dict(get_stats([7])), {}, "a single id has no pairs")
        self.assertEqual(dict(get_stats([5, 5, 5])), {(5, 5): 2},
                         "[5, 5, 5] holds the pair (5, 5) twice (positions 0-1 and 1-2)")

    def test_merge_replaces_left_to_right_without_overlap(self):
        self.assertEqual(list(merge([1, 2, 3, 1, 2], (1, 2), 99)), [99, 3, 99])
        self.assertEqual(list(merge([5, 5, 5], (5, 5), 9)), [9, 5],
                         "merging (5, 5) in [5, 5, 5] gives [9, 5]: left to right, no overlaps")
        self.assertEqual(list(merge([1, 2, 1], (2, 2), 9)), [1, 2, 1], "a pair that is absent changes nothing")
        self.assertEqual(list(merge([2, 1], (1, 2), 9)), [2, 1], "order matters: (1, 2) is not (2, 1)")


class TrainTest(unittest.TestCase):
    def test_worked_example(self):
        merges, vocab = train("abababcab", 258)
        self.assertEqual(dict(merges), {(97, 98): 256, (256, 256): 257},
                         "first merge a+b (4 times) -> 256, then 256+256 (twice) -> 257")
        self.assertEqual(vocab[256], b"ab")
        self.assertEqual(vocab[257], b"abab")
        self.assertEqual(list(encode("abababcab", merges)), [257, 256, 99, 256])
        self.assertEqual(list(encode("cab", merges)), [99, 256])

    def test_merges_on_the_corpus_are_greedy_and_the_vocab_is_consistent(self):
        corpus = read("corpus.txt")
        merges, vocab = train(corpus, 300)
        items = sorted(merges.items(), key=lambda item: item[1])
        self.assertEqual([new_id for _, new_id in items], list(range(256, 300)),
                         "vocab_size 300 means 44 merges with new ids 256..299")
        self.assertEqual(len(vocab), 300, "the vocabulary holds the 256 bytes and one token per merge")
        for i in range(256):
            self.assertEqual(vocab[i], bytes([i]), "ids 0..255 are the single bytes")
        ids = list(corpus.encode("utf-8"))
        for pair, new_id in items:
            pair = tuple(pair)
            stats = own_stats(ids)
            best = max(stats.values())
            self.assertEqual(stats.get(pair), best,
                             f"merge {new_id} joins {pair}, seen {stats.get(pair)} times, but the most frequent "
                             f"pair was seen {best} times at that step")
            self.assertEqual(vocab[new_id], vocab[pair[0]] + vocab[pair[1]],
                             f"vocab[{new_id}] must be the bytes of its two parts joined")
            ids = own_merge(ids, pair, new_id)


class EncodeDecodeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.merges, cls.vocab = train(read("corpus.txt"), 512)
        cls.heldout = read("heldout.txt")

    def test_encode_replays_the_merges(self):
        for text in [self.heldout] + UNSEEN:
            self.assertEqual(list(encode(text, self.merges)), replay(text, self.merges),
                             f"encode({text[:30]!r}) differs from applying the merges in the order learned")

    def test_round_trip_on_unseen_text(self):
        texts = [self.heldout] + UNSEEN
        ok = 0
        for text in texts:
            back = decode(list(encode(text, self.merges)), self.vocab)
            ok += back == text
            self.assertEqual(back, text, f"decode(encode(t)) must give t back exactly; t = {text[:40]!r}")
        log_metric("roundtrip_unseen", ok / len(texts))

    def test_decode_of_a_broken_character_does_not_crash(self):
        self.assertEqual(decode([0xE6], self.vocab), "\ufffd",
                         "one byte of a 3-byte character decodes to U+FFFD (errors='replace')")

    def test_compression_on_held_out_text(self):
        n_bytes = len(self.heldout.encode("utf-8"))
        n_tokens = len(encode(self.heldout, self.merges))
        ratio = n_bytes / n_tokens
        log_metric("compression_ratio", ratio)
        self.assertGreater(ratio, 2.0, f"with 256 merges the held-out text should shrink more than 2x "
                                       f"({n_bytes} bytes -> {n_tokens} tokens)")


if __name__ == "__main__":
    unittest.main()
