"""A scripted pairwise judge, so the harness runs offline and the same way every time.

It reads the last user message, takes the text after "Response A:" and after "Response B:"
(each up to the next of these markers, or the end), and looks their quality up in
data/gold.json (an expert's grades; 0 for a text it does not know). When one response is
clearly better (by 0.2 or more) it names it; when they are close it answers "A" whatever they
are: a position bias, as real model judges have. Its reply is the letter, then a reason.
"""
import json
import os
import re

GOLD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "gold.json")


class ScriptedJudge:
    def __init__(self, gold=None):
        if gold is None:
            with open(GOLD, encoding="utf-8") as f:
                gold = json.load(f)
        self.gold, self.calls = gold, 0

    def __call__(self, messages):
        self.calls += 1
        last = [m for m in messages if m.get("role") == "user"][-1]["content"]
        parts = re.split(r"Response ([AB]):", last)
        texts = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
        if "A" not in texts or "B" not in texts:
            return "I need a Response A and a Response B to compare."
        ga, gb = self.gold.get(texts["A"], 0.0), self.gold.get(texts["B"], 0.0)
        if gb - ga >= 0.2:
            return "B. Response B answers the question correctly."
        if ga - gb >= 0.2:
            return "A. Response A answers the question correctly."
        return "A. Both are similar; A reads slightly better."
