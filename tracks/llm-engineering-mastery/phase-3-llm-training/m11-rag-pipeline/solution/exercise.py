"""Retrieval-augmented generation (RAG): chunk a knowledge base, embed the chunks, retrieve the
top-k for a question, answer from them with a model, and evaluate on a QA set.

Models are plain callables, so the same code runs against a real server and against a fake:
    model(messages) -> str          default: llm_client.chat (an OpenAI-compatible server)
    embed(texts) -> list of vectors default: llm_client.embed
"""
import json
import os
import re

import numpy as np

import llm_client

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM = ("You answer questions about the Heronsgate Instruments handbook. Use only the context. "
          "Answer in a few words. If the context does not contain the answer, say \"I don't know\".")


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def chunk_text(text, size=40, overlap=10):
    """Windows of `size` words, each starting `size - overlap` words after the last; the last
    window ends at the last word. A text of at most `size` words is one chunk."""
    words = text.split()
    if len(words) <= size:
        return [" ".join(words)]
    step = size - overlap
    chunks = []
    for start in range(0, len(words), step):
        chunks.append(" ".join(words[start:start + size]))
        if start + size >= len(words):
            break
    return chunks


def make_chunks(docs, size=40, overlap=10):
    """[{"doc": id, "text": chunk}] for every chunk of every document, the title in front."""
    return [{"doc": d["id"], "text": f"{d['title']}. {c}"} for d in docs for c in chunk_text(d["text"], size, overlap)]


def cosine_top_k(query, matrix, k):
    """Indices of the k rows of matrix most similar to query (cosine), most similar first."""
    matrix = np.asarray(matrix, dtype=float)
    query = np.asarray(query, dtype=float)
    norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query)
    sims = matrix @ query / np.where(norms == 0, 1.0, norms)
    return [int(i) for i in np.argsort(-sims, kind="stable")[:k]]


class Retriever:
    def __init__(self, chunks, embed=None):
        self.chunks = chunks
        self.embed = embed or llm_client.embed
        self.matrix = np.asarray(self.embed([c["text"] for c in chunks]), dtype=float)

    def search(self, question, k=3):
        """The k chunks closest to the question, most similar first."""
        query = np.asarray(self.embed([question])[0], dtype=float)
        return [self.chunks[i] for i in cosine_top_k(query, self.matrix, k)]


def build_messages(question, chunks):
    """A system message with the rules; one user message with the numbered context, then the question."""
    context = "\n".join(f"[{i + 1}] {c['text']}" for i, c in enumerate(chunks))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Context:\n{context}\n\nQuestion: {question}"}]


def answer(question, retriever, model=None, k=3):
    """{"answer": the model's reply, "chunks": the retrieved chunks}."""
    model = model or llm_client.chat
    chunks = retriever.search(question, k)
    return {"answer": model(build_messages(question, chunks)).strip(), "chunks": chunks}


def normalize(text):
    """Lower case; every character that is not a letter or digit becomes a space; spaces collapsed."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def is_correct(reply, gold):
    """The normalized gold answer appears in the normalized reply as whole words."""
    return f" {normalize(gold)} " in f" {normalize(reply)} "


def evaluate(qa, retriever, model=None, k=3):
    """recall@k (the gold document among the documents of the top-k chunks) and answer accuracy."""
    rows = []
    for item in qa:
        out = answer(item["question"], retriever, model, k)
        docs = [c["doc"] for c in out["chunks"]]
        rows.append({"id": item["id"], "question": item["question"], "gold": item["answer"], "answer": out["answer"],
                     "retrieved": docs, "hit": item["doc"] in docs, "correct": is_correct(out["answer"], item["answer"])})
    n = len(rows)
    return {"k": k, "n": n, "recall_at_k": sum(r["hit"] for r in rows) / n,
            "answer_accuracy": sum(r["correct"] for r in rows) / n, "rows": rows}


def write_report(result, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    docs = load_jsonl(os.path.join(HERE, "data", "docs.jsonl"))
    qa = load_jsonl(os.path.join(HERE, "data", "qa.jsonl"))
    retriever = Retriever(make_chunks(docs))
    result = evaluate(qa, retriever, k=3)
    write_report(result, os.path.join(HERE, "rag_report.json"))
    print(f"recall@3 {result['recall_at_k']:.2f}, answer accuracy {result['answer_accuracy']:.2f} on {result['n']} questions")
