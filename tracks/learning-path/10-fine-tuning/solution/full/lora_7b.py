"""Stage 10, full exercise: LoRA-fine-tune a 7B model on a 1k-row instruction dataset and
compare it with the base model on a held-out test set.

Needs a CUDA GPU with about 40 GB (on 24 GB set BATCH = 1 and ACCUM = 16), the network for the
first run (about 15 GB of weights and the data set), and:

    pip install torch transformers peft datasets accelerate

    python3 full/lora_7b.py                      # or: BASE_MODEL=<another causal LM> python3 full/lora_7b.py
    trail check fine-tuning --criterion full

Data: databricks/databricks-dolly-15k (CC BY-SA 3.0), shuffled with a fixed seed: the first
1,000 rows train, the next 200 are the held-out test set. Metric: the mean negative
log-likelihood per response token (nats) on the held-out rows, for the base model and for the
base model with the trained adapter. The adapter is saved to full/adapter/.
"""
import math
import os
import random
import time

import torch
import torch.nn.functional as F
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.environ.get("BASE_MODEL", "Qwen/Qwen2.5-7B")
N_TRAIN, N_TEST, SEED = 1000, 200, 0
MAX_LEN, EPOCHS, LR = 512, 2, 2e-4
BATCH, ACCUM = 2, 8                      # 16 rows per optimizer step
RANK, ALPHA, DROPOUT = 16, 32, 0.05
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj"]


def format_row(row):
    """The prompt (instruction, optional context) and the response of one Dolly row."""
    prompt = f"### Instruction:\n{row['instruction'].strip()}\n"
    if row["context"].strip():
        prompt += f"\n### Context:\n{row['context'].strip()}\n"
    return prompt + "\n### Response:\n", row["response"].strip()


def encode(tokenizer, prompt, response):
    """Token ids of prompt + response + EOS, and labels that are -100 on the prompt, so that the
    loss is computed on the response only; both cut at MAX_LEN."""
    p = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    r = tokenizer(response, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    ids = (p + r)[:MAX_LEN]
    labels = ([-100] * len(p) + r)[:MAX_LEN]
    return ids, labels


def batches(examples, size, pad_id, device, shuffle=False, seed=0):
    """Right-padded (input_ids, attention_mask, labels) tensors, `size` examples at a time."""
    order = list(range(len(examples)))
    if shuffle:
        random.Random(seed).shuffle(order)
    for start in range(0, len(order), size):
        chunk = [examples[i] for i in order[start:start + size]]
        width = max(len(ids) for ids, _ in chunk)
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, (x, y) in enumerate(chunk):
            ids[row, :len(x)] = torch.tensor(x)
            labels[row, :len(y)] = torch.tensor(y)
            mask[row, :len(x)] = 1
        yield ids.to(device), mask.to(device), labels.to(device)


def response_nll(model, ids, mask, labels):
    """Summed negative log-likelihood of the response tokens, and how many there are. Position t
    predicts token t + 1, so logits and labels are shifted by one."""
    logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
    target = labels[:, 1:]
    nll = F.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1), ignore_index=-100, reduction="sum")
    return nll, int((target != -100).sum())


@torch.no_grad()
def heldout_loss(model, examples, pad_id, device):
    """Mean negative log-likelihood per response token over the held-out examples, in nats."""
    model.eval()
    total, count = 0.0, 0
    for ids, mask, labels in batches(examples, BATCH, pad_id, device):
        nll, n = response_nll(model, ids, mask, labels)
        total, count = total + float(nll), count + n
    return total / count


def main():
    torch.manual_seed(SEED)
    device = "cuda"
    rows = load_dataset("databricks/databricks-dolly-15k", split="train").shuffle(seed=SEED)
    train_rows = rows.select(range(N_TRAIN))
    test_rows = rows.select(range(N_TRAIN, N_TRAIN + N_TEST))

    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    train = [encode(tokenizer, *format_row(r)) for r in train_rows]
    test = [encode(tokenizer, *format_row(r)) for r in test_rows]
    print(f"{len(train)} training rows, {len(test)} held-out rows, "
          f"{sum(len(x) for x, _ in train):,} training tokens per epoch")

    model = AutoModelForCausalLM.from_pretrained(MODEL, torch_dtype=torch.bfloat16).to(device)
    model.gradient_checkpointing_enable()
    model.enable_input_require_grads()     # checkpointing needs inputs that carry gradients when the base is frozen
    config = LoraConfig(r=RANK, lora_alpha=ALPHA, lora_dropout=DROPOUT, target_modules=TARGETS, task_type="CAUSAL_LM")
    model = get_peft_model(model, config)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    print(f"trainable parameters: {trainable:,} of {total:,} ({trainable / total:.3%})")
    log_metric("trainable_fraction", trainable / total)

    # B starts at zero, so before training the adapted model computes exactly what the base does.
    base = heldout_loss(model, test, pad_id, device)
    print(f"held-out loss, base model: {base:.4f} nats/token (perplexity {math.exp(base):.2f})")
    log_metric("heldout_loss_base", base)

    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.0)
    steps_total = EPOCHS * math.ceil(len(train) / (BATCH * ACCUM))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1 - s / steps_total))
    step, start = 0, time.time()
    for epoch in range(EPOCHS):
        model.train()
        for micro, (ids, mask, labels) in enumerate(batches(train, BATCH, pad_id, device, shuffle=True, seed=epoch)):
            nll, n = response_nll(model, ids, mask, labels)
            (nll / max(n, 1) / ACCUM).backward()
            if (micro + 1) % ACCUM == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                step += 1
                loss = nll.detach().item() / max(n, 1)
                log_metric("train_loss", loss, step)
                if step % 10 == 0:
                    print(f"epoch {epoch} step {step}/{steps_total} loss {loss:.4f} ({time.time() - start:.0f} s)")
        if (micro + 1) % ACCUM:          # a last, partial accumulation
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

    tuned = heldout_loss(model, test, pad_id, device)
    print(f"held-out loss, with LoRA:   {tuned:.4f} nats/token (perplexity {math.exp(tuned):.2f})")
    log_metric("heldout_loss_lora", tuned)
    log_metric("heldout_loss_gain", base - tuned)
    log_metric("train_rows", len(train))
    log_metric("test_rows", len(test))
    model.save_pretrained(os.path.join(HERE, "adapter"))

    model.eval()
    for row in test_rows.select(range(3)):
        prompt, reference = format_row(row)
        ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(device)
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=120, do_sample=False, pad_token_id=pad_id)
        print(f"\n{prompt}{tokenizer.decode(out[0, ids['input_ids'].shape[1]:], skip_special_tokens=True)}"
              f"\n--- reference: {reference[:200]}")


if __name__ == "__main__":
    main()
