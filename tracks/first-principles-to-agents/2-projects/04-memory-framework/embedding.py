"""A small, deterministic text embedding for the memory project: hashed bag of words.

Each word (lower-case letters and digits, common stop words left out) adds 1 to one of DIM
dimensions, chosen by a CRC-32 hash of the word; the vector is then scaled to length 1. Texts
that share words get a positive cosine similarity; texts that share none get 0 (unless two words
collide in the same dimension, which is rare with 512 dimensions). It knows nothing of meaning:
"home" and "house" are unrelated. The full check uses your model's embeddings instead.
"""
import re
import zlib

import numpy as np

DIM = 512
STOP_WORDS = set("""a an the and or but if of to in on at for with from by about as into is are was were be been
being do does did have has had i me my we our you your he him his she her it its they them their this that
these those what which who whom when where why how there here not no so than too very can will just also
user user's""".split())


def words(text):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS]


def embed(texts):
    """An array of shape (len(texts), DIM), each row of length 1 (or all zeros for a text with no word)."""
    out = np.zeros((len(texts), DIM))
    for i, text in enumerate(texts):
        for w in words(text):
            out[i, zlib.crc32(w.encode()) % DIM] += 1.0
        norm = np.linalg.norm(out[i])
        if norm > 0:
            out[i] /= norm
    return out
