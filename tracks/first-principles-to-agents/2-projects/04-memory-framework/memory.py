"""Project 4: a reusable, modular memory system for agents.

Three stores behind one interface:
  short-term   the last few messages of the current session, verbatim (a window)
  facts        long-term semantic memory: one item per key ("home_city"), embedded for search
  episodes     one dated summary per finished session (episodic memory)
and three policies: what to write, what to read, what to forget.

    python3 evals/harness.py          # the eval harness by hand; writes reports/eval.md
    trail check memory-framework      # the same harness, measured by Trailguide

Standard library and numpy. The overview states the exact interface the harness uses (the
method names and arguments below, the item dicts read() returns, the two kinds of model
requests); the inside is yours. Fill in every TODO.
"""
import json
import math

import numpy as np

import embedding
import llm_client


def count_tokens(text):
    return max(1, math.ceil(len(text) / 4))


def parse_facts(reply):
    """The "facts" list of the first JSON object in the model's reply (fences and prose around it
    allowed), keeping only entries with a string "key" and "text"; [] when the reply is malformed."""
    raise NotImplementedError("parse_facts")  # TODO: json.JSONDecoder().raw_decode from each "{", as in Project 1


class Memory:
    def __init__(self, model=llm_client.chat, embed=embedding.embed, short_term_size=6, half_life_days=60.0,
                 forget_below=0.25, min_importance=0.3):
        self.model, self.embed = model, embed
        self.short_term_size, self.half_life_days = short_term_size, half_life_days
        self.forget_below, self.min_importance = forget_below, min_importance
        self.window = []    # the current session's events
        self.items = []     # long-term items (facts and episodes); keep them per instance, never per class

    def write(self, event):
        """event: {"session", "time" (days), "role": "user" | "assistant", "text"}.

        Keep it in short-term memory. For a user message, ask the model for its facts (the request
        holds the message's text word for word, and never the word "summarize"), keep the facts
        with importance >= min_importance, one item per key: a new text for a known key replaces
        the old one, the same text only refreshes it. Never raise on a bad reply.
        """
        raise NotImplementedError("Memory.write")  # TODO

    def end_session(self, now):
        """Ask the model to summarize the session's messages (the request says "summarize" and holds
        their texts), store the summary as a dated episode, and clear short-term memory."""
        raise NotImplementedError("Memory.end_session")  # TODO

    def short_term(self):
        """The texts of the last short_term_size messages of the current session, oldest first."""
        raise NotImplementedError("Memory.short_term")  # TODO

    def retention(self, item, now):
        """0.5 ** ((now - last use) / (half_life_days * importance))."""
        raise NotImplementedError("Memory.retention")  # TODO

    def read(self, query, k=3, now=None):
        """At most k relevant items, best first, as {"kind": "fact" | "episode", "text", "score"}.

        Relevance first (cosine similarity of the embeddings; items below a threshold are not
        returned at all), then importance and recency as tie-breakers. Reading an item refreshes it
        (its last use becomes now).
        """
        raise NotImplementedError("Memory.read")  # TODO

    def forget(self, now):
        """Drop the items whose retention is below forget_below; return how many were dropped."""
        raise NotImplementedError("Memory.forget")  # TODO
