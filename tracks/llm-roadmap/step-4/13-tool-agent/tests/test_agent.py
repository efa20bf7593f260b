"""Tests of the tool-using agent (exercise.py), with scripted fake models: no server, no network.

They use only the interface the overview states:
    calculate(expression) -> float or ValueError;  format_number(x) -> str
    load_facts(path) (given);  search(query, facts) -> str
    parse_action(reply) -> ("answer", text) | ("tool", name, input), or ValueError
    run_tool(name, input, facts) -> observation text (never raises)
    run_agent(question, facts, model, max_steps) -> {"answer": str or None, "steps": [...]};  SYSTEM_PROMPT
"""
import json
import os
import re
import unittest

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

FACTS = os.path.join("data", "facts.json")
TASKS = os.path.join("data", "tasks.json")


class Scripted:
    """Returns the given replies in order (the last one again when they run out) and records
    a copy of the messages of every call."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), []

    def __call__(self, messages):
        self.calls.append([dict(m) for m in messages])
        return self.replies[min(len(self.calls), len(self.replies)) - 1]


def planner(messages):
    """A fake model that plans like a good one: search when a fact is needed, calculate, answer."""
    question = messages[1]["content"]
    obs = [m["content"][len("Observation: "):] for m in messages
           if m["role"] == "user" and m["content"].startswith("Observation: ")]
    numbers = lambda text: re.findall(r"\d+(?:\.\d+)?", text)
    tool = lambda name, arg: json.dumps({"tool": name, "input": arg})
    if "37 * 91" in question:
        plan = [lambda: tool("calculator", "37 * 91 + 12")]
    elif "power of 20" in question:
        plan = [lambda: tool("calculator", "2 ** 20 - 1")]
    elif "in feet" in question:
        plan = [lambda: tool("search", "Mount Telka height"), lambda: tool("calculator", numbers(obs[0])[0] + " * 3.28084")]
    elif "Ithe Bridge" in question:
        plan = [lambda: tool("search", "Ithe Bridge opened"), lambda: tool("calculator", "2000 - " + numbers(obs[0])[0])]
    else:
        plan = [lambda: tool("search", "Sarnel River length"), lambda: tool("calculator", numbers(obs[0])[0] + " / 1.609344")]
    if len(obs) < len(plan):
        return plan[len(obs)]()
    return "I have it. " + json.dumps({"answer": obs[-1]})


class CalculatorTest(unittest.TestCase):
    def test_arithmetic(self):
        cases = {"2 + 3 * 4": 14, "(1 + 2) ** 3": 27, "7 / 2": 3.5, "-5 + +2": -3, "17 % 5": 2, "2.5 * 4": 10}
        for expression, value in cases.items():
            self.assertAlmostEqual(exercise.calculate(expression), value, places=12, msg=expression)

    def test_everything_else_is_refused(self):
        for expression in ("__import__('os').system('echo hacked')", "abs(-3)", "x + 1", "'a' * 3",
                           "2 ** 1000", "1 +", "True + 1", "[1, 2]", "(lambda: 1)()"):
            with self.assertRaises(ValueError, msg=expression):
                exercise.calculate(expression)

    def test_format_number(self):
        self.assertEqual(exercise.format_number(42.0), "42")
        self.assertEqual(exercise.format_number(0.25), "0.25")
        self.assertEqual(exercise.format_number(2 / 3), "0.6666666667")


class ToolsTest(unittest.TestCase):
    def setUp(self):
        self.facts = exercise.load_facts(FACTS)

    def test_search(self):
        self.assertIn("4318 metres", exercise.search("Mount Telka height", self.facts))
        self.assertIn("1142 kilometres", exercise.search("how long is the sarnel river", self.facts))
        self.assertEqual(exercise.search("zebra quagga", self.facts), "No result.")

    def test_run_tool_turns_errors_into_observations(self):
        self.assertEqual(exercise.run_tool("calculator", "6 * 7", self.facts), "42")
        self.assertTrue(exercise.run_tool("calculator", "1 / 0", self.facts).startswith("Error: "))
        self.assertTrue(exercise.run_tool("calculator", "open('x')", self.facts).startswith("Error: "))
        self.assertEqual(exercise.run_tool("weather", "Paris", self.facts), "Error: unknown tool 'weather'")

    def test_parse_action(self):
        self.assertEqual(exercise.parse_action('{"answer": "42"}'), ("answer", "42"))
        self.assertEqual(exercise.parse_action('```json\n{"tool": "search", "input": "Lake Orvan"}\n```'),
                         ("tool", "search", "Lake Orvan"))
        for bad in ("The answer is 42.", '{"tool": "search"}', '{"answer": 42}', '{"tool": "calculator", "input": "1+1"'):
            with self.assertRaises(ValueError, msg=bad):
                exercise.parse_action(bad)

    def test_system_prompt_names_the_tools_and_the_protocol(self):
        for needed in ("calculator", "search", '"tool"', '"input"', '"answer"', "Observation:"):
            self.assertIn(needed, exercise.SYSTEM_PROMPT)


class LoopTest(unittest.TestCase):
    def setUp(self):
        self.facts = exercise.load_facts(FACTS)

    def test_tool_then_answer(self):
        model = Scripted('{"tool": "calculator", "input": "6 * 7"}', '{"answer": "42"}')
        result = exercise.run_agent("What is six times seven?", self.facts, model=model)
        self.assertEqual(result, {"answer": "42", "steps": [{"tool": "calculator", "input": "6 * 7", "observation": "42"}]})
        first, second = model.calls
        self.assertEqual(first, [{"role": "system", "content": exercise.SYSTEM_PROMPT},
                                 {"role": "user", "content": "What is six times seven?"}])
        self.assertEqual(second[2:], [{"role": "assistant", "content": '{"tool": "calculator", "input": "6 * 7"}'},
                                      {"role": "user", "content": "Observation: 42"}])

    def test_a_bad_reply_is_reported_back(self):
        model = Scripted("Let me think...", '{"answer": "done"}')
        result = exercise.run_agent("Q?", self.facts, model=model)
        self.assertEqual(result, {"answer": "done", "steps": []})
        last = model.calls[1][-1]
        self.assertEqual(last["role"], "user")
        self.assertTrue(last["content"].startswith("Observation: Error: "), "tell the model what was wrong")

    def test_stops_after_max_steps(self):
        model = Scripted('{"tool": "search", "input": "Veloria"}')
        result = exercise.run_agent("Loop forever?", self.facts, model=model, max_steps=4)
        self.assertIsNone(result["answer"])
        self.assertEqual(len(model.calls), 4, "exactly max_steps model calls")
        self.assertEqual(len(result["steps"]), 4)

    def test_the_agent_solves_the_tasks(self):
        with open(TASKS) as f:
            tasks = json.load(f)
        right = 0
        for task in tasks:
            result = exercise.run_agent(task["question"], self.facts, model=planner)
            try:
                value = float(result["answer"])
            except (TypeError, ValueError):
                continue
            right += abs(value - task["answer"]) <= 0.001 * abs(task["answer"])
        log_metric("tasks_right", right)
        self.assertGreaterEqual(right, 4, f"{right} of {len(tasks)} tasks solved with the planning fake model")


if __name__ == "__main__":
    unittest.main()
