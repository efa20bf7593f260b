"""A GPT-style transformer, forward pass only, in numpy.

One block:  x = x + attn(ln1(x)) @ Wo
            x = x + mlp(ln2(x))
The model:  token embedding + position embedding -> n_layer blocks -> final layer norm ->
            logits against the token embedding table (the output layer is tied to wte).
"""
import numpy as np

from attention import CausalSelfAttentionHead


def layer_norm(x, gamma, beta, eps=1e-5):
    """Normalise each row (last axis) to mean 0 and variance 1, then scale by gamma, shift by beta."""
    # TODO: mean and variance of each row (axis=-1, keepdims=True; the variance divides by d),
    # then (x - mean) / sqrt(var + eps) * gamma + beta.
    raise NotImplementedError("layer_norm")


def gelu(x):
    """GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    # TODO: the formula above, elementwise with numpy.
    raise NotImplementedError("gelu")


class MLP:
    """d -> 4d (GELU) -> d."""

    def __init__(self, d_model, rng):
        # TODO: W1 (d, 4d) with std 1/sqrt(d), b1 zeros (4d,), W2 (4d, d) with std 1/sqrt(4d),
        # b2 zeros (d,).
        raise NotImplementedError("MLP.__init__")

    def __call__(self, x):
        # TODO: gelu(x W1 + b1) W2 + b2.
        raise NotImplementedError("MLP.__call__")

    def params(self):
        return [self.W1, self.b1, self.W2, self.b2]


class Block:
    """Pre-norm residual block: single-head causal attention, then the MLP."""

    def __init__(self, d_model, rng):
        self.ln1_gamma, self.ln1_beta = np.ones(d_model), np.zeros(d_model)
        self.attn = CausalSelfAttentionHead(d_model, d_model, rng)
        self.Wo = rng.normal(0.0, 1.0 / np.sqrt(d_model), size=(d_model, d_model))
        self.ln2_gamma, self.ln2_beta = np.ones(d_model), np.zeros(d_model)
        self.mlp = MLP(d_model, rng)

    def __call__(self, x):
        # TODO: the two residual steps of the docstring at the top of this file.
        raise NotImplementedError("Block.__call__")

    def params(self):
        return [self.ln1_gamma, self.ln1_beta, self.attn.Wq, self.attn.Wk, self.attn.Wv, self.Wo,
                self.ln2_gamma, self.ln2_beta] + self.mlp.params()


class GPT:
    """Embeddings, n_layer blocks, a final layer norm, and logits tied to the token table."""

    def __init__(self, vocab_size, block_size, d_model, n_layer, rng):
        self.block_size = block_size
        self.wte = rng.normal(0.0, 0.02, size=(vocab_size, d_model))
        self.wpe = rng.normal(0.0, 0.02, size=(block_size, d_model))
        self.blocks = [Block(d_model, rng) for _ in range(n_layer)]
        self.lnf_gamma, self.lnf_beta = np.ones(d_model), np.zeros(d_model)

    def __call__(self, idx):
        T = len(idx)
        assert T <= self.block_size, f"sequence of {T} tokens is longer than block_size {self.block_size}"
        # TODO: token embeddings of idx plus the first T position embeddings; every block;
        # the final layer norm; logits = x @ wte.T, shape (T, vocab_size).
        raise NotImplementedError("GPT.__call__")

    def params(self):
        return ([self.wte, self.wpe] + [p for block in self.blocks for p in block.params()]
                + [self.lnf_gamma, self.lnf_beta])


def gpt_parameter_count(vocab_size, block_size, d_model, n_layer):
    """V d + T d (embeddings) + n_layer (12 d^2 + 9 d) (blocks) + 2 d (final layer norm)."""
    # TODO: the formula of the overview, from the four numbers alone (build no arrays).
    raise NotImplementedError("gpt_parameter_count")


if __name__ == '__main__':
    np.set_printoptions(precision=4, suppress=True)
    x = np.array([[1.0, 2.0, 3.0, 6.0]])
    print("layer_norm([1, 2, 3, 6]) =", layer_norm(x, np.ones(4), np.zeros(4)))
    print("gelu([-1, 0, 1, 3]) =", gelu(np.array([-1.0, 0.0, 1.0, 3.0])))

    rng = np.random.default_rng(0)
    V, T, d, L = 27, 8, 16, 2
    model = GPT(V, T, d, L, rng)
    n_arrays = sum(p.size for p in model.params())
    print(f"GPT(V={V}, T={T}, d={d}, layers={L}): {n_arrays} parameters; formula {gpt_parameter_count(V, T, d, L)}")
    print("GPT-2 small shape without attention biases:", gpt_parameter_count(50257, 1024, 768, 12))

    idx = rng.integers(0, V, size=T)
    logits = model(idx)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(T - 1), idx[1:]]).mean()
    print(f"untrained next-token loss {loss:.4f} vs ln V = {np.log(V):.4f}")
