"""The full exercise: fine-tune a small pre-trained model (distilgpt2) with Hugging Face.

    pip install torch transformers datasets
    python3 full/finetune_hf.py [train.txt heldout.txt]   # default: the lyrics in data/

Load distilgpt2 (82M parameters, ~350 MB download the first time) and a text dataset with
Hugging Face Datasets (one example per line; use your own song lyrics or e-mails), measure the
loss on the held-out lines, fine-tune all weights for 5 epochs with AdamW, and measure
again. Log eval_loss_before, eval_loss_after and eval_loss_drop (nats per token), write a few
generated lines to finetune_samples.txt and the model to finetuned-model/. A few minutes on a
CPU for the lyrics; a GPU for anything bigger.
"""
import sys

import torch
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

MODEL = "distilgpt2"


def batches(dataset, tokenizer, size):
    rows = [row["text"] for row in dataset if row["text"].strip()]
    for start in range(0, len(rows), size):
        enc = tokenizer([r + tokenizer.eos_token for r in rows[start:start + size]],
                        return_tensors="pt", padding=True)
        labels = enc["input_ids"].clone()
        labels[enc["attention_mask"] == 0] = -100          # no loss on padding
        yield enc, labels


@torch.no_grad()
def mean_loss(model, dataset, tokenizer):
    model.eval()
    total, tokens = 0.0, 0
    for enc, labels in batches(dataset, tokenizer, 16):
        n = int((labels[:, 1:] != -100).sum())             # tokens that are predicted
        total += model(**enc, labels=labels).loss.item() * n
        tokens += n
    return total / tokens


def main(train_file, heldout_file, epochs=5):
    torch.manual_seed(0)
    data = load_dataset("text", data_files={"train": train_file, "validation": heldout_file})
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    tokenizer.pad_token = tokenizer.eos_token              # GPT-2 has no padding token
    model = AutoModelForCausalLM.from_pretrained(MODEL)

    before = mean_loss(model, data["validation"], tokenizer)
    log_metric("eval_loss_before", before)
    print(f"held-out loss before fine-tuning: {before:.3f}")

    # TODO: AdamW(model.parameters(), lr=5e-5); for each epoch: model.train(), a shuffled copy of
    #       data["train"], and for every batch of 8: loss = model(**enc, labels=labels).loss, zero_grad,
    #       backward, step; after each epoch: after = mean_loss(...) on the validation split,
    #       log_metric("eval_loss", after, epoch)
    raise NotImplementedError("fine-tune the model")
    log_metric("eval_loss_after", after)
    log_metric("eval_loss_drop", before - after)
    model.eval()
    prompt = tokenizer("oh the", return_tensors="pt")
    out = model.generate(**prompt, max_new_tokens=40, do_sample=True, top_p=0.9, num_return_sequences=3,
                         pad_token_id=tokenizer.eos_token_id)
    with open("finetune_samples.txt", "w") as f:
        f.write("\n---\n".join(tokenizer.decode(o, skip_special_tokens=True) for o in out) + "\n")
    model.save_pretrained("finetuned-model")
    tokenizer.save_pretrained("finetuned-model")
    print(open("finetune_samples.txt").read())


if __name__ == "__main__":
    files = sys.argv[1:3] if len(sys.argv) > 2 else ["data/lyrics_train.txt", "data/lyrics_heldout.txt"]
    main(*files)
