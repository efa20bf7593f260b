"""Makes data/train.tsv and data/test.tsv: sentence pairs English -> Zeta, a made-up language.

    python3 data/make_pairs.py     # writes both files again, byte for byte the same

English:  the [ADJ] NOUN VERB the [ADJ] NOUN          e.g. "the big dog sees the red ball"
Zeta:     NOUN [ADJ] NOUN [ADJ] VERB                  e.g. "kalo gra rondo ruza vidas"

Zeta drops "the", puts each adjective AFTER its noun and the verb at the END (subject, object,
verb), and translates every word with the dictionary below. Every sentence of the grammar
(8 nouns x 7 adjective choices, twice, x 6 verbs = 18,816) is listed, shuffled with
random.Random(3); the first 4,000 are training pairs, the next 500 test pairs. Only the test
pairs are written to a file (data/test.tsv); the training program of the full exercise calls
split() for both. The vocabularies are written to data/src_vocab.txt and data/tgt_vocab.txt,
one token per line, the line number (from 0) being the token's id.
"""
import os
import random

NOUNS = {"dog": "kalo", "cat": "mimi", "bird": "tweki", "fish": "nupo",
         "ball": "rondo", "book": "liba", "tree": "arbo", "house": "domo"}
ADJECTIVES = {"big": "gra", "small": "pik", "red": "ruza", "blue": "bluo", "old": "vek", "happy": "feli"}
VERBS = {"sees": "vidas", "likes": "amas", "chases": "kuras", "finds": "trovas", "eats": "manjas", "holds": "tenas"}


def phrase(adj, noun):
    english = ["the"] + ([adj] if adj else []) + [noun]
    zeta = [NOUNS[noun]] + ([ADJECTIVES[adj]] if adj else [])
    return english, zeta


def all_pairs():
    adjs = [None] + list(ADJECTIVES)
    pairs = []
    for n1 in NOUNS:
        for a1 in adjs:
            for verb in VERBS:
                for n2 in NOUNS:
                    for a2 in adjs:
                        e1, z1 = phrase(a1, n1)
                        e2, z2 = phrase(a2, n2)
                        pairs.append((" ".join(e1 + [verb] + e2), " ".join(z1 + z2 + [VERBS[verb]])))
    return pairs


SRC_VOCAB = ["<pad>", "the"] + list(NOUNS) + list(ADJECTIVES) + list(VERBS)
TGT_VOCAB = ["<pad>", "<bos>", "<eos>"] + list(NOUNS.values()) + list(ADJECTIVES.values()) + list(VERBS.values())


def split():
    """(train_pairs, test_pairs): 4,000 and 500 (english, zeta) pairs of strings."""
    pairs = all_pairs()
    random.Random(3).shuffle(pairs)
    return pairs[:4000], pairs[4000:4500]


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    _, test = split()
    with open(os.path.join(here, "test.tsv"), "w") as f:
        f.write("english\tzeta\n")
        f.writelines(f"{e}\t{z}\n" for e, z in test)
    for name, vocab in (("src_vocab.txt", SRC_VOCAB), ("tgt_vocab.txt", TGT_VOCAB)):
        with open(os.path.join(here, name), "w") as f:
            f.write("\n".join(vocab) + "\n")
    print(f"wrote {len(test)} test pairs and the two vocabularies")
