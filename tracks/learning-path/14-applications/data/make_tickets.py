"""How data/tickets_*.jsonl were made: python3 data/make_tickets.py (from the node folder).

Support tickets of a made-up online shop, generated from hand-written sentence templates with a
seeded random generator: each ticket has one to three sentences about its category, words shared
across categories on purpose ("order", "app", "account", "charge"), polite filler, and, in one
ticket out of six, a sentence about a second category (the label stays the main one). 500 tickets,
split 250 / 125 / 125 into train, dev and test; dev and test tickets also draw on four phrasings per
category that the training tickets never use.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SENTENCES = {
    "billing": [
        "I was charged twice for order {n}.", "Please refund the duplicate charge on my card.",
        "The invoice for my account shows the wrong amount.", "Why did my subscription price go up this month?",
        "I cancelled but you still took a payment.", "Can I get a receipt for my last order?",
        "My card was charged but the order says unpaid.", "The discount code was not applied to my bill.",
        "I need a VAT invoice for order {n}.", "You billed me for an order I returned.",
    ],
    "bug": [
        "The app crashes when I open my basket.", "The checkout page shows an error 500.",
        "Search returns nothing even for products you sell.", "The page freezes after I click pay.",
        "Images do not load on the product pages.", "The app logs me out every few minutes.",
        "The filter by size is broken on mobile.", "I get a blank screen after the update.",
        "The order history page keeps spinning.", "Buttons overlap the text on my tablet.",
    ],
    "account": [
        "I cannot log in to my account.", "The password reset email never arrives.",
        "Please change the email address on my account.", "How do I delete my account?",
        "My account was locked after three attempts.", "I want to turn on two-factor login.",
        "Someone else may have used my account.", "I forgot my password and my username.",
        "Please merge my two accounts.", "The verification code does not work.",
    ],
    "shipping": [
        "Where is my parcel? Order {n} has not arrived.", "The tracking number does not work.",
        "My package was delivered to the wrong address.", "The courier left the box in the rain.",
        "Can you ship order {n} to my office instead?", "Delivery is three days late.",
        "The parcel arrived damaged.", "Do you deliver to Norway?",
        "Order {n} shows delivered but nothing came.", "Can I pick up my order in store?",
    ],
    "feature_request": [
        "Please add a dark mode to the app.", "It would be great to save several addresses.",
        "Could you add PayPal as a payment option?", "I would love a wishlist I can share.",
        "Please let me filter by brand.", "Can you add an option to gift wrap orders?",
        "A size guide on each product page would help.", "Please add notifications when prices drop.",
        "Could the app support Apple Pay?", "Please offer a monthly delivery plan.",
    ],
}
# Phrasings that appear only in dev and test tickets: the classifier must generalise to them.
UNSEEN = {
    "billing": ["Your payment page took my money twice.", "I want my money back for the returned order.",
                "The amount on my statement is higher than the price.", "How do I update the card you charge?"],
    "bug": ["Nothing happens when I tap the pay button in the app.", "The website shows an error when I add to basket.",
            "The app closes itself on my phone.", "Prices show as zero on the product page."],
    "account": ["I am locked out and cannot sign in.", "How can I change the password on my account?",
                "The login code sent to my phone is wrong.", "My username is not recognised."],
    "shipping": ["My order still has not been delivered.", "The box came open and items were missing.",
                 "Which courier brings my parcel?", "The delivery date keeps moving."],
    "feature_request": ["It would help if the app had a list of favourites.", "Please add an option to pay in instalments.",
                        "I would like to choose a delivery time slot.", "Could you add reviews with photos?"],
}
OPENERS = ["Hi,", "Hello team,", "Good morning,", "Hey,", "", "", "Dear support,"]
CLOSERS = ["Thanks.", "Thank you!", "Please help.", "This is urgent.", "", "", "Regards, a long-time customer."]


def ticket(label, rng, unseen):
    n = rng.randint(10000, 99999)
    pool = SENTENCES[label] + (UNSEEN[label] if unseen else [])
    body = [s.format(n=n) for s in rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))]
    if rng.random() < 1 / 6:
        other = rng.choice([c for c in SENTENCES if c != label])
        body.append(rng.choice(SENTENCES[other]).format(n=n))
    return " ".join(p for p in [rng.choice(OPENERS)] + body + [rng.choice(CLOSERS)] if p)


def main():
    rng = random.Random(14)
    labels = [c for c in SENTENCES for _ in range(100)]
    rng.shuffle(labels)
    rows = [{"id": f"t{i:03d}", "text": ticket(label, rng, unseen=i >= 250), "label": label}
            for i, label in enumerate(labels)]
    for name, part in (("train", rows[:250]), ("dev", rows[250:375]), ("test", rows[375:])):
        with open(os.path.join(HERE, f"tickets_{name}.jsonl"), "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(r) + "\n" for r in part))


if __name__ == "__main__":
    main()
