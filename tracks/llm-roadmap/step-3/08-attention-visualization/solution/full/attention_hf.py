"""The full exercise: the attention weights of a pre-trained model, with Hugging Face and Matplotlib.

    pip install torch transformers matplotlib
    python3 full/attention_hf.py ["your own sentence"]     # downloads distilbert-base-uncased (~270 MB) once

Runs DistilBERT (6 layers x 12 heads) on a sentence with output_attentions=True, checks that
every row of every head's weights sums to 1, measures every head with YOUR attention_entropy and
mean_attention_distance, draws the 12 heads of one layer with Matplotlib (attention.png),
writes the most local head with your heatmap_svg (local_head.svg) and a table of all heads
(head_stats.csv). Logs heads_analyzed, row_sum_max_error and sep_share (the average weight that
heads put on [CLS] and [SEP]). Under a minute on a CPU after the download.
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from exercise import attention_entropy, heatmap_svg, mean_attention_distance  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

MODEL = "distilbert-base-uncased"
TEXT = "The keeper of the light climbs the stair at night because the ships need him."


def load_attentions(text):
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    # "eager" attention returns its weights; faster kernels (sdpa, flash) do not compute them
    model = AutoModel.from_pretrained(MODEL, attn_implementation="eager")
    model.eval()
    inputs = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        out = model(**inputs, output_attentions=True)
    weights = torch.stack(out.attentions)[:, 0].numpy()          # (layers, heads, T, T)
    tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
    return weights, tokens


def main(text):
    weights, tokens = load_attentions(text)
    layers, heads, T, _ = weights.shape
    print(f"{layers} layers x {heads} heads, {T} tokens: {' '.join(tokens)}")
    log_metric("heads_analyzed", layers * heads)
    log_metric("row_sum_max_error", float(np.abs(weights.sum(axis=-1) - 1).max()))
    special = [i for i, t in enumerate(tokens) if t in ("[CLS]", "[SEP]")]
    log_metric("sep_share", float(weights[..., special].sum(axis=-1).mean()))

    rows = ["layer,head,entropy,mean_distance"]
    best = None
    for layer in range(layers):
        ent, dist = attention_entropy(weights[layer]), mean_attention_distance(weights[layer])
        for h in range(heads):
            rows.append(f"{layer},{h},{ent[h]:.4f},{dist[h]:.4f}")
            if best is None or dist[h] < best[0]:
                best = (dist[h], layer, h)
    with open("head_stats.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
    _, layer, h = best
    print(f"most local head: layer {layer}, head {h} (mean distance {best[0]:.2f})")
    heatmap_svg(weights[layer, h], tokens, "local_head.svg")

    fig, axes = plt.subplots(3, 4, figsize=(16, 12))
    for h, ax in enumerate(axes.flat):
        ax.imshow(weights[layer, h], cmap="viridis", vmin=0, vmax=1)
        ax.set_title(f"layer {layer}, head {h}")
        ax.set_xticks(range(T), tokens, rotation=90, fontsize=7)
        ax.set_yticks(range(T), tokens, fontsize=7)
    fig.tight_layout()
    fig.savefig("attention.png", dpi=80)
    print("wrote attention.png, local_head.svg and head_stats.csv")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else TEXT)
