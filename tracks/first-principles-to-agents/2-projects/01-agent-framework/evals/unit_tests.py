"""Unit tests of the agent's parts: parse_action, Tool, and the Agent loop with tiny fake models.

The harness runs them and counts them (unit_pass); `trail check` also lists each one.
"""
import json
import unittest

import agent


def recording_model(replies):
    """A fake model that plays `replies` in order and keeps a copy of every conversation it saw."""
    seen = []

    def model(messages):
        seen.append([dict(m) for m in messages])
        return replies[min(len(seen), len(replies)) - 1]
    model.seen = seen
    return model


def echo_tool():
    return agent.Tool(name="echo", description="Repeats a text.", parameters={"text": "string"},
                      fn=lambda text: f"echo: {text}")


def get(result, key):
    return result[key] if isinstance(result, dict) else getattr(result, key)


class ParseActionTest(unittest.TestCase):
    def test_a_bare_tool_call(self):
        self.assertEqual(agent.parse_action('{"tool": "lookup", "args": {"item": "Tarn", "field": "city"}}'),
                         {"tool": "lookup", "args": {"item": "Tarn", "field": "city"}})

    def test_an_answer(self):
        self.assertEqual(agent.parse_action('{"answer": "42"}'), {"answer": "42"})

    def test_fenced_json_with_prose_around_it(self):
        reply = 'Let me look.\n```json\n{"tool": "today", "args": {}}\n```\nThen I will answer.'
        self.assertEqual(agent.parse_action(reply), {"tool": "today", "args": {}},
                         "models wrap JSON in ```json fences and talk around it: find the object")

    def test_braces_inside_strings_and_a_second_object(self):
        reply = 'Sure: {"answer": "use {name} here"} and also {"answer": "other"}'
        self.assertEqual(agent.parse_action(reply), {"answer": "use {name} here"},
                         "decode a whole JSON object (json.JSONDecoder.raw_decode), and only the first one")

    def test_missing_args_default_to_empty_and_answers_become_text(self):
        self.assertEqual(agent.parse_action('{"tool": "today"}'), {"tool": "today", "args": {}})
        self.assertEqual(agent.parse_action('{"answer": 7}'), {"answer": "7"}, "an answer is always a string")

    def test_unusable_replies_raise_parse_error(self):
        for reply in ["I think I should check the stock.", '{"tool": "lookup", "args": {"item": "x"',
                      '{"thought": "hmm"}', '{"tool": "lookup", "args": "item=x"}']:
            with self.assertRaises(agent.ParseError, msg=f"parse_action({reply!r}) should raise ParseError"):
                agent.parse_action(reply)
        self.assertTrue(issubclass(agent.ParseError, Exception))


class ToolTest(unittest.TestCase):
    def test_spec_and_call(self):
        tool = echo_tool()
        self.assertEqual(tool.spec(), {"name": "echo", "description": "Repeats a text.", "parameters": {"text": "string"}})
        self.assertEqual(tool({"text": "hi"}), "echo: hi")

    def test_results_are_text(self):
        tool = agent.Tool(name="add", description="Adds.", parameters={"a": "number", "b": "number"}, fn=lambda a, b: a + b)
        self.assertEqual(tool({"a": 2, "b": 3}), "5", "a tool's result is returned as a string, for the observation")

    def test_missing_and_unexpected_arguments_are_named(self):
        tool = echo_tool()
        with self.assertRaises(Exception) as caught:
            tool({})
        self.assertIn("text", str(caught.exception), "the error names the missing argument")
        with self.assertRaises(Exception) as caught:
            tool({"text": "a", "loud": True})
        self.assertIn("loud", str(caught.exception), "the error names the unexpected argument")


class AgentLoopTest(unittest.TestCase):
    def test_system_prompt_lists_tools_and_the_task_comes_first(self):
        model = recording_model(['{"answer": "done"}'])
        add = agent.Tool(name="add_days", description="Adds days to a date.", parameters={"date": "string", "days": "integer"},
                         fn=lambda date, days: date)
        agent.Agent(model=model, tools=[echo_tool(), add], max_steps=3).run("Say done.")
        first = model.seen[0]
        self.assertEqual(first[0]["role"], "system", "the first message is the system prompt")
        for word in ("echo", "add_days", "days", "Adds days to a date."):
            self.assertIn(word, first[0]["content"], f"the system prompt shows every tool, its parameters and description ({word!r})")
        self.assertEqual(first[1]["role"], "user")
        self.assertIn("Say done.", first[1]["content"], "the first user message holds the task")

    def test_answer_stops_the_run(self):
        model = recording_model(['{"answer": "done"}', '{"answer": "again?"}'])
        result = agent.Agent(model=model, tools=[echo_tool()], max_steps=3).run("Say done.")
        self.assertEqual((get(result, "answer"), get(result, "status")), ("done", "answered"))
        self.assertEqual(len(model.seen), 1, "no model call after the answer")

    def test_tool_result_comes_back_as_an_observation(self):
        model = recording_model(['{"tool": "echo", "args": {"text": "hi"}}', '{"answer": "ok"}'])
        result = agent.Agent(model=model, tools=[echo_tool()], max_steps=3).run("Echo hi.")
        second = model.seen[1]
        self.assertEqual(second[-2], {"role": "assistant", "content": '{"tool": "echo", "args": {"text": "hi"}}'},
                         "the model's reply is appended, word for word, as an assistant message")
        self.assertEqual(second[-1], {"role": "user", "content": "Observation: echo: hi"},
                         "then the tool's result as a user message 'Observation: <result>'")
        self.assertEqual(get(result, "messages")[-1], {"role": "assistant", "content": '{"answer": "ok"}'},
                         "messages holds the whole conversation, the final reply included")

    def test_tool_errors_unknown_tools_and_bad_replies_become_error_observations(self):
        def broken(text):
            raise RuntimeError("disk full")
        bad = agent.Tool(name="broken", description="Fails.", parameters={"text": "string"}, fn=broken)
        model = recording_model(['{"tool": "broken", "args": {"text": "x"}}', '{"tool": "nope", "args": {}}',
                                 "no JSON here", '{"tool": "echo", "args": {}}', '{"answer": "recovered"}'])
        result = agent.Agent(model=model, tools=[echo_tool(), bad], max_steps=6).run("Try things.")
        observations = [m["content"] for m in model.seen[-1] if m["role"] == "user"][1:]
        self.assertEqual(get(result, "answer"), "recovered", "errors are reported to the model; the run goes on")
        self.assertEqual(len(observations), 4)
        for obs in observations:
            self.assertTrue(obs.startswith("Observation: Error:"), f"an error observation starts with 'Observation: Error:', got {obs!r}")
        self.assertIn("disk full", observations[0], "the exception's message reaches the model")
        self.assertIn("echo", observations[1], "an unknown tool's error lists the tools that exist")
        self.assertIn("text", observations[3], "a missing argument is named")

    def test_max_steps_bounds_the_model_calls(self):
        model = recording_model(['{"tool": "echo", "args": {"text": "again"}}'])
        result = agent.Agent(model=model, tools=[echo_tool()], max_steps=4).run("Loop forever.")
        self.assertEqual(len(model.seen), 4, "max_steps is the number of model calls")
        self.assertEqual((get(result, "answer"), get(result, "status")), (None, "max_steps"))

    def test_an_answer_on_the_last_allowed_call_counts(self):
        model = recording_model(['{"tool": "echo", "args": {"text": "a"}}', '{"answer": "just in time"}'])
        result = agent.Agent(model=model, tools=[echo_tool()], max_steps=2).run("Hurry.")
        self.assertEqual((get(result, "answer"), get(result, "status")), ("just in time", "answered"))


if __name__ == "__main__":
    unittest.main()
