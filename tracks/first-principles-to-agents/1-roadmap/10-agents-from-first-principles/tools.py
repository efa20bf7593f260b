"""The tools of Section 10's agent: plain Python functions over a small shop catalogue.

A tool is nothing more than a function the agent may call by name with keyword arguments. Its
docstring is what the model reads about it (system_prompt() in exercise.py puts it in the prompt).
Tools raise an exception when they cannot do what was asked; the agent turns that into an
observation the model can read and react to.
"""
import ast
import json
import operator
import os

CATALOG_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "catalog.json")
with open(CATALOG_PATH, encoding="utf-8") as _f:
    CATALOG = json.load(_f)


def _words(text):
    return {w.strip(".,?!'\"").lower() for w in text.split()} - {""}


def search(query):
    """Names of the products whose name, category or tags share a word with the query (at most 5, sorted)."""
    wanted = _words(query)
    names = sorted(p["name"] for p in CATALOG
                   if wanted & (_words(p["name"]) | {p["category"]} | set(p["tags"])))
    if not names:
        return f"no product matches {query!r}"
    return names[:5]


def get_product(name):
    """The product with exactly this name (case does not matter): its name, category, price in euros and stock."""
    for p in CATALOG:
        if p["name"].lower() == str(name).strip().lower():
            return {"name": p["name"], "category": p["category"], "price": p["price"], "stock": p["stock"]}
    raise ValueError(f"no product named {name!r}; use search to find the exact name")


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.Mod: operator.mod, ast.USub: operator.neg, ast.UAdd: operator.pos}


def _eval(node):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.operand))
    raise ValueError("only numbers, + - * / % ** and parentheses are allowed")


def calculator(expression):
    """The value of an arithmetic expression such as '3 * 8.5 + 2' (numbers, + - * / % ** and parentheses)."""
    value = _eval(ast.parse(str(expression), mode="eval"))
    value = round(float(value), 6)
    return str(int(value)) if value == int(value) else str(value)


TOOLS = {"search": search, "get_product": get_product, "calculator": calculator}
