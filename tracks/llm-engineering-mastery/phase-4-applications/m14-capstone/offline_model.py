"""A deterministic stand-in for a chat model, for offline evaluation (the capstone's core check
runs your suite with it). It is an *extractive reader*, not a language model:

- It reads only the last user message.
- If that message has a line starting with "Question:", the text after it is the question and
  everything before that line is the context (a leading "Context:" label is dropped).
  Otherwise there is no context.
- It splits the context into sentences (at ".", "!" or "?" followed by a space or a line end)
  and returns the sentence that shares the most content words with the question (words of three
  or more letters or digits, lower-cased, not in STOP). Ties go to the earlier sentence.
- If no sentence shares at least two content words, it returns "I don't know."

chat(messages, **kwargs) has the signature of llm_client.chat, so a system can take either.
"""
import re

STOP = set("the and for are was were with what which who whom how many much does did has have had not "
           "can could would should may might will from per each every that this these those into onto "
           "about when where why you your our its their there than then them they his her any all".split())


def content_words(text):
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3 and w not in STOP}


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])(?:\s+|$)", text) if s.strip()]


def chat(messages, **kwargs):
    users = [m["content"] for m in messages if m.get("role") == "user"]
    if not users:
        return "I don't know."
    lines = users[-1].split("\n")
    q_at = [i for i, line in enumerate(lines) if line.strip().startswith("Question:")]
    if not q_at:
        return "I don't know."
    i = q_at[-1]
    question = content_words(lines[i].split("Question:", 1)[1])
    context = re.sub(r"^\s*Context:\s*", "", " ".join(lines[:i]))
    best, best_score = None, 1
    for s in sentences(context):
        score = len(question & content_words(s))
        if score > best_score:
            best, best_score = s, score
    return best if best else "I don't know."
