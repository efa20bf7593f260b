"""Section 7 (LLM Instrumentation & Observability): a tracer for LLM calls and agent steps,
latency percentiles, cost from a price table, and a failure analysis of recorded traces.

    python3 exercise.py                                  # analyses data/traces.jsonl
    trail check llm-instrumentation-observability        # runs the tests

Standard library only (numpy is not needed here). traced_chat() calls a model: by default
llm_client.chat, which reads OPENAI_BASE_URL and OPENAI_MODEL; the tests pass a fake one.
"""
import contextlib
import json
import math
import time
from collections import Counter

import llm_client


def count_tokens(text):
    """A rough token count when the API gives none: about four characters per token, at least 1."""
    return max(1, math.ceil(len(text) / 4))


def cost_usd(model, input_tokens, output_tokens, prices):
    """Dollars for one call. prices[model] = {"input": $ per 1M input tokens, "output": $ per 1M output tokens}.

    A model missing from the table returns None: unknown, not free.
    """
    if model not in prices:
        return None
    p = prices[model]
    return (input_tokens * p["input"] + output_tokens * p["output"]) / 1_000_000


class Tracer:
    """Records spans: one per LLM call, tool call or step, nested into traces (one per top-level span).

    A span is a dict: trace_id, span_id, parent_id (None for a root), name, kind, start_ms, end_ms,
    status ("ok" or "error"), error ("Type: message" or None), and any attributes given.
    Times come from clock() (seconds) times 1000. Finished spans are appended to self.spans.
    """

    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.spans = []
        self._open = []
        self._n_traces = 0
        self._n_spans = 0

    @contextlib.contextmanager
    def span(self, name, kind="step", **attributes):
        parent = self._open[-1] if self._open else None
        if parent is None:
            self._n_traces += 1
        self._n_spans += 1
        record = {"trace_id": parent["trace_id"] if parent else f"t{self._n_traces}",
                  "span_id": f"s{self._n_spans}",
                  "parent_id": parent["span_id"] if parent else None,
                  "name": name, "kind": kind, "start_ms": self.clock() * 1000, "end_ms": None,
                  "status": "ok", "error": None, **attributes}
        self._open.append(record)
        try:
            yield record
        except Exception as error:
            record["status"] = "error"
            record["error"] = f"{type(error).__name__}: {error}"
            raise
        finally:
            record["end_ms"] = self.clock() * 1000
            self._open.pop()
            self.spans.append(record)

    def export(self, path):
        """Write the finished spans as JSON lines, in the order they finished."""
        with open(path, "w", encoding="utf-8") as out:
            for record in self.spans:
                out.write(json.dumps(record) + "\n")


def traced_chat(tracer, messages, model=llm_client.chat, model_name="unknown", prices=None):
    """Call model(messages) -> str inside a span named "llm.chat" of kind "llm"; return the reply.

    The span records model (model_name), messages, input_tokens (count_tokens of each message's
    content, summed) before the call; then reply, output_tokens and cost_usd (None without a price).
    A failed call keeps its input_tokens, output_tokens 0, cost_usd 0.0, and the error is re-raised.
    """
    with tracer.span("llm.chat", kind="llm", model=model_name, messages=messages) as span:
        span["input_tokens"] = sum(count_tokens(m["content"]) for m in messages)
        span["output_tokens"], span["cost_usd"] = 0, 0.0
        reply = model(messages)
        span["reply"] = reply
        span["output_tokens"] = count_tokens(reply)
        span["cost_usd"] = cost_usd(model_name, span["input_tokens"], span["output_tokens"], prices or {})
    return reply


def load_spans(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percentile(values, p):
    """The p-th percentile (0..100) with linear interpolation between the sorted values (numpy's default)."""
    xs = sorted(values)
    rank = p / 100 * (len(xs) - 1)
    lo, hi = math.floor(rank), math.ceil(rank)
    return xs[lo] + (rank - lo) * (xs[hi] - xs[lo])


def latency_summary(spans, kind=None):
    """{"count", "p50", "p95", "max"} of end_ms - start_ms over the spans of that kind (all spans if None)."""
    durations = [s["end_ms"] - s["start_ms"] for s in spans if kind is None or s["kind"] == kind]
    return {"count": len(durations), "p50": percentile(durations, 50), "p95": percentile(durations, 95),
            "max": max(durations)}


def cost_by(spans, key="model"):
    """Total cost_usd per value of `key`, over the spans that have both (a cost of None is skipped)."""
    totals = Counter()
    for s in spans:
        if s.get(key) is not None and s.get("cost_usd") is not None:
            totals[s[key]] += s["cost_usd"]
    return dict(totals)


def error_type(error):
    """'TimeoutError: no response' -> 'TimeoutError'."""
    return error.split(":", 1)[0]


def failure_report(spans):
    """What failed, and why.

    traces: number of root spans; failed_traces: roots with status "error"; error_rate: their share;
    errors_by_type: error spans that are not roots, counted by error type (recovered ones included);
    root_causes: for each failed trace, its earliest-starting non-root error span, counted as
    "<span name>: <error type>"; recovered_errors: non-root error spans in traces whose root is ok.
    """
    roots = {s["trace_id"]: s for s in spans if s["parent_id"] is None}
    failed = {t for t, r in roots.items() if r["status"] == "error"}
    errors = [s for s in spans if s["parent_id"] is not None and s["status"] == "error"]
    first_error = {}
    for s in sorted(errors, key=lambda s: s["start_ms"]):
        first_error.setdefault(s["trace_id"], s)
    return {
        "traces": len(roots),
        "failed_traces": len(failed),
        "error_rate": len(failed) / len(roots),
        "errors_by_type": dict(Counter(error_type(s["error"]) for s in errors)),
        "root_causes": dict(Counter(f"{s['name']}: {error_type(s['error'])}"
                                    for t, s in first_error.items() if t in failed)),
        "recovered_errors": sum(1 for s in errors if s["trace_id"] not in failed),
    }


if __name__ == "__main__":
    spans = load_spans("data/traces.jsonl")
    prices = json.load(open("data/prices.json"))
    report = failure_report(spans)
    print(f"{report['traces']} runs, {report['failed_traces']} failed ({report['error_rate']:.1%}); "
          f"{report['recovered_errors']} errors were recovered")
    print("errors by type:", report["errors_by_type"])
    print("root causes of failed runs:", report["root_causes"])
    for kind in ("agent", "llm", "tool"):
        s = latency_summary(spans, kind)
        print(f"{kind:6s} {s['count']:4d} spans  p50 {s['p50']:8.1f} ms  p95 {s['p95']:8.1f} ms  max {s['max']:8.1f} ms")
    print("cost by model:", {k: round(v, 4) for k, v in cost_by(spans).items()})
    tracer = Tracer()
    with tracer.span("demo.run", kind="agent"):
        traced_chat(tracer, [{"role": "user", "content": "Say hi"}], model=lambda m: "hi", model_name="small-model",
                    prices=prices)
    print(json.dumps(tracer.spans, indent=1)[:400])
