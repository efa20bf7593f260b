"""The full exercise: build and train the tiny Transformer translator in PyTorch.

    pip install torch
    python3 full/train_translator.py      # about 2-5 minutes on a laptop CPU

The model is exactly the one the core exercise runs in numpy: embeddings + sinusoidal positions,
one pre-norm encoder layer, one pre-norm decoder layer (causal self-attention, cross-attention,
feed-forward), final layer norms, a linear output; width 32, 4 heads. Train it with teacher
forcing on the 4,000 training pairs of data/make_pairs.py. Log train_loss every 200 steps and
test_exact_match (greedy decoding of the 500 test sentences); the program then writes
translator.npz in the layout of the core exercise and, if your numpy translator in exercise.py
works, logs numpy_agreement: the share of test sentences where it gives the same translation.
"""
import math
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "data"))
sys.path.insert(0, HERE)
from make_pairs import SRC_VOCAB, TGT_VOCAB, split  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

D, HEADS, FF = 32, 4, 128
PAD, BOS, EOS = 0, 1, 2
SRC_ID = {w: i for i, w in enumerate(SRC_VOCAB)}
TGT_ID = {w: i for i, w in enumerate(TGT_VOCAB)}


def positional_encoding(T, d):
    # TODO: the sinusoidal table of the core exercise, as a torch tensor (T, d)
    raise NotImplementedError("positional_encoding")


def init_params(seed=0):
    g = torch.Generator().manual_seed(seed)
    mat = lambda i, o: (torch.randn(i, o, generator=g) / math.sqrt(i)).requires_grad_()
    ones = lambda: torch.ones(D, requires_grad=True)
    zeros = lambda n=D: torch.zeros(n, requires_grad=True)
    p = {"src_emb": (torch.randn(len(SRC_VOCAB), D, generator=g) * 0.3).requires_grad_(),
         "tgt_emb": (torch.randn(len(TGT_VOCAB), D, generator=g) * 0.3).requires_grad_(),
         "out_W": mat(D, len(TGT_VOCAB)), "out_b": zeros(len(TGT_VOCAB))}
    for prefix, attns, norms in (("enc_", ["self_"], ["ln1", "ln2", "lnf"]),
                                 ("dec_", ["self_", "cross_"], ["ln1", "ln2", "ln3", "lnf"])):
        for a in attns:
            for w in ("Wq", "Wk", "Wv", "Wo"):
                p[prefix + a + w] = mat(D, D)
        for n in norms:
            p[prefix + n + "_g"], p[prefix + n + "_b"] = ones(), zeros()
        p[prefix + "W1"], p[prefix + "b1"] = mat(D, FF), zeros(FF)
        p[prefix + "W2"], p[prefix + "b2"] = mat(FF, D), zeros()
    return p


def layer_norm(x, g, b):
    return torch.nn.functional.layer_norm(x, (D,), g, b, eps=1e-5)


def mha(xq, xkv, p, name, mask):
    """Multi-head attention: queries from xq (B, Tq, D), keys and values from xkv (B, Tk, D);
    mask (B or 1, Tq, Tk) booleans, True = allowed."""
    # TODO: as in the core exercise, with a batch axis: (B, T, D) -> (B, HEADS, T, dh); masked_fill(~mask[:, None], -inf)
    raise NotImplementedError("mha")


def ffn(x, p, prefix):
    return torch.relu(x @ p[prefix + "W1"] + p[prefix + "b1"]) @ p[prefix + "W2"] + p[prefix + "b2"]


def encode(src, p):
    # TODO: key_ok = (src != PAD)[:, None, :]; embeddings + positions; the encoder layer; final layer norm
    #       return (memory, key_ok)
    raise NotImplementedError("encode")


def decode(tgt_in, memory, key_ok, p):
    # TODO: causal self-attention, cross-attention on memory (mask key_ok.expand(-1, T, -1)), FFN,
    #       final layer norm, output layer
    raise NotImplementedError("decode")


def tensors(pairs):
    src = [[SRC_ID[w] for w in e.split()] for e, _ in pairs]
    tgt = [[TGT_ID[w] for w in z.split()] for _, z in pairs]
    S, T = max(map(len, src)), max(map(len, tgt)) + 1
    pad = lambda rows, n: torch.tensor([r + [PAD] * (n - len(r)) for r in rows])
    return pad(src, S), pad([[BOS] + t for t in tgt], T), pad([t + [EOS] for t in tgt], T)


@torch.no_grad()
def greedy(src, p, max_len=8):
    memory, key_ok = encode(src, p)
    out = torch.full((src.shape[0], 1), BOS)
    for _ in range(max_len):
        nxt = decode(out, memory, key_ok, p)[:, -1].argmax(-1, keepdim=True)
        out = torch.cat([out, nxt], dim=1)
    return [[int(t) for t in row[1:]] for row in out]


def cut(ids):
    return ids[:ids.index(EOS)] if EOS in ids else ids


def main(steps=3000, batch=64):
    torch.manual_seed(0)
    train, test = split()
    src, tgt_in, tgt_out = tensors(train)
    p = init_params(0)
    optimizer = torch.optim.Adam(p.values(), lr=3e-3)
    for step in range(1, steps + 1):
        idx = torch.randint(0, len(src), (batch,))
        # TODO: encode, decode with teacher forcing (tgt_in), cross-entropy against tgt_out with
        #       ignore_index=PAD, zero_grad / backward / step; every 200 steps log_metric("train_loss", ...)
        raise NotImplementedError("training step")

    test_src, _, _ = tensors(test)
    predictions = [cut(ids) for ids in greedy(test_src, p)]
    right = sum(" ".join(TGT_VOCAB[i] for i in ids) == z for ids, (_, z) in zip(predictions, test))
    log_metric("test_exact_match", right / len(test))
    print(f"exact match on {len(test)} test sentences: {right / len(test):.3f}")
    np.savez_compressed("translator.npz", **{k: v.detach().numpy().astype(np.float32) for k, v in p.items()})
    print("wrote translator.npz")

    try:
        import exercise
        P = exercise.load_params("translator.npz")
        same = sum(exercise.greedy_translate(e.split(), P) == [TGT_VOCAB[i] for i in ids]
                   for (e, _), ids in zip(test, predictions))
        log_metric("numpy_agreement", same / len(test))
        print(f"your numpy translator agrees on {same} of {len(test)} sentences")
    except (ImportError, NotImplementedError) as error:
        print(f"(numpy translator not written yet: {error})")


if __name__ == "__main__":
    main()
