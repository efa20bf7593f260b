"""A tiny Transformer translator in numpy: positional encodings, an encoder, a decoder with
cross-attention, and greedy decoding. It runs weights trained by the full exercise's PyTorch
program (data/translator.npz) to translate English into Zeta, a made-up language.

    python3 exercise.py          # translates a few sentences
    trail check tiny-translator

Python 3 and numpy only. The model: width D = 32, 4 heads, one encoder layer, one decoder layer.
"""
import numpy as np

D, HEADS = 32, 4
PAD, BOS, EOS = 0, 1, 2


# ---- given: the pieces of the Transformer Block node -----------------------------------------

def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def feed_forward(x, W1, b1, W2, b2):
    return np.maximum(x @ W1 + b1, 0.0) @ W2 + b2


def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool))


def load_params(path="data/translator.npz"):
    """The trained weights: a dict of float64 arrays (names in data/README.md)."""
    with np.load(path) as f:
        return {k: f[k].astype(np.float64) for k in f.files}


def load_vocab(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip()]


SRC_VOCAB = load_vocab("data/src_vocab.txt")
TGT_VOCAB = load_vocab("data/tgt_vocab.txt")


# ---- the exercise --------------------------------------------------------------------------

def positional_encoding(T, d):
    """Sinusoidal positions, (T, d): for position pos and i = 0 .. d/2 - 1,
        PE[pos, 2i] = sin(pos / 10000^(2i/d)),   PE[pos, 2i+1] = cos(pos / 10000^(2i/d))."""
    # TODO: positions as a column (T, 1), the d/2 frequencies 10000^(-2i/d) as a row; fill the even
    #       columns with sin and the odd ones with cos
    raise NotImplementedError("positional_encoding")


def padding_mask(ids, T_query):
    """(T_query, len(ids)) booleans: True where the key is a real token (not PAD), for every query."""
    # TODO: one row (ids != PAD), repeated T_query times
    raise NotImplementedError("padding_mask")


def shift_right(target_ids):
    """Teacher forcing: the decoder's input is BOS followed by the target without its last token."""
    # TODO
    raise NotImplementedError("shift_right")


def attention(xq, xkv, p, name, mask):
    """Multi-head attention with queries from xq (Tq, D) and keys and values from xkv (Tk, D),
    weights p[name + "Wq"], p[name + "Wk"], p[name + "Wv"], p[name + "Wo"] (all D x D, used as x @ W),
    HEADS heads of D / HEADS columns, scale 1/sqrt(D / HEADS), mask (Tq, Tk), True = allowed."""
    dh = D // HEADS
    # TODO: q from xq, k and v from xkv, each split into HEADS heads: (HEADS, T, dh)
    # TODO: scaled scores, -inf where the mask is False, softmax, times v
    # TODO: merge the heads back to (Tq, D) and multiply by Wo
    raise NotImplementedError("attention")


def encode(src_ids, p):
    """Encoder: x = src_emb[ids] + PE; x += self-attention(LN1(x)) with the padding mask;
    x += FFN(LN2(x)); returns LNf(x), the memory (S, D)."""
    # TODO: the four lines of the docstring (self-attention uses the prefix "enc_self_")
    raise NotImplementedError("encode")


def decode(tgt_in, memory, src_ids, p):
    """Decoder: y = tgt_emb[tgt_in] + PE; y += causal self-attention(LN1(y));
    y += cross-attention(LN2(y) as queries, memory as keys and values, padding mask of src_ids);
    y += FFN(LN3(y)); logits = LNf(y) @ out_W + out_b, shape (T, target vocabulary)."""
    # TODO: the docstring, step by step (prefixes "dec_self_" and "dec_cross_")
    raise NotImplementedError("decode")


def greedy_translate(words, p, max_len=8):
    """Translates a list of English words into a list of Zeta words: encode once, then start
    from [BOS] and repeatedly append the argmax of the last position's logits, until EOS or
    max_len tokens. The EOS itself is not returned."""
    src = [SRC_VOCAB.index(w) for w in words]
    # TODO: encode once; out = [BOS]; loop: decode(out, ...), argmax of the LAST row, stop at EOS
    raise NotImplementedError("greedy_translate")


if __name__ == "__main__":
    P = load_params()
    for sentence in ("the big dog sees the red ball", "the cat eats the small fish",
                     "the old bird likes the happy tree"):
        print(f"{sentence:35} -> {' '.join(greedy_translate(sentence.split(), P))}")
