"""Stage 07, full exercise: the same reasoning problems through two real models (or one model in
two modes): model A answers immediately, model B reasons step by step, once and with a vote.

    python3 full/compare_models.py     # from the stage folder

Environment (OpenAI-compatible, see llm_client.py):
    OPENAI_BASE_URL, OPENAI_API_KEY   the server
    OPENAI_MODEL                      model A: a fast, non-reasoning model, asked for the number only
    OPENAI_MODEL_B                    model B: a reasoning model; if unset, model A again, asked to reason
    N_PROBLEMS (12), VOTES (5)        how many problems of data/problems.json, how many samples in the vote

Writes full/comparison.json and full/comparison.md. Uses your exercise.py (evaluate and friends).
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import exercise  # noqa: E402
import llm_client  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


class TimedModel:
    """A callable model(messages) -> text that talks to one named model and times every call.
    Some reasoning models accept only the default temperature (1): if the server refuses the
    temperature, the call is repeated once with temperature 1, and that is kept."""

    def __init__(self, name, temperature):
        self.name, self.temperature, self.seconds, self.calls = name, temperature, 0.0, 0

    def __call__(self, messages):
        start = time.time()
        try:
            reply = llm_client.chat(messages, model=self.name, temperature=self.temperature)
        except llm_client.ModelError as error:
            if "temperature" not in str(error).lower() or self.temperature == 1.0:
                raise
            self.temperature = 1.0
            reply = llm_client.chat(messages, model=self.name, temperature=1.0)
        self.seconds += time.time() - start
        self.calls += 1
        return reply


def main():
    n, votes = int(os.environ.get("N_PROBLEMS", 12)), int(os.environ.get("VOTES", 5))
    with open("data/problems.json") as f:
        problems = json.load(f)[:n]
    name_a = os.environ.get("OPENAI_MODEL", "")
    name_b = os.environ.get("OPENAI_MODEL_B") or name_a
    runs = {
        "A direct": (TimedModel(name_a, 0.0), "direct", 1),
        "B reasoning": (TimedModel(name_b, 0.7), "reasoning", 1),
        f"B reasoning, vote of {votes}": (TimedModel(name_b, 0.7), "reasoning", votes),
    }
    results = {}
    for label, (model, mode, k) in runs.items():
        print(f"running {label} on {len(problems)} problems ({model.name or 'default model'}) …", flush=True)
        r = exercise.evaluate(model, problems, mode, k)
        r["seconds_per_call"] = model.seconds / max(model.calls, 1)
        r["model"] = model.name
        results[label] = r

    a, b, v = results.values()
    for key, value in (("accuracy_a", a["accuracy"]), ("accuracy_b", b["accuracy"]), ("accuracy_b_vote", v["accuracy"]),
                       ("answered_a", a["answered"]), ("answered_b", b["answered"]),
                       ("reply_chars_a", a["mean_reply_chars"]), ("reply_chars_b", b["mean_reply_chars"]),
                       ("seconds_per_call_a", a["seconds_per_call"]), ("seconds_per_call_b", b["seconds_per_call"]),
                       ("problems", len(problems))):
        log_metric(key, value)

    with open(os.path.join(HERE, "comparison.json"), "w") as f:
        json.dump({"model_a": name_a, "model_b": name_b, "problems": len(problems), "votes": votes,
                   "runs": results, "truth": [p["answer"] for p in problems]}, f, indent=1)
    lines = [f"# {name_a} (direct) vs {name_b} (reasoning)", "",
             "| run | accuracy | answered | mean reply (chars) | seconds per call | calls |", "|---|---|---|---|---|---|"]
    for label, r in results.items():
        lines.append(f"| {label} | {r['accuracy']:.2f} | {r['answered']:.2f} | {r['mean_reply_chars']:.0f} | "
                     f"{r['seconds_per_call']:.2f} | {r['calls']} |")
    lines += ["", "| problem | right | " + " | ".join(results) + " |", "|---|---|" + "---|" * len(results)]
    for i, p in enumerate(problems):
        lines.append(f"| {i} | {p['answer']} | " + " | ".join(str(r["answers"][i]) for r in results.values()) + " |")
    with open(os.path.join(HERE, "comparison.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:6]))
    print("wrote full/comparison.json and full/comparison.md")


if __name__ == "__main__":
    main()
