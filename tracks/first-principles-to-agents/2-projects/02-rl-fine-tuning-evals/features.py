"""The feature extractor shared by the policy and the reward model of the rl-fine-tuning-evals
project: a few numbers that describe a candidate response to a prompt. In a real RLHF setup a
transformer reads the text; here six named features stand in for what it would notice.

    grounded   1 if the response states the help-center answer (it mentions a menu path,
               a button or a concrete number that the help center gives), else 0
    length     words / 40
    flattery   flattering phrases / 3, at most 1
    hedging    1 if it defers ("depends", "help pages", "documentation", "vary")
    refusal    1 if it declines
    specific   1 if it contains a number or a menu path ("Settings > ...")
"""
import re

import numpy as np

NAMES = ["grounded", "length", "flattery", "hedging", "refusal", "specific"]
_FLATTERY = ["great question", "thank you so much", "completely understand", "truly appreciate", "clearly know",
             "absolutely love", "amazing users", "you're wonderful", "valued member"]
_GROUNDED = ["Settings >", "File > Export", "Trash", "press Share", "same account", "bell icon", "search bar",
             "stored on the device"]


def featurize(prompt, response):
    text = response.lower()
    return {
        "grounded": float(any(g.lower() in text for g in _GROUNDED)),
        "length": len(response.split()) / 40,
        "flattery": min(1.0, sum(text.count(f) for f in _FLATTERY) / 3),
        "hedging": float(any(h in text for h in ("depends", "help pages", "documentation", "vary", "help center"))),
        "refusal": float(any(r in text for r in ("can't help", "not able to"))),
        "specific": float(bool(re.search(r"\d|>", response))),
    }


def feature_matrix(prompt, candidates):
    """One row of NAMES per candidate: the Phi of one prompt."""
    return np.array([[featurize(prompt, c["text"])[n] for n in NAMES] for c in candidates])
