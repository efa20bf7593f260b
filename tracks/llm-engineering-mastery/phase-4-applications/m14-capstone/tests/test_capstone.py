"""The capstone's evaluation: your suite (evals/cases.jsonl) runs against your system
(system.respond) with the offline model; the tests grade every case with their own grader,
require at least 20 valid cases in at least 3 tags and a pass rate of at least 0.8, and check
the report your harness writes."""
import json
import os
import re
import unittest

from trail_metrics import log_metric

import offline_model
import system
from exercise import run_suite, write_report

MIN_CASES, MIN_TAGS, MIN_PASS_RATE = 20, 3, 0.8
KEYS = {"contains", "not_contains", "regex", "equals", "max_words"}


def own_cases():
    cases = []
    with open("evals/cases.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                c = json.loads(line)
                assert isinstance(c.get("id"), str) and isinstance(c.get("input"), str), f"line {n}: id and input"
                assert isinstance(c.get("expect"), dict) and c["expect"] and not set(c["expect"]) - KEYS, f"line {n}: expect"
                c.setdefault("tags", [])
                cases.append(c)
    assert len({c["id"] for c in cases}) == len(cases), "case ids must be unique"
    return cases


def own_grade(case, output):
    e, low, norm = case["expect"], output.lower(), lambda s: " ".join(s.lower().split()).removesuffix(".")
    return (all(s.lower() in low for s in e.get("contains", []))
            and not any(s.lower() in low for s in e.get("not_contains", []))
            and ("regex" not in e or re.search(e["regex"], output, re.IGNORECASE) is not None)
            and ("equals" not in e or norm(output) == norm(e["equals"]))
            and ("max_words" not in e or len(output.split()) <= e["max_words"]))


class CapstoneEvaluationTest(unittest.TestCase):
    def test_suite_against_the_system(self):
        cases = own_cases()
        tags = {t for c in cases for t in c["tags"]}
        passed = 0
        for c in cases:
            try:
                passed += own_grade(c, system.respond(c["input"], offline_model.chat))
            except Exception:
                pass
        rate = passed / len(cases) if cases else 0.0
        log_metric("eval_cases", len(cases))
        log_metric("eval_tags", len(tags))
        log_metric("eval_pass_rate", rate)
        report = run_suite(cases, system.respond, offline_model.chat)
        write_report(report, ".")  # in the node folder: the check expects eval_report.json and .md there
        with open("eval_report.json", encoding="utf-8") as f:
            written = json.load(f)
        self.assertGreaterEqual(len(cases), MIN_CASES, f"the suite needs at least {MIN_CASES} cases; it has {len(cases)}")
        self.assertGreaterEqual(len(tags), MIN_TAGS, f"the cases need at least {MIN_TAGS} different tags; found {sorted(tags)}")
        self.assertEqual(written["cases"], len(cases), "the report counts every case")
        self.assertEqual(written["passed"], passed, "the harness and the check's own grader must agree on every case")
        self.assertGreaterEqual(rate, MIN_PASS_RATE,
                                f"{passed} of {len(cases)} cases pass ({rate:.0%}); the capstone needs {MIN_PASS_RATE:.0%}")


if __name__ == "__main__":
    unittest.main()
