"""A character-level text generator: a recurrent neural network (RNN) trained with
backpropagation through time, in numpy. Plus one step of an LSTM cell.

    python3 exercise.py          # trains on data/lighthouse.txt and prints samples
    trail check char-text-generator

Python 3 and numpy only.
"""
import numpy as np


def load_text(path="data/lighthouse.txt"):
    """Returns (text, chars, char_to_id): chars is the sorted list of distinct characters."""
    with open(path) as f:
        text = f.read()
    chars = sorted(set(text))
    return text, chars, {c: i for i, c in enumerate(chars)}


def init_params(vocab_size, hidden_size, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "Wxh": rng.normal(0, 0.01, (hidden_size, vocab_size)),
        "Whh": rng.normal(0, 0.01, (hidden_size, hidden_size)),
        "Why": rng.normal(0, 0.01, (vocab_size, hidden_size)),
        "bh": np.zeros(hidden_size),
        "by": np.zeros(vocab_size),
    }


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def rnn_forward(params, inputs, targets, h_prev):
    """Runs the RNN over one sequence.

    inputs, targets: lists of character ids of the same length T (targets[t] = inputs[t + 1] in
    the text). For t = 0..T-1, with x_t the one-hot vector of inputs[t]:
        h_t = tanh(Wxh x_t + Whh h_{t-1} + bh),   y_t = Why h_t + by,   p_t = softmax(y_t)
    Returns (loss, cache, h_last): loss = mean over t of -log p_t[targets[t]], cache whatever
    rnn_backward needs, h_last = h_{T-1} (to carry into the next sequence).
    """
    hs, ps = {-1: h_prev}, {}
    loss = 0.0
    for t, (i, target) in enumerate(zip(inputs, targets)):
        # TODO: hs[t] from column i of Wxh (= Wxh @ one_hot(i)), Whh @ hs[t - 1] and bh, through tanh
        # TODO: ps[t] = softmax of the output; add -log ps[t][target] to loss
        raise NotImplementedError("rnn_forward: one time step")
    T = len(inputs)
    return loss / T, (inputs, targets, hs, ps), hs[T - 1]


def rnn_backward(params, cache):
    """Backpropagation through time: the gradients of rnn_forward's loss for every parameter,
    as a dict with the same keys and shapes as params."""
    inputs, targets, hs, ps = cache
    T = len(inputs)
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        # TODO: dy = (p_t - one_hot(target)) / T; gradients of Why and by
        # TODO: dh = the gradient from the output plus dh_next (from step t + 1)
        # TODO: through tanh: (1 - h_t^2) * dh; gradients of bh, Wxh (column inputs[t]) and Whh (uses h_{t-1})
        # TODO: dh_next for step t - 1
        raise NotImplementedError("rnn_backward: one step back in time")
    return grads


def clip_gradients(grads, max_norm=5.0):
    """Scales all gradients by one factor so that their global L2 norm is at most max_norm
    (in place, and returns the norm before clipping)."""
    # TODO: the norm over ALL gradients together; scale each array in place (g *= ...) if it is too big
    raise NotImplementedError("clip_gradients")


def sample(params, h, first_id, n, temperature=1.0, rng=None):
    """Generates n character ids after first_id: feed the last id, compute p = softmax(y / temperature),
    draw the next id from p with rng.choice, repeat. Returns the list of n ids."""
    rng = rng or np.random.default_rng()
    ids, i = [], first_id
    for _ in range(n):
        # TODO: one RNN step from id i, p = softmax(logits / temperature), i = rng.choice(len(p), p=p)
        raise NotImplementedError("sample")
    return ids


def lstm_step(x, h_prev, c_prev, W, b):
    """One step of an LSTM cell. W: (4H, D + H), b: (4H,); z = W [x; h_prev] + b is split into
    four blocks of H in the order i, f, o, g:
        i = sigmoid(z_i), f = sigmoid(z_f), o = sigmoid(z_o), g = tanh(z_g)
        c = f * c_prev + i * g,   h = o * tanh(c)
    Returns (h, c)."""
    # TODO: z, its four blocks, the gates, then c and h
    raise NotImplementedError("lstm_step")


def train(text, char_to_id, hidden_size=64, seq_length=25, steps=1500, lr=0.01, seed=0):
    """Adam on consecutive chunks of seq_length characters, carrying the hidden state from one
    chunk to the next (reset at the start of the text). Returns (params, losses), one loss per step."""
    data = [char_to_id[c] for c in text]
    params = init_params(len(char_to_id), hidden_size, seed)
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    h, pos, losses = np.zeros(hidden_size), 0, []
    for step in range(1, steps + 1):
        if pos + seq_length + 1 > len(data):
            h, pos = np.zeros(hidden_size), 0
        inputs, targets = data[pos:pos + seq_length], data[pos + 1:pos + seq_length + 1]
        loss, cache, h = rnn_forward(params, inputs, targets, h)
        grads = rnn_backward(params, cache)
        clip_gradients(grads, 5.0)
        for k in params:                                    # Adam (Kingma & Ba), beta1 0.9, beta2 0.999
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            m_hat, v_hat = m[k] / (1 - 0.9 ** step), v[k] / (1 - 0.999 ** step)
            params[k] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        losses.append(loss)
        pos += seq_length
    return params, losses


if __name__ == "__main__":
    text, chars, char_to_id = load_text()
    params, losses = train(text, char_to_id)
    for start in range(0, len(losses), 300):
        print(f"step {start:5d}  mean loss of the next 300 steps {np.mean(losses[start:start + 300]):.3f}")
    rng = np.random.default_rng(1)
    for temperature in (1.0, 0.5):
        ids = sample(params, np.zeros(64), char_to_id["t"], 200, temperature, rng)
        print(f"\n--- temperature {temperature} ---\nt" + "".join(chars[i] for i in ids))
