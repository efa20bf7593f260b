"""The exit criterion on a transcript: the team runs a task with a fake model, writes
transcript.json, and the transcript is checked against the protocol by the tests' own rules."""
import json
import re
import unittest

from trail_metrics import log_metric

from exercise import run_team, write_transcript
from fake_team import KEY_FACTS, FakeTeamModel

ROLES = {"user", "coordinator", "planner", "researcher", "writer", "reviewer"}
SENDS = {"user": {"task"}, "coordinator": {"request", "final"}, "planner": {"plan"}, "researcher": {"result"},
         "writer": {"draft"}, "reviewer": {"review"}}


def violations(messages):
    found = []
    for i, m in enumerate(messages):
        if sorted(m) != sorted(["turn", "from", "to", "type", "content", "reply_to"]):
            return [f"turn {i}: wrong fields {sorted(m)}"]
        if m["turn"] != i:
            found.append(f"turn {i} is numbered {m['turn']}")
        if m["from"] not in ROLES or m["to"] not in ROLES or m["type"] not in SENDS.get(m["from"], ()):
            found.append(f"turn {i}: {m['from']} -> {m['to']} may not send {m['type']!r}")
        if i and not (isinstance(m["reply_to"], int) and 0 <= m["reply_to"] < i):
            found.append(f"turn {i}: reply_to {m['reply_to']!r} is not an earlier turn")
    if found:
        return found
    if (messages[0]["from"], messages[0]["type"]) != ("user", "task"):
        found.append("the first message is not the user's task")
    answers = {}
    for m in messages:
        if m["type"] in ("plan", "result", "draft", "review"):
            r = messages[m["reply_to"]]
            if r["type"] != "request" or r["to"] != m["from"] or r["from"] != m["to"]:
                found.append(f"turn {m['turn']} does not answer a request addressed to {m['from']}")
            answers[m["reply_to"]] = answers.get(m["reply_to"], 0) + 1
    for m in messages:
        if m["type"] == "request" and answers.get(m["turn"], 0) != 1:
            found.append(f"request {m['turn']} has {answers.get(m['turn'], 0)} answers")
    if [m["type"] for m in messages].count("final") != 1 or messages[-1]["type"] != "final":
        found.append("the transcript does not end with one final message")
    reviews = [m for m in messages if m["type"] == "review"]
    if not reviews or not re.search(r'"approved"\s*:\s*true', reviews[-1]["content"]):
        found.append("the last review does not approve")
    return found


class TranscriptTest(unittest.TestCase):
    def test_transcript_of_the_tern_brief(self):
        messages = run_team("Write a three-sentence brief about the Tern sensor for a greenhouse owner.", FakeTeamModel())
        write_transcript(messages, "transcript.json")  # in the node folder: the check expects it there
        with open("transcript.json", encoding="utf-8") as f:
            written = json.load(f)
        self.assertEqual(written, messages, "transcript.json holds the messages run_team returned")
        problems = violations(written)
        spoke = {m["from"] for m in written} & {"planner", "researcher", "writer", "reviewer"}
        final = written[-1]["content"] if written else ""
        done = all(k in final for k in KEY_FACTS["tern"])
        log_metric("protocol_violations", len(problems))
        log_metric("roles_that_spoke", len(spoke))
        log_metric("messages", len(written))
        log_metric("completed", float(done))
        self.assertEqual(problems, [], "the transcript must follow the protocol")
        self.assertEqual(len(spoke), 4, "all four agent roles take part")
        self.assertTrue(done, f"the final brief holds every key fact {KEY_FACTS['tern']}; got {final!r}")

    def test_a_second_task(self):
        messages = run_team("Write two sentences about the Plover gateway.", FakeTeamModel())
        self.assertEqual(violations(messages), [])
        self.assertEqual(len([m for m in messages if m["to"] == "researcher"]), 2, "the plan had two questions")
        self.assertTrue(all(k in messages[-1]["content"] for k in KEY_FACTS["plover"]))


if __name__ == "__main__":
    unittest.main()
