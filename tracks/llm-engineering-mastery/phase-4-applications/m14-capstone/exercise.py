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
    # TODO: lower-case, join the words with single spaces, drop one trailing ".".
    raise NotImplementedError("normalize")


def load_cases(path):
    """The cases of a JSONL file. Raises ValueError, naming the line, for a line that is not a JSON
    object with a string id (unique), a string input, a non-empty expect of known checks, and
    tags (optional) a list of strings."""
    # TODO: one JSON object per non-empty line; check each rule above and raise ValueError(f"line {n}: ...")
    # when one fails; give tags a default of []. Return the cases in file order.
    raise NotImplementedError("load_cases")


def grade(case, output):
    """The list of failed checks of case on output ([] means the case passed)."""
    # TODO: one failure string per check of case["expect"] that does not hold (see the module docstring).
    raise NotImplementedError("grade")


def run_suite(cases, respond, model=None):
    """Runs every case through respond(input, model) and grades it. An exception is a failed case."""
    # TODO: for each case, output = respond(case["input"], model) and failures = grade(case, output); an
    # exception becomes failures = ["error: ..."] and output None. Return {"cases", "passed", "pass_rate",
    # "by_tag": {tag: {"cases", "passed"}}, "results": [{"id", "input", "tags", "output", "passed", "failures"}]}.
    raise NotImplementedError("run_suite")


def write_report(report, folder):
    """Writes folder/eval_report.json (the report) and folder/eval_report.md (a table for people)."""
    os.makedirs(folder, exist_ok=True)
    # TODO: eval_report.json (json.dump of the report) and eval_report.md: a title line with the pass
    # rate, a table of the tags, and a table of the cases with their failures.
    raise NotImplementedError("write_report")


if __name__ == "__main__":
    import offline_model
    import system

    report = run_suite(load_cases(os.path.join(HERE, "evals", "cases.jsonl")), system.respond, offline_model.chat)
    write_report(report, HERE)
    for r in report["results"]:
        if not r["passed"]:
            print(f"✗ {r['id']}: {'; '.join(r['failures'])}  (output: {r['output']!r})")
    print(f"{report['passed']} of {report['cases']} cases passed ({report['pass_rate']:.0%}); wrote eval_report.json and eval_report.md")
