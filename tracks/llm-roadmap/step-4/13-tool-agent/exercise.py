"""An agent that uses tools: a loop in which a model either calls a tool (a safe calculator, a
search over a small encyclopedia) or gives its final answer, with every tool result fed back as
an observation.

    python3 exercise.py "What is 37 * 91 + 12?"      # needs a model server
    trail check tool-agent

The model is any function model(messages) -> str; by default llm_client.chat (OPENAI_BASE_URL,
OPENAI_MODEL). The tests pass scripted fakes. Python 3 standard library only.
"""
import ast
import json
import operator
import re

import llm_client

SYSTEM_PROMPT = """You are an agent that answers questions with the help of tools.
Tools:
- calculator: evaluates an arithmetic expression with numbers, + - * / % ** and parentheses. Input: the expression.
- search: looks up a topic in an encyclopedia and returns one sentence. Input: a few keywords.
Reply with exactly one JSON object per turn and nothing else:
{"tool": "calculator" or "search", "input": "..."} to use a tool, or {"answer": "..."} when you know the answer.
After each tool call you get a message "Observation: <result>". Use the calculator for every computation."""

OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.Mod: operator.mod, ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def calculate(expression):
    """Evaluates + - * / % ** and parentheses on int and float literals, and nothing else: the
    expression is parsed with ast, and any other node (names, calls, attributes, strings, ...)
    raises ValueError. Exponents above 100 in absolute value raise ValueError too. Returns a float."""
    def walk(node):
        # TODO: ast.Expression -> walk its body; ast.Constant whose type is exactly int or float -> its value;
        #       ast.BinOp / ast.UnaryOp whose op is in OPERATORS -> apply it to the walked operands
        #       (refuse a ** exponent above 100 in absolute value); anything else -> ValueError
        raise NotImplementedError("calculate: walk")
    # TODO: ast.parse(expression, mode="eval"), turning a SyntaxError into ValueError; return float(walk(tree))
    raise NotImplementedError("calculate")


def format_number(x):
    """At most 10 significant digits, no trailing zeros: 42.0 -> "42", 0.25 -> "0.25", 2/3 -> "0.6666666667"."""
    return f"{x:.10g}"


def load_facts(path="data/facts.json"):
    with open(path) as f:
        return json.load(f)


def search(query, facts):
    """The text of the fact whose title and text share the most words (lower-case runs of letters
    and digits) with the query; ties go to the first such fact; "No result." when none shares a word."""
    # TODO: count shared words per fact (title + text); keep the first best; "No result." if none shares a word
    raise NotImplementedError("search")


def parse_action(reply):
    """The JSON object in a reply (first "{" to last "}"), as ("answer", text) or ("tool", name, input).
    Raises ValueError for anything else: no object, invalid JSON, or neither a string "answer" nor
    a string "tool" with a string "input"."""
    # TODO: cut out the JSON object and load it (errors -> ValueError), then tell the two kinds apart
    raise NotImplementedError("parse_action")


def run_tool(name, tool_input, facts):
    """The observation text of one tool call; errors become text too, they never raise:
    calculator -> format_number(calculate(input)) or "Error: <message>"; search -> search(input, facts);
    any other name -> "Error: unknown tool '<name>'"."""
    # TODO: the three cases of the docstring; catch ValueError, ZeroDivisionError and OverflowError
    raise NotImplementedError("run_tool")


def run_agent(question, facts, model=None, max_steps=6):
    """The agent loop. messages = [system SYSTEM_PROMPT, user question]; then at most max_steps times:
    reply = model(messages), appended as an assistant message;
      - an answer: return {"answer": text, "steps": steps}
      - a tool call: observation = run_tool(...), appended as a user message "Observation: " + observation,
        and {"tool", "input", "observation"} added to steps
      - a reply parse_action rejects: the user message "Observation: Error: " + the ValueError's message
        (not a step)
    After max_steps replies without an answer: {"answer": None, "steps": steps}."""
    model = model or llm_client.chat
    messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}]
    steps = []
    for _ in range(max_steps):
        # TODO: call the model, append its reply, parse it; answer -> return; tool -> run it and append
        #       the observation; bad reply -> append "Observation: Error: ..." and go on
        raise NotImplementedError("run_agent: one step")
    return {"answer": None, "steps": steps}


if __name__ == "__main__":
    import sys
    print(run_agent(" ".join(sys.argv[1:]) or "What is 37 * 91 + 12?", load_facts()))
