"""A Q&A bot for your own documents, built with prompt engineering: pick the relevant documents,
put them in a prompt with clear instructions and delimiters, ask a model for JSON, check and
repair its answer, and say "I don't know." when the documents do not say.

    python3 exercise.py "How many vacation days do I get?"    # needs a model server, see below
    trail check qa-bot

The model is any function model(messages) -> str. By default it is llm_client.chat, which talks
to an OpenAI-compatible server named by OPENAI_BASE_URL and OPENAI_MODEL (Ollama, llama.cpp,
vLLM, a hosted API). The tests pass fake models instead. Python 3 standard library only.
"""
import json
import os
import re

import llm_client

UNKNOWN = "I don't know."
STOPWORDS = {"the", "and", "for", "are", "was", "were", "with", "that", "this", "from", "how", "what",
             "which", "who", "when", "where", "why", "does", "did", "many", "much", "can", "may", "per",
             "you", "your", "our", "not", "has", "have", "its", "into", "get", "there", "they", "them"}

SYSTEM_PROMPT = """You answer questions about a company's internal documents.
Use ONLY the documents given between <doc> tags in the user's message; never use outside knowledge.
Reply with a single JSON object and nothing else, of the form
{"answer": "<a short answer in one sentence>", "sources": ["<id of each document you used>"]}
If the documents do not contain the answer, reply {"answer": "I don't know.", "sources": []}."""

REPAIR = ('Your last reply was not a valid JSON object with the keys "answer" and "sources". '
          'Reply again with only that JSON object.')


def load_docs(folder="data/docs"):
    """Every .md file of the folder, sorted by name, as {"id": name without .md, "text": content}."""
    docs = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".md"):
            with open(os.path.join(folder, name)) as f:
                docs.append({"id": name[:-3], "text": f.read()})
    return docs


def content_words(text):
    """The set of lower-case words (runs of a-z and 0-9) of at least 3 characters, stopwords removed."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3 and w not in STOPWORDS}


def select_docs(question, docs, k=2):
    """The k documents sharing the most content words with the question (ties by id), leaving out
    documents that share none."""
    q = content_words(question)
    scored = [(len(q & content_words(d["text"])), d["id"], d) for d in docs]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [d for score, _, d in scored[:k] if score > 0]


def build_messages(question, docs):
    """[system message with SYSTEM_PROMPT, user message]. The user message is every document as
        <doc id="ID">
        TEXT (stripped)
        </doc>
    separated by blank lines, then a blank line and "Question: " + the question."""
    blocks = "\n\n".join(f'<doc id="{d["id"]}">\n{d["text"].strip()}\n</doc>' for d in docs)
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"{blocks}\n\nQuestion: {question}"}]


def parse_answer(reply):
    """The JSON object in a model's reply, also when it is wrapped in ```json fences or surrounded
    by text: from the first "{" to the last "}". Raises ValueError unless it is an object with a
    string "answer" and a list of strings "sources"."""
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the reply")
    try:
        data = json.loads(reply[start:end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("answer"), str):
        raise ValueError('the object has no string "answer"')
    sources = data.get("sources")
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ValueError('"sources" is not a list of strings')
    return {"answer": data["answer"].strip(), "sources": sources}


def ask(question, docs, model=None, k=2, retries=1):
    """Answers a question from the documents: select_docs, build_messages, call the model, parse.

    - No document shares a word with the question: return the unknown answer without calling the model.
    - A reply that parse_answer rejects: add it as an assistant message and REPAIR as a user
      message, and call again, at most `retries` more times; after that, the unknown answer.
    - Sources that were not among the selected documents are dropped.
    - An answer that says "I don't know" (in any case) becomes exactly {"answer": UNKNOWN, "sources": []}.
    Returns {"answer": str, "sources": [ids]}."""
    model = model or llm_client.chat
    chosen = select_docs(question, docs, k)
    if not chosen:
        return {"answer": UNKNOWN, "sources": []}
    messages = build_messages(question, chosen)
    for _ in range(retries + 1):
        reply = model(messages)
        try:
            result = parse_answer(reply)
        except ValueError:
            messages = messages + [{"role": "assistant", "content": reply}, {"role": "user", "content": REPAIR}]
            continue
        if "i don't know" in result["answer"].lower():
            return {"answer": UNKNOWN, "sources": []}
        allowed = {d["id"] for d in chosen}
        return {"answer": result["answer"], "sources": [s for s in result["sources"] if s in allowed]}
    return {"answer": UNKNOWN, "sources": []}


if __name__ == "__main__":
    import sys
    question = " ".join(sys.argv[1:]) or "How many vacation days does an employee get per year?"
    print(ask(question, load_docs()))
