"""A scripted stand-in for a language model, so the memory harness runs offline and the same way
every time. It knows the shipped conversations and answers the two requests a memory makes:

  - a SUMMARY request: the last user message contains the word "summar" (summarize, summary, …)
    and the text of at least one message of a session -> the session's summary (plain text);
  - otherwise an EXTRACTION request: the last user message contains the text of one message,
    word for word (if it holds several, the one that ends last counts) -> that message's facts as
    JSON {"facts": [{"key", "text", "importance"}, ...]}, or {"facts": []}.

A few messages are marked to test robustness: for them the reply comes wrapped in ```json
fences ("fenced"), or as broken JSON ("broken"). A request it cannot place gets {"facts": []}.
"""
import json


class ScriptedMemoryModel:
    def __init__(self, conversations):
        self.events, self.sessions = [], []
        for conv in conversations:
            for session in conv["sessions"]:
                texts = [e["text"] for e in session["events"]]
                self.sessions.append((texts, session["summary"]))
                self.events += [e for e in session["events"]]

    def __call__(self, messages):
        if not isinstance(messages, list) or not all(isinstance(m, dict) and "content" in m for m in messages):
            raise TypeError("the model takes a list of {'role', 'content'} dicts")
        users = [m for m in messages if m.get("role") == "user"]
        last = users[-1]["content"] if users else ""
        if "summar" in last.lower():
            best = max(self.sessions, key=lambda s: sum(t in last for t in s[0]))
            return best[1] if any(t in last for t in best[0]) else "Nothing to summarize."
        found = [(last.rfind(e["text"]) + len(e["text"]), e) for e in self.events if e["text"] in last]
        if not found:
            return json.dumps({"facts": []})
        event = max(found, key=lambda pair: pair[0])[1]
        reply = json.dumps({"facts": event.get("facts", [])}, ensure_ascii=False)
        if event.get("reply") == "fenced":
            return "Here are the facts:\n```json\n" + reply + "\n```"
        if event.get("reply") == "broken":
            return reply[:-3]
        return reply
