"""A fake model that plays the four roles of the team, told apart by the system prompt
("You are the planner ...", and so on). It only knows what the messages it receives say."""
import json
import re

PLANS = {
    "tern": ["What does Tern measure, and how accurately?", "How often does Tern send readings, and over what network?",
             "How long does Tern's battery last?"],
    "plover": ["How many sensors can Plover collect readings from?", "What does Plover do when the internet is down?"],
}
FACTS = {
    "accurately": "Tern measures relative humidity with an accuracy of 1.5 percent.",
    "how often": "Tern sends a reading every 90 seconds over LoRaWAN.",
    "battery": "Tern's battery lasts about four years.",
    "how many sensors": "Plover collects readings from up to 250 Tern sensors.",
    "internet": "Plover stores thirty days of readings when the internet connection is down.",
}
KEY_FACTS = {"tern": ["1.5 percent", "90 seconds", "four years"], "plover": ["250", "thirty days"]}


def subject(text):
    return "plover" if "plover" in text.lower() else "tern"


class FakeTeamModel:
    def __init__(self):
        self.calls = []

    def __call__(self, messages):
        system = messages[0]["content"] if messages and messages[0]["role"] == "system" else ""
        user = messages[-1]["content"]
        self.calls.append((system, user))
        role = re.match(r"You are the (\w+)", system)
        role = role.group(1) if role else "?"
        if role == "planner":
            return "Plan:\n" + json.dumps(PLANS[subject(user)])
        if role == "researcher":
            for key, fact in FACTS.items():
                if key in user.lower():
                    return fact
            return "not in the notes"
        if role == "writer":
            findings = re.findall(r"^- (.*)$", user.split("Previous draft:")[0], re.M)
            if "Feedback:" in user:
                return " ".join(findings)
            return " ".join(findings[:-1])  # a first draft that leaves out the last finding
        if role == "reviewer":
            draft = user.split("Draft:", 1)[-1]
            missing = [k for k in KEY_FACTS[subject(user)] if k not in draft]
            if missing:
                return json.dumps({"approved": False, "feedback": "Add: " + ", ".join(missing)})
            return "```json\n" + json.dumps({"approved": True, "feedback": "Complete."}) + "\n```"
        return "I do not know my role."
