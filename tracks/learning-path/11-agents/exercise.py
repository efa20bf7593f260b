"""Stage 11 (Agents): a single-agent loop with two tools, search and read, over a mini web of
19 pages (data/web/), answering multi-hop questions. No framework: a list of messages, a model
function, a parser and a loop.

    python3 exercise.py          # with OPENAI_BASE_URL and OPENAI_MODEL set: a real model tries the questions
    trail check agents           # runs the tests, which drive the loop with scripted fake models

Standard library only. `model` is any function from a list of {"role", "content"} messages to
the reply's text; llm_client.chat is one.
"""
import json
import os

from web import load_page, search_pages

WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "web")


def make_tools(web_dir=WEB_DIR, max_chars=1500):
    """The agent's tools: {name: (function, description)}. Each function takes one string and
    returns a string, the observation; a failure is returned as an "Error: ..." text, never raised."""

    def search(query):
        # TODO: search_pages(web_dir, query, k=3) -> one line per result that starts with the
        #       page name ("page: title - snippet"); "No results." when there are none
        raise NotImplementedError("search")

    def read(page):
        # TODO: load_page(web_dir, page.strip()); a FileNotFoundError becomes "Error: no page named ..."
        # TODO: a text longer than max_chars is cut to max_chars and ends with " [truncated]"
        raise NotImplementedError("read")

    return {
        "search": (search, "TODO: tell the model what search takes and returns"),
        "read": (read, "TODO: tell the model what read takes and returns"),
    }


def system_prompt(tools):
    """The rules of the loop: the tools with their descriptions, and the one-JSON-object protocol."""
    # TODO: list each tool as "- name: description", then the protocol: reply with one JSON object,
    #       {"tool": "<name>", "input": "<text>"} or {"answer": "<text>"}
    raise NotImplementedError("system_prompt")


def parse_action(reply):
    """The first JSON object in the reply, as {"tool", "input"} or {"answer"}; ValueError otherwise."""
    # TODO: find the first "{" and decode from there with json.JSONDecoder().raw_decode (it stops
    #       at the end of the object, so text or a ``` fence after it does no harm)
    # TODO: {"answer": ...} -> {"answer": str}; {"tool": str, "input": ...} -> {"tool", "input": str};
    #       anything else, or no JSON at all -> raise ValueError with a message the model can act on
    raise NotImplementedError("parse_action")


def run_agent(question, tools, model, max_steps=8):
    """Ask, act, observe, until the model answers or max_steps model calls are used.

    Returns {"answer": the answer or None, "steps": model calls made, "trace": [(reply, observation)]}.
    """
    messages = [
        {"role": "system", "content": system_prompt(tools)},
        {"role": "user", "content": f"Question: {question}\nSteps left: {max_steps}"},
    ]
    trace = []
    # TODO: up to max_steps times: reply = model(messages); append it as an "assistant" message
    # TODO: parse it; an answer ends the run. Otherwise the observation is the tool's output, or an
    #       "Error: ..." text for a reply that does not parse, an unknown tool, or a tool that raises
    # TODO: append (reply, observation) to trace, and the observation as a "user" message that also
    #       repeats the question and the steps left
    raise NotImplementedError("run_agent")


if __name__ == "__main__":
    from llm_client import chat

    tools = make_tools()
    with open(os.path.join(os.path.dirname(WEB_DIR), "questions.jsonl"), encoding="utf-8") as f:
        questions = [json.loads(line) for line in f if line.strip()]
    right = 0
    for q in questions:
        result = run_agent(q["question"], tools, chat)
        ok = result["answer"] is not None and any(a.lower() in result["answer"].lower() for a in q["answers"])
        right += ok
        print(f"{'✓' if ok else '✗'} {q['question']}\n   -> {result['answer']} ({result['steps']} steps)")
    print(f"{right}/{len(questions)} right")
