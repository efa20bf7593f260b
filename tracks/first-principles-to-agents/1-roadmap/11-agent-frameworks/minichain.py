"""minichain: a tiny agent framework, shipped with Section 11 as a stand-in for the real ones.

It does what agent frameworks do: turns your functions into tools (name, description and
parameters read from the signature and docstring), runs the reason-act loop in its own prompt
format, retries replies it cannot parse, feeds tool errors back, remembers earlier runs, and
tells you what happens through callbacks. Read it: every default below is a decision the
framework made for you.

    agent = Agent(llm, tools=[tool(search), tool(get_product)], callbacks=[my_handler])
    answer = agent.run("What does the Fjord mug cost?")     # always a string

A callback handler is any object with some of these methods, called in this order:
    on_llm_start(messages)   on_llm_end(text)   on_tool_start(name, args)
    on_tool_end(name, output)   on_agent_finish(output)
"""
import inspect
import json
import re

STOP_MESSAGE = "Agent stopped due to iteration limit."

FORMAT = """Use this format:
Thought: what you think about the next step
Action: the tool to use, one of [{names}]
Action Input: the arguments as a JSON object
... (you will then get "Observation: <result>"; Thought/Action/Action Input/Observation can repeat)
When you know the answer:
Thought: I know the answer
Final Answer: the answer to the question"""


class Tool:
    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.description = inspect.getdoc(fn) or ""
        self.parameters = list(inspect.signature(fn).parameters)

    def __call__(self, **args):
        return self.fn(**args)


def tool(fn):
    """Turn a plain function into a Tool: its name, docstring and parameter names become the description."""
    return Tool(fn)


class OutputParserError(ValueError):
    pass


def parse(text):
    """('final', answer) or ('action', tool name, args dict) from a reply in the ReAct format."""
    final = re.search(r"Final Answer:\s*(.*)", text, re.DOTALL)
    if final:
        return "final", final.group(1).strip()
    action = re.search(r"Action:\s*([A-Za-z_]\w*)\s*\n\s*Action Input:\s*(.*)", text, re.DOTALL)
    if not action:
        raise OutputParserError(f"Could not parse LLM output: `{text}`")
    raw = action.group(2).strip()
    try:
        args = json.loads(raw)
    except json.JSONDecodeError:
        args = {"input": raw}
    if not isinstance(args, dict):
        args = {"input": args}
    return "action", action.group(1), args


class Agent:
    def __init__(self, llm, tools, max_iterations=6, handle_parsing_errors=True, memory=True, callbacks=()):
        self.llm = llm                                   # any function: messages -> text
        self.tools = {t.name: t for t in tools}
        self.max_iterations = max_iterations             # parsing retries count as iterations
        self.handle_parsing_errors = handle_parsing_errors
        self.memory = memory                             # keep earlier runs in the prompt
        self.history = []
        self.callbacks = list(callbacks)

    def _emit(self, event, *args):
        for handler in self.callbacks:
            method = getattr(handler, event, None)
            if method is not None:
                method(*args)

    def _system(self):
        lines = [f"{t.name}({', '.join(t.parameters)}): {t.description}" for t in self.tools.values()]
        return ("Answer the question as well as you can. You have access to these tools:\n" + "\n".join(lines)
                + "\n\n" + FORMAT.format(names=", ".join(self.tools)))

    def run(self, task):
        messages = [{"role": "system", "content": self._system()}]
        if self.memory:
            messages += self.history
        messages.append({"role": "user", "content": f"Question: {task}"})
        for _ in range(self.max_iterations):
            self._emit("on_llm_start", [dict(m) for m in messages])
            text = self.llm(messages)
            self._emit("on_llm_end", text)
            try:
                parsed = parse(text)
            except OutputParserError as error:
                if not self.handle_parsing_errors:
                    raise
                messages += [{"role": "assistant", "content": text},
                             {"role": "user", "content": f"Invalid format: {error}. " + FORMAT.format(names=", ".join(self.tools))}]
                continue
            if parsed[0] == "final":
                answer = parsed[1]
                if self.memory:
                    self.history += [{"role": "user", "content": f"Question: {task}"},
                                     {"role": "assistant", "content": text}]
                self._emit("on_agent_finish", answer)
                return answer
            _, name, args = parsed
            self._emit("on_tool_start", name, args)
            if name not in self.tools:
                output = f"{name} is not a valid tool, try one of [{', '.join(self.tools)}]."
            else:
                try:
                    result = self.tools[name](**args)
                    output = result if isinstance(result, str) else json.dumps(result)
                except Exception as error:
                    output = f"Error: {error}"
            self._emit("on_tool_end", name, output)
            messages += [{"role": "assistant", "content": text}, {"role": "user", "content": f"Observation: {output}"}]
        self._emit("on_agent_finish", STOP_MESSAGE)
        return STOP_MESSAGE
