"""Stage 04, full exercise: your numpy character RNN on a ~1 MB corpus, with samples and the
context-influence table written to files.

    python3 full/train_big.py     # from the stage folder

The corpus is full/input.txt; if it is missing, TinyShakespeare (~1.1 MB, from Karpathy's
char-rnn repository) is downloaded there, so the first run needs the network. Put any plain-text
file of about 1 MB at full/input.txt to train on your own corpus instead. Uses your exercise.py
(train, evaluate, sample, influence_by_distance). About 5 minutes on a laptop CPU.
"""
import math
import os
import sys
import time
import urllib.request

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
CORPUS = os.path.join(HERE, "input.txt")
HIDDEN, SEQ, STEPS, LR = 128, 25, 80_000, 0.1
DISTANCES = [1, 2, 5, 10, 20, 50, 100]


def load_corpus():
    if not os.path.exists(CORPUS):
        print(f"downloading {URL}")
        urllib.request.urlretrieve(URL, CORPUS)
    with open(CORPUS, encoding="utf-8") as f:
        return f.read()


def main():
    text = load_corpus()
    chars, stoi = exercise.build_vocab(text)
    data = exercise.encode(text, stoi)
    cut = int(0.95 * len(data))
    train_ids, val_ids = data[:cut], data[cut:]
    print(f"{len(text):,} characters, {len(chars)} distinct; training on {cut:,}")

    start = time.time()
    params, losses = exercise.train(train_ids, len(chars), hidden_size=HIDDEN, seq_length=SEQ,
                                    steps=STEPS, lr=LR, seed=0)
    for i in range(2000, STEPS + 1, 2000):
        log_metric("train_loss", float(np.mean(losses[i - 2000:i])), i)
    print(f"trained {STEPS:,} steps in {time.time() - start:.0f} s; last 2,000 steps: loss {np.mean(losses[-2000:]):.3f}")

    val = float(exercise.evaluate(params, val_ids))
    counts = np.bincount(train_ids, minlength=len(chars)) / len(train_ids)
    unigram = float(-np.sum(counts[counts > 0] * np.log(counts[counts > 0])))
    log_metric("val_loss", val)
    log_metric("val_perplexity", math.exp(val))
    log_metric("improvement_over_unigram", unigram - val)
    print(f"validation loss {val:.3f} nats/char (perplexity {math.exp(val):.2f}); unigram {unigram:.3f}")

    # TODO: write samples at temperatures 0.5, 0.8 and 1.0 (600 characters each, exercise.sample and
    #       exercise.decode) to full/samples.txt

    # TODO: influence = exercise.influence_by_distance(params, val_ids, DISTANCES, n_windows=100);
    #       write one line "distance  value" per distance to full/influence.txt (with a header line)
    #       and log_metric(f"influence_at_{d}", value) for each
    raise NotImplementedError("measure how far back the context still matters")
    print(open(os.path.join(HERE, "influence.txt")).read())
    print("wrote full/samples.txt and full/influence.txt")


if __name__ == "__main__":
    main()
