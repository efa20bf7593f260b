"""Tests of Section 12 (Memory Systems): a window, a vector memory with a write filter and decay,
an episodic memory, the three measures, and all of them on the shipped eight-day conversation.

Interface (the overview states it):
    WindowMemory(size): write(turn), read(query, k=None, now=None) -> [texts]
    is_informative(turn, min_words=5) -> bool;  recency(age, half_life) -> float
    VectorMemory(half_life=None, write_filter=None): .items, write(turn), scores(query, now), read(query, k=3, now=None)
    EpisodicMemory(): .episodes, write(turn), read(query, k=1) -> [episodes]
    fact_recall(memory, questions, now, k=3); update_accuracy(memory, questions, now, k=3); episode_accuracy(memory, questions)
A turn is {"turn", "day", "role", "text"}. load_jsonl, content_words, embed and fill are given.
"""
import unittest

import numpy as np

import exercise
from exercise import embed

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def T(i, text, role="user", day=1):
    return {"turn": i, "day": day, "role": role, "text": text}


class FixedMemory:
    """A stand-in memory whose read() returns what the test says, to check the measures alone."""

    def __init__(self, answers):
        self.answers = answers

    def read(self, query, k=3, now=None):
        return self.answers[query][:k] if isinstance(self.answers[query], list) else self.answers[query]


class PiecesTest(unittest.TestCase):
    def test_window_keeps_the_last_turns(self):
        w = exercise.WindowMemory(3)
        for i in range(5):
            w.write(T(i, f"turn {i}"))
        self.assertEqual(w.read("anything"), ["turn 2", "turn 3", "turn 4"], "the last 3 turns, oldest first")

    def test_recency_halves_every_half_life(self):
        self.assertAlmostEqual(exercise.recency(0, 30), 1.0)
        self.assertAlmostEqual(exercise.recency(30, 30), 0.5)
        self.assertAlmostEqual(exercise.recency(60, 30), 0.25)
        self.assertAlmostEqual(exercise.recency(15, 30), 2 ** -0.5)
        self.assertEqual(exercise.recency(1000, None), 1.0, "no half-life: no decay")

    def test_write_filter(self):
        self.assertTrue(exercise.is_informative(T(0, "My bike lock code is 8352, my son keeps forgetting it.")))
        self.assertFalse(exercise.is_informative(T(0, "My bike lock code is 8352, my son keeps forgetting it.", role="assistant")),
                         "only user turns are written")
        self.assertFalse(exercise.is_informative(T(0, "Haha, thanks.")))
        self.assertFalse(exercise.is_informative(T(0, "Important for restaurants: I am allergic to shellfish.")),
                         "4 content words (important, restaurant, allergic, shellfish): below 5, not stored")
        self.assertTrue(exercise.is_informative(T(0, "Important for restaurants: I am allergic to shellfish."), min_words=4))

    def test_vector_scores_and_decay_by_hand(self):
        m = exercise.VectorMemory()
        m.write(T(0, "red car"))
        m.write(T(45, "red bike"))
        np.testing.assert_allclose(m.scores("red car", now=60), [1.0, 0.5], atol=1e-9,
                                   err_msg="no half-life: the score is the cosine")
        self.assertEqual(m.read("red car", k=2, now=60), ["red car", "red bike"])
        d = exercise.VectorMemory(half_life=30)
        d.write(T(0, "red car"))
        d.write(T(45, "red bike"))
        np.testing.assert_allclose(d.scores("red car", now=60), [1.0 * 0.25, 0.5 * 2 ** -0.5], atol=1e-9,
                                   err_msg="cos * 2 ** (-age / half_life): ages 60 and 15")
        self.assertEqual(d.read("red car", k=1, now=60), ["red bike"], "decay flips the order")

    def test_vector_write_filter_and_read_order(self):
        m = exercise.VectorMemory(write_filter=lambda t: t["role"] == "user")
        m.write(T(0, "the blue door"))
        m.write(T(1, "a blue door and a blue wall", role="assistant"))
        m.write(T(2, "the green door"))
        m.write(T(3, "the blue door"))
        self.assertEqual([i["turn"] for i in m.items], [0, 2, 3], "the filter decides what is written")
        self.assertEqual(set(m.items[0]) >= {"text", "turn", "vector"}, True)
        self.assertEqual(m.read("blue door", k=2, now=4), ["the blue door", "the blue door"])
        self.assertEqual(len(m.read("blue door", k=10, now=4)), 3, "k larger than the memory: everything")

    def test_vector_ties_go_to_the_later_turn(self):
        m = exercise.VectorMemory()
        m.write(T(0, "first note"))
        m.write(T(1, "second note"))
        m.write(T(2, "unrelated words"))
        self.assertEqual(m.read("zebra", k=3, now=3), ["unrelated words", "second note", "first note"],
                         "all scores 0: the later turn first")

    def test_episodes_are_days(self):
        e = exercise.EpisodicMemory()
        e.write(T(0, "we planned the picnic", day=1))
        e.write(T(1, "the weather looks sunny", role="assistant", day=1))
        e.write(T(2, "the boiler is broken again", day=2))
        e.write(T(3, "call the plumber about the boiler", day=2))
        self.assertEqual([ep["day"] for ep in e.episodes], [1, 2])
        self.assertEqual(e.episodes[0]["turns"], ["we planned the picnic", "the weather looks sunny"],
                         "an episode keeps every turn of its day")
        np.testing.assert_allclose(e.episodes[1]["vector"], embed("the boiler is broken again call the plumber about the boiler"),
                                   atol=1e-12, err_msg="the vector embeds the day's user turns joined by spaces")
        self.assertEqual(e.read("which day was the boiler broken", k=1)[0]["day"], 2)
        np.testing.assert_allclose(e.episodes[0]["vector"], embed("we planned the picnic"), atol=1e-12,
                                   err_msg="assistant turns are kept in 'turns' but not embedded")
        self.assertEqual([ep["day"] for ep in e.read("zebra", k=2)], [1, 2], "all scores 0: the earlier day first")

    def test_measures_by_hand(self):
        qs = [{"question": "a", "answer": "Ghent"}, {"question": "b", "answer": "8352"}]
        mem = FixedMemory({"a": ["x", "she lives in ghent", "y"], "b": ["x", "y", "z", "code 8352"]})
        self.assertAlmostEqual(exercise.fact_recall(mem, qs, now=10, k=3), 0.5, msg="8352 is only 4th: a miss at k=3")
        ups = [{"question": "a", "answer": "Skoda", "stale": "Yaris"},
               {"question": "b", "answer": "Thursday", "stale": "Tuesday"},
               {"question": "c", "answer": "oat", "stale": "flat white"}]
        mem = FixedMemory({"a": ["nothing", "I drive a Skoda now", "I drive a Yaris"],
                           "b": ["on Tuesday", "moved to Thursday"], "c": ["tea", "coffee"]})
        self.assertAlmostEqual(exercise.update_accuracy(mem, ups, now=10), 1 / 3,
                               msg="a: Skoda comes first (right); b: Tuesday first (stale); c: neither (wrong)")
        eps = [{"question": "a", "day": 3}, {"question": "b", "day": 5}]
        mem = FixedMemory({"a": [{"day": 3}], "b": [{"day": 4}]})
        self.assertAlmostEqual(exercise.episode_accuracy(mem, eps), 0.5)


class ShippedConversationTest(unittest.TestCase):
    """Eight days, 100 turns; 17 facts, 5 updated facts and 6 episode questions, asked at turn 100."""

    @classmethod
    def setUpClass(cls):
        cls.turns = exercise.load_jsonl("data/conversation.jsonl")
        qs = exercise.load_jsonl("data/questions.jsonl")
        cls.facts = [q for q in qs if q["kind"] == "fact"]
        cls.updates = [q for q in qs if q["kind"] == "update"]
        cls.episodes = [q for q in qs if q["kind"] == "episode"]
        cls.now = len(cls.turns)

    def test_memories_on_the_shipped_conversation(self):
        now, facts, updates = self.now, self.facts, self.updates
        window = exercise.fill(exercise.WindowMemory(20), self.turns)
        everything = exercise.fill(exercise.VectorMemory(), self.turns)
        filtered = exercise.fill(exercise.VectorMemory(write_filter=exercise.is_informative), self.turns)
        decayed = exercise.fill(exercise.VectorMemory(half_life=30, write_filter=exercise.is_informative), self.turns)
        strong = exercise.fill(exercise.VectorMemory(half_life=5, write_filter=exercise.is_informative), self.turns)
        episodic = exercise.fill(exercise.EpisodicMemory(), self.turns)
        m = {
            "window_recall": exercise.fact_recall(window, facts, now),
            "vector_recall_all": exercise.fact_recall(everything, facts, now),
            "stored_all": len(everything.items),
            "stored_filtered": len(filtered.items),
            "vector_recall_filtered": exercise.fact_recall(filtered, facts, now),
            "update_accuracy_no_decay": exercise.update_accuracy(filtered, updates, now),
            "vector_recall": exercise.fact_recall(decayed, facts, now),
            "update_accuracy_decay": exercise.update_accuracy(decayed, updates, now),
            "vector_recall_strong_decay": exercise.fact_recall(strong, facts, now),
            "episode_accuracy": exercise.episode_accuracy(episodic, self.episodes),
        }
        for name, value in m.items():
            log_metric(name, value)
        self.assertLessEqual(m["window_recall"], 0.3, "a 20-turn window holds only the facts of the last 20 turns")
        self.assertEqual(m["vector_recall_all"], 1.0, "storing every turn, every fact is found in the top 3")
        self.assertEqual((m["stored_all"], m["stored_filtered"]), (100, 27), "the filter keeps 27 of 100 turns")
        self.assertGreaterEqual(m["vector_recall"], 0.9, "filtered and decayed, 16 of 17 facts are still found")
        self.assertLessEqual(m["update_accuracy_no_decay"], 0.4, "without decay the older, closer wording wins")
        self.assertEqual(m["update_accuracy_decay"], 1.0, "with a half-life of 30 turns every update wins")
        self.assertLess(m["vector_recall_strong_decay"], m["vector_recall"],
                        "a half-life of 5 turns buries old facts under recent, weakly related turns")
        self.assertGreaterEqual(m["episode_accuracy"], 0.8)


if __name__ == "__main__":
    unittest.main()
