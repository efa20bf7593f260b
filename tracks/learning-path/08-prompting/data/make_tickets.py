"""Writes data/tickets.jsonl: 100 customer-support emails, one JSON object {"id", "text"} a line,
drawn from hand-written phrase lists with random.Random(0). Run from the stage folder:
python3 data/make_tickets.py. Standard library only."""
import json
import random

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca"]
LAST = ["Silva", "Okafor", "Martin", "Patel", "Novak", "Haddad", "Kim", "Tanaka", "Costa", "Weber"]
PRODUCTS = {"KBD-1042": "mechanical keyboard", "MSE-2210": "wireless mouse", "HDP-3301": "headphones",
            "CAB-0457": "USB-C cable", "MON-2788": "27-inch monitor", "LMP-1190": "desk lamp"}
ISSUES = {
    "billing": ["I was charged twice for my order", "the invoice shows the wrong amount",
                "my discount code was not applied at checkout"],
    "shipping": ["the parcel has not arrived after two weeks", "the box arrived crushed",
                 "I received the wrong item"],
    "technical": ["it stopped working after a few days", "it does not connect to my laptop",
                  "the firmware update failed halfway"],
    "account": ["I cannot log in since I changed my password", "please change the email on my account",
                "I want to delete my account"],
}
MOODS = ["", "This is really frustrating. ", "No rush, ", "I need this fixed today! "]


def ticket(i, rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first.lower()}.{last.lower()}@example.com"
    category = rng.choice(sorted(ISSUES))
    issue = rng.choice(ISSUES[category])
    items = rng.sample(sorted(PRODUCTS), rng.choice([0, 1, 1, 2]))
    lines = [f"Ticket #{i}", f"From: {first} {last} <{email}>", f"Subject: {issue.capitalize()}", ""]
    body = "Hello. " + rng.choice(MOODS)
    if items:
        bought = " and ".join(f"{rng.randint(1, 3)} x {sku} ({PRODUCTS[sku]})" for sku in items)
        body += f"I ordered {bought}, and {issue}."
    else:
        body += f"{issue}."
    if rng.random() < 0.3:
        body += " I would like a refund."
    lines += [body, "", f"Thanks, {first}"]
    return {"id": i, "text": "\n".join(lines)}


def main():
    rng = random.Random(0)
    with open("data/tickets.jsonl", "w") as f:
        for i in range(100):
            f.write(json.dumps(ticket(i, rng)) + "\n")


if __name__ == "__main__":
    main()
