"""Retrieval-augmented generation (RAG) over a manual: split it into overlapping chunks, embed
them, search by cosine similarity, and let a model answer from the chunks it is given, citing
their pages.

    python3 exercise.py "How long is the warranty?"     # needs a model server for the answer
    trail check rag-pdf

The core works on data/manual.txt (the text of data/manual.pdf, pages separated by form feeds)
with a local hashing embedding; the full exercise reads the PDF and uses a model server's
embeddings and FAISS. Python 3 and numpy.
"""
import json
import re
import zlib

import numpy as np

import llm_client

DIM = 512
UNKNOWN = "I don't know."
STOPWORDS = {"the", "and", "for", "are", "with", "that", "this", "from", "how", "what", "which", "does",
             "many", "much", "can", "you", "your", "its", "into", "when", "until", "at", "by", "to", "of",
             "in", "on", "is", "it", "or", "an", "be", "do", "as", "if", "so", "up", "we", "my"}
SYSTEM_PROMPT = """You answer questions about a product manual.
Use ONLY the excerpts given between <chunk> tags; each has the page it comes from.
Reply with one JSON object and nothing else: {"answer": "<short answer>", "pages": [<page numbers you used>]}
If the excerpts do not contain the answer, reply {"answer": "I don't know.", "pages": []}."""


def load_pages(path="data/manual.txt"):
    """The manual's pages: the text split at form feeds ("\\f"), each stripped."""
    with open(path) as f:
        return [page.strip() for page in f.read().split("\f")]


def chunk_words(words, size=60, overlap=20):
    """Windows of `size` words; each starts size - overlap words after the previous one. The last
    window is the first that reaches the end (it may be shorter). Fewer words than size: one window."""
    step = size - overlap
    chunks, start = [], 0
    while True:
        chunks.append(words[start:start + size])
        if start + size >= len(words):
            return chunks
        start += step


def make_chunks(pages, size=60, overlap=20):
    """Chunks of every page (never across pages): [{"id": 0, 1, ..., "page": 1-based page number,
    "text": the words joined by single spaces}]."""
    chunks = []
    for number, page in enumerate(pages, start=1):
        for words in chunk_words(page.split(), size, overlap):
            chunks.append({"id": len(chunks), "page": number, "text": " ".join(words)})
    return chunks


def tokens(text):
    """Lower-case runs of letters and digits, at least 2 characters, not in STOPWORDS."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 2 and w not in STOPWORDS]


def hash_embed(texts):
    """A local embedding: for each text, a DIM-dimensional vector that adds 1 at position
    zlib.crc32(word.encode()) % DIM for each of its tokens, then scaled to length 1 (an empty
    text stays all zeros). Returns an array (len(texts), DIM)."""
    out = np.zeros((len(texts), DIM))
    for i, text in enumerate(texts):
        for w in tokens(text):
            out[i, zlib.crc32(w.encode()) % DIM] += 1.0
        norm = np.linalg.norm(out[i])
        if norm > 0:
            out[i] /= norm
    return out


class VectorIndex:
    """Exact search by inner product, like FAISS's IndexFlatIP: with unit vectors, the inner
    product is the cosine similarity."""

    def __init__(self, dim):
        self.vectors = np.zeros((0, dim))

    def add(self, vectors):
        self.vectors = np.vstack([self.vectors, np.asarray(vectors, float)])

    def search(self, query, k):
        """(scores, ids) of the k stored vectors with the largest inner product with query,
        best first (ties by smaller id)."""
        scores = self.vectors @ np.asarray(query, float)
        ids = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]
        return [float(scores[i]) for i in ids], ids


def build_index(chunks, embed=hash_embed):
    index = VectorIndex(len(embed(["probe"])[0]))
    index.add(embed([c["text"] for c in chunks]))
    return index


def retrieve(question, chunks, index, embed=hash_embed, k=3):
    """The k chunks whose vectors are most similar to the question's."""
    _, ids = index.search(embed([question])[0], k)
    return [chunks[i] for i in ids]


def build_messages(question, chunks):
    """[system message with SYSTEM_PROMPT, user message]: every chunk as
        <chunk page="P">
        TEXT
        </chunk>
    separated by blank lines, then a blank line and "Question: " + the question."""
    blocks = "\n\n".join(f'<chunk page="{c["page"]}">\n{c["text"]}\n</chunk>' for c in chunks)
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"{blocks}\n\nQuestion: {question}"}]


def parse_reply(reply, allowed_pages):
    """{"answer": str, "pages": [int]} from the JSON object in the reply (first "{" to last "}"),
    keeping only pages in allowed_pages; a reply that is not such an object, or an answer that
    says "I don't know", gives {"answer": UNKNOWN, "pages": []}."""
    start, end = reply.find("{"), reply.rfind("}")
    try:
        data = json.loads(reply[start:end + 1]) if 0 <= start < end else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("answer"), str) or not isinstance(data.get("pages"), list):
        return {"answer": UNKNOWN, "pages": []}
    if "i don't know" in data["answer"].lower():
        return {"answer": UNKNOWN, "pages": []}
    pages = [p for p in data["pages"] if isinstance(p, int) and p in allowed_pages]
    return {"answer": data["answer"].strip(), "pages": pages}


def answer(question, chunks, index, model=None, embed=hash_embed, k=3):
    """RAG: retrieve k chunks, build the messages, call the model once, parse the reply against
    the pages of the retrieved chunks."""
    model = model or llm_client.chat
    found = retrieve(question, chunks, index, embed, k)
    return parse_reply(model(build_messages(question, found)), {c["page"] for c in found})


if __name__ == "__main__":
    import sys
    question = " ".join(sys.argv[1:]) or "How long is the warranty of the T2?"
    chunks = make_chunks(load_pages())
    index = build_index(chunks)
    for c in retrieve(question, chunks, index):
        print(f"page {c['page']}: {c['text'][:80]}…")
    print(answer(question, chunks, index))
