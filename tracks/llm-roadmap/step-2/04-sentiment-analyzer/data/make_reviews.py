"""Makes data/reviews.tsv: 600 short made-up movie reviews, each labelled by a stated rule.

    python3 data/make_reviews.py     # writes data/reviews.tsv again, byte for byte the same

Each review is 1 or 3 opinion clauses and 0 to 2 neutral clauses, shuffled, joined by
punctuation (and now and then by "and"), drawn with random.Random(7). An opinion clause
carries one sentiment word (an adjective or a verb) of polarity +1 or -1, and is negated
("not", "never", "didn't", "wasn't", ...) with probability 0.4, which flips its polarity.

    label = pos if the sum of the clauses' polarities is > 0, else neg

(1 or 3 opinion clauses, so the sum is never 0.) Verbs come in several forms (love, loves,
loved, loving) so that stemming and lemmatization have something to do.
"""
import os
import random
import re

POS_ADJ = ["great", "wonderful", "brilliant", "charming", "superb", "funny", "moving", "delightful"]
NEG_ADJ = ["boring", "dull", "awful", "terrible", "clumsy", "predictable", "forgettable", "tedious"]
# (base, third person, past, -ing)
POS_VERB = [("love", "loves", "loved", "loving"), ("enjoy", "enjoys", "enjoyed", "enjoying"),
            ("adore", "adores", "adored", "adoring"), ("like", "likes", "liked", "liking")]
NEG_VERB = [("hate", "hates", "hated", "hating"), ("dislike", "dislikes", "disliked", "disliking"),
            ("regret", "regrets", "regretted", "regretting"), ("resent", "resents", "resented", "resenting")]
NOUNS = ["the acting", "the plot", "the script", "the soundtrack", "the ending", "the cast",
         "the dialogue", "the camera work", "this movie", "the film", "the story", "the pacing"]
PEOPLE = ["my sister", "my friend", "my dad", "everyone in the row", "the critic next to me"]
NEUTRAL = ["i watched it on a friday", "it runs about two hours", "the cinema was half full",
           "i went with two friends", "it is based on a novel", "the director is new",
           "we had popcorn", "it opened last week", "i saw the late show", "there is a sequel planned"]


def adjective_clause(rng, polarity, negated):
    adj = rng.choice(POS_ADJ if polarity > 0 else NEG_ADJ)
    noun = rng.choice(NOUNS)
    if not negated:
        return f"{noun} {rng.choice(['was', 'is', 'felt', 'seemed'])} {adj}"
    return rng.choice([f"{noun} was not {adj}", f"{noun} wasn't {adj}", f"{noun} is not {adj}",
                       f"{noun} isn't {adj}", f"{noun} never felt {adj}", f"{noun} was never {adj}"])


def verb_clause(rng, polarity, negated):
    base, third, past, ing = rng.choice(POS_VERB if polarity > 0 else NEG_VERB)
    noun = rng.choice(NOUNS)
    who = rng.choice(PEOPLE)
    if not negated:
        return rng.choice([f"i {past} {noun}", f"i {base} {noun}", f"{who} {third} {noun}",
                           f"i kept {ing} {noun}", f"honestly i {past} it"])
    return rng.choice([f"i did not {base} {noun}", f"i didn't {base} {noun}", f"{who} doesn't {base} {noun}",
                       f"i never {past} {noun}", f"{who} does not {base} it"])


def review(rng):
    clauses, total = [], 0
    for _ in range(rng.choice([1, 3])):
        polarity = rng.choice([1, -1])
        negated = rng.random() < 0.4
        make = adjective_clause if rng.random() < 0.55 else verb_clause
        clauses.append(make(rng, polarity, negated))
        total += -polarity if negated else polarity
    clauses += rng.sample(NEUTRAL, rng.choice([0, 1, 1, 2]))
    rng.shuffle(clauses)
    text = clauses[0][0].upper() + clauses[0][1:]
    for clause in clauses[1:]:
        joint = rng.choice([". ", ", ", "; ", ", but ", "! ", " and "])
        text += joint + (clause[0].upper() + clause[1:] if joint in (". ", "! ") else clause)
    text = re.sub(r"\bi\b", "I", text) + rng.choice([".", "!", "."])
    return ("pos" if total > 0 else "neg"), text


if __name__ == "__main__":
    rng = random.Random(7)
    rows = [review(rng) for _ in range(600)]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reviews.tsv")
    with open(path, "w") as f:
        f.write("label\ttext\n")
        for label, text in rows:
            f.write(f"{label}\t{text}\n")
    print(f"wrote {len(rows)} reviews to {path}: {sum(l == 'pos' for l, _ in rows)} pos")
