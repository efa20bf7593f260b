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
    lines = ["You are an assistant that can use tools. Reply with exactly one JSON object and nothing else:",
             '{"tool": "<tool name>", "args": {<arguments>}} to use a tool, or',
             '{"answer": "<your answer to the user>"} when you can answer.',
             'After a tool runs you get a message "Observation: <result>". Use it in your answer.',
             "Tools:"]
    for name, spec in tools.items():
        params = ", ".join(f"{p}: {d}" for p, d in spec["parameters"].items())
        lines.append(f"- {name}({params}): {spec['description']}")
    return "\n".join(lines)


def parse_action(text):
    """The first JSON object in text, as {"tool": str, "args": dict} or {"answer": str}.
    Tolerates code fences and words around the object; raises ValueError otherwise."""
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object in the reply")
    obj, _ = json.JSONDecoder().raw_decode(text[start:])  # raises json.JSONDecodeError (a ValueError)
    if not isinstance(obj, dict):
        raise ValueError("the reply is not a JSON object")
    if "answer" in obj:
        return {"answer": str(obj["answer"])}
    if isinstance(obj.get("tool"), str):
        args = obj.get("args", {})
        if not isinstance(args, dict):
            raise ValueError('"args" must be an object')
        return {"tool": obj["tool"], "args": args}
    raise ValueError('the object has neither "tool" nor "answer"')


def run_tool(action, tools):
    """Runs the action's tool; returns (observation, ran). Errors become observations, not crashes."""
    name = action["tool"]
    if name not in tools:
        return f"error: unknown tool {name!r}; the tools are {', '.join(tools)}", False
    try:
        return str(tools[name]["fn"](**action["args"])), True
    except (TypeError, ValueError) as error:
        return f"error: {error}", True


def run_agent(task, model=None, tools=TOOLS, max_steps=6):
    """{"answer": str or None, "steps": [{"action", "observation"}], "tools_used": [names]}."""
    model = model or llm_client.chat
    messages = [{"role": "system", "content": tool_prompt(tools)}, {"role": "user", "content": task}]
    steps, used = [], []
    for _ in range(max_steps):
        reply = model(messages)
        messages.append({"role": "assistant", "content": reply})
        try:
            action = parse_action(reply)
        except ValueError as error:
            steps.append({"action": None, "observation": f"error: {error}"})
            messages.append({"role": "user", "content": f"Your reply was not one valid JSON object ({error}). "
                                                        "Reply again with exactly one JSON object."})
            continue
        if "answer" in action:
            steps.append({"action": action, "observation": None})
            return {"answer": action["answer"], "steps": steps, "tools_used": used}
        observation, ran = run_tool(action, tools)
        if ran:
            used.append(action["tool"])
        steps.append({"action": action, "observation": observation})
        messages.append({"role": "user", "content": f"Observation: {observation}"})
    return {"answer": None, "steps": steps, "tools_used": used}


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
    rows = []
    for t in tasks:
        result = run_agent(t["task"], model, tools)
        answer = result["answer"] or ""
        rows.append({"id": t["id"], "task": t["task"], "answer": result["answer"], "tools_used": result["tools_used"],
                     "intent_ok": intent_matches(first_action(result), t["first_action"]),
                     "tools_ok": result["tools_used"] == t["expected_tools"],
                     "answer_ok": t["answer_contains"].lower() in answer.lower()})
    n = len(rows)
    return {"n": n, "intent_accuracy": sum(r["intent_ok"] for r in rows) / n,
            "tool_accuracy": sum(r["tools_ok"] for r in rows) / n,
            "answer_accuracy": sum(r["answer_ok"] for r in rows) / n, "rows": rows}


def load_tasks(path=os.path.join(HERE, "data", "tasks.jsonl")):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


if __name__ == "__main__":
    result = run_agent(" ".join(__import__("sys").argv[1:]) or "What is 17.5% of 2,480?")
    for step in result["steps"]:
        print(step)
    print("answer:", result["answer"])
