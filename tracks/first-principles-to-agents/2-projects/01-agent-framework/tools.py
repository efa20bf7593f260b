"""The tools of the agent-framework project: plain Python functions over data/shop.json.

Nimbus Outfitters is an invented outdoor-gear shop; nothing a model learned in training knows
its prices or stock, so an agent has to call these tools to answer. Each function returns a
string or a number and raises an exception with a helpful message on bad input, as real tools
do. The harness wraps each one with your Tool class, using the specs in TOOL_SPECS.
"""
import ast
import datetime
import json
import operator
import os
import re

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shop.json")
with open(_DATA, encoding="utf-8") as _f:
    SHOP = json.load(_f)


def _format_number(x):
    """17.0 -> '17', 568.5 -> '568.5', 1/3 -> '0.333333'."""
    x = round(float(x), 6)
    return str(int(x)) if x == int(x) else repr(x)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def calculator(expression):
    """Evaluates arithmetic: numbers, + - * / ** and parentheses. Returns the number as text."""
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError(f"only numbers and + - * / ** ( ) are allowed, not {ast.dump(node)[:40]}")
    return _format_number(ev(ast.parse(str(expression), mode="eval")))


def _find(name, table, what):
    for key in table:
        if key.lower() == str(name).strip().lower():
            return key
    raise KeyError(f"no {what} named {name!r}; known: {', '.join(table)}")


def lookup(item, field):
    """A field of a product or a warehouse: 'Trailblazer tent', 'price' -> 'Trailblazer tent price: 189.5'."""
    table = SHOP["warehouses"] if str(item).strip().lower() in (w.lower() for w in SHOP["warehouses"]) else SHOP["products"]
    key = _find(item, table, "product or warehouse")
    if field not in table[key]:
        raise KeyError(f"{key} has no field {field!r}; fields: {', '.join(table[key])}")
    value = table[key][field]
    return f"{key} {field}: {_format_number(value) if isinstance(value, (int, float)) else value}"


def search_policies(query):
    """The shop policy that shares the most words with the query, as '[name] text'."""
    words = set(re.findall(r"[a-z0-9]+", str(query).lower()))
    def overlap(item):
        name, text = item
        return len(words & set(re.findall(r"[a-z0-9]+", (name + " " + text).lower())))
    name, text = max(SHOP["policies"].items(), key=overlap)
    return f"[{name}] {text}"


def today():
    """Today's date in the shop's world (fixed, so runs are repeatable)."""
    return SHOP["today"]


def add_days(date, days):
    """'2025-03-14', 3 -> '2025-03-17'."""
    d = datetime.date.fromisoformat(str(date)) + datetime.timedelta(days=int(days))
    return d.isoformat()


# (name, description, parameters, function): what the harness hands to your Tool class.
TOOL_SPECS = [
    ("calculator", "Evaluate an arithmetic expression with + - * / ** and parentheses.",
     {"expression": "string"}, calculator),
    ("lookup", "Look up a field of a product (price, stock, warehouse, weight_kg, category) "
               "or of a warehouse (city, ship_days, manager).",
     {"item": "string", "field": "string"}, lookup),
    ("search_policies", "Find the shop policy (returns, shipping, warranty, price-match) that answers a question.",
     {"query": "string"}, search_policies),
    ("today", "Today's date, as YYYY-MM-DD.", {}, today),
    ("add_days", "The date a number of days after a date (YYYY-MM-DD).",
     {"date": "string", "days": "integer"}, add_days),
]
