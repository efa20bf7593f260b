"""Writes corpus.txt: 2,000 short sentences from a small grammar, seed 0.

    python3 make_corpus.py > corpus.txt

The grammar is known, so a model's samples can be judged: a good model writes words from the
word lists below and sentences that follow the pattern.
"""
import random

rng = random.Random(0)
ADJ = ["old", "little", "quiet", "green", "tall", "tired", "clever", "cold", "bright", "small"]
NOUN = ["fox", "farmer", "river", "miller", "teacher", "dog", "baker", "child", "boat", "bird"]
PLACE = ["mill", "market", "hill", "bridge", "station", "garden", "harbour", "school", "library", "forest"]
VERB = ["sees", "follows", "finds", "watches", "helps", "calls", "visits", "hears"]
MOVE = ["walks", "runs", "sails", "climbs", "comes", "goes", "flies", "drives"]
PREP = ["to", "past", "near", "from", "behind", "across"]
TIME = ["in the morning", "at night", "every day", "after the rain", "in winter", "before dawn"]


def np_(words):
    det = rng.choice(["the", "a"])
    if rng.random() < 0.5:
        return f"{det} {rng.choice(ADJ)} {rng.choice(words)}"
    return f"{det} {rng.choice(words)}"


def sentence():
    kind = rng.random()
    if kind < 0.4:
        s = f"{np_(NOUN)} {rng.choice(VERB)} {np_(NOUN)}"
    elif kind < 0.8:
        s = f"{np_(NOUN)} {rng.choice(MOVE)} {rng.choice(PREP)} {np_(PLACE)}"
    else:
        s = f"{np_(NOUN)} {rng.choice(MOVE)} {rng.choice(PREP)} {np_(PLACE)} {rng.choice(TIME)}"
    return s + "."


if __name__ == "__main__":
    lines = []
    for _ in range(400):
        lines.append(" ".join(sentence() for _ in range(5)))
    print("\n".join(lines))
