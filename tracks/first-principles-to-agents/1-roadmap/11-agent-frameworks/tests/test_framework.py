"""Tests of Section 11 (Agent Frameworks): the shop agent on minichain, the two seams you own
(a counting model and a recording callback handler with a loop guard), and what the framework
hides on the 12 shipped tasks, driven by scripted fake models in the framework's format.

Interface (the overview states it):
    CountingModel(model): callable, .calls, .chars_sent
    TraceRecorder(max_repeats=2): callbacks, .events; raises LoopDetected
    hidden_retries(events) -> int;  make_agent(model, callbacks=()) -> minichain.Agent
    run_task(task, model, max_repeats=2) -> {"status", "answer", "model_calls", "tool_calls",
                                             "hidden_retries", "chars_sent", "events"}
"""
import json
import unittest

import exercise
import minichain

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def F(tool, **args):
    return f"Thought: I will use {tool}.\nAction: {tool}\nAction Input: {json.dumps(args)}"


def FA(text):
    return f"Thought: I know the answer\nFinal Answer: {text}"


UNKNOWN = FA("unknown")

# Like Section 10's scripts, in the framework's text format. Three replies slip out of format
# (t05: JSON, t09: no Action Input, t10: prose); the framework retries them without telling you.
SCRIPTS = {
    "t01": [(None, F("get_product", name="Aurora desk lamp")), ("34.9", FA("34.90 euros."))],
    "t02": [(None, F("get_product", name="Nimbus kettle")), ("14", FA("14 in stock."))],
    "t03": [(None, F("get_product", name="Fjord mug")), ("8.5", F("calculator", expression="3 * 8.5")), ("25.5", FA("25.50 euros."))],
    "t04": [(None, F("get_product", name="Aurora desk lamp")), ("34.9", F("get_product", name="Orbit speaker")),
            ("59.5", F("calculator", expression="2 * 34.9 + 59.5")), ("129.3", FA("129.30 euros."))],
    "t05": [(None, '{"tool": "get_product", "args": {"name": "Orbit headphones"}}'),
            ("Invalid format", F("get_product", name="Orbit headphones")), ("stock", FA("0 in stock."))],
    "t06": [(None, F("get_product", name="Nimbus Kettel")), ("no product", F("search", query="Nimbus")),
            ("Nimbus kettle", F("get_product", name="Nimbus kettle")), ("49", FA("49.00 euros."))],
    "t07": [(None, F("search", query="tea")), ("Tea infuser", F("get_product", name="Fjord mug")),
            ("8.5", F("get_product", name="Matcha whisk")), ("12.4", F("get_product", name="Nimbus kettle")),
            ("49", F("get_product", name="Tea infuser")), ("6.75", FA("The Tea infuser, 6.75 euros."))],
    "t08": [(None, F("search", query="blue blanket")), ("Cobalt wool blanket", F("get_product", name="Cobalt wool blanket")),
            ("64", FA("64.00 euros."))],
    "t09": [(None, "Thought: the speaker first\nAction: get_product"),
            ("Invalid format", F("get_product", name="Orbit speaker")), ("59.5", F("calculator", expression="59.5 * 0.15")),
            ("8.925", FA("8.925 euros."))],
    "t10": [(None, "I'll check the cushion cover price first."),
            ("Invalid format", F("get_product", name="Linen cushion cover")), ("33", F("get_product", name="Pebble doorstop")),
            ("21", F("calculator", expression="33 + 21")), ("54", FA("54 altogether."))],
    "t11": [(None, F("get_product", name="Matcha whisk")), ("12.4", F("calculator", expression="4 * 12.4")), ("49.6", FA("49.60 euros."))],
    "t12": [(None, F("get_product", name="Aurora floor lamp")), ("79", F("get_product", name="Aurora desk lamp")),
            ("34.9", F("calculator", expression="79 - 34.9")), ("44.1", FA("44.10 euros."))],
}


def last_user(messages):
    return next(m["content"] for m in reversed(messages) if m["role"] == "user")


def scripted(script, calls=None):
    def model(messages):
        if calls is not None:
            calls.append([dict(m) for m in messages])
        start = max(i for i, m in enumerate(messages) if m["role"] == "user" and m["content"].startswith("Question:"))
        step = sum(1 for m in messages[start:] if m["role"] == "assistant")   # this run's steps only
        if step >= len(script):
            return UNKNOWN
        expect, reply = script[step]
        if expect is not None and expect.lower() not in last_user(messages).lower():
            return UNKNOWN
        return reply
    return model


def tasks():
    with open("data/tasks.jsonl", encoding="utf-8") as f:
        return {t["id"]: t for t in (json.loads(line) for line in f if line.strip())}


def numbers_in(text):
    import re
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", str(text).replace(",", ""))]


def correct(answer, expected):
    return answer is not None and any(abs(x - expected) <= 0.01 for x in numbers_in(answer))


class SeamsTest(unittest.TestCase):
    def test_counting_model_counts_calls_and_characters(self):
        seen = []
        counting = exercise.CountingModel(lambda messages: seen.append(messages) or "hello")
        msgs = [{"role": "system", "content": "abc"}, {"role": "user", "content": "de"}]
        self.assertEqual(counting(msgs), "hello", "the wrapper returns the model's reply unchanged")
        self.assertEqual(counting(msgs[:1]), "hello")
        self.assertEqual((counting.calls, counting.chars_sent), (2, 5 + 3))
        self.assertEqual(len(seen), 2, "and passes every call through")

    def test_recorder_events_in_order(self):
        recorder = exercise.TraceRecorder()
        agent = minichain.Agent(scripted(SCRIPTS["t03"]), exercise.shop_tools(), memory=False, callbacks=[recorder])
        agent.run(tasks()["t03"]["task"])
        kinds = [e["event"] for e in recorder.events]
        self.assertEqual(kinds, ["llm_start", "llm_end", "tool_start", "tool_end",
                                 "llm_start", "llm_end", "tool_start", "tool_end",
                                 "llm_start", "llm_end", "agent_finish"])
        self.assertEqual(recorder.events[0]["messages"], 2, "llm_start records how many messages were sent")
        self.assertEqual(recorder.events[2], {"event": "tool_start", "name": "get_product", "args": {"name": "Fjord mug"}})
        self.assertEqual(recorder.events[7], {"event": "tool_end", "name": "calculator", "output": "25.5"})
        self.assertEqual(recorder.events[-1], {"event": "agent_finish", "output": "25.50 euros."})
        self.assertTrue(recorder.events[1]["text"].startswith("Thought:"), "llm_end records the reply text")

    def test_the_recorder_puts_back_a_loop_guard(self):
        recorder = exercise.TraceRecorder(max_repeats=2)
        recorder.on_tool_start("search", {"query": "tea"})
        recorder.on_tool_start("search", {"query": "mug"})
        recorder.on_tool_start("search", {"query": "tea"})
        with self.assertRaises(exercise.LoopDetected, msg="the third search for 'tea' is one too many"):
            recorder.on_tool_start("search", {"query": "tea"})
        self.assertEqual(recorder.events[-1], {"event": "tool_start", "name": "search", "args": {"query": "tea"}},
                         "the event is recorded before LoopDetected is raised")

    def test_hidden_retries_by_hand(self):
        ev = [{"event": "llm_start"}, {"event": "llm_end"},                        # could not be parsed: retried
              {"event": "llm_start"}, {"event": "llm_end"}, {"event": "tool_start"}, {"event": "tool_end"},
              {"event": "llm_start"}, {"event": "llm_end"}, {"event": "agent_finish", "output": "42"}]
        self.assertEqual(exercise.hidden_retries(ev), 1)
        stopped = ev[:6] + [{"event": "llm_start"}, {"event": "llm_end"},
                            {"event": "agent_finish", "output": minichain.STOP_MESSAGE}]
        self.assertEqual(exercise.hidden_retries(stopped), 2, "a last reply that was not parsed before the stop counts")
        self.assertEqual(exercise.hidden_retries([]), 0)


class MakeAgentTest(unittest.TestCase):
    def test_settings(self):
        agent = exercise.make_agent(lambda m: UNKNOWN)
        self.assertIsInstance(agent, minichain.Agent)
        self.assertEqual(sorted(agent.tools), ["calculator", "get_product", "search"])
        self.assertEqual(agent.max_iterations, 8)

    def test_no_memory_leaks_from_one_task_into_the_next(self):
        calls = []
        agent = exercise.make_agent(scripted(SCRIPTS["t01"], calls))
        agent.run(tasks()["t01"]["task"])
        calls.clear()
        agent.run(tasks()["t02"]["task"])
        first_prompt = " ".join(m["content"] for m in calls[0])
        self.assertNotIn("Aurora desk lamp cost", first_prompt,
                         "the framework's default memory=True puts every earlier task into every later prompt; turn it off")


class RunTaskTest(unittest.TestCase):
    def test_a_run_with_a_hidden_retry(self):
        run = exercise.run_task(tasks()["t05"]["task"], scripted(SCRIPTS["t05"]))
        self.assertEqual(run["status"], "done")
        self.assertTrue(correct(run["answer"], 0))
        self.assertEqual((run["model_calls"], run["tool_calls"], run["hidden_retries"]), (3, 1, 1),
                         "3 model calls for 1 tool call and 1 answer: one reply was silently retried")
        self.assertGreater(run["chars_sent"], 0)
        self.assertEqual(run["events"][-1]["event"], "agent_finish")

    def test_the_iteration_limit_is_not_an_answer(self):
        counter = iter(range(1000))
        run = exercise.run_task("?", lambda m: F("calculator", expression=f"{next(counter)} + 1"))
        self.assertEqual(run["status"], "stopped", "run() returned minichain.STOP_MESSAGE: the framework gave up")
        self.assertIsNone(run["answer"], "the stop message is not an answer")
        self.assertEqual((run["model_calls"], run["tool_calls"]), (8, 8))

    def test_the_loop_guard_ends_the_run(self):
        ran = []
        run = exercise.run_task("?", lambda m: ran.append(1) or F("get_product", name="Fjord mugg"), max_repeats=2)
        self.assertEqual(run["status"], "loop")
        self.assertIsNone(run["answer"])
        self.assertEqual((run["model_calls"], run["tool_calls"]), (3, 2), "the third identical call never runs")


class ShippedTasksTest(unittest.TestCase):
    def test_what_the_framework_hides_on_the_shipped_tasks(self):
        all_tasks = tasks()
        ok, calls, tool_calls, retries, chars, failures = 0, 0, 0, 0, 0, []
        for tid, t in sorted(all_tasks.items()):
            run = exercise.run_task(t["task"], scripted(SCRIPTS[tid]))
            good = run["status"] == "done" and correct(run["answer"], t["expected"])
            ok += good
            calls += run["model_calls"]
            tool_calls += run["tool_calls"]
            retries += run["hidden_retries"]
            chars += run["chars_sent"]
            if not good:
                failures.append(f"{tid}: {run['status']} {run['answer']!r}")
        # The framework's default, for comparison: one agent for all tasks, memory on.
        shared = minichain.Agent(None, exercise.shop_tools(), max_iterations=8)
        shared_counting = exercise.CountingModel(None)
        shared.llm = shared_counting
        for tid, t in sorted(all_tasks.items()):
            shared_counting.model = scripted(SCRIPTS[tid])
            shared.run(t["task"])
        n = len(all_tasks)
        log_metric("tasks", n)
        log_metric("framework_success", ok / n)
        log_metric("model_calls", calls)
        log_metric("tool_calls", tool_calls)
        log_metric("hidden_retries", retries)
        log_metric("chars_sent", chars)
        log_metric("memory_growth", shared_counting.chars_sent / chars)
        self.assertEqual(failures, [])
        self.assertEqual((calls, tool_calls), (43, 28))
        self.assertEqual(retries, 3, "t05, t09 and t10 each had one reply the framework retried without a word")
        self.assertEqual(retries, calls - tool_calls - n, "every model call is a tool call, an answer or a hidden retry")


if __name__ == "__main__":
    unittest.main()
