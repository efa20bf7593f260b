"""Writes the data of Section 16: eight candidate replies to one prompt, the features a reward
model sees, held-out human scores, preference pairs, and the policy after supervised fine-tuning.

    python3 data/make_data.py        # from the node folder; numpy, seed 16

The human score of a reply is 2.0·steps + 0.5·politeness + 0.8·min(length, 1) − 1.0·max(length − 1.5, 0):
concrete steps matter most, some length helps, padding beyond 150 tokens hurts. The preference
pairs are drawn among the replies the fine-tuned model actually writes — every reply except the
600-token padded one — and labelled by a Bradley–Terry coin: the first reply is preferred with
probability sigmoid(score_a − score_b). 240 pairs for training, 60 for testing.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PROMPT = "My laptop won't turn on. What should I do?"
REPLIES = [  # text, [length in hundreds of tokens, concrete steps 0..1, politeness -1..1], SFT probability
    ("Try turning it on again.", [0.1, 0.0, 0.0], 0.15),
    ("Charge it for 30 minutes with a charger you know works, then hold the power button for 15 seconds.", [0.5, 0.7, 0.0], 0.20),
    ("Sorry to hear that. Charge it for 30 minutes with a charger you know works, then hold the power button for "
     "15 seconds to reset it. If the charging light stays off, the charger or battery is at fault; if it lights up "
     "but the screen stays dark, plug in an external monitor to tell a dead screen from a dead laptop.", [1.2, 1.0, 0.5], 0.10),
    ("Oh no, I'm so sorry! Laptops can be frustrating. I hope it works again soon.", [0.4, 0.0, 0.8], 0.15),
    ("Hold the power button for 15 seconds.", [0.2, 0.4, 0.0], 0.15),
    ("A laptop may not turn on for many reasons: power, battery, hardware, firmware or software, each with "
     "several possible causes worth considering.", [1.1, 0.1, 0.0], 0.10),
    ("What a wonderful question, and how thoughtful of you to ask! Laptops are truly remarkable machines, and "
     "there are so many fascinating things to say about them... (600 tokens of this, and no step to try)", [6.0, 0.0, 1.0], 0.01),
    ("Obviously, charge it. Then hold the power button for 15 seconds. Not hard.", [0.4, 0.6, -0.8], 0.14),
]


def human_score(f):
    length, steps, polite = f
    return 2.0 * steps + 0.5 * polite + 0.8 * min(length, 1.0) - 1.0 * max(length - 1.5, 0.0)


def main():
    g = np.random.default_rng(16)
    scores = [human_score(f) for _, f, _ in REPLIES]
    sft = np.array([p for _, _, p in REPLIES])
    sft = sft / sft.sum()
    seen = [i for i in range(len(REPLIES)) if i != 6]        # the SFT model (almost) never writes reply 6
    pairs = []
    for n in range(300):
        a, b = (int(x) for x in g.choice(seen, 2, replace=False))
        first = g.random() < 1 / (1 + np.exp(-(scores[a] - scores[b])))
        chosen, rejected = (a, b) if first else (b, a)
        pairs.append({"chosen": chosen, "rejected": rejected, "split": "train" if n < 240 else "test"})
    with open(os.path.join(HERE, "replies.json"), "w", encoding="utf-8") as f:
        json.dump({"prompt": PROMPT, "features": ["length_100_tokens", "steps", "politeness"],
                   "replies": [{"id": i, "text": t, "features": feat} for i, (t, feat, _) in enumerate(REPLIES)]}, f, indent=1)
    with open(os.path.join(HERE, "preferences.jsonl"), "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p) + "\n")
    with open(os.path.join(HERE, "human_scores.json"), "w", encoding="utf-8") as f:
        json.dump([round(s, 4) for s in scores], f)
    with open(os.path.join(HERE, "sft_policy.json"), "w", encoding="utf-8") as f:
        json.dump([round(float(p), 6) for p in sft], f)
    print("human scores", [round(s, 2) for s in scores])


if __name__ == "__main__":
    main()
