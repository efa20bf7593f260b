"""Project 3: a Devin-style agent — plan, act with tools, verify, re-plan — on a small repository.

The model writes one JSON object per reply:
  {"plan": ["step", ...]}                               make (or replace) the plan
  {"thought": "...", "tool": "name", "args": {...}}     act; thought and args are optional
  {"finish": "summary"}                                 claim the task is done
The agent never trusts a finish: it runs verify() and rejects the finish while checks fail.

    python3 evals/harness.py             # the eval harness by hand; writes reports/eval.md
    trail check devin-style-agent        # the same harness, measured by Trailguide

Standard library only. The overview states the exact interface and message protocol the harness
uses; the names below are that interface. Fill in every TODO (reshape the inside as you like;
your Project 1 code is a good start for the parser and the tool calls).
"""
import json

import llm_client


class ParseError(ValueError):
    """The reply holds no usable plan, action or finish."""


def parse_reply(reply):
    """The first JSON object of the reply, as one of:
        {"plan": [str, ...]}                        (a non-empty list of strings)
        {"tool": str, "args": dict, "thought": str} (args default {}, thought default "")
        {"finish": str}
    Raises ParseError otherwise.
    """
    # TODO: find the first JSON object (json.JSONDecoder().raw_decode from each "{"), then check its shape
    raise NotImplementedError("parse_reply")


def render_system(tools):
    """The system prompt: the plan / act / verify method, the three reply shapes, one line per tool."""
    raise NotImplementedError("render_system")  # TODO


class PlanningAgent:
    def __init__(self, model=llm_client.chat, tools=(), verify=None, max_steps=12):
        self.model = model
        self.tools = {t["name"]: t for t in tools}   # each {"name", "description", "parameters", "fn"}
        self.verify = verify or (lambda: (True, "no checks"))   # () -> (ok, report)
        self.max_steps = max_steps

    def solve(self, task):
        """Returns {"status": "done" | "budget" | "stuck", "summary": str or None, "plan": [...] or None,
        "plans": number of plans made, "messages": [...]}.

        Protocol: [system, user(task)]; each reply appended as an assistant message, word for word;
        then one user message "Observation: ..." — "plan recorded:" and the numbered steps after a
        plan; the tool's result after an action; "Error: ..." for a reply that does not parse, an
        action or finish before any plan, an unknown tool, bad arguments, a tool's exception, or a
        finish whose verify() fails (with verify's report).
        """
        messages = [{"role": "system", "content": render_system(self.tools.values())},
                    {"role": "user", "content": task}]
        # TODO: at most self.max_steps model calls, then status "budget"
        # TODO: a plan replaces the current one (count it); no action or finish before the first plan
        # TODO: a finish is accepted only when self.verify() says ok: status "done" with the summary
        # TODO: a tool action equal to each of the two tool actions before it is not run: status "stuck"
        raise NotImplementedError("PlanningAgent.solve")
