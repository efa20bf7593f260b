"""Project 3: a Devin-style agent — plan, act with tools, verify, re-plan — on a small repository.

The model writes one JSON object per reply:
  {"plan": ["step", ...]}                               make (or replace) the plan
  {"thought": "...", "tool": "name", "args": {...}}     act; thought and args are optional
  {"finish": "summary"}                                 claim the task is done
The agent never trusts a finish: it runs verify() and rejects the finish while checks fail.

    python3 evals/harness.py             # the eval harness by hand; writes reports/eval.md
    trail check devin-style-agent        # the same harness, measured by Trailguide
"""
import json

import llm_client


class ParseError(ValueError):
    """The reply holds no usable plan, action or finish."""


def parse_reply(reply):
    """The first JSON object of the reply as {"plan": [...]}, {"tool", "args", "thought"} or {"finish": str}."""
    decoder = json.JSONDecoder()
    start = reply.find("{")
    while start != -1:
        try:
            obj, _ = decoder.raw_decode(reply, start)
        except json.JSONDecodeError:
            start = reply.find("{", start + 1)
            continue
        if not isinstance(obj, dict):
            raise ParseError("the JSON value is not an object")
        if "plan" in obj:
            steps = obj["plan"]
            if not isinstance(steps, list) or not steps or not all(isinstance(s, str) for s in steps):
                raise ParseError('"plan" must be a non-empty list of strings')
            return {"plan": steps}
        if "finish" in obj:
            return {"finish": str(obj["finish"])}
        if isinstance(obj.get("tool"), str):
            args = obj.get("args") or {}
            if not isinstance(args, dict):
                raise ParseError('"args" must be a JSON object')
            return {"tool": obj["tool"], "args": args, "thought": str(obj.get("thought", ""))}
        raise ParseError('the object has none of "plan", "tool", "finish"')
    raise ParseError("no JSON object found in the reply")


def render_system(tools):
    lines = ["You are a software engineering agent working in a small Python repository.",
             "Work in three phases: plan, act, verify. Reply with exactly one JSON object:",
             '  {"plan": ["step 1", "step 2", ...]}                     first, and whenever the plan must change',
             '  {"thought": "why", "tool": "<name>", "args": {...}}     to use a tool',
             '  {"finish": "what you changed"}                          when the task is done',
             "A finish is only accepted when the repository's tests pass; otherwise you get the failures",
             "and should make a new plan. Tool results come back as 'Observation: ...'; errors start with 'Error:'.",
             "", "Tools:"]
    for t in tools:
        params = ", ".join(f"{p}: {k}" for p, k in t["parameters"].items()) or "no arguments"
        lines.append(f"- {t['name']}({params}): {t['description']}")
    return "\n".join(lines)


class PlanningAgent:
    def __init__(self, model=llm_client.chat, tools=(), verify=None, max_steps=12):
        self.model = model
        self.tools = {t["name"]: t for t in tools}
        self.verify = verify or (lambda: (True, "no checks"))
        self.max_steps = max_steps

    def call_tool(self, name, args):
        if name not in self.tools:
            return f"Error: unknown tool {name!r}; available tools: {', '.join(self.tools)}"
        tool = self.tools[name]
        missing = [p for p in tool["parameters"] if p not in args]
        unexpected = [a for a in args if a not in tool["parameters"]]
        if missing or unexpected:
            return f"Error: {name} takes ({', '.join(tool['parameters'])}); missing {missing}, unexpected {unexpected}"
        try:
            return str(tool["fn"](**args))
        except Exception as error:
            return f"Error: {type(error).__name__}: {error}"

    def solve(self, task):
        messages = [{"role": "system", "content": render_system(self.tools.values())},
                    {"role": "user", "content": task}]
        plan, plans, actions = None, 0, []

        def result(status, summary=None):
            return {"status": status, "summary": summary, "plan": plan, "plans": plans, "messages": messages}

        for _ in range(self.max_steps):
            reply = self.model(messages)
            messages.append({"role": "assistant", "content": reply})
            try:
                move = parse_reply(reply)
            except ParseError as error:
                observation = f"Error: could not read your reply ({error}). Reply with one JSON object."
            else:
                if "plan" in move:
                    plan, plans = move["plan"], plans + 1
                    observation = "plan recorded:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(plan, 1))
                elif plan is None:
                    observation = 'Error: make a plan first: reply with {"plan": ["step", ...]}.'
                elif "finish" in move:
                    ok, report = self.verify()
                    if ok:
                        return result("done", move["finish"])
                    observation = f"Error: finish rejected, the checks fail:\n{report}\nMake a new plan."
                else:
                    action = (move["tool"], json.dumps(move["args"], sort_keys=True))
                    if actions[-2:] == [action, action]:
                        return result("stuck")
                    actions.append(action)
                    observation = self.call_tool(move["tool"], move["args"])
            messages.append({"role": "user", "content": "Observation: " + observation})
        return result("budget")
