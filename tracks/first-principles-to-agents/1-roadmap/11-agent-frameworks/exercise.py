"""Section 11 (Agent Frameworks): the shop agent of Section 10, rebuilt on a framework, and a
measure of what the framework hides.

minichain.py (given, read it) is a tiny framework in the style of the popular ones. Building the
agent on it takes a few lines; seeing what it does takes two seams you own: the model you hand
it (wrap it and count) and its callbacks (record every event, and put back a loop guard).

    python3 exercise.py              # one task through the framework, with the trace it emitted
    trail check agent-frameworks     # runs the tests

Standard library only. The model is any function messages -> text (by default llm_client.chat,
which reads OPENAI_BASE_URL and OPENAI_MODEL); the tests pass scripted fakes.
"""
import json

import llm_client
import minichain
from tools import TOOLS


def shop_tools():
    """The three shop tools as framework tools (minichain reads their names, parameters and docstrings)."""
    return [minichain.tool(fn) for fn in TOOLS.values()]


class LoopDetected(RuntimeError):
    """Raised by TraceRecorder to stop a run that asks for the same tool call again and again."""


# ---------------------------------------------------------------- seam 1: the model

class CountingModel:
    """Wraps a model (messages -> text): counts the calls and the characters of message content sent."""

    def __init__(self, model):
        self.model = model
        self.calls = 0
        self.chars_sent = 0

    def __call__(self, messages):
        # TODO: count the call, add the characters of every message's "content", return self.model(messages)
        raise NotImplementedError("CountingModel.__call__")


# ---------------------------------------------------------------- seam 2: the callbacks

class TraceRecorder:
    """A minichain callback handler that records every event as a dict in self.events:

        {"event": "llm_start", "messages": <how many messages were sent>}
        {"event": "llm_end", "text": <the reply>}
        {"event": "tool_start", "name": <tool>, "args": <dict>}
        {"event": "tool_end", "name": <tool>, "output": <str>}
        {"event": "agent_finish", "output": <str>}

    and puts back the loop guard the framework lacks: at the tool_start of a (name, args) pair
    seen more than max_repeats times, record the event, then raise LoopDetected.
    """

    def __init__(self, max_repeats=2):
        self.max_repeats = max_repeats
        self.events = []
        self.times = {}

    def on_llm_start(self, messages):
        raise NotImplementedError("on_llm_start")  # TODO: append {"event": "llm_start", "messages": len(messages)}

    def on_llm_end(self, text):
        raise NotImplementedError("on_llm_end")  # TODO: append {"event": "llm_end", "text": text}

    def on_tool_start(self, name, args):
        # TODO: append {"event": "tool_start", "name": name, "args": args}
        # TODO: count (name, json.dumps(args, sort_keys=True)) in self.times; over max_repeats -> raise LoopDetected
        raise NotImplementedError("on_tool_start")

    def on_tool_end(self, name, output):
        raise NotImplementedError("on_tool_end")  # TODO: append {"event": "tool_end", "name": name, "output": output}

    def on_agent_finish(self, output):
        raise NotImplementedError("on_agent_finish")  # TODO: append {"event": "agent_finish", "output": output}


def hidden_retries(events):
    """Model calls that led neither to a tool call nor to an answer: the replies the framework
    could not parse and silently asked again for. An llm_end counts when the next event is an
    llm_start, or an agent_finish with minichain.STOP_MESSAGE, or there is no next event."""
    # TODO: for each "llm_end", look at the event after it (None at the end of the list)
    raise NotImplementedError("hidden_retries")


# ---------------------------------------------------------------- the agent on the framework

def make_agent(model, callbacks=()):
    """The shop agent on minichain: the shop tools, at most 8 iterations, parsing errors retried,
    and no memory of earlier runs (each task starts from a clean prompt)."""
    # TODO: minichain.Agent(model, shop_tools(), ...): read its __init__ and set every default you need
    raise NotImplementedError("make_agent")


def run_task(task, model=llm_client.chat, max_repeats=2):
    """Run one task through the framework and report what really happened:

    {"status": "done" | "stopped" | "loop", "answer": str or None, "model_calls", "tool_calls",
     "hidden_retries", "chars_sent", "events"}

    "stopped" is the framework's iteration limit (run() returned minichain.STOP_MESSAGE, which is
    not an answer: answer is None); "loop" is LoopDetected raised by the recorder.
    """
    # TODO: wrap the model in a CountingModel, make a TraceRecorder(max_repeats), make_agent with both
    # TODO: run the task; STOP_MESSAGE -> "stopped"; LoopDetected -> "loop"; otherwise "done"
    # TODO: tool_calls = the tool_end events; hidden_retries(recorder.events); chars_sent from the CountingModel
    raise NotImplementedError("run_task")


if __name__ == "__main__":
    script = iter([
        '{"tool": "get_product", "args": {"name": "Fjord mug"}}',          # Section 10's format: not this framework's
        'Thought: I need the price.\nAction: get_product\nAction Input: {"name": "Fjord mug"}',
        'Thought: 3 times 8.5\nAction: calculator\nAction Input: {"expression": "3 * 8.5"}',
        'Thought: I know the answer\nFinal Answer: 3 Fjord mugs cost 25.50 euros.',
    ])
    run = run_task("What do 3 Fjord mugs cost in total?", model=lambda messages: next(script))
    for event in run["events"]:
        print(event)
    print({k: v for k, v in run.items() if k != "events"})
