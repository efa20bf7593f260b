"""Project 1: a minimal agent framework, written from scratch.

Three pieces, each small enough to read in one sitting:
  parse_action  turns a model's reply into an action: {"tool", "args"} or {"answer"}
  Tool          a function with a name, a description and declared parameters, checked on every call
  Agent         the loop: ask the model, act, report the observation, stop on an answer or a budget

The model is a parameter: any callable model(messages) -> str. The eval harness passes a
scripted fake (evals/fake_model.py); the full check passes llm_client.chat.

    python3 evals/harness.py        # runs the eval harness by hand; writes reports/eval.md
    trail check agent-framework     # the same harness, measured by Trailguide

Standard library only. The overview states the exact interface the harness uses; the names
below are that interface. Fill in every TODO (and reshape the inside as you like).
"""
import json

import llm_client


class ParseError(ValueError):
    """The model's reply holds no usable action."""


def parse_action(reply):
    """The first JSON object in the reply, checked and normalised.

    Returns {"tool": name, "args": dict} or {"answer": str}. Accepts a bare object, one inside
    ```json fences, or one surrounded by prose; only the first object counts. Raises ParseError
    when there is no JSON object, or it has neither "tool" nor "answer", or "args" is not an object.
    """
    # TODO: find the first "{" from which json.JSONDecoder().raw_decode(reply, i) decodes an object
    #       (raw_decode reads one whole JSON value and ignores what follows; try the next "{" on failure)
    # TODO: {"answer": x} -> {"answer": x as a string}; {"tool": name, "args": {...}} -> args default {}
    raise NotImplementedError("parse_action")


class Tool:
    """A function the model may call, with the description and parameters the model is shown."""

    def __init__(self, name, description, parameters, fn):
        self.name = name
        self.description = description
        self.parameters = dict(parameters)   # {argument name: "string" | "number" | "integer"}
        self.fn = fn

    def spec(self):
        """{"name", "description", "parameters"}: what the model is told about this tool."""
        raise NotImplementedError("Tool.spec")  # TODO

    def __call__(self, args):
        """Calls fn(**args) and returns its result as a string.

        Raises an exception that names the argument when one is missing or unexpected.
        """
        # TODO: compare args with self.parameters; raise ValueError naming what is missing or unexpected
        # TODO: return str(self.fn(**args))
        raise NotImplementedError("Tool.__call__")


def render_system(tools):
    """The system prompt: what the agent is, every tool (name, parameters, description), the reply format."""
    # TODO: the two JSON reply shapes, the 'Observation: ' convention, and one line per tool
    raise NotImplementedError("render_system")


class Agent:
    """Ask, act, observe, until an answer or max_steps model calls."""

    def __init__(self, model=llm_client.chat, tools=(), max_steps=6):
        self.model = model
        self.tools = {t.name: t for t in tools}
        self.max_steps = max_steps

    def run(self, task):
        """Returns {"answer": str or None, "status": "answered" or "max_steps", "messages": [...]}.

        Message protocol: [system, user(task)], then for every model call the reply appended as
        {"role": "assistant", "content": reply}, then, unless it was an answer, one
        {"role": "user", "content": "Observation: <tool result>"} ("Observation: Error: ..." when the
        reply could not be parsed, the tool does not exist, or the tool raised).
        """
        messages = [{"role": "system", "content": render_system(self.tools.values())},
                    {"role": "user", "content": task}]
        # TODO: at most self.max_steps model calls; an answer ends the run (status "answered")
        # TODO: a ParseError, an unknown tool (list the tools that exist) and a tool's exception
        #       ("Error: <Type>: <message>") become error observations: the model gets to fix its mistake
        raise NotImplementedError("Agent.run")


if __name__ == "__main__":
    import tools as shop_tools
    agent = Agent(tools=[Tool(*spec) for spec in shop_tools.TOOL_SPECS])
    print(agent.run("What do three Trailblazer tents cost together, in euros?")["answer"])
