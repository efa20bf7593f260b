"""Stage 07 — Modern LLMs: measure two model behaviours on the same reasoning problems —
an immediate answer vs step-by-step reasoning, and one sample vs a majority vote of several
(self-consistency) — with accuracy, answer rate, reply length and number of calls.

    python3 exercise.py        # runs against the model in OPENAI_BASE_URL / OPENAI_MODEL (see llm_client.py)
    trail check modern-llms    # runs the tests, which use a scripted fake model instead

A model here is any callable model(messages) -> reply text, where messages is a list of
{"role": "system" | "user" | "assistant", "content": str}. Standard library only (plus llm_client.py).
"""
import json
import re
from collections import Counter

import llm_client

DIRECT_SYSTEM = ("You solve arithmetic word problems. Reply with the final number only: no words, "
                 "no units, no working.")
REASONING_SYSTEM = ("You solve arithmetic word problems. Think step by step: write out each step of the "
                    "calculation, then finish with a last line of the form 'Answer: <number>'.")
SYSTEMS = {"direct": DIRECT_SYSTEM, "reasoning": REASONING_SYSTEM}


def default_model(messages):
    """The configured OpenAI-compatible model, sampling at temperature 0.7 (so that votes can differ)."""
    return llm_client.chat(messages, temperature=0.7)


def build_messages(question, mode):
    """[system message of the mode ("direct" or "reasoning"), user message with the question]."""
    return [{"role": "system", "content": SYSTEMS[mode]}, {"role": "user", "content": question}]


def extract_answer(text):
    """The integer a reply gives as its answer, or None.

    The number after the LAST "Answer:" (any case, and "**Answer:** 12" in Markdown bold counts too)
    if there is one; otherwise the last integer in the text. Integers may have a minus sign and
    thousands commas ("1,870" is 1870).
    """
    number = r"-?\d[\d,]*"
    marked = re.findall(r"answer\s*:\s*\**\s*(" + number + ")", text, flags=re.IGNORECASE)
    found = marked or re.findall(number, text)
    if not found:
        return None
    return int(found[-1].replace(",", ""))


def ask(model, question, mode):
    """One call. Returns (answer or None, reply text)."""
    reply = model(build_messages(question, mode))
    return extract_answer(reply), reply


def majority_vote(answers):
    """The most common answer that is not None; among tied answers, the one that appears first in
    the list; None if every answer is None."""
    counts = Counter(a for a in answers if a is not None)
    if not counts:
        return None
    return counts.most_common(1)[0][0]       # most_common keeps first-seen order among equal counts


def self_consistency(model, question, k, mode="reasoning"):
    """k independent calls; returns (majority answer, list of the k answers, list of the k replies)."""
    results = [ask(model, question, mode) for _ in range(k)]
    answers = [a for a, _ in results]
    return majority_vote(answers), answers, [r for _, r in results]


def evaluate(model, problems, mode, k=1):
    """Run every problem ({"question", "answer"}) with k samples each (k = 1: one call, no vote).

    Returns {"accuracy": share of problems whose (voted) answer is right,
             "answered": share of replies with an answer extract_answer could read,
             "mean_reply_chars": mean length of all replies,
             "calls": number of model calls,
             "answers": the (voted) answer of each problem, in order}.
    """
    correct, readable, chars, calls, answers = 0, 0, 0, 0, []
    for problem in problems:
        answer, votes, replies = self_consistency(model, problem["question"], k, mode)
        calls += len(replies)
        readable += sum(v is not None for v in votes)
        chars += sum(len(r) for r in replies)
        correct += answer == problem["answer"]
        answers.append(answer)
    return {"accuracy": correct / len(problems), "answered": readable / calls,
            "mean_reply_chars": chars / calls, "calls": calls, "answers": answers}


def main():
    with open("data/problems.json") as f:
        problems = json.load(f)[:6]
    for name, mode, k in (("direct, 1 sample", "direct", 1), ("reasoning, 1 sample", "reasoning", 1),
                          ("reasoning, vote of 5", "reasoning", 5)):
        r = evaluate(default_model, problems, mode, k)
        print(f"{name:<22} accuracy {r['accuracy']:.2f}  answered {r['answered']:.2f}  "
              f"mean reply {r['mean_reply_chars']:.0f} chars  calls {r['calls']}")


if __name__ == "__main__":
    main()
