"""How data/attention_reference.json was made (needs PyTorch; the check does not run this).

Fixed inputs from numpy's default_rng(2017), then the reference outputs from PyTorch,
an implementation independent of the exercise:
- single head: scores Q K^T / sqrt(d_k) (no mask), weights softmax(scores masked causally),
  output weights @ V, computed with torch tensor operations;
- multi-head: torch.nn.MultiheadAttention (bias=False, 2 heads, d_model 8) with the causal
  mask, its in_proj_weight set to [Wq^T; Wk^T; Wv^T] and out_proj.weight to Wo^T, so that
  it computes x Wq, x Wk, x Wv and concat(heads) Wo; weights per head
  (average_attn_weights=False).
"""
import json

import numpy as np
import torch

rng = np.random.default_rng(2017)
T, d_k, d_v, d_model, n_heads = 5, 4, 3, 8, 2
Q, K, V = (np.round(rng.normal(size=s), 4) for s in ((T, d_k), (T, d_k), (T, d_v)))
x = np.round(rng.normal(size=(T, d_model)), 4)
Wq, Wk, Wv, Wo = (np.round(rng.normal(0, d_model ** -0.5, (d_model, d_model)), 4) for _ in range(4))

tQ, tK, tV = (torch.tensor(a, dtype=torch.float64) for a in (Q, K, V))
scores = tQ @ tK.T / d_k ** 0.5
allowed = torch.tril(torch.ones(T, T, dtype=torch.bool))
weights = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
output = weights @ tV

mha = torch.nn.MultiheadAttention(d_model, n_heads, bias=False, batch_first=True).double()
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.tensor(np.concatenate([Wq.T, Wk.T, Wv.T]), dtype=torch.float64))
    mha.out_proj.weight.copy_(torch.tensor(Wo.T, dtype=torch.float64))
    mha_out, mha_w = mha(*(torch.tensor(x, dtype=torch.float64)[None],) * 3, attn_mask=~allowed,
                         need_weights=True, average_attn_weights=False)

reference = {
    "about": "Fixed inputs (numpy default_rng(2017), rounded to 4 decimals) and outputs computed "
             f"with PyTorch {torch.__version__}; see data/make_reference.py.",
    "Q": Q.tolist(), "K": K.tolist(), "V": V.tolist(),
    "scores": scores.tolist(), "weights": weights.tolist(), "output": output.tolist(),
    "x": x.tolist(), "Wq": Wq.tolist(), "Wk": Wk.tolist(), "Wv": Wv.tolist(), "Wo": Wo.tolist(),
    "n_heads": n_heads, "mha_output": mha_out[0].tolist(), "mha_weights": mha_w[0].tolist(),
}
with open("data/attention_reference.json", "w") as f:
    json.dump(reference, f, indent=1)
