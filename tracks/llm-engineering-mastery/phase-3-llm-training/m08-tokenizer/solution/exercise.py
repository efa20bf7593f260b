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
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, new_id):
    """Replaces every occurrence of pair (left to right, no overlaps) by new_id."""
    out = []
    i = 0
    while i < len(ids):
        if i < len(ids) - 1 and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text, vocab_size):
    """Learns vocab_size - 256 merges on text. Returns (merges, vocab):
    merges {(a, b): new_id} in the order learned, vocab {id: bytes} for every id."""
    assert vocab_size >= 256
    ids = list(text.encode("utf-8"))
    merges = {}
    vocab = {i: bytes([i]) for i in range(256)}
    for new_id in range(256, vocab_size):
        stats = get_stats(ids)
        if not stats:
            break
        pair = max(stats, key=stats.get)  # ties: the pair seen first
        ids = merge(ids, pair, new_id)
        merges[pair] = new_id
        vocab[new_id] = vocab[pair[0]] + vocab[pair[1]]
    return merges, vocab


def encode(text, merges):
    """Text -> list of ids: bytes, then the earliest-learned merge present, again and again."""
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        stats = get_stats(ids)
        pair = min(stats, key=lambda p: merges.get(p, float("inf")))
        if pair not in merges:
            break
        ids = merge(ids, pair, merges[pair])
    return ids


def decode(ids, vocab):
    """List of ids -> text: join the bytes of each id, decode as UTF-8."""
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")


def save(merges, vocab, folder):
    """Writes folder/merges.txt and folder/vocab.json (formats in the module docstring)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        for (a, b), new_id in merges.items():
            f.write(f"{a} {b} {new_id}\n")
    readable = {str(i): vocab[i].decode("utf-8", errors="replace") for i in sorted(vocab)}
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(readable, f, ensure_ascii=False, indent=1)


def load(folder):
    """Reads folder/merges.txt back into (merges, vocab)."""
    merges = {}
    vocab = {i: bytes([i]) for i in range(256)}
    with open(os.path.join(folder, "merges.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a, b, new_id = map(int, line.split())
                merges[(a, b)] = new_id
                vocab[new_id] = vocab[a] + vocab[b]
    return merges, vocab


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
