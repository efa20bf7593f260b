"""The full exercise: the attention weights of a pre-trained model, with Hugging Face and Matplotlib.

    pip install torch transformers matplotlib
    python3 full/attention_hf.py ["your own sentence"]     # downloads distilbert-base-uncased (~270 MB) once

Runs DistilBERT (6 layers x 12 heads) on a sentence with output_attentions=True, check that
every row of every head's weights sums to 1, measure every head with YOUR attention_entropy and
mean_attention_distance, draw the 12 heads of one layer with Matplotlib (attention.png),
write the most local head with your heatmap_svg (local_head.svg) and a table of all heads
(head_stats.csv). Log heads_analyzed, row_sum_max_error and sep_share (the average weight that
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
    # TODO: log_metric("heads_analyzed", layers * heads); log_metric("row_sum_max_error", max |row sum - 1|)
    # TODO: log_metric("sep_share", mean over heads and rows of the weight on the [CLS] and [SEP] columns)
    # TODO: attention_entropy and mean_attention_distance of every layer; write head_stats.csv
    #       (layer,head,entropy,mean_distance); heatmap_svg of the head with the smallest distance -> local_head.svg
    # TODO: a 3 x 4 grid of imshow plots of that layer's 12 heads, tokens on both axes -> attention.png
    raise NotImplementedError("analyse the attention")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else TEXT)
