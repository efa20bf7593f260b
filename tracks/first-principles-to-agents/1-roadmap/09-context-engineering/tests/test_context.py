"""Tests of Section 9 (Context Engineering): the context builder under a budget, three ways to
compress a conversation, the map-reduce summary with a fake model, and the measured trade-off.

Interface (the overview states it):
    build_context(system, question, items, budget) -> {"messages", "used", "tokens"}
    keep_recent(turns, budget); select_relevant(turns, query, budget); chunk_turns(turns, chunk_tokens)
    summarize(turns, model, chunk_tokens, max_tokens) -> str
    fact_recall(context, questions) -> float;  record_example(path, question, messages, answer, correct)
count_tokens, render, turn_tokens, content_words and SUMMARY_PROMPT are given in exercise.py.
"""
import json
import os
import re
import tempfile
import unittest

import exercise
from exercise import count_tokens, render, turn_tokens

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def load(name):
    with open(os.path.join("data", name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fake_summarizer(calls):
    """A deterministic stand-in for a model: keeps the user's sentences that hold a number or a
    proper noun (a capital letter inside the sentence, other than 'I'), drops everything else."""
    def model(messages):
        calls.append(messages)
        keep = []
        for line in messages[-1]["content"].splitlines():
            if line.startswith("assistant:"):
                continue
            line = re.sub(r"^user: ", "", line)
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if re.search(r"\d", sentence) or re.search(r"\s(?!I\b)[A-Z]", sentence):
                    keep.append(sentence)
        return " ".join(keep)
    return model


def turn(role, n_chars, tag):
    """A turn whose rendered line 'role: text' has exactly n_chars characters."""
    prefix = f"{role}: {tag} "
    return {"role": role, "text": f"{tag} " + "x" * (n_chars - len(prefix))}


class BuildContextTest(unittest.TestCase):
    system, question = "Be brief.", "Why?"                   # 3 and 1 tokens

    def items(self):
        return [{"id": "a", "text": "x" * 20, "score": 0.2},   # 5 tokens
                {"id": "b", "text": "y" * 40, "score": 0.9},   # 10 tokens
                {"id": "c", "text": "z" * 32, "score": 0.5},   # 8 tokens
                {"id": "d", "text": "w" * 8, "score": 0.5}]    # 2 tokens

    def test_worked_example(self):
        ctx = exercise.build_context(self.system, self.question, self.items(), budget=20)
        self.assertEqual(ctx["used"], ["b", "d"],
                         "4 for system and question; b (score 0.9, 10 tokens) makes 14; c (0.5, 8) would make 22: "
                         "skipped; d (0.5, 2) makes 16; a (0.2, 5) would make 21: skipped")
        self.assertEqual(ctx["tokens"], 16)

    def test_greedy_by_score_skips_what_does_not_fit_and_keeps_order(self):
        ctx = exercise.build_context(self.system, self.question, self.items(), budget=21)
        self.assertEqual(ctx["used"], ["a", "b", "d"], "chosen b, then c does not fit, d and a do; listed in item order")
        self.assertEqual(ctx["tokens"], 3 + 1 + 10 + 2 + 5)
        system, user = ctx["messages"]
        self.assertEqual(system, {"role": "system", "content": self.system})
        self.assertEqual(user["role"], "user")
        self.assertEqual(user["content"], "Context:\n" + "x" * 20 + "\n" + "y" * 40 + "\n" + "w" * 8 + "\n\nQuestion: Why?")

    def test_ties_go_to_the_earlier_item_and_the_budget_is_never_exceeded(self):
        items = [{"id": i, "text": "q" * 12, "score": 1.0} for i in "pqrs"]   # 3 tokens each
        ctx = exercise.build_context(self.system, self.question, items, budget=13)
        self.assertEqual(ctx["used"], ["p", "q", "r"], "equal scores: earlier items first")
        self.assertLessEqual(ctx["tokens"], 13)

    def test_system_and_question_must_fit(self):
        with self.assertRaises(ValueError):
            exercise.build_context(self.system, self.question, self.items(), budget=3)


class CompressionTest(unittest.TestCase):
    def test_keep_recent_stops_at_the_first_turn_that_does_not_fit(self):
        turns = [turn("user", 4 * 10, "t0"), turn("user", 4 * 4, "t1"), turn("user", 4 * 20, "t2"),
                 turn("user", 4 * 3, "t3"), turn("user", 4 * 4, "t4")]
        self.assertEqual([turn_tokens(t) for t in turns], [10, 4, 20, 3, 4])
        self.assertEqual(exercise.keep_recent(turns, 10), turns[3:],
                         "t4 (4) and t3 (3) fit; t2 (20) does not, and the older t1 is not taken either")
        self.assertEqual(exercise.keep_recent(turns, 30), turns[2:], "4 + 3 + 20 = 27; t1 would make 31")
        self.assertEqual(exercise.keep_recent(turns, 31), turns[1:])
        self.assertEqual(exercise.keep_recent(turns, 2), [], "even the last turn does not fit")

    def test_select_relevant_scores_by_shared_content_words(self):
        turns = [{"role": "user", "text": "My flight to Lisbon is on 14 May."},
                 {"role": "assistant", "text": "Nice, Lisbon is lovely."},
                 {"role": "user", "text": "The weather is strange."},
                 {"role": "user", "text": "The flight leaves at 07:40 from Lisbon."}]
        query = "When does my flight to Lisbon leave?"
        got = exercise.select_relevant(turns, query, budget=100)
        self.assertEqual(got, [turns[0], turns[1], turns[3]], "turns sharing no content word are never chosen")
        small = exercise.select_relevant(turns, query, budget=turn_tokens(turns[3]) + turn_tokens(turns[1]))
        self.assertEqual(small, [turns[1], turns[3]],
                         "turns 0 and 3 tie (flight, lisbon; 'leaves' is not 'leave'): the later, turn 3, goes first; "
                         "turn 0 then no longer fits; turn 1 (lisbon) does")

    def test_chunk_turns_groups_consecutive_turns(self):
        turns = [turn("user", 4 * n, f"t{i}") for i, n in enumerate([5, 5, 12, 30, 3, 3])]
        groups = exercise.chunk_turns(turns, 12)
        self.assertEqual([[t["text"][:2] for t in g] for g in groups],
                         [["t0", "t1"], ["t2"], ["t3"], ["t4", "t5"]],
                         "5 + 5 = 10 fits 12; 12 alone; 30 is too long and stands alone; 3 + 3")
        self.assertEqual([t for g in groups for t in g], turns, "every turn, once, in order")


class SummarizeTest(unittest.TestCase):
    def setUp(self):
        self.turns = load("conversation.jsonl")

    def test_map_calls_one_per_chunk_with_the_prompt_and_the_rendered_chunk(self):
        calls = []
        summary = exercise.summarize(self.turns, fake_summarizer(calls), chunk_tokens=200, max_tokens=200)
        groups = exercise.chunk_turns(self.turns, 200)
        self.assertEqual(len(calls), len(groups), "one call per chunk when the joined summaries fit")
        for messages, group in zip(calls, groups):
            self.assertEqual(messages[0], {"role": "system",
                                           "content": exercise.SUMMARY_PROMPT.format(limit=200 // len(groups))})
            self.assertEqual(messages[-1], {"role": "user", "content": render(group)})
        self.assertLessEqual(count_tokens(summary), 200)
        self.assertIn("48213", summary)

    def test_reduce_runs_at_most_twice_then_cuts(self):
        calls = []
        summary = exercise.summarize(self.turns, fake_summarizer(calls), chunk_tokens=200, max_tokens=120)
        groups = exercise.chunk_turns(self.turns, 200)
        self.assertEqual(len(calls), len(groups) + 2,
                         "the joined summaries are too long: two reduce calls, then give up and cut")
        self.assertEqual(calls[-1][0]["content"], exercise.SUMMARY_PROMPT.format(limit=120))
        self.assertLessEqual(count_tokens(summary), 120, "the result never exceeds max_tokens")
        self.assertEqual(len(summary), 480, "cut to the first 4 * max_tokens characters")


class MeasureTest(unittest.TestCase):
    def test_fact_recall_and_record_example(self):
        qs = [{"answer": "14 May"}, {"answer": "Mira"}]
        self.assertEqual(exercise.fact_recall("the flight is on 14 may", qs), 0.5)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "log.jsonl")
            msgs = [{"role": "system", "content": "abcd"}, {"role": "user", "content": "abcdefgh"}]
            exercise.record_example(path, "When?", msgs, "On 14 May.", True)
            exercise.record_example(path, "Who?", msgs, "No idea.", 0)
            with open(path) as f:
                rows = [json.loads(line) for line in f]
        self.assertEqual(len(rows), 2, "one line per call, appended")
        self.assertEqual(rows[0], {"question": "When?", "context_tokens": 3, "messages": msgs,
                                   "answer": "On 14 May.", "correct": True})
        self.assertIs(rows[1]["correct"], False)

    def test_compression_versus_recall(self):
        turns, questions = load("conversation.jsonl"), load("questions.jsonl")
        total = sum(turn_tokens(t) for t in turns)
        for share in (5, 10, 20, 40):
            budget = int(share / 100 * total)
            recent = exercise.fact_recall(render(exercise.keep_recent(turns, budget)), questions)
            relevant = sum(exercise.fact_recall(render(exercise.select_relevant(turns, q["question"], budget)), [q])
                           for q in questions) / len(questions)
            log_metric(f"recall_recent_{share}pct", recent)
            log_metric(f"recall_relevant_{share}pct", relevant)
        for max_tokens in (40, 80, 120, 200):
            summary = exercise.summarize(turns, fake_summarizer([]), chunk_tokens=200, max_tokens=max_tokens)
            log_metric(f"summary_recall_{max_tokens}", exercise.fact_recall(summary, questions))
        summary = exercise.summarize(turns, fake_summarizer([]), chunk_tokens=200, max_tokens=200)
        recall, ratio = exercise.fact_recall(summary, questions), count_tokens(summary) / total
        log_metric("summary_recall", recall)
        log_metric("summary_ratio", ratio)
        relevant10 = sum(exercise.fact_recall(render(exercise.select_relevant(turns, q["question"], int(0.1 * total))), [q])
                         for q in questions) / len(questions)
        self.assertGreaterEqual(relevant10, 0.9, "query-aware selection at 10% of the tokens should keep 90% of the facts")
        self.assertGreaterEqual(recall, 0.7, f"the summary kept {recall:.2f} of the facts")
        self.assertLessEqual(ratio, 0.25, f"the summary should be at most a quarter of the conversation, is {ratio:.2f}")


if __name__ == "__main__":
    unittest.main()
