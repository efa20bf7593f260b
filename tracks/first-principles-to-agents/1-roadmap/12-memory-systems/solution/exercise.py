"""Section 12 (Memory Systems): three memories for an assistant, measured on eight days of chat.

A short-term window (the last turns, as a prompt would hold them), a long-term vector memory
(write what is worth keeping, read by similarity, optionally decayed by age) and an episodic
memory (one record per day: what happened, and when). The questions at the end of the
conversation measure what each one still recalls.

    python3 exercise.py              # recall of each memory on the shipped conversation
    trail check memory-systems       # runs the tests

Only numpy (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import json
import re
import zlib

import numpy as np

STOPWORDS = set("""a an the and or but if of to in on at by for with from as is are was were be been am
i me my we our you your he she her him it its they them this that these those do does did have has
had will would can could should so too very just not no yes ok okay please thanks thank what which who
whom when where why how there here all any some about s t let lets""".split())


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def content_words(text):
    """Lower-case words without stopwords, a final 's' cut from words longer than 3 letters."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in STOPWORDS]


def embed(text, dim=4096):
    """A hashed bag of content words, scaled to length 1 (all zeros when there is none)."""
    v = np.zeros(dim)
    for w in content_words(text):
        v[zlib.crc32(w.encode()) % dim] += 1.0
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


# ---------------------------------------------------------------- short-term

class WindowMemory:
    """Short-term memory: the last `size` turns, whatever they say."""

    def __init__(self, size):
        self.size = size
        self.turns = []

    def write(self, turn):
        self.turns.append(turn)
        if len(self.turns) > self.size:
            self.turns.pop(0)

    def read(self, query, k=None, now=None):
        """The texts of the turns in the window, oldest first (the query does not matter)."""
        return [t["text"] for t in self.turns]


# ---------------------------------------------------------------- long-term

def is_informative(turn, min_words=5):
    """Write filter: keep user turns with at least min_words content words."""
    return turn["role"] == "user" and len(content_words(turn["text"])) >= min_words


def recency(age, half_life):
    """2 ** (-age / half_life): 1 now, 0.5 after one half-life; 1 for every age when half_life is None."""
    if half_life is None:
        return 1.0
    return 2.0 ** (-age / half_life)


class VectorMemory:
    """Long-term memory: items {"text", "turn", "vector"}, read by similarity, optionally decayed.

    score(item) = cos(query, item) * recency(now - item["turn"], half_life)
    write_filter(turn) -> bool decides what is stored (None: every turn).
    """

    def __init__(self, half_life=None, write_filter=None):
        self.half_life = half_life
        self.write_filter = write_filter
        self.items = []

    def write(self, turn):
        if self.write_filter is None or self.write_filter(turn):
            self.items.append({"text": turn["text"], "turn": turn["turn"], "vector": embed(turn["text"])})

    def scores(self, query, now):
        """One score per item, in the order of self.items (a numpy array)."""
        q = embed(query)
        return np.array([(item["vector"] @ q) * recency(now - item["turn"], self.half_life) for item in self.items])

    def read(self, query, k=3, now=None):
        """The texts of the k items with the highest score, best first (ties: the later turn first)."""
        s = self.scores(query, now)
        order = sorted(range(len(self.items)), key=lambda i: (-s[i], -self.items[i]["turn"]))
        return [self.items[i]["text"] for i in order[:k]]


# ---------------------------------------------------------------- episodic

class EpisodicMemory:
    """Episodes: one per day, {"day", "turns": [texts], "vector"}, the vector embedding the day's
    user turns joined by spaces. read(query, k) returns the k most similar episodes."""

    def __init__(self):
        self.episodes = []

    def write(self, turn):
        if not self.episodes or self.episodes[-1]["day"] != turn["day"]:
            self.episodes.append({"day": turn["day"], "turns": [], "user_text": []})
        episode = self.episodes[-1]
        episode["turns"].append(turn["text"])
        if turn["role"] == "user":
            episode["user_text"].append(turn["text"])
        episode["vector"] = embed(" ".join(episode["user_text"]))

    def read(self, query, k=1, now=None):
        """The k episodes most similar to the query, best first (ties: the earlier day first)."""
        q = embed(query)
        order = sorted(self.episodes, key=lambda e: (-(e["vector"] @ q), e["day"]))
        return order[:k]


# ---------------------------------------------------------------- measuring

def fill(memory, turns):
    """Write every turn into the memory, in order; return the memory."""
    for turn in turns:
        memory.write(turn)
    return memory


def fact_recall(memory, questions, now, k=3):
    """Share of questions whose answer appears (ignoring case) in one of memory.read(question, k, now)."""
    hits = 0
    for q in questions:
        texts = memory.read(q["question"], k=k, now=now)
        hits += any(q["answer"].lower() in t.lower() for t in texts)
    return hits / len(questions)


def update_accuracy(memory, questions, now, k=3):
    """Share of updated facts answered with the current value: among memory.read(question, k, now),
    the first text that holds the answer or the stale value holds the answer (none: wrong)."""
    right = 0
    for q in questions:
        for text in memory.read(q["question"], k=k, now=now):
            low = text.lower()
            if q["answer"].lower() in low or q["stale"].lower() in low:
                right += q["answer"].lower() in low
                break
    return right / len(questions)


def episode_accuracy(memory, questions):
    """Share of episode questions whose best episode (read with k=1) is the right day."""
    return sum(memory.read(q["question"], k=1)[0]["day"] == q["day"] for q in questions) / len(questions)


if __name__ == "__main__":
    turns = load_jsonl("data/conversation.jsonl")
    questions = load_jsonl("data/questions.jsonl")
    facts = [q for q in questions if q["kind"] == "fact"]
    updates = [q for q in questions if q["kind"] == "update"]
    episodes = [q for q in questions if q["kind"] == "episode"]
    now = len(turns)
    print(f"{len(turns)} turns; questions asked at turn {now}")
    window = fill(WindowMemory(20), turns)
    print(f"window of 20 turns      fact recall {fact_recall(window, facts, now):.2f}")
    for name, memory in [("vector, everything", VectorMemory()),
                         ("vector, filtered", VectorMemory(write_filter=is_informative)),
                         ("vector, half-life 30", VectorMemory(half_life=30, write_filter=is_informative)),
                         ("vector, half-life 5", VectorMemory(half_life=5, write_filter=is_informative))]:
        fill(memory, turns)
        print(f"{name:24s}{len(memory.items):4d} items, fact recall {fact_recall(memory, facts, now):.2f}, "
              f"updates right {update_accuracy(memory, updates, now):.2f}")
    episodic = fill(EpisodicMemory(), turns)
    print(f"episodic                {len(episodic.episodes)} episodes, right day {episode_accuracy(episodic, episodes):.2f}")
