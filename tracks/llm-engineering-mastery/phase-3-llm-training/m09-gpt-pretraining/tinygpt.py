"""A tiny GPT in numpy, with its backward pass written out: the model of M7, ready to pretrain.

You do not need to change this file (the check restores it). What you need from it:

    model = TinyGPT(vocab_size, block_size=32, d_model=48, n_head=4, n_layer=2, seed=0)
    logits = model.forward(idx)                      # idx (B, T) ints, T <= block_size -> (B, T, vocab_size)
    loss, grads = model.loss_and_grads(idx, targets) # mean cross-entropy over all B*T positions, and
                                                     # grads[name] shaped like model.params[name]
    opt = Adam(model.params)                         # AdamW, updates model.params in place
    opt.step(grads, lr)

Architecture (pre-norm, as GPT-2): token + position embeddings; n_layer blocks of
x = x + attn(ln1(x)); x = x + mlp(ln2(x)) with causal multi-head attention and a ReLU MLP of
width 4 * d_model; a final layer norm; a linear head to the vocabulary logits.
"""
import numpy as np


def _layernorm(x, g, b, eps=1e-5):
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    return xhat * g + b, (xhat, inv)


def _layernorm_back(dy, g, cache):
    xhat, inv = cache
    dg = (dy * xhat).reshape(-1, xhat.shape[-1]).sum(0)
    db = dy.reshape(-1, dy.shape[-1]).sum(0)
    dxhat = dy * g
    dx = inv * (dxhat - dxhat.mean(-1, keepdims=True) - xhat * (dxhat * xhat).mean(-1, keepdims=True))
    return dx, dg, db


class TinyGPT:
    def __init__(self, vocab_size, block_size=32, d_model=48, n_head=4, n_layer=2, seed=0):
        assert d_model % n_head == 0
        self.vocab_size, self.block_size = vocab_size, block_size
        self.d_model, self.n_head, self.n_layer = d_model, n_head, n_layer
        rng = np.random.default_rng(seed)
        C = d_model
        std = 0.02
        p = {"wte": rng.normal(0, std, (vocab_size, C)), "wpe": rng.normal(0, std, (block_size, C))}
        for l in range(n_layer):
            p[f"h{l}.ln1.g"], p[f"h{l}.ln1.b"] = np.ones(C), np.zeros(C)
            p[f"h{l}.attn.wqkv"] = rng.normal(0, std, (C, 3 * C))
            p[f"h{l}.attn.wo"] = rng.normal(0, std / np.sqrt(2 * n_layer), (C, C))
            p[f"h{l}.ln2.g"], p[f"h{l}.ln2.b"] = np.ones(C), np.zeros(C)
            p[f"h{l}.mlp.w1"], p[f"h{l}.mlp.b1"] = rng.normal(0, std, (C, 4 * C)), np.zeros(4 * C)
            p[f"h{l}.mlp.w2"], p[f"h{l}.mlp.b2"] = rng.normal(0, std / np.sqrt(2 * n_layer), (4 * C, C)), np.zeros(C)
        p["lnf.g"], p["lnf.b"] = np.ones(C), np.zeros(C)
        p["head"] = rng.normal(0, std, (C, vocab_size))
        self.params = p

    def num_params(self):
        return int(sum(v.size for v in self.params.values()))

    # ---- forward -------------------------------------------------------------------------
    def _forward(self, idx):
        p = self.params
        idx = np.asarray(idx)
        B, T = idx.shape
        assert T <= self.block_size, f"sequence of {T} tokens is longer than block_size {self.block_size}"
        nh, C = self.n_head, self.d_model
        hs = C // nh
        mask = np.tril(np.ones((T, T), dtype=bool))
        x = p["wte"][idx] + p["wpe"][:T]
        caches = []
        for l in range(self.n_layer):
            a_in, ln1 = _layernorm(x, p[f"h{l}.ln1.g"], p[f"h{l}.ln1.b"])
            qkv = a_in @ p[f"h{l}.attn.wqkv"]
            q, k, v = (t.reshape(B, T, nh, hs).transpose(0, 2, 1, 3) for t in np.split(qkv, 3, axis=-1))
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hs)
            att = np.where(mask, att, -np.inf)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            y = (att @ v).transpose(0, 2, 1, 3).reshape(B, T, C)
            x = x + y @ p[f"h{l}.attn.wo"]
            m_in, ln2 = _layernorm(x, p[f"h{l}.ln2.g"], p[f"h{l}.ln2.b"])
            u = m_in @ p[f"h{l}.mlp.w1"] + p[f"h{l}.mlp.b1"]
            r = np.maximum(u, 0)
            x = x + r @ p[f"h{l}.mlp.w2"] + p[f"h{l}.mlp.b2"]
            caches.append((a_in, ln1, q, k, v, att, y, m_in, ln2, u, r))
        f, lnf = _layernorm(x, p["lnf.g"], p["lnf.b"])
        logits = f @ p["head"]
        return logits, (idx, caches, f, lnf)

    def forward(self, idx):
        """Logits (B, T, vocab_size) of the next token at every position."""
        return self._forward(idx)[0]

    def loss(self, idx, targets):
        """Mean cross-entropy (nats per token) of targets (B, T) under the model."""
        logits = self.forward(idx)
        return float(_cross_entropy(logits, np.asarray(targets))[0])

    # ---- backward ------------------------------------------------------------------------
    def loss_and_grads(self, idx, targets):
        """(mean cross-entropy, {name: gradient}) for one batch."""
        p = self.params
        logits, (idx, caches, f, lnf) = self._forward(idx)
        loss, dlogits = _cross_entropy(logits, np.asarray(targets))
        B, T = idx.shape
        nh, C = self.n_head, self.d_model
        hs = C // nh
        g = {}
        g["head"] = f.reshape(-1, C).T @ dlogits.reshape(-1, self.vocab_size)
        dx, g["lnf.g"], g["lnf.b"] = _layernorm_back(dlogits @ p["head"].T, p["lnf.g"], lnf)
        for l in reversed(range(self.n_layer)):
            a_in, ln1, q, k, v, att, y, m_in, ln2, u, r = caches[l]
            # MLP branch: x = x + relu(ln2(x) W1 + b1) W2 + b2
            g[f"h{l}.mlp.w2"] = r.reshape(-1, 4 * C).T @ dx.reshape(-1, C)
            g[f"h{l}.mlp.b2"] = dx.reshape(-1, C).sum(0)
            du = (dx @ p[f"h{l}.mlp.w2"].T) * (u > 0)
            g[f"h{l}.mlp.w1"] = m_in.reshape(-1, C).T @ du.reshape(-1, 4 * C)
            g[f"h{l}.mlp.b1"] = du.reshape(-1, 4 * C).sum(0)
            dm, g[f"h{l}.ln2.g"], g[f"h{l}.ln2.b"] = _layernorm_back(du @ p[f"h{l}.mlp.w1"].T, p[f"h{l}.ln2.g"], ln2)
            dx = dx + dm
            # attention branch: x = x + attn(ln1(x)) Wo
            g[f"h{l}.attn.wo"] = y.reshape(-1, C).T @ dx.reshape(-1, C)
            dy = (dx @ p[f"h{l}.attn.wo"].T).reshape(B, T, nh, hs).transpose(0, 2, 1, 3)
            datt = dy @ v.transpose(0, 1, 3, 2)
            dv = att.transpose(0, 1, 3, 2) @ dy
            dscore = att * (datt - (datt * att).sum(-1, keepdims=True)) / np.sqrt(hs)
            dq = dscore @ k
            dk = dscore.transpose(0, 1, 3, 2) @ q
            dqkv = np.concatenate([t.transpose(0, 2, 1, 3).reshape(B, T, C) for t in (dq, dk, dv)], axis=-1)
            g[f"h{l}.attn.wqkv"] = a_in.reshape(-1, C).T @ dqkv.reshape(-1, 3 * C)
            da, g[f"h{l}.ln1.g"], g[f"h{l}.ln1.b"] = _layernorm_back(dqkv @ p[f"h{l}.attn.wqkv"].T, p[f"h{l}.ln1.g"], ln1)
            dx = dx + da
        g["wpe"] = np.zeros_like(p["wpe"])
        g["wpe"][:T] = dx.sum(0)
        g["wte"] = np.zeros_like(p["wte"])
        np.add.at(g["wte"], idx, dx)
        return float(loss), g


def _cross_entropy(logits, targets):
    """Mean cross-entropy and its gradient with respect to the logits."""
    z = logits - logits.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    n = targets.size
    flat = logp.reshape(-1, logp.shape[-1])
    loss = -flat[np.arange(n), targets.reshape(-1)].mean()
    dlogits = np.exp(logp)
    dlogits.reshape(-1, logp.shape[-1])[np.arange(n), targets.reshape(-1)] -= 1.0
    return loss, dlogits / n


class Adam:
    """AdamW (Loshchilov & Hutter): Adam with decoupled weight decay on the matrices only."""

    def __init__(self, params, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01):
        self.params, self.betas, self.eps, self.wd = params, betas, eps, weight_decay
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads, lr):
        self.t += 1
        b1, b2 = self.betas
        for k, g in grads.items():
            self.m[k] = b1 * self.m[k] + (1 - b1) * g
            self.v[k] = b2 * self.v[k] + (1 - b2) * g * g
            mhat = self.m[k] / (1 - b1 ** self.t)
            vhat = self.v[k] / (1 - b2 ** self.t)
            if self.params[k].ndim == 2:
                self.params[k] -= lr * self.wd * self.params[k]
            self.params[k] -= lr * mhat / (np.sqrt(vhat) + self.eps)
