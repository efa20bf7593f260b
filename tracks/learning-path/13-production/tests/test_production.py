"""Tests of Stage 13 (Production): the tracer (JSONL spans, ids, durations from a fake clock,
errors), PII redaction, the two guardrails of the pipeline, the eval set run as a regression test
against data/baseline.json, and the summary of a trace file.

They use only the interface the overview states:
    Tracer(path, clock).new_trace_id(), Tracer.span(name, trace_id, parent_id=None, **attrs)
    redact(text); luhn_ok(digits)
    answer_question(question, bm25, notes, model, tracer, k=3, min_score=5.0) -> {"answer", "sources", "refused", "reason", "trace_id"}
    run_evals(pipeline, evalset); check_regressions(report, baseline, tolerance)
    percentile(values, p); summarize_traces(path)
"""
import json
import os
import re
import shutil
import tempfile
import unittest

import exercise
import rag

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

NOTES = rag.load_jsonl(os.path.join("data", "notes.jsonl"))
EVALSET = rag.load_jsonl(os.path.join("data", "evalset.jsonl"))
with open(os.path.join("data", "baseline.json"), encoding="utf-8") as f:
    BASELINE = json.load(f)


class FakeClock:
    """Each call moves time on by `step` seconds."""

    def __init__(self, step=0.25):
        self.t, self.step = 100.0, step

    def __call__(self):
        self.t += self.step
        return self.t


class ReadingModel:
    """A fake model that answers from the notes in its prompt: it repeats, with their citations,
    the notes that share at least two words with the question (most first), and says
    "I don't know." when none does."""

    def __init__(self):
        self.calls = []

    def __call__(self, messages):
        self.calls.append(messages)
        text = "\n".join(m["content"] for m in messages if m["role"] == "user")
        question = text.rsplit("Question:", 1)[-1]
        words = set(rag.tokenize(question))
        notes = re.findall(r"^\[([^\]\s]+)\] (.+)$", text, flags=re.M)
        scored = sorted(((len(words & set(rag.tokenize(body))), i, nid, body) for i, (nid, body) in enumerate(notes)),
                        key=lambda s: (-s[0], s[1]))
        good = [s for s in scored if s[0] >= 2]
        if not good:
            return "I don't know."
        return " ".join(f"{body} [{nid}]" for _, _, nid, body in good)


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "traces.jsonl")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def spans(self):
        with open(self.path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


class TracerTest(TempDirTest):
    def test_spans_are_json_lines_with_ids_durations_and_attributes(self):
        tracer = exercise.Tracer(self.path, clock=FakeClock(0.25))
        tid = tracer.new_trace_id()
        with tracer.span("request", tid, user="u1") as outer:
            with tracer.span("retrieve", tid, outer["span_id"]) as inner:
                inner["attrs"]["top_score"] = 7.5
        spans = self.spans()
        self.assertEqual([s["name"] for s in spans], ["retrieve", "request"], "a span is written when it ends")
        retrieve, request = spans
        for s in spans:
            for key in ("trace_id", "span_id", "parent_id", "name", "duration_ms", "status", "attrs"):
                self.assertIn(key, s, f"every span line has {key!r}")
            self.assertEqual(s["trace_id"], tid)
            self.assertEqual(s["status"], "ok")
        self.assertNotEqual(retrieve["span_id"], request["span_id"], "span ids are unique")
        self.assertEqual(retrieve["parent_id"], request["span_id"], "the inner span points at its parent")
        self.assertIsNone(request["parent_id"], "the root span has no parent")
        self.assertEqual(retrieve["attrs"], {"top_score": 7.5}, "attributes set inside the block are recorded")
        self.assertEqual(request["attrs"], {"user": "u1"}, "keyword arguments become attributes")
        # clock readings: request start 100.25, retrieve start 100.5, retrieve end 100.75, request end 101.0
        self.assertAlmostEqual(retrieve["duration_ms"], 250.0, places=6, msg="duration = (end - start) * 1000")
        self.assertAlmostEqual(request["duration_ms"], 750.0, places=6)

    def test_an_error_is_recorded_and_raised(self):
        tracer = exercise.Tracer(self.path, clock=FakeClock())
        with self.assertRaises(ZeroDivisionError, msg="the span must not swallow the exception"):
            with tracer.span("generate", tracer.new_trace_id()):
                1 / 0
        (span,) = self.spans()
        self.assertEqual(span["status"], "error")
        self.assertIn("ZeroDivisionError", span.get("error", ""), "record which error it was")

    def test_trace_ids_differ(self):
        tracer = exercise.Tracer(self.path)
        self.assertNotEqual(tracer.new_trace_id(), tracer.new_trace_id())


class RedactTest(unittest.TestCase):
    def test_emails_phones_and_cards_are_redacted(self):
        cases = {
            "Write to ada.lovelace@example.co.uk today": "Write to [EMAIL] today",
            "Call +351 912 345 678 after five": "Call [PHONE] after five",
            "or (555) 123-4567": "or [PHONE]",
            "Card 4111 1111 1111 1111 expired": "Card [CARD] expired",
            "card 5500-0000-0000-0004": "card [CARD]",
        }
        for text, expected in cases.items():
            self.assertEqual(exercise.redact(text), expected, f"redact({text!r})")

    def test_what_is_not_pii_stays(self):
        for text in ("The job runs at 02:00 UTC.", "Quayside Park has 12,000 seats.", "Code 1234567 is fine.",
                     "Order 1234 5678 9012 3456 shipped."):
            self.assertEqual(exercise.redact(text), text, f"{text!r} holds no email, phone or valid card number")

    def test_luhn(self):
        self.assertTrue(exercise.luhn_ok("79927398713"))
        self.assertTrue(exercise.luhn_ok("4111111111111111"))
        self.assertFalse(exercise.luhn_ok("1234567890123456"))


class PipelineTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.bm25 = rag.BM25([rag.note_text(n) for n in NOTES])
        self.tracer = exercise.Tracer(self.path, clock=FakeClock(0.01))

    def ask(self, question, model):
        return exercise.answer_question(question, self.bm25, NOTES, model, self.tracer, k=3, min_score=5.0)

    def test_a_supported_question_is_answered_cited_and_traced(self):
        model = ReadingModel()
        out = self.ask("Who is the lead of the team that owns the billing service?", model)
        self.assertFalse(out["refused"])
        self.assertIn("Marta Quintela", out["answer"], "two-hop retrieval puts n02 in the prompt")
        self.assertIn("n02", out["sources"])
        spans = self.spans()
        names = sorted(s["name"] for s in spans)
        self.assertEqual(names, ["generate", "request", "retrieve"], "one span per step of the request")
        self.assertTrue(all(s["trace_id"] == out["trace_id"] for s in spans), "all spans share the request's trace id")
        root = next(s for s in spans if s["name"] == "request")
        self.assertTrue(all(s["parent_id"] == root["span_id"] for s in spans if s is not root))
        gen = next(s for s in spans if s["name"] == "generate")
        self.assertGreater(gen["attrs"].get("prompt_tokens", 0), 50, "generate records prompt_tokens")
        self.assertGreater(gen["attrs"].get("completion_tokens", 0), 0, "generate records completion_tokens")
        ret = next(s for s in spans if s["name"] == "retrieve")
        self.assertGreaterEqual(ret["attrs"].get("top_score", 0), 5.0, "retrieve records top_score")

    def test_no_support_means_no_model_call(self):
        model = ReadingModel()
        out = self.ask("What is the capital of France?", model)
        self.assertTrue(out["refused"])
        self.assertEqual(model.calls, [], "below min_score the model must not be called")
        self.assertNotIn("generate", [s["name"] for s in self.spans()])

    def test_an_answer_without_citation_is_refused(self):
        out = self.ask("How long are raw clicks kept?", lambda messages: "About a year, I believe.")
        self.assertTrue(out["refused"], "an answer that cites no retrieved note is not shown")
        self.assertNotIn("year", out["answer"], "the refused answer must not reach the user")
        out = self.ask("How long are raw clicks kept?", lambda messages: "Forever [n99].")
        self.assertTrue(out["refused"], "a citation of a note that was not retrieved does not count")

    def test_pii_never_reaches_the_model_the_traces_or_the_answer(self):
        model = ReadingModel()
        q = "I am ada@example.com, phone +44 20 7946 0018: when does an on-call rotation start?"
        out = self.ask(q, model)
        prompt = json.dumps(model.calls)
        with open(self.path, encoding="utf-8") as f:
            traces = f.read()
        for secret in ("ada@example.com", "7946"):
            self.assertNotIn(secret, prompt, "redact the question before it goes to the model")
            self.assertNotIn(secret, traces, "redact the question before it is traced")
        self.assertFalse(out["refused"])
        leaky = self.ask("When does an on-call rotation start?", lambda m: "Monday [n22]; ask bob@example.com")
        self.assertNotIn("bob@example.com", leaky["answer"], "redact the answer too")


class EvalTest(TempDirTest):
    def test_the_eval_set_passes_against_the_baseline(self):
        bm25 = rag.BM25([rag.note_text(n) for n in NOTES])
        tracer = exercise.Tracer(self.path)
        model = ReadingModel()
        report = exercise.run_evals(lambda q: exercise.answer_question(q, bm25, NOTES, model, tracer), EVALSET)
        for key in ("answer_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_rate"):
            log_metric(key, report[key])
        self.assertEqual(report["n"], len(EVALSET))
        regressions = exercise.check_regressions(report, BASELINE, 0.02)
        self.assertEqual(list(regressions), [], f"worse than data/baseline.json: {report} vs {BASELINE}")
        summary = exercise.summarize_traces(self.path)
        self.assertEqual(summary["requests"], len(EVALSET), "one request span per eval case")
        log_metric("p95_ms", summary["p95_ms"])
        log_metric("tokens", summary["tokens"])

    def test_run_evals_counts_by_hand(self):
        evalset = [{"question": "a", "expected": ["x"]}, {"question": "b", "expected": ["y"]},
                   {"question": "c", "expected": None}, {"question": "d", "expected": None}]
        canned = {"a": {"answer": "X marks it", "sources": ["n1"], "refused": False},
                  "b": {"answer": exercise.REFUSAL, "sources": [], "refused": True},
                  "c": {"answer": exercise.REFUSAL, "sources": [], "refused": True},
                  "d": {"answer": "made up", "sources": ["n2"], "refused": False}}
        report = exercise.run_evals(lambda q: canned[q], evalset)
        self.assertEqual(report["n"], 4)
        self.assertEqual(report["answer_accuracy"], 0.5, "a is right (case-insensitive), b was refused")
        self.assertEqual(report["refusal_accuracy"], 0.5, "c refused, d answered")
        self.assertEqual(report["false_refusal_rate"], 0.5, "b is answerable but was refused")
        self.assertEqual(report["citation_rate"], 0.5, "of the answerable cases, only a has sources")

    def test_check_regressions(self):
        base = {"answer_accuracy": 0.8, "refusal_accuracy": 0.7, "citation_rate": 0.9, "false_refusal_rate": 0.05}
        same = dict(base)
        self.assertEqual(list(exercise.check_regressions(same, base, 0.02)), [])
        worse = dict(base, answer_accuracy=0.75, false_refusal_rate=0.10, citation_rate=0.89)
        self.assertEqual(sorted(exercise.check_regressions(worse, base, 0.02)), ["answer_accuracy", "false_refusal_rate"],
                         "a drop of 0.05 is a regression, 0.01 is within tolerance; a higher false refusal rate is worse")
        better = dict(base, answer_accuracy=0.95, false_refusal_rate=0.0)
        self.assertEqual(list(exercise.check_regressions(better, base, 0.02)), [])


class SummaryTest(TempDirTest):
    def test_percentile_nearest_rank(self):
        values = [float(v) for v in range(10, 210, 10)]  # 10, 20, ..., 200
        self.assertEqual(exercise.percentile(values, 50), 100.0, "ceil(0.5 * 20) = 10th value")
        self.assertEqual(exercise.percentile(values, 95), 190.0, "ceil(0.95 * 20) = 19th value")
        self.assertEqual(exercise.percentile([5.0, 1.0, 3.0], 95), 5.0, "sort first; ceil(2.85) = 3rd")

    def test_summary_of_a_trace_file(self):
        lines = []
        for i in range(20):
            status = "error" if i == 7 else "ok"
            lines.append({"trace_id": f"t{i}", "span_id": f"s{2 * i}", "parent_id": f"s{2 * i + 1}", "name": "generate",
                          "duration_ms": 5.0, "status": "ok", "attrs": {"prompt_tokens": 100, "completion_tokens": 20}})
            lines.append({"trace_id": f"t{i}", "span_id": f"s{2 * i + 1}", "parent_id": None, "name": "request",
                          "duration_ms": 10.0 * (i + 1), "status": status, "attrs": {"refused": i % 4 == 0}})
        with open(self.path, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(line) + "\n" for line in lines))
        s = exercise.summarize_traces(self.path)
        self.assertEqual(s["requests"], 20, "count request spans only")
        self.assertEqual(s["p50_ms"], 100.0)
        self.assertEqual(s["p95_ms"], 190.0)
        self.assertAlmostEqual(s["error_rate"], 0.05)
        self.assertAlmostEqual(s["refusal_rate"], 0.25)
        self.assertEqual(s["tokens"], 20 * 120)


if __name__ == "__main__":
    unittest.main()
