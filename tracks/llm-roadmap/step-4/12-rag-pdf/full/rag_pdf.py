"""The full exercise: RAG over a PDF with a model server's embeddings, FAISS and a chat model.

    pip install pypdf faiss-cpu
    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 \
    OPENAI_EMBEDDING_MODEL=nomic-embed-text python3 full/rag_pdf.py [your.pdf questions.json]

Read the PDF page by page with pypdf, splits each page into chunks with YOUR make_chunks,
embed them with the server's /embeddings endpoint (llm_client.embed), store them in a FAISS
IndexFlatIP (vectors scaled to length 1, so inner product = cosine), and for each question
retrieve 3 chunks and ask the chat model with YOUR build_messages and parse_reply. Log
recall_at_3 (the expected page is among the retrieved chunks) and answers_right (the answer holds
the expected words and cites exactly the expected page), and write rag_report.json.
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
    # TODO: the text of every page with PdfReader(pdf_path).pages and .extract_text(); exercise.make_chunks
    # TODO: embed the chunks (embed() above), faiss.IndexFlatIP(dim), index.add(vectors)
    # TODO: for each question: index.search(embed([question]), 3); exercise.build_messages on the found
    #       chunks; llm_client.chat; exercise.parse_reply against the found pages; count recall and right
    # TODO: log_metric("recall_at_3", ...), log_metric("answers_right", ...); write rag_report.json
    raise NotImplementedError("RAG over the PDF")

if __name__ == "__main__":
    args = sys.argv[1:3] if len(sys.argv) > 2 else ["data/manual.pdf", "data/questions.json"]
    main(*args)
