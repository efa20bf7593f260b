"""Tests of Section 17 (Evaluations): the checks, a case with paraphrases, pass rates with a
Wilson interval, the comparison of two versions, the ship/block gate, agreement with human
judges, the report file, and the whole harness on the shipped bot and its 30 cases.

Interface (the overview states it):
    run_check(check, output, paraphrase_outputs=()) -> (passed, detail)
    run_case(system, case) -> {"id", "passed", "failures", "tags", "critical", "output"};  run_suite(system, cases)
    pass_rate(results, tag=None);  wilson_interval(passed, n, z=1.96) -> (low, high)
    compare_versions(old, new) -> {"regressions", "fixes", "critical_regressions"}
    gate(old, new, max_drop=0.05) -> {"decision", "reasons"};  cohen_kappa(a, b)
    build_report(old_name, old, new_name, new) -> dict;  write_report(path, report)
"""
import json
import math
import os
import tempfile
import unittest

import exercise
from systems import SYSTEMS

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

OUT = {"answer": "Order 1042 is Shipped.", "refused": False, "latency_ms": 650,
       "tool_calls": [{"name": "lookup_order", "args": {"order_id": "1042", "verbose": True}}]}


def R(id, passed, critical=False, tags=("unit",)):
    return {"id": id, "passed": passed, "failures": [] if passed else ["x"], "tags": list(tags), "critical": critical}


class CheckTest(unittest.TestCase):
    def ok(self, check, output=OUT, others=()):
        passed, detail = exercise.run_check(check, output, others)
        self.assertIsInstance(detail, str)
        self.assertEqual(detail == "", passed, "detail is empty exactly when the check passes")
        return passed

    def test_each_type(self):
        self.assertTrue(self.ok({"type": "contains", "value": "shipped"}), "contains ignores case")
        self.assertFalse(self.ok({"type": "contains", "value": "delivered"}))
        self.assertFalse(self.ok({"type": "not_contains", "value": "SHIPPED"}))
        self.assertTrue(self.ok({"type": "not_contains", "value": "refund"}))
        self.assertTrue(self.ok({"type": "tool_called", "name": "lookup_order", "args": {"order_id": "1042"}}),
                        "the args given must be among the call's args; extra args are fine")
        self.assertFalse(self.ok({"type": "tool_called", "name": "lookup_order", "args": {"order_id": "1041"}}))
        self.assertTrue(self.ok({"type": "tool_called", "name": "lookup_order", "args": {}}))
        self.assertFalse(self.ok({"type": "tool_called", "name": "create_refund", "args": {}}))
        self.assertTrue(self.ok({"type": "tool_not_called", "name": "create_refund"}))
        self.assertFalse(self.ok({"type": "tool_not_called", "name": "lookup_order"}))
        self.assertFalse(self.ok({"type": "refused"}))
        self.assertTrue(self.ok({"type": "not_refused"}))
        self.assertTrue(self.ok({"type": "max_latency_ms", "value": 650}), "at the budget is within it")
        self.assertFalse(self.ok({"type": "max_latency_ms", "value": 600}))
        same, other = dict(OUT), dict(OUT, answer="I'm not sure.")
        self.assertTrue(self.ok({"type": "consistent"}, OUT, [same, same]))
        self.assertFalse(self.ok({"type": "consistent"}, OUT, [same, other]))
        self.assertTrue(self.ok({"type": "consistent"}, OUT, []), "no paraphrase: nothing to disagree with")


class CaseTest(unittest.TestCase):
    def test_run_case_with_paraphrases(self):
        seen = []

        def system(inp):
            seen.append(inp)
            return dict(OUT, answer="yes" if "1" in inp["message"] else "no")
        case = {"id": "x1", "input": {"user": "c-ada", "message": "q1"}, "tags": ["invariance"], "critical": False,
                "checks": [{"type": "consistent"}, {"type": "contains", "value": "yes"}], "paraphrases": ["q1 again", "q2"]}
        r = exercise.run_case(system, case)
        self.assertEqual(seen, [{"user": "c-ada", "message": "q1"}, {"user": "c-ada", "message": "q1 again"},
                                {"user": "c-ada", "message": "q2"}], "the input, then each paraphrase with the same user")
        self.assertFalse(r["passed"])
        self.assertEqual(len(r["failures"]), 1, "one check failed (consistent), one passed")
        self.assertEqual((r["id"], r["tags"], r["critical"], r["output"]["answer"]), ("x1", ["invariance"], False, "yes"))
        self.assertEqual(len(exercise.run_suite(system, [case, dict(case, id="x2", paraphrases=[])])), 2)


class NumbersTest(unittest.TestCase):
    def test_pass_rate(self):
        rs = [R("a", True), R("b", False, tags=("safety",)), R("c", True, tags=("safety",)), R("d", True)]
        self.assertAlmostEqual(exercise.pass_rate(rs), 0.75)
        self.assertAlmostEqual(exercise.pass_rate(rs, "safety"), 0.5)
        self.assertEqual(exercise.pass_rate(rs, "nothing"), 0.0)

    def test_wilson_by_hand(self):
        low, high = exercise.wilson_interval(2, 4, z=2.0)
        self.assertAlmostEqual(low, 0.5 - math.sqrt(0.125), places=12)
        self.assertAlmostEqual(high, 0.5 + math.sqrt(0.125), places=12)
        low, high = exercise.wilson_interval(26, 30)
        self.assertAlmostEqual(low, 0.703, places=3)
        self.assertAlmostEqual(high, 0.947, places=3)
        low, high = exercise.wilson_interval(10, 10)
        self.assertAlmostEqual(high, 1.0, places=12)
        self.assertLess(low, 0.75, "10 of 10 still leaves real doubt")
        self.assertEqual(exercise.wilson_interval(0, 0), (0.0, 1.0))

    def test_compare_and_gate(self):
        old = [R("a", True), R("b", False), R("c", True, critical=True), R("d", True)]
        new = [R("a", False), R("b", True), R("c", True, critical=True), R("d", True)]
        self.assertEqual(exercise.compare_versions(old, new), {"regressions": ["a"], "fixes": ["b"], "critical_regressions": []})
        self.assertEqual(exercise.gate(old, new), {"decision": "ship", "reasons": []}, "same pass rate, no critical regression")
        crit = [R("a", True), R("b", False), R("c", False, critical=True), R("d", True)]
        g = exercise.gate(old, crit)
        self.assertEqual(g["decision"], "block")
        self.assertEqual(len(g["reasons"]), 2, "a critical regression and a drop of 0.25: two reasons")
        self.assertIn("c", g["reasons"][0] + g["reasons"][1])
        worse = [R("a", False), R("b", False), R("c", True, critical=True), R("d", True)]
        self.assertEqual(exercise.gate(old, worse)["decision"], "block", "0.75 -> 0.5 drops more than 0.05")
        self.assertEqual(exercise.gate(old, worse, max_drop=0.3)["decision"], "ship")

    def test_kappa_by_hand(self):
        self.assertAlmostEqual(exercise.cohen_kappa([True, True, False, False], [True, False, False, False]), 0.5,
                               msg="p_o = 0.75, p_e = 0.5·0.25 + 0.5·0.75 = 0.5")
        self.assertEqual(exercise.cohen_kappa([True] * 4, [True] * 4), 1.0)
        self.assertAlmostEqual(exercise.cohen_kappa([True, False], [False, True]), -1.0)


class ShippedSuiteTest(unittest.TestCase):
    def test_v1_against_v2(self):
        cases = exercise.load_jsonl("data/cases.jsonl")
        v1, v2 = exercise.run_suite(SYSTEMS["v1"], cases), exercise.run_suite(SYSTEMS["v2"], cases)
        comparison = exercise.compare_versions(v1, v2)
        decision = exercise.gate(v1, v2)
        labels = exercise.load_jsonl("data/human_labels.jsonl")
        auto = {(r["id"], "v1"): r["passed"] for r in v1}
        auto.update({(r["id"], "v2"): r["passed"] for r in v2})
        a = [auto[(h["id"], h["version"])] for h in labels]
        b = [h["human_pass"] for h in labels]
        low, high = exercise.wilson_interval(sum(r["passed"] for r in v2), len(v2))
        m = {"eval_cases": len(cases), "pass_rate_v1": exercise.pass_rate(v1), "pass_rate_v2": exercise.pass_rate(v2),
             "safety_pass_rate_v2": exercise.pass_rate(v2, "safety"),
             "interval_low_v2": low, "interval_high_v2": high,
             "regressions_found": len(comparison["regressions"]), "fixes_found": len(comparison["fixes"]),
             "critical_regressions": len(comparison["critical_regressions"]),
             "gate_blocked": int(decision["decision"] == "block"),
             "human_agreement": sum(x == y for x, y in zip(a, b)) / len(a), "kappa": exercise.cohen_kappa(a, b)}
        for name, value in m.items():
            log_metric(name, value)
        self.assertEqual([r["id"] for r in v1 if not r["passed"]], ["u03", "u04", "k04", "i01"])
        self.assertEqual(comparison["regressions"], ["s02", "s04", "k01", "k02", "p02"])
        self.assertEqual(comparison["fixes"], ["u03", "u04", "i01"])
        self.assertEqual(comparison["critical_regressions"], ["s02", "s04"])
        self.assertEqual(decision["decision"], "block")
        self.assertAlmostEqual(m["kappa"], (0.85 - 0.53) / 0.47, places=9)
        report = exercise.build_report("v1", v1, "v2", v2)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "eval_report.json")
            exercise.write_report(path, report)
            with open(path, encoding="utf-8") as f:
                saved = json.load(f)
        self.assertEqual(saved["cases"], 30)
        self.assertEqual(saved["gate"]["decision"], "block")
        self.assertEqual(saved["comparison"]["critical_regressions"], ["s02", "s04"])
        self.assertAlmostEqual(saved["versions"]["v1"]["pass_rate"], 26 / 30)
        self.assertEqual(saved["versions"]["v2"]["failed"], ["s02", "s04", "k01", "k02", "k04", "p02"])
        self.assertAlmostEqual(saved["versions"]["v2"]["by_tag"]["safety"], 5 / 7)
        self.assertEqual(len(saved["versions"]["v1"]["interval"]), 2)


if __name__ == "__main__":
    unittest.main()
