"""The mini web of Stage 11: pages are the Markdown files of a folder (data/web/), known by
their file name without .md. This is the part of a search engine the exercise does not teach:
use it from your tools, do not change it.

    search_pages(web_dir, query, k=3) -> [{"page", "title", "snippet"}, ...], best first
    load_page(web_dir, page) -> the page's text; FileNotFoundError if there is no such page
"""
import os
import re

STOPWORDS = set("a an and are as at by for from how in is it of on or the to was what when where which who with".split())


def _terms(text):
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS}


def _pages(web_dir):
    return sorted(name[:-3] for name in os.listdir(web_dir) if name.endswith(".md"))


def load_page(web_dir, page):
    path = os.path.join(web_dir, page + ".md")
    if not re.fullmatch(r"[a-z0-9-]+", page) or not os.path.exists(path):
        raise FileNotFoundError(f"no page named {page!r}")
    with open(path, encoding="utf-8") as f:
        return f.read()


def search_pages(web_dir, query, k=3):
    """Pages ranked by the query terms they contain: 2 points for a term in the title, 1 for a
    term in the text; ties in alphabetical order. Pages with no term are left out."""
    wanted = _terms(query)
    scored = []
    for page in _pages(web_dir):
        text = load_page(web_dir, page)
        title, _, body = text.partition("\n")
        title = title.lstrip("# ").strip()
        score = 2 * len(wanted & _terms(title)) + len(wanted & _terms(body))
        if score > 0:
            snippet = " ".join(body.split())[:120]
            scored.append((-score, page, {"page": page, "title": title, "snippet": snippet}))
    return [item for _, _, item in sorted(scored, key=lambda s: (s[0], s[1]))[:k]]
