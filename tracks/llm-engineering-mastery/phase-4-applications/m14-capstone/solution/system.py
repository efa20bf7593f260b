"""The capstone system: a Heronsgate handbook assistant.

respond(query, model=None) -> str

1. Arithmetic ("what is 12 * 7?") goes to a calculator, without the model.
2. Everything else is a handbook question: the three documents that share the most (idf-weighted)
   words with the query are put into a prompt, "Context:" then "Question: <query>", and the
   model answers from them. A query that shares no word with any document gets "I don't know."
   without a model call.
"""
import ast
import json
import math
import operator
import os
import re

import llm_client

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "handbook.jsonl"), encoding="utf-8") as f:
    DOCS = [json.loads(line) for line in f if line.strip()]

STOP = set("the and for are was were with what which who how many much does did has have not can from per "
           "each every that this you your our its when where why is a an of to in on at by be or do i my me".split())
SYSTEM = ("You answer questions about the Heronsgate Instruments handbook, using only the context. "
          "Answer in one short sentence. If the context does not contain the answer, reply \"I don't know.\"")


def words(text):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


DOC_WORDS = [set(words(d["title"] + " " + d["text"])) for d in DOCS]
IDF = {w: math.log(len(DOCS) / sum(w in ws for ws in DOC_WORDS)) for ws in DOC_WORDS for w in ws}

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg}


def _eval(node):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.operand))
    raise ValueError("not arithmetic")


def calculate(query):
    """The value of an arithmetic expression in the query, or None."""
    m = re.search(r"[-+*/().\d\s]*\d[-+*/().\d\s]*[-+*/][-+*/().\d\s]*\d[-+*/().\d\s]*", query.replace("x", "*"))
    if not m:
        return None
    try:
        value = _eval(ast.parse(m.group().strip(), mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None
    return f"{value:g}"


def retrieve(query, k=3):
    q = set(words(query))
    scored = [(sum(IDF.get(w, 0.0) for w in q & ws), i) for i, ws in enumerate(DOC_WORDS)]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [DOCS[i] for score, i in scored[:k] if score > 0]


def respond(query, model=None):
    model = model or llm_client.chat
    value = calculate(query)
    if value is not None:
        return f"The result is {value}."
    docs = retrieve(query)
    if not docs:
        return "I don't know."
    context = "\n".join(f"{d['title']}: {d['text']}" for d in docs)
    reply = model([{"role": "system", "content": SYSTEM},
                   {"role": "user", "content": f"Context:\n{context}\nQuestion: {query}"}])
    return reply.strip()
