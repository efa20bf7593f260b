"""The full exercise: RAG over a PDF with a model server's embeddings, FAISS and a chat model.

    pip install pypdf faiss-cpu
    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 \
    OPENAI_EMBEDDING_MODEL=nomic-embed-text python3 full/rag_pdf.py [your.pdf questions.json]

Reads the PDF page by page with pypdf, splits each page into chunks with YOUR make_chunks,
embeds them with the server's /embeddings endpoint (llm_client.embed), stores them in a FAISS
IndexFlatIP (vectors scaled to length 1, so inner product = cosine), and for each question
retrieves 3 chunks and asks the chat model with YOUR build_messages and parse_reply. Logs
recall_at_3 (the expected page is among the retrieved chunks) and answers_right (the answer holds
the expected words and cites exactly the expected page), and writes rag_report.json.
LangChain and LlamaIndex wrap these same steps (loader, splitter, embeddings, vector store,
retriever, prompt); doing them by hand once shows what they do.
"""
import json
import os
import sys

import faiss
import numpy as np
from pypdf import PdfReader

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402
import llm_client  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


def embed(texts):
    vectors = np.array(llm_client.embed(texts), dtype="float32")
    faiss.normalize_L2(vectors)
    return vectors


def main(pdf_path, questions_path):
    pages = [page.extract_text() or "" for page in PdfReader(pdf_path).pages]
    chunks = exercise.make_chunks(pages)
    vectors = embed([c["text"] for c in chunks])
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    print(f"{len(pages)} pages, {len(chunks)} chunks, {vectors.shape[1]}-dimensional embeddings")

    with open(questions_path) as f:
        questions = json.load(f)
    hits = right = 0
    report = []
    for q in questions:
        _, ids = index.search(embed([q["question"]]), 3)
        found = [chunks[i] for i in ids[0] if i >= 0]
        pages_found = {c["page"] for c in found}
        result = exercise.parse_reply(llm_client.chat(exercise.build_messages(q["question"], found)), pages_found)
        hit = q["page"] in pages_found
        ok = q["expect"].lower() in result["answer"].lower() and result["pages"] == [q["page"]]
        hits, right = hits + hit, right + ok
        report.append({**q, **result, "retrieved_pages": sorted(pages_found), "right": ok})
        print(f"{'✓' if ok else '✗'} {q['question']}\n    {result['answer']}  pages {result['pages']}")
    log_metric("recall_at_3", hits / len(questions))
    log_metric("answers_right", right)
    with open("rag_report.json", "w") as f:
        json.dump(report, f, indent=2)
    print(f"recall@3 {hits}/{len(questions)}, answers right {right}/{len(questions)}")


if __name__ == "__main__":
    args = sys.argv[1:3] if len(sys.argv) > 2 else ["data/manual.pdf", "data/questions.json"]
    main(*args)
