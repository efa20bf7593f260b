"""M11 against a real model: your RAG pipeline (exercise.py) with the configured server's
embeddings and chat model, evaluated on data/qa.jsonl.

    export OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2   # e.g. Ollama
    export OPENAI_EMBEDDING_MODEL=nomic-embed-text                          # optional
    python3 full/rag_eval.py

Writes full/rag_report.json and logs recall_at_k and answer_accuracy.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import llm_client  # noqa: E402
from exercise import Retriever, evaluate, load_jsonl, make_chunks, write_report  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


def main(k=3):
    docs = load_jsonl(os.path.join(HERE, "..", "data", "docs.jsonl"))
    qa = load_jsonl(os.path.join(HERE, "..", "data", "qa.jsonl"))
    # TODO: a Retriever over make_chunks(docs) with embed=llm_client.embed; evaluate the QA set with
    # model=llm_client.chat and k; write_report(result, full/rag_report.json); log_metric the
    # recall_at_k and the answer_accuracy.
    raise NotImplementedError("full/rag_eval.py")
    for row in result["rows"]:
        print("✓" if row.get("correct") else "✗", {k: v for k, v in row.items() if k != "correct"})
    print(f"recall@{k} {result['recall_at_k']:.2f}, answer accuracy {result['answer_accuracy']:.2f}")


if __name__ == "__main__":
    main()
