"""Stage 09, full exercise: RAG over your own notes with a real model.

Put your notes in full/notes/ (Markdown or text files, one topic each) and your questions in
full/questions.json, then run, with OPENAI_BASE_URL and OPENAI_MODEL set:

    python3 full/rag_notes.py
    trail check rag --criterion full

It chunks the notes, retrieves with your BM25 from exercise.py, with embeddings from the
model server, and with both fused (reciprocal rank fusion), answers each question with the
model from the hybrid results, and logs recall@k per retriever and how often the answers hold
the expected words and cite a retrieved chunk. Standard library and numpy only.
"""
import json
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # exercise.py and llm_client.py are one folder up

import llm_client  # noqa: E402
from exercise import BM25, build_messages, note_text  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

K = 5


def load_notes(folder):
    """Every .md and .txt file of the folder (README.md left out) as {"id", "title", "text"}."""
    notes = []
    for name in sorted(os.listdir(folder)):
        if name.endswith((".md", ".txt")) and name.lower() != "readme.md":
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                notes.append({"id": name, "title": os.path.splitext(name)[0], "text": f.read()})
    return notes


def chunk(note, max_words=120, overlap=20):
    """Cut a note into chunks of at most max_words words; each chunk starts max_words - overlap
    words after the previous one. Ids are '<file>#0', '<file>#1', …; "source" is the file."""
    words = note["text"].split()
    step = max_words - overlap
    starts = range(0, max(len(words) - overlap, 1), step)
    return [{"id": f"{note['id']}#{i}", "title": note["title"], "source": note["id"],
             "text": " ".join(words[s:s + max_words])} for i, s in enumerate(starts)]


def dense_search(query_vec, chunk_vecs, k):
    """Indices of the k chunks with the highest cosine similarity to the query."""
    q = np.asarray(query_vec, dtype=float)
    m = np.asarray(chunk_vecs, dtype=float)
    sims = m @ q / (np.linalg.norm(m, axis=1) * np.linalg.norm(q) + 1e-12)
    return sorted(range(len(m)), key=lambda i: (-sims[i], i))[:k]


def rrf(rankings, k, c=60):
    """Reciprocal rank fusion: each index scores the sum of 1 / (c + rank) over the rankings
    it is in (rank 1 = first); the k best, ties by index."""
    score = {}
    for ranking in rankings:
        for rank, i in enumerate(ranking, start=1):
            score[i] = score.get(i, 0.0) + 1.0 / (c + rank)
    return sorted(score, key=lambda i: (-score[i], i))[:k]


def embed_all(texts, batch=32):
    vectors = []
    for start in range(0, len(texts), batch):
        vectors.extend(llm_client.embed(texts[start:start + batch]))
    return np.array(vectors, dtype=float)


def main():
    notes = load_notes(os.path.join(HERE, "notes"))
    with open(os.path.join(HERE, "questions.json"), encoding="utf-8") as f:
        questions = json.load(f)
    if not notes:
        sys.exit("no notes in full/notes/: add your own .md or .txt files")
    chunks = [c for n in notes for c in chunk(n)]
    print(f"{len(notes)} notes, {len(chunks)} chunks, {len(questions)} questions")

    bm25 = BM25([note_text(c) for c in chunks])
    chunk_vecs = embed_all([note_text(c) for c in chunks])
    query_vecs = embed_all([q["question"] for q in questions])

    recalls = {"bm25": [], "dense": [], "hybrid": []}
    hits, cited, rows = [], [], []
    for q, qv in zip(questions, query_vecs):
        pool = max(K, 20)  # fuse longer lists than we keep, as RRF is meant to
        ranked = {"bm25": bm25.search(q["question"], pool), "dense": dense_search(qv, chunk_vecs, pool)}
        ranked["hybrid"] = rrf([ranked["bm25"], ranked["dense"]], K)
        for name, idx in ranked.items():
            found = {chunks[i]["source"] for i in idx[:K]}
            recalls[name].append(len(found & set(q["sources"])) / len(q["sources"]))
        retrieved = [chunks[i] for i in ranked["hybrid"]]
        reply = llm_client.chat(build_messages(q["question"], retrieved))
        ids = {c["id"] for c in retrieved}
        hit = any(w.lower() in reply.lower() for w in q["answer_contains"])
        cite = any(c in ids for c in re.findall(r"\[([^\[\]]+)\]", reply))
        hits.append(hit)
        cited.append(cite)
        rows.append({"question": q["question"], "retrieved": [c["id"] for c in retrieved], "answer": reply,
                     "hit": hit, "cited": cite})
        print(f"\nQ: {q['question']}\nA: {reply.strip()}\n   hit={hit} cited={cite} hybrid top: {rows[-1]['retrieved'][:3]}")

    log_metric("questions", len(questions))
    for name, values in recalls.items():
        log_metric(f"recall_at_{K}_{name}", float(np.mean(values)))
    log_metric("answer_hit_rate", float(np.mean(hits)))
    log_metric("citation_rate", float(np.mean(cited)))
    print("\n" + "  ".join(f"recall@{K} {n} {np.mean(v):.2f}" for n, v in recalls.items())
          + f"  answers hit {np.mean(hits):.2f}  cited {np.mean(cited):.2f}")
    with open(os.path.join(HERE, "report.json"), "w", encoding="utf-8") as f:
        json.dump({"recall": {n: float(np.mean(v)) for n, v in recalls.items()}, "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
