"""Tests of Section 8 (Vector Databases & RAG): chunking, TF-IDF embeddings, cosine search,
recall@k on the shipped handbook, and the prompt and citations of answer() with a fake model.

Interface (the overview states it):
    chunk_words(text, size, overlap) -> [str];  chunk_paragraphs(text, max_words) -> [str]
    TfidfEmbedder().fit(texts) -> self;  .embed(texts) -> array (n, vocabulary), rows of length 1
    cosine_top_k(query_vector, matrix, k) -> [row indices], best first
    build_index(documents, chunker) -> Index with .chunks and .search(query, k)
    recall_at_k(ranked, relevant, k) -> float
    build_messages(question, passages) -> [system, user];  answer(question, index, k, model) -> dict
"""
import json
import os
import re
import unittest

import numpy as np

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def handbook():
    folder = os.path.join("data", "handbook")
    return {n[:-3]: open(os.path.join(folder, n), encoding="utf-8").read()
            for n in sorted(os.listdir(folder)) if n.endswith(".md")}


def questions():
    with open(os.path.join("data", "questions.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(index, qs, k_max=5):
    ranked = [list(index.search(q["question"], k_max)) for q in qs]
    relevant = [{i for i, c in enumerate(index.chunks) if q["answer"].lower() in c.lower()} for q in qs]
    return ranked, relevant


class ChunkWordsTest(unittest.TestCase):
    text = "a b c d e f g h i j"

    def test_overlapping_windows(self):
        self.assertEqual(exercise.chunk_words(self.text, 4, 1), ["a b c d", "d e f g", "g h i j"],
                         "windows of 4 words, each starting 3 words after the previous; stop at the end")

    def test_no_overlap_and_a_short_last_window(self):
        self.assertEqual(exercise.chunk_words(self.text, 4, 0), ["a b c d", "e f g h", "i j"])

    def test_short_text_is_one_chunk(self):
        self.assertEqual(exercise.chunk_words("only three words", 10, 2), ["only three words"])

    def test_every_word_is_covered_in_order(self):
        words = [f"w{i}" for i in range(103)]
        chunks = exercise.chunk_words("\n".join(words), 20, 5)
        seen = []
        for c in chunks:
            for w in c.split():
                if w not in seen:
                    seen.append(w)
        self.assertEqual(seen, words, "every word appears, in order, and nothing else")
        self.assertTrue(all(len(c.split()) <= 20 for c in chunks), "no chunk longer than size")
        self.assertEqual(len(chunks), 7, "103 words, size 20, overlap 5: starts 0, 15, ..., 90")

    def test_bad_overlap_is_refused(self):
        with self.assertRaises(ValueError, msg="an overlap as large as the window would never advance"):
            exercise.chunk_words(self.text, 4, 4)


class ChunkParagraphsTest(unittest.TestCase):
    def test_paragraphs_are_merged_up_to_max_and_long_ones_cut(self):
        p1, p2 = "one two three", "four five six seven"
        p3 = " ".join(f"x{i}" for i in range(10))
        p4 = "last words"
        text = f"{p1}\n\n{p2}\n\n\n{p3}\n\n{p4}\n"
        self.assertEqual(exercise.chunk_paragraphs(text, 8),
                         [f"{p1} {p2}", " ".join(f"x{i}" for i in range(8)), "x8 x9", p4],
                         "p1 + p2 fit in 8 words; p3 (10 words) is cut into 8 + 2; p4 starts a new chunk")

    def test_a_paragraph_that_does_not_fit_starts_a_new_chunk(self):
        text = "a b c\n\nd e f\n\ng h"
        self.assertEqual(exercise.chunk_paragraphs(text, 5), ["a b c", "d e f g h"])


class TfidfTest(unittest.TestCase):
    corpus = ["the cat sat", "the dog sat", "the cat ran"]

    def test_similarities_follow_the_idf_formula(self):
        emb = exercise.TfidfEmbedder().fit(self.corpus)
        v = emb.embed(["cat cat dog", "cat", "the", "dog"])
        idf_cat, idf_dog = np.log(4 / 3) + 1, np.log(4 / 2) + 1
        norm = np.hypot(2 * idf_cat, idf_dog)
        self.assertAlmostEqual(float(v[0] @ v[1]), 2 * idf_cat / norm, places=10,
                               msg="cos('cat cat dog', 'cat') = 2·idf(cat) / |(2·idf(cat), idf(dog))|")
        self.assertAlmostEqual(float(v[0] @ v[3]), idf_dog / norm, places=10)
        self.assertAlmostEqual(float(v[0] @ v[2]), 0.0, places=12, msg="no shared word: similarity 0")

    def test_rows_have_length_one_and_unknown_words_are_ignored(self):
        emb = exercise.TfidfEmbedder().fit(self.corpus)
        v = emb.embed(["the cat sat on the mat", "cat", "cat zebra", "zebra quokka"])
        self.assertEqual(v.shape[0], 4)
        np.testing.assert_allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-12, err_msg="rows are unit length")
        np.testing.assert_allclose(v[1], v[2], atol=1e-12, err_msg="a word never seen in fit is ignored")
        np.testing.assert_array_equal(v[3], 0.0, err_msg="a text with no known word is the zero vector, not nan")

    def test_rare_words_weigh_more_than_common_ones(self):
        emb = exercise.TfidfEmbedder().fit(self.corpus)
        q, docs = emb.embed(["the dog"])[0], emb.embed(self.corpus)
        self.assertEqual(int(np.argmax(docs @ q)), 1, "'dog' (in 1 chunk) outweighs 'the' (in all 3)")


class SearchTest(unittest.TestCase):
    def test_cosine_top_k_order_and_ties(self):
        M = np.array([[1.0, 0.0], [0.0, 5.0], [3.0, 3.0], [2.0, 0.0], [-1.0, 0.0]])
        self.assertEqual(list(exercise.cosine_top_k(np.array([1.0, 0.1]), M, 3)), [0, 3, 2],
                         "rows 0 and 3 point the same way (cosine ignores length): the lower index first")
        self.assertEqual(list(exercise.cosine_top_k(np.array([0.0, 2.0]), M, 2)), [1, 2])

    def test_build_index_keeps_document_order_and_finds_exact_words(self):
        docs = {"a": "alpha beta gamma delta", "b": "epsilon zeta eta theta"}
        index = exercise.build_index(docs, lambda t: exercise.chunk_words(t, 2, 0))
        self.assertEqual(index.chunks, ["alpha beta", "gamma delta", "epsilon zeta", "eta theta"])
        self.assertEqual(list(index.search("zeta", 1)), [2])


class RecallTest(unittest.TestCase):
    def test_recall_at_k_by_hand(self):
        ranked = [[4, 2, 9], [1, 7, 3], [5, 6, 8]]
        relevant = [{2}, {3, 0}, {0}]
        self.assertAlmostEqual(exercise.recall_at_k(ranked, relevant, 1), 0.0)
        self.assertAlmostEqual(exercise.recall_at_k(ranked, relevant, 2), 1 / 3)
        self.assertAlmostEqual(exercise.recall_at_k(ranked, relevant, 3), 2 / 3)

    def test_handbook_recall(self):
        """The shipped handbook: 9 documents, 42 questions whose answer text is known."""
        qs = questions()
        docs = handbook()
        index = exercise.build_index(docs, lambda t: exercise.chunk_paragraphs(t, 60))
        ranked, relevant = evaluate(index, qs)
        for k in (1, 3, 5):
            log_metric(f"recall_at_{k}", exercise.recall_at_k(ranked, relevant, k))
        recall3 = exercise.recall_at_k(ranked, relevant, 3)
        misses = [q["question"] for q, r, rel in zip(qs, ranked, relevant) if not set(r[:3]) & rel]
        log_metric("misses_at_3", len(misses))
        log_metric("context_words_at_3", np.mean([sum(len(index.chunks[i].split()) for i in r[:3]) for r in ranked]))
        words = exercise.build_index(docs, lambda t: exercise.chunk_words(t, 40, 10))
        log_metric("recall_at_3_words_40_10", exercise.recall_at_k(*evaluate(words, qs), 3))
        whole = exercise.build_index(docs, lambda t: [t])
        ranked_w, relevant_w = evaluate(whole, qs)
        log_metric("recall_at_3_whole_documents", exercise.recall_at_k(ranked_w, relevant_w, 3))
        log_metric("context_words_at_3_whole_documents",
                   np.mean([sum(len(whole.chunks[i].split()) for i in r[:3]) for r in ranked_w]))
        self.assertGreaterEqual(recall3, 0.85, f"recall@3 with paragraph chunks of 60 words is {recall3:.2f}; "
                                               f"missed: {misses}")


class GenerationTest(unittest.TestCase):
    def test_build_messages_numbers_the_passages(self):
        msgs = exercise.build_messages("Who?", ["first passage", "second passage"])
        self.assertEqual([m["role"] for m in msgs], ["system", "user"])
        self.assertIn("context", msgs[0]["content"].lower(), "the system message says to answer from the context")
        user = msgs[1]["content"]
        self.assertIn("[1] first passage", user.splitlines())
        self.assertIn("[2] second passage", user.splitlines())
        self.assertTrue(user.rstrip().endswith("Question: Who?"), "the question comes last, as 'Question: ...'")
        self.assertLess(user.index("[1]"), user.index("[2]"))

    def test_answer_cites_the_retrieved_passages(self):
        index = exercise.build_index(handbook(), lambda t: exercise.chunk_paragraphs(t, 60))
        calls = []

        def fake_model(messages):
            calls.append(messages)
            lines = [l for l in messages[-1]["content"].splitlines() if re.match(r"\[\d+\] ", l)]
            found = [int(l[1:l.index("]")]) for l in lines if "KeyHive" in l]
            if not found:
                return "I do not know: no passage mentions KeyHive."
            return f"Store them in KeyHive [{found[0]}], never reuse them [{found[0]}][9]."

        result = exercise.answer("Where is the password manager KeyHive described?", index, k=3, model=fake_model)
        self.assertEqual(len(calls), 1, "answer() calls the model once")
        self.assertEqual(len([l for l in calls[0][-1]["content"].splitlines() if re.match(r"\[\d+\] ", l)]), 3,
                         "k = 3 passages in the prompt")
        self.assertTrue(result["answer"].startswith("Store them in KeyHive"),
                        "answer is the model's reply, and the KeyHive passage should be among the 3 retrieved")
        self.assertEqual(len(result["sources"]), 1, "[n] twice counts once; [9] is not a retrieved passage")
        self.assertIn("KeyHive", result["sources"][0], "the source is the passage the reply cited")


if __name__ == "__main__":
    unittest.main()
