"""Tests of the evaluation harness in exercise.py: every kind of check of the case format, the
validation of a suite file, running a suite (a crash is a failed case), and the report."""
import json
import os
import tempfile
import unittest

from exercise import grade, load_cases, normalize, run_suite, write_report


def case(**expect):
    return {"id": "c", "input": "q", "tags": [], "expect": expect}


class GradeTest(unittest.TestCase):
    def test_normalize(self):
        self.assertEqual(normalize("  The  Result\nis 84. "), "the result is 84")

    def test_contains_and_not_contains_ignore_case(self):
        self.assertEqual(grade(case(contains=["27", "vacation"]), "Employees get 27 Vacation days."), [])
        self.assertEqual(len(grade(case(contains=["27", "30"]), "27 days")), 1, "one failure per missing string")
        self.assertEqual(len(grade(case(not_contains=["euros"]), "It costs 3 EUROS")), 1)
        self.assertEqual(grade(case(not_contains=["euros"]), "I don't know."), [])

    def test_regex_equals_and_max_words(self):
        self.assertEqual(grade(case(regex=r"\b6\b"), "6 of them"), [])
        self.assertEqual(len(grade(case(regex=r"\b6\b"), "36 months")), 1)
        self.assertEqual(grade(case(regex="TUESDAY"), "every tuesday"), [], "regex ignores case")
        self.assertEqual(grade(case(equals="I don't know."), "i don't   know"), [], "equals compares normalized text")
        self.assertEqual(len(grade(case(equals="84"), "The result is 84.")), 1)
        self.assertEqual(grade(case(max_words=3), "one two three"), [])
        self.assertEqual(len(grade(case(max_words=3), "one two three four")), 1)

    def test_all_checks_must_hold(self):
        self.assertEqual(len(grade(case(contains=["84"], max_words=2), "The result is 84.")), 1)


class LoadTest(unittest.TestCase):
    def write(self, lines):
        f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        f.write("\n".join(lines) + "\n")
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_valid_file(self):
        path = self.write(['{"id": "a", "input": "x", "expect": {"contains": ["y"]}}', "",
                           '{"id": "b", "input": "z", "tags": ["t"], "expect": {"max_words": 5}}'])
        cases = load_cases(path)
        self.assertEqual([c["id"] for c in cases], ["a", "b"], "blank lines are skipped; order is kept")
        self.assertEqual(cases[0]["tags"], [], "tags default to []")

    def test_invalid_files_raise_value_error_with_the_line(self):
        good = '{"id": "a", "input": "x", "expect": {"contains": ["y"]}}'
        bad_lines = ['{"id": "b", "input": "x", "expect": {"contains": ["y"]}',      # not JSON
                     '{"input": "x", "expect": {"contains": ["y"]}}',                 # no id
                     '{"id": "a", "input": "x", "expect": {"contains": ["y"]}}',      # duplicate id
                     '{"id": "c", "input": "x", "expect": {}}',                       # empty expect
                     '{"id": "d", "input": "x", "expect": {"startswith": "y"}}',      # unknown check
                     '{"id": "e", "input": "x", "tags": "t", "expect": {"regex": "y"}}']  # tags not a list
        for bad in bad_lines:
            with self.assertRaises(ValueError, msg=f"load_cases must reject {bad}") as ctx:
                load_cases(self.write([good, bad]))
            self.assertIn("2", str(ctx.exception), "the error names the line (2)")


class RunTest(unittest.TestCase):
    def test_run_suite_counts_and_survives_a_crash(self):
        cases = [{"id": "ok", "input": "6*7", "tags": ["math"], "expect": {"contains": ["42"]}},
                 {"id": "wrong", "input": "6*6", "tags": ["math"], "expect": {"contains": ["42"]}},
                 {"id": "boom", "input": "crash", "tags": ["edge"], "expect": {"contains": ["x"]}}]
        seen_models = []

        def respond(query, model=None):
            seen_models.append(model)
            if query == "crash":
                raise RuntimeError("the system broke")
            return str(eval(query))

        report = run_suite(cases, respond, model="M")
        self.assertEqual(seen_models, ["M", "M", "M"], "respond gets every input and the model")
        self.assertEqual((report["cases"], report["passed"]), (3, 1))
        self.assertAlmostEqual(report["pass_rate"], 1 / 3)
        self.assertEqual(report["by_tag"], {"math": {"cases": 2, "passed": 1}, "edge": {"cases": 1, "passed": 0}})
        boom = [r for r in report["results"] if r["id"] == "boom"][0]
        self.assertFalse(boom["passed"])
        self.assertTrue(boom["failures"] and "error" in boom["failures"][0].lower(), "a crash is a failure 'error: ...'")
        with tempfile.TemporaryDirectory() as folder:
            write_report(report, folder)
            with open(os.path.join(folder, "eval_report.json"), encoding="utf-8") as f:
                self.assertEqual(json.load(f)["passed"], 1)
            with open(os.path.join(folder, "eval_report.md"), encoding="utf-8") as f:
                md = f.read()
            for needle in ("boom", "wrong", "ok"):
                self.assertIn(needle, md, "eval_report.md lists every case")


if __name__ == "__main__":
    unittest.main()
