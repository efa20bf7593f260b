"""The eval harness of project 4 (memory framework). `trail check memory-framework` runs it
through tests/test_memory_framework.py; you can run it by hand too:

    python3 evals/harness.py          # scripted model: unit tests, 6 conversations (36 probes), 5 regressions (7 probes)
    python3 evals/harness.py --llm    # your configured model and its embeddings (OPENAI_BASE_URL, OPENAI_MODEL)

For each conversation it creates one Memory, replays the sessions (forget(now) at the start of
each session, write(event) for every message, end_session(now) at its end) and, at the times
the conversation says, asks probes: forget(now), then read(query, k, now). A probe passes when
every expected phrase is in the items read, no stale phrase is in a returned *fact* (episodes
are dated history and may mention the past), and no more than k items come back. It counts the
model calls and tokens itself (it wraps the model). Results go to reports/eval.md
(reports/eval_llm.md with --llm) and, during a check, to Trailguide as metrics.
"""
import argparse
import importlib
import json
import math
import os
import sys
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

PASS_RATE_THRESHOLD = 0.8       # probes (scripted model)
PRECISION_THRESHOLD = 0.5       # share of returned items that hold an expected phrase
LLM_PASS_RATE_THRESHOLD = 0.6   # probes with your model (the full check)


def load(name):
    with open(os.path.join(ROOT, "data", name), encoding="utf-8") as f:
        return json.load(f)["conversations"]


def count_tokens(text):
    """A rough token count: about four characters per token."""
    return max(1, math.ceil(len(text) / 4))


class MeteredModel:
    def __init__(self, model):
        self.model, self.calls, self.tokens = model, 0, 0

    def __call__(self, messages):
        self.calls += 1
        self.tokens += sum(count_tokens(str(m.get("content", ""))) for m in messages)
        reply = self.model(messages)
        self.tokens += count_tokens(str(reply))
        return reply


def judge_probe(probe, items):
    """(passed, reason, details) for the items one read() returned."""
    if not isinstance(items, list) or not all(isinstance(i, dict) and "text" in i for i in items):
        return False, f"read() must return a list of dicts with 'kind', 'text', 'score'; got {str(items)[:100]}", {}
    texts = [str(i["text"]) for i in items]
    joined = " | ".join(texts).lower()
    found = [e for e in probe["expect"] if e.lower() in joined]
    fact_text = " | ".join(str(i["text"]) for i in items if i.get("kind") == "fact").lower()
    stale = [s for s in probe["stale"] if s.lower() in fact_text]
    relevant = sum(1 for t in texts if any(e.lower() in t.lower() for e in probe["expect"]))
    reasons = []
    if len(items) > probe["k"]:
        reasons.append(f"{len(items)} items for k={probe['k']}")
    if len(found) < len(probe["expect"]):
        reasons.append(f"missing {[e for e in probe['expect'] if e not in found]}")
    if stale:
        reasons.append(f"stale or unwanted fact {stale}")
    if reasons:
        reasons.append(f"read: {texts}"[:240])
    return not reasons, "; ".join(reasons), {"found": len(found), "expected": len(probe["expect"]), "stale": bool(stale),
                                             "returned": len(items), "relevant": relevant,
                                             "tokens": sum(count_tokens(t) for t in texts)}


def run_conversation(memory_module, conv, model, embed):
    """Replays one conversation into a fresh Memory; returns one record per probe."""
    metered = MeteredModel(model)
    records, history_tokens = [], 0
    try:
        memory = memory_module.Memory(model=metered, embed=embed)
        for session in conv["sessions"]:
            memory.forget(session["events"][0]["time"])
            for e in session["events"]:
                memory.write({"session": e["session"], "time": e["time"], "role": e["role"], "text": e["text"]})
                history_tokens += count_tokens(e["text"])
            memory.end_session(session["events"][-1]["time"])
            for probe in (p for p in conv["probes"] if p["after_session"] == session["session"]):
                memory.forget(probe["now"])
                items = memory.read(probe["query"], k=probe["k"], now=probe["now"])
                passed, reason, details = judge_probe(probe, items)
                records.append(dict(details, id=probe["id"], category=probe["category"], passed=passed, reason=reason,
                                    history_tokens=history_tokens, guards=probe.get("guards", "")))
    except Exception as error:  # the conversation's remaining probes fail; the harness goes on
        done = {r["id"] for r in records}
        records += [{"id": p["id"], "category": p["category"], "passed": False, "guards": p.get("guards", ""),
                     "reason": f"crashed: {type(error).__name__}: {error}", "found": 0, "expected": len(p["expect"]),
                     "stale": False, "returned": 0, "relevant": 0, "tokens": 0, "history_tokens": history_tokens}
                    for p in conv["probes"] if p["id"] not in done]
    for r in records:
        r["model_calls"] = metered.calls
    return records, metered


def run_unit_tests():
    """Runs evals/unit_tests.py quietly; returns [(test name, "pass" | "fail" | "error", message)]."""
    outcomes = []

    class Collect(unittest.TestResult):
        def addSuccess(self, test):
            outcomes.append((test.id().split(".", 1)[-1], "pass", ""))

        def addFailure(self, test, err):
            outcomes.append((test.id().split(".", 1)[-1], "fail", str(err[1]).splitlines()[0][:200]))

        def addError(self, test, err):
            outcomes.append((test.id().split(".", 1)[-1], "error", f"{err[0].__name__}: {err[1]}"[:200]))
    try:
        from evals import unit_tests
        importlib.reload(unit_tests)
        unittest.defaultTestLoader.loadTestsFromModule(unit_tests).run(Collect())
    except Exception as error:  # memory.py does not import
        outcomes.append(("import memory", "error", f"{type(error).__name__}: {error}"))
    return outcomes


def rate(records):
    return sum(r["passed"] for r in records) / len(records) if records else 0.0


def scores(records):
    """recall, precision, stale rate, tokens per read."""
    expected = sum(r["expected"] for r in records)
    with_expect = [r for r in records if r["expected"]]
    returned = sum(r["returned"] for r in with_expect)
    return {"recall": sum(r["found"] for r in records) / expected if expected else 0.0,
            "precision": sum(r["relevant"] for r in with_expect) / returned if returned else 0.0,
            "stale_rate": sum(r["stale"] for r in records) / len(records) if records else 0.0,
            "tokens_per_read": sum(r["tokens"] for r in records) / len(records) if records else 0.0,
            "history_tokens_per_probe": sum(r["history_tokens"] for r in records) / len(records) if records else 0.0}


def write_report(path, title, units, records, regressions, model_name, calls):
    s = scores(records)
    unit_ok = sum(1 for _, st, _ in units if st == "pass")
    failed_regs = [r for r in regressions if not r["passed"]]
    verdict = (rate(records) >= PASS_RATE_THRESHOLD and s["precision"] >= PRECISION_THRESHOLD and not failed_regs
               and (not units or unit_ok == len(units)))
    lines = [f"# Eval report: {title}", "", f"Model: {model_name}. Verdict: **{'PASS' if verdict else 'FAIL'}**", "",
             "| suite | passed | total | rate | needed |", "|---|---:|---:|---:|---|"]
    if units:
        lines.append(f"| unit tests | {unit_ok} | {len(units)} | {unit_ok / len(units):.2f} | all |")
    lines.append(f"| probes | {sum(r['passed'] for r in records)} | {len(records)} | {rate(records):.2f} | ≥ {PASS_RATE_THRESHOLD} |")
    if regressions:
        lines.append(f"| regression set | {len(regressions) - len(failed_regs)} | {len(regressions)} | {rate(regressions):.2f} | no failure |")
    lines += ["", "## Retrieval quality and cost", "", "| measure | value |", "|---|---:|",
              f"| fact recall (expected phrases found) | {s['recall']:.2f} |",
              f"| precision (returned items holding an expected phrase) | {s['precision']:.2f} (needs ≥ {PRECISION_THRESHOLD}) |",
              f"| stale rate (probes with a stale or unwanted fact) | {s['stale_rate']:.2f} |",
              f"| tokens per read (what a prompt would carry) | {s['tokens_per_read']:.1f} |",
              f"| tokens of the whole history at a probe (no memory, everything in the prompt) | {s['history_tokens_per_probe']:.1f} |",
              f"| model calls (extraction and summaries, all conversations) | {calls} |",
              "", "## Probes by category", "", "| category | passed | total | rate |", "|---|---:|---:|---:|"]
    for cat in dict.fromkeys(r["category"] for r in records):
        rs = [r for r in records if r["category"] == cat]
        lines.append(f"| {cat} | {sum(r['passed'] for r in rs)} | {len(rs)} | {rate(rs):.2f} |")
    lines += ["", "## Failures", ""]
    lines += [f"- **{r['id']}** ({r['category']}): {r['reason']}" for r in records + regressions if not r["passed"]] or ["None."]
    bad_units = [(n, st, m) for n, st, m in units if st != "pass"]
    if bad_units:
        lines += ["", "## Unit tests that did not pass", ""] + [f"- `{n}` ({st}): {m}" for n, st, m in bad_units]
    if regressions:
        lines += ["", "## Regression set", "", "| id | guards against | result |", "|---|---|---|"]
        lines += [f"| {r['id']} | {r['guards']} | {'pass' if r['passed'] else 'FAIL'} |" for r in regressions]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def run_all(report_path=None):
    """The core eval: unit tests, the conversations' probes and the regression set, scripted model."""
    from evals.fake_model import ScriptedMemoryModel
    import embedding
    convs, reg_convs = load("conversations.json"), load("regressions.json")
    units = run_unit_tests()
    model = ScriptedMemoryModel(convs + reg_convs)
    records, regressions, calls = [], [], 0
    try:
        memory_module = importlib.import_module("memory")
    except Exception as error:
        memory_module = None
        records = [{"id": p["id"], "category": p["category"], "passed": False, "guards": p.get("guards", ""),
                    "reason": f"crashed: memory.py does not import: {type(error).__name__}: {error}", "found": 0,
                    "expected": len(p["expect"]), "stale": False, "returned": 0, "relevant": 0, "tokens": 0,
                    "history_tokens": 0} for c in convs for p in c["probes"]]
        regressions = [{"id": p["id"], "category": p["category"], "passed": False, "guards": p.get("guards", ""),
                        "reason": "crashed: memory.py does not import", "found": 0, "expected": len(p["expect"]),
                        "stale": False, "returned": 0, "relevant": 0, "tokens": 0, "history_tokens": 0}
                       for c in reg_convs for p in c["probes"]]
    if memory_module is not None:
        for conv in convs:
            rs, metered = run_conversation(memory_module, conv, model, embedding.embed)
            records += rs
            calls += metered.calls
        for conv in reg_convs:
            rs, metered = run_conversation(memory_module, conv, model, embedding.embed)
            regressions += rs
    path = report_path or os.path.join(ROOT, "reports", "eval.md")
    write_report(path, "memory framework (scripted model)", units, records, regressions,
                 "scripted fake (evals/fake_model.py), embedding.py", calls)
    unit_ok = sum(1 for _, st, _ in units if st == "pass")
    summary = {"pass_rate": rate(records), "probes": len(records), "passed": sum(r["passed"] for r in records),
               "regressions": sum(not r["passed"] for r in regressions), "regression_probes": len(regressions),
               "unit_pass": unit_ok / len(units) if units else 0.0, "unit_tests": len(units), "model_calls": calls}
    summary.update(scores(records))
    for cat in sorted({r["category"] for r in records}):
        summary[f"pass_rate_{cat}"] = rate([r for r in records if r["category"] == cat])
    for name, value in summary.items():
        log_metric(name, value)
    summary.update(records=records, regression_records=regressions, units=units, report=path)
    return summary


def run_llm(report_path=None):
    """The full eval: your model extracts and summarizes, your model's embeddings search."""
    import llm_client
    convs = load("conversations.json")
    memory_module = importlib.import_module("memory")

    def embed(texts):
        return np.array(llm_client.embed(list(texts)), dtype=float)
    records, calls = [], 0
    for conv in convs:
        rs, metered = run_conversation(memory_module, conv, llm_client.chat, embed)
        records += rs
        calls += metered.calls
    path = report_path or os.path.join(ROOT, "reports", "eval_llm.md")
    write_report(path, "memory framework (your model)", [], records, [], os.environ.get("OPENAI_MODEL", "(unset)"), calls)
    s = scores(records)
    summary = {"llm_pass_rate": rate(records), "llm_probes": len(records), "llm_recall": s["recall"],
               "llm_precision": s["precision"], "llm_tokens_per_read": s["tokens_per_read"], "llm_model_calls": calls}
    for name, value in summary.items():
        log_metric(name, value)
    summary.update(records=records, report=path)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llm", action="store_true", help="use your configured model and its embeddings")
    args = parser.parse_args()
    summary = run_llm() if args.llm else run_all()
    for key, value in summary.items():
        if not isinstance(value, (list, dict, str)):
            print(f"{key:26s} {value:.3f}" if isinstance(value, float) else f"{key:26s} {value}")
    for r in summary["records"] + summary.get("regression_records", []):
        if not r["passed"]:
            print(f"FAIL {r['id']} ({r['category']}): {r['reason']}")
    print(f"report: {os.path.relpath(summary['report'])}")


if __name__ == "__main__":
    main()
