"""Project 4: a reusable, modular memory system for agents.

Three stores behind one interface:
  short-term   the last few messages of the current session, verbatim (a window)
  facts        long-term semantic memory: one item per key ("home_city"), embedded for search
  episodes     one dated summary per finished session (episodic memory)
and three policies: what to write (extract facts with the model, keep the important ones,
one item per key), what to read (similarity first, then importance and recency, only what
is relevant, at most k), what to forget (retention decays with time since last use).

    python3 evals/harness.py          # the eval harness by hand; writes reports/eval.md
    trail check memory-framework      # the same harness, measured by Trailguide
"""
import json
import math

import numpy as np

import embedding
import llm_client

EXTRACT_PROMPT = """Extract the durable facts about the user from their message, as JSON:
{{"facts": [{{"key": "snake_case_topic", "text": "short fact", "importance": 0.0-1.0}}]}}
Reuse a known key when the message updates it. Known keys: {keys}.
Importance: 1.0 health and safety, 0.9 identity, 0.7-0.8 stable preferences and plans,
0.3 temporary states (right now, today), 0.1 small talk. No facts: {{"facts": []}}.

Message: {text}"""

SUMMARY_PROMPT = """Summarize this conversation session in one or two sentences, starting with "Day {day}:".
Keep names, numbers and what the assistant suggested.

{transcript}"""


def count_tokens(text):
    return max(1, math.ceil(len(text) / 4))


def parse_facts(reply):
    """The "facts" list of the first JSON object in the reply; [] when there is none or it is malformed."""
    decoder = json.JSONDecoder()
    start = reply.find("{")
    while start != -1:
        try:
            obj, _ = decoder.raw_decode(reply, start)
        except json.JSONDecodeError:
            start = reply.find("{", start + 1)
            continue
        facts = obj.get("facts") if isinstance(obj, dict) else None
        if not isinstance(facts, list):
            return []
        good = []
        for f in facts:
            if isinstance(f, dict) and isinstance(f.get("key"), str) and isinstance(f.get("text"), str):
                try:
                    importance = float(f.get("importance", 0.5))
                except (TypeError, ValueError):
                    importance = 0.5
                good.append({"key": f["key"], "text": f["text"], "importance": min(1.0, max(0.0, importance))})
        return good
    return []


class Memory:
    def __init__(self, model=llm_client.chat, embed=embedding.embed, short_term_size=6, half_life_days=60.0,
                 forget_below=0.25, min_importance=0.3, min_similarity=0.2):
        self.model, self.embed = model, embed
        self.short_term_size, self.half_life_days = short_term_size, half_life_days
        self.forget_below, self.min_importance, self.min_similarity = forget_below, min_importance, min_similarity
        self.window = []        # events of the current session (short-term)
        self.items = []         # long-term: dicts kind, key, text, importance, created, last_access, vector
        self.now = 0.0

    # ------------------------------------------------------------ write
    def write(self, event):
        """Stores an event in short-term memory; extracts and stores the facts of user messages."""
        self.now = max(self.now, float(event["time"]))
        self.window.append(event)
        if event["role"] != "user":
            return []
        keys = ", ".join(sorted({i["key"] for i in self.items if i["kind"] == "fact"})) or "none yet"
        try:
            reply = self.model([{"role": "user", "content": EXTRACT_PROMPT.format(keys=keys, text=event["text"])}])
        except Exception:
            return []
        stored = []
        for fact in parse_facts(reply):
            if fact["importance"] < self.min_importance:
                continue
            self._upsert(fact, event["time"])
            stored.append(fact)
        return stored

    def _upsert(self, fact, time):
        for item in self.items:
            if item["kind"] == "fact" and item["key"] == fact["key"]:
                if item["text"] != fact["text"]:      # an update supersedes the old value
                    item.update(text=fact["text"], vector=self.embed([fact["text"]])[0], created=time)
                item.update(importance=max(item["importance"], fact["importance"]), last_access=time)
                return
        self.items.append({"kind": "fact", "key": fact["key"], "text": fact["text"], "importance": fact["importance"],
                           "created": time, "last_access": time, "vector": self.embed([fact["text"]])[0]})

    def end_session(self, now):
        """Summarizes the session into a dated episode, and clears short-term memory."""
        self.now = max(self.now, float(now))
        if self.window:
            day = int(self.window[0]["time"])
            transcript = "\n".join(f"{e['role']}: {e['text']}" for e in self.window)
            try:
                summary = self.model([{"role": "user", "content": SUMMARY_PROMPT.format(day=day, transcript=transcript)}])
            except Exception:
                summary = ""
            if summary.strip():
                self.items.append({"kind": "episode", "key": f"session-{self.window[0]['session']}", "text": summary.strip(),
                                   "importance": 1.0, "created": now, "last_access": now,
                                   "vector": self.embed([summary.strip()])[0]})
        self.window = []

    def short_term(self):
        return [e["text"] for e in self.window[-self.short_term_size:]]

    # ------------------------------------------------------------ read
    def retention(self, item, now):
        half_life = self.half_life_days * max(item["importance"], 1e-6)
        return 0.5 ** (max(0.0, now - item["last_access"]) / half_life)

    def read(self, query, k=3, now=None):
        """At most k relevant items, best first: {"kind", "text", "score"}. Reading refreshes them."""
        now = self.now if now is None else float(now)
        if not self.items:
            return []
        q = self.embed([query])[0]
        scored = []
        for item in self.items:
            similarity = float(q @ item["vector"])
            if similarity < self.min_similarity:
                continue
            score = similarity + 0.1 * item["importance"] + 0.1 * self.retention(item, now)
            scored.append((score, item))
        scored.sort(key=lambda pair: -pair[0])
        out = []
        for score, item in scored[:k]:
            item["last_access"] = max(item["last_access"], now)
            out.append({"kind": item["kind"], "text": item["text"], "score": score})
        return out

    # ------------------------------------------------------------ forget
    def forget(self, now):
        """Drops the items whose retention has fallen below forget_below; returns how many."""
        keep = [i for i in self.items if self.retention(i, now) >= self.forget_below]
        dropped = len(self.items) - len(keep)
        self.items = keep
        return dropped
