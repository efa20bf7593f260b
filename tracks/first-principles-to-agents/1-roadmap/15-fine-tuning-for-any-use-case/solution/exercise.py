"""Section 15 (Fine-Tuning for Any Use Case): the data pipeline and the eval harness around a
fine-tune, written before the fine-tune itself.

Raw support data about Quillbox (an invented note app) comes from forum threads, documentation
pages and chat tickets, with the problems collected data has. You clean it into instruction
pairs in the chat format, split it by source, and write the harness that scores a model on
cases written first — before and after "training", on the new domain and on what the model
already knew.

    python3 exercise.py                          # the pipeline's counts, then before/after scores
    trail check fine-tuning-for-any-use-case     # runs the tests

Standard library only. The "model" is a stand-in (NearestResponder, given): training memorises
the pairs, answering returns the answer of the most similar question seen. It behaves like an
over-fitted fine-tune, which is what makes leakage and forgetting easy to see.
"""
import html
import json
import random
import re
import zlib

SYSTEM = "You are Quillbox's support assistant. Answer in one or two sentences."


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


STOPWORDS = set("""a an the and or but of to in on at by for with from as is are was were be been am i me my we our
you your it its this that there do does did can could how what when where which who why way is are
have has had will would should if so not no any some up out into about per after""".split())


def words(text):
    """The set of lower-case words and numbers of a text (after clean()), without stopwords."""
    return set(re.findall(r"[a-z0-9]+", clean(text).lower())) - STOPWORDS


class NearestResponder:
    """A stand-in model. fit(pairs) memorises (question, answer) pairs; respond(question) returns
    the answer of the most similar question seen (cosine of their word sets), or "I'm not sure."
    when none reaches `threshold`."""

    def __init__(self, threshold=0.3):
        self.threshold = threshold
        self.pairs = []

    def fit(self, pairs):
        self.pairs = [(words(q), a) for q, a in pairs]
        return self

    def respond(self, question):
        q = words(question)
        best, answer = 0.0, "I'm not sure."
        for w, a in self.pairs:
            sim = len(q & w) / ((len(q) * len(w)) ** 0.5) if q and w else 0.0
            if sim > best:
                best, answer = sim, a
        return answer if best >= self.threshold else "I'm not sure."


def pairs_of(examples):
    """(question, answer) pairs of chat examples, to fit a NearestResponder."""
    return [(e["messages"][1]["content"], e["messages"][2]["content"]) for e in examples]


# ---------------------------------------------------------------- the data pipeline

def clean(text):
    """HTML entities decoded (&gt; -> >), tags (<br>) replaced by a space, runs of whitespace made
    one space, no spaces at the ends. Case is kept."""
    text = html.unescape(text)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())


def normalize(text):
    """clean(text), lower-cased: the form used to compare texts."""
    return clean(text).lower()


def jaccard(a, b):
    """|a ∩ b| / |a ∪ b| of two sets; 0.0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def dedup(records, threshold=0.8):
    """Records without duplicates, first occurrence kept, order kept. A record is a duplicate of
    a kept one when its normalized question and answer are equal to it, or when the Jaccard
    similarity of their question words and that of their answer words are both >= threshold."""
    kept, seen = [], set()
    for r in records:
        key = (normalize(r["question"]), normalize(r["answer"]))
        if key in seen:
            continue
        qw, aw = words(r["question"]), words(r["answer"])
        if any(jaccard(qw, words(k["question"])) >= threshold and jaccard(aw, words(k["answer"])) >= threshold
               for k in kept):
            continue
        seen.add(key)
        kept.append(r)
    return kept


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\+?\d[\d \-]{7,}\d")


def quality_filter(record, min_words=4):
    """None to keep the record, or why it goes: "empty" (no answer after clean), "too_short"
    (fewer than min_words words in the answer), "pii" (an e-mail address or a phone number)."""
    answer = clean(record["answer"])
    if not answer:
        return "empty"
    if len(answer.split()) < min_words:
        return "too_short"
    if EMAIL.search(answer) or PHONE.search(answer):
        return "pii"
    return None


def to_chat(record, system=SYSTEM):
    """An instruction pair in the chat format: {"messages": [system, user (the cleaned question),
    assistant (the cleaned answer)], "source": the record's source}."""
    return {"messages": [{"role": "system", "content": system},
                         {"role": "user", "content": clean(record["question"])},
                         {"role": "assistant", "content": clean(record["answer"])}],
            "source": record["source"]}


def pipeline(records, min_words=4):
    """dedup, then quality_filter, then to_chat. Returns (examples, report) with report
    {"raw", "after_dedup", "kept", "dropped": {reason: count}}."""
    unique = dedup(records)
    dropped, examples = {}, []
    for r in unique:
        reason = quality_filter(r, min_words)
        if reason:
            dropped[reason] = dropped.get(reason, 0) + 1
        else:
            examples.append(to_chat(r))
    return examples, {"raw": len(records), "after_dedup": len(unique), "kept": len(examples), "dropped": dropped}


def split_by_source(examples, val_percent=25):
    """(train, val): an example goes to val when zlib.crc32(source.encode()) % 100 < val_percent,
    so every example of one source lands on the same side, whatever the order or later additions."""
    train, val = [], []
    for e in examples:
        (val if zlib.crc32(e["source"].encode()) % 100 < val_percent else train).append(e)
    return train, val


def random_split(examples, val_percent=25, seed=0):
    """(train, val) by shuffling examples: the usual split, shown here for comparison."""
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    n_val = round(len(shuffled) * val_percent / 100)
    return shuffled[n_val:], shuffled[:n_val]


def source_leakage(train, val):
    """How many val examples share their source with some train example."""
    sources = {e["source"] for e in train}
    return sum(e["source"] in sources for e in val)


# ---------------------------------------------------------------- the eval harness

def run_eval(respond, cases):
    """Score respond(prompt) -> str on cases {"id", "prompt", "must_include": [...]}: a case passes
    when every phrase of must_include is in the response (ignoring case).
    Returns {"score": share passed, "results": {id: True/False}}."""
    results = {}
    for case in cases:
        response = respond(case["prompt"]).lower()
        results[case["id"]] = all(p.lower() in response for p in case["must_include"])
    return {"score": sum(results.values()) / len(results) if results else 0.0, "results": results}


def compare(before, after):
    """What changed between two run_eval outputs: {"delta": after score - before score,
    "improved": ids failing before and passing after, "regressed": ids passing before and failing
    after}, id lists sorted."""
    common = sorted(set(before["results"]) & set(after["results"]))
    return {"delta": after["score"] - before["score"],
            "improved": [i for i in common if not before["results"][i] and after["results"][i]],
            "regressed": [i for i in common if before["results"][i] and not after["results"][i]]}


if __name__ == "__main__":
    raw = load_jsonl("data/raw.jsonl")
    general = [(g["question"], g["answer"]) for g in load_jsonl("data/general.jsonl")]
    eval_cases = load_jsonl("data/eval.jsonl")
    domain_cases = [c for c in eval_cases if c["kind"] == "domain"]
    general_cases = [c for c in eval_cases if c["kind"] == "general"]
    examples, report = pipeline(raw)
    print("pipeline:", report)
    train, val = split_by_source(examples)
    print(f"split by source: {len(train)} train, {len(val)} val, {source_leakage(train, val)} val examples share a source with train")
    r_train, r_val = random_split(examples)
    print(f"random split:    {len(r_train)} train, {len(r_val)} val, {source_leakage(r_train, r_val)} val examples share a source with train")
    base = NearestResponder().fit(general)
    tuned = NearestResponder().fit(pairs_of(train))
    replay = NearestResponder().fit(pairs_of(train) + general)
    for name, model in (("base", base), ("domain only", tuned), ("domain + replay", replay)):
        d, g = run_eval(model.respond, domain_cases), run_eval(model.respond, general_cases)
        print(f"{name:16s} domain {d['score']:.2f}  general {g['score']:.2f}")
    print("regressed on general:", compare(run_eval(base.respond, general_cases), run_eval(tuned.respond, general_cases))["regressed"])
