"""Tests of the tool-using agent in exercise.py, offline. A fake model plays each scripted task
of data/tasks.jsonl: it calls tools in the protocol's JSON (sometimes inside a code fence or
words, once as broken JSON), and it can only answer from the observations the agent sends back."""
import json
import os
import re
import unittest

from trail_metrics import log_metric

from exercise import evaluate, parse_action, run_agent, run_tool, tool_prompt
from tools import TOOLS

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
with open(os.path.join(DATA, "tasks.jsonl"), encoding="utf-8") as f:
    TASKS = [json.loads(line) for line in f if line.strip()]


def observations(messages):
    return [m["content"][len("Observation:"):].strip() for m in messages
            if m["role"] == "user" and m["content"].startswith("Observation:")]


def number(text, i=0):
    return re.findall(r"-?\d+(?:\.\d+)?", text)[i]


def core(action):
    """The parts of a parsed action the tests judge."""
    return {k: action[k] for k in ("tool", "args", "answer") if k in action}


def call(tool, **args):
    return json.dumps({"tool": tool, "args": args})


def answer(text):
    return json.dumps({"answer": text})


# For each task: the replies the fake model gives, in order; a callable builds a reply from the
# observations received so far.
SCRIPTS = {
    "t01": ["I will use the calculator.\n```json\n" + call("calculator", expression="0.175 * 2480") + "\n```",
            lambda obs: answer(f"17.5% of 2,480 is {obs[-1]}.")],
    "t02": [call("get_weather", city="Oslo"), lambda obs: answer(f"Right now: {obs[-1]}.")],
    "t03": ["{'tool': 'convert_currency', 'args': {'amount': 250, 'source': 'USD', 'target': 'EUR'}}",
            call("convert_currency", amount=250, source="USD", target="EUR"),
            lambda obs: answer(f"That is {obs[-1].split('= ')[-1]}.")],
    "t04": ["Let me look that up: " + call("lookup_order", order_id="A-1043") + " One moment.",
            lambda obs: answer(f"Your {obs[-1]}.")],
    "t05": [call("calculator", expression="12**2 - 7"), lambda obs: answer(f"It is {obs[-1]}.")],
    "t06": [call("get_weather", city="Bergen"), call("get_weather", city="Lisbon"),
            lambda obs: answer("Lisbon is warmer" if float(number(obs[1])) > float(number(obs[0])) else "Bergen is warmer")],
    "t07": [call("convert_currency", amount=80, source="GBP", target="EUR"),
            lambda obs: answer(f"80 pounds are {obs[-1].split('= ')[-1]}.")],
    "t08": [answer("Hello! I can tell you the weather, convert currencies, do arithmetic and look up orders.")],
    "t09": ['{"tool": "lookup_order", "args": {"order_id": "B-0007"}, "note": "a brace } in a string"}',
            lambda obs: answer(f"Yes: {obs[-1]}.")],
    "t10": [call("get_weather", city="Nairobi"),
            lambda obs: call("calculator", expression=f"{number(obs[-1])} * 9 / 5 + 32"),
            lambda obs: answer(f"It is {obs[-1]}°F in Nairobi.")],
}


class FakeModel:
    """Plays the script of whichever task the first user message holds."""

    def __init__(self):
        self.calls = 0

    def __call__(self, messages):
        self.calls += 1
        system = " ".join(m["content"] for m in messages if m["role"] == "system")
        task = next(m["content"] for m in messages if m["role"] == "user")
        item = next(t for t in TASKS if t["task"] in task)
        turn = sum(m["role"] == "assistant" for m in messages)
        script = SCRIPTS[item["id"]]
        if turn >= len(script):
            return answer("I am confused.")
        reply = script[turn]
        if callable(reply):
            try:
                reply = reply(observations(messages))
            except (IndexError, ValueError):  # an observation it needs never arrived
                return answer("I never received the tool's result.")
        for name in re.findall(r'"tool": "(\w+)"', reply):
            if name not in system:
                return answer(f"I was not told about a tool called {name}.")
        return reply


class ParseTest(unittest.TestCase):
    def test_plain_fenced_and_wrapped_json(self):
        expected = {"tool": "calculator", "args": {"expression": "1+1"}}
        for text in ('{"tool": "calculator", "args": {"expression": "1+1"}}',
                     '```json\n{"tool": "calculator", "args": {"expression": "1+1"}}\n```',
                     'Sure. {"tool": "calculator", "args": {"expression": "1+1"}} Done.'):
            self.assertEqual(core(parse_action(text)), expected, f"parse_action({text!r})")
        self.assertEqual(core(parse_action('{"answer": "Hi"}')), {"answer": "Hi"})
        self.assertEqual(core(parse_action('{"tool": "x"}')), {"tool": "x", "args": {}}, "args default to {}")

    def test_braces_inside_strings(self):
        got = core(parse_action('{"tool": "t", "args": {"q": "a } b"}} and then {"answer": "no"}'))
        self.assertEqual(got, {"tool": "t", "args": {"q": "a } b"}}, "the first whole JSON object, braces in strings included")

    def test_bad_replies_raise_value_error(self):
        for text in ("I think the answer is 4.", "{'tool': 'calculator'}", '["tool", "calculator"]',
                     '{"thought": "hmm"}', '{"tool": "t", "args": [1, 2]}'):
            with self.assertRaises(ValueError, msg=f"parse_action({text!r}) must raise ValueError"):
                parse_action(text)


class ToolTest(unittest.TestCase):
    def test_prompt_lists_every_tool_and_the_protocol(self):
        prompt = tool_prompt(TOOLS)
        for name, spec in TOOLS.items():
            self.assertIn(name, prompt)
            self.assertIn(spec["description"], prompt)
            for param in spec["parameters"]:
                self.assertIn(param, prompt, f"the prompt names the parameter {param} of {name}")
        self.assertIn('"answer"', prompt)
        self.assertIn('"tool"', prompt)

    def test_run_tool_returns_observations_and_never_crashes(self):
        obs, ran = run_tool({"tool": "calculator", "args": {"expression": "2 * 21"}}, TOOLS)
        self.assertEqual((obs, ran), ("42", True))
        obs, ran = run_tool({"tool": "search_web", "args": {"q": "x"}}, TOOLS)
        self.assertFalse(ran, "an unknown tool does not run")
        self.assertIn("calculator", obs, "the error lists the tools the model may use")
        obs, ran = run_tool({"tool": "get_weather", "args": {"town": "Oslo"}}, TOOLS)
        self.assertTrue(obs.lower().startswith("error"), "wrong arguments become an error observation")
        obs, ran = run_tool({"tool": "get_weather", "args": {"city": "Atlantis"}}, TOOLS)
        self.assertTrue(obs.lower().startswith("error"), "a ValueError of the tool becomes an error observation")


class AgentTest(unittest.TestCase):
    def test_observation_goes_back_to_the_model(self):
        seen = []

        def model(messages):
            seen.append([dict(m) for m in messages])
            return call("calculator", expression="6*7") if len(seen) == 1 else answer("done")

        result = run_agent("What is 6 times 7?", model, TOOLS)
        self.assertEqual(result["answer"], "done")
        self.assertEqual(seen[0][0]["role"], "system")
        self.assertEqual(seen[0][1], {"role": "user", "content": "What is 6 times 7?"})
        self.assertEqual(seen[1][-2]["role"], "assistant", "the model's own reply is kept in the conversation")
        self.assertEqual(seen[1][-1], {"role": "user", "content": "Observation: 42"})
        self.assertEqual(result["tools_used"], ["calculator"])

    def test_max_steps_stops_a_model_that_never_answers(self):
        model = lambda messages: call("calculator", expression="1+1")
        result = run_agent("loop", model, TOOLS, max_steps=3)
        self.assertIsNone(result["answer"])
        self.assertEqual(len(result["steps"]), 3)

    def test_broken_json_gets_a_second_chance(self):
        replies = iter(["{'answer': 'oops'}", answer("fixed")])
        seen = []

        def model(messages):
            seen.append(messages[-1])
            return next(replies)

        result = run_agent("hi", model, TOOLS)
        self.assertEqual(result["answer"], "fixed", "after an unparseable reply the agent asks again")
        self.assertEqual(seen[1]["role"], "user", "the agent tells the model its reply was not valid")


class ScriptedTasksTest(unittest.TestCase):
    def test_agent_on_the_scripted_tasks(self):
        model = FakeModel()
        intent = tools_ok = answer_ok = 0
        for t in TASKS:
            result = run_agent(t["task"], model, TOOLS)
            parsed = [s["action"] for s in result["steps"] if s["action"] is not None]
            first = parsed[0] if parsed else None
            exp = t["first_action"]
            intent += bool(first) and (("answer" in first) if "answer" in exp else core(first) == exp)
            tools_ok += result["tools_used"] == t["expected_tools"]
            answer_ok += t["answer_contains"].lower() in (result["answer"] or "").lower()
        n = len(TASKS)
        log_metric("intent_accuracy", intent / n)
        log_metric("tool_accuracy", tools_ok / n)
        log_metric("answer_accuracy", answer_ok / n)
        self.assertEqual(intent, n, "the first action parsed from each model reply is the task's intent")
        self.assertEqual(tools_ok, n, "each task runs exactly the expected tools, in order")
        self.assertEqual(answer_ok, n, "each final answer holds the value only the tool's output gives")

    def test_evaluate_reports_the_three_rates(self):
        result = evaluate(TASKS, FakeModel(), TOOLS)
        for key in ("intent_accuracy", "tool_accuracy", "answer_accuracy"):
            self.assertAlmostEqual(result[key], 1.0, msg=f"{key} on the scripted tasks")
        self.assertEqual(result["n"], len(TASKS))


if __name__ == "__main__":
    unittest.main()
