"""Section 8 (Vector Databases & RAG): retrieval-augmented generation written by hand.

Chunk a handbook, embed the chunks (TF-IDF, no model needed), search by cosine similarity,
measure recall@k on questions with known answers, and build the prompt a model answers from.

    python3 exercise.py                     # recall@k of two chunking strategies, and the misses
    trail check vector-databases-rag        # runs the tests

Only the standard library and numpy (pip install numpy). answer() calls a model: by default
llm_client.chat, which reads OPENAI_BASE_URL and OPENAI_MODEL; the tests pass a fake one.
"""
import math
import os
import re

import numpy as np

import llm_client


def tokenize(text):
    """Lower-case words and numbers: 'Ledgerly app, 30 days' -> ['ledgerly', 'app', '30', 'days']."""
    return re.findall(r"[a-z0-9]+", text.lower())


def load_handbook(folder="data/handbook"):
    """{document name: text} for every .md file in the folder, names without '.md', sorted."""
    return {name[:-3]: open(os.path.join(folder, name), encoding="utf-8").read()
            for name in sorted(os.listdir(folder)) if name.endswith(".md")}


# ---------------------------------------------------------------- chunking

def chunk_words(text, size, overlap):
    """Windows of `size` words (split on whitespace), each starting size - overlap words after the last.

    The last window may be shorter; stop once a window reaches the end. Raises ValueError unless
    0 <= overlap < size.
    """
    if not 0 <= overlap < size:
        raise ValueError("need 0 <= overlap < size")
    words = text.split()
    chunks = []
    for start in range(0, len(words), size - overlap):
        chunks.append(" ".join(words[start:start + size]))
        if start + size >= len(words):
            break
    return chunks


def chunk_paragraphs(text, max_words):
    """Paragraphs (split on blank lines), consecutive ones merged while the total stays <= max_words.

    A paragraph longer than max_words on its own is cut with chunk_words(p, max_words, 0).
    """
    chunks, current = [], []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not paragraph:
            continue
        words = paragraph.split()
        if len(words) > max_words:
            if current:
                chunks.append(" ".join(current))
                current = []
            chunks.extend(chunk_words(paragraph, max_words, 0))
        elif len(current) + len(words) <= max_words:
            current.extend(words)
        else:
            chunks.append(" ".join(current))
            current = list(words)
    if current:
        chunks.append(" ".join(current))
    return chunks


# ---------------------------------------------------------------- embeddings

class TfidfEmbedder:
    """Sparse lexical embeddings: one dimension per word of the fitted chunks.

    idf(w) = ln((1 + N) / (1 + df(w))) + 1, with N chunks and df(w) the chunks containing w.
    A text's vector is count(w) * idf(w) for each known word, scaled to length 1 (all zeros if
    it has no known word). Words never seen in fit are ignored.
    """

    def fit(self, texts):
        docs = [set(tokenize(t)) for t in texts]
        self.vocab = {w: i for i, w in enumerate(sorted(set().union(*docs)))}
        df = np.zeros(len(self.vocab))
        for words in docs:
            for w in words:
                df[self.vocab[w]] += 1
        self.idf = np.log((1 + len(docs)) / (1 + df)) + 1
        return self

    def embed(self, texts):
        vectors = np.zeros((len(texts), len(self.vocab)))
        for row, text in enumerate(texts):
            for w in tokenize(text):
                if w in self.vocab:
                    vectors[row, self.vocab[w]] += 1
        vectors *= self.idf
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


# ---------------------------------------------------------------- similarity search

def cosine_top_k(query_vector, matrix, k):
    """Indices of the k rows of matrix most similar to query_vector by cosine, best first (ties: lower index)."""
    norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query_vector)
    scores = matrix @ query_vector / np.where(norms == 0, 1, norms)
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


class Index:
    """A tiny vector store: chunks, their vectors, and the embedder that made them."""

    def __init__(self, chunks, embedder):
        self.chunks = list(chunks)
        self.embedder = embedder.fit(self.chunks)
        self.vectors = self.embedder.embed(self.chunks)

    def search(self, query, k):
        """Indices of the k chunks most similar to the query, best first."""
        return cosine_top_k(self.embedder.embed([query])[0], self.vectors, k)


def build_index(documents, chunker):
    """Chunk every document with chunker(text) -> [chunks], in document order, and index all chunks with TF-IDF."""
    chunks = [c for text in documents.values() for c in chunker(text)]
    return Index(chunks, TfidfEmbedder())


# ---------------------------------------------------------------- evaluation

def recall_at_k(ranked, relevant, k):
    """Share of queries with at least one relevant index among their first k results.

    ranked[i]: the result indices of query i, best first; relevant[i]: a set of indices.
    """
    hits = sum(1 for r, rel in zip(ranked, relevant) if set(r[:k]) & set(rel))
    return hits / len(ranked)


# ---------------------------------------------------------------- generation

SYSTEM = ("Answer the question using only the numbered context passages. Cite the passages you use "
          "as [1], [2], ... If the context does not contain the answer, say you do not know.")


def build_messages(question, passages):
    """Chat messages: the SYSTEM instruction, then one user message with the passages numbered
    from [1] in the order given, each on its own line as '[n] text', then a line 'Question: ...'."""
    context = "\n".join(f"[{n}] {p}" for n, p in enumerate(passages, start=1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Context:\n{context}\n\nQuestion: {question}"}]


def answer(question, index, k=3, model=llm_client.chat):
    """Retrieve k chunks, ask model(messages) -> str, return {"answer", "sources"}.

    sources: the chunks the answer cites, [n] meaning the n-th retrieved chunk, in the order
    first cited, each once; citations outside 1..k are ignored.
    """
    passages = [index.chunks[i] for i in index.search(question, k)]
    reply = model(build_messages(question, passages))
    cited = []
    for n in (int(m) for m in re.findall(r"\[(\d+)\]", reply)):
        if 1 <= n <= len(passages) and passages[n - 1] not in cited:
            cited.append(passages[n - 1])
    return {"answer": reply, "sources": cited}


if __name__ == "__main__":
    import json
    documents = load_handbook()
    questions = [json.loads(line) for line in open("data/questions.jsonl", encoding="utf-8")]
    strategies = {"words 60/15": lambda t: chunk_words(t, 60, 15),
                  "paragraphs 80": lambda t: chunk_paragraphs(t, 80),
                  "whole documents": lambda t: [t]}
    for name, chunker in strategies.items():
        index = build_index(documents, chunker)
        ranked = [index.search(q["question"], 5) for q in questions]
        relevant = [{i for i, c in enumerate(index.chunks) if q["answer"].lower() in c.lower()} for q in questions]
        recalls = ", ".join(f"@{k} {recall_at_k(ranked, relevant, k):.2f}" for k in (1, 3, 5))
        print(f"{name:16s} {len(index.chunks):3d} chunks, recall {recalls}")
        if name == "paragraphs 80":
            misses = [q["question"] for q, r, rel in zip(questions, ranked, relevant) if not set(r[:3]) & rel]
            print("  missed at 3:", *misses, sep="\n    ")
