"""Makes the data of Section 14 from Debian's wamerican word list (SCOWL; see wamerican-copyright.txt).

    python3 data/make_data.py /usr/share/dict/american-english      # from the node folder

1. Words: lower-case a-z only, 3 to 12 letters. The domain is every word ending in "tion";
   the general words are those that do not contain "tion" at all.
2. Pretraining: a character-level MLP language model (3 characters of context, embeddings of 8,
   64 tanh units; the model of exercise.py) trained with Adam (lr 0.01, batches of 1,024
   positions, 3,000 steps, seed 0) on 20,000 general words -> pretrained.npz. It never saw "tion".
3. Fine-tuning sets, all disjoint: domain_val.txt (300 -tion words), domain_clean.txt (100),
   domain_noisy.txt (400 lines: 160 other -tion words and 240 general words the "scraper" let
   through, shuffled), general_val.txt (2,000 general words not used in pretraining).
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from exercise import Adam, init_params, loss_and_grads, make_examples  # noqa: E402


def main(path):
    words = [w.strip() for w in open(path, encoding="utf-8")]
    words = [w for w in words if w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 12]
    domain = sorted({w for w in words if w.endswith("tion")})
    general = [w for w in words if "tion" not in w]
    g = np.random.default_rng(0)
    g.shuffle(general)
    g.shuffle(domain)
    X, Y = make_examples(general[:20000])
    params = init_params(0)
    opt = Adam(params, 0.01)
    for _ in range(3000):
        idx = g.integers(0, len(X), 1024)
        _, grads = loss_and_grads(params, X[idx], Y[idx])
        opt.step(params, grads)
    np.savez(os.path.join(HERE, "pretrained.npz"), **params)
    noisy = domain[400:560] + general[22000:22240]
    g.shuffle(noisy)
    for name, items in [("domain_val.txt", domain[:300]), ("domain_clean.txt", domain[300:400]),
                        ("domain_noisy.txt", noisy), ("general_val.txt", general[20000:22000])]:
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write("\n".join(items) + "\n")
    print(f"{len(domain)} -tion words, {len(general)} general words; pretraining NLL {loss_and_grads(params, X, Y)[0]:.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english")
