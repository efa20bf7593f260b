"""Tests of the team in exercise.py: parsing the planner's and the reviewer's replies, the
transcript's bookkeeping, the coordinator's routing (with a fake model playing every role), and
check_transcript on transcripts that break the protocol in each way it can be broken."""
import copy
import json
import unittest

from exercise import Transcript, check_transcript, parse_plan, parse_review, run_team
from fake_team import FakeTeamModel

TASK = "Write a three-sentence brief about the Tern sensor for a greenhouse owner."


class ParseTest(unittest.TestCase):
    def test_parse_plan(self):
        self.assertEqual(parse_plan('Plan:\n["a?", "b?"]'), ["a?", "b?"])
        self.assertEqual(parse_plan('```json\n["only one"]\n```'), ["only one"])
        for bad in ("no plan", '{"plan": ["a"]}', "[]", "[1, 2]"):
            with self.assertRaises(ValueError, msg=f"parse_plan({bad!r})"):
                parse_plan(bad)

    def test_parse_review(self):
        self.assertEqual(parse_review('{"approved": true, "feedback": "ok"}'), (True, "ok"))
        self.assertEqual(parse_review('Review: {"approved": false, "feedback": "Add X"}'), (False, "Add X"))
        for bad in ("looks good", '{"approved": "yes"}', '["approved"]'):
            with self.assertRaises(ValueError, msg=f"parse_review({bad!r})"):
                parse_review(bad)


class TranscriptTest(unittest.TestCase):
    def test_send_numbers_the_turns(self):
        t = Transcript()
        self.assertEqual(t.send("user", "coordinator", "task", "do it"), 0)
        self.assertEqual(t.send("coordinator", "planner", "request", "do it", 0), 1)
        self.assertEqual(t.messages[1], {"turn": 1, "from": "coordinator", "to": "planner", "type": "request",
                                         "content": "do it", "reply_to": 0})
        self.assertIsNone(t.messages[0]["reply_to"])


class TeamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = FakeTeamModel()
        cls.messages = run_team(TASK, cls.model)

    def test_flow(self):
        m = self.messages
        self.assertEqual((m[0]["from"], m[0]["type"], m[0]["content"]), ("user", "task", TASK))
        self.assertEqual((m[1]["to"], m[1]["type"]), ("planner", "request"))
        self.assertEqual((m[2]["from"], m[2]["type"]), ("planner", "plan"))
        research = [x for x in m if x["to"] == "researcher"]
        self.assertEqual(len(research), 3, "one request to the researcher per question of the plan")
        drafts = [x for x in m if x["type"] == "draft"]
        reviews = [x for x in m if x["type"] == "review"]
        self.assertEqual((len(drafts), len(reviews)), (2, 2),
                         "the first draft is rejected, the writer revises, the second is approved")
        self.assertEqual(m[-1]["type"], "final")
        self.assertEqual(m[-1]["content"], drafts[-1]["content"], "the final message carries the approved draft")

    def test_each_agent_sees_its_own_prompt_and_the_right_content(self):
        writer_calls = [u for s, u in self.model.calls if s.startswith("You are the writer")]
        self.assertIn("Findings:", writer_calls[0])
        self.assertIn("Tern sends a reading every 90 seconds", writer_calls[0], "the writer gets the researcher's findings")
        self.assertIn("Feedback: Add: four years", writer_calls[1], "the revision request carries the reviewer's feedback")
        self.assertIn("Previous draft:", writer_calls[1])

    def test_the_team_follows_its_own_protocol(self):
        self.assertEqual(check_transcript(self.messages), [])


class CheckTranscriptTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.good = run_team(TASK, FakeTeamModel())

    def broken(self, change):
        m = copy.deepcopy(self.good)
        change(m)
        return check_transcript(m)

    def test_each_kind_of_violation_is_found(self):
        def unknown_role(m): m[1]["to"] = "manager"
        def wrong_type(m): m[2]["type"] = "draft"          # the planner may only send a plan
        def bad_turn(m): m[3]["turn"] = 7
        def future_reply(m): m[2]["reply_to"] = 5
        def unanswered(m): m.insert(-1, {"turn": len(m) - 1, "from": "coordinator", "to": "researcher",
                                         "type": "request", "content": "one more?", "reply_to": 2}); m[-1]["turn"] = len(m) - 1
        def double_answer(m):  # the researcher answers request 3 twice; everything after moves down one turn
            m.insert(5, dict(m[4]))
            for i, x in enumerate(m):
                x["turn"] = i
                if i > 5 and x["reply_to"] is not None and x["reply_to"] >= 5:
                    x["reply_to"] += 1
        def no_final(m): m.pop()
        def unapproved(m): [x.update(content=json.dumps({"approved": False, "feedback": "no"}))
                            for x in m if x["type"] == "review"]
        def missing_field(m): del m[5]["reply_to"]
        for change in (unknown_role, wrong_type, bad_turn, future_reply, unanswered, double_answer, no_final,
                       unapproved, missing_field):
            self.assertNotEqual(self.broken(change), [], f"check_transcript must find the violation: {change.__name__}")


if __name__ == "__main__":
    unittest.main()
