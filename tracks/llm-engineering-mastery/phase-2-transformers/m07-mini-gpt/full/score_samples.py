"""Scores samples_torch.txt, written by full/train_gpt.py (part of the check: restored before
every run): the share of its words that are words of the corpus (data/words.txt)."""
import re
import sys

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


def main():
    with open("data/words.txt") as f:
        words = set(f.read().split())
    try:
        with open("samples_torch.txt") as f:
            sampled = re.findall(r"[A-Za-z]+", f.read())
    except OSError as e:
        print(f"no samples to score: {e}")
        return 1
    valid = sum(w.lower() in words for w in sampled) / max(1, len(sampled))
    log_metric("sample_valid_words", valid)
    print(f"{valid:.1%} of {len(sampled)} sampled words are words of the corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
