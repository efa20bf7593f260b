"""Tests of Section 15 (Fine-Tuning for Any Use Case): cleaning, deduplication, quality filters,
the chat format, the split by source, the eval harness, and the whole thing on the shipped data:
before and after, on the domain and on what the base model knew.

Interface (the overview states it):
    clean(text), normalize(text), jaccard(a, b), dedup(records, threshold=0.8)
    quality_filter(record, min_words=4) -> None | "empty" | "too_short" | "pii"
    to_chat(record, system=SYSTEM) -> {"messages": [...], "source"}
    split_by_source(examples, val_percent=25) -> (train, val);  source_leakage(train, val) -> int
    run_eval(respond, cases) -> {"score", "results"};  compare(before, after) -> {"delta", "improved", "regressed"}
words, NearestResponder, pairs_of, pipeline, random_split and load_jsonl are given.
"""
import random
import re
import unittest
import zlib

import exercise
from exercise import NearestResponder, load_jsonl, pairs_of

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.\w+")
PHONE = re.compile(r"\d[\d \-]{7,}\d")


def R(q, a, source="forum/thread-01"):
    return {"source": source, "question": q, "answer": a}


class CleanTest(unittest.TestCase):
    def test_clean_and_normalize(self):
        self.assertEqual(exercise.clean("  Use File &gt; Export.<br>Then   save. "), "Use File > Export. Then save.")
        self.assertEqual(exercise.clean("<p>Hi</p>\n\nthere"), "Hi there")
        self.assertEqual(exercise.normalize("  Use File &gt; Export "), "use file > export")

    def test_jaccard(self):
        self.assertAlmostEqual(exercise.jaccard({"a", "b"}, {"b", "c"}), 1 / 3)
        self.assertEqual(exercise.jaccard(set(), set()), 0.0)
        self.assertEqual(exercise.jaccard({"x"}, {"x"}), 1.0)


class DedupTest(unittest.TestCase):
    def test_exact_duplicates_after_normalizing(self):
        recs = [R("How do I export to PDF?", "Use File > Export > PDF."),
                R("  HOW DO I EXPORT TO PDF? ", "Use File &gt; Export &gt; PDF.", "forum/thread-02"),
                R("How do I export to PDF?", "Use File > Export > PDF.")]
        kept = exercise.dedup(recs)
        self.assertEqual(len(kept), 1, "case, spaces and HTML entities do not make a new example")
        self.assertIs(kept[0], recs[0], "the first occurrence is kept")

    def test_near_duplicates_need_both_question_and_answer(self):
        a = "Export it with the menu entry."
        recs = [R("export note pdf fast now", a),
                R("export note pdf fast today", a),            # question Jaccard 4/6: kept
                R("export note pdf fast now please", a),       # question Jaccard 5/6, same answer: dropped
                R("export note pdf fast now please", "A different answer entirely here.")]   # answer differs: kept
        kept = exercise.dedup(recs, threshold=0.8)
        self.assertEqual([recs.index(k) for k in kept], [0, 1, 3])


class FilterTest(unittest.TestCase):
    def test_reasons(self):
        f = exercise.quality_filter
        self.assertEqual(f(R("q?", "")), "empty")
        self.assertEqual(f(R("q?", " <br> ")), "empty", "an answer that is only HTML is empty once cleaned")
        self.assertEqual(f(R("q?", "+1")), "too_short")
        self.assertEqual(f(R("q?", "same here")), "too_short")
        self.assertEqual(f(R("q?", "Use the export menu.")), None)
        self.assertEqual(f(R("q?", "Use the export menu."), min_words=5), "too_short")
        self.assertEqual(f(R("q?", "Use the menu. I sent it to ada.3@example.com too.")), "pii")
        self.assertEqual(f(R("q?", "Use the menu, or call +32 470 12 05 34 today.")), "pii")
        self.assertEqual(f(R("q?", "Pro costs 4 euros per month, or 40 euros per year.")), None, "prices are not phone numbers")

    def test_to_chat(self):
        ex = exercise.to_chat(R("  How do I export?<br>", "Use File &gt; Export.", "docs/export"))
        self.assertEqual(ex["source"], "docs/export")
        self.assertEqual(ex["messages"], [{"role": "system", "content": exercise.SYSTEM},
                                          {"role": "user", "content": "How do I export?"},
                                          {"role": "assistant", "content": "Use File > Export."}])
        self.assertEqual(exercise.to_chat(R("a", "b"), system="S")["messages"][0]["content"], "S")


class SplitTest(unittest.TestCase):
    def setUp(self):
        self.examples = [exercise.to_chat(R(f"q{i}", f"answer number {i} here", f"forum/thread-{i % 9:02d}")) for i in range(45)]

    def test_by_source_is_a_hash_of_the_source(self):
        train, val = exercise.split_by_source(self.examples, 25)
        self.assertEqual(len(train) + len(val), 45)
        for e in val:
            self.assertLess(zlib.crc32(e["source"].encode()) % 100, 25)
        for e in train:
            self.assertGreaterEqual(zlib.crc32(e["source"].encode()) % 100, 25)
        self.assertEqual(exercise.source_leakage(train, val), 0, "no source on both sides")

    def test_stable_under_shuffling_and_additions(self):
        train, val = exercise.split_by_source(self.examples)
        shuffled = self.examples[:]
        random.Random(3).shuffle(shuffled)
        more = shuffled + [exercise.to_chat(R("new", "a new answer in here", "chat/ticket-9"))]
        train2, val2 = exercise.split_by_source(more)
        self.assertEqual({id(e) for e in val} - {id(e) for e in val2}, set(), "an example never changes side")

    def test_source_leakage_by_hand(self):
        ex = lambda s: {"source": s}  # noqa: E731
        self.assertEqual(exercise.source_leakage([ex("a"), ex("b")], [ex("a"), ex("c"), ex("a")]), 2)


class HarnessTest(unittest.TestCase):
    cases = [{"id": "c1", "prompt": "p1", "must_include": ["25 MB"]},
             {"id": "c2", "prompt": "p2", "must_include": ["Settings", "Offline"]},
             {"id": "c3", "prompt": "p3", "must_include": ["Ctrl+N"]}]

    def test_run_eval(self):
        replies = {"p1": "The limit is 25 mb per file.", "p2": "Go to settings.", "p3": "Press Ctrl+N."}
        out = exercise.run_eval(lambda p: replies[p], self.cases)
        self.assertEqual(out["results"], {"c1": True, "c2": False, "c3": True},
                         "every must_include phrase, ignoring case, must be in the response")
        self.assertAlmostEqual(out["score"], 2 / 3)

    def test_compare(self):
        before = {"score": 0.5, "results": {"a": True, "b": False, "c": True, "d": False}}
        after = {"score": 0.5, "results": {"a": False, "b": True, "c": True, "d": False}}
        self.assertEqual(exercise.compare(before, after), {"delta": 0.0, "improved": ["b"], "regressed": ["a"]},
                         "an unchanged score can hide a fix and a regression")


class ShippedDataTest(unittest.TestCase):
    def test_pipeline_split_and_eval_before_and_after(self):
        raw = load_jsonl("data/raw.jsonl")
        examples, report = exercise.pipeline(raw)
        self.assertEqual((report["raw"], report["after_dedup"], report["kept"]), (155, 99, 83))
        self.assertEqual(report["dropped"], {"empty": 2, "too_short": 6, "pii": 8})
        texts = [m["content"] for e in examples for m in e["messages"][1:]]
        pii = sum(bool(EMAIL.search(t) or PHONE.search(t)) for t in texts)
        self.assertEqual(pii, 0, "no e-mail address or phone number reaches the training data")
        self.assertFalse(any("<" in t or "&gt;" in t for t in texts), "no HTML left")
        train, val = exercise.split_by_source(examples)
        r_train, r_val = exercise.random_split(examples)
        cases = load_jsonl("data/eval.jsonl")
        domain = [c for c in cases if c["kind"] == "domain"]
        general = [c for c in cases if c["kind"] == "general"]
        general_pairs = [(g["question"], g["answer"]) for g in load_jsonl("data/general.jsonl")]
        base = NearestResponder().fit(general_pairs)                       # eval first: the base model
        tuned = NearestResponder().fit(pairs_of(train))                   # domain data only
        replay = NearestResponder().fit(pairs_of(train) + general_pairs)  # domain data + general data
        before_d, before_g = exercise.run_eval(base.respond, domain), exercise.run_eval(base.respond, general)
        tuned_g = exercise.run_eval(tuned.respond, general)
        after_d, after_g = exercise.run_eval(replay.respond, domain), exercise.run_eval(replay.respond, general)
        m = {"raw_records": report["raw"], "kept_examples": report["kept"], "pii_kept": pii,
             "train_examples": len(train), "val_examples": len(val),
             "leakage_source_split": exercise.source_leakage(train, val),
             "leakage_random_split": exercise.source_leakage(r_train, r_val),
             "eval_cases": len(cases), "domain_before": before_d["score"], "general_before": before_g["score"],
             "general_after_domain_only": tuned_g["score"],
             "regressions_domain_only": len(exercise.compare(before_g, tuned_g)["regressed"]),
             "domain_after": after_d["score"], "general_after_replay": after_g["score"],
             "regressions_replay": len(exercise.compare(before_g, after_g)["regressed"])}
        for name, value in m.items():
            log_metric(name, value)
        self.assertEqual(m["leakage_source_split"], 0)
        self.assertGreater(m["leakage_random_split"], 0, "a random split puts posts of one thread on both sides")
        self.assertLessEqual(m["domain_before"], 0.1, "the base model knows nothing of Quillbox")
        self.assertGreaterEqual(m["domain_after"], 0.8)
        self.assertEqual(m["regressions_domain_only"], 10, "trained on the domain alone, it forgets every general case")
        self.assertEqual(m["regressions_replay"], 0, "mixing the general data back in keeps them")


if __name__ == "__main__":
    unittest.main()
