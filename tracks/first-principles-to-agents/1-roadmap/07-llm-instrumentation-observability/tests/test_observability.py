"""Tests of Section 7 (LLM Instrumentation & Observability): the tracer, traced_chat with a fake
model and a fake clock, percentiles, cost, and the failure analysis of data/traces.jsonl.

Interface (the overview states it):
    cost_usd(model, input_tokens, output_tokens, prices) -> float or None
    Tracer(clock): .span(name, kind="step", **attributes) context manager -> the span dict; .spans; .export(path)
    traced_chat(tracer, messages, model, model_name, prices) -> reply
    percentile(values, p); latency_summary(spans, kind=None) -> {"count", "p50", "p95", "max"}
    cost_by(spans, key="model") -> {value: dollars}
    failure_report(spans) -> {"traces", "failed_traces", "error_rate", "errors_by_type", "root_causes", "recovered_errors"}
"""
import json
import math
import os
import tempfile
import unittest
from collections import Counter

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


PRICES = {"small-model": {"input": 0.15, "output": 0.60}, "large-model": {"input": 2.50, "output": 10.00}}


class FakeClock:
    """Time moves only when the test says so, however often the tracer reads it."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def by_name(spans, name):
    found = [s for s in spans if s["name"] == name]
    assert len(found) == 1, f"expected one span named {name!r}, found {len(found)}"
    return found[0]


class CostTest(unittest.TestCase):
    def test_cost_from_the_price_table(self):
        self.assertAlmostEqual(exercise.cost_usd("large-model", 1200, 300, PRICES), 0.006, places=12,
                               msg="(1200 · 2.50 + 300 · 10.00) / 1,000,000 dollars")
        self.assertAlmostEqual(exercise.cost_usd("small-model", 1_000_000, 0, PRICES), 0.15, places=12)

    def test_unknown_model_is_none_not_zero(self):
        self.assertIsNone(exercise.cost_usd("mystery-model", 10, 10, PRICES),
                          "a model without a price is unknown, not free: return None")


class TracerTest(unittest.TestCase):
    def test_nested_spans_form_a_trace(self):
        clock = FakeClock()
        tracer = exercise.Tracer(clock=clock)
        with tracer.span("agent.run", kind="agent", user="ada") as root:
            clock.now += 0.5
            with tracer.span("tool.search", kind="tool", query="q") as tool:
                clock.now += 0.25
            with tracer.span("step.parse"):
                clock.now += 0.001
        with tracer.span("agent.run2", kind="agent"):
            clock.now += 1
        spans = tracer.spans
        self.assertEqual(len(spans), 4, "every finished span is recorded")
        run, search, parse, run2 = (by_name(spans, n) for n in ("agent.run", "tool.search", "step.parse", "agent.run2"))
        self.assertIs(root, run, "span() yields the dict that is recorded")
        self.assertIsNone(run["parent_id"], "a top-level span has no parent")
        self.assertEqual(search["parent_id"], run["span_id"], "a span opened inside another is its child")
        self.assertEqual(parse["parent_id"], run["span_id"], "siblings share their parent")
        self.assertEqual(len({run["trace_id"], search["trace_id"], parse["trace_id"]}), 1, "one trace per run")
        self.assertNotEqual(run2["trace_id"], run["trace_id"], "a new top-level span starts a new trace")
        self.assertEqual(len({s["span_id"] for s in spans}), 4, "span ids are unique")
        self.assertEqual((run["kind"], search["kind"], parse["kind"]), ("agent", "tool", "step"), "kind defaults to 'step'")
        self.assertEqual((run["user"], tool["query"]), ("ada", "q"), "attributes are kept in the span")
        self.assertAlmostEqual(search["start_ms"], 100500.0, msg="times are clock() seconds × 1000")
        self.assertAlmostEqual(search["end_ms"] - search["start_ms"], 250.0)
        self.assertAlmostEqual(run["end_ms"] - run["start_ms"], 751.0)
        self.assertEqual((run["status"], run["error"]), ("ok", None))

    def test_an_exception_is_recorded_and_raised_again(self):
        clock = FakeClock()
        tracer = exercise.Tracer(clock=clock)
        with self.assertRaises(ValueError, msg="the tracer must not swallow the error"):
            with tracer.span("agent.run", kind="agent"):
                with tracer.span("parse_plan"):
                    clock.now += 0.002
                    raise ValueError("bad plan")
        parse, run = by_name(tracer.spans, "parse_plan"), by_name(tracer.spans, "agent.run")
        self.assertEqual(parse["status"], "error")
        self.assertEqual(parse["error"], "ValueError: bad plan", "error is 'Type: message'")
        self.assertAlmostEqual(parse["end_ms"] - parse["start_ms"], 2.0, msg="a failed span still gets its end time")
        self.assertEqual(run["status"], "error", "the error passed through the parent span too")
        with tracer.span("next.run"):
            pass
        self.assertIsNone(by_name(tracer.spans, "next.run")["parent_id"],
                          "after an error the tracer is clean: the next span is a new root")

    def test_export_writes_json_lines(self):
        tracer = exercise.Tracer(clock=FakeClock())
        with tracer.span("a"):
            with tracer.span("b"):
                pass
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "t.jsonl")
            tracer.export(path)
            with open(path) as f:
                lines = [json.loads(line) for line in f if line.strip()]
        self.assertEqual(lines, tracer.spans, "one JSON object per line, the same spans")


class TracedChatTest(unittest.TestCase):
    def test_a_call_is_logged_with_tokens_cost_and_latency(self):
        clock = FakeClock()
        tracer = exercise.Tracer(clock=clock)
        messages = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Name a colour."}]

        def fake_model(msgs):
            clock.now += 1.25
            return "Blue, like the sky."

        with tracer.span("agent.run", kind="agent"):
            reply = exercise.traced_chat(tracer, messages, model=fake_model, model_name="large-model", prices=PRICES)
        self.assertEqual(reply, "Blue, like the sky.")
        call = by_name(tracer.spans, "llm.chat")
        self.assertEqual(call["kind"], "llm")
        self.assertEqual(call["model"], "large-model")
        self.assertEqual(call["parent_id"], by_name(tracer.spans, "agent.run")["span_id"],
                         "a call inside an agent step is that step's child")
        self.assertEqual(call["input_tokens"], math.ceil(14 / 4) + math.ceil(14 / 4),
                         "input_tokens = count_tokens of each message's content, summed")
        self.assertEqual(call["output_tokens"], math.ceil(19 / 4))
        self.assertAlmostEqual(call["cost_usd"], (8 * 2.5 + 5 * 10.0) / 1e6, places=15)
        self.assertAlmostEqual(call["end_ms"] - call["start_ms"], 1250.0, msg="latency of the call")
        self.assertEqual(call["messages"], messages, "the prompt is logged")
        self.assertEqual(call["reply"], reply, "the reply is logged")

    def test_a_failed_call_is_an_error_span(self):
        tracer = exercise.Tracer(clock=FakeClock())

        def failing_model(msgs):
            raise TimeoutError("no reply in 30 s")

        with self.assertRaises(TimeoutError):
            exercise.traced_chat(tracer, [{"role": "user", "content": "abcdefgh"}], model=failing_model,
                                 model_name="small-model", prices=PRICES)
        call = by_name(tracer.spans, "llm.chat")
        self.assertEqual((call["status"], call["error"]), ("error", "TimeoutError: no reply in 30 s"))
        self.assertEqual((call["input_tokens"], call["output_tokens"], call["cost_usd"]), (2, 0, 0.0))

    def test_an_unpriced_model_has_cost_none(self):
        tracer = exercise.Tracer(clock=FakeClock())
        exercise.traced_chat(tracer, [{"role": "user", "content": "hi"}], model=lambda m: "hello",
                             model_name="mystery-model", prices=PRICES)
        self.assertIsNone(by_name(tracer.spans, "llm.chat")["cost_usd"])


class LatencyAndCostTest(unittest.TestCase):
    def test_percentile_matches_linear_interpolation(self):
        rng = np.random.default_rng(0)
        for values in ([5.0], [1.0, 2.0], [3, 1, 2, 10], list(rng.lognormal(0, 1, 37))):
            for p in (0, 50, 90, 95, 99, 100):
                self.assertAlmostEqual(exercise.percentile(values, p), float(np.percentile(values, p)), places=9,
                                       msg=f"percentile({values[:4]}..., {p})")

    def test_latency_summary_and_cost_by(self):
        spans = [{"kind": "llm", "start_ms": 0, "end_ms": d, "model": m, "cost_usd": c}
                 for d, m, c in ((100, "a", 0.5), (300, "b", 0.25), (200, "a", None), (400, "a", 1.0))]
        spans.append({"kind": "tool", "start_ms": 50, "end_ms": 60})
        s = exercise.latency_summary(spans, "llm")
        self.assertEqual(s["count"], 4)
        self.assertAlmostEqual(s["p50"], 250.0)
        self.assertAlmostEqual(s["p95"], 385.0, msg="rank 0.95 · 3 = 2.85: 300 + 0.85 · (400 - 300)")
        self.assertAlmostEqual(s["max"], 400.0)
        self.assertEqual(exercise.latency_summary(spans)["count"], 5, "kind=None takes every span")
        self.assertEqual(exercise.cost_by(spans), {"a": 1.5, "b": 0.25}, "None costs are skipped, not summed")


class FailureAnalysisTest(unittest.TestCase):
    def test_a_small_report_by_hand(self):
        def s(trace, sid, parent, name, start, status="ok", error=None):
            return {"trace_id": trace, "span_id": sid, "parent_id": parent, "name": name, "kind": "x",
                    "start_ms": start, "end_ms": start + 1, "status": status, "error": error}
        spans = [s("t1", "a", None, "run", 0, "error", "TimeoutError: x"),
                 s("t1", "b", "a", "fetch", 5, "error", "TimeoutError: first"),
                 s("t1", "c", "a", "fetch", 9, "error", "TimeoutError: retry"),
                 s("t1", "i", "a", "answer", 12, "error", "ValueError: no tool result"),
                 s("t2", "d", None, "run", 0),
                 s("t2", "e", "d", "fetch", 3, "error", "TimeoutError: recovered"),
                 s("t3", "f", None, "run", 0, "error", "RateLimitError: 429"),
                 s("t3", "g", "f", "plan", 1, "error", "RateLimitError: 429"),
                 s("t4", "h", None, "run", 0)]
        r = exercise.failure_report(spans)
        self.assertEqual((r["traces"], r["failed_traces"]), (4, 2))
        self.assertAlmostEqual(r["error_rate"], 0.5)
        self.assertEqual(r["errors_by_type"], {"TimeoutError": 3, "RateLimitError": 1, "ValueError": 1},
                         "non-root error spans by type, recovered ones included")
        self.assertEqual(r["root_causes"], {"fetch: TimeoutError": 1, "plan: RateLimitError": 1},
                         "one root cause per failed trace: its earliest non-root error span (not the answer's "
                         "ValueError, which came later)")
        self.assertEqual(r["recovered_errors"], 1, "t2 failed once and still succeeded")

    def test_the_shipped_traces(self):
        spans = exercise.load_spans(os.path.join("data", "traces.jsonl"))
        roots = {s["trace_id"]: s for s in spans if s["parent_id"] is None}
        failed = {t for t, r in roots.items() if r["status"] == "error"}
        errors = sorted((s for s in spans if s["parent_id"] and s["status"] == "error"), key=lambda s: s["start_ms"])
        first = {}
        for s in errors:
            first.setdefault(s["trace_id"], s)
        expected_causes = Counter(f"{s['name']}: {s['error'].split(':')[0]}" for t, s in first.items() if t in failed)
        r = exercise.failure_report(spans)
        self.assertEqual((r["traces"], r["failed_traces"]), (len(roots), len(failed)))
        self.assertEqual(r["root_causes"], dict(expected_causes))
        self.assertEqual(sum(r["errors_by_type"].values()), len(errors))
        runs = exercise.latency_summary(spans, "agent")
        durations = [r["end_ms"] - r["start_ms"] for r in roots.values()]
        self.assertAlmostEqual(runs["p95"], float(np.percentile(durations, 95)), places=6)
        total = sum(exercise.cost_by(spans).values())
        self.assertAlmostEqual(total, sum(s.get("cost_usd") or 0 for s in spans), places=9)
        log_metric("traces", r["traces"])
        log_metric("error_rate", r["error_rate"])
        log_metric("recovered_errors", r["recovered_errors"])
        log_metric("p50_run_ms", runs["p50"])
        log_metric("p95_run_ms", runs["p95"])
        log_metric("total_cost_usd", total)
        top_cause, top_count = Counter(r["root_causes"]).most_common(1)[0]
        log_metric("top_root_cause_share", top_count / r["failed_traces"])


if __name__ == "__main__":
    unittest.main()
