"""Writes conversation.jsonl and questions.jsonl: eight days of chat between a user and an
assistant, with facts the user states once, facts the user later updates, and small talk.

    python3 data/make_conversation.py      # from the node folder; no randomness

Every answer (and every stale answer) must appear in exactly one turn, a user turn; for an
episode question, the phrase given must appear on one day only. The script checks both.
"""
import json
import os

DAYS = [
    [  # day 1
        ("user", "Good morning! Let's get my week organised."),
        ("assistant", "Good morning. Happy to help, where do we start?"),
        ("user", "First, some background: my sister Ines lives in Ghent and works as a nurse."),
        ("assistant", "Noted. Is she part of the plans this week?"),
        ("user", "Maybe at the weekend. I drive a red Toyota Yaris, a small car that is easy to park."),
        ("assistant", "Small cars are handy in the city."),
        ("user", "The serial number of my work laptop is KX-4471, in case IT asks."),
        ("assistant", "Got it, I will keep it for IT."),
        ("user", "Haha, thanks."),
        ("assistant", "You're welcome."),
        ("user", "Important for restaurants: I am allergic to shellfish."),
        ("assistant", "Understood, I will flag seafood places."),
        ("user", "My phone number is 0488 12 34 56 if anything needs a contact."),
        ("assistant", "Saved."),
        ("user", "That's all for today."),
        ("assistant", "Have a good evening."),
    ],
    [  # day 2
        ("user", "Hi again."),
        ("assistant", "Hi! What is on the list today?"),
        ("user", "My gym membership renews on 3 September, remind me to cancel before then."),
        ("assistant", "I will remind you in late August."),
        ("user", "Great. My dentist appointment is on Tuesday at the clinic near the station."),
        ("assistant", "Noted."),
        ("user", "Our wifi password at home is lanternfish, the babysitter will need it."),
        ("assistant", "I will share it with the babysitter when needed."),
        ("user", "My address is Kouter 14, the babysitter should come there at six."),
        ("assistant", "Six o'clock, at your place. Anything else?"),
        ("user", "No, that's it."),
        ("assistant", "Talk soon."),
    ],
    [  # day 3
        ("user", "Work stuff today."),
        ("assistant", "Go ahead."),
        ("user", "My manager is called Dorota and she wants the quarterly report on Friday."),
        ("assistant", "A Friday deadline, then."),
        ("user", "We are planning the team offsite, it will be in Tallinn this year."),
        ("assistant", "Lovely in spring."),
        ("user", "My favourite coffee is a flat white, order that for the offsite breakfast."),
        ("assistant", "I will note the coffee order."),
        ("user", "Sounds good."),
        ("assistant", "Anything else for work?"),
        ("user", "Nope."),
        ("assistant", "Good luck with the report."),
    ],
    [  # day 4
        ("user", "Family day."),
        ("assistant", "Nice. What do you need?"),
        ("user", "My daughter's teacher is Mr. Okoro, I have a meeting with him next week."),
        ("assistant", "I can help you prepare questions for it."),
        ("user", "Later. I take the 7:52 train to work, so meetings must start after nine."),
        ("assistant", "Meetings after nine, understood."),
        ("user", "Okay."),
        ("assistant", "Anything else today?"),
        ("user", "Not really, thanks."),
        ("assistant", "Enjoy the family day."),
    ],
    [  # day 5
        ("user", "Travel admin now."),
        ("assistant", "Sure."),
        ("user", "My passport expires in March 2027, check that before we book the offsite flights."),
        ("assistant", "That is valid long enough for the offsite."),
        ("user", "The dentist moved my appointment to Thursday morning."),
        ("assistant", "Updated the calendar."),
        ("user", "Also the kitchen tap leaks, the plumber's number is 0471 22 93 10."),
        ("assistant", "I can draft a message to the plumber."),
        ("user", "Please do, ask for a visit on Saturday."),
        ("assistant", "Drafted a request for Saturday."),
        ("user", "Perfect."),
        ("assistant", "Anything else?"),
        ("user", "No."),
        ("assistant", "Bye for now."),
    ],
    [  # day 6
        ("user", "Weekend!"),
        ("assistant", "Enjoy it. Plans?"),
        ("user", "A long run. My favourite running route is along the Leie river."),
        ("assistant", "A flat route, good for a long run."),
        ("user", "My bike lock code is 8352, my son keeps forgetting it."),
        ("assistant", "I will remember it for him."),
        ("user", "Big news: I now drive a blue Skoda Octavia."),
        ("assistant", "Congratulations on the new car."),
        ("user", "I got a new SIM card today: 0499 65 43 21 is my number now."),
        ("assistant", "Updated your contact details."),
        ("user", "Cool."),
        ("assistant", "Have a good run."),
    ],
    [  # day 7
        ("user", "Home projects."),
        ("assistant", "Let's hear them."),
        ("user", "Grandma's birthday is on 12 November, we should plan a dinner."),
        ("assistant", "I will start a list of restaurants without seafood."),
        ("user", "I want the kitchen painted sage green once the tap is fixed."),
        ("assistant", "Noted for the painter."),
        ("user", "We moved last month, the new address is Veldstraat 88, so the painter should come there."),
        ("assistant", "I will give the painter the new address."),
        ("user", "Thanks."),
        ("assistant", "Any time."),
    ],
    [  # day 8
        ("user", "Last admin of the week."),
        ("assistant", "Ready."),
        ("user", "My dentist is Dr. Varga, put her on the contact list."),
        ("assistant", "Added to the contacts."),
        ("user", "The car insurance policy number is AZ-30918, for the new Skoda."),
        ("assistant", "Stored with the car papers."),
        ("user", "These days my usual coffee order is an oat cappuccino."),
        ("assistant", "I will remember the new coffee order."),
        ("user", "Did you draft the message to the plumber?"),
        ("assistant", "Yes, it asks for a visit on Saturday."),
        ("user", "Great, send it."),
        ("assistant", "Sent."),
        ("user", "See you next week."),
        ("assistant", "See you."),
    ],
]

QUESTIONS = [
    # facts stated once: (question, answer)
    ("fact", "Where does my sister live?", "Ghent", None),
    ("fact", "What is the serial number of my laptop?", "KX-4471", None),
    ("fact", "What am I allergic to?", "shellfish", None),
    ("fact", "When does my gym membership renew?", "3 September", None),
    ("fact", "What is the wifi password at home?", "lanternfish", None),
    ("fact", "What is my manager called?", "Dorota", None),
    ("fact", "Where will the team offsite be?", "Tallinn", None),
    ("fact", "Who is my daughter's teacher?", "Okoro", None),
    ("fact", "Which train do I take to work?", "7:52", None),
    ("fact", "When does my passport expire?", "March 2027", None),
    ("fact", "What is the plumber's number?", "0471 22 93 10", None),
    ("fact", "What is my favourite running route?", "Leie", None),
    ("fact", "What is my bike lock code?", "8352", None),
    ("fact", "When is grandma's birthday?", "12 November", None),
    ("fact", "What colour do I want for the kitchen?", "sage green", None),
    ("fact", "Who is my dentist?", "Varga", None),
    ("fact", "What is the car insurance policy number?", "AZ-30918", None),
    # facts updated later: (question, current answer, stale answer)
    ("update", "What car do I drive?", "Skoda Octavia", "Toyota Yaris"),
    ("update", "When is my dentist appointment?", "Thursday", "Tuesday"),
    ("update", "What is my address?", "Veldstraat 88", "Kouter 14"),
    ("update", "What is my favourite coffee order?", "oat cappuccino", "flat white"),
    ("update", "What is my phone number?", "0499 65 43 21", "0488 12 34 56"),
    # episodes: (question, a text of that day's turns, None); the answer is the day
    ("episode", "On which day did we plan the team offsite?", "team offsite", None),
    ("episode", "On which day did I talk about the plumber and the leaking tap?", "tap leaks", None),
    ("episode", "On which day did we talk about the babysitter?", "babysitter will need", None),
    ("episode", "On which day did I mention my daughter's teacher meeting?", "daughter's teacher", None),
    ("episode", "On which day did I plan a long run?", "long run", None),
    ("episode", "On which day did we plan grandma's birthday dinner?", "birthday", None),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    turns = []
    for day, day_turns in enumerate(DAYS, 1):
        for role, text in day_turns:
            turns.append({"turn": len(turns), "day": day, "role": role, "text": text})

    def where(text):
        hits = [t for t in turns if text.lower() in t["text"].lower()]
        assert len(hits) == 1, (text, [h["turn"] for h in hits])
        return hits[0]

    questions = []
    for kind, question, answer, stale in QUESTIONS:
        q = {"kind": kind, "question": question}
        if kind == "episode":
            days = {t["day"] for t in turns if answer.lower() in t["text"].lower()}
            assert len(days) == 1, (answer, days)
            q["day"] = days.pop()
        else:
            hit = where(answer)
            q.update(answer=answer, turn=hit["turn"])
            assert hit["role"] == "user", answer
        if stale is not None:
            old = where(stale)
            assert old["turn"] < hit["turn"], question
            q.update(stale=stale, stale_turn=old["turn"])
        questions.append(q)
    with open(os.path.join(here, "conversation.jsonl"), "w", encoding="utf-8") as f:
        for t in turns:
            f.write(json.dumps(t) + "\n")
    with open(os.path.join(here, "questions.jsonl"), "w", encoding="utf-8") as f:
        for q in questions:
            f.write(json.dumps(q) + "\n")
    print(f"{len(turns)} turns over {len(DAYS)} days, {len(questions)} questions")


if __name__ == "__main__":
    main()
