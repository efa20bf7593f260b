"""Unit tests of the planning agent's parts: parse_reply, and the loop's plan, verify, re-plan,
loop-detection and budget rules, each with a tiny fake model. The harness runs and counts them
(unit_pass); `trail check` also lists each one.
"""
import unittest

import planning_agent


def recording_model(replies):
    seen = []

    def model(messages):
        seen.append([dict(m) for m in messages])
        return replies[min(len(seen), len(replies)) - 1]
    model.seen = seen
    return model


def counter_tool(log):
    return {"name": "touch", "description": "Touches a file.", "parameters": {"path": "string"},
            "fn": lambda path: log.append(path) or f"touched {path}"}


def observations(model):
    return [m["content"] for m in model.seen[-1] if m["role"] == "user"][1:]


class ParseReplyTest(unittest.TestCase):
    def test_the_three_shapes(self):
        self.assertEqual(planning_agent.parse_reply('{"plan": ["read", "fix"]}'), {"plan": ["read", "fix"]})
        self.assertEqual(planning_agent.parse_reply('{"finish": "fixed it"}'), {"finish": "fixed it"})
        move = planning_agent.parse_reply('{"thought": "look", "tool": "read_file", "args": {"path": "a.py"}}')
        self.assertEqual((move["tool"], move["args"]), ("read_file", {"path": "a.py"}))

    def test_thought_and_args_are_optional_and_prose_is_ignored(self):
        move = planning_agent.parse_reply('Running them now: {"tool": "run_tests"} ok?')
        self.assertEqual((move["tool"], move["args"]), ("run_tests", {}))

    def test_file_contents_with_braces(self):
        reply = '{"tool": "write_file", "args": {"path": "d.py", "content": "D = {\\"a\\": 1}\\n"}}'
        self.assertEqual(planning_agent.parse_reply(reply)["args"]["content"], 'D = {"a": 1}\n')

    def test_bad_replies_raise_parse_error(self):
        for reply in ["I will fix it.", '{"plan": "fix it"}', '{"plan": []}', '{"idea": 1}', '{"tool": "x", "args": [1]}']:
            with self.assertRaises(planning_agent.ParseError, msg=f"parse_reply({reply!r}) should raise ParseError"):
                planning_agent.parse_reply(reply)


class PlanningLoopTest(unittest.TestCase):
    def test_system_prompt_and_task(self):
        model = recording_model(['{"plan": ["finish"]}', '{"finish": "done"}'])
        planning_agent.PlanningAgent(model=model, tools=[counter_tool([])], verify=lambda: (True, "ok"), max_steps=4).solve("Do X.")
        system, user = model.seen[0][0], model.seen[0][1]
        self.assertEqual(system["role"], "system")
        for word in ("touch", "path", "Touches a file.", "plan", "finish"):
            self.assertIn(word, system["content"], f"the system prompt explains tools and reply shapes ({word!r})")
        self.assertEqual(user["role"], "user")
        self.assertIn("Do X.", user["content"])

    def test_no_action_before_a_plan(self):
        log = []
        model = recording_model(['{"tool": "touch", "args": {"path": "a"}}', '{"plan": ["touch a"]}',
                                 '{"tool": "touch", "args": {"path": "a"}}', '{"finish": "done"}'])
        result = planning_agent.PlanningAgent(model=model, tools=[counter_tool(log)], verify=lambda: (True, "ok"),
                                              max_steps=6).solve("Touch a.")
        obs = observations(model)
        self.assertTrue(obs[0].startswith("Observation: Error:") and "plan" in obs[0],
                        f"an action before any plan is refused with an error that asks for a plan, got {obs[0]!r}")
        self.assertEqual(log, ["a"], "the refused action is not run; the one after the plan is")
        self.assertTrue(obs[1].startswith("Observation: plan recorded"), f"a plan is acknowledged, got {obs[1]!r}")
        self.assertIn("touch a", obs[1], "the acknowledgement repeats the plan's steps")
        self.assertEqual(result["status"], "done")

    def test_finish_is_verified_and_a_failed_check_is_reported(self):
        checks = iter([(False, "FAILED test_a.py::test_x"), (True, "ALL TESTS PASSED")])
        model = recording_model(['{"plan": ["fix"]}', '{"finish": "fixed"}', '{"plan": ["really fix"]}', '{"finish": "fixed now"}'])
        result = planning_agent.PlanningAgent(model=model, tools=[], verify=lambda: next(checks), max_steps=6).solve("Fix.")
        obs = observations(model)
        self.assertTrue(obs[1].startswith("Observation: Error:"), "a finish whose checks fail is rejected with an error")
        self.assertIn("FAILED test_a.py::test_x", obs[1], "the rejection carries verify()'s report")
        self.assertEqual((result["status"], result["summary"]), ("done", "fixed now"))
        self.assertEqual(result["plans"], 2, "a new plan replaces the old one, and plans counts both")
        self.assertEqual(result["plan"], ["really fix"])

    def test_tool_errors_become_observations(self):
        def broken(path):
            raise FileNotFoundError(f"no file {path!r}; files: a.py")
        tool = {"name": "read_file", "description": "Reads.", "parameters": {"path": "string"}, "fn": broken}
        model = recording_model(['{"plan": ["read"]}', '{"tool": "read_file", "args": {"path": "b.py"}}',
                                 '{"tool": "nope"}', '{"tool": "read_file", "args": {}}', '{"finish": "ok"}'])
        planning_agent.PlanningAgent(model=model, tools=[tool], verify=lambda: (True, "ok"), max_steps=6).solve("Read.")
        obs = observations(model)
        self.assertTrue(all(o.startswith("Observation: Error:") for o in obs[1:4]), f"error observations, got {obs[1:4]}")
        self.assertIn("files: a.py", obs[1], "the tool's message reaches the model")
        self.assertIn("read_file", obs[2], "an unknown tool's error lists the tools")
        self.assertIn("path", obs[3], "a missing argument is named")

    def test_three_identical_actions_in_a_row_stop_the_run(self):
        log = []
        model = recording_model(['{"plan": ["touch"]}', '{"tool": "touch", "args": {"path": "a"}}'])
        result = planning_agent.PlanningAgent(model=model, tools=[counter_tool(log)], verify=lambda: (True, "ok"),
                                              max_steps=10).solve("Touch.")
        self.assertEqual(result["status"], "stuck")
        self.assertEqual(log, ["a", "a"], "the third identical action is not run")
        self.assertEqual(len(model.seen), 4, "plan + three identical actions, then stop")

    def test_repeats_with_other_actions_between_are_not_a_loop(self):
        log = []
        model = recording_model(['{"plan": ["touch"]}', '{"tool": "touch", "args": {"path": "a"}}',
                                 '{"tool": "touch", "args": {"path": "b"}}', '{"tool": "touch", "args": {"path": "a"}}',
                                 '{"tool": "touch", "args": {"path": "b"}}', '{"tool": "touch", "args": {"path": "a"}}',
                                 '{"finish": "ok"}'])
        result = planning_agent.PlanningAgent(model=model, tools=[counter_tool(log)], verify=lambda: (True, "ok"),
                                              max_steps=10).solve("Touch.")
        self.assertEqual(result["status"], "done")

    def test_budget(self):
        model = recording_model(['{"plan": ["think"]}', "Still thinking..."])
        result = planning_agent.PlanningAgent(model=model, tools=[], verify=lambda: (True, "ok"), max_steps=3).solve("Think.")
        self.assertEqual((result["status"], len(model.seen)), ("budget", 3), "max_steps model calls, then status 'budget'")
        self.assertTrue(observations(model)[-1].startswith("Observation: Error:"), "a reply without JSON is an error observation")


if __name__ == "__main__":
    unittest.main()
