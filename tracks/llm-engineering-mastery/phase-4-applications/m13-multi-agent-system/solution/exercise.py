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
    value = first_json(text)
    if not isinstance(value, list) or not value or not all(isinstance(q, str) and q.strip() for q in value):
        raise ValueError("the plan must be a JSON array of questions")
    return [q.strip() for q in value]


def parse_review(text):
    """(approved, feedback) from the reviewer's JSON object."""
    value = first_json(text)
    if not isinstance(value, dict) or not isinstance(value.get("approved"), bool):
        raise ValueError('the review must be a JSON object with a boolean "approved"')
    return value["approved"], str(value.get("feedback", ""))


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
        self.messages.append({"turn": len(self.messages), "from": sender, "to": to, "type": type_,
                              "content": content, "reply_to": reply_to})
        return len(self.messages) - 1

    def ask(self, agent, content, reply_to, response_type):
        """A request from the coordinator to agent, and the agent's response: returns (turn, text)."""
        request = self.send("coordinator", agent.role, "request", content, reply_to)
        text = agent.respond(content)
        return self.send(agent.role, "coordinator", response_type, text, request), text


def run_team(task, model=None, max_revisions=2):
    """Runs the team on task; returns the transcript (a list of message dicts)."""
    model = model or llm_client.chat
    agents = {role: Agent(role, model) for role in INSTRUCTIONS}
    t = Transcript()
    start = t.send("user", "coordinator", "task", task)
    plan_turn, plan_text = t.ask(agents["planner"], task, start, "plan")
    findings, last = [], plan_turn
    for question in parse_plan(plan_text):
        last, finding = t.ask(agents["researcher"], question, plan_turn, "result")
        findings.append(finding)
    draft_turn, draft = t.ask(agents["writer"], writer_request(task, findings), last, "draft")
    for revision in range(max_revisions + 1):
        review_turn, review = t.ask(agents["reviewer"], reviewer_request(task, findings, draft), draft_turn, "review")
        approved, feedback = parse_review(review)
        if approved or revision == max_revisions:
            break
        draft_turn, draft = t.ask(agents["writer"], writer_request(task, findings, draft, feedback), review_turn, "draft")
    t.send("coordinator", "user", "final", draft, review_turn)
    return t.messages


def check_transcript(messages):
    """Every violation of the protocol in messages, as a list of strings ([] means it follows it)."""
    problems = []
    keys = {"turn", "from", "to", "type", "content", "reply_to"}
    for i, m in enumerate(messages):
        if set(m) != keys:
            problems.append(f"turn {i}: fields must be {sorted(keys)}")
            continue
        if m["turn"] != i:
            problems.append(f"turn {i}: numbered {m['turn']}")
        if m["from"] not in ROLES or m["to"] not in ROLES or m["from"] == m["to"]:
            problems.append(f"turn {i}: {m['from']} -> {m['to']} is not between two declared roles")
        elif m["type"] not in SENDS[m["from"]]:
            problems.append(f"turn {i}: {m['from']} may not send {m['type']!r}")
        if i == 0:
            if (m["from"], m["to"], m["type"]) != ("user", "coordinator", "task"):
                problems.append("turn 0: the transcript starts with the user's task to the coordinator")
        elif not (isinstance(m["reply_to"], int) and 0 <= m["reply_to"] < i):
            problems.append(f"turn {i}: reply_to must name an earlier turn")
    if problems:
        return problems
    answered = {}
    for m in messages:
        if m["type"] in RESPONSES:
            req = messages[m["reply_to"]]
            if req["type"] != "request" or req["to"] != m["from"] or m["to"] != req["from"]:
                problems.append(f"turn {m['turn']}: a {m['type']} must answer a request sent to {m['from']}")
            elif m["reply_to"] in answered:
                problems.append(f"turn {m['turn']}: request {m['reply_to']} was already answered")
            answered[m["reply_to"]] = m["turn"]
    for m in messages:
        if m["type"] == "request" and m["turn"] not in answered:
            problems.append(f"turn {m['turn']}: request to {m['to']} never answered")
    finals = [m for m in messages if m["type"] == "final"]
    if len(finals) != 1 or messages[-1]["type"] != "final" or messages[-1]["to"] != "user":
        problems.append("the transcript ends with exactly one final message from the coordinator to the user")
    else:
        reviews = [m for m in messages if m["type"] == "review"]
        try:
            approved = bool(reviews) and parse_review(reviews[-1]["content"])[0]
        except ValueError:
            approved = False
        if not approved:
            problems.append("the final message must follow a review that approves the draft")
    return problems


def write_transcript(messages, path):
    """Writes the messages to path as a JSON array."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(messages, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    messages = run_team("Write a three-sentence brief about the Tern sensor for a greenhouse owner.")
    write_transcript(messages, os.path.join(HERE, "transcript.json"))
    for m in messages:
        print(f"[{m['turn']}] {m['from']} -> {m['to']} ({m['type']}): {m['content'][:80]!r}")
    print("protocol violations:", check_transcript(messages))
