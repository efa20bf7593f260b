"""Section 9 (Context Engineering): fill a context window under a token budget, compress a long
conversation three ways (recent turns, query-aware selection, map-reduce summaries), measure
how much each keeps, and record what you sent.

    python3 exercise.py                     # recall of each method at several budgets
    trail check context-engineering         # runs the tests

Standard library only; fill in every TODO. summarize() calls a model: by default llm_client.chat, which reads
OPENAI_BASE_URL and OPENAI_MODEL; the tests pass a fake one.
"""
import json
import math
import re

import llm_client

STOPWORDS = {"a", "an", "the", "is", "are", "was", "my", "i", "me", "do", "does", "what", "which", "who",
             "when", "on", "at", "of", "to", "for", "in", "with", "we", "our", "it", "and", "or", "there"}


def count_tokens(text):
    """A rough token count: about four characters per token, at least 1."""
    return max(1, math.ceil(len(text) / 4))


def render(turns):
    """Turns as lines 'role: text'."""
    return "\n".join(f"{t['role']}: {t['text']}" for t in turns)


def turn_tokens(turn):
    """Tokens of one turn as render() writes it."""
    return count_tokens(f"{turn['role']}: {turn['text']}")


def content_words(text):
    """Lower-case words and numbers of a text, without STOPWORDS, as a set."""
    return set(re.findall(r"[a-z0-9]+", text.lower())) - STOPWORDS


# ---------------------------------------------------------------- the context under a budget

def build_context(system, question, items, budget):
    """Choose which items go into the context window.

    items: [{"id", "text", "score"}], higher score = more useful. The system text and the question
    always go in. Items are considered by score, highest first (ties: the earlier item first); an
    item goes in if it still fits, else it is skipped and the next ones are still tried. Tokens are
    count_tokens(system) + count_tokens(question) + count_tokens(text) of each chosen item, and never
    exceed budget. Raises ValueError if system and question alone do not fit.

    Returns {"messages": [system message, user message], "used": [ids, in the items' order], "tokens": n};
    the user message is "Context:\\n" + the chosen texts in the items' order, one per line, then
    "\\n\\nQuestion: " + question.
    """
    # TODO: start from the tokens of system and question; ValueError if they exceed the budget
    # TODO: visit the item positions sorted by (-score, position); take an item when it still fits
    # TODO: keep the chosen items in their original order; build the two messages; return the dict
    raise NotImplementedError("build_context")


# ---------------------------------------------------------------- compression

def keep_recent(turns, budget):
    """The longest run of most recent turns whose turn_tokens add up to at most budget, in order."""
    # TODO: walk the turns from the last one back; stop at the first that does not fit; return them in order
    raise NotImplementedError("keep_recent")


def select_relevant(turns, query, budget):
    """Query-aware selection: the turns sharing the most content words with the query, under budget.

    A turn's score is the number of content_words of the query it contains (0 = never chosen).
    Turns are taken by score, highest first (ties: the later turn first); one that does not fit
    is skipped. Returns the chosen turns in conversation order.
    """
    # TODO: score each turn: len(content_words(query) & content_words(turn text))
    # TODO: visit turns by (-score, -position), stop at score 0, take a turn when it still fits
    # TODO: return the chosen turns in conversation order
    raise NotImplementedError("select_relevant")


def chunk_turns(turns, chunk_tokens):
    """Consecutive groups of turns, each adding up to at most chunk_tokens (a longer turn is a group alone)."""
    # TODO: add turns to the current group; close it before a turn that would take it over chunk_tokens
    raise NotImplementedError("chunk_turns")


SUMMARY_PROMPT = ("Summarize the conversation below in at most {limit} tokens. Keep every fact the user "
                  "stated: names, numbers, dates, codes and preferences. Write plain sentences.")


def summarize(turns, model=llm_client.chat, chunk_tokens=200, max_tokens=150):
    """Map-reduce summary of a conversation, at most max_tokens.

    Map: one model call per chunk_turns(turns, chunk_tokens) group, with the messages
    [{"role": "system", "content": SUMMARY_PROMPT with limit = max(10, max_tokens // number of groups)},
     {"role": "user", "content": render(group)}].
    Join the summaries with newlines. Reduce: while the result is longer than max_tokens, and at
    most twice, summarize it again in one call (limit = max_tokens, the user content = the joined
    text). If it is still too long, cut it to its first 4 * max_tokens characters.
    """
    # TODO: map: one model call per group of chunk_turns, with the two messages of the docstring
    # TODO: join the summaries with "\n"
    # TODO: reduce: at most two more calls while the text is longer than max_tokens
    # TODO: if it is still too long, cut it to 4 * max_tokens characters
    raise NotImplementedError("summarize")


# ---------------------------------------------------------------- measuring and recording

def fact_recall(context, questions):
    """Share of questions whose answer string appears in the context (ignoring case)."""
    raise NotImplementedError("fact_recall")  # TODO: count the answers found in the context, divide


def record_example(path, question, messages, answer, correct):
    """Append one JSON line {"question", "context_tokens", "messages", "answer", "correct"}:
    the data to evaluate and improve the context later. context_tokens = sum of count_tokens of the contents."""
    raise NotImplementedError("record_example")  # TODO: build the record, append it as one JSON line


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


if __name__ == "__main__":
    turns = load_jsonl("data/conversation.jsonl")
    questions = load_jsonl("data/questions.jsonl")
    total = sum(turn_tokens(t) for t in turns)
    print(f"{len(turns)} turns, {total} tokens, {len(questions)} questions")
    for share in (0.05, 0.1, 0.2, 0.4):
        budget = int(share * total)
        recent = fact_recall(render(keep_recent(turns, budget)), questions)
        relevant = sum(fact_recall(render(select_relevant(turns, q["question"], budget)), [q])
                       for q in questions) / len(questions)
        print(f"budget {share:4.0%} ({budget:4d} tokens): recall recent {recent:.2f}, query-aware {relevant:.2f}")
