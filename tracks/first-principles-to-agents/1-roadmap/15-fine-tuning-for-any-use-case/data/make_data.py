"""Writes the data of Section 15: raw support data about Quillbox, an invented note-taking app,
collected from three kinds of source, with the problems real collected data has; a general
set the base model already knows; and the evaluation cases, written first.

    python3 data/make_data.py        # from the node folder; numpy, seed 15

raw.jsonl   one record a line: {"source", "question", "answer"}; sources are forum threads
            ("forum/thread-07"), documentation pages ("docs/...") and chat tickets ("chat/ticket-...").
            Injected: posts crawled twice, re-posts with different spacing or case, "+1" posts with
            empty or two-word answers, HTML left in answers, answers holding an e-mail address or
            a phone number, and several posts of one thread asking the same thing in other words.
topics.json {topic: the key phrase every correct answer contains}
general.jsonl  15 general question/answer pairs the base model knows.
eval.jsonl  {"id", "kind": "domain" | "general", "prompt", "must_include": [...]}: new wordings,
            never in raw.jsonl or general.jsonl.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

TOPICS = {  # topic: (key phrase, question wordings, answer templates with {k} for the key)
    "export_pdf": ("File > Export > PDF", ["How do I export a note as a PDF?", "Can I save my notes to PDF?",
                   "Is there a way to turn a note into a PDF file?"],
                   ["Use {k} in the note's menu.", "Open the note and choose {k}; the file lands in Downloads."]),
    "sync_interval": ("every 5 minutes", ["How often does Quillbox sync?", "What is the sync interval between devices?",
                      "My notes take a while to appear on my phone, how often do they sync?"],
                      ["Quillbox syncs {k}, or at once when you press Sync.", "Devices sync {k} in the background."]),
    "attachment_limit": ("25 MB", ["What is the maximum attachment size?", "How big can an attached file be?",
                         "My attachment upload fails, is there a file size limit?"],
                         ["Each attachment can be up to {k}.", "The limit is {k} per file; compress larger files."]),
    "reset_link": ("24 hours", ["How long is the password reset link valid?", "My password reset link expired, how long does it last?",
                   "When does the reset password email link expire?"],
                   ["The reset link expires after {k}; request a new one after that.", "It stays valid for {k}."]),
    "offline_mode": ("Settings > Offline", ["How do I use Quillbox offline?", "Can I read my notes without internet?",
                     "Where do I turn on offline mode?"],
                     ["Turn it on in {k} and pick the notebooks to keep.", "Go to {k}; the chosen notebooks stay on the device."]),
    "new_note_shortcut": ("Ctrl+N", ["What is the keyboard shortcut for a new note?", "How do I create a note quickly from the keyboard?",
                          "Is there a hotkey to start a new note?"],
                          ["Press {k} (Cmd+N on a Mac).", "The shortcut is {k}."]),
    "shared_notebooks": ("up to 10 people", ["How many people can I share a notebook with?", "Is there a limit on notebook sharing?",
                         "Can I share one notebook with my whole team?"],
                         ["A notebook can be shared with {k} on the free plan.", "You can invite {k} per notebook."]),
    "trash_retention": ("30 days", ["How long do deleted notes stay in the trash?", "Can I recover a note I deleted last week?",
                        "When is the trash emptied?"],
                        ["Deleted notes stay in the trash for {k}, then they are removed.", "The trash keeps notes for {k}."]),
    "dark_mode": ("Settings > Appearance", ["How do I switch to dark mode?", "Is there a dark theme?",
                  "Where can I change the app theme to dark?"],
                  ["Choose Dark in {k}.", "Open {k} and pick the dark theme."]),
    "import_evernote": ("File > Import > ENEX", ["How do I import my notes from Evernote?", "Can I move my Evernote notes to Quillbox?",
                        "What is the way to import an Evernote export?"],
                        ["Export an .enex file from Evernote, then use {k}.", "Use {k} with the file Evernote exported."]),
    "storage_free": ("2 GB", ["How much storage does the free plan include?", "What is the storage limit on the free plan?",
                     "How many gigabytes do I get for free?"],
                     ["The free plan includes {k} of storage.", "Free accounts get {k}."]),
    "price_pro": ("4 euros per month", ["How much does Quillbox Pro cost?", "What is the price of the Pro plan?",
                  "Is Pro expensive, what does it cost per month?"],
                  ["Pro costs {k}, or 40 euros per year.", "The Pro plan is {k}."]),
    "two_factor": ("Settings > Security", ["How do I enable two-factor authentication?", "Can I turn on 2FA for my account?",
                   "Where do I set up two-step verification?"],
                   ["Enable it in {k} with an authenticator app.", "Go to {k} and scan the code with your app."]),
    "tags_limit": ("100 tags", ["How many tags can a note have?", "Is there a maximum number of tags?",
                   "What is the tag limit per note?"],
                   ["A note can carry up to {k}.", "The limit is {k} per note."]),
    "version_history": ("90 days", ["How far back does version history go?", "Can I restore an older version of a note?",
                        "How long are note versions kept?"],
                        ["Version history keeps {k} of changes on Pro.", "Older versions are kept for {k}."]),
    "delete_account": ("Settings > Account > Delete", ["How do I delete my account?", "I want to close my Quillbox account, how?",
                       "Where is the option to remove my account?"],
                       ["Use {k}; your data is erased within a week.", "Go to {k} and confirm with your password."]),
    "markdown": ("type # for a heading", ["Does Quillbox support Markdown?", "How do I write headings with Markdown?",
                 "Can I use Markdown formatting in notes?"],
                 ["Yes: {k}, ** for bold, - for a list.", "Markdown works as you type: {k}."]),
    "search_operators": ("tag:", ["How do I search notes by tag?", "Is there a search filter for tags?",
                         "Can I limit a search to one tag?"],
                         ["Type {k} followed by the tag name in the search box.", "Use the operator {k}, for example {k}work."]),
    "api_rate": ("60 requests per minute", ["What is the API rate limit?", "How many API calls can I make?",
                 "I get error 429 from the API, what is the limit?"],
                 ["The API allows {k} per token.", "The limit is {k}; wait and retry after a 429."]),
    "mobile_widget": ("long-press the home screen", ["How do I add the Quillbox widget on Android?", "Is there a home screen widget?",
                      "How can I put a quick-note widget on my phone?"],
                      ["Yes: {k}, choose Widgets and drag Quillbox.", "To add it, {k} and pick the Quillbox widget."]),
}

EVAL_DOMAIN = {  # a new wording per topic, never in the raw data
    "export_pdf": "Export note PDF how?", "sync_interval": "How frequently do my devices sync with each other?",
    "attachment_limit": "Largest attachment size I can upload?", "reset_link": "How long before a password reset link expires?",
    "offline_mode": "How can I access notes offline on a plane?", "new_note_shortcut": "Keyboard shortcut to create a new note?",
    "shared_notebooks": "Maximum number of people to share a notebook with?", "trash_retention": "How many days are deleted notes kept in the trash?",
    "dark_mode": "How to enable a dark theme?", "import_evernote": "Importing notes from Evernote: how does it work?",
    "storage_free": "Free plan storage: how much?", "price_pro": "Monthly cost of Quillbox Pro?",
    "two_factor": "Turning on two-factor authentication: where?", "tags_limit": "Maximum tags on one note?",
    "version_history": "For how long is version history kept?", "delete_account": "Steps to delete my Quillbox account?",
    "markdown": "Markdown headings in notes: supported?", "search_operators": "Search notes by tag: which filter?",
    "api_rate": "API rate limit per minute?", "mobile_widget": "Android home screen widget: how to add it?",
}

GENERAL = [
    ("How do I restart my computer?", "Save your work, open the power menu and choose Restart.", "Restart"),
    ("What is a strong password?", "A long passphrase of several random words, different for every site.", "passphrase"),
    ("How do I take a screenshot on Windows?", "Press Win+Shift+S and select an area.", "Win+Shift+S"),
    ("How do I clear my browser cache?", "Open the browser settings, Privacy, and clear cached images and files.", "Privacy"),
    ("What does a VPN do?", "It encrypts your traffic and routes it through another server.", "encrypts"),
    ("How do I check my internet speed?", "Run a speed test in the browser and compare with your plan.", "speed test"),
    ("How do I free up disk space?", "Empty the trash, uninstall unused apps and move large files to external storage.", "uninstall"),
    ("What is phishing?", "A fake message that tries to make you reveal passwords or pay money.", "fake message"),
    ("How do I update my phone?", "Open Settings, System, Software update, and install it on Wi-Fi.", "Software update"),
    ("How do I back up my files?", "Copy them to an external drive and to a cloud service: two places.", "external drive"),
    ("How do I connect to Wi-Fi?", "Open the network menu, pick the network and type its password.", "network menu"),
    ("What is two-step login?", "A second check after the password, like a code from an app.", "second check"),
    ("How do I zip a folder?", "Right-click it and choose Compress or Send to, Compressed folder.", "Compress"),
    ("How do I mute a video call?", "Press the microphone button or the mute shortcut of the app.", "microphone"),
    ("How do I print to PDF?", "Print, then choose Save as PDF as the printer.", "Save as PDF"),
]

EVAL_GENERAL = [
    ("g01", "Restarting a computer: how?", "Restart"), ("g02", "What makes a password strong?", "passphrase"),
    ("g03", "Screenshot shortcut on Windows?", "Win+Shift+S"), ("g04", "How can I clear the browser cache?", "Privacy"),
    ("g05", "What is phishing, in short?", "fake message"), ("g06", "How to free disk space?", "uninstall"),
    ("g07", "How to update a phone?", "Software update"), ("g08", "Best way to back up files?", "external drive"),
    ("g09", "How to zip a folder?", "Compress"), ("g10", "Muting myself in a video call?", "microphone"),
]


def main():
    g = np.random.default_rng(15)
    topics = list(TOPICS)
    records = []

    def answer(t):
        key, _, templates = TOPICS[t]
        return templates[g.integers(len(templates))].format(k=key)

    # documentation: one clean page per topic
    for t in topics:
        key, questions, _ = TOPICS[t]
        records.append({"source": f"docs/{t.replace('_', '-')}", "question": questions[0], "answer": answer(t)})
    # forum: 30 threads, each about one topic, 2 to 4 posts that ask it in different words
    for i in range(30):
        t = topics[i % len(topics)] if i < 20 else topics[g.integers(len(topics))]
        key, questions, _ = TOPICS[t]
        src = f"forum/thread-{i + 1:02d}"
        for j in range(int(g.integers(2, 5))):
            q = questions[(i + j) % len(questions)]
            a = answer(t)
            r = g.random()
            if r < 0.12:
                a = a.replace(". ", ".<br>").replace(" > ", " &gt; ")        # HTML left by the crawler
            elif r < 0.2:
                a = ["", "+1", "same here", "thanks!"][int(g.integers(4))]    # posts with no answer
            records.append({"source": src, "question": q, "answer": a})
            if g.random() < 0.15:
                records.append(dict(records[-1]))                              # crawled twice
            if g.random() < 0.1:
                records.append({"source": src, "question": "  " + q.upper() + " ", "answer": "  " + a + "  "})
    # chat: 25 tickets, some answers with personal data
    for i in range(25):
        t = topics[g.integers(len(topics))]
        _, questions, _ = TOPICS[t]
        a = answer(t)
        r = g.random()
        if r < 0.16:
            a += f" I also sent this to your address ada.{i}@example.com."
        elif r < 0.28:
            a += f" Call us on +32 470 12 {i:02d} 34 if it fails."
        records.append({"source": f"chat/ticket-{1000 + i}", "question": questions[int(g.integers(len(questions)))], "answer": a})
    order = g.permutation(len(records))
    records = [records[i] for i in order]
    with open(os.path.join(HERE, "raw.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    with open(os.path.join(HERE, "topics.json"), "w", encoding="utf-8") as f:
        json.dump({t: v[0] for t, v in TOPICS.items()}, f, indent=1)
    with open(os.path.join(HERE, "general.jsonl"), "w", encoding="utf-8") as f:
        for q, a, _ in GENERAL:
            f.write(json.dumps({"question": q, "answer": a}) + "\n")
    raw_questions = {r["question"].strip().lower() for r in records}
    with open(os.path.join(HERE, "eval.jsonl"), "w", encoding="utf-8") as f:
        for i, (t, prompt) in enumerate(EVAL_DOMAIN.items(), 1):
            assert prompt.lower() not in raw_questions
            f.write(json.dumps({"id": f"d{i:02d}", "kind": "domain", "topic": t, "prompt": prompt,
                                "must_include": [TOPICS[t][0]]}) + "\n")
        for cid, prompt, key in EVAL_GENERAL:
            f.write(json.dumps({"id": cid, "kind": "general", "prompt": prompt, "must_include": [key]}) + "\n")
    print(f"{len(records)} raw records from {len({r['source'] for r in records})} sources")


if __name__ == "__main__":
    main()
