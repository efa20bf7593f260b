"""Tests of the RAG pipeline (exercise.py), with fake models written here: no server, no network.

They use only the interface the overview states:
    load_pages(path) (given);  chunk_words(words, size, overlap);  make_chunks(pages, size, overlap)
    tokens(text) (given);  hash_embed(texts) -> (n, DIM);  VectorIndex(dim).add(vectors) / .search(query, k)
    build_index(chunks, embed) (given);  retrieve(question, chunks, index, embed, k)
    build_messages(question, chunks);  parse_reply(reply, allowed_pages);  answer(question, chunks, index, model, embed, k)
"""
import json
import os
import re
import unittest
import zlib

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

MANUAL = os.path.join("data", "manual.txt")
QUESTIONS = os.path.join("data", "questions.json")
CHUNK = re.compile(r'<chunk page="(\d+)">\n(.*?)\n</chunk>', re.S)


def oracle(messages):
    """A fake model that reads the prompt as the overview specifies it and answers with the chunk
    that shares most tokens with the question (at least 2), citing its page."""
    user = messages[-1]["content"]
    q = set(exercise.tokens(re.search(r"^Question: (.*)$", user, re.M).group(1)))
    best = (1, None, None)
    for page, text in CHUNK.findall(user):
        score = len(q & set(exercise.tokens(text)))
        if score > best[0]:
            best = (score, text, int(page))
    if best[1] is None:
        return '{"answer": "I don\'t know.", "pages": []}'
    return json.dumps({"answer": best[1], "pages": [best[2]]})


class ChunkTest(unittest.TestCase):
    def test_windows_overlap_and_reach_the_end(self):
        words = [str(i) for i in range(10)]
        self.assertEqual(exercise.chunk_words(words, size=4, overlap=1),
                         [["0", "1", "2", "3"], ["3", "4", "5", "6"], ["6", "7", "8", "9"]])
        words = [str(i) for i in range(11)]
        self.assertEqual(exercise.chunk_words(words, size=4, overlap=1)[-1], ["9", "10"])
        self.assertEqual(exercise.chunk_words(["a", "b"], size=4, overlap=1), [["a", "b"]])

    def test_chunks_keep_their_page_and_never_cross_pages(self):
        chunks = exercise.make_chunks(["a b c d e", "f g"], size=3, overlap=1)
        self.assertEqual(chunks, [{"id": 0, "page": 1, "text": "a b c"}, {"id": 1, "page": 1, "text": "c d e"},
                                  {"id": 2, "page": 2, "text": "f g"}])


class EmbedSearchTest(unittest.TestCase):
    def test_hash_embed(self):
        v = exercise.hash_embed(["Gas boiler, gas!", ""])
        self.assertEqual(v.shape, (2, exercise.DIM))
        expected = np.zeros(exercise.DIM)
        expected[zlib.crc32(b"gas") % exercise.DIM] += 2
        expected[zlib.crc32(b"boiler") % exercise.DIM] += 1
        np.testing.assert_allclose(v[0], expected / np.linalg.norm(expected), rtol=1e-12,
                                   err_msg="count each token at crc32(word) % DIM, then scale to length 1")
        np.testing.assert_array_equal(v[1], 0.0, err_msg="an empty text stays all zeros")

    def test_index_returns_the_best_matches_first(self):
        index = exercise.VectorIndex(2)
        index.add(np.array([[1.0, 0.0], [0.0, 1.0]]))
        index.add(np.array([[0.6, 0.8], [0.0, 1.0]]))
        scores, ids = index.search(np.array([0.0, 1.0]), k=3)
        self.assertEqual(list(ids), [1, 3, 2], "highest inner product first, ties by smaller id")
        np.testing.assert_allclose(scores, [1.0, 1.0, 0.8])

    def test_retrieval_finds_the_right_page(self):
        chunks = exercise.make_chunks(exercise.load_pages(MANUAL), size=60, overlap=20)
        index = exercise.build_index(chunks)
        with open(QUESTIONS) as f:
            questions = json.load(f)
        hits = sum(q["page"] in [c["page"] for c in exercise.retrieve(q["question"], chunks, index, k=3)]
                   for q in questions)
        log_metric("recall_at_3", hits / len(questions))
        self.assertGreaterEqual(hits / len(questions), 0.8, f"the right page is among the top 3 for {hits} of 10 questions")


class AnswerTest(unittest.TestCase):
    def test_messages_follow_the_format(self):
        chunks = [{"id": 0, "page": 2, "text": "First."}, {"id": 5, "page": 4, "text": "Second."}]
        messages = exercise.build_messages("Why?", chunks)
        self.assertEqual(messages[0]["role"], "system")
        self.assertEqual(messages[-1], {"role": "user", "content":
                                        '<chunk page="2">\nFirst.\n</chunk>\n\n<chunk page="4">\nSecond.\n</chunk>\n\nQuestion: Why?'})

    def test_parse_reply(self):
        ok = exercise.parse_reply('```json\n{"answer": "3 years.", "pages": [6, 9, "6"]}\n```', {5, 6})
        self.assertEqual(ok, {"answer": "3 years.", "pages": [6]}, "only integer pages that were retrieved")
        for bad in ("3 years", '{"answer": "x"}', '{"answer": "I don\'t know", "pages": [6]}', '{"answer": 3, "pages": []}'):
            self.assertEqual(exercise.parse_reply(bad, {6}), {"answer": exercise.UNKNOWN, "pages": []}, bad)

    def test_the_model_sees_only_the_retrieved_chunks(self):
        chunks = exercise.make_chunks(exercise.load_pages(MANUAL), size=60, overlap=20)
        index = exercise.build_index(chunks)
        seen = []

        def fake(messages):
            seen.append(messages)
            return '{"answer": "Three years.", "pages": [6, 2]}'
        result = exercise.answer("How long is the warranty of the T2?", chunks, index, model=fake, k=3)
        self.assertEqual(len(seen), 1, "one model call")
        pages = [int(p) for p in re.findall(r'<chunk page="(\d+)">', seen[0][-1]["content"])]
        self.assertEqual(len(pages), 3, "the prompt holds the k = 3 retrieved chunks")
        self.assertEqual(result["pages"], [6] if 2 not in pages else [6, 2])

    def test_grounded_answers_to_the_question_set(self):
        chunks = exercise.make_chunks(exercise.load_pages(MANUAL), size=60, overlap=20)
        index = exercise.build_index(chunks)
        with open(QUESTIONS) as f:
            questions = json.load(f)
        right = 0
        for q in questions:
            result = exercise.answer(q["question"], chunks, index, model=oracle, k=3)
            right += q["expect"].lower() in result["answer"].lower() and result["pages"] == [q["page"]]
        log_metric("answers_right", right)
        self.assertGreaterEqual(right, 8, f"{right} of 10 questions answered from the right page")


if __name__ == "__main__":
    unittest.main()
