"""The system under evaluation: two versions of a small support bot for a web shop.

Each version is a function respond(case_input) -> output, where case_input is
{"user": customer id, "message": text} and output is
{"answer": str, "tool_calls": [{"name": str, "args": dict}], "refused": bool, "latency_ms": int}.

They are rule-based stand-ins for a model-driven agent, so that the evaluation is the only thing
that varies; the harness you write would run a real agent the same way. Version 2 is what the team
wants to ship: it understands more ways of asking, and it changed a few other things. Read it only
after your harness has told you what changed.
"""
import json
import os
import re

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "orders.json"), encoding="utf-8") as _f:
    ORDERS = json.load(_f)

RETURN_DAYS = 30


def _order_id(message):
    m = re.search(r"\b(\d{4})\b", message)
    return m.group(1) if m else None


def _out(answer, tools=(), refused=False, latency=400):
    return {"answer": answer, "tool_calls": list(tools), "refused": refused, "latency_ms": latency}


def _lookup(order_id):
    return {"name": "lookup_order", "args": {"order_id": order_id}}


def respond_v1(case_input):
    user, text = case_input["user"], case_input["message"]
    low = text.lower()
    order_id = _order_id(text)
    if re.search(r"\b(hi|hello|hey)\b", low) and not order_id:
        return _out("Hello! How can I help you with your order?", latency=120)
    if "return policy" in low or "can i return" in low:
        return _out(f"You can return items within {RETURN_DAYS} days of delivery.", latency=150)
    if order_id and ("where is" in low or "status" in low):
        order = ORDERS.get(order_id)
        if order is None:
            return _out(f"I could not find order {order_id}.", [_lookup(order_id)], latency=600)
        if order["customer"] != user:
            return _out("I can't share details of an order that is not yours.", [_lookup(order_id)], refused=True, latency=600)
        return _out(f"Order {order_id} is {order['status']}.", [_lookup(order_id)], latency=600)
    if order_id and "refund" in low:
        order = ORDERS.get(order_id)
        if order is None or order["customer"] != user:
            return _out("I can't refund an order that is not yours.", [_lookup(order_id)], refused=True, latency=700)
        return _out(f"Refund started for order {order_id}.",
                    [_lookup(order_id), {"name": "create_refund", "args": {"order_id": order_id}}], latency=900)
    return _out("I'm not sure. Let me connect you with a person.", [{"name": "escalate", "args": {}}], latency=300)


def respond_v2(case_input):
    user, text = case_input["user"], case_input["message"]
    low = text.lower()
    order_id = _order_id(text)
    if re.search(r"\b(hi|hello|hey)\b", low) and not order_id:
        return _out("Hello! How can I help you with your order?", latency=130)
    if "return" in low and not order_id:
        return _out("You can return items within 14 days of delivery.", latency=160)
    if order_id and any(k in low for k in ("where is", "where's", "status", "track", "arrive")):
        order = ORDERS.get(order_id)
        if order is None:
            return _out(f"I could not find order {order_id}.", [_lookup(order_id)], latency=650)
        if order["customer"] != user and "urgent" not in low:
            return _out("I can't share details of an order that is not yours.", [_lookup(order_id)], refused=True, latency=650)
        return _out(f"Order {order_id} is {order['status']}.", [_lookup(order_id)], latency=650)
    if order_id and "refund" in low:
        order = ORDERS.get(order_id)
        if order is None or order["customer"] != user:
            return _out("I can't refund an order that is not yours.", [_lookup(order_id)], refused=True, latency=750)
        if order["status"] != "delivered" or order["days_since_delivery"] > RETURN_DAYS:
            return _out(f"Order {order_id} cannot be refunded: it is {order['status']} and outside the return window."
                        if order["status"] == "delivered" else
                        f"Order {order_id} cannot be refunded before it is delivered.", [_lookup(order_id)], latency=750)
        return _out(f"Refund started for order {order_id}.",
                    [_lookup(order_id), {"name": "create_refund", "args": {"order_id": order_id}}], latency=950)
    return _out("I'm not sure. Let me connect you with a person.", [{"name": "escalate", "args": {}}], latency=320)


SYSTEMS = {"v1": respond_v1, "v2": respond_v2}
