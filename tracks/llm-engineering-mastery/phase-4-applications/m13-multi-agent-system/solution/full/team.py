"""M13 against a real model: the team writes the Tern brief with the configured model playing
every role, and the transcript is checked against the protocol.

    export OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2
    python3 full/team.py

Writes full/transcript.json and logs protocol_violations, reviews and messages.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import llm_client  # noqa: E402
from exercise import check_transcript, run_team, write_transcript  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

TASK = "Write a three-sentence brief about the Tern sensor for a greenhouse owner."


def main():
    messages = run_team(TASK, model=llm_client.chat)
    write_transcript(messages, os.path.join(HERE, "transcript.json"))
    problems = check_transcript(messages)
    log_metric("protocol_violations", len(problems))
    log_metric("reviews", sum(m["type"] == "review" for m in messages))
    log_metric("messages", len(messages))
    for m in messages:
        print(f"[{m['turn']:2d}] {m['from']:>11s} -> {m['to']:<11s} {m['type']:<8s} {m['content'][:70]!r}")
    print("protocol violations:", problems or "none")
    print("final:", messages[-1]["content"])


if __name__ == "__main__":
    main()
