"""The agent's tools: plain Python functions with a description the model reads.

TOOLS maps a tool's name to {"fn", "description", "parameters"}; "parameters" maps each
argument name to a short description. A tool returns a string (the observation) and raises
ValueError when its arguments are wrong. The data are made up for this track.
"""
import ast
import operator

WEATHER = {
    "oslo": "Oslo: 4°C, light rain",
    "bergen": "Bergen: 7°C, cloudy",
    "lisbon": "Lisbon: 19°C, sunny",
    "leeds": "Leeds: 9°C, overcast",
    "nairobi": "Nairobi: 24°C, clear",
}
RATES = {("USD", "EUR"): 0.92, ("GBP", "EUR"): 1.17, ("EUR", "USD"): 1.09, ("EUR", "GBP"): 0.85}
ORDERS = {
    "A-1043": "order A-1043: shipped on 2026-03-11, arrives 2026-03-14",
    "A-2210": "order A-2210: waiting for payment",
    "B-0007": "order B-0007: delivered on 2026-02-27",
}

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.Mod: operator.mod, ast.USub: operator.neg, ast.UAdd: operator.pos}


def _eval(node):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.operand))
    raise ValueError("only numbers and + - * / ** % ( ) are allowed")


def calculator(expression):
    """Evaluates an arithmetic expression safely (no names, no calls)."""
    try:
        value = _eval(ast.parse(str(expression).replace(",", ""), mode="eval"))
    except SyntaxError as error:
        raise ValueError(f"cannot read the expression {expression!r}") from error
    return f"{value:g}" if isinstance(value, float) else str(value)


def get_weather(city):
    key = str(city).strip().lower()
    if key not in WEATHER:
        raise ValueError(f"no weather data for {city!r}; known cities: {', '.join(sorted(WEATHER))}")
    return WEATHER[key]


def convert_currency(amount, source, target):
    pair = (str(source).upper(), str(target).upper())
    if pair not in RATES:
        raise ValueError(f"no rate for {pair[0]} -> {pair[1]}")
    return f"{float(amount):.2f} {pair[0]} = {float(amount) * RATES[pair]:.2f} {pair[1]}"


def lookup_order(order_id):
    key = str(order_id).strip().upper()
    if key not in ORDERS:
        raise ValueError(f"no order {order_id!r}")
    return ORDERS[key]


TOOLS = {
    "calculator": {"fn": calculator, "description": "Evaluates an arithmetic expression.",
                   "parameters": {"expression": "the expression, e.g. '0.175 * 2480'"}},
    "get_weather": {"fn": get_weather, "description": "Current weather of a city.",
                    "parameters": {"city": "the city's name"}},
    "convert_currency": {"fn": convert_currency, "description": "Converts money between USD, EUR and GBP.",
                         "parameters": {"amount": "a number", "source": "currency code, e.g. USD",
                                        "target": "currency code, e.g. EUR"}},
    "lookup_order": {"fn": lookup_order, "description": "Status and delivery date of an order.",
                     "parameters": {"order_id": "the order's id, e.g. A-1043"}},
}
