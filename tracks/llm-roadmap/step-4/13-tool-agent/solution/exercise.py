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
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 100:
                raise ValueError("exponent too large")
            return OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](walk(node.operand))
        raise ValueError(f"not allowed in an expression: {type(node).__name__}")
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        raise ValueError(f"not an expression: {error.msg}") from error
    return float(walk(tree))


def format_number(x):
    """At most 10 significant digits, no trailing zeros: 42.0 -> "42", 0.25 -> "0.25", 2/3 -> "0.6666666667"."""
    return f"{x:.10g}"


def load_facts(path="data/facts.json"):
    with open(path) as f:
        return json.load(f)


def search(query, facts):
    """The text of the fact whose title and text share the most words (lower-case runs of letters
    and digits) with the query; ties go to the first such fact; "No result." when none shares a word."""
    q = set(re.findall(r"[a-z0-9]+", query.lower()))
    best, best_score = "No result.", 0
    for fact in facts:
        score = len(q & set(re.findall(r"[a-z0-9]+", (fact["title"] + " " + fact["text"]).lower())))
        if score > best_score:
            best, best_score = fact["text"], score
    return best


def parse_action(reply):
    """The JSON object in a reply (first "{" to last "}"), as ("answer", text) or ("tool", name, input).
    Raises ValueError for anything else: no object, invalid JSON, or neither a string "answer" nor
    a string "tool" with a string "input"."""
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object")
    try:
        data = json.loads(reply[start:end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg}") from error
    if isinstance(data, dict) and isinstance(data.get("answer"), str):
        return ("answer", data["answer"])
    if isinstance(data, dict) and isinstance(data.get("tool"), str) and isinstance(data.get("input"), str):
        return ("tool", data["tool"], data["input"])
    raise ValueError('expected {"tool": ..., "input": ...} or {"answer": ...}')


def run_tool(name, tool_input, facts):
    """The observation text of one tool call; errors become text too, they never raise:
    calculator -> format_number(calculate(input)) or "Error: <message>"; search -> search(input, facts);
    any other name -> "Error: unknown tool '<name>'"."""
    if name == "calculator":
        try:
            return format_number(calculate(tool_input))
        except (ValueError, ZeroDivisionError, OverflowError) as error:
            return f"Error: {error}"
    if name == "search":
        return search(tool_input, facts)
    return f"Error: unknown tool '{name}'"


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
        reply = model(messages)
        messages.append({"role": "assistant", "content": reply})
        try:
            action = parse_action(reply)
        except ValueError as error:
            messages.append({"role": "user", "content": f"Observation: Error: {error}"})
            continue
        if action[0] == "answer":
            return {"answer": action[1], "steps": steps}
        observation = run_tool(action[1], action[2], facts)
        steps.append({"tool": action[1], "input": action[2], "observation": observation})
        messages.append({"role": "user", "content": f"Observation: {observation}"})
    return {"answer": None, "steps": steps}


if __name__ == "__main__":
    import sys
    print(run_agent(" ".join(sys.argv[1:]) or "What is 37 * 91 + 12?", load_facts()))
