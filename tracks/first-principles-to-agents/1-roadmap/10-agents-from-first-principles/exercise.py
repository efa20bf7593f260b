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
    # TODO: take the text from the first "{" to the last "}" (str.find / str.rfind); none -> ActionError
    # TODO: json.loads it; a json.JSONDecodeError or a non-dict -> ActionError
    # TODO: "answer" in it -> {"answer": str(...)}; a string "tool" -> {"tool", "args" (default {}, must be a dict)}
    # TODO: anything else -> ActionError
    raise NotImplementedError("parse_action")


def run_tool(tools, name, args):
    """Run tools[name](**args) and return the observation as a string; never raise.

    A string result is returned as it is, anything else as JSON. An unknown tool gives
    "error: unknown tool '<name>'; the tools are: a, b, c"; a tool that raises gives
    "error: <ExceptionType>: <message>".
    """
    # TODO: unknown name -> the error string above (sorted tool names, joined with ", ")
    # TODO: call tools[name](**args) inside try/except Exception -> "error: <type name>: <message>"
    # TODO: return a str result as it is, anything else as json.dumps(result)
    raise NotImplementedError("run_tool")


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
    # TODO: loop while fewer than max_steps model calls were made:
    #   reply = model(messages); count it; append it as {"role": "assistant", "content": reply}
    #   parse it; on ActionError count an invalid reply in a row: over max_retries -> "parse_error",
    #       else append a user message f"Error: {error}. {FORMAT_REMINDER}" and go round again
    #   a valid reply resets that count; an answer -> "done"
    #   a tool call: count (tool, json.dumps(args, sort_keys=True)); over max_repeats -> "loop"
    #   else observation = run_tool(...), count it, append a user message f"Observation: {observation}"
    # TODO: out of the loop -> "budget". Build every result with _result(status, answer, model_calls, tool_calls, messages)
    raise NotImplementedError("run_agent")


# ---------------------------------------------------------------- planning

def parse_plan(reply):
    """The steps of a plan reply {"plan": [{"tool": name, "args": {...}}, ...]} as a list of
    {"tool", "args"} dicts (args default {}). Same JSON extraction as parse_action; raise
    ActionError when there is no "plan" list or a step has no string "tool"."""
    # TODO: extract and load the JSON object as in parse_action; check "plan" is a list
    # TODO: one {"tool", "args"} dict per step, in order; a step without a string "tool" -> ActionError
    raise NotImplementedError("parse_plan")


def plan_and_execute(task, tools=TOOLS, model=llm_client.chat):
    """Plan: one model call writes the whole plan, every step runs without the model, one more call answers.

    Messages: [system plan_prompt, user task], the plan reply as an assistant message, then one
    user message "Results:" with a line per step "<i>. <tool>(<args as JSON>) -> <observation>"
    and ANSWER_REQUEST last. Returns the same dict as run_agent, with status "done" or
    "parse_error" (the plan or the answer could not be parsed).
    """
    messages = [{"role": "system", "content": plan_prompt(tools)}, {"role": "user", "content": task}]
    # TODO: one model call; append the reply (assistant); parse_plan it (ActionError -> "parse_error", 1 call, 0 tools)
    # TODO: run every step with run_tool, in order, no model call in between; one line per step:
    #       f"{i}. {step['tool']}({json.dumps(step['args'])}) -> {observation}", i counted from 1
    # TODO: append the user message "Results:\n" + the lines joined by "\n" + "\n" + ANSWER_REQUEST
    # TODO: a second model call; append it; parse_action it: an answer -> "done", anything else -> "parse_error"
    raise NotImplementedError("plan_and_execute")


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
