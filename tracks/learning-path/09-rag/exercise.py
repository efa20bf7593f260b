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
        self.docs = [tokenize(t) for t in texts]   # each document as its list of terms
        # TODO: the number of documents, each document's length (its number of terms) and the
        #       average length avgdl
        # TODO: for each document a {term: count} dict (term frequencies), and for each term the
        #       number of documents that contain it (document frequency)
        raise NotImplementedError("BM25.__init__: count terms and documents")

    def idf(self, term):
        """ln(1 + (N - n + 0.5) / (n + 0.5)), n = number of documents that contain the term (0 if none)."""
        # TODO
        raise NotImplementedError("BM25.idf")

    def scores(self, query):
        """A numpy array with one BM25 score per document, summed over the DISTINCT terms of the query."""
        # TODO: for each term of set(tokenize(query)) and each document where it occurs f > 0 times:
        #       idf * f * (k1 + 1) / (f + k1 * (1 - b + b * length / avgdl))
        raise NotImplementedError("BM25.scores")

    def search(self, query, k):
        """Indices of the k best-scoring documents, best first; equal scores in document order."""
        # TODO
        raise NotImplementedError("BM25.search")


def recall_at_k(retrieved, relevant):
    """Share of the relevant ids that appear among the retrieved ones."""
    # TODO
    raise NotImplementedError("recall_at_k")


def evaluate(search_fn, questions, k):
    """Mean recall@k of search_fn(question_text, k) -> list of note ids over the questions."""
    # TODO: one recall_at_k per question (q["question"], q["relevant"]), then the mean
    raise NotImplementedError("evaluate")


def bridge_terms(bm25, question, doc_index, n=3):
    """The n terms of document doc_index with the highest idf that are not in the question and
    that occur in at least one other document; ties go to the term that comes first in the document."""
    # TODO: walk the document's terms in order, keep each new one that is not a question term
    #       and whose document frequency is at least 2; then sort by idf, highest first (a stable
    #       sort keeps equal idfs in order of appearance) and keep n
    raise NotImplementedError("bridge_terms")


def two_hop_search(bm25, question, k, n_terms=3):
    """Hop 1 searches the question; hop 2 searches the question plus the bridge terms of hop 1's
    best document. Result: hop 1's best, then hop 2's results, then the rest of hop 1, no
    duplicates, at most k."""
    # TODO: first = hop 1's k results; terms = bridge_terms of first[0]
    # TODO: second = the k results of the query question + " " + " ".join(terms)
    # TODO: merge first[0], then second, then first, skipping indices already taken; cut at k
    raise NotImplementedError("two_hop_search")


def build_messages(question, notes):
    """Chat messages for a grounded answer: the rules as a system message, then each note as
    '[id] title. text' on its own line, then the question."""
    # TODO: a system message that says: answer only from the notes, cite note ids in square
    #       brackets like [n07], and say "I don't know" when the notes do not hold the answer
    # TODO: a user message with the notes ('[id] ' + note_text(note), one a line) and the question
    raise NotImplementedError("build_messages")


def answer(question, bm25, notes, k=3, model=None):
    """Retrieve with two_hop_search, ask the model, and keep only citations of retrieved notes.

    Returns {"answer": the model's text, "sources": cited ids that were retrieved, in order of
    first citation, "retrieved": the retrieved ids}.
    """
    if model is None:
        from llm_client import chat as model
    # TODO: the retrieved notes, build_messages, one call model(messages) -> reply text
    # TODO: the ids in square brackets in the reply (re.findall(r"\[([^\[\]]+)\]", reply)),
    #       keeping each retrieved id once, in order of first citation
    raise NotImplementedError("answer")


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
