"""Section 7 (LLM Instrumentation & Observability): a tracer for LLM calls and agent steps,
latency percentiles, cost from a price table, and a failure analysis of recorded traces.

    python3 exercise.py                                  # analyses data/traces.jsonl
    trail check llm-instrumentation-observability        # runs the tests

Standard library only (numpy is not needed here). Fill in every TODO. traced_chat() calls a model: by default
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
    raise NotImplementedError("cost_usd")  # TODO: None for an unknown model, else the formula of the overview


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
        # TODO: a new trace id when there is no parent (count traces), else the parent's trace id;
        #       a new unique span id; parent_id = the parent's span id or None
        # TODO: the record: every field of the docstring, start_ms = self.clock() * 1000, the attributes
        # TODO: push it on self._open, then `yield record` inside try / except Exception / finally:
        #       on an exception set status and error ("Type: message") and raise it again;
        #       finally set end_ms, pop it from self._open, append it to self.spans
        raise NotImplementedError("Tracer.span")
        yield  # (makes this function a generator, which contextmanager needs; remove with the raise)

    def export(self, path):
        """Write the finished spans as JSON lines, in the order they finished."""
        raise NotImplementedError("Tracer.export")  # TODO: one json.dumps(span) per line


def traced_chat(tracer, messages, model=llm_client.chat, model_name="unknown", prices=None):
    """Call model(messages) -> str inside a span named "llm.chat" of kind "llm"; return the reply.

    The span records model (model_name), messages, input_tokens (count_tokens of each message's
    content, summed) before the call; then reply, output_tokens and cost_usd (None without a price).
    A failed call keeps its input_tokens, output_tokens 0, cost_usd 0.0, and the error is re-raised.
    """
    # TODO: open tracer.span("llm.chat", kind="llm", model=..., messages=...); fill input_tokens,
    #       output_tokens = 0 and cost_usd = 0.0 before calling model(messages); then reply,
    #       output_tokens and cost_usd (cost_usd(...) with prices or {}); return the reply
    raise NotImplementedError("traced_chat")


def load_spans(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percentile(values, p):
    """The p-th percentile (0..100) with linear interpolation between the sorted values (numpy's default)."""
    raise NotImplementedError("percentile")  # TODO: sort; rank = p/100 · (n - 1); interpolate between floor and ceil


def latency_summary(spans, kind=None):
    """{"count", "p50", "p95", "max"} of end_ms - start_ms over the spans of that kind (all spans if None)."""
    raise NotImplementedError("latency_summary")  # TODO: durations of the matching spans, then the four numbers


def cost_by(spans, key="model"):
    """Total cost_usd per value of `key`, over the spans that have both (a cost of None is skipped)."""
    raise NotImplementedError("cost_by")  # TODO: sum cost_usd per s[key]; skip spans missing either


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
    # TODO: the roots (parent_id None) by trace id, and which of them failed
    # TODO: the non-root error spans; for each failed trace, the one with the smallest start_ms
    # TODO: return the dict with the six keys of the docstring (plain dicts for the counters)
    raise NotImplementedError("failure_report")


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
