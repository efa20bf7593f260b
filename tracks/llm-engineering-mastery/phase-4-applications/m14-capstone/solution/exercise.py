"""The capstone's evaluation harness: load a suite of cases, run them through the system,
grade every output, and write a report.

A case is one line of evals/cases.jsonl:

    {"id": "vacation-days", "input": "How many vacation days do I get?", "tags": ["handbook"],
     "expect": {"contains": ["27"]}}

"expect" holds one or more checks, all of which must pass:
    contains      list of strings that must all appear in the output (ignoring case)
    not_contains  list of strings that must not appear (ignoring case)
    regex         a regular expression that must match somewhere (re.search, ignoring case)
    equals        the whole output, compared after normalize()
    max_words     the output has at most this many words (split on whitespace)

    python3 exercise.py          # your suite, your system, the offline model; writes the report
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECT_KEYS = {"contains", "not_contains", "regex", "equals", "max_words"}


def normalize(text):
    """Lower case, whitespace collapsed, one trailing full stop removed."""
    text = " ".join(text.lower().split())
    return text[:-1] if text.endswith(".") else text


def load_cases(path):
    """The cases of a JSONL file. Raises ValueError, naming the line, for a line that is not a JSON
    object with a string id (unique), a string input, a non-empty expect of known checks, and
    tags (optional) a list of strings."""
    cases, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"line {n}: not JSON ({error})") from error
            if not isinstance(case, dict) or not isinstance(case.get("id"), str) or not isinstance(case.get("input"), str):
                raise ValueError(f"line {n}: a case needs a string id and a string input")
            if case["id"] in seen:
                raise ValueError(f"line {n}: id {case['id']!r} is used twice")
            expect = case.get("expect")
            if not isinstance(expect, dict) or not expect or set(expect) - EXPECT_KEYS:
                raise ValueError(f"line {n}: expect must hold one or more of {sorted(EXPECT_KEYS)}")
            tags = case.get("tags", [])
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise ValueError(f"line {n}: tags must be a list of strings")
            seen.add(case["id"])
            cases.append(dict(case, tags=tags))
    return cases


def grade(case, output):
    """The list of failed checks of case on output ([] means the case passed)."""
    expect, low, failures = case["expect"], output.lower(), []
    for s in expect.get("contains", []):
        if s.lower() not in low:
            failures.append(f"missing {s!r}")
    for s in expect.get("not_contains", []):
        if s.lower() in low:
            failures.append(f"should not contain {s!r}")
    if "regex" in expect and not re.search(expect["regex"], output, re.IGNORECASE):
        failures.append(f"does not match /{expect['regex']}/")
    if "equals" in expect and normalize(output) != normalize(expect["equals"]):
        failures.append(f"is not {expect['equals']!r}")
    if "max_words" in expect and len(output.split()) > expect["max_words"]:
        failures.append(f"has {len(output.split())} words, more than {expect['max_words']}")
    return failures


def run_suite(cases, respond, model=None):
    """Runs every case through respond(input, model) and grades it. An exception is a failed case."""
    results, by_tag = [], {}
    for case in cases:
        try:
            output = respond(case["input"], model)
            failures = grade(case, output)
        except Exception as error:  # the system's bug is the case's failure, not the harness's crash
            output, failures = None, [f"error: {type(error).__name__}: {error}"]
        passed = not failures
        results.append({"id": case["id"], "input": case["input"], "tags": case["tags"], "output": output,
                        "passed": passed, "failures": failures})
        for tag in case["tags"]:
            entry = by_tag.setdefault(tag, {"cases": 0, "passed": 0})
            entry["cases"] += 1
            entry["passed"] += passed
    n, k = len(results), sum(r["passed"] for r in results)
    return {"cases": n, "passed": k, "pass_rate": k / n if n else 0.0, "by_tag": by_tag, "results": results}


def write_report(report, folder):
    """Writes folder/eval_report.json (the report) and folder/eval_report.md (a table for people)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "eval_report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
    lines = [f"# Evaluation: {report['passed']} of {report['cases']} cases passed ({report['pass_rate']:.0%})", "",
             "| tag | cases | passed |", "|---|---|---|"]
    lines += [f"| {t} | {e['cases']} | {e['passed']} |" for t, e in sorted(report["by_tag"].items())]
    lines += ["", "| case | passed | failures |", "|---|---|---|"]
    lines += [f"| {r['id']} | {'yes' if r['passed'] else 'no'} | {'; '.join(r['failures'])} |" for r in report["results"]]
    with open(os.path.join(folder, "eval_report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    import offline_model
    import system

    report = run_suite(load_cases(os.path.join(HERE, "evals", "cases.jsonl")), system.respond, offline_model.chat)
    write_report(report, HERE)
    for r in report["results"]:
        if not r["passed"]:
            print(f"✗ {r['id']}: {'; '.join(r['failures'])}  (output: {r['output']!r})")
    print(f"{report['passed']} of {report['cases']} cases passed ({report['pass_rate']:.0%}); wrote eval_report.json and eval_report.md")
