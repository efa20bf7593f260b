"""Tests of the Q&A bot (exercise.py), with fake models written here: no server, no network.

They use only the interface the overview states:
    load_docs(folder) -> [{"id", "text"}];  content_words(text) -> set   (given)
    select_docs(question, docs, k) -> docs;  build_messages(question, docs) -> messages
    parse_answer(reply) -> {"answer", "sources"} or ValueError
    ask(question, docs, model, k, retries) -> {"answer", "sources"};  SYSTEM_PROMPT, UNKNOWN, REPAIR
"""
import json
import os
import re
import unittest

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

DOCS = os.path.join("data", "docs")
QUESTIONS = os.path.join("data", "questions.json")
DOC_BLOCK = re.compile(r'<doc id="([^"]+)">\n(.*?)\n</doc>', re.S)


def oracle(messages):
    """A fake model that reads the prompt as the overview specifies it and answers with the
    sentence of the given documents that shares most words with the question."""
    user = messages[-1]["content"]
    question = re.search(r"^Question: (.*)$", user, re.M).group(1)
    q = exercise.content_words(question)
    best = (0, None, None)
    for doc_id, text in DOC_BLOCK.findall(user):
        for sentence in re.split(r"(?<=\.)\s+", text.replace("\n", " ")):
            score = len(q & exercise.content_words(sentence))
            if score > best[0]:
                best = (score, sentence, doc_id)
    if best[0] < 2:
        return json.dumps({"answer": "I don't know.", "sources": []})
    return "Sure! " + json.dumps({"answer": best[1], "sources": [best[2]]})


class Recorder:
    """A fake model that returns scripted replies in order and keeps the messages it got."""

    def __init__(self, *replies):
        self.replies, self.calls = list(replies), []

    def __call__(self, messages):
        self.calls.append([dict(m) for m in messages])
        return self.replies[min(len(self.calls), len(self.replies)) - 1]


class SelectTest(unittest.TestCase):
    def setUp(self):
        self.docs = exercise.load_docs(DOCS)

    def test_the_right_document_comes_first(self):
        cases = {"How many vacation days does an employee get per year?": "vacation",
                 "What is the hotel limit per night in London?": "expenses",
                 "How long must a password be at least?": "security"}
        for question, doc_id in cases.items():
            chosen = exercise.select_docs(question, self.docs, k=2)
            self.assertEqual(chosen[0]["id"], doc_id, question)
            self.assertLessEqual(len(chosen), 2)

    def test_scores_and_ties(self):
        docs = [{"id": "b", "text": "alpha beta"}, {"id": "a", "text": "alpha beta"},
                {"id": "c", "text": "alpha beta gamma"}, {"id": "d", "text": "nothing here"}]
        chosen = [d["id"] for d in exercise.select_docs("alpha beta gamma?", docs, k=5)]
        self.assertEqual(chosen, ["c", "a", "b"], "most shared words first, ties by id, no document without a shared word")


class PromptTest(unittest.TestCase):
    def test_messages_follow_the_format(self):
        docs = [{"id": "x", "text": "\nFirst doc.\n"}, {"id": "y", "text": "Second doc."}]
        messages = exercise.build_messages("What is it?", docs)
        self.assertEqual(messages[0], {"role": "system", "content": exercise.SYSTEM_PROMPT})
        self.assertEqual(messages[-1]["role"], "user")
        self.assertEqual(messages[-1]["content"],
                         '<doc id="x">\nFirst doc.\n</doc>\n\n<doc id="y">\nSecond doc.\n</doc>\n\nQuestion: What is it?')

    def test_system_prompt_asks_for_grounded_json(self):
        prompt = exercise.SYSTEM_PROMPT
        for needed in ('"answer"', '"sources"', "I don't know.", "JSON"):
            self.assertIn(needed, prompt, f"the system prompt should mention {needed}")


class ParseTest(unittest.TestCase):
    def test_plain_fenced_and_wrapped_json(self):
        expected = {"answer": "25 days.", "sources": ["vacation"]}
        for reply in ('{"answer": "25 days.", "sources": ["vacation"]}',
                      '```json\n{"answer": "25 days.", "sources": ["vacation"]}\n```',
                      'Here you go: {"answer": " 25 days. ", "sources": ["vacation"]} Hope it helps!'):
            self.assertEqual(exercise.parse_answer(reply), expected, reply)

    def test_bad_replies_raise_value_error(self):
        for reply in ("25 days", '{"answer": 25, "sources": []}', '{"answer": "x", "sources": "vacation"}',
                      '{"answer": "x", "sources": [1]}', '{"answer": "x",, }', "[1, 2]"):
            with self.assertRaises(ValueError, msg=reply):
                exercise.parse_answer(reply)


class AskTest(unittest.TestCase):
    def setUp(self):
        self.docs = exercise.load_docs(DOCS)
        self.q = "How many vacation days does an employee get per year?"

    def test_a_broken_reply_is_repaired(self):
        model = Recorder('{"answer": "25 days", "sources": ["vacation"]',           # missing brace
                         '{"answer": "25 days per year.", "sources": ["vacation"]}')
        self.assertEqual(exercise.ask(self.q, self.docs, model=model),
                         {"answer": "25 days per year.", "sources": ["vacation"]})
        self.assertEqual(len(model.calls), 2, "one retry after the broken reply")
        second = model.calls[1]
        self.assertEqual(second[-2], {"role": "assistant", "content": '{"answer": "25 days", "sources": ["vacation"]'},
                         "the broken reply goes back as an assistant message")
        self.assertEqual(second[-1], {"role": "user", "content": exercise.REPAIR})

    def test_gives_up_after_the_retries(self):
        model = Recorder("no json", "still none", "never")
        self.assertEqual(exercise.ask(self.q, self.docs, model=model, retries=1),
                         {"answer": exercise.UNKNOWN, "sources": []})
        self.assertEqual(len(model.calls), 2)

    def test_unknown_sources_are_dropped_and_unknown_answers_normalised(self):
        model = Recorder('{"answer": "25.", "sources": ["vacation", "wiki", "security"]}')
        result = exercise.ask(self.q, self.docs, model=model, k=1)
        self.assertEqual(result["sources"], ["vacation"], "only documents that were in the prompt may be cited")
        model = Recorder('{"answer": "Sorry, I DON\'T KNOW that.", "sources": ["vacation"]}')
        self.assertEqual(exercise.ask(self.q, self.docs, model=model), {"answer": exercise.UNKNOWN, "sources": []})

    def test_no_shared_word_means_no_call(self):
        model = Recorder("{}")
        self.assertEqual(exercise.ask("Zebra quagga okapi?", self.docs, model=model),
                         {"answer": exercise.UNKNOWN, "sources": []})
        self.assertEqual(model.calls, [], "no document matched: do not call the model")

    def test_the_bot_answers_the_question_set(self):
        with open(QUESTIONS) as f:
            questions = json.load(f)
        right = 0
        for item in questions:
            result = exercise.ask(item["question"], self.docs, model=oracle)
            if item["expect"] is None:
                ok = result == {"answer": exercise.UNKNOWN, "sources": []}
            else:
                ok = item["expect"].lower() in result["answer"].lower() and result["sources"] == [item["source"]]
            right += ok
        log_metric("questions_right", right)
        self.assertGreaterEqual(right, 9, f"{right} of {len(questions)} questions answered right with the fake model")


if __name__ == "__main__":
    unittest.main()
