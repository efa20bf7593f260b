"""The full exercise: a character-level LSTM on Tiny Shakespeare, with PyTorch.

    pip install torch
    python3 full/char_lstm_torch.py     # downloads Tiny Shakespeare (1.1 MB) into data/ the first time

Same idea as the core exercise, at a size where it writes pseudo-Shakespeare: characters ->
embedding (64) -> 2-layer LSTM (256) -> logits, trained with cross-entropy on random chunks of
100 characters, Adam, gradient clipping at 1.0. The last 10% of the text is held out. Log
train_loss and val_loss (nats per character) every 250 steps, and write samples.txt at two
temperatures. About 2,000 steps: 10-20 minutes on a laptop CPU, about a minute on a GPU.
"""
import os
import urllib.request

import torch
from torch import nn

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
PATH = "data/tinyshakespeare.txt"


def load_text():
    if not os.path.exists(PATH):
        urllib.request.urlretrieve(URL, PATH)
    with open(PATH) as f:
        return f.read()


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embed=64, hidden=256, layers=2):
        super().__init__()
        # TODO: nn.Embedding(vocab_size, embed), nn.LSTM(embed, hidden, num_layers=layers, batch_first=True),
        #       nn.Linear(hidden, vocab_size)
        raise NotImplementedError("CharLSTM")

    def forward(self, ids, state=None):
        # TODO: embed -> LSTM (with state) -> head; return (logits, state)
        raise NotImplementedError("CharLSTM.forward")


def batch(data, seq_len, batch_size, generator):
    starts = torch.randint(0, len(data) - seq_len - 1, (batch_size,), generator=generator)
    x = torch.stack([data[s:s + seq_len] for s in starts])
    y = torch.stack([data[s + 1:s + seq_len + 1] for s in starts])
    return x, y


@torch.no_grad()
def sample(model, chars, first, n, temperature, device):
    ids = torch.tensor([[chars.index(first)]], device=device)
    state, out = None, [first]
    for _ in range(n):
        logits, state = model(ids, state)
        p = torch.softmax(logits[0, -1] / temperature, dim=0)
        ids = torch.multinomial(p, 1).view(1, 1)
        out.append(chars[ids.item()])
    return "".join(out)


def main(steps=2000, seq_len=100, batch_size=64):
    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    text = load_text()
    chars = sorted(set(text))
    data = torch.tensor([chars.index(c) for c in text], dtype=torch.long)
    split = int(0.9 * len(data))
    train_data, val_data = data[:split], data[split:]
    gen = torch.Generator().manual_seed(0)

    model = CharLSTM(len(chars)).to(device)
    # TODO: Adam(lr=2e-3), CrossEntropyLoss; for each step: a batch, logits, loss on the flattened
    #       logits and targets, zero_grad, backward, clip_grad_norm_(…, 1.0), step
    # TODO: every 250 steps: a validation batch under torch.no_grad(); log_metric("train_loss", …, step)
    #       and log_metric("val_loss", …, step)
    raise NotImplementedError("the training loop")

    with open("samples.txt", "w") as f:
        for temperature in (1.0, 0.6):
            f.write(f"--- temperature {temperature} ---\n{sample(model, chars, text[0], 500, temperature, device)}\n\n")
    print(open("samples.txt").read())


if __name__ == "__main__":
    main()
