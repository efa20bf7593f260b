"""Full exercise of Section 6: the same ideas with Hugging Face transformers and GPT-2, checked
against your own code from exercise.py.

    python3 full/hf_roundtrip.py     # from the node folder; downloads GPT-2 once (about 550 MB)

Needs transformers and torch (CPU is enough; about a minute once downloaded) and the network.
1. Tokenizer: GPT-2 has no padding token; give it one, pad a batch, check the attention mask.
2. Config: save_pretrained() writes config.json; read it yourself and compare with model.config.
3. Weights: read model.safetensors with YOUR load_safetensors() and compare every tensor with
   the model's state_dict(); write the state dict with YOUR save_safetensors() and load it with
   the safetensors library.
4. Training vs inference: in train() mode dropout makes two passes differ; in eval() mode under
   torch.no_grad() they are identical.
5. from_pretrained() on the saved folder gives exactly the same logits.
Logs pad_masked, config_matches, tensors_compared, max_abs_diff, safetensors_compatible,
train_outputs_differ, eval_deterministic and reload_max_abs_diff.
"""
import json
import os
import sys
import tempfile

import numpy as np
import torch
from safetensors.numpy import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        print(f"  {name} = {value}")

NAME = "gpt2"
TEXTS = ["The film was wonderful.", "A dull, slow film that never ends."]


def main():
    tokenizer = AutoTokenizer.from_pretrained(NAME)
    model = AutoModelForCausalLM.from_pretrained(NAME)

    # 1. GPT-2 was trained without padding: reuse the end-of-text token to pad, and mask it out.
    tokenizer.pad_token = tokenizer.eos_token
    batch = tokenizer(TEXTS, padding="longest", return_tensors="pt")
    lengths = [len(tokenizer(t)["input_ids"]) for t in TEXTS]
    mask = batch["attention_mask"]
    pad_masked = all(int(mask[i, :n].sum()) == n and int(mask[i, n:].sum()) == 0 for i, n in enumerate(lengths))
    log_metric("pad_masked", 1.0 if pad_masked else 0.0)

    with tempfile.TemporaryDirectory() as folder:
        model.save_pretrained(folder, safe_serialization=True)   # model.safetensors, not pytorch_model.bin
        tokenizer.save_pretrained(folder)
        print("saved:", sorted(os.listdir(folder)))

        # 2. config.json is plain JSON: the shapes of the model.
        with open(os.path.join(folder, "config.json")) as f:
            config = json.load(f)
        keys = ("n_layer", "n_head", "n_embd", "vocab_size", "n_positions")
        log_metric("config_matches", 1.0 if all(config[k] == getattr(model.config, k) for k in keys) else 0.0)

        # 3. Your reader on their file.
        tensors, metadata = exercise.load_safetensors(os.path.join(folder, "model.safetensors"))
        print(f"{len(tensors)} tensors in model.safetensors, metadata {metadata}")
        state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
        common = [name for name in tensors if name in state]
        # float64 first: some versions also save boolean mask buffers, which numpy cannot subtract
        diff = max(float(np.abs(tensors[n].astype(np.float64) - state[n].astype(np.float64)).max(initial=0.0))
                   for n in common)
        log_metric("tensors_compared", len(common))
        log_metric("max_abs_diff", diff)
        # ... and their reader on your file.
        mine = os.path.join(folder, "mine.safetensors")
        exercise.save_safetensors({n: state[n] for n in common}, mine, {"format": "np"})
        theirs = load_file(mine)
        compatible = set(theirs) == set(common) and all(np.array_equal(theirs[n], state[n]) for n in common)
        log_metric("safetensors_compatible", 1.0 if compatible else 0.0)

        # 4. Training vs inference.
        torch.manual_seed(0)
        model.train()
        with torch.no_grad():
            a = model(**batch).logits
            b = model(**batch).logits
        log_metric("train_outputs_differ", 1.0 if not torch.equal(a, b) else 0.0)
        model.eval()
        with torch.no_grad():
            c = model(**batch).logits
            d = model(**batch).logits
        log_metric("eval_deterministic", 1.0 if torch.equal(c, d) else 0.0)

        # 5. The saved folder is the model.
        again = AutoModelForCausalLM.from_pretrained(folder)
        with torch.no_grad():
            e = again(**batch).logits
        log_metric("reload_max_abs_diff", float((e - c).abs().max()))

    prompt = tokenizer("The best thing about learning is", return_tensors="pt")
    with torch.no_grad():
        out = model.generate(**prompt, max_new_tokens=12, do_sample=False, pad_token_id=tokenizer.eos_token_id)
    print("greedy:", tokenizer.decode(out[0]))


if __name__ == "__main__":
    main()
