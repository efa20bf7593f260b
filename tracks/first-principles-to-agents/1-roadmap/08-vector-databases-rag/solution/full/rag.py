"""Full exercise of Section 8: your RAG pipeline against a real model and real embeddings.

    python3 full/rag.py        # from the node folder, with OPENAI_BASE_URL and OPENAI_MODEL set

Compares three retrievers on the handbook's 42 questions — your TF-IDF, the model's embeddings
(llm_client.embed; set OPENAI_EMBEDDING_MODEL if your chat model does not embed, e.g.
nomic-embed-text on Ollama) and a hybrid of both — then answers every question with the best one
through your answer() and the chat model. Logs recall_at_3_<retriever>, answer_accuracy,
citation_rate and questions, and writes full/answers.jsonl.
"""
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402
import llm_client  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


class ModelEmbedder:
    """Dense embeddings from the model server, scaled to length 1. fit() has nothing to learn."""

    def fit(self, texts):
        return self

    def embed(self, texts):
        vectors = np.array(llm_client.embed(list(texts)), dtype=float)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class HybridEmbedder:
    """TF-IDF and dense vectors side by side, each scaled by sqrt(1/2): the cosine of two hybrid
    vectors is the average of the lexical and the dense cosine."""

    def __init__(self):
        self.lexical, self.dense = exercise.TfidfEmbedder(), ModelEmbedder()

    def fit(self, texts):
        self.lexical.fit(texts)
        return self

    def embed(self, texts):
        half = np.sqrt(0.5)
        return np.hstack([self.lexical.embed(texts) * half, self.dense.embed(texts) * half])


def is_correct(reply, expected):
    """A crude grader: every number of the expected answer, or else each of its words of 4+ letters, is in the reply."""
    got = set(exercise.tokenize(reply))
    words = exercise.tokenize(expected)
    key = [w for w in words if any(ch.isdigit() for ch in w)] or [w for w in words if len(w) >= 4]
    return all(w in got for w in key)


def main():
    documents = exercise.load_handbook("data/handbook")
    with open("data/questions.jsonl", encoding="utf-8") as f:
        questions = [json.loads(line) for line in f if line.strip()]
    chunker = lambda text: exercise.chunk_paragraphs(text, 60)  # noqa: E731
    chunks = [c for text in documents.values() for c in chunker(text)]
    best_name, best_index, best_recall = None, None, -1.0
    for name, embedder in (("tfidf", exercise.TfidfEmbedder()), ("embed", ModelEmbedder()), ("hybrid", HybridEmbedder())):
        try:
            index = exercise.Index(chunks, embedder)
            ranked = [index.search(q["question"], 3) for q in questions]
        except llm_client.ModelError as error:
            print(f"{name}: the server could not embed ({error}); skipped")
            continue
        relevant = [{i for i, c in enumerate(chunks) if q["answer"].lower() in c.lower()} for q in questions]
        recall = exercise.recall_at_k(ranked, relevant, 3)
        print(f"{name:7s} recall@3 {recall:.3f}")
        log_metric(f"recall_at_3_{name}", recall)
        if recall > best_recall:
            best_name, best_index, best_recall = name, index, recall
    print(f"answering with the {best_name} retriever")
    correct = cited = 0
    with open("full/answers.jsonl", "w", encoding="utf-8") as out:
        for q in questions:
            result = exercise.answer(q["question"], best_index, k=3, model=llm_client.chat)
            ok = is_correct(result["answer"], q["answer"])
            correct += ok
            cited += bool(result["sources"])
            out.write(json.dumps({"question": q["question"], "expected": q["answer"], "answer": result["answer"],
                                  "sources": result["sources"], "correct": ok}) + "\n")
    log_metric("questions", len(questions))
    log_metric("answer_accuracy", correct / len(questions))
    log_metric("citation_rate", cited / len(questions))
    print(f"{correct}/{len(questions)} answers right, {cited} with a valid citation; see full/answers.jsonl")


if __name__ == "__main__":
    main()
