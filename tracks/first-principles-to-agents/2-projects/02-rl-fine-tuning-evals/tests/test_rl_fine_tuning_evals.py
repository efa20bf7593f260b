"""The check of project 2: the eval harness (evals/harness.py) on your rlhf.py.

The unit tests of evals/unit_tests.py are listed one by one; EvalHarnessTest runs your pipeline
once end to end (reward model, two fine-tuning runs, evaluation on 42 held-out prompts and 6
regression prompts, the reward-hacking detector), writes reports/eval.md and logs the metrics,
then asserts the gates.
"""
import unittest

from evals import harness
from evals.unit_tests import EvalPipelineTest, FineTuneTest, PolicyTest, RewardModelTest  # noqa: F401


class EvalHarnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = harness.run_all()

    def test_pipeline_runs(self):
        self.assertNotIn("error", self.s, f"the pipeline crashed: {self.s.get('error')}")

    def test_held_out_pass_rate(self):
        bad = "; ".join(f"{r['id']}: {r['reason']}" for r in self.s["records"] if not r["passed"])[:1200]
        self.assertGreaterEqual(self.s["pass_rate"], harness.PASS_RATE_THRESHOLD,
                                f"the tuned policy answers {self.s['pass_rate']:.2f} of the held-out prompts acceptably "
                                f"(needs {harness.PASS_RATE_THRESHOLD}); see reports/eval.md. {bad}")

    def test_win_rate_against_the_base(self):
        self.assertGreaterEqual(self.s.get("win_rate_vs_base", 0), harness.WIN_RATE_THRESHOLD)

    def test_reward_model_generalises(self):
        self.assertGreaterEqual(self.s.get("rm_accuracy", 0), harness.RM_ACCURACY_THRESHOLD,
                                "accuracy of your reward model on the held-out preference pairs")

    def test_detector(self):
        self.assertEqual(self.s.get("hacking_flagged_overopt"), 1, "the beta = 0.05 run hacks the reward: flag it")
        self.assertEqual(self.s.get("hacking_flagged_tuned"), 0, "the beta = 0.5 run does not: leave it alone")

    def test_no_regressions(self):
        bad = "; ".join(f"{r['id']}: {r['reason']}" for r in self.s["regression_records"] if not r["passed"])
        self.assertEqual(self.s["regressions"], 0, f"a past failure came back: {bad}")

    def test_every_unit_test_passes(self):
        bad = [f"{n}: {m}" for n, st, m in self.s["units"] if st != "pass"]
        self.assertEqual(bad, [], "unit tests that did not pass (listed above too)")


if __name__ == "__main__":
    unittest.main()
