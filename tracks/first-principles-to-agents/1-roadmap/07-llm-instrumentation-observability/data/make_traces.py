"""How data/traces.jsonl was made: 150 simulated agent runs, seed 7. Run from the node folder:

    python3 data/make_traces.py

Each run is a trace: a root span "agent.run" (kind "agent") and its children in order:
"llm.plan" (kind "llm", large-model), "parse_plan" (kind "step"), 0-3 tool calls (kind "tool":
tool.search, tool.calculator, tool.fetch_url; a timed-out fetch is retried once), and
"llm.answer" (kind "llm", small-model). Failures are injected at fixed rates; a failure that is
not recovered ends the run, and the root span then has status "error" with the same error.
Times are in milliseconds from the start of the run; token counts are drawn, and the cost of
each llm span is computed from data/prices.json.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PRICES = json.load(open(os.path.join(HERE, "prices.json")))
rng = np.random.default_rng(7)


def cost(model, tokens_in, tokens_out):
    p = PRICES[model]
    return round((tokens_in * p["input"] + tokens_out * p["output"]) / 1e6, 8)


def make_run(t, spans):
    trace_id = f"t{t:03d}"
    counter = iter(range(1, 100))
    root_id = f"{trace_id}-s{next(counter)}"
    clock = 0.0
    children = []
    error = None

    def span(name, kind, duration, status="ok", err=None, **attrs):
        nonlocal clock
        s = {"trace_id": trace_id, "span_id": f"{trace_id}-s{next(counter)}", "parent_id": root_id, "name": name,
             "kind": kind, "start_ms": round(clock, 1), "end_ms": round(clock + duration, 1),
             "status": status, "error": err, **attrs}
        clock += duration + rng.uniform(1, 5)
        children.append(s)
        return s

    def llm(name, model, lo, hi, ms_per_token):
        tin, tout = int(rng.integers(lo, hi)), int(rng.integers(20, 400))
        duration = 250 + tout * ms_per_token * rng.lognormal(0, 0.3)
        if rng.random() < 0.05:
            return span(name, "llm", rng.uniform(50, 150), "error", "RateLimitError: 429 Too Many Requests",
                        model=model, input_tokens=tin, output_tokens=0, cost_usd=0.0)
        return span(name, "llm", duration, model=model, input_tokens=tin, output_tokens=tout,
                    cost_usd=cost(model, tin, tout))

    plan = llm("llm.plan", "large-model", 800, 3000, 25)
    if plan["status"] == "error":
        error = plan["error"]
    elif rng.random() < 0.04:
        error = "JSONDecodeError: Expecting ',' delimiter: line 1 column 87"
        span("parse_plan", "step", rng.uniform(0.5, 2), "error", error)
    else:
        span("parse_plan", "step", rng.uniform(0.5, 2))
        for _ in range(int(rng.integers(0, 4))):
            tool = str(rng.choice(["tool.search", "tool.calculator", "tool.fetch_url"], p=[0.5, 0.2, 0.3]))
            if tool == "tool.fetch_url" and rng.random() < 0.3:
                span(tool, "tool", 10000.0, "error", "TimeoutError: no response after 10 s")
                if rng.random() < 0.5:                       # the retry times out too
                    error = "TimeoutError: no response after 10 s"
                    span(tool, "tool", 10000.0, "error", error)
                    break
                span(tool, "tool", rng.lognormal(np.log(800), 0.5))
            else:
                typical = {"tool.search": 300, "tool.calculator": 5, "tool.fetch_url": 800}[tool]
                span(tool, "tool", rng.lognormal(np.log(typical), 0.5))
        if error is None:
            answer = llm("llm.answer", "small-model", 1500, 6000, 12)
            if answer["status"] == "error":
                error = answer["error"]
    root = {"trace_id": trace_id, "span_id": root_id, "parent_id": None, "name": "agent.run", "kind": "agent",
            "start_ms": 0.0, "end_ms": round(max(c["end_ms"] for c in children), 1),
            "status": "error" if error else "ok", "error": error}
    spans.append(root)
    spans.extend(children)


spans = []
for t in range(1, 151):
    make_run(t, spans)
with open(os.path.join(HERE, "traces.jsonl"), "w") as out:
    for s in spans:
        out.write(json.dumps(s) + "\n")
print(len(spans), "spans")
