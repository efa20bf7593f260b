"""A scripted stand-in for a language model, so the eval harness runs offline and the same way
every time. It plays each task's "script" (tasks/*.json) one reply per call.

How it reads the conversation (the message protocol of the overview):
  - the task is found in the first "user" message (which must contain the task's text);
  - the step is the number of "assistant" messages already in the conversation: the first call
    plays script[0], the next script[1], ... (so your agent must append every reply it got);
  - a step may "expect" a piece of text in the last user message (an observation such as the
    result of a tool, or an error your agent reported). If it is not there, the fake model
    answers FAKE-MODEL-CONFUSED with what it expected, and the task fails with that reason;
  - in a reply, {obs} stands for the last observation (the last user message without its
    "Observation: " prefix) and {num} for the last number in it;
  - a step with "loop": true is played again on every later call (a model stuck in a loop).
"""
import json
import re


class ScriptedModel:
    def __init__(self, tasks):
        # longest task text first, so a task whose text contains another's is found first
        self.scripts = sorted(((t["task"], t["script"]) for t in tasks if "script" in t),
                              key=lambda pair: -len(pair[0]))

    def __call__(self, messages):
        if not isinstance(messages, list) or not all(isinstance(m, dict) and "role" in m and "content" in m
                                                      for m in messages):
            raise TypeError("the model takes a list of {'role', 'content'} dicts")
        users = [m for m in messages if m["role"] == "user"]
        if not users:
            return self._confused("a user message holding the task")
        script = next((s for text, s in self.scripts if text in users[0]["content"]), None)
        if script is None:
            return self._confused("a known task in the first user message")
        step = sum(1 for m in messages if m["role"] == "assistant")
        if step >= len(script):
            if script[-1].get("loop"):
                step = len(script) - 1
            else:
                return self._confused(f"no more than {len(script)} calls for this task (script exhausted)")
        entry = script[step]
        last = users[-1]["content"] if len(users) > 1 else ""
        if "expect" in entry and entry["expect"] not in last:
            return self._confused(f"{entry['expect']!r} in the last user message, got {last[:120]!r}")
        obs = last[len("Observation: "):] if last.startswith("Observation: ") else last
        numbers = re.findall(r"-?\d+(?:\.\d+)?", obs)
        reply = entry["reply"]
        if not isinstance(reply, str):
            reply = json.dumps(reply)
        return reply.replace("{obs}", json.dumps(obs)[1:-1]).replace("{num}", numbers[-1] if numbers else "")

    @staticmethod
    def _confused(what):
        return json.dumps({"answer": f"FAKE-MODEL-CONFUSED: expected {what}"})
