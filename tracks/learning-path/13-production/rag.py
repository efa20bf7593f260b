"""Stage 09 (RAG): a BM25 retriever over 40 notes, recall@k, a two-hop search for multi-hop
questions, and a grounded answer with citations.

    python3 exercise.py          # recall before and after the fix, and two example retrievals
    trail check rag              # runs the tests

Standard library and numpy only. answer() calls a model only when you run it with one: the
tests give it a fake model, and llm_client.chat talks to any OpenAI-compatible server.
"""
import json
import math
import re

import numpy as np

STOPWORDS = set(
    "a an and are as at be by do does for from how in is it its of on or that the this to "
    "was what when where which who with".split()
)


def tokenize(text):
    """Lower-case words and numbers, stopwords removed: 'The Billing service!' -> ['billing', 'service']."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def note_text(note):
    """What the retriever indexes for a note: its title, then its text."""
    return note["title"] + ". " + note["text"]


class BM25:
    """Okapi BM25 over a list of texts; documents are known by their index in that list."""

    def __init__(self, texts, k1=1.5, b=0.75):
        self.k1, self.b = k1, b
        self.docs = [tokenize(t) for t in texts]
        self.n_docs = len(self.docs)
        self.lengths = np.array([len(d) for d in self.docs], dtype=float)
        self.avgdl = self.lengths.mean()
        self.tf = []                      # one {term: count} per document
        self.df = {}                      # term -> number of documents that contain it
        for doc in self.docs:
            counts = {}
            for term in doc:
                counts[term] = counts.get(term, 0) + 1
            self.tf.append(counts)
            for term in counts:
                self.df[term] = self.df.get(term, 0) + 1

    def idf(self, term):
        n = self.df.get(term, 0)
        return math.log(1 + (self.n_docs - n + 0.5) / (n + 0.5))

    def scores(self, query):
        out = np.zeros(self.n_docs)
        for term in set(tokenize(query)):
            idf = self.idf(term)
            for i, counts in enumerate(self.tf):
                f = counts.get(term, 0)
                if f:
                    norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avgdl)
                    out[i] += idf * f * (self.k1 + 1) / (f + norm)
        return out

    def search(self, query, k):
        s = self.scores(query)
        return sorted(range(self.n_docs), key=lambda i: (-s[i], i))[:k]


def recall_at_k(retrieved, relevant):
    """Share of the relevant ids that appear among the retrieved ones."""
    relevant = set(relevant)
    return len(relevant & set(retrieved)) / len(relevant)


def evaluate(search_fn, questions, k):
    """Mean recall@k of search_fn(question_text, k) -> list of note ids over the questions."""
    return float(np.mean([recall_at_k(search_fn(q["question"], k), q["relevant"]) for q in questions]))


def bridge_terms(bm25, question, doc_index, n=3):
    """The n terms of document doc_index with the highest idf that are not in the question and
    that occur in at least one other document; ties go to the term that comes first in the document."""
    in_question = set(tokenize(question))
    seen = []
    for term in bm25.docs[doc_index]:
        if term not in in_question and term not in seen and bm25.df[term] >= 2:
            seen.append(term)
    # sorted() is stable, so equal idfs keep their order of first appearance
    return sorted(seen, key=lambda t: -bm25.idf(t))[:n]


def two_hop_search(bm25, question, k, n_terms=3):
    """Hop 1 searches the question; hop 2 searches the question plus the bridge terms of hop 1's
    best document. Result: hop 1's best, then hop 2's results, then the rest of hop 1, no
    duplicates, at most k."""
    first = bm25.search(question, k)
    terms = bridge_terms(bm25, question, first[0], n_terms)
    second = bm25.search(question + " " + " ".join(terms), k)
    merged = []
    for i in [first[0]] + second + first:
        if i not in merged:
            merged.append(i)
    return merged[:k]


SYSTEM = (
    "Answer the question using only the notes below. After each fact, cite the note it comes "
    "from by its id in square brackets, like [n07]. If the notes do not contain the answer, "
    "say: I don't know."
)


def build_messages(question, notes):
    """Chat messages for a grounded answer: the rules as a system message, then each note as
    '[id] title. text' on its own line, then the question."""
    context = "\n".join(f"[{n['id']}] {note_text(n)}" for n in notes)
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Notes:\n{context}\n\nQuestion: {question}"},
    ]


def answer(question, bm25, notes, k=3, model=None):
    """Retrieve with two_hop_search, ask the model, and keep only citations of retrieved notes.

    Returns {"answer": the model's text, "sources": cited ids that were retrieved, in order of
    first citation, "retrieved": the retrieved ids}.
    """
    if model is None:
        from llm_client import chat as model
    retrieved = [notes[i] for i in two_hop_search(bm25, question, k)]
    reply = model(build_messages(question, retrieved))
    ids = [n["id"] for n in retrieved]
    sources = []
    for cited in re.findall(r"\[([^\[\]]+)\]", reply):
        if cited in ids and cited not in sources:
            sources.append(cited)
    return {"answer": reply, "sources": sources, "retrieved": ids}


if __name__ == "__main__":
    notes = load_jsonl("data/notes.jsonl")
    questions = load_jsonl("data/questions.jsonl")
    ids = [n["id"] for n in notes]
    bm25 = BM25([note_text(n) for n in notes])

    def plain(q, k):
        return [ids[i] for i in bm25.search(q, k)]

    def two_hop(q, k):
        return [ids[i] for i in two_hop_search(bm25, q, k)]

    for kind in ("single", "multi-hop"):
        subset = [q for q in questions if q["kind"] == kind]
        print(f"{kind:9s} ({len(subset)} questions)  recall@3  BM25 {evaluate(plain, subset, 3):.3f}"
              f"   two-hop {evaluate(two_hop, subset, 3):.3f}")
    q = "Who is the lead of the team that owns the billing service?"
    print(f"\n{q}\n  BM25:    {plain(q, 3)}\n  two-hop: {two_hop(q, 3)}")
    for q in (q for q in questions if q["kind"] == "ambiguous"):
        print(f"ambiguous: {q['question']!r} -> {plain(q['question'], 3)} (could mean any of {q['relevant']})")
