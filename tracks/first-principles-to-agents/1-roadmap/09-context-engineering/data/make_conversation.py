"""How conversation.jsonl and questions.jsonl were made: written by hand for this track, then
written out by this script (no randomness). Run from the node folder: python3 data/make_conversation.py

A 64-turn chat between a user and an assistant over a week of errands. Fifteen user turns
each state one fact; the rest is ordinary conversation. Each question asks for one fact, and
its `answer` is a string that appears in exactly one turn.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TURNS = [
    ("user", "Hi! I need help getting organised this week, there is a lot going on."),
    ("assistant", "Happy to help. Tell me what is on your plate and we can sort it out together."),
    ("user", "First, the new laptop. I ordered it last night and the order number is 48213."),
    ("assistant", "Noted. Do you want me to remind you to check the delivery status tomorrow?"),
    ("user", "Yes please. Also, it was a bit over what I wanted to spend, my budget was 1,200 euros."),
    ("assistant", "Understood. If it goes over, we can look at returning accessories you do not need."),
    ("user", "Good idea. The charger I can probably do without, I have an old one."),
    ("assistant", "That sounds sensible. Anything else for today?"),
    ("user", "The trip! My flight to Lisbon is on 14 May."),
    ("assistant", "Exciting. Do you have everything booked already, or should we make a list?"),
    ("user", "Let's make a list. The flight leaves at 07:40, so it will be an early morning."),
    ("assistant", "Then a taxi booked for the night before would be wise. I will add it to the list."),
    ("user", "Please do. And I always prefer an aisle seat on flights, I get restless."),
    ("assistant", "Got it. I will remember that when you check in online."),
    ("user", "We are staying at Casa do Rio, a small hotel near the river."),
    ("assistant", "Lovely. Shall I look up how far it is from the airport?"),
    ("user", "Maybe later. My daughter Mira is coming along, it is her first trip abroad."),
    ("assistant", "How nice for her. Does she have a valid passport?"),
    ("user", "She does, we renewed it in the spring."),
    ("assistant", "Great, one thing less to worry about."),
    ("user", "For food, remember that I am allergic to peanuts, so restaurants need checking."),
    ("assistant", "Important. I will flag dishes with nuts when we look at menus."),
    ("user", "Thanks. Lisbon has good seafood anyway, I am looking forward to it."),
    ("assistant", "It is famous for it. Grilled sardines are a classic."),
    ("user", "We also rented a car for a day trip, the confirmation code is RX-5521."),
    ("assistant", "Saved. Do you want to plan the day trip now or closer to the date?"),
    ("user", "Closer to the date. Let's switch to work stuff for a moment."),
    ("assistant", "Sure. What is coming up at work?"),
    ("user", "I have a meeting with Dr. Okafor on Thursday about the research grant."),
    ("assistant", "Would you like to prepare talking points for it?"),
    ("user", "Yes, but not today. The grant deadline is still a few weeks away."),
    ("assistant", "Then we have time. I will remind you on Wednesday."),
    ("user", "Perfect. Oh, and the dentist, I almost forgot."),
    ("assistant", "When is the appointment?"),
    ("user", "The dentist appointment is on Friday at 15:30."),
    ("assistant", "Noted. You might want to leave work a bit early that day."),
    ("user", "True. The office is on the other side of town."),
    ("assistant", "Traffic on Fridays can be heavy, so plan some margin."),
    ("user", "My son needs new football boots too, his shoe size is now size 34."),
    ("assistant", "Kids grow fast. Shall I find a few options within a reasonable price?"),
    ("user", "Please. Nothing too fancy, he will outgrow them by winter."),
    ("assistant", "Understood, sturdy and affordable it is."),
    ("user", "Next weekend we go to the cabin. The Wi-Fi password there is pinecone42."),
    ("assistant", "Saved. Is there anything to bring for the cabin?"),
    ("user", "Just food and warm clothes, the evenings are cold up there."),
    ("assistant", "A good excuse for a fire in the evening."),
    ("user", "Exactly. I should cancel the gym before I forget, my membership ends on 30 September."),
    ("assistant", "Do you want to cancel now, or let it run until then?"),
    ("user", "Let it run, I will use it until the end."),
    ("assistant", "Sounds good. I will remind you a week before it ends."),
    ("user", "By the way, if you ever order tea for the office, my favourite is rooibos."),
    ("assistant", "Noted for the next order."),
    ("user", "The weather has been strange lately, sunny one day and rainy the next."),
    ("assistant", "Spring weather. Keep an umbrella in your bag."),
    ("user", "I keep forgetting it at home, of course."),
    ("assistant", "A second umbrella at the office might solve that."),
    ("user", "Ha, that is actually a good idea."),
    ("assistant", "Small things make weeks easier."),
    ("user", "Can you summarise the week for me later today?"),
    ("assistant", "Of course. I will put the trip, work and family items in one list."),
    ("user", "Great, and keep it short, I read it on my phone."),
    ("assistant", "A short list with the dates first, then."),
    ("user", "Thanks, that's all for now."),
    ("assistant", "You're welcome. Have a good evening!"),
]

QUESTIONS = [
    ("What is the order number of the laptop?", "48213"),
    ("What was my budget for the laptop?", "1,200 euros"),
    ("On which date is my flight to Lisbon?", "14 May"),
    ("What time does the flight leave?", "07:40"),
    ("Which seat do I prefer on flights?", "aisle"),
    ("Which hotel are we staying at?", "Casa do Rio"),
    ("What is my daughter's name?", "Mira"),
    ("What am I allergic to?", "peanuts"),
    ("What is the car rental confirmation code?", "RX-5521"),
    ("Who is the meeting on Thursday with?", "Okafor"),
    ("When is the dentist appointment?", "15:30"),
    ("What shoe size does my son wear?", "size 34"),
    ("What is the Wi-Fi password at the cabin?", "pinecone42"),
    ("When does my gym membership end?", "30 September"),
    ("Which tea do I like?", "rooibos"),
]

text = [t for _, t in TURNS]
for q, a in QUESTIONS:
    hits = [i for i, t in enumerate(text) if a in t]
    assert len(hits) == 1 and TURNS[hits[0]][0] == "user", (q, a, hits)
with open(os.path.join(HERE, "conversation.jsonl"), "w") as out:
    for i, (role, t) in enumerate(TURNS):
        out.write(json.dumps({"turn": i, "role": role, "text": t}) + "\n")
with open(os.path.join(HERE, "questions.jsonl"), "w") as out:
    for q, a in QUESTIONS:
        turn = next(i for i, t in enumerate(text) if a in t)
        out.write(json.dumps({"question": q, "answer": a, "turn": turn}) + "\n")
print(len(TURNS), "turns,", len(QUESTIONS), "questions,", sum(len(t) for t in text), "characters")
