"""Runs the track's unittest files and writes one JSON result per test to $TRAIL_TEST_RESULTS."""
import json
import os
import sys
import traceback
import unittest


class Recorder(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = []

    def _add(self, test, status, err=None):
        entry = {"name": test.id(), "status": status}
        if err is not None:
            kind, value, tb = err
            entry["message"] = "".join(traceback.format_exception_only(kind, value)).strip()
            entry["output"] = "".join(traceback.format_exception(kind, value, tb))[-4000:]
        self.outcomes.append(entry)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._add(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._add(test, "fail", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._add(test, "error", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes.append({"name": test.id(), "status": "skipped", "message": reason})


def main(files):
    sys.path.insert(0, os.getcwd())
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    broken = []
    for path in files:
        directory, name = os.path.split(os.path.abspath(path))
        sys.path.insert(0, directory)
        try:
            suite.addTests(loader.loadTestsFromName(os.path.splitext(name)[0]))
        except Exception:
            # The learner's code does not import (a syntax error, a missing name): a failed test.
            kind, value, tb = sys.exc_info()
            broken.append({
                "name": f"import {name}",
                "status": "error",
                "message": "".join(traceback.format_exception_only(kind, value)).strip(),
                "output": "".join(traceback.format_exception(kind, value, tb))[-4000:],
            })
    runner = unittest.TextTestRunner(resultclass=Recorder, verbosity=2, stream=sys.stderr)
    result = runner.run(suite)
    with open(os.environ["TRAIL_TEST_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(broken + result.outcomes, out)
    return 0 if result.wasSuccessful() and not broken else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
