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
    pos = np.arange(T)[:, None]
    freq = 10000.0 ** (-np.arange(0, d, 2) / d)
    pe = np.zeros((T, d))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq)
    return pe


def padding_mask(ids, T_query):
    """(T_query, len(ids)) booleans: True where the key is a real token (not PAD), for every query."""
    return np.tile(np.asarray(ids) != PAD, (T_query, 1))


def shift_right(target_ids):
    """Teacher forcing: the decoder's input is BOS followed by the target without its last token."""
    return [BOS] + list(target_ids[:-1])


def attention(xq, xkv, p, name, mask):
    """Multi-head attention with queries from xq (Tq, D) and keys and values from xkv (Tk, D),
    weights p[name + "Wq"], p[name + "Wk"], p[name + "Wv"], p[name + "Wo"] (all D x D, used as x @ W),
    HEADS heads of D / HEADS columns, scale 1/sqrt(D / HEADS), mask (Tq, Tk), True = allowed."""
    dh = D // HEADS
    split = lambda t: t.reshape(t.shape[0], HEADS, dh).transpose(1, 0, 2)    # (HEADS, T, dh)
    q, k, v = split(xq @ p[name + "Wq"]), split(xkv @ p[name + "Wk"]), split(xkv @ p[name + "Wv"])
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
    scores = np.where(mask, scores, -np.inf)
    out = softmax(scores, axis=-1) @ v                                      # (HEADS, Tq, dh)
    return out.transpose(1, 0, 2).reshape(len(xq), D) @ p[name + "Wo"]


def encode(src_ids, p):
    """Encoder: x = src_emb[ids] + PE; x += self-attention(LN1(x)) with the padding mask;
    x += FFN(LN2(x)); returns LNf(x), the memory (S, D)."""
    S = len(src_ids)
    x = p["src_emb"][src_ids] + positional_encoding(S, D)
    a = layer_norm(x, p["enc_ln1_g"], p["enc_ln1_b"])
    x = x + attention(a, a, p, "enc_self_", padding_mask(src_ids, S))
    x = x + feed_forward(layer_norm(x, p["enc_ln2_g"], p["enc_ln2_b"]), p["enc_W1"], p["enc_b1"], p["enc_W2"], p["enc_b2"])
    return layer_norm(x, p["enc_lnf_g"], p["enc_lnf_b"])


def decode(tgt_in, memory, src_ids, p):
    """Decoder: y = tgt_emb[tgt_in] + PE; y += causal self-attention(LN1(y));
    y += cross-attention(LN2(y) as queries, memory as keys and values, padding mask of src_ids);
    y += FFN(LN3(y)); logits = LNf(y) @ out_W + out_b, shape (T, target vocabulary)."""
    T = len(tgt_in)
    y = p["tgt_emb"][tgt_in] + positional_encoding(T, D)
    a = layer_norm(y, p["dec_ln1_g"], p["dec_ln1_b"])
    y = y + attention(a, a, p, "dec_self_", causal_mask(T))
    c = layer_norm(y, p["dec_ln2_g"], p["dec_ln2_b"])
    y = y + attention(c, memory, p, "dec_cross_", padding_mask(src_ids, T))
    y = y + feed_forward(layer_norm(y, p["dec_ln3_g"], p["dec_ln3_b"]), p["dec_W1"], p["dec_b1"], p["dec_W2"], p["dec_b2"])
    return layer_norm(y, p["dec_lnf_g"], p["dec_lnf_b"]) @ p["out_W"] + p["out_b"]


def greedy_translate(words, p, max_len=8):
    """Translates a list of English words into a list of Zeta words: encode once, then start
    from [BOS] and repeatedly append the argmax of the last position's logits, until EOS or
    max_len tokens. The EOS itself is not returned."""
    src = [SRC_VOCAB.index(w) for w in words]
    memory = encode(src, p)
    out = [BOS]
    for _ in range(max_len):
        nxt = int(np.argmax(decode(out, memory, src, p)[-1]))
        if nxt == EOS:
            break
        out.append(nxt)
    return [TGT_VOCAB[i] for i in out[1:]]


if __name__ == "__main__":
    P = load_params()
    for sentence in ("the big dog sees the red ball", "the cat eats the small fish",
                     "the old bird likes the happy tree"):
        print(f"{sentence:35} -> {' '.join(greedy_translate(sentence.split(), P))}")
