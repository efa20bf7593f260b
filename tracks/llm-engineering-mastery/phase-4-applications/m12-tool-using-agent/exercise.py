"""A tool-using agent: the model turns a request into an action (which tool, which arguments)
as one JSON object, the agent runs the tool, shows the model the result, and repeats until the
model answers.

Protocol (told to the model in the system prompt):
    {"tool": "<name>", "args": {...}}   run a tool
    {"answer": "<text>"}                the final answer
After a tool runs, the agent sends a user message "Observation: <the tool's result>".

The model is a parameter: model(messages) -> str (default llm_client.chat).
"""
import json
import os
import re

import llm_client
from tools import TOOLS

HERE = os.path.dirname(os.path.abspath(__file__))


def tool_prompt(tools):
    """The system prompt: the protocol, and every tool with its description and parameters."""
    # TODO: explain the protocol (one JSON object: {"tool": ..., "args": {...}} or {"answer": ...};
    # observations come back as "Observation: ...") and list every tool: its name, its parameters
    # and their descriptions, and its description.
    raise NotImplementedError("tool_prompt")


def parse_action(text):
    """The first JSON object in text, as {"tool": str, "args": dict} or {"answer": str}.
    Tolerates code fences and words around the object; raises ValueError otherwise."""
    # TODO: find the first "{"; json.JSONDecoder().raw_decode reads one whole object from there and
    # ignores what follows. Return {"answer": str} or {"tool": str, "args": dict} (args default {});
    # raise ValueError for anything else (json.JSONDecodeError already is a ValueError).
    raise NotImplementedError("parse_action")


def run_tool(action, tools):
    """Runs the action's tool; returns (observation, ran). Errors become observations, not crashes."""
    # TODO: an unknown tool -> ("error: unknown tool ... the tools are ...", False). Otherwise call
    # tools[name]["fn"](**args); a TypeError or ValueError becomes ("error: <message>", True).
    raise NotImplementedError("run_tool")


def run_agent(task, model=None, tools=TOOLS, max_steps=6):
    """{"answer": str or None, "steps": [{"action", "observation"}], "tools_used": [names]}."""
    model = model or llm_client.chat
    messages = [{"role": "system", "content": tool_prompt(tools)}, {"role": "user", "content": task}]
    steps, used = [], []
    # TODO: up to max_steps times: reply = model(messages); keep it as an assistant message; parse it.
    # - ValueError: record a step {"action": None, "observation": "error: ..."} and add a user message
    #   telling the model its reply was not one valid JSON object; go on.
    # - an answer: record the step and return {"answer", "steps", "tools_used"}.
    # - a tool: run_tool; if it ran, append its name to used; record the step; add the user message
    #   "Observation: <observation>".
    # After max_steps without an answer, return the answer None.
    raise NotImplementedError("run_agent")


def first_action(result):
    """The first action that parsed, or None."""
    return next((s["action"] for s in result["steps"] if s["action"] is not None), None)


def intent_matches(action, expected):
    if action is None:
        return False
    if "answer" in expected:
        return "answer" in action
    norm = lambda v: str(v).replace(" ", "").lower()
    return (action.get("tool") == expected["tool"]
            and {k: norm(v) for k, v in action.get("args", {}).items()} == {k: norm(v) for k, v in expected["args"].items()})


def evaluate(tasks, model=None, tools=TOOLS):
    """intent_accuracy, tool_accuracy and answer_accuracy over the tasks, and one row per task."""
    # TODO: run_agent on every task; a row per task with intent_ok (intent_matches of the first parsed
    # action and t["first_action"]), tools_ok (tools_used == t["expected_tools"]) and answer_ok
    # (t["answer_contains"] in the answer, ignoring case). Return n, the three rates and the rows.
    raise NotImplementedError("evaluate")


def load_tasks(path=os.path.join(HERE, "data", "tasks.jsonl")):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


if __name__ == "__main__":
    result = run_agent(" ".join(__import__("sys").argv[1:]) or "What is 17.5% of 2,480?")
    for step in result["steps"]:
        print(step)
    print("answer:", result["answer"])
