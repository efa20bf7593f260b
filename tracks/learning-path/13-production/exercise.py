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
        # TODO: record = {"trace_id", "span_id" (a new unique id, e.g. f"s{next(self._ids)}"),
        #       "parent_id", "name", "attrs": dict(attrs)}; start = self.clock()
        # TODO: yield record inside try; on success status "ok"; on an exception status "error",
        #       an "error" text, and raise it again
        # TODO: finally: duration_ms = (self.clock() - start) * 1000, and append json.dumps(record) + "\n"
        raise NotImplementedError("Tracer.span")
        yield


# ---------------------------------------------------------------- guardrails

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# TODO: CARD and PHONE patterns: 13-19 digits that may have spaces or dashes between them; a phone
#       number: digits with + ( ) - . or spaces, of which 8 to 15 are digits


def luhn_ok(digits):
    """The Luhn checksum that card numbers satisfy: double every second digit from the right."""
    # TODO: from the right, double every second digit (subtract 9 when the result is above 9),
    #       add up all digits; valid when the total is a multiple of 10
    raise NotImplementedError("luhn_ok")


def redact(text):
    """Emails -> [EMAIL]; card numbers (13-19 digits, spaces or dashes allowed, passing Luhn) ->
    [CARD]; phone numbers (8 to 15 digits, with + ( ) - . or spaces between) -> [PHONE]."""
    # TODO: EMAIL.sub first; then cards (only those whose digits pass luhn_ok); then phones
    raise NotImplementedError("redact")


def answer_question(question, bm25, notes, model, tracer, k=3, min_score=5.0):
    """The guarded, traced pipeline. Returns {"answer", "sources", "refused", "reason", "trace_id"}.

    Spans: "request" (attrs: the redacted question), and inside it "retrieve" (attrs: top_score,
    ids) and, unless refused before, "generate" (attrs: prompt_tokens, completion_tokens).
    """
    # TODO: trace_id = tracer.new_trace_id(); redact the question before anything else
    # TODO: a "request" span (attrs: the redacted question), and inside it:
    #       a "retrieve" span: top_score = the best BM25 score, the notes of rag.two_hop_search(bm25, q, k)
    #       below min_score: refuse ("no supporting notes") without calling the model
    #       else a "generate" span around model(rag.build_messages(...)), with prompt_tokens and
    #       completion_tokens (count_tokens); keep the cited ids that were retrieved; none -> refuse
    #       ("answer cites no retrieved note"); else the answer, redacted
    # TODO: record refused and reason on the request span; return the dict
    raise NotImplementedError("answer_question")


# ---------------------------------------------------------------- evals


def run_evals(pipeline, evalset):
    """Runs every case through pipeline(question) -> result. Cases with "expected" keywords must be
    answered (not refused) with one of them in the answer; cases with "expected": None must be refused.

    Returns {"n", "answer_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_rate"}, the
    rates over the answerable cases except refusal_accuracy (over the unanswerable ones).
    """
    # TODO
    raise NotImplementedError("run_evals")


HIGHER_IS_BETTER = ("answer_accuracy", "refusal_accuracy", "citation_rate")
LOWER_IS_BETTER = ("false_refusal_rate",)


def check_regressions(report, baseline, tolerance=0.02):
    """Names of the metrics that got worse than the baseline by more than tolerance."""
    # TODO: HIGHER_IS_BETTER metrics below baseline - tolerance, LOWER_IS_BETTER ones above baseline + tolerance
    raise NotImplementedError("check_regressions")


def percentile(values, p):
    """Nearest rank: the ceil(p/100 * n)-th smallest value (p in (0, 100])."""
    # TODO
    raise NotImplementedError("percentile")


def summarize_traces(path):
    """{"requests", "p50_ms", "p95_ms", "error_rate", "refusal_rate", "tokens"} of a trace file.
    Latencies and rates come from the "request" spans; tokens add up every span's prompt and
    completion tokens."""
    # TODO: read the spans; latencies, errors and refusals from the "request" spans; tokens from all
    raise NotImplementedError("summarize_traces")


if __name__ == "__main__":
    from llm_client import chat

    notes = rag.load_jsonl("data/notes.jsonl")
    bm25 = rag.BM25([rag.note_text(n) for n in notes])
    tracer = Tracer("traces.jsonl")
    report = run_evals(lambda q: answer_question(q, bm25, notes, chat, tracer), rag.load_jsonl("data/evalset.jsonl"))
    print(json.dumps(report, indent=2))
    print(json.dumps(summarize_traces("traces.jsonl"), indent=2))
