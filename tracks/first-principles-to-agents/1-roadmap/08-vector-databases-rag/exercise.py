"""Section 8 (Vector Databases & RAG): retrieval-augmented generation written by hand.

Chunk a handbook, embed the chunks (TF-IDF, no model needed), search by cosine similarity,
measure recall@k on questions with known answers, and build the prompt a model answers from.

    python3 exercise.py                     # recall@k of two chunking strategies, and the misses
    trail check vector-databases-rag        # runs the tests

Only the standard library and numpy (pip install numpy). Fill in every TODO. answer() calls a model: by default
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
    # TODO: refuse a bad overlap with ValueError
    # TODO: split on whitespace; windows start at 0, size - overlap, 2 (size - overlap), ...;
    #       join each window's words with single spaces; stop after the window that reaches the end
    raise NotImplementedError("chunk_words")


def chunk_paragraphs(text, max_words):
    """Paragraphs (split on blank lines), consecutive ones merged while the total stays <= max_words.

    A paragraph longer than max_words on its own is cut with chunk_words(p, max_words, 0).
    """
    # TODO: split on blank lines: re.split(r"\n\s*\n", text); skip empty paragraphs
    # TODO: keep a list of words for the chunk being built; add a paragraph while the total stays
    #       <= max_words, else close the chunk (words joined by spaces) and start a new one
    # TODO: a paragraph longer than max_words: close the current chunk, then add chunk_words(p, max_words, 0)
    raise NotImplementedError("chunk_paragraphs")


# ---------------------------------------------------------------- embeddings

class TfidfEmbedder:
    """Sparse lexical embeddings: one dimension per word of the fitted chunks.

    idf(w) = ln((1 + N) / (1 + df(w))) + 1, with N chunks and df(w) the chunks containing w.
    A text's vector is count(w) * idf(w) for each known word, scaled to length 1 (all zeros if
    it has no known word). Words never seen in fit are ignored.
    """

    def fit(self, texts):
        # TODO: self.vocab = {word: column} over every word of every text (tokenize)
        # TODO: df[w] = number of texts containing w; self.idf = ln((1 + N) / (1 + df)) + 1
        raise NotImplementedError("TfidfEmbedder.fit")

    def embed(self, texts):
        # TODO: one row per text: count each known word, multiply by idf, divide by the row's
        #       length (leave an all-zero row as it is)
        raise NotImplementedError("TfidfEmbedder.embed")


# ---------------------------------------------------------------- similarity search

def cosine_top_k(query_vector, matrix, k):
    """Indices of the k rows of matrix most similar to query_vector by cosine, best first (ties: lower index)."""
    # TODO: cosine of the query with every row (divide by both lengths; 0 for a zero vector)
    # TODO: the k best indices, best first; a stable sort keeps the lower index first on ties
    raise NotImplementedError("cosine_top_k")


class Index:
    """A tiny vector store: chunks, their vectors, and the embedder that made them."""

    def __init__(self, chunks, embedder):
        self.chunks = list(chunks)
        self.embedder = embedder.fit(self.chunks)
        self.vectors = self.embedder.embed(self.chunks)

    def search(self, query, k):
        """Indices of the k chunks most similar to the query, best first."""
        raise NotImplementedError("Index.search")  # TODO: embed the query, then cosine_top_k


def build_index(documents, chunker):
    """Chunk every document with chunker(text) -> [chunks], in document order, and index all chunks with TF-IDF."""
    raise NotImplementedError("build_index")  # TODO: all chunks of all documents, then Index(chunks, TfidfEmbedder())


# ---------------------------------------------------------------- evaluation

def recall_at_k(ranked, relevant, k):
    """Share of queries with at least one relevant index among their first k results.

    ranked[i]: the result indices of query i, best first; relevant[i]: a set of indices.
    """
    raise NotImplementedError("recall_at_k")  # TODO: count the queries with a hit in their first k


# ---------------------------------------------------------------- generation

SYSTEM = ("Answer the question using only the numbered context passages. Cite the passages you use "
          "as [1], [2], ... If the context does not contain the answer, say you do not know.")


def build_messages(question, passages):
    """Chat messages: the SYSTEM instruction, then one user message with the passages numbered
    from [1] in the order given, each on its own line as '[n] text', then a line 'Question: ...'."""
    # TODO: [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ...}]
    raise NotImplementedError("build_messages")


def answer(question, index, k=3, model=llm_client.chat):
    """Retrieve k chunks, ask model(messages) -> str, return {"answer", "sources"}.

    sources: the chunks the answer cites, [n] meaning the n-th retrieved chunk, in the order
    first cited, each once; citations outside 1..k are ignored.
    """
    # TODO: the k passages from index.search, the messages, one call to model(messages)
    # TODO: every [n] in the reply (re.findall(r"\[(\d+)\]", reply)) -> passage n, once each, in order
    raise NotImplementedError("answer")


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
