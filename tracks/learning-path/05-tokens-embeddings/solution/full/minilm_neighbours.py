"""Stage 05, full exercise: embed the 1,000 reviews with sentence-transformers/all-MiniLM-L6-v2,
find the 5 nearest neighbours of every query review, and compare with the TF-IDF + SVD embeddings
of the core exercise.

    python3 full/minilm_neighbours.py      # from the stage folder

Needs sentence-transformers (pip install sentence-transformers) and the network the first time,
to download the model (about 90 MB) from the Hugging Face Hub. A minute or two on a laptop CPU.
"""
import os
import sys

import numpy as np
from sentence_transformers import SentenceTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def main():
    reviews = exercise.load_reviews("data/reviews.tsv.gz")
    queries = exercise.load_reviews("data/queries.tsv")
    stoi, idf, P, E_lsa = exercise.load_pipeline("data")

    model = SentenceTransformer(MODEL)
    # The model tokenizes each text into WordPiece ids, looks up a 384-number vector per id, runs six
    # transformer layers, and mean-pools the outputs; normalize_embeddings scales each to length 1.
    E = model.encode([r["text"] for r in reviews], batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    Q = model.encode([q["text"] for q in queries], normalize_embeddings=True, show_progress_bar=False)
    print(f"embedded {len(E)} reviews into {E.shape[1]} numbers each")
    print("the first query as the model's tokens:", model.tokenizer.tokenize(queries[0]["text"])[:16], "…")

    lines = ["# Nearest neighbours: all-MiniLM-L6-v2 vs TF-IDF + SVD", ""]
    same_category = same_sentiment = overlap = 0
    for query, q in zip(queries, Q):
        mini = exercise.top_k(q, E, k=5)
        lsa = exercise.top_k(exercise.embed(query["text"], stoi, idf, P), E_lsa, k=5)
        same_category += sum(reviews[i]["category"] == query["category"] for i, _ in mini)
        same_sentiment += sum(reviews[i]["sentiment"] == query["sentiment"] for i, _ in mini)
        overlap += len({i for i, _ in mini} & {i for i, _ in lsa})
        lines += [f"## Query {query['id']} [{query['category']}, {query['sentiment']}]", "", f"> {query['text']}", "",
                  "| MiniLM | sim | TF-IDF + SVD | sim |", "|---|---|---|---|"]
        for (i, s), (j, t) in zip(mini, lsa):
            lines.append(f"| {reviews[i]['text']} | {s:.3f} | {reviews[j]['text']} | {t:.3f} |")
        lines.append("")
    n = 5 * len(queries)
    with open(os.path.join(HERE, "neighbours.md"), "w") as f:
        f.write("\n".join(lines))
    log_metric("category_agreement_minilm", same_category / n)
    log_metric("sentiment_agreement_minilm", same_sentiment / n)
    log_metric("overlap_with_lsa_at_5", overlap / n)
    print(f"MiniLM: {same_category / n:.3f} of neighbours share the category, {same_sentiment / n:.3f} the sentiment; "
          f"{overlap / n:.3f} of them are also TF-IDF + SVD neighbours. Wrote full/neighbours.md")


if __name__ == "__main__":
    main()
