"""Tests of the RAG pipeline in exercise.py, offline: a fake embedding (hashed bag of words) and
a fake model that can only answer when the retrieved context it is given holds the answer."""
import json
import os
import re
import tempfile
import unittest
import zlib

import numpy as np
from trail_metrics import log_metric

from exercise import (Retriever, answer, build_messages, chunk_text, cosine_top_k, evaluate, is_correct, load_jsonl,
                      make_chunks, normalize, write_report)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
DOCS = load_jsonl(os.path.join(DATA, "docs.jsonl"))
QA = load_jsonl(os.path.join(DATA, "qa.jsonl"))
STOP = set("a an the of to in on is are for at by be and or with what which how many much does do from per each "
           "every who".split())


def fake_embed(texts, dim=256):
    """A deterministic stand-in for an embedding model: hashed counts of the content words."""
    out = []
    for text in texts:
        v = np.zeros(dim)
        for w in re.findall(r"[a-z0-9]+", text.lower()):
            if w not in STOP:
                v[zlib.crc32(w.encode()) % dim] += 1.0
        out.append(v.tolist())
    return out


class FakeReader:
    """A stand-in for the model: it answers a question of the QA set only if the answer is in the
    context it was given (the last user message), and records every call."""

    def __init__(self):
        self.calls = []

    def __call__(self, messages):
        self.calls.append(messages)
        user = [m["content"] for m in messages if m["role"] == "user"][-1]
        for item in QA:
            if item["question"] in user:
                context = user.replace(item["question"], "")
                if item["answer"].lower() in context.lower():
                    return f"It is {item['answer']}."
                return "I don't know."
        return "I don't know."


class ChunkTest(unittest.TestCase):
    def test_short_text_is_one_chunk(self):
        self.assertEqual(chunk_text("one two three", size=5, overlap=2), ["one two three"])

    def test_windows_overlap_and_cover_the_end(self):
        words = " ".join(f"w{i}" for i in range(10))
        chunks = chunk_text(words, size=4, overlap=1)
        self.assertEqual(chunks, ["w0 w1 w2 w3", "w3 w4 w5 w6", "w6 w7 w8 w9"],
                         "windows of 4 words, each starting 3 words after the previous one")
        chunks = chunk_text(" ".join(f"w{i}" for i in range(11)), size=4, overlap=1)
        self.assertTrue(chunks[-1].endswith("w10"), "the last chunk reaches the last word")
        self.assertEqual(len(chunks), 4)


class RetrievalTest(unittest.TestCase):
    def test_cosine_top_k(self):
        matrix = [[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 0.0]]
        self.assertEqual(list(cosine_top_k([0.0, 1.0], matrix, 2)), [1, 2],
                         "cosine ignores length: (0, 2) is most similar to (0, 1), then (3, 3)")
        self.assertEqual(list(cosine_top_k([1.0, 0.1], matrix, 4))[-1], 3, "the opposite direction comes last")

    def test_retriever_finds_the_right_document(self):
        retriever = Retriever(make_chunks(DOCS), embed=fake_embed)
        hits = [c["doc"] for c in retriever.search("How long is the warranty of the hardware?", 3)]
        self.assertEqual(len(hits), 3, "search returns k chunks")
        self.assertEqual(hits[0], "warranty")

    def test_embed_is_called_once_for_the_corpus(self):
        calls = []

        def counting_embed(texts):
            calls.append(len(texts))
            return fake_embed(texts)

        retriever = Retriever(make_chunks(DOCS), embed=counting_embed)
        self.assertEqual(calls, [len(make_chunks(DOCS))], "embed all chunks in one call when the retriever is built")
        retriever.search("How long is the warranty?", 3)
        retriever.search("Who founded the company?", 3)
        self.assertLessEqual(sum(calls[1:]), 2, "a search embeds only the question, not the corpus again")


class GenerationTest(unittest.TestCase):
    def test_messages_hold_the_context_and_the_question(self):
        chunks = [{"doc": "a", "text": "Alpha text."}, {"doc": "b", "text": "Beta text."}]
        messages = build_messages("What is alpha?", chunks)
        self.assertEqual(messages[0]["role"], "system", "the first message gives the rules")
        user = messages[-1]
        self.assertEqual(user["role"], "user")
        for needle in ("Alpha text.", "Beta text.", "What is alpha?"):
            self.assertIn(needle, user["content"], "the last user message holds every chunk and the question")

    def test_answer_uses_the_injected_model(self):
        model = FakeReader()
        out = answer(QA[0]["question"], Retriever(make_chunks(DOCS), embed=fake_embed), model, k=3)
        self.assertEqual(len(model.calls), 1, "one call to the model per question")
        self.assertIn("27", out["answer"])
        self.assertEqual(len(out["chunks"]), 3)

    def test_normalize_and_is_correct(self):
        self.assertEqual(normalize("  The Answer: 19:30!  "), "the answer 19 30")
        self.assertTrue(is_correct("Badges stop at 19:30.", "19:30"))
        self.assertTrue(is_correct("It is the FIELD team", "field team"))
        self.assertFalse(is_correct("36 months", "6"), "whole words only: 6 is not in 36")
        self.assertFalse(is_correct("I don't know.", "Vaultkeep"))


class EvaluationTest(unittest.TestCase):
    def test_evaluation_on_the_qa_set(self):
        retriever = Retriever(make_chunks(DOCS), embed=fake_embed)
        result = evaluate(QA, retriever, FakeReader(), k=3)
        self.assertEqual(result["n"], len(QA))
        log_metric("recall_at_k", result["recall_at_k"])
        log_metric("answer_accuracy", result["answer_accuracy"])
        self.assertGreaterEqual(result["recall_at_k"], 0.9, "recall@3: the gold document is in the top 3 for most questions")
        self.assertGreaterEqual(result["answer_accuracy"], 0.9,
                                "the fake reader answers when the retrieved context holds the answer")
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "rag_report.json")
            write_report(result, path)
            with open(path, encoding="utf-8") as f:
                self.assertAlmostEqual(json.load(f)["recall_at_k"], result["recall_at_k"])

    def test_recall_counts_documents_not_chunks(self):
        class Fixed:
            def search(self, question, k=3):
                return [{"doc": "lunch", "text": "x"}, {"doc": "vacation", "text": "27"}][:k]

        result = evaluate(QA[:1], Fixed(), FakeReader(), k=2)
        self.assertEqual(result["recall_at_k"], 1.0, "the gold document 'vacation' is among the retrieved")
        result = evaluate(QA[:1], Fixed(), FakeReader(), k=1)
        self.assertEqual(result["recall_at_k"], 0.0, "with k=1 only 'lunch' is retrieved")
        self.assertEqual(result["answer_accuracy"], 0.0, "and the reader cannot answer without the context")


if __name__ == "__main__":
    unittest.main()
