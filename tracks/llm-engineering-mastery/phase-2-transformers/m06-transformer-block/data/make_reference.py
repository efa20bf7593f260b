"""How data/block_reference.json was made (needs PyTorch; the check does not run this).

A pre-LayerNorm transformer block built from PyTorch modules, in float64:
    h = x + MultiheadAttention(LayerNorm1(x)) with the causal mask (no attention biases)
    out = h + Linear2(GELU_tanh(Linear1(LayerNorm2(h))))
Parameters and the input come from numpy's default_rng(1706) (rounded to 4 decimals) and are
copied into the modules; the JSON holds them with numpy's layout (x @ W), and PyTorch's output.
"""
import json

import numpy as np
import torch

rng = np.random.default_rng(1706)
T, d, h, d_ff = 6, 8, 2, 32
r = lambda *shape, scale=1.0: np.round(rng.normal(0.0, scale, shape), 4)
p = {"ln1_g": 1 + r(d, scale=0.1), "ln1_b": r(d, scale=0.1),
     "Wq": r(d, d, scale=d ** -0.5), "Wk": r(d, d, scale=d ** -0.5), "Wv": r(d, d, scale=d ** -0.5),
     "Wo": r(d, d, scale=d ** -0.5), "ln2_g": 1 + r(d, scale=0.1), "ln2_b": r(d, scale=0.1),
     "W1": r(d, d_ff, scale=d ** -0.5), "b1": r(d_ff, scale=0.1), "W2": r(d_ff, d, scale=d_ff ** -0.5),
     "b2": r(d, scale=0.1)}
x = r(T, d)

t = lambda a: torch.tensor(a, dtype=torch.float64)
ln1, ln2 = torch.nn.LayerNorm(d).double(), torch.nn.LayerNorm(d).double()
mha = torch.nn.MultiheadAttention(d, h, bias=False, batch_first=True).double()
fc1, fc2 = torch.nn.Linear(d, d_ff).double(), torch.nn.Linear(d_ff, d).double()
with torch.no_grad():
    ln1.weight.copy_(t(p["ln1_g"])); ln1.bias.copy_(t(p["ln1_b"]))
    ln2.weight.copy_(t(p["ln2_g"])); ln2.bias.copy_(t(p["ln2_b"]))
    mha.in_proj_weight.copy_(t(np.concatenate([p["Wq"].T, p["Wk"].T, p["Wv"].T])))
    mha.out_proj.weight.copy_(t(p["Wo"].T))
    fc1.weight.copy_(t(p["W1"].T)); fc1.bias.copy_(t(p["b1"]))
    fc2.weight.copy_(t(p["W2"].T)); fc2.bias.copy_(t(p["b2"]))
    blocked = ~torch.tril(torch.ones(T, T, dtype=torch.bool))
    xt = t(x)[None]
    a = ln1(xt)
    hid = xt + mha(a, a, a, attn_mask=blocked, need_weights=False)[0]
    out = hid + fc2(torch.nn.functional.gelu(fc1(ln2(hid)), approximate="tanh"))

reference = {"about": f"Input, parameters (numpy default_rng(1706), rounded to 4 decimals) and the output of a "
                      f"pre-LayerNorm block computed with PyTorch {torch.__version__}; see data/make_reference.py.",
             "x": x.tolist(), "n_heads": h, "output": out[0].tolist(), **{k: v.tolist() for k, v in p.items()}}
with open("data/block_reference.json", "w") as f:
    json.dump(reference, f, indent=1)
