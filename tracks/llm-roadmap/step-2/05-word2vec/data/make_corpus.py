"""Makes data/corpus.txt: 2,500 short sentences about a farm, from templates with word classes.

    python3 data/make_corpus.py     # writes data/corpus.txt again, byte for byte the same

Every sentence picks a template and fills each slot with a word of the slot's class, uniformly,
with random.Random(11). Words of one class appear in the same kinds of context ("the ___ eats
the bread", "a cup of ___"), which is exactly what word2vec turns into nearby vectors:

    people:  farmer baker teacher doctor child woman
    animals: cat dog horse cow sheep goat
    foods:   bread cheese apple soup rice cake
    drinks:  water milk tea coffee juice wine
    places:  kitchen garden barn field forest market
"""
import os
import random

CLASSES = {
    "P": ["farmer", "baker", "teacher", "doctor", "child", "woman"],
    "A": ["cat", "dog", "horse", "cow", "sheep", "goat"],
    "F": ["bread", "cheese", "apple", "soup", "rice", "cake"],
    "D": ["water", "milk", "tea", "coffee", "juice", "wine"],
    "L": ["kitchen", "garden", "barn", "field", "forest", "market"],
}
TEMPLATES = [
    "the {P} eats the {F}",
    "the {P} buys {F} at the {L}",
    "the {P} drinks a cup of {D}",
    "the {P} pours {D} for the {P}",
    "the {P} feeds the {A}",
    "the {A} sleeps in the {L}",
    "the {A} runs across the {L}",
    "the {A} eats grass near the {L}",
    "a slice of {F} and a glass of {D}",
    "the {P} walks to the {L} with the {A}",
    "the {P} bakes {F} in the {L}",
    "the {A} follows the {P}",
    "a bowl of {F} for the {P}",
    "the {P} sells {D} at the {L}",
]


def sentence(rng):
    template = rng.choice(TEMPLATES)
    out = []
    for word in template.split():
        out.append(rng.choice(CLASSES[word[1]]) if word.startswith("{") else word)
    return " ".join(out)


if __name__ == "__main__":
    rng = random.Random(11)
    lines = [sentence(rng) for _ in range(2500)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} sentences, {sum(len(l.split()) for l in lines)} tokens to {path}")
