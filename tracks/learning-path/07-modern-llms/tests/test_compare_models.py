"""Tests of Stage 07 (Modern LLMs): answer extraction, majority vote, and the comparison of a
"direct" and a "reasoning" behaviour, single sample vs vote of 5, on scripted fake models.

The fakes are written here: deterministic, offline, and they check the messages they receive.
"""
import unittest

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

PROBLEMS = [{"question": f"Problem {i}: compute something with {i} steps.", "answer": a}
            for i, a in enumerate([12, 40, 7, 133, 1870, 55, 9, 21, 64, 300])]

# The reasoning fake's answer on the 1st, 2nd, … call for each problem (c = right, w = wrong, None = no number).
C, W1, W2 = "c", "w1", "w2"
REASONING_SCRIPT = [[C, C, W1, C, W2]] * 6 + [[W1, C, C, W2, C]] * 2 + [[W1, W1, C, C, W2]] + [[None, C, W1, C, C]]


class FakeModel:
    """Counts calls per question and records every reply."""

    def __init__(self, test, system):
        self.test, self.system = test, system
        self.calls, self.replies = {}, []

    def __call__(self, messages):
        self.test.assertEqual([m["role"] for m in messages], ["system", "user"],
                              "send two messages: the mode's system prompt, then the question as the user")
        self.test.assertEqual(messages[0]["content"], self.system, "the system prompt of the mode being evaluated")
        question = messages[1]["content"]
        index = next(i for i, p in enumerate(PROBLEMS) if p["question"] == question)
        n = self.calls.get(index, 0)
        self.calls[index] = n + 1
        reply = self.reply(index, n)
        self.replies.append(reply)
        return reply


class FakeDirect(FakeModel):
    """Short answers: right on problems 0-3, off by 10 on 4-8, and a vague sentence on 9."""

    def reply(self, i, n):
        right = PROBLEMS[i]["answer"]
        if i < 4:
            return str(right)
        if i == 9:
            return "About 7 apples, maybe."
        return f"{right + 10:,}"


class FakeReasoner(FakeModel):
    """Long step-by-step replies; the final answer follows REASONING_SCRIPT, call by call."""

    def reply(self, i, n):
        right = PROBLEMS[i]["answer"]
        kind = REASONING_SCRIPT[i][n % 5]
        steps = f"Step 1: the problem has {i} parts.\nStep 2: 3 times 4 is 12.\nStep 3: carry on carefully.\n"
        if kind is None:
            return "Let me think. I am not sure how to finish this one."
        value = {C: right, W1: right - 1, W2: right + 2}[kind]
        return steps + f"**Answer:** {value:,}\nThat took 3 steps."


def own_vote(answers):
    best = None
    for a in answers:
        if a is not None and (best is None or answers.count(a) > answers.count(best)):
            best = a
    return best


class ExtractTest(unittest.TestCase):
    def test_answer_line_wins(self):
        cases = [("Answer: 42", 42), ("answer:17", 17), ("Step 1: 3 + 4 = 7\nAnswer: 1,870\nDone in 2 steps.", 1870),
                 ("**Answer:** -5", -5), ("Answer: 5 (first try)\nAnswer: 6", 6), ("<think>Answer: 5</think>\nAnswer: 6", 6)]
        for text, expected in cases:
            self.assertEqual(exercise.extract_answer(text), expected, f"extract_answer({text!r})")

    def test_fallback_and_none(self):
        self.assertEqual(exercise.extract_answer("The result is 3, then 4."), 4, "no 'Answer:': the last integer")
        self.assertEqual(exercise.extract_answer("1870"), 1870)
        self.assertEqual(exercise.extract_answer("Total: 2,310 items"), 2310)
        self.assertIsNone(exercise.extract_answer("I do not know."), "no number at all: None")


class VoteTest(unittest.TestCase):
    def test_majority_vote(self):
        self.assertEqual(exercise.majority_vote([3, 5, 5, 2]), 5)
        self.assertEqual(exercise.majority_vote([None, None, 4]), 4, "None is not a vote")
        self.assertIsNone(exercise.majority_vote([None, None]))
        self.assertEqual(exercise.majority_vote([7, 9, 9, 7]), 7, "a tie goes to the answer that appears first")
        self.assertEqual(exercise.majority_vote([None, 9, 7, 7, 9]), 9)
        self.assertEqual(exercise.majority_vote([4, 6, 4, 6, 8]), 4, "4 and 6 tie; 4 appears first")


class MessagesTest(unittest.TestCase):
    def test_build_messages(self):
        m = exercise.build_messages("What is 2 + 2?", "reasoning")
        self.assertEqual(m, [{"role": "system", "content": exercise.REASONING_SYSTEM},
                             {"role": "user", "content": "What is 2 + 2?"}])
        self.assertEqual(exercise.build_messages("q", "direct")[0]["content"], exercise.DIRECT_SYSTEM)

    def test_self_consistency_makes_k_calls(self):
        fake = FakeReasoner(self, exercise.REASONING_SYSTEM)
        answer, answers, replies = exercise.self_consistency(fake, PROBLEMS[6]["question"], 5)
        self.assertEqual(fake.calls, {6: 5}, "k = 5 calls for that question")
        self.assertEqual(list(answers), [8, 9, 9, 11, 9], "one parsed answer per call, in order")
        self.assertEqual(answer, 9, "the vote of 8, 9, 9, 11, 9 is 9")
        self.assertEqual(len(replies), 5)


class CompareTest(unittest.TestCase):
    def run_mode(self, fake_class, system, mode, k):
        fake = fake_class(self, system)
        result = exercise.evaluate(fake, PROBLEMS, mode, k)
        answers = []
        for i, p in enumerate(PROBLEMS):
            votes = [exercise.extract_answer(r) for r in fake.replies[i * k:(i + 1) * k]]
            answers.append(own_vote(votes))
        expected = {
            "accuracy": sum(a == p["answer"] for a, p in zip(answers, PROBLEMS)) / len(PROBLEMS),
            "answered": sum(exercise.extract_answer(r) is not None for r in fake.replies) / len(fake.replies),
            "mean_reply_chars": sum(len(r) for r in fake.replies) / len(fake.replies),
            "calls": len(fake.replies),
        }
        self.assertEqual(len(fake.replies), k * len(PROBLEMS), f"{mode}, k={k}: k calls per problem, nothing more")
        for key, value in expected.items():
            self.assertAlmostEqual(result[key], value, places=9, msg=f"{mode}, k={k}: {key}")
        self.assertEqual(list(result["answers"]), answers, f"{mode}, k={k}: the voted answer of each problem")
        return result

    def test_direct_vs_reasoning_vs_vote(self):
        direct = self.run_mode(FakeDirect, exercise.DIRECT_SYSTEM, "direct", 1)
        single = self.run_mode(FakeReasoner, exercise.REASONING_SYSTEM, "reasoning", 1)
        vote = self.run_mode(FakeReasoner, exercise.REASONING_SYSTEM, "reasoning", 5)
        self.assertEqual((direct["accuracy"], single["accuracy"], vote["accuracy"]), (0.4, 0.6, 0.9),
                         "direct 4/10, reasoning 6/10 with one sample, 9/10 with a vote of 5")
        self.assertEqual(single["answered"], 0.9, "one reasoning reply of 10 has no number")
        self.assertGreater(single["mean_reply_chars"], 5 * direct["mean_reply_chars"], "reasoning costs more output")
        log_metric("accuracy_direct", direct["accuracy"])
        log_metric("accuracy_reasoning", single["accuracy"])
        log_metric("accuracy_reasoning_vote5", vote["accuracy"])
        log_metric("calls_vote5", vote["calls"])
        log_metric("reply_chars_direct", direct["mean_reply_chars"])
        log_metric("reply_chars_reasoning", single["mean_reply_chars"])


if __name__ == "__main__":
    unittest.main()
