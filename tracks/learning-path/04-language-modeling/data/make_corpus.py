"""Writes data/corpus.txt: short sentences about a harbour town, drawn from a small grammar with a
fixed seed. Run from the stage folder: python3 data/make_corpus.py. Standard library only."""
import random

SUBJECTS = ["the old sailor", "the baker", "a small boy", "the fisherman", "my sister", "the captain",
            "a grey cat", "the harbour master", "the widow", "two children", "the keeper of the light",
            "a stranger"]
VERBS = ["mended", "carried", "painted", "sold", "found", "watched", "counted", "lost", "cleaned", "opened"]
OBJECTS = ["the nets", "a basket of bread", "the blue boat", "three lanterns", "the heavy rope",
           "a letter", "the shutters", "an old map", "the red door", "a bag of salt"]
PLACES = ["by the pier", "near the lighthouse", "on the hill", "in the market", "at the inn",
          "behind the church", "along the sea wall", "under the bridge"]
TIMES = ["at dawn", "before the storm", "in the evening", "on sunday", "after the tide turned",
         "when the bells rang", "late at night", "in the morning"]
WEATHER = ["the wind was cold", "the sea was calm", "rain fell on the roofs", "the fog came in",
           "the sky was clear", "gulls cried over the water"]
SAYINGS = ["we will sail tomorrow", "the fish are late this year", "keep the lamp burning",
           "bring the boat home", "nobody goes out in this weather", "the bread is still warm"]


def sentence(rng):
    kind = rng.random()
    if kind < 0.45:
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        if rng.random() < 0.5:
            s += f" {rng.choice(TIMES)}"
        return s + "."
    if kind < 0.65:
        return f"{rng.choice(TIMES)}, {rng.choice(WEATHER)}."
    if kind < 0.85:
        return f"\"{rng.choice(SAYINGS)},\" said {rng.choice(SUBJECTS)}."
    first, second = rng.sample(SUBJECTS, 2)
    return f"{first} and {second} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."


def main(n_paragraphs=170, seed=0):
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(n_paragraphs):
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
    with open("data/corpus.txt", "w") as f:
        f.write("\n".join(paragraphs) + "\n")


if __name__ == "__main__":
    main()
