"""The eval harness of project 1 (agent framework). `trail check agent-framework` runs it
through tests/test_agent_framework.py; you can run it by hand too:

    python3 evals/harness.py          # scripted fake model: unit tests, 30 tasks, 9 regressions
    python3 evals/harness.py --llm    # your configured model (OPENAI_BASE_URL, OPENAI_MODEL) on the llm tasks

It judges your framework from the outside: it counts the model calls and records every tool
call itself (it wraps the model and the tool functions), so the numbers do not depend on what
your code reports about itself. Results go to reports/eval.md (reports/eval_llm.md with --llm)
and, during a check, to Trailguide as metrics.
"""
import argparse
import importlib
import json
import math
import os
import re
import sys
import traceback
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

PASS_RATE_THRESHOLD = 0.85      # behavioural tasks (scripted model)
LLM_PASS_RATE_THRESHOLD = 0.6   # llm tasks (a real model; the full check)
MAX_MODEL_CALLS = 40            # per task: an agent without a step budget is stopped here
DEFAULT_MAX_STEPS = 6


def load_jsonl(name):
    with open(os.path.join(ROOT, "tasks", name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def count_tokens(text):
    """A rough token count: about four characters per token."""
    return max(1, math.ceil(len(text) / 4))


class RunawayAgent(RuntimeError):
    pass


class MeteredModel:
    """Wraps a model: counts calls and tokens, and stops an agent that never stops."""

    def __init__(self, model):
        self.model, self.calls, self.prompt_tokens, self.completion_tokens = model, 0, 0, 0

    def __call__(self, messages):
        self.calls += 1
        if self.calls > MAX_MODEL_CALLS:
            raise RunawayAgent(f"more than {MAX_MODEL_CALLS} model calls in one task: is max_steps enforced?")
        self.prompt_tokens += sum(count_tokens(str(m.get("content", ""))) for m in messages)
        reply = self.model(messages)
        self.completion_tokens += count_tokens(str(reply))
        return reply


def build_tools(agent_module, calls):
    """Your Tool class around each shop function; every call is recorded in `calls` by name."""
    import tools

    def recorded(name, fn):
        def wrapper(**kwargs):
            calls.append(name)
            return fn(**kwargs)
        return wrapper
    return [agent_module.Tool(name=name, description=desc, parameters=params, fn=recorded(name, fn))
            for name, desc, params, fn in tools.TOOL_SPECS]


def _norm(text):
    return re.sub(r"\s+", " ", str(text).strip().strip("\"'").rstrip(".").strip()).lower()


def _numbers(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", str(text).replace(",", ""))]


def answer_matches(got, expected):
    """Same text (ignoring case, spaces, quotes, a final '.'), or the expected number or phrase inside the answer."""
    if got is None or str(got).startswith("FAKE-MODEL"):
        return False
    g, e = _norm(got), _norm(expected)
    if g == e:
        return True
    if re.fullmatch(r"-?\d+(\.\d+)?", e):
        return any(abs(x - float(e)) <= 1e-6 * max(1.0, abs(float(e))) for x in _numbers(got))
    return re.search(r"(?<![a-z0-9])" + re.escape(e) + r"(?![a-z0-9])", g) is not None


def _field(result, key):
    if isinstance(result, dict):
        return result.get(key)
    return getattr(result, key, None)


def run_task(agent_module, task, model, strict=True):
    """Runs one task and judges it. strict=False (a real model) checks only the status and the answer."""
    calls = []
    metered = MeteredModel(model)
    record = {"id": task["id"], "category": task["category"], "passed": False, "reason": ""}
    try:
        agent = agent_module.Agent(model=metered, tools=build_tools(agent_module, calls),
                                   max_steps=task.get("max_steps", DEFAULT_MAX_STEPS))
        result = agent.run(task["task"])
        answer, status = _field(result, "answer"), _field(result, "status")
    except Exception as error:  # the task fails; the harness goes on
        answer, status = None, None
        record["reason"] = f"crashed: {type(error).__name__}: {error}"
        record["traceback"] = traceback.format_exc(limit=-3)
    expected = task["expected"]
    reasons = [record["reason"]] if record["reason"] else []
    if not reasons:
        if status != expected["status"]:
            reasons.append(f"status {status!r}, expected {expected['status']!r}")
        if "answer" in expected and not answer_matches(answer, expected["answer"]):
            reasons.append(f"answer {answer!r}, expected {expected['answer']!r}")
        if strict and "tools" in expected and calls != expected["tools"]:
            reasons.append(f"tool calls {calls}, expected {expected['tools']}")
        if strict and "model_calls" in expected and metered.calls != expected["model_calls"]:
            reasons.append(f"{metered.calls} model calls, expected {expected['model_calls']}")
    record.update(passed=not reasons, reason="; ".join(reasons), answer=answer, status=status,
                  model_calls=metered.calls, tool_calls=len(calls),
                  tokens=metered.prompt_tokens + metered.completion_tokens)
    return record


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
    except Exception as error:  # agent.py does not import
        outcomes.append(("import agent", "error", f"{type(error).__name__}: {error}"))
    return outcomes


def rate(records):
    return sum(r["passed"] for r in records) / len(records) if records else 0.0


def write_report(path, title, units, records, regressions, threshold, model_name):
    by_cat = {}
    for r in records:
        by_cat.setdefault(r["category"], []).append(r)
    unit_ok = sum(1 for _, s, _ in units if s == "pass")
    failed_regs = [r for r in regressions if not r["passed"]]
    verdict = (rate(records) >= threshold and not failed_regs and (not units or unit_ok == len(units)))
    lines = [f"# Eval report: {title}", "",
             f"Model: {model_name}. Verdict: **{'PASS' if verdict else 'FAIL'}**", "",
             "| suite | passed | total | rate | needed |", "|---|---:|---:|---:|---|"]
    if units:
        lines.append(f"| unit tests | {unit_ok} | {len(units)} | {unit_ok / len(units):.2f} | all |")
    lines.append(f"| behavioural tasks | {sum(r['passed'] for r in records)} | {len(records)} | {rate(records):.2f} | ≥ {threshold} |")
    if regressions:
        lines.append(f"| regression set | {len(regressions) - len(failed_regs)} | {len(regressions)} | "
                     f"{rate(regressions):.2f} | no failure |")
    lines += ["", "## Tasks by category", "", "| category | passed | total | rate |", "|---|---:|---:|---:|"]
    for cat, rs in by_cat.items():
        lines.append(f"| {cat} | {sum(r['passed'] for r in rs)} | {len(rs)} | {rate(rs):.2f} |")
    everything = records + regressions
    lines += ["", "## Cost", "",
              f"{sum(r['model_calls'] for r in everything)} model calls, {sum(r['tool_calls'] for r in everything)} tool calls, "
              f"{sum(r['tokens'] for r in everything)} tokens (about 4 characters a token), "
              f"{sum(r['tokens'] for r in records) / max(1, len(records)):.0f} tokens a task."]
    failures = [r for r in everything if not r["passed"]]
    lines += ["", "## Failures", ""]
    lines += [f"- **{r['id']}** ({r['category']}): {r['reason']}" for r in failures] or ["None."]
    bad_units = [(n, s, m) for n, s, m in units if s != "pass"]
    if bad_units:
        lines += ["", "## Unit tests that did not pass", ""]
        lines += [f"- `{n}` ({s}): {m}" for n, s, m in bad_units]
    if regressions:
        lines += ["", "## Regression set", "", "| id | guards against | result |", "|---|---|---|"]
        lines += [f"| {r['id']} | {r['guards']} | {'pass' if r['passed'] else 'FAIL'} |" for r in regressions]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return verdict


def run_all(report_path=None):
    """The core eval: unit tests, behavioural tasks and the regression set with the scripted model."""
    from evals.fake_model import ScriptedModel
    tasks, regression_tasks = load_jsonl("tasks.jsonl"), load_jsonl("regressions.jsonl")
    units = run_unit_tests()
    try:
        agent_module = importlib.import_module("agent")
    except Exception as error:
        agent_module = None
        import_error = f"crashed: agent.py does not import: {type(error).__name__}: {error}"
    model = ScriptedModel(tasks + regression_tasks)

    def judge(task):
        if agent_module is None:
            return {"id": task["id"], "category": task["category"], "passed": False, "reason": import_error,
                    "model_calls": 0, "tool_calls": 0, "tokens": 0}
        return run_task(agent_module, task, model)
    records = [judge(t) for t in tasks]
    regressions = [dict(judge(t), guards=t["guards"]) for t in regression_tasks]
    path = report_path or os.path.join(ROOT, "reports", "eval.md")
    write_report(path, "agent framework (scripted model)", units, records, regressions, PASS_RATE_THRESHOLD,
                 "scripted fake (evals/fake_model.py)")
    unit_ok = sum(1 for _, s, _ in units if s == "pass")
    summary = {"pass_rate": rate(records), "tasks": len(records), "passed": sum(r["passed"] for r in records),
               "regressions": sum(not r["passed"] for r in regressions), "regression_tasks": len(regressions),
               "unit_pass": unit_ok / len(units) if units else 0.0, "unit_tests": len(units),
               "model_calls": sum(r["model_calls"] for r in records + regressions),
               "tokens_per_task": sum(r["tokens"] for r in records) / max(1, len(records))}
    for cat in sorted({r["category"] for r in records}):
        summary[f"pass_rate_{cat}"] = rate([r for r in records if r["category"] == cat])
    for name, value in summary.items():
        log_metric(name, value)
    summary.update(records=records, regression_records=regressions, units=units, report=path)
    return summary


def run_llm(report_path=None):
    """The full eval: the llm tasks with your configured model (llm_client.chat)."""
    import llm_client
    tasks = [t for t in load_jsonl("tasks.jsonl") if t.get("llm")]
    agent_module = importlib.import_module("agent")
    records = [run_task(agent_module, t, llm_client.chat, strict=False) for t in tasks]
    path = report_path or os.path.join(ROOT, "reports", "eval_llm.md")
    write_report(path, "agent framework (your model)", [], records, [], LLM_PASS_RATE_THRESHOLD,
                 os.environ.get("OPENAI_MODEL", "(OPENAI_MODEL not set)"))
    summary = {"llm_pass_rate": rate(records), "llm_tasks": len(records),
               "llm_tokens_per_task": sum(r["tokens"] for r in records) / max(1, len(records))}
    for name, value in summary.items():
        log_metric(name, value)
    summary.update(records=records, report=path)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llm", action="store_true", help="run the llm tasks with your configured model")
    args = parser.parse_args()
    summary = run_llm() if args.llm else run_all()
    for key, value in summary.items():
        if not isinstance(value, (list, dict, str)):
            print(f"{key:24s} {value:.3f}" if isinstance(value, float) else f"{key:24s} {value}")
    for r in summary["records"] + summary.get("regression_records", []):
        if not r["passed"]:
            print(f"FAIL {r['id']} ({r['category']}): {r['reason']}")
    print(f"report: {os.path.relpath(summary['report'])}")


if __name__ == "__main__":
    main()
