"""How data/corpus.txt was made: sentences drawn from a small grammar with a fixed seed.

    python3 data/make_corpus.py        (writes data/corpus.txt; the same file every time)

Every sentence is  Subject Verb [Object] [Place] .  with
    Subject, Object = (the | a) [adjective] noun
so the corpus has a small vocabulary (words.txt lists it) and a structure a small model can
learn in seconds. Sentences are grouped four to a line.
"""
import random

DETERMINERS = ["the", "a"]
ADJECTIVES = ["small", "tall", "red", "quiet", "happy", "brown", "young"]
NOUNS = ["cat", "dog", "bird", "fox", "farmer", "girl", "boy", "teacher", "baker", "horse"]
TRANSITIVE = ["sees", "likes", "follows", "helps", "finds", "feeds", "watches", "calls"]
INTRANSITIVE = ["sleeps", "runs", "sings", "waits", "smiles", "rests", "jumps"]
PLACES = ["in the garden", "by the river", "near the house", "at night", "in the morning",
          "on the hill", "after the rain", "under the tree"]


def noun_phrase(rng):
    words = [rng.choice(DETERMINERS)]
    if rng.random() < 0.4:
        words.append(rng.choice(ADJECTIVES))
    words.append(rng.choice(NOUNS))
    return " ".join(words)


def sentence(rng):
    if rng.random() < 0.6:
        words = [noun_phrase(rng), rng.choice(TRANSITIVE), noun_phrase(rng)]
    else:
        words = [noun_phrase(rng), rng.choice(INTRANSITIVE)]
    if rng.random() < 0.5:
        words.append(rng.choice(PLACES))
    text = " ".join(words) + "."
    return text[0].upper() + text[1:]


def vocabulary():
    words = set(DETERMINERS + ADJECTIVES + NOUNS + TRANSITIVE + INTRANSITIVE)
    for place in PLACES:
        words.update(place.split())
    return sorted(words)


def main(n_lines=600, seed=1234):
    rng = random.Random(seed)
    lines = [" ".join(sentence(rng) for _ in range(4)) for _ in range(n_lines)]
    with open("data/corpus.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open("data/words.txt", "w") as f:
        f.write("\n".join(vocabulary()) + "\n")


if __name__ == "__main__":
    main()
