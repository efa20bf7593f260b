"""Tests of Stage 11 (Agents): the tools, the parser and the agent loop, driven by scripted fake
models (no network, no real model), and the multi-hop questions of the mini web answered by a
fake model that can only succeed if your loop shows it what the tools returned.

They use only the interface the overview states:
    make_tools(web_dir, max_chars) -> {name: (function, description)}
    system_prompt(tools) -> str
    parse_action(reply) -> {"tool", "input"} or {"answer"}; ValueError when it cannot
    run_agent(question, tools, model, max_steps) -> {"answer", "steps", "trace"}
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

WEB = os.path.join("data", "web")
PAGES = sorted(n[:-3] for n in os.listdir(WEB) if n.endswith(".md"))
with open(os.path.join("data", "questions.jsonl"), encoding="utf-8") as f:
    QUESTIONS = [json.loads(line) for line in f if line.strip()]


class Scripted:
    """A fake model that replies with the given texts in order, and records what it was sent."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), []

    def __call__(self, messages):
        self.calls.append([dict(m) for m in messages])
        return self.replies.pop(0) if self.replies else '{"tool": "search", "input": "again"}'


def last_user(messages):
    return [m for m in messages if m["role"] == "user"][-1]["content"]


class ReadingFake:
    """A fake model that really works through a question, but only with what it is shown: it
    searches, reads the first page name it sees in the search results, pulls the next name out
    of the page with a pattern, and so on. If the loop does not pass observations back, it fails."""

    def __init__(self, first_query, patterns):
        self.first_query, self.patterns = first_query, list(patterns)
        self.expect = "start"

    def __call__(self, messages):
        seen = last_user(messages)
        if self.expect == "start":
            self.expect = "search-results"
            return json.dumps({"tool": "search", "input": self.first_query})
        if self.expect == "search-results":
            hits = ((re.search(rf"(?<![a-z-]){re.escape(p)}(?![a-z-])", seen), p) for p in PAGES)
            found = sorted((m.start(), p) for m, p in hits if m)
            if not found:
                return json.dumps({"answer": "I could not find a page."})
            self.expect = "page"
            return f'I will read the first result.\n```json\n{json.dumps({"tool": "read", "input": found[0][1]})}\n```'
        match = re.search(self.patterns[0], seen)
        if not match:
            return json.dumps({"answer": "The page did not say."})
        self.patterns.pop(0)
        if not self.patterns:
            return json.dumps({"answer": match.group(1)})
        self.expect = "search-results"
        return json.dumps({"tool": "search", "input": match.group(1)})


PLANS = {
    "kettle-founder": ("Zephyr kettle", [r"made by ([A-Z][\w&]*(?: [&\w]+)*?) since", r"founded in \d+ by ([A-Z]\w+ [A-Z]\w+)"]),
    "stadium-seats": ("Port Adler football club", [r"football club is ([A-Z]\w+ [A-Z]\w+)", r"home ground is ([A-Z]\w+ [A-Z]\w+)",
                                                  r"has ([\d,]+) seats"]),
    "hills-peak": ("Velm river", [r"rises in the ([A-Z]\w+ hills)", r"highest point is ([A-Z]\w+ [A-Z]\w+)"]),
    "lamp-city": ("Lumen desk lamp", [r"sold by ([A-Z]\w+)", r"headquarters are in ([A-Z]\w+)"]),
    "school-director": ("Lumen desk lamp", [r"designed by ([A-Z]\w+ [A-Z]\w+)", r"studied at the ([A-Z][\w ]+? of Design)",
                                            r"director is ([A-Z]\w+ [A-Z]\w+)"]),
    "first-ascent": ("Korr hills", [r"highest point is ([A-Z]\w+ [A-Z]\w+)", r"ascent was made in (\d{4})"]),
    "coach-club": ("Adler Rovers", [r"coach is ([A-Z]\w+ [A-Z]\w+)", r"played as a defender for ([A-Z]\w+ [A-Z]\w+)"]),
    "founder-birthplace": ("Harlow & Pike", [r"founded in \d+ by ([A-Z]\w+ [A-Z]\w+)", r"born in ([A-Z]\w+)"]),
}


class ToolsTest(unittest.TestCase):
    def setUp(self):
        self.tools = exercise.make_tools(WEB, max_chars=1500)

    def test_two_tools_with_descriptions(self):
        self.assertEqual(set(self.tools), {"search", "read"})
        for name, (fn, description) in self.tools.items():
            self.assertTrue(callable(fn), f"{name}: the first item is the function")
            self.assertIsInstance(description, str)
            self.assertGreater(len(description), 10, f"{name}: describe the tool for the model")

    def test_search_returns_text_naming_the_pages(self):
        out = self.tools["search"][0]("Zephyr kettle")
        self.assertIsInstance(out, str, "an observation is text")
        self.assertIn("zephyr-kettle", out, "search results must name the pages, so the model can read them")
        self.assertLess(out.find("zephyr-kettle"), out.find("harlow-and-pike"), "best result first")

    def test_read_returns_the_page_and_errors_as_text(self):
        self.assertIn("Ines Harlow", self.tools["read"][0]("harlow-and-pike"))
        out = self.tools["read"][0]("no-such-page")
        self.assertIsInstance(out, str, "a missing page is an observation, not an exception")
        self.assertTrue(out.startswith("Error"), "start a failed observation with 'Error'")

    def test_read_truncates_long_pages(self):
        out = exercise.make_tools(WEB, max_chars=300)["read"][0]("kettle-history")
        self.assertLessEqual(len(out), 300 + 40, "a long page is cut to about max_chars")
        self.assertIn("[truncated]", out, "say that the page was cut")
        self.assertTrue(out.startswith("# A history of kettles"), "keep the beginning of the page")


class ParseTest(unittest.TestCase):
    def test_plain_fenced_and_wrapped_json(self):
        self.assertEqual(exercise.parse_action('{"tool": "search", "input": "x y"}'), {"tool": "search", "input": "x y"})
        self.assertEqual(exercise.parse_action('```json\n{"tool": "read", "input": "port-adler"}\n```'),
                         {"tool": "read", "input": "port-adler"})
        self.assertEqual(exercise.parse_action('Thought: I know it.\n{"answer": "Velmstad"} Done.'), {"answer": "Velmstad"})

    def test_bad_replies_raise_value_error(self):
        for reply in ("I think the answer is Paris.", '{"tool": "search", "input": ', '{"thought": "hmm"}', ""):
            with self.assertRaises(ValueError, msg=f"parse_action({reply!r}) should raise ValueError"):
                exercise.parse_action(reply)


class LoopTest(unittest.TestCase):
    def setUp(self):
        self.tools = exercise.make_tools(WEB)

    def test_the_system_prompt_lists_the_tools(self):
        prompt = exercise.system_prompt(self.tools)
        for name, (_, description) in self.tools.items():
            self.assertIn(name, prompt)
            self.assertIn(description, prompt, "give the model each tool's description")
        self.assertIn("answer", prompt)

    def test_observations_go_back_to_the_model(self):
        model = Scripted('{"tool": "search", "input": "Zephyr kettle"}', '{"tool": "read", "input": "zephyr-kettle"}',
                         '{"answer": "Harlow & Pike"}')
        out = exercise.run_agent("Who makes the Zephyr kettle?", self.tools, model, max_steps=5)
        self.assertEqual(out["answer"], "Harlow & Pike")
        self.assertEqual(out["steps"], 3, "three model calls")
        first = model.calls[0]
        self.assertEqual(first[0]["role"], "system", "the system prompt comes first")
        self.assertIn("Who makes the Zephyr kettle?", last_user(first), "the question is in the first user message")
        self.assertIn(self.tools["search"][0]("Zephyr kettle"), last_user(model.calls[1]),
                      "the second call must show the model what search returned")
        self.assertIn("made by Harlow & Pike", last_user(model.calls[2]), "the third call must show the page it read")
        self.assertEqual([m["role"] for m in model.calls[2]], ["system", "user", "assistant", "user", "assistant", "user"],
                         "the history keeps each reply (assistant) and each observation (user)")

    def test_the_step_budget_ends_the_run(self):
        model = Scripted()
        out = exercise.run_agent("Who is the mayor of Port Adler?", self.tools, model, max_steps=4)
        self.assertIsNone(out["answer"], "no answer within the budget: answer None")
        self.assertEqual(out["steps"], 4)
        self.assertEqual(len(model.calls), 4, "exactly max_steps model calls")

    def test_errors_become_observations_and_the_loop_goes_on(self):
        def broken(_):
            raise RuntimeError("disk on fire")

        tools = dict(self.tools, flaky=(broken, "flaky(x): always fails"))
        model = Scripted("I will search now", '{"tool": "browse", "input": "x"}', '{"tool": "flaky", "input": "x"}',
                         '{"answer": "done"}')
        out = exercise.run_agent("q", tools, model, max_steps=6)
        self.assertEqual(out["answer"], "done", "bad replies and failing tools must not end the run")
        self.assertIn("error", last_user(model.calls[1]).lower(), "a reply without JSON gets an error observation")
        self.assertIn("search", last_user(model.calls[2]), "an unknown tool gets an observation that names the tools")
        self.assertIn("disk on fire", last_user(model.calls[3]), "a tool's exception is reported to the model")
        self.assertEqual(len(out["trace"]), 4, "one trace entry per model call")


class MultiHopTest(unittest.TestCase):
    def test_the_reading_fake_answers_the_multi_hop_questions(self):
        tools = exercise.make_tools(WEB)
        right, steps = 0, []
        for q in QUESTIONS:
            first_query, patterns = PLANS[q["id"]]
            out = exercise.run_agent(q["question"], tools, ReadingFake(first_query, patterns), max_steps=8)
            ok = out["answer"] is not None and any(a.lower() in out["answer"].lower() for a in q["answers"])
            right += ok
            steps.append(out["steps"])
            self.assertEqual(out["steps"], 2 * q["hops"] + 1, f"{q['id']}: search and read per hop, then answer")
        log_metric("multihop_accuracy", right / len(QUESTIONS))
        log_metric("mean_steps", sum(steps) / len(steps))
        self.assertEqual(right, len(QUESTIONS), f"{right} of {len(QUESTIONS)} multi-hop questions answered")

    def test_a_three_hop_question_does_not_fit_in_four_steps(self):
        q = next(q for q in QUESTIONS if q["id"] == "stadium-seats")
        out = exercise.run_agent(q["question"], exercise.make_tools(WEB), ReadingFake(*PLANS["stadium-seats"]), max_steps=4)
        self.assertIsNone(out["answer"])


if __name__ == "__main__":
    unittest.main()
