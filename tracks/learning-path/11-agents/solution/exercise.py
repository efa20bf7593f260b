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
        results = search_pages(web_dir, query, k=3)
        if not results:
            return "No results."
        return "\n".join(f"{r['page']}: {r['title']} - {r['snippet']}" for r in results)

    def read(page):
        try:
            text = load_page(web_dir, page.strip())
        except FileNotFoundError:
            return f"Error: no page named {page!r}. Use a page name that search returned."
        if len(text) > max_chars:
            return text[:max_chars] + " [truncated]"
        return text

    return {
        "search": (search, "search(query): the 3 best pages for a query, one per line as 'page: title - snippet'"),
        "read": (read, "read(page): the text of a page, given its name as search returned it"),
    }


def system_prompt(tools):
    """The rules of the loop: the tools with their descriptions, and the one-JSON-object protocol."""
    lines = [f"- {name}: {description}" for name, (_, description) in tools.items()]
    return (
        "You answer questions by using tools. Tools:\n" + "\n".join(lines) + "\n\n"
        'Reply with exactly one JSON object: {"tool": "<name>", "input": "<text>"} to use a tool, '
        'or {"answer": "<text>"} when you know the answer. Questions may need several steps: '
        "search, read a page, then search for what that page names."
    )


def parse_action(reply):
    """The first JSON object in the reply, as {"tool", "input"} or {"answer"}; ValueError otherwise."""
    start = reply.find("{")
    if start < 0:
        raise ValueError("no JSON object in the reply")
    try:
        action, _ = json.JSONDecoder().raw_decode(reply[start:])
    except json.JSONDecodeError as error:
        raise ValueError(f"the JSON object does not parse: {error.msg}") from error
    if isinstance(action, dict) and "answer" in action:
        return {"answer": str(action["answer"])}
    if isinstance(action, dict) and isinstance(action.get("tool"), str) and "input" in action:
        return {"tool": action["tool"], "input": str(action["input"])}
    raise ValueError('the object needs "tool" and "input", or "answer"')


def run_agent(question, tools, model, max_steps=8):
    """Ask, act, observe, until the model answers or max_steps model calls are used.

    Returns {"answer": the answer or None, "steps": model calls made, "trace": [(reply, observation)]}.
    """
    messages = [
        {"role": "system", "content": system_prompt(tools)},
        {"role": "user", "content": f"Question: {question}\nSteps left: {max_steps}"},
    ]
    trace = []
    for step in range(1, max_steps + 1):
        reply = model(messages)
        messages.append({"role": "assistant", "content": reply})
        try:
            action = parse_action(reply)
        except ValueError as error:
            observation = f'Error: {error}. Reply with one JSON object, {{"tool": ..., "input": ...}} or {{"answer": ...}}.'
        else:
            if "answer" in action:
                trace.append((reply, None))
                return {"answer": action["answer"], "steps": step, "trace": trace}
            if action["tool"] not in tools:
                observation = f"Error: no tool named {action['tool']!r}; the tools are {', '.join(tools)}."
            else:
                try:
                    observation = tools[action["tool"]][0](action["input"])
                except Exception as error:  # a tool that breaks must not end the run
                    observation = f"Error: {action['tool']} failed: {error}"
        trace.append((reply, observation))
        messages.append({"role": "user", "content": f"Observation:\n{observation}\n\n"
                                                    f"Question: {question}\nSteps left: {max_steps - step}"})
    return {"answer": None, "steps": max_steps, "trace": trace}


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
