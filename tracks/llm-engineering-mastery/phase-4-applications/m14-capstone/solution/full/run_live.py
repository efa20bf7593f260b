"""M14 against a real model: your suite (evals/cases.jsonl) through your system (system.py) with
the configured OpenAI-compatible model.

    export OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2
    python3 full/run_live.py

Writes full/eval_report.json and full/eval_report.md, and logs eval_cases and eval_pass_rate.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, ROOT)

import llm_client  # noqa: E402
import system  # noqa: E402
from exercise import load_cases, run_suite, write_report  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


def main():
    report = run_suite(load_cases(os.path.join(ROOT, "evals", "cases.jsonl")), system.respond, llm_client.chat)
    write_report(report, HERE)
    log_metric("eval_cases", report["cases"])
    log_metric("eval_pass_rate", report["pass_rate"])
    for r in report["results"]:
        print(f"{'✓' if r['passed'] else '✗'} {r['id']}: {r['output']!r} {'; '.join(r['failures'])}")
    print(f"{report['passed']} of {report['cases']} cases passed ({report['pass_rate']:.0%})")


if __name__ == "__main__":
    main()
