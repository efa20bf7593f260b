"""Unit tests of the memory's parts, with tiny fake models and the shipped embedding: the write
policy (importance, one item per key, robust parsing), short-term memory, episodes, read (k,
relevance, order, refresh) and forget (the retention formula). The harness runs and counts them
(unit_pass); `trail check` also lists each one.
"""
import json
import unittest

import embedding
import memory


def facts_model(table, summary="Day 0: a summary."):
    """A fake model: for an extraction request, the facts listed for the first message of `table`
    whose text is in the last user message; for a request that mentions "summar", the summary."""
    calls = []

    def model(messages):
        calls.append(messages)
        last = messages[-1]["content"]
        if "summar" in last.lower():
            return summary
        for text, reply in table.items():
            if text in last:
                return reply if isinstance(reply, str) else json.dumps({"facts": reply})
        return json.dumps({"facts": []})
    model.calls = calls
    return model


def fact(key, text, importance):
    return {"key": key, "text": text, "importance": importance}


def event(text, time, role="user", session=1):
    return {"session": session, "time": time, "role": role, "text": text}


def texts(items):
    return [i["text"] for i in items]


class WritePolicyTest(unittest.TestCase):
    def test_facts_are_stored_and_found(self):
        model = facts_model({"I live in Lyon": [fact("home_city", "home city is Lyon", 0.9)]})
        m = memory.Memory(model=model, embed=embedding.embed)
        m.write(event("I live in Lyon", 0.0))
        items = m.read("What is the home city?", k=3, now=0.0)
        self.assertEqual(texts(items), ["home city is Lyon"])
        self.assertEqual(items[0]["kind"], "fact")
        self.assertIsInstance(items[0]["score"], float)
        self.assertTrue(any("I live in Lyon" in m["content"] for m in model.calls[0]),
                        "the extraction request holds the message's text word for word")

    def test_unimportant_facts_are_not_stored(self):
        model = facts_model({"nice weather": [fact("weather", "weather is nice today", 0.1)]})
        m = memory.Memory(model=model, embed=embedding.embed, min_importance=0.3)
        m.write(event("nice weather", 0.0))
        self.assertEqual(m.read("How is the weather today?", k=3, now=0.0), [], "importance 0.1 < min_importance 0.3")

    def test_one_item_per_key_the_newest_value_wins(self):
        model = facts_model({"I live in Lyon.": [fact("home_city", "home city is Lyon", 0.9)],
                             "I moved to Berlin!": [fact("home_city", "home city is Berlin", 0.9)]})
        m = memory.Memory(model=model, embed=embedding.embed)
        for i, text in enumerate(["I live in Lyon.", "I live in Lyon.", "I moved to Berlin!"]):
            m.write(event(text, float(i)))
        self.assertEqual(texts(m.read("home city", k=5, now=3.0)), ["home city is Berlin"],
                         "an update replaces the old value, and a repeat is not stored twice")

    def test_fenced_and_broken_replies(self):
        fenced = "Sure:\n```json\n" + json.dumps({"facts": [fact("blood", "blood type is O negative", 1.0)]}) + "\n```"
        model = facts_model({"For the record, my blood type is O negative.": fenced,
                             "My bike is a green Brompton.": '{"facts": [{"key": "bike", "text": "green bike"'})
        m = memory.Memory(model=model, embed=embedding.embed)
        m.write(event("For the record, my blood type is O negative.", 0.0))
        m.write(event("My bike is a green Brompton.", 0.1))   # a broken reply: store nothing, raise nothing
        self.assertEqual(texts(m.read("What is the blood type?", k=3, now=0.2)), ["blood type is O negative"])

    def test_assistant_messages_are_kept_short_term(self):
        model = facts_model({})
        m = memory.Memory(model=model, embed=embedding.embed, short_term_size=2)
        for i, (role, text) in enumerate([("user", "one"), ("assistant", "two"), ("user", "three")]):
            m.write(event(text, i, role=role))
        self.assertEqual(m.short_term(), ["two", "three"], "short-term memory: the last short_term_size messages, in order")
        m.end_session(3.0)
        self.assertEqual(m.short_term(), [], "a finished session leaves short-term memory")


class EpisodeTest(unittest.TestCase):
    def test_end_session_writes_one_dated_episode(self):
        model = facts_model({}, summary="Day 0: we planned a trip to Lisbon.")
        m = memory.Memory(model=model, embed=embedding.embed)
        m.write(event("let us plan a trip", 0.0))
        m.write(event("Lisbon it is", 0.1, role="assistant"))
        before = len(model.calls)
        m.end_session(0.2)
        self.assertEqual(len(model.calls) - before, 1, "one model call summarizes the session")
        self.assertIn("let us plan a trip", model.calls[-1][-1]["content"], "the summary request holds the session's messages")
        items = m.read("Which trip did we plan?", k=3, now=1.0)
        self.assertEqual([(i["kind"], i["text"]) for i in items], [("episode", "Day 0: we planned a trip to Lisbon.")])


class ReadTest(unittest.TestCase):
    def setUp(self):
        table = {f"Message number {i}.": [fact(f"topic_{i}", t, 0.8)] for i, t in enumerate(
            ["cat named Pixel", "cat food brand Purrfect", "dog named Fjord", "home city is Osaka"])}
        self.m = memory.Memory(model=facts_model(table), embed=embedding.embed)
        for i in range(4):
            self.m.write(event(f"Message number {i}.", float(i)))

    def test_at_most_k_best_first_and_only_relevant(self):
        items = self.m.read("What is the cat named?", k=1, now=4.0)
        self.assertEqual(texts(items), ["cat named Pixel"], "k=1: the single best match")
        items = self.m.read("cat", k=5, now=4.0)
        self.assertEqual(sorted(texts(items)), ["cat food brand Purrfect", "cat named Pixel"],
                         "items that share nothing with the query are not returned, even when k allows more")
        self.assertEqual([i["score"] for i in items], sorted((i["score"] for i in items), reverse=True), "best first")
        self.assertEqual(self.m.read("", k=3, now=4.0), [], "an empty query finds nothing")


class ForgetTest(unittest.TestCase):
    def make(self, importance):
        m = memory.Memory(model=facts_model({"I park in spot B12.": [fact("parking", "parking spot is B12", importance)]}),
                          embed=embedding.embed, half_life_days=60.0, forget_below=0.25)
        m.write(event("I park in spot B12.", 0.0))
        return m

    def test_retention_formula(self):
        # importance 0.5: half-life 60 × 0.5 = 30 days; 0.5 ** (59 / 30) = 0.256 is kept, 0.5 ** (61 / 30) = 0.244 is not
        m = self.make(0.5)
        self.assertEqual(m.forget(59.0), 0)
        self.assertEqual(texts(m.read("parking spot", k=3, now=59.0)), ["parking spot is B12"])
        m = self.make(0.5)
        self.assertEqual(m.forget(61.0), 1, "forget returns how many items it dropped")
        self.assertEqual(m.read("parking spot", k=3, now=61.0), [])

    def test_reading_refreshes(self):
        m = self.make(0.5)
        m.read("parking spot", k=3, now=50.0)   # used on day 50: its clock restarts
        self.assertEqual(m.forget(100.0), 0, "50 days after its last use: 0.5 ** (50/30) = 0.31 ≥ 0.25")

    def test_important_facts_last_longer(self):
        m = self.make(1.0)
        self.assertEqual(m.forget(110.0), 0, "importance 1.0: half-life 60 days, 0.5 ** (110/60) = 0.28")


if __name__ == "__main__":
    unittest.main()
