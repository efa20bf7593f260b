"""A small multi-agent system: four roles with their own instructions, a coordinator that routes
messages between them, and a message protocol that every transcript must follow.

Roles: planner (splits the task into questions), researcher (answers one question from the
notes), writer (drafts from the findings), reviewer (approves or asks for changes). The
coordinator is code, not a model. Every message is a dict:

    {"turn": int, "from": role, "to": role, "type": str, "content": str, "reply_to": int or None}

The model is a parameter, model(messages) -> str (default llm_client.chat); each agent calls it
with its own system prompt.
"""
import json
import os

import llm_client

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "data", "notes.md"), encoding="utf-8") as _f:
    NOTES = _f.read()

# ---- the declared roles and the protocol (given) ------------------------------------------
ROLES = ("user", "coordinator", "planner", "researcher", "writer", "reviewer")
SENDS = {"user": {"task"}, "coordinator": {"request", "final"}, "planner": {"plan"},
         "researcher": {"result"}, "writer": {"draft"}, "reviewer": {"review"}}
RESPONSES = {"plan", "result", "draft", "review"}
INSTRUCTIONS = {
    "planner": "Split the task into two to four short questions that must be answered to do it. "
               "Reply with a JSON array of strings only.",
    "researcher": "Answer the question in one sentence using only these notes; if they do not say, reply "
                  "\"not in the notes\".\n\n" + NOTES,
    "writer": "Write the text the task asks for, using only the findings. If feedback is given, revise the "
              "previous draft to address it. Reply with the text only.",
    "reviewer": "Check that the draft does the task and uses every finding. Reply with a JSON object only: "
                "{\"approved\": true or false, \"feedback\": \"what to change\"}.",
}


class Agent:
    def __init__(self, role, model):
        self.role, self.model = role, model

    def system_prompt(self):
        return f"You are the {self.role} of a small team. {INSTRUCTIONS[self.role]}"

    def respond(self, content):
        """One model call: this agent's system prompt, then the request as the user message."""
        return self.model([{"role": "system", "content": self.system_prompt()},
                           {"role": "user", "content": content}]).strip()


def first_json(text):
    """The first JSON value (object or array) in text; ValueError when there is none."""
    starts = [i for i in (text.find("["), text.find("{")) if i >= 0]
    if not starts:
        raise ValueError("no JSON in the reply")
    value, _ = json.JSONDecoder().raw_decode(text[min(starts):])
    return value


# ---- yours ------------------------------------------------------------------------------
def parse_plan(text):
    """The planner's questions: the first JSON array of non-empty strings in text."""
    # TODO: first_json(text) must be a non-empty list of non-empty strings; return them stripped.
    # Anything else: raise ValueError.
    raise NotImplementedError("parse_plan")


def parse_review(text):
    """(approved, feedback) from the reviewer's JSON object."""
    # TODO: first_json(text) must be a dict whose "approved" is a bool; return (approved, feedback),
    # feedback defaulting to "". Anything else: raise ValueError.
    raise NotImplementedError("parse_review")


def writer_request(task, findings, draft=None, feedback=None):
    text = f"Task: {task}\n\nFindings:\n" + "\n".join(f"- {f}" for f in findings)
    if draft is not None:
        text += f"\n\nPrevious draft:\n{draft}\n\nFeedback: {feedback}"
    return text


def reviewer_request(task, findings, draft):
    return f"Task: {task}\n\nFindings:\n" + "\n".join(f"- {f}" for f in findings) + f"\n\nDraft:\n{draft}"


class Transcript:
    """The list of messages, with the turn numbers filled in."""

    def __init__(self):
        self.messages = []

    def send(self, sender, to, type_, content, reply_to=None):
        # TODO: append {"turn", "from", "to", "type", "content", "reply_to"}; the turn is the message's
        # index in the list; return it.
        raise NotImplementedError("Transcript.send")

    def ask(self, agent, content, reply_to, response_type):
        """A request from the coordinator to agent, and the agent's response: returns (turn, text)."""
        # TODO: send the request (coordinator -> agent.role, reply_to), get agent.respond(content), send
        # the response (agent.role -> coordinator, response_type, reply_to the request); return
        # (the response's turn, the response's text).
        raise NotImplementedError("Transcript.ask")


def run_team(task, model=None, max_revisions=2):
    """Runs the team on task; returns the transcript (a list of message dicts)."""
    model = model or llm_client.chat
    agents = {role: Agent(role, model) for role in INSTRUCTIONS}
    t = Transcript()
    # TODO: the user's task to the coordinator; ask the planner (content: the task); for each question of
    # parse_plan, ask the researcher; ask the writer (writer_request); then up to max_revisions + 1
    # times ask the reviewer (reviewer_request) and stop when parse_review approves; otherwise ask the
    # writer again with the draft and the feedback. End with the coordinator's final message to the
    # user (the last draft, reply_to the last review). Return t.messages.
    raise NotImplementedError("run_team")


def check_transcript(messages):
    """Every violation of the protocol in messages, as a list of strings ([] means it follows it)."""
    # TODO: the rules of the protocol (see the overview): fields and turn numbers; declared roles and
    # the types each may send; the task first; reply_to an earlier turn; every response answers one
    # request sent to its sender and goes back to the requester; every request answered exactly once;
    # one final message, last, to the user, after a review that approves.
    raise NotImplementedError("check_transcript")


def write_transcript(messages, path):
    """Writes the messages to path as a JSON array."""
    # TODO: the messages as a JSON array (indent 2) in path.
    raise NotImplementedError("write_transcript")


if __name__ == "__main__":
    messages = run_team("Write a three-sentence brief about the Tern sensor for a greenhouse owner.")
    write_transcript(messages, os.path.join(HERE, "transcript.json"))
    for m in messages:
        print(f"[{m['turn']}] {m['from']} -> {m['to']} ({m['type']}): {m['content'][:80]!r}")
    print("protocol violations:", check_transcript(messages))
