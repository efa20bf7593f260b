"""Project 1: a minimal agent framework, written from scratch.

Three pieces, each small enough to read in one sitting:
  parse_action  turns a model's reply into an action: {"tool", "args"} or {"answer"}
  Tool          a function with a name, a description and declared parameters, checked on every call
  Agent         the loop: ask the model, act, report the observation, stop on an answer or a budget

The model is a parameter: any callable model(messages) -> str. The eval harness passes a
scripted fake (evals/fake_model.py); the full check passes llm_client.chat.

    python3 evals/harness.py        # runs the eval harness by hand; writes reports/eval.md
    trail check agent-framework     # the same harness, measured by Trailguide
"""
import json

import llm_client


class ParseError(ValueError):
    """The model's reply holds no usable action."""


def parse_action(reply):
    """The first JSON object in the reply, checked and normalised.

    Returns {"tool": name, "args": dict} or {"answer": str}. Accepts a bare object, one inside
    ```json fences, or one surrounded by prose; only the first object counts.
    """
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
        if "answer" in obj:
            answer = obj["answer"]
            return {"answer": answer if isinstance(answer, str) else json.dumps(answer)}
        if isinstance(obj.get("tool"), str):
            args = obj.get("args", {})
            if args is None:
                args = {}
            if not isinstance(args, dict):
                raise ParseError('"args" must be a JSON object')
            return {"tool": obj["tool"], "args": args}
        raise ParseError('the JSON object has neither "tool" nor "answer"')
    raise ParseError("no JSON object found in the reply")


class Tool:
    """A function the model may call, with the description and parameters the model is shown."""

    def __init__(self, name, description, parameters, fn):
        self.name = name
        self.description = description
        self.parameters = dict(parameters)   # {argument name: "string" | "number" | "integer"}
        self.fn = fn

    def spec(self):
        return {"name": self.name, "description": self.description, "parameters": self.parameters}

    def __call__(self, args):
        missing = [p for p in self.parameters if p not in args]
        unexpected = [a for a in args if a not in self.parameters]
        if missing:
            raise ValueError(f"missing argument(s) {', '.join(missing)} for tool {self.name}")
        if unexpected:
            raise ValueError(f"unexpected argument(s) {', '.join(unexpected)} for tool {self.name}; "
                             f"it takes: {', '.join(self.parameters) or 'no arguments'}")
        return str(self.fn(**args))


def render_system(tools):
    """The system prompt: what the agent is, every tool with its parameters, and the reply format."""
    lines = ["You are an agent that answers the user's task by calling tools.",
             "Reply with exactly one JSON object and nothing else:",
             '  {"tool": "<tool name>", "args": {<arguments>}}   to call a tool, or',
             '  {"answer": "<final answer>"}                    when you know the answer.',
             "After a tool call you get a message 'Observation: <result>'. Errors start with 'Error:'.",
             "Answer with the value only (a number without its unit, a name, a date).",
             "", "Tools:"]
    for t in tools:
        params = ", ".join(f"{p}: {kind}" for p, kind in t.parameters.items()) or "no arguments"
        lines.append(f"- {t.name}({params}): {t.description}")
    return "\n".join(lines)


class Agent:
    """Ask, act, observe, until an answer or max_steps model calls."""

    def __init__(self, model=llm_client.chat, tools=(), max_steps=6):
        self.model = model
        self.tools = {t.name: t for t in tools}
        self.max_steps = max_steps

    def call_tool(self, name, args):
        """The observation text for one tool call; never raises."""
        if name not in self.tools:
            return f"Error: unknown tool {name!r}; available tools: {', '.join(self.tools)}"
        try:
            return self.tools[name](args)
        except Exception as error:  # a failing tool is information for the model, not a crash
            return f"Error: {type(error).__name__}: {error}"

    def run(self, task):
        messages = [{"role": "system", "content": render_system(self.tools.values())},
                    {"role": "user", "content": task}]
        for _ in range(self.max_steps):
            reply = self.model(messages)
            messages.append({"role": "assistant", "content": reply})
            try:
                action = parse_action(reply)
            except ParseError as error:
                observation = f"Error: could not read an action ({error}). Reply with one JSON object."
            else:
                if "answer" in action:
                    return {"answer": action["answer"], "status": "answered", "messages": messages}
                observation = self.call_tool(action["tool"], action["args"])
            messages.append({"role": "user", "content": "Observation: " + observation})
        return {"answer": None, "status": "max_steps", "messages": messages}


if __name__ == "__main__":
    import tools as shop_tools
    agent = Agent(tools=[Tool(*spec) for spec in shop_tools.TOOL_SPECS])
    print(agent.run("What do three Trailblazer tents cost together, in euros?")["answer"])
