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
    # TODO: one branch per type, each returning (passed, "" or a short sentence); an unknown type raises ValueError
    raise NotImplementedError("run_check")


def run_case(system, case):
    """Run the system on the case's input (and on each of its "paraphrases", same user), apply every
    check. Returns {"id", "passed", "failures": [details], "tags", "critical", "output"}."""
    # TODO: the output of the case's input; the outputs of each paraphrase (same user); run every check
    raise NotImplementedError("run_case")


def run_suite(system, cases):
    """run_case on every case, in order."""
    raise NotImplementedError("run_suite")  # TODO


# ---------------------------------------------------------------- numbers

def pass_rate(results, tag=None):
    """Share of results that passed, among those with this tag (all when tag is None); 0.0 when none."""
    raise NotImplementedError("pass_rate")  # TODO


def wilson_interval(passed, n, z=1.96):
    """The Wilson score interval (low, high) for a pass rate of passed / n, at z standard errors:
    centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · sqrt(p(1 - p)/n + z²/4n²)."""
    if n == 0:
        return (0.0, 1.0)
    raise NotImplementedError("wilson_interval")  # TODO: p = passed / n, then the formula


def compare_versions(old, new):
    """Case by case, between two run_suite results of the same cases: {"regressions": ids that
    passed in old and fail in new, "fixes": ids that failed in old and pass in new,
    "critical_regressions": the regressions of critical cases}, each list in case order."""
    raise NotImplementedError("compare_versions")  # TODO: index old by id, walk new in order


def gate(old, new, max_drop=0.05):
    """Decide whether `new` may replace `old`: {"decision": "ship" | "block", "reasons": [...]}.
    Block when there is any critical regression, or when the pass rate drops by more than max_drop;
    each broken rule adds a reason. Otherwise ship (reasons empty)."""
    raise NotImplementedError("gate")  # TODO: compare_versions, pass_rate; one reason per broken rule


def cohen_kappa(a, b):
    """Agreement between two lists of booleans beyond chance: (p_o - p_e) / (1 - p_e), with p_o the
    share of equal labels and p_e = P(a true)·P(b true) + P(a false)·P(b false). 1.0 if p_e is 1."""
    raise NotImplementedError("cohen_kappa")  # TODO


# ---------------------------------------------------------------- the report

def build_report(old_name, old, new_name, new):
    """A dict for people and machines: {"cases", "versions": {name: {"pass_rate", "interval":
    [low, high], "by_tag": {tag: rate}, "failed": [ids]}}, "comparison": compare_versions(old, new),
    "gate": gate(old, new)}."""
    # TODO: a summary per version (pass_rate, wilson interval as a list, by_tag for every tag seen, failed ids)
    raise NotImplementedError("build_report")


def write_report(path, report):
    """Write the report as JSON (indent 2) to path."""
    raise NotImplementedError("write_report")  # TODO: json.dump(report, f, indent=2)


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
