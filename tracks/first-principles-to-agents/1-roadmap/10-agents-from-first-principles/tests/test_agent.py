"""Tests of Section 10 (Agents From First Principles): parsing actions, running tools, the agent
loop and its three guards (retries, a loop guard, a step budget), plan-and-execute, and both
agents on the 12 shipped tasks, driven by scripted fake models written here.

Interface (the overview states it):
    parse_action(reply) -> {"tool", "args"} | {"answer"};  ActionError (a ValueError)
    run_tool(tools, name, args) -> str, never raises
    run_agent(task, tools, model, max_steps=8, max_retries=2, max_repeats=2)
        -> {"status", "answer", "model_calls", "tool_calls", "messages"}
    parse_plan(reply) -> [{"tool", "args"}];  plan_and_execute(task, tools, model) -> same dict
"""
import json
import unittest

import exercise
from tools import TOOLS

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def T(tool, **args):
    return json.dumps({"thought": f"call {tool}", "tool": tool, "args": args})


def A(text):
    return json.dumps({"thought": "I can answer now.", "answer": text})


UNKNOWN = A("unknown")

# What a well-behaved model would say on each shipped task, step by step. A step is
# (text that must be in the last user message, reply). If that text is missing, the agent did
# not show the model what it should have, and the fake model gives up with "unknown".
REACT_SCRIPTS = {
    "t01": [(None, T("get_product", name="Aurora desk lamp")), ("34.9", A("The Aurora desk lamp costs 34.90 euros."))],
    "t02": [(None, T("get_product", name="Nimbus kettle")), ("14", A("There are 14 Nimbus kettles in stock."))],
    "t03": [(None, T("get_product", name="Fjord mug")), ("8.5", T("calculator", expression="3 * 8.5")),
            ("25.5", A("3 Fjord mugs cost 25.50 euros."))],
    "t04": [(None, T("get_product", name="Aurora desk lamp")), ("34.9", T("get_product", name="Orbit speaker")),
            ("59.5", T("calculator", expression="2 * 34.9 + 59.5")), ("129.3", A("Together: 129.30 euros."))],
    "t05": [(None, "```json\n" + T("get_product", name="Orbit headphones") + "\n```"),
            ("stock", A("There are 0 in stock: they are sold out."))],
    "t06": [(None, T("get_product", name="Nimbus Kettel")), ("error", T("search", query="Nimbus")),
            ("Nimbus kettle", T("get_product", name="Nimbus kettle")), ("49", A("The Nimbus kettle costs 49.00 euros."))],
    "t07": [(None, T("search", query="tea")), ("Tea infuser", T("get_product", name="Fjord mug")),
            ("8.5", T("get_product", name="Matcha whisk")), ("12.4", T("get_product", name="Nimbus kettle")),
            ("49", T("get_product", name="Tea infuser")), ("6.75", A("The Tea infuser is the cheapest, at 6.75 euros."))],
    "t08": [(None, T("search", query="blue blanket")), ("Cobalt wool blanket", T("get_product", name="Cobalt wool blanket")),
            ("64", A("The Cobalt wool blanket costs 64.00 euros."))],
    "t09": [(None, "{'tool': 'get_product', 'args': {'name': 'Orbit speaker'}}"),      # not JSON: a retry is needed
            ("JSON", T("get_product", name="Orbit speaker")), ("59.5", T("calculator", expression="59.5 * 0.15")),
            ("8.925", A("You save 8.925 euros."))],
    "t10": [(None, "Let me look at the cushions first. " + T("get_product", name="Linen cushion cover")),
            ("33", T("get_product", name="Pebble doorstop")), ("21", T("calculator", expression="33 + 21")),
            ("54", A("54 in stock altogether."))],
    "t11": [(None, T("get_product", name="Matcha whisk")), ("12.4", T("calculator", expression="4 * 12.4")),
            ("49.6", A("4 Matcha whisks cost 49.60 euros."))],
    "t12": [(None, T("get_product", name="Aurora floor lamp")), ("79", T("get_product", name="Aurora desk lamp")),
            ("34.9", T("get_product", name="Aurora desk lamp")),                        # the same call twice: allowed
            ("34.9", T("calculator", expression="79 - 34.9")), ("44.1", A("The difference is 44.10 euros."))],
}

# The planner writes its whole plan before any result; the final call answers from the results
# when every listed text is in them.
PLAN_SCRIPTS = {
    "t01": ([("get_product", {"name": "Aurora desk lamp"})], ["34.9"], "34.90 euros"),
    "t02": ([("get_product", {"name": "Nimbus kettle"})], ["14"], "14 in stock"),
    "t03": ([("get_product", {"name": "Fjord mug"})], ["8.5"], "25.50 euros"),
    "t04": ([("get_product", {"name": "Aurora desk lamp"}), ("get_product", {"name": "Orbit speaker"})], ["34.9", "59.5"], "129.30 euros"),
    "t05": ([("get_product", {"name": "Orbit headphones"})], ["stock"], "0 in stock"),
    "t06": ([("get_product", {"name": "Nimbus Kettel"})], ["49"], "49.00 euros"),
    "t07": ([("search", {"query": "tea"})], ["6.75"], "6.75 euros"),
    "t08": ([("get_product", {"name": "blue blanket"})], ["64"], "64.00 euros"),
    "t09": ([("get_product", {"name": "Orbit speaker"})], ["59.5"], "8.925 euros"),
    "t10": ([("get_product", {"name": "Linen cushion cover"}), ("get_product", {"name": "Pebble doorstop"})], ["33", "21"], "54"),
    "t11": ([("get_product", {"name": "Matcha whisk"})], ["12.4"], "49.60 euros"),
    "t12": ([("get_product", {"name": "Aurora floor lamp"}), ("get_product", {"name": "Aurora desk lamp"})], ["79", "34.9"], "44.10 euros"),
}
PLAN_SOLVES = {"t01", "t02", "t03", "t04", "t05", "t09", "t10", "t11", "t12"}   # t06-t08 need to react


def last_user(messages):
    return next(m["content"] for m in reversed(messages) if m["role"] == "user")


def steps_taken(messages):
    return sum(1 for m in messages if m["role"] == "assistant")


def react_model(script, calls=None):
    def model(messages):
        if calls is not None:
            calls.append([dict(m) for m in messages])
        step = steps_taken(messages)
        if step >= len(script):
            return UNKNOWN
        expect, reply = script[step]
        if expect is not None and expect.lower() not in last_user(messages).lower():
            return UNKNOWN
        return reply
    return model


def plan_model(plan, expects, answer, calls=None):
    def model(messages):
        if calls is not None:
            calls.append([dict(m) for m in messages])
        if steps_taken(messages) == 0:
            return json.dumps({"plan": [{"tool": t, "args": a} for t, a in plan]})
        results = last_user(messages)
        return A(answer) if all(e.lower() in results.lower() for e in expects) else UNKNOWN
    return model


def tasks():
    return {t["id"]: t for t in exercise.load_tasks("data/tasks.jsonl")}


class ParseActionTest(unittest.TestCase):
    def test_tool_call_and_answer(self):
        self.assertEqual(exercise.parse_action(T("calculator", expression="1 + 1")),
                         {"tool": "calculator", "args": {"expression": "1 + 1"}})
        self.assertEqual(exercise.parse_action('{"answer": "done"}'), {"answer": "done"})
        self.assertEqual(exercise.parse_action('{"answer": 25.5}'), {"answer": "25.5"}, "the answer is returned as a string")
        self.assertEqual(exercise.parse_action('{"tool": "search"}'), {"tool": "search", "args": {}},
                         "missing args means no arguments")

    def test_json_inside_prose_or_a_fence(self):
        fenced = '```json\n{"tool": "search", "args": {"query": "tea"}}\n```'
        self.assertEqual(exercise.parse_action(fenced), {"tool": "search", "args": {"query": "tea"}})
        prose = 'Sure! I will search. {"tool": "search", "args": {"query": "tea"}} Let us see.'
        self.assertEqual(exercise.parse_action(prose), {"tool": "search", "args": {"query": "tea"}},
                         "parse from the first '{' to the last '}'")

    def test_invalid_replies_raise_action_error(self):
        self.assertTrue(issubclass(exercise.ActionError, ValueError), "ActionError is a ValueError")
        for bad in ["I think the answer is 42.", "{'tool': 'search'}", '{"tool": "search", "args": {"query": }',
                    '{"thought": "hmm"}', '{"tool": "search", "args": ["tea"]}', '{"tool": 7}']:
            with self.assertRaises(exercise.ActionError, msg=f"should be refused: {bad}"):
                exercise.parse_action(bad)


class RunToolTest(unittest.TestCase):
    def test_results_become_strings(self):
        obs = exercise.run_tool(TOOLS, "get_product", {"name": "fjord mug"})
        self.assertIsInstance(obs, str)
        self.assertEqual(json.loads(obs)["price"], 8.5, "a dict result is returned as JSON")
        self.assertEqual(exercise.run_tool(TOOLS, "calculator", {"expression": "3 * 8.5"}), "25.5",
                         "a string result is returned as it is")
        self.assertEqual(json.loads(exercise.run_tool(TOOLS, "search", {"query": "blanket"})), ["Cobalt wool blanket"])

    def test_failures_are_observations_not_exceptions(self):
        obs = exercise.run_tool(TOOLS, "get_product", {"name": "Nimbus Kettel"})
        self.assertTrue(obs.startswith("error: ValueError: no product named"), f"got {obs!r}")
        obs = exercise.run_tool(TOOLS, "delete_everything", {})
        self.assertTrue(obs.startswith("error:") and "delete_everything" in obs, f"got {obs!r}")
        self.assertIn("calculator, get_product, search", obs, "the error lists the tools that exist, sorted")
        obs = exercise.run_tool(TOOLS, "calculator", {"expr": "1"})
        self.assertTrue(obs.startswith("error: TypeError"), f"wrong argument names are a TypeError: got {obs!r}")
        obs = exercise.run_tool(TOOLS, "calculator", {"expression": "1 / 0"})
        self.assertTrue(obs.startswith("error: ZeroDivisionError"), f"got {obs!r}")


class AgentLoopTest(unittest.TestCase):
    def test_worked_example_messages(self):
        calls = []
        run = exercise.run_agent(tasks()["t03"]["task"], TOOLS, react_model(REACT_SCRIPTS["t03"], calls))
        self.assertEqual(run["status"], "done")
        self.assertEqual((run["model_calls"], run["tool_calls"]), (3, 2))
        self.assertTrue(exercise.is_correct(run["answer"], 25.5), f"answer: {run['answer']}")
        roles = [m["role"] for m in run["messages"]]
        self.assertEqual(roles, ["system", "user", "assistant", "user", "assistant", "user", "assistant"],
                         "system, task, then each reply (assistant) and its observation (user)")
        self.assertIn("get_product", run["messages"][0]["content"], "the system message describes the tools")
        self.assertEqual(run["messages"][1]["content"], tasks()["t03"]["task"])
        self.assertEqual(run["messages"][3]["content"], "Observation: " + exercise.run_tool(TOOLS, "get_product", {"name": "Fjord mug"}))
        self.assertEqual(run["messages"][5]["content"], "Observation: 25.5")
        self.assertEqual(len(calls[1]), 4, "the second call sees system, task, the first reply and its observation")

    def test_an_invalid_reply_is_retried_with_the_error_and_the_format(self):
        script = [(None, "The price is probably 10."), ("JSON", A("10 euros"))]
        run = exercise.run_agent("?", TOOLS, react_model(script))
        self.assertEqual(run["status"], "done", "one invalid reply, then a valid one: the run succeeds")
        self.assertEqual(run["model_calls"], 2)
        self.assertEqual(run["messages"][3]["role"], "user")
        self.assertTrue(run["messages"][3]["content"].startswith("Error: "), "the retry message starts with 'Error: '")
        self.assertIn(exercise.FORMAT_REMINDER, run["messages"][3]["content"], "and repeats FORMAT_REMINDER")

    def test_retries_count_invalid_replies_in_a_row(self):
        broken = "not json"
        script = [(None, broken), (None, T("calculator", expression="1 + 1")), (None, broken), (None, broken), (None, A("2"))]
        run = exercise.run_agent("?", TOOLS, react_model(script), max_retries=2)
        self.assertEqual(run["status"], "done", "a valid reply resets the count of invalid replies in a row")
        for max_retries in (0, 2):
            run = exercise.run_agent("?", TOOLS, lambda messages: broken, max_retries=max_retries)
            self.assertEqual(run["status"], "parse_error")
            self.assertEqual(run["model_calls"], max_retries + 1,
                             f"max_retries={max_retries}: give up at invalid reply number max_retries + 1")
            self.assertIsNone(run["answer"])

    def test_failure_loops_are_stopped(self):
        stopped = 0
        # 1. a model that never produces valid JSON
        run = exercise.run_agent("?", TOOLS, lambda m: "{oops", max_steps=8, max_retries=2)
        stopped += run["status"] == "parse_error" and run["model_calls"] == 3
        # 2. a model that asks for the same call forever
        runs_of_tool = []

        def spy(name):
            runs_of_tool.append(name)
            raise ValueError("not found")
        tools = dict(TOOLS, get_product=spy)
        run = exercise.run_agent("?", tools, lambda m: T("get_product", name="Fjord mugg"), max_steps=8, max_repeats=2)
        self.assertEqual(run["status"], "loop", "the same call with the same args a third time stops the run")
        self.assertEqual(len(runs_of_tool), 2, "the tool runs max_repeats times, not once more")
        self.assertEqual(run["model_calls"], 3)
        stopped += run["status"] == "loop"
        # 3. a model that wanders: always a new call, never an answer
        counter = iter(range(1000))
        run = exercise.run_agent("?", TOOLS, lambda m: T("calculator", expression=f"{next(counter)} + 1"), max_steps=5)
        self.assertEqual(run["status"], "budget")
        self.assertEqual((run["model_calls"], run["tool_calls"]), (5, 5), "max_steps model calls, then stop")
        stopped += run["status"] == "budget"
        log_metric("failure_loops_stopped", stopped)
        self.assertEqual(stopped, 3)

    def test_the_budget_counts_retries_too(self):
        script = [(None, "nope"), (None, T("search", query="tea")), (None, "nope"), (None, T("search", query="mug"))]
        run = exercise.run_agent("?", TOOLS, react_model(script), max_steps=3)
        self.assertEqual((run["status"], run["model_calls"], run["tool_calls"]), ("budget", 3, 1))

    def test_an_error_observation_lets_the_model_recover(self):
        script = [(None, T("look_up", name="mug")), ("unknown tool", T("search", query="mug")), ("Fjord mug", A("Fjord mug"))]
        run = exercise.run_agent("?", TOOLS, react_model(script))
        self.assertEqual(run["status"], "done", "an unknown tool is an observation the model reads, not a crash")
        self.assertEqual(run["tool_calls"], 2)


class PlanTest(unittest.TestCase):
    def test_two_model_calls_and_the_results_message(self):
        calls, ran = [], []

        def spy_get(name):
            ran.append((name, len(calls)))
            return TOOLS["get_product"](name)
        tools = dict(TOOLS, get_product=spy_get)
        plan, expects, answer = PLAN_SCRIPTS["t04"]
        run = exercise.plan_and_execute(tasks()["t04"]["task"], tools, plan_model(plan, expects, answer, calls))
        self.assertEqual(run["status"], "done")
        self.assertEqual((run["model_calls"], run["tool_calls"]), (2, 2))
        self.assertEqual(ran, [("Aurora desk lamp", 1), ("Orbit speaker", 1)],
                         "every step runs, in order, after the first model call and before the second")
        self.assertIn("plan", calls[0][0]["content"].lower(), "the first call uses plan_prompt")
        results = calls[1][-1]["content"]
        self.assertTrue(results.startswith("Results:"), "the results message starts with 'Results:'")
        self.assertIn('1. get_product({"name": "Aurora desk lamp"}) -> ', results)
        self.assertIn("2. get_product(", results)
        self.assertTrue(results.rstrip().endswith(exercise.ANSWER_REQUEST), "ANSWER_REQUEST comes last")
        self.assertTrue(exercise.is_correct(run["answer"], 129.3))

    def test_parse_plan_and_a_bad_plan(self):
        self.assertEqual(exercise.parse_plan('Plan: {"plan": [{"tool": "search", "args": {"query": "tea"}}, {"tool": "calculator"}]}'),
                         [{"tool": "search", "args": {"query": "tea"}}, {"tool": "calculator", "args": {}}])
        for bad in ['{"steps": []}', '{"plan": [{"args": {}}]}', "no plan"]:
            with self.assertRaises(exercise.ActionError, msg=bad):
                exercise.parse_plan(bad)
        run = exercise.plan_and_execute("?", TOOLS, lambda m: "I would search first.")
        self.assertEqual((run["status"], run["model_calls"], run["tool_calls"]), ("parse_error", 1, 0))


class ShippedTasksTest(unittest.TestCase):
    """Both agents on the 12 tasks of data/tasks.jsonl with the scripted models above."""

    def test_react_and_plan_on_the_shipped_tasks(self):
        all_tasks = tasks()
        self.assertEqual(sorted(all_tasks), sorted(REACT_SCRIPTS))
        react_ok, react_calls, failures = 0, 0, []
        for tid, t in sorted(all_tasks.items()):
            run = exercise.run_agent(t["task"], TOOLS, react_model(REACT_SCRIPTS[tid]))
            ok = run["status"] == "done" and exercise.is_correct(run["answer"], t["expected"])
            react_ok += ok
            react_calls += run["model_calls"]
            if not ok:
                failures.append(f"{tid}: status {run['status']}, answer {run['answer']!r}")
        plan_ok, plan_calls, solved = 0, 0, set()
        for tid, t in sorted(all_tasks.items()):
            run = exercise.plan_and_execute(t["task"], TOOLS, plan_model(*PLAN_SCRIPTS[tid]))
            ok = run["status"] == "done" and exercise.is_correct(run["answer"], t["expected"])
            plan_ok += ok
            plan_calls += run["model_calls"]
            if ok:
                solved.add(tid)
        n = len(all_tasks)
        log_metric("tasks", n)
        log_metric("react_success", react_ok / n)
        log_metric("plan_success", plan_ok / n)
        log_metric("react_model_calls", react_calls)
        log_metric("plan_model_calls", plan_calls)
        self.assertEqual(failures, [], "the reacting agent should solve every task with these scripts")
        self.assertEqual(react_calls, 42, "12 tasks, 42 model calls in all (t09 needs a retry, t12 repeats once)")
        self.assertEqual(plan_calls, 2 * n, "plan-and-execute makes exactly 2 model calls per task")
        self.assertEqual(solved, PLAN_SOLVES, "the plan fails exactly where a step needs an earlier result "
                                              "(t06 misspelt name, t07 and t08 need a search first)")


if __name__ == "__main__":
    unittest.main()
