"""Section 9 (Context Engineering): fill a context window under a token budget, compress a long
conversation three ways (recent turns, query-aware selection, map-reduce summaries), measure
how much each keeps, and record what you sent.

    python3 exercise.py                     # recall of each method at several budgets
    trail check context-engineering         # runs the tests

Standard library only. summarize() calls a model: by default llm_client.chat, which reads
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
    tokens = count_tokens(system) + count_tokens(question)
    if tokens > budget:
        raise ValueError(f"system and question need {tokens} tokens, more than the budget of {budget}")
    chosen = set()
    for position in sorted(range(len(items)), key=lambda i: (-items[i]["score"], i)):
        cost = count_tokens(items[position]["text"])
        if tokens + cost <= budget:
            chosen.add(position)
            tokens += cost
    kept = [item for i, item in enumerate(items) if i in chosen]
    user = "Context:\n" + "\n".join(item["text"] for item in kept) + "\n\nQuestion: " + question
    return {"messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "used": [item["id"] for item in kept], "tokens": tokens}


# ---------------------------------------------------------------- compression

def keep_recent(turns, budget):
    """The longest run of most recent turns whose turn_tokens add up to at most budget, in order."""
    kept, tokens = [], 0
    for turn in reversed(turns):
        tokens += turn_tokens(turn)
        if tokens > budget:
            break
        kept.append(turn)
    return kept[::-1]


def select_relevant(turns, query, budget):
    """Query-aware selection: the turns sharing the most content words with the query, under budget.

    A turn's score is the number of content_words of the query it contains (0 = never chosen).
    Turns are taken by score, highest first (ties: the later turn first); one that does not fit
    is skipped. Returns the chosen turns in conversation order.
    """
    words = content_words(query)
    scored = [(len(words & content_words(t["text"])), i) for i, t in enumerate(turns)]
    chosen, tokens = set(), 0
    for score, i in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if score == 0:
            break
        if tokens + turn_tokens(turns[i]) <= budget:
            chosen.add(i)
            tokens += turn_tokens(turns[i])
    return [t for i, t in enumerate(turns) if i in chosen]


def chunk_turns(turns, chunk_tokens):
    """Consecutive groups of turns, each adding up to at most chunk_tokens (a longer turn is a group alone)."""
    chunks, current, tokens = [], [], 0
    for turn in turns:
        cost = turn_tokens(turn)
        if current and tokens + cost > chunk_tokens:
            chunks.append(current)
            current, tokens = [], 0
        current.append(turn)
        tokens += cost
    if current:
        chunks.append(current)
    return chunks


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
    groups = chunk_turns(turns, chunk_tokens)
    limit = max(10, max_tokens // len(groups))
    summaries = [model([{"role": "system", "content": SUMMARY_PROMPT.format(limit=limit)},
                        {"role": "user", "content": render(group)}]) for group in groups]
    text = "\n".join(summaries)
    for _ in range(2):
        if count_tokens(text) <= max_tokens:
            break
        text = model([{"role": "system", "content": SUMMARY_PROMPT.format(limit=max_tokens)},
                      {"role": "user", "content": text}])
    if count_tokens(text) > max_tokens:
        text = text[:4 * max_tokens]
    return text


# ---------------------------------------------------------------- measuring and recording

def fact_recall(context, questions):
    """Share of questions whose answer string appears in the context (ignoring case)."""
    return sum(q["answer"].lower() in context.lower() for q in questions) / len(questions)


def record_example(path, question, messages, answer, correct):
    """Append one JSON line {"question", "context_tokens", "messages", "answer", "correct"}:
    the data to evaluate and improve the context later. context_tokens = sum of count_tokens of the contents."""
    record = {"question": question, "context_tokens": sum(count_tokens(m["content"]) for m in messages),
              "messages": messages, "answer": answer, "correct": bool(correct)}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


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
