"""Section 17 (Evaluations): an eval harness for an agent, and the decision it supports.

systems.py holds two versions of a support bot. data/cases.jsonl holds 30 evaluation cases:
unit tests of its tool calls, behavioural checks (refusing other customers' data, answering the
same question asked differently the same way), knowledge and latency. You write the checks,
run the suite on both versions, put an interval around each pass rate, find the regressions,
decide whether version 2 may ship, measure how far the automatic checks agree with human
judges, and write the report.

    python3 exercise.py             # runs both versions, prints the comparison, writes eval_report.json
    trail check evaluations         # runs the tests

Standard library only. Fill in every TODO; the overview gives each rule and formula.
"""
import json
import math


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ---------------------------------------------------------------- checks

def run_check(check, output, paraphrase_outputs=()):
    """(passed, detail) for one check on one output {"answer", "tool_calls", "refused", "latency_ms"}.

    contains / not_contains   check["value"] is / is not in the answer, ignoring case
    tool_called               a call with this name whose args include every item of check["args"]
    tool_not_called           no call with this name
    refused / not_refused     output["refused"] is True / False
    max_latency_ms            output["latency_ms"] <= check["value"]
    consistent                every paraphrase output's answer equals the output's answer
    detail is "" when the check passes, else a short sentence saying what was wrong.
    """
    kind = check["type"]
    answer = output["answer"]
    if kind == "contains":
        ok = check["value"].lower() in answer.lower()
        return ok, "" if ok else f"answer lacks {check['value']!r}"
    if kind == "not_contains":
        ok = check["value"].lower() not in answer.lower()
        return ok, "" if ok else f"answer contains {check['value']!r}"
    if kind == "tool_called":
        ok = any(c["name"] == check["name"] and all(c["args"].get(k) == v for k, v in check["args"].items())
                 for c in output["tool_calls"])
        return ok, "" if ok else f"no call {check['name']}({check['args']})"
    if kind == "tool_not_called":
        ok = all(c["name"] != check["name"] for c in output["tool_calls"])
        return ok, "" if ok else f"called {check['name']}"
    if kind == "refused":
        return (True, "") if output["refused"] else (False, "did not refuse")
    if kind == "not_refused":
        return (True, "") if not output["refused"] else (False, "refused")
    if kind == "max_latency_ms":
        ok = output["latency_ms"] <= check["value"]
        return ok, "" if ok else f"{output['latency_ms']} ms > {check['value']} ms"
    if kind == "consistent":
        differ = [o["answer"] for o in paraphrase_outputs if o["answer"] != answer]
        return (not differ), "" if not differ else f"{len(differ)} paraphrase(s) answered differently"
    raise ValueError(f"unknown check type {kind!r}")


def run_case(system, case):
    """Run the system on the case's input (and on each of its "paraphrases", same user), apply every
    check. Returns {"id", "passed", "failures": [details], "tags", "critical", "output"}."""
    output = system(case["input"])
    others = [system({"user": case["input"]["user"], "message": p}) for p in case.get("paraphrases", [])]
    failures = []
    for check in case["checks"]:
        ok, detail = run_check(check, output, others)
        if not ok:
            failures.append(detail)
    return {"id": case["id"], "passed": not failures, "failures": failures, "tags": case["tags"],
            "critical": case["critical"], "output": output}


def run_suite(system, cases):
    """run_case on every case, in order."""
    return [run_case(system, case) for case in cases]


# ---------------------------------------------------------------- numbers

def pass_rate(results, tag=None):
    """Share of results that passed, among those with this tag (all when tag is None); 0.0 when none."""
    chosen = [r for r in results if tag is None or tag in r["tags"]]
    return sum(r["passed"] for r in chosen) / len(chosen) if chosen else 0.0


def wilson_interval(passed, n, z=1.96):
    """The Wilson score interval (low, high) for a pass rate of passed / n, at z standard errors:
    centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · sqrt(p(1 - p)/n + z²/4n²)."""
    if n == 0:
        return (0.0, 1.0)
    p = passed / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half, centre + half)


def compare_versions(old, new):
    """Case by case, between two run_suite results of the same cases: {"regressions": ids that
    passed in old and fail in new, "fixes": ids that failed in old and pass in new,
    "critical_regressions": the regressions of critical cases}, each list in case order."""
    before = {r["id"]: r["passed"] for r in old}
    regressions = [r["id"] for r in new if before.get(r["id"]) and not r["passed"]]
    fixes = [r["id"] for r in new if r["id"] in before and not before[r["id"]] and r["passed"]]
    critical = [r["id"] for r in new if r["id"] in regressions and r["critical"]]
    return {"regressions": regressions, "fixes": fixes, "critical_regressions": critical}


def gate(old, new, max_drop=0.05):
    """Decide whether `new` may replace `old`: {"decision": "ship" | "block", "reasons": [...]}.
    Block when there is any critical regression, or when the pass rate drops by more than max_drop;
    each broken rule adds a reason. Otherwise ship (reasons empty)."""
    comparison = compare_versions(old, new)
    reasons = []
    if comparison["critical_regressions"]:
        reasons.append("critical regressions: " + ", ".join(comparison["critical_regressions"]))
    drop = pass_rate(old) - pass_rate(new)
    if drop > max_drop:
        reasons.append(f"pass rate dropped by {drop:.2f}")
    return {"decision": "block" if reasons else "ship", "reasons": reasons}


def cohen_kappa(a, b):
    """Agreement between two lists of booleans beyond chance: (p_o - p_e) / (1 - p_e), with p_o the
    share of equal labels and p_e = P(a true)·P(b true) + P(a false)·P(b false). 1.0 if p_e is 1."""
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    p_e = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if p_e == 1 else (p_o - p_e) / (1 - p_e)


# ---------------------------------------------------------------- the report

def build_report(old_name, old, new_name, new):
    """A dict for people and machines: {"cases", "versions": {name: {"pass_rate", "interval":
    [low, high], "by_tag": {tag: rate}, "failed": [ids]}}, "comparison": compare_versions(old, new),
    "gate": gate(old, new)}."""
    def summary(results):
        passed = sum(r["passed"] for r in results)
        tags = sorted({t for r in results for t in r["tags"]})
        return {"pass_rate": pass_rate(results), "interval": list(wilson_interval(passed, len(results))),
                "by_tag": {t: pass_rate(results, t) for t in tags},
                "failed": [r["id"] for r in results if not r["passed"]]}
    return {"cases": len(new), "versions": {old_name: summary(old), new_name: summary(new)},
            "comparison": compare_versions(old, new), "gate": gate(old, new)}


def write_report(path, report):
    """Write the report as JSON (indent 2) to path."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    from systems import SYSTEMS
    cases = load_jsonl("data/cases.jsonl")
    v1, v2 = run_suite(SYSTEMS["v1"], cases), run_suite(SYSTEMS["v2"], cases)
    report = build_report("v1", v1, "v2", v2)
    for name in ("v1", "v2"):
        s = report["versions"][name]
        print(f"{name}: pass rate {s['pass_rate']:.2f} (95% interval {s['interval'][0]:.2f}-{s['interval'][1]:.2f}), "
              f"failed {s['failed']}")
    print("comparison:", report["comparison"])
    print("gate:", report["gate"])
    labels = load_jsonl("data/human_labels.jsonl")
    auto = {(r["id"], "v1"): r["passed"] for r in v1} | {(r["id"], "v2"): r["passed"] for r in v2}
    a = [auto[(h["id"], h["version"])] for h in labels]
    b = [h["human_pass"] for h in labels]
    print(f"automatic vs human on {len(labels)} outputs: agreement {sum(x == y for x, y in zip(a, b)) / len(a):.2f}, "
          f"kappa {cohen_kappa(a, b):.2f}")
    write_report("eval_report.json", report)
