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

# TODO: write the system prompt (see the overview: what it must say, and the words the tests look for)
SYSTEM_PROMPT = """TODO"""

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
    # TODO: score = number of content words shared with the question; sort by (-score, id);
    #       keep the first k that have a score above 0
    raise NotImplementedError("select_docs")


def build_messages(question, docs):
    """[system message with SYSTEM_PROMPT, user message]. The user message is every document as
        <doc id="ID">
        TEXT (stripped)
        </doc>
    separated by blank lines, then a blank line and "Question: " + the question."""
    # TODO: the exact format of the docstring (the tests and the fake model read it)
    raise NotImplementedError("build_messages")


def parse_answer(reply):
    """The JSON object in a model's reply, also when it is wrapped in ```json fences or surrounded
    by text: from the first "{" to the last "}". Raises ValueError unless it is an object with a
    string "answer" and a list of strings "sources"."""
    # TODO: cut from the first "{" to the last "}", json.loads it (turn its error into ValueError)
    # TODO: check the types of "answer" and "sources"; return the answer stripped of spaces
    raise NotImplementedError("parse_answer")


def ask(question, docs, model=None, k=2, retries=1):
    """Answers a question from the documents: select_docs, build_messages, call the model, parse.

    - No document shares a word with the question: return the unknown answer without calling the model.
    - A reply that parse_answer rejects: add it as an assistant message and REPAIR as a user
      message, and call again, at most `retries` more times; after that, the unknown answer.
    - Sources that were not among the selected documents are dropped.
    - An answer that says "I don't know" (in any case) becomes exactly {"answer": UNKNOWN, "sources": []}.
    Returns {"answer": str, "sources": [ids]}."""
    model = model or llm_client.chat
    # TODO: select the documents (none: the unknown answer, no call)
    # TODO: up to retries + 1 calls: parse the reply; on ValueError add the reply and REPAIR and try again
    # TODO: normalise "I don't know" answers, drop sources that were not selected
    raise NotImplementedError("ask")


if __name__ == "__main__":
    import sys
    question = " ".join(sys.argv[1:]) or "How many vacation days does an employee get per year?"
    print(ask(question, load_docs()))
