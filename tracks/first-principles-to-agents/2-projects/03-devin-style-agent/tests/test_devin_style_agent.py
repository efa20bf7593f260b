"""The check of project 3: the eval harness (evals/harness.py) on your planning_agent.py.

The unit tests of evals/unit_tests.py are listed one by one; EvalHarnessTest runs the whole
harness once (unit tests, 21 repository tasks, 6 regressions, scripted model), writes
reports/eval.md and logs the metrics, then asserts the thresholds.
"""
import unittest

from evals import harness
from evals.unit_tests import ParseReplyTest, PlanningLoopTest  # noqa: F401  (run by unittest)


class EvalHarnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.summary = harness.run_all()

    def failures(self, key):
        return "; ".join(f"{r['id']}: {r['reason']}" for r in self.summary[key] if not r["passed"])[:1500]

    def test_behavioural_pass_rate(self):
        s = self.summary
        self.assertGreaterEqual(s["pass_rate"], harness.PASS_RATE_THRESHOLD,
                                f"{s['passed']} of {s['tasks']} tasks passed ({s['pass_rate']:.2f}, "
                                f"needs {harness.PASS_RATE_THRESHOLD}); see reports/eval.md. {self.failures('records')}")

    def test_no_regressions(self):
        self.assertEqual(self.summary["regressions"], 0,
                         f"a past failure came back: {self.failures('regression_records')}")

    def test_every_unit_test_passes(self):
        bad = [f"{n}: {m}" for n, s, m in self.summary["units"] if s != "pass"]
        self.assertEqual(bad, [], "unit tests that did not pass (listed above too)")


if __name__ == "__main__":
    unittest.main()
