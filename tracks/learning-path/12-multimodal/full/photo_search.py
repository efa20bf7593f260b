"""Stage 12, full exercise: "search my photos by description" with CLIP.

Put your photos in full/photos/ (.jpg, .jpeg, .png or .webp) and your test queries in
full/queries.json ([{"query": "...", "expected": ["file name", ...]}, ...]), then:

    pip install torch transformers pillow
    python3 full/photo_search.py                      # embeds the photos, evaluates the queries
    python3 full/photo_search.py "a dog on a beach"   # one search, printed
    trail check multimodal --criterion full

The first run downloads openai/clip-vit-base-patch32 (about 600 MB; another CLIP with
CLIP_MODEL=...). Photo embeddings are computed once and kept in full/index.npz, keyed by file
name and modification time, so later runs embed only new photos.
"""
import json
import os
import sys

import numpy as np
import torch
from PIL import Image
from transformers import CLIPModel, CLIPProcessor

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = os.path.join(HERE, "photos")
INDEX = os.path.join(HERE, "index.npz")
MODEL = os.environ.get("CLIP_MODEL", "openai/clip-vit-base-patch32")


def photo_files():
    return sorted(f for f in os.listdir(PHOTOS) if f.lower().endswith((".jpg", ".jpeg", ".png", ".webp")))


def unit(x):
    return x / x.norm(dim=-1, keepdim=True)


@torch.no_grad()
def embed_images(model, processor, paths, batch=16):
    """Unit vectors of the photos: the vision tower's pooled output, then the visual projection."""
    # TODO: in batches: open each path as an RGB PIL image; pixels =
    #       processor.image_processor(images=..., return_tensors="pt")["pixel_values"]
    # TODO: model.vision_model(pixel_values=pixels).pooler_output, then model.visual_projection,
    #       then unit(); concatenate the batches and return a numpy array
    raise NotImplementedError("embed_images")


@torch.no_grad()
def embed_texts(model, processor, texts):
    """Unit vectors of the texts: the text tower's pooled output, then the text projection."""
    # TODO: processor.tokenizer(texts, padding=True, truncation=True, return_tensors="pt");
    #       model.text_model(input_ids=..., attention_mask=...).pooler_output, then
    #       model.text_projection, then unit(); return a numpy array
    raise NotImplementedError("embed_texts")


def build_index(model, processor):
    """Embeddings of every photo, reusing the ones in full/index.npz whose file has not changed."""
    files = photo_files()
    stamps = [os.path.getmtime(os.path.join(PHOTOS, f)) for f in files]
    cached = {}
    if os.path.exists(INDEX):
        z = np.load(INDEX)
        cached = {(str(n), float(t)): v for n, t, v in zip(z["names"], z["stamps"], z["vectors"])}
    todo = [f for f, t in zip(files, stamps) if (f, t) not in cached]
    if todo:
        print(f"embedding {len(todo)} photo(s)…")
        for f, v in zip(todo, embed_images(model, processor, [os.path.join(PHOTOS, f) for f in todo])):
            cached[(f, os.path.getmtime(os.path.join(PHOTOS, f)))] = v
    vectors = np.stack([cached[(f, t)] for f, t in zip(files, stamps)])
    np.savez(INDEX, names=np.array(files), stamps=np.array(stamps), vectors=vectors)
    return files, vectors


def search(query_vec, vectors, k):
    sims = vectors @ query_vec
    return sorted(range(len(sims)), key=lambda i: (-sims[i], i))[:k], sims


def main():
    if not photo_files():
        sys.exit("no photos in full/photos/: add your own")
    model = CLIPModel.from_pretrained(MODEL).eval()
    processor = CLIPProcessor.from_pretrained(MODEL)
    files, vectors = build_index(model, processor)
    print(f"{len(files)} photos indexed")

    if len(sys.argv) > 1:
        top, sims = search(embed_texts(model, processor, [" ".join(sys.argv[1:])])[0], vectors, 5)
        for i in top:
            print(f"{sims[i]:.3f}  {files[i]}")
        return

    with open(os.path.join(HERE, "queries.json"), encoding="utf-8") as f:
        queries = json.load(f)
    Q = embed_texts(model, processor, [q["query"] for q in queries])
    hits = {1: [], 5: []}
    for q, qv in zip(queries, Q):
        top, _ = search(qv, vectors, 5)
        names = [files[i] for i in top]
        for k in hits:
            hits[k].append(any(e in names[:k] for e in q["expected"]))
        print(f"{'✓' if hits[1][-1] else ('~' if hits[5][-1] else '✗')} {q['query']!r} -> {names[:3]}")
    log_metric("queries", len(queries))
    log_metric("recall_at_1", float(np.mean(hits[1])))
    log_metric("recall_at_5", float(np.mean(hits[5])))
    print(f"recall@1 {np.mean(hits[1]):.2f}, recall@5 {np.mean(hits[5]):.2f} over {len(queries)} queries")


if __name__ == "__main__":
    main()
