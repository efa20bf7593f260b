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
    # TODO: a list of two dicts with "role" and "content"; SYSTEMS[mode] holds the system prompt
    raise NotImplementedError("build_messages")


def extract_answer(text):
    """The integer a reply gives as its answer, or None.

    The number after the LAST "Answer:" (any case, and "**Answer:** 12" in Markdown bold counts too)
    if there is one; otherwise the last integer in the text. Integers may have a minus sign and
    thousands commas ("1,870" is 1870).
    """
    # TODO: re.findall the numbers that follow "answer:" (re.IGNORECASE, allow "**" and spaces after the colon);
    #       if there are none, all integers of the text; take the last, drop the commas, int(); None if nothing
    raise NotImplementedError("extract_answer")


def ask(model, question, mode):
    """One call. Returns (answer or None, reply text)."""
    # TODO: one model call with build_messages; return (extract_answer(reply), reply)
    raise NotImplementedError("ask")


def majority_vote(answers):
    """The most common answer that is not None; among tied answers, the one that appears first in
    the list; None if every answer is None."""
    # TODO: collections.Counter of the answers that are not None; most_common keeps first-seen order on ties
    raise NotImplementedError("majority_vote")


def self_consistency(model, question, k, mode="reasoning"):
    """k independent calls; returns (majority answer, list of the k answers, list of the k replies)."""
    # TODO: k calls of ask; the vote, the answers, the replies
    raise NotImplementedError("self_consistency")


def evaluate(model, problems, mode, k=1):
    """Run every problem ({"question", "answer"}) with k samples each (k = 1: one call, no vote).

    Returns {"accuracy": share of problems whose (voted) answer is right,
             "answered": share of replies with an answer extract_answer could read,
             "mean_reply_chars": mean length of all replies,
             "calls": number of model calls,
             "answers": the (voted) answer of each problem, in order}.
    """
    # TODO: self_consistency for every problem; count right (voted) answers, readable answers, reply
    #       characters and calls; return the dict described above
    raise NotImplementedError("evaluate")


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
