"""Stage 11, full exercise: your agent loop (run_agent from exercise.py) with a real model and
real web tools, answering multi-hop questions.

    python3 full/web_agent.py                 # with OPENAI_BASE_URL and OPENAI_MODEL set, and the network
    trail check agents --criterion full

Tools: `search` asks Wikipedia's search API (no key needed), `read` returns the plain text of a
Wikipedia article by title, or of any http(s) page by URL (tags stripped). Questions and their
expected answers are in full/questions.json. Standard library only.
"""
import html
import json
import os
import re
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # exercise.py and llm_client.py are one folder up

from exercise import run_agent  # noqa: E402
from llm_client import chat  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

WIKI_API = os.environ.get("WIKI_API", "https://en.wikipedia.org/w/api.php")
# Wikimedia asks every client to say who it is.
HEADERS = {"User-Agent": "trailguide-learning-path-agent/1.0 (a learning exercise; python urllib)"}
MAX_CHARS = 3000


def get(url, params=None, timeout=20):
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


def web_search(query):
    """The 5 best Wikipedia articles for the query: one line each, 'title - snippet'."""
    data = json.loads(get(WIKI_API, {"action": "query", "list": "search", "srsearch": query,
                                     "srlimit": 5, "format": "json", "utf8": 1}))
    hits = data.get("query", {}).get("search", [])
    if not hits:
        return "No results."
    clean = lambda s: html.unescape(re.sub(r"<[^>]+>", "", s))  # noqa: E731
    return "\n".join(f"{h['title']} - {clean(h.get('snippet', ''))}" for h in hits)


def read_page(title_or_url):
    """Plain text of a Wikipedia article (by title) or of a web page (by URL), cut to MAX_CHARS."""
    target = title_or_url.strip()
    if re.match(r"https?://", target):
        page = get(target)
        page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    else:
        data = json.loads(get(WIKI_API, {"action": "query", "prop": "extracts", "explaintext": 1, "redirects": 1,
                                         "titles": target, "format": "json"}))
        pages = list(data.get("query", {}).get("pages", {}).values())
        if not pages or "missing" in pages[0]:
            return f"Error: no Wikipedia article titled {target!r}. Use a title that search returned."
        text = pages[0].get("extract", "")
    text = " ".join(text.split())
    return text[:MAX_CHARS] + (" [truncated]" if len(text) > MAX_CHARS else "")


TOOLS = {
    "search": (web_search, "search(query): the 5 best Wikipedia articles for a query, one per line as 'title - snippet'"),
    "read": (read_page, "read(title or URL): the plain text of a Wikipedia article given its exact title, "
                        "or of a web page given its URL (first 3000 characters)"),
}


def main():
    with open(os.path.join(HERE, "questions.json"), encoding="utf-8") as f:
        questions = json.load(f)
    right, steps = 0, []
    for q in questions:
        result = run_agent(q["question"], TOOLS, chat, max_steps=10)
        answer = result["answer"] or ""
        ok = any(a.lower() in answer.lower() for a in q["answers"])
        right += ok
        steps.append(result["steps"])
        print(f"{'✓' if ok else '✗'} {q['question']}\n   -> {answer or '(no answer)'} in {result['steps']} steps")
        for reply, observation in result["trace"]:
            print(f"      {reply.strip()[:100]!r} -> {(observation or '')[:80]!r}")
    log_metric("questions", len(questions))
    log_metric("accuracy", right / len(questions))
    log_metric("mean_steps", sum(steps) / len(steps))
    print(f"{right}/{len(questions)} right, {sum(steps) / len(steps):.1f} steps on average")


if __name__ == "__main__":
    main()
