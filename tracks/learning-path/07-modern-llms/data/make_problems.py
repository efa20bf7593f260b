"""Writes data/problems.json: 20 multi-step arithmetic word problems with their integer answers,
from six templates with numbers drawn by random.Random(0). Run from the stage folder:
python3 data/make_problems.py. Standard library only."""
import json
import random


def bakery(r):
    a, b = r.randint(6, 14), r.randint(12, 30)
    c, d = r.randint(20, a * b // 3), r.randint(10, a * b // 3)
    return (f"A bakery bakes {a} trays of {b} rolls each morning. It sells {c} rolls before noon and "
            f"{d} after noon. How many rolls are left at the end of the day?", a * b - c - d)


def train(r):
    a, b = r.randint(80, 200), r.randint(10, 40)
    c = r.randint(5, 40)
    if (a - b + c) % 2:
        c += 1
    return (f"A train leaves the station with {a} passengers. At the first stop {b} get off and {c} get on. "
            f"At the second stop half of the passengers get off. How many passengers are still on the train?",
            (a - b + c) // 2)


def shopping(r):
    a, b, c, d, e = r.randint(60, 150), r.randint(3, 7), r.randint(4, 9), r.randint(2, 6), r.randint(10, 40)
    return (f"Mia has {a} dollars. She buys {b} notebooks at {c} dollars each and a pen for {d} dollars. "
            f"Then her aunt gives her {e} dollars. How many dollars does Mia have now?", a - b * c - d + e)


def farm(r):
    a, b = r.randint(10, 40), r.randint(3, 15)
    c = r.randint(2, a // 2)
    return (f"A farm has {a} chickens and {b} cows. {c} of the chickens are standing on one leg and every "
            f"other animal stands on all its legs. How many legs are touching the ground?", 2 * a + 4 * b - c)


def warehouse(r):
    a, b, c, d, e = r.randint(5, 20), r.randint(3, 9), r.randint(5, 20), r.randint(2, 6), r.randint(6, 24)
    return (f"A warehouse ships {a} crates a day for {b} days, then {c} crates a day for {d} more days. "
            f"Each crate holds {e} items. How many items were shipped in total?", (a * b + c * d) * e)


def tank(r):
    c = r.randint(2, 5)
    b = c + r.randint(2, 6)
    minutes = r.randint(8, 40)
    a = (b - c) * minutes
    return (f"An empty tank holds {a} litres. Water flows in at {b} litres per minute while {c} litres per minute "
            f"leak out. After how many minutes is the tank full?", minutes)


def main():
    r = random.Random(0)
    templates = [bakery, train, shopping, farm, warehouse, tank]
    problems = []
    for i in range(20):
        question, answer = templates[i % len(templates)](r)
        problems.append({"id": i, "question": question, "answer": answer})
    with open("data/problems.json", "w") as f:
        json.dump(problems, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
