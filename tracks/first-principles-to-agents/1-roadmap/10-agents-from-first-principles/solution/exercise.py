"""Section 10 (Agents From First Principles): an agent loop written by hand, no framework.

A model proposes one action at a time as JSON; your code parses it, runs the tool, feeds the
observation back, and stops when the model answers — or when a failure loop must be cut: a
reply that will not parse, the same call over and over, a run that never ends. Then the same
tasks with plan-and-execute: one plan, the tools, one answer.

    python3 exercise.py                          # a scripted run, printed message by message
    trail check agents-from-first-principles     # runs the tests

Standard library only. run_agent() and plan_and_execute() call a model: by default
llm_client.chat, which reads OPENAI_BASE_URL and OPENAI_MODEL; the tests pass scripted fakes.
"""
import inspect
import json
import re

import llm_client
from tools import TOOLS

FORMAT_REMINDER = ('Reply with exactly one JSON object: {"thought": "...", "tool": "<tool name>", "args": {...}} '
                   'to call a tool, or {"thought": "...", "answer": "..."} when you can answer.')

ANSWER_REQUEST = 'Answer the task from these results only. Reply with one JSON object: {"thought": "...", "answer": "..."}.'


def describe_tools(tools):
    """One line per tool: '- name(arguments): docstring'."""
    return "\n".join(f"- {name}{inspect.signature(fn)}: {inspect.getdoc(fn)}" for name, fn in sorted(tools.items()))


def system_prompt(tools):
    """The system message of the reacting agent (run_agent)."""
    return ("You are the assistant of a small shop. You work step by step: call one tool, read its result, "
            "then decide the next step. Use only facts from the results; compute with the calculator.\n"
            f"Tools:\n{describe_tools(tools)}\n"
            "After each tool call you get a message 'Observation: <result>'. An observation starting with "
            "'error:' means the call failed: change the call, do not repeat it.\n"
            f"{FORMAT_REMINDER}\n"
            'Example: {"thought": "I need the price first.", "tool": "get_product", "args": {"name": "Fjord mug"}}')


def plan_prompt(tools):
    """The system message of the planner (plan_and_execute)."""
    return ("You are the assistant of a small shop. You plan first: write every tool call needed to answer, "
            "in order, before seeing any result. You cannot use a result inside a later call's arguments.\n"
            f"Tools:\n{describe_tools(tools)}\n"
            'Reply with one JSON object: {"plan": [{"tool": "<tool name>", "args": {...}}, ...]}')


def numbers_in(text):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", str(text).replace(",", ""))]


def is_correct(answer, expected, tolerance=0.01):
    """True when a number in the answer is within `tolerance` of the expected number."""
    return answer is not None and any(abs(x - expected) <= tolerance for x in numbers_in(answer))


def load_tasks(path="data/tasks.jsonl"):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class ActionError(ValueError):
    """A model reply that is not a valid action."""


# ---------------------------------------------------------------- one step

def parse_action(reply):
    """The action in a model reply: {"tool": name, "args": dict} or {"answer": str}.

    The reply holds one JSON object, maybe inside prose or a ```json fence: parse the text from
    its first '{' to its last '}'. Raise ActionError when there is no object, it is not valid
    JSON, or it has neither a string "tool" nor an "answer".
    """
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise ActionError("the reply holds no JSON object")
    try:
        obj = json.loads(reply[start:end + 1])
    except json.JSONDecodeError as error:
        raise ActionError(f"the reply is not valid JSON ({error.msg})") from None
    if not isinstance(obj, dict):
        raise ActionError("the reply is not a JSON object")
    if "answer" in obj:
        return {"answer": str(obj["answer"])}
    if isinstance(obj.get("tool"), str):
        args = obj.get("args") or {}
        if not isinstance(args, dict):
            raise ActionError('"args" must be an object')
        return {"tool": obj["tool"], "args": args}
    raise ActionError('the object has neither "tool" nor "answer"')


def run_tool(tools, name, args):
    """Run tools[name](**args) and return the observation as a string; never raise.

    A string result is returned as it is, anything else as JSON. An unknown tool gives
    "error: unknown tool '<name>'; the tools are: a, b, c"; a tool that raises gives
    "error: <ExceptionType>: <message>".
    """
    if name not in tools:
        return f"error: unknown tool {name!r}; the tools are: {', '.join(sorted(tools))}"
    try:
        result = tools[name](**args)
    except Exception as error:  # the model must see the failure, the loop must not die of it
        return f"error: {type(error).__name__}: {error}"
    return result if isinstance(result, str) else json.dumps(result)


# ---------------------------------------------------------------- reacting

def _result(status, answer, model_calls, tool_calls, messages):
    return {"status": status, "answer": answer, "model_calls": model_calls, "tool_calls": tool_calls,
            "messages": messages}


def run_agent(task, tools=TOOLS, model=llm_client.chat, max_steps=8, max_retries=2, max_repeats=2):
    """React: ask the model for one action, run it, show it the observation, repeat.

    Returns {"status", "answer", "model_calls", "tool_calls", "messages"}, status one of
    "done" (the model answered), "parse_error" (more than max_retries invalid replies in a row),
    "loop" (the same tool with the same args asked for more than max_repeats times) or
    "budget" (max_steps model calls, retries included, without an answer).
    """
    messages = [{"role": "system", "content": system_prompt(tools)}, {"role": "user", "content": task}]
    model_calls = tool_calls = invalid_in_a_row = 0
    times_called = {}
    while model_calls < max_steps:
        reply = model(messages)
        model_calls += 1
        messages.append({"role": "assistant", "content": reply})
        try:
            action = parse_action(reply)
        except ActionError as error:
            invalid_in_a_row += 1
            if invalid_in_a_row > max_retries:
                return _result("parse_error", None, model_calls, tool_calls, messages)
            messages.append({"role": "user", "content": f"Error: {error}. {FORMAT_REMINDER}"})
            continue
        invalid_in_a_row = 0
        if "answer" in action:
            return _result("done", action["answer"], model_calls, tool_calls, messages)
        key = (action["tool"], json.dumps(action["args"], sort_keys=True))
        times_called[key] = times_called.get(key, 0) + 1
        if times_called[key] > max_repeats:
            return _result("loop", None, model_calls, tool_calls, messages)
        observation = run_tool(tools, action["tool"], action["args"])
        tool_calls += 1
        messages.append({"role": "user", "content": f"Observation: {observation}"})
    return _result("budget", None, model_calls, tool_calls, messages)


# ---------------------------------------------------------------- planning

def parse_plan(reply):
    """The steps of a plan reply {"plan": [{"tool": name, "args": {...}}, ...]} as a list of
    {"tool", "args"} dicts (args default {}). Same JSON extraction as parse_action; raise
    ActionError when there is no "plan" list or a step has no string "tool"."""
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise ActionError("the reply holds no JSON object")
    try:
        obj = json.loads(reply[start:end + 1])
    except json.JSONDecodeError as error:
        raise ActionError(f"the reply is not valid JSON ({error.msg})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("plan"), list):
        raise ActionError('the reply has no "plan" list')
    steps = []
    for step in obj["plan"]:
        if not isinstance(step, dict) or not isinstance(step.get("tool"), str):
            raise ActionError('every step of the plan needs a "tool"')
        args = step.get("args") or {}
        if not isinstance(args, dict):
            raise ActionError('"args" must be an object')
        steps.append({"tool": step["tool"], "args": args})
    return steps


def plan_and_execute(task, tools=TOOLS, model=llm_client.chat):
    """Plan: one model call writes the whole plan, every step runs without the model, one more call answers.

    Messages: [system plan_prompt, user task], the plan reply as an assistant message, then one
    user message "Results:" with a line per step "<i>. <tool>(<args as JSON>) -> <observation>"
    and ANSWER_REQUEST last. Returns the same dict as run_agent, with status "done" or
    "parse_error" (the plan or the answer could not be parsed).
    """
    messages = [{"role": "system", "content": plan_prompt(tools)}, {"role": "user", "content": task}]
    reply = model(messages)
    messages.append({"role": "assistant", "content": reply})
    try:
        plan = parse_plan(reply)
    except ActionError:
        return _result("parse_error", None, 1, 0, messages)
    lines = []
    for i, step in enumerate(plan, 1):
        observation = run_tool(tools, step["tool"], step["args"])
        lines.append(f"{i}. {step['tool']}({json.dumps(step['args'])}) -> {observation}")
    messages.append({"role": "user", "content": "Results:\n" + "\n".join(lines) + "\n" + ANSWER_REQUEST})
    reply = model(messages)
    messages.append({"role": "assistant", "content": reply})
    try:
        action = parse_action(reply)
    except ActionError:
        return _result("parse_error", None, 2, len(plan), messages)
    if "answer" not in action:
        return _result("parse_error", None, 2, len(plan), messages)
    return _result("done", action["answer"], 2, len(plan), messages)


if __name__ == "__main__":
    # A scripted "model" for task t03, so that the loop runs without a server: it replays three
    # replies, the first one wrapped in prose as real models often do.
    script = iter([
        'I need the price first. {"thought": "price of one mug", "tool": "get_product", "args": {"name": "Fjord mug"}}',
        '{"thought": "3 times the price", "tool": "calculator", "args": {"expression": "3 * 8.5"}}',
        '{"thought": "done", "answer": "3 Fjord mugs cost 25.50 euros."}',
    ])
    run = run_agent("What do 3 Fjord mugs cost in total?", model=lambda messages: next(script))
    for m in run["messages"][1:]:
        print(f"{m['role']:>9}: {m['content']}")
    print(f"\nstatus {run['status']}, {run['model_calls']} model calls, {run['tool_calls']} tool calls, answer: {run['answer']}")
