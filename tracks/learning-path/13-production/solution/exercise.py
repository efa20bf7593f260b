"""Stage 13 (Production): evals, observability and guardrails around the Stage 09 RAG.

rag.py is the reference solution of Stage 09 (BM25, two_hop_search, build_messages). Here you
wrap it the way a production feature is wrapped:

- a Tracer that writes one JSON line per span (name, ids, duration, status, token counts);
- guardrails: PII is redacted before anything is logged or sent, a question without supporting
  notes is refused without calling the model, and an answer that cites no retrieved note is
  refused after it;
- an eval set run as a regression test against the last release's numbers;
- a summary of a trace file: requests, p50/p95 latency, error and refusal rates, tokens.

    python3 exercise.py        # with OPENAI_BASE_URL and OPENAI_MODEL set: runs the eval set with a real model
    trail check production     # runs the tests, with fake models and a fake clock

Standard library and numpy only.
"""
import contextlib
import itertools
import json
import math
import re
import time
import uuid

import rag

REFUSAL = "I can't answer that from the notes."


def count_tokens(text):
    """A rough token count, about four characters a token (use the API's usage figures when it gives them)."""
    return max(1, math.ceil(len(text) / 4))


# ---------------------------------------------------------------- observability


class Tracer:
    """Writes spans to a JSONL file. A span is one timed step of one request (the trace)."""

    def __init__(self, path, clock=time.perf_counter):
        self.path, self.clock = path, clock
        self._ids = itertools.count(1)

    def new_trace_id(self):
        return uuid.uuid4().hex

    @contextlib.contextmanager
    def span(self, name, trace_id, parent_id=None, **attrs):
        """Times the block. Yields a dict the block can add attributes to. On exit appends one
        line: {"trace_id", "span_id", "parent_id", "name", "duration_ms", "status", "attrs"},
        with status "error" and an "error" text if the block raised (the exception goes on)."""
        record = {"trace_id": trace_id, "span_id": f"s{next(self._ids)}", "parent_id": parent_id, "name": name,
                  "attrs": dict(attrs)}
        start = self.clock()
        try:
            yield record
            record["status"] = "ok"
        except Exception as error:
            record["status"] = "error"
            record["error"] = f"{type(error).__name__}: {error}"
            raise
        finally:
            record["duration_ms"] = (self.clock() - start) * 1000.0
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record) + "\n")


# ---------------------------------------------------------------- guardrails

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
PHONE = re.compile(r"(?:\+|\()?\d[\d ().-]{6,}\d")


def luhn_ok(digits):
    """The Luhn checksum that card numbers satisfy: double every second digit from the right."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def redact(text):
    """Emails -> [EMAIL]; card numbers (13-19 digits, spaces or dashes allowed, passing Luhn) ->
    [CARD]; phone numbers (8 to 15 digits, with + ( ) - . or spaces between) -> [PHONE]."""
    text = EMAIL.sub("[EMAIL]", text)
    text = CARD.sub(lambda m: "[CARD]" if luhn_ok(re.sub(r"\D", "", m.group())) else m.group(), text)
    return PHONE.sub(lambda m: "[PHONE]" if 8 <= len(re.sub(r"\D", "", m.group())) <= 15 else m.group(), text)


def answer_question(question, bm25, notes, model, tracer, k=3, min_score=5.0):
    """The guarded, traced pipeline. Returns {"answer", "sources", "refused", "reason", "trace_id"}.

    Spans: "request" (attrs: the redacted question), and inside it "retrieve" (attrs: top_score,
    ids) and, unless refused before, "generate" (attrs: prompt_tokens, completion_tokens).
    """
    trace_id = tracer.new_trace_id()
    clean = redact(question)
    with tracer.span("request", trace_id, question=clean) as request:
        with tracer.span("retrieve", trace_id, request["span_id"]) as span:
            top_score = float(max(bm25.scores(clean), default=0.0))
            retrieved = [notes[i] for i in rag.two_hop_search(bm25, clean, k)]
            span["attrs"].update(top_score=top_score, ids=[n["id"] for n in retrieved])
        result = {"answer": REFUSAL, "sources": [], "refused": True, "reason": None, "trace_id": trace_id}
        if top_score < min_score:
            result["reason"] = "no supporting notes"
        else:
            messages = rag.build_messages(clean, retrieved)
            with tracer.span("generate", trace_id, request["span_id"]) as span:
                reply = model(messages)
                span["attrs"].update(prompt_tokens=sum(count_tokens(m["content"]) for m in messages),
                                     completion_tokens=count_tokens(reply))
            ids = {n["id"] for n in retrieved}
            sources = [c for c in dict.fromkeys(re.findall(r"\[([^\[\]]+)\]", reply)) if c in ids]
            if not sources:
                result["reason"] = "answer cites no retrieved note"
            else:
                result.update(answer=redact(reply), sources=sources, refused=False)
        request["attrs"].update(refused=result["refused"], reason=result["reason"])
    return result


# ---------------------------------------------------------------- evals


def run_evals(pipeline, evalset):
    """Runs every case through pipeline(question) -> result. Cases with "expected" keywords must be
    answered (not refused) with one of them in the answer; cases with "expected": None must be refused.

    Returns {"n", "answer_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_rate"}, the
    rates over the answerable cases except refusal_accuracy (over the unanswerable ones).
    """
    answerable = [c for c in evalset if c["expected"]]
    unanswerable = [c for c in evalset if not c["expected"]]
    right = refused_wrongly = cited = 0
    for case in answerable:
        out = pipeline(case["question"])
        refused_wrongly += out["refused"]
        cited += bool(out["sources"])
        right += (not out["refused"]) and any(e.lower() in out["answer"].lower() for e in case["expected"])
    refused = sum(pipeline(case["question"])["refused"] for case in unanswerable)
    return {"n": len(evalset), "answer_accuracy": right / len(answerable),
            "refusal_accuracy": refused / len(unanswerable), "false_refusal_rate": refused_wrongly / len(answerable),
            "citation_rate": cited / len(answerable)}


HIGHER_IS_BETTER = ("answer_accuracy", "refusal_accuracy", "citation_rate")
LOWER_IS_BETTER = ("false_refusal_rate",)


def check_regressions(report, baseline, tolerance=0.02):
    """Names of the metrics that got worse than the baseline by more than tolerance."""
    worse = [m for m in HIGHER_IS_BETTER if m in baseline and report[m] < baseline[m] - tolerance]
    worse += [m for m in LOWER_IS_BETTER if m in baseline and report[m] > baseline[m] + tolerance]
    return worse


def percentile(values, p):
    """Nearest rank: the ceil(p/100 * n)-th smallest value (p in (0, 100])."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def summarize_traces(path):
    """{"requests", "p50_ms", "p95_ms", "error_rate", "refusal_rate", "tokens"} of a trace file.
    Latencies and rates come from the "request" spans; tokens add up every span's prompt and
    completion tokens."""
    with open(path, encoding="utf-8") as f:
        spans = [json.loads(line) for line in f if line.strip()]
    requests = [s for s in spans if s["name"] == "request"]
    latencies = [s["duration_ms"] for s in requests]
    tokens = sum(s["attrs"].get("prompt_tokens", 0) + s["attrs"].get("completion_tokens", 0) for s in spans)
    return {"requests": len(requests), "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "error_rate": sum(s["status"] == "error" for s in requests) / len(requests),
            "refusal_rate": sum(bool(s["attrs"].get("refused")) for s in requests) / len(requests),
            "tokens": tokens}


if __name__ == "__main__":
    from llm_client import chat

    notes = rag.load_jsonl("data/notes.jsonl")
    bm25 = rag.BM25([rag.note_text(n) for n in notes])
    tracer = Tracer("traces.jsonl")
    report = run_evals(lambda q: answer_question(q, bm25, notes, chat, tracer), rag.load_jsonl("data/evalset.jsonl"))
    print(json.dumps(report, indent=2))
    print(json.dumps(summarize_traces("traces.jsonl"), indent=2))
