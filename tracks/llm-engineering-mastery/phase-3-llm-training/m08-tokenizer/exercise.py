"""Byte-level byte pair encoding (BPE), in the spirit of Sennrich et al. (2016) and minbpe.

A text is a sequence of UTF-8 bytes, ids 0..255. Training repeats one step: count every pair
of neighbouring ids, take the most frequent pair, and give it the next free id (256, 257, ...).
Encoding replays the learned merges; decoding joins the bytes each id stands for.

Files written by save(): <folder>/merges.txt, one merge per line in the order learned,
"<left id> <right id> <new id>"; and <folder>/vocab.json, {"<id>": "<the token as text>"} for
every id, the token's bytes decoded as UTF-8 with errors="replace".
"""
import json
import os


def get_stats(ids):
    """Counts of each pair of neighbours: {(a, b): count}, in order of first occurrence."""
    # TODO: walk over the pairs (ids[i], ids[i+1]) and count each one in a dict.
    raise NotImplementedError("get_stats")


def merge(ids, pair, new_id):
    """Replaces every occurrence of pair (left to right, no overlaps) by new_id."""
    # TODO: build a new list, scanning left to right; where ids[i], ids[i+1] == pair, append new_id
    # and skip two places, otherwise append ids[i] and move one place.
    raise NotImplementedError("merge")


def train(text, vocab_size):
    """Learns vocab_size - 256 merges on text. Returns (merges, vocab):
    merges {(a, b): new_id} in the order learned, vocab {id: bytes} for every id."""
    assert vocab_size >= 256
    ids = list(text.encode("utf-8"))
    merges = {}
    vocab = {i: bytes([i]) for i in range(256)}
    # TODO: for each new_id from 256 to vocab_size - 1: count the pairs, take the most frequent,
    # merge it everywhere in ids, record merges[pair] = new_id and vocab[new_id] = the two parts' bytes.
    raise NotImplementedError("train")


def encode(text, merges):
    """Text -> list of ids: bytes, then the earliest-learned merge present, again and again."""
    ids = list(text.encode("utf-8"))
    # TODO: while two or more ids are left: among the pairs present, find the one with the smallest
    # merge id; if none of them has been merged, stop; otherwise merge it.
    raise NotImplementedError("encode")


def decode(ids, vocab):
    """List of ids -> text: join the bytes of each id, decode as UTF-8."""
    # TODO: join vocab[i] for every id into one bytes object, decode it with errors="replace".
    raise NotImplementedError("decode")


def save(merges, vocab, folder):
    """Writes folder/merges.txt and folder/vocab.json (formats in the module docstring)."""
    os.makedirs(folder, exist_ok=True)
    # TODO: write merges.txt ("<left> <right> <new id>" per line, in the order learned) and
    # vocab.json ({"<id>": token bytes decoded with errors="replace"} for every id).
    raise NotImplementedError("save")


def load(folder):
    """Reads folder/merges.txt back into (merges, vocab)."""
    # TODO: rebuild merges and vocab from merges.txt (vocab starts from the 256 single bytes).
    raise NotImplementedError("load")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = open(os.path.join(here, "data", "corpus.txt"), encoding="utf-8").read()
    heldout = open(os.path.join(here, "data", "heldout.txt"), encoding="utf-8").read()
    merges, vocab = train(corpus, 512)
    save(merges, vocab, os.path.join(here, "tokenizer"))
    ids = encode(heldout, merges)
    assert decode(ids, vocab) == heldout
    print(f"{len(merges)} merges learned; first ten:")
    for (a, b), new_id in list(merges.items())[:10]:
        print(f"  {new_id}: {vocab[a]!r} + {vocab[b]!r} -> {vocab[new_id]!r}")
    print(f"held-out text: {len(heldout.encode('utf-8'))} bytes -> {len(ids)} tokens "
          f"(compression {len(heldout.encode('utf-8')) / len(ids):.2f}x)")
    print("wrote tokenizer/merges.txt and tokenizer/vocab.json")
