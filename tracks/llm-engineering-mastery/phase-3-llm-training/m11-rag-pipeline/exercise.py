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
    # TODO: split into words; a text of at most size words is one chunk. Otherwise windows start at
    # 0, size - overlap, 2 * (size - overlap), ...; stop after the window that reaches the last word.
    raise NotImplementedError("chunk_text")


def make_chunks(docs, size=40, overlap=10):
    """[{"doc": id, "text": chunk}] for every chunk of every document, the title in front."""
    return [{"doc": d["id"], "text": f"{d['title']}. {c}"} for d in docs for c in chunk_text(d["text"], size, overlap)]


def cosine_top_k(query, matrix, k):
    """Indices of the k rows of matrix most similar to query (cosine), most similar first."""
    # TODO: cosine similarity of query with every row (dot product / both norms); the indices of the
    # k largest, largest first.
    raise NotImplementedError("cosine_top_k")


class Retriever:
    def __init__(self, chunks, embed=None):
        self.chunks = chunks
        self.embed = embed or llm_client.embed
        # TODO: embed the texts of all chunks in one call; keep the vectors as the rows of a matrix.
        raise NotImplementedError("Retriever.__init__")

    def search(self, question, k=3):
        """The k chunks closest to the question, most similar first."""
        # TODO: embed the question, and return the chunks at the indices cosine_top_k gives.
        raise NotImplementedError("Retriever.search")


def build_messages(question, chunks):
    """A system message with the rules; one user message with the numbered context, then the question."""
    # TODO: [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ...}] where the user
    # message lists the chunks' texts (numbered [1], [2], ...) and then the question.
    raise NotImplementedError("build_messages")


def answer(question, retriever, model=None, k=3):
    """{"answer": the model's reply, "chunks": the retrieved chunks}."""
    model = model or llm_client.chat
    # TODO: retrieve k chunks, call the model once on build_messages(...), return the reply (stripped)
    # and the chunks.
    raise NotImplementedError("answer")


def normalize(text):
    """Lower case; every character that is not a letter or digit becomes a space; spaces collapsed."""
    # TODO: lower-case; replace every run of characters other than a-z and 0-9 by one space; strip.
    raise NotImplementedError("normalize")


def is_correct(reply, gold):
    """The normalized gold answer appears in the normalized reply as whole words."""
    # TODO: pad both normalized strings with a space on each side, then test containment.
    raise NotImplementedError("is_correct")


def evaluate(qa, retriever, model=None, k=3):
    """recall@k (the gold document among the documents of the top-k chunks) and answer accuracy."""
    # TODO: for each item: answer(...) with k; hit = item["doc"] among the retrieved chunks' "doc";
    # correct = is_correct(reply, item["answer"]). Return {"k", "n", "recall_at_k", "answer_accuracy",
    # "rows"}, one row per question (id, question, gold, answer, retrieved, hit, correct).
    raise NotImplementedError("evaluate")


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
