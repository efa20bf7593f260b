"""The eval harness of project 2 (RL fine-tuning + evals). `trail check rl-fine-tuning-evals` runs it
through tests/test_rl_fine_tuning_evals.py; you can run it by hand too:

    python3 evals/harness.py

It runs your pipeline end to end with fixed hyper-parameters: fits the reward model on the
training preferences and measures it on held-out pairs (prompts it never saw), fine-tunes the
base policy twice — with the KL penalty (beta = 0.5) and with almost none (beta = 0.05, the
run that should hack the reward) — building each run's history of proxy reward and gold win
rate at checkpoints with your win_rate and the scripted judge, asks your detector about both
runs, and judges the tuned policy on the 42 held-out prompts and the 6 regression prompts.
Pass rates and the gating win rate use the expert grades (data/gold.json) and the harness's
own judging, so a bug in your pipeline cannot inflate them. Results go to reports/eval.md and,
during a check, to Trailguide as metrics.
"""
import importlib
import json
import os
import sys
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

PASS_RATE_THRESHOLD = 0.8     # tuned policy: share of held-out prompts answered acceptably (gold >= 0.5)
WIN_RATE_THRESHOLD = 0.6      # tuned policy against the base policy, judged both ways round
RM_ACCURACY_THRESHOLD = 0.7   # reward model on held-out preference pairs
RM = {"steps": 2000, "lr": 1.0, "l2": 0.01}
RL = {"steps": 400, "lr": 5.0, "batch": 16, "seed": 0, "every": 20}
BETA_TUNED, BETA_OVEROPT = 0.5, 0.05


def load_data():
    import features
    with open(os.path.join(ROOT, "data", "prompts.json"), encoding="utf-8") as f:
        data = json.load(f)
    with open(os.path.join(ROOT, "data", "preferences.jsonl"), encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(ROOT, "data", "gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    with open(os.path.join(ROOT, "data", "base_policy.json"), encoding="utf-8") as f:
        theta0 = np.array(json.load(f)["theta0"], dtype=float)
    prompts = {p["id"]: p for p in data["prompts"] + data["regressions"]}
    phis = {i: features.feature_matrix(p["prompt"], p["candidates"]) for i, p in prompts.items()}
    return prompts, phis, pairs, gold, theta0


def pair_matrix(pairs, phis, prompts, split):
    """Rows phi(chosen) - phi(rejected) of the pairs whose prompt is in the split ("train" or "eval")."""
    return np.array([phis[x["prompt_id"]][x["chosen"]] - phis[x["prompt_id"]][x["rejected"]]
                     for x in pairs if prompts[x["prompt_id"]]["split"] == split])


def trusted_win_rate(gold, texts_a, texts_b):
    """The harness's own win rate: gold grades, ties (closer than 0.2) count half."""
    score = 0.0
    for a, b in zip(texts_a, texts_b):
        d = gold.get(a, 0.0) - gold.get(b, 0.0)
        score += 1.0 if d >= 0.2 else 0.0 if d <= -0.2 else 0.5
    return score / len(texts_a)


def run_unit_tests():
    """Runs evals/unit_tests.py quietly; returns [(test name, "pass" | "fail" | "error", message)]."""
    outcomes = []

    class Collect(unittest.TestResult):
        def addSuccess(self, test):
            outcomes.append((test.id().split(".", 1)[-1], "pass", ""))

        def addFailure(self, test, err):
            outcomes.append((test.id().split(".", 1)[-1], "fail", str(err[1]).splitlines()[0][:200]))

        def addError(self, test, err):
            outcomes.append((test.id().split(".", 1)[-1], "error", f"{err[0].__name__}: {err[1]}"[:200]))
    try:
        from evals import unit_tests
        importlib.reload(unit_tests)
        unittest.defaultTestLoader.loadTestsFromModule(unit_tests).run(Collect())
    except Exception as error:  # rlhf.py does not import
        outcomes.append(("import rlhf", "error", f"{type(error).__name__}: {error}"))
    return outcomes


def evaluate(rlhf):
    """Your pipeline, end to end. Returns (summary, records, regression records, notes)."""
    from evals.fake_judge import ScriptedJudge
    prompts, phis, pairs, gold, theta0 = load_data()
    train = [i for i, p in prompts.items() if p["split"] == "train"]
    held_out = [i for i, p in prompts.items() if p["split"] == "eval"]
    regression = [i for i, p in prompts.items() if p["split"] == "regression"]
    judge = ScriptedJudge(gold)

    w = np.asarray(rlhf.train_reward_model(pair_matrix(pairs, phis, prompts, "train"), **RM), dtype=float)
    rm_train = rlhf.preference_accuracy(w, pair_matrix(pairs, phis, prompts, "train"))
    rm_eval = rlhf.preference_accuracy(w, pair_matrix(pairs, phis, prompts, "eval"))

    def texts(theta, ids):
        return [prompts[i]["candidates"][rlhf.greedy(theta, phis[i])]["text"] for i in ids]
    base_texts = texts(theta0, held_out)
    questions = [prompts[i]["prompt"] for i in held_out]

    def finetune(beta):
        history = []

        def checkpoint(step, theta):
            chosen = texts(theta, held_out)
            proxy = float(np.mean([phis[i][rlhf.greedy(theta, phis[i])] @ w for i in held_out]))
            history.append({"step": step, "proxy": proxy, "gold": rlhf.win_rate(judge, questions, chosen, base_texts)})
        theta = rlhf.rl_finetune(theta0, w, [phis[i] for i in train], beta, callback=checkpoint, **RL)
        return np.asarray(theta, dtype=float), history

    tuned, tuned_history = finetune(BETA_TUNED)
    overopt, overopt_history = finetune(BETA_OVEROPT)
    tuned_texts, overopt_texts = texts(tuned, held_out), texts(overopt, held_out)

    records = []
    for i, text, base in zip(held_out, tuned_texts, base_texts):
        kind = next(c["type"] for c in prompts[i]["candidates"] if c["text"] == text)
        ok = gold[text] >= 0.5
        records.append({"id": i, "category": prompts[i]["intent"], "passed": ok, "base_passed": gold[base] >= 0.5,
                        "reason": "" if ok else f"chose a {kind} answer (gold {gold[text]}): {text[:90]!r}"})
    regressions = []
    for i, text in zip(regression, texts(tuned, regression)):
        ok = gold[text] >= 0.5
        regressions.append({"id": i, "category": "regression", "passed": ok, "guards": prompts[i]["guards"],
                            "reason": "" if ok else f"chose {text[:90]!r} (gold {gold[text]})"})
    kl_tuned = float(np.mean([rlhf.kl(rlhf.policy_probs(tuned, phis[i]), rlhf.policy_probs(theta0, phis[i]))
                              for i in held_out]))
    kl_overopt = float(np.mean([rlhf.kl(rlhf.policy_probs(overopt, phis[i]), rlhf.policy_probs(theta0, phis[i]))
                                for i in held_out]))
    flag_overopt = rlhf.detect_reward_hacking(overopt_history)
    flag_tuned = rlhf.detect_reward_hacking(tuned_history)
    summary = {
        "pass_rate": sum(r["passed"] for r in records) / len(records), "prompts": len(records),
        "passed": sum(r["passed"] for r in records),
        "pass_rate_base": sum(r["base_passed"] for r in records) / len(records),
        "pass_rate_overopt": float(np.mean([gold[t] >= 0.5 for t in overopt_texts])),
        "win_rate_vs_base": trusted_win_rate(gold, tuned_texts, base_texts),
        "win_rate_vs_base_yours": float(rlhf.win_rate(judge, questions, tuned_texts, base_texts)),
        "win_rate_overopt_vs_base": trusted_win_rate(gold, overopt_texts, base_texts),
        "rm_accuracy": float(rm_eval), "rm_accuracy_train": float(rm_train),
        "kl_to_base": kl_tuned, "kl_overopt": kl_overopt,
        "proxy_reward": tuned_history[-1]["proxy"] if tuned_history else float("nan"),
        "proxy_reward_overopt": overopt_history[-1]["proxy"] if overopt_history else float("nan"),
        "hacking_flagged_overopt": float(flag_overopt is not None), "hacking_flagged_tuned": float(flag_tuned is not None),
        "regressions": sum(not r["passed"] for r in regressions), "regression_prompts": len(regressions),
        "judge_calls": judge.calls,
    }
    notes = {"w": w, "tuned": tuned, "overopt": overopt, "flag_step": flag_overopt, "flag_tuned_step": flag_tuned,
             "tuned_history": tuned_history, "overopt_history": overopt_history}
    return summary, records, regressions, notes


def write_report(path, units, s, records, regressions, notes):
    unit_ok = sum(1 for _, st, _ in units if st == "pass")
    gates = [("unit tests", f"{unit_ok}/{len(units)}", unit_ok == len(units) and bool(units), "all"),
             ("pass rate, held-out prompts", f"{s.get('pass_rate', 0):.2f} ({s.get('passed', 0)}/{s.get('prompts', 0)})",
              s.get("pass_rate", 0) >= PASS_RATE_THRESHOLD, f"≥ {PASS_RATE_THRESHOLD}"),
             ("win rate vs base (gold grades)", f"{s.get('win_rate_vs_base', 0):.2f}",
              s.get("win_rate_vs_base", 0) >= WIN_RATE_THRESHOLD, f"≥ {WIN_RATE_THRESHOLD}"),
             ("reward model accuracy, held-out pairs", f"{s.get('rm_accuracy', 0):.2f}",
              s.get("rm_accuracy", 0) >= RM_ACCURACY_THRESHOLD, f"≥ {RM_ACCURACY_THRESHOLD}"),
             ("detector flags the beta = 0.05 run", "yes" if s.get("hacking_flagged_overopt") else "no",
              s.get("hacking_flagged_overopt") == 1, "yes"),
             ("detector leaves the beta = 0.5 run alone", "yes" if s.get("hacking_flagged_tuned") == 0 else "no",
              s.get("hacking_flagged_tuned") == 0, "yes"),
             ("regression set", f"{s.get('regression_prompts', 0) - s.get('regressions', 0)}/{s.get('regression_prompts', 0)}",
              s.get("regressions", 1) == 0, "no failure")]
    verdict = all(ok for _, _, ok, _ in gates)
    lines = ["# Eval report: RL fine-tuning + evals", "",
             f"Policy: linear softmax over features.py; judge: scripted (evals/fake_judge.py). Verdict: **{'PASS' if verdict else 'FAIL'}**",
             "", "| gate | value | needed | |", "|---|---:|---|---|"]
    lines += [f"| {name} | {value} | {need} | {'ok' if ok else 'FAIL'} |" for name, value, ok, need in gates]
    if notes:
        lines += ["", "## Base, tuned, over-optimised", "",
                  "| policy | pass rate | win rate vs base | KL to base | proxy reward |", "|---|---:|---:|---:|---:|",
                  f"| base | {s['pass_rate_base']:.2f} | 0.50 | 0.000 | {notes['tuned_history'][0]['proxy']:.2f} |",
                  f"| tuned, beta {BETA_TUNED} | {s['pass_rate']:.2f} | {s['win_rate_vs_base']:.2f} | {s['kl_to_base']:.3f} | {s['proxy_reward']:.2f} |",
                  f"| over-optimised, beta {BETA_OVEROPT} | {s['pass_rate_overopt']:.2f} | {s['win_rate_overopt_vs_base']:.2f} | "
                  f"{s['kl_overopt']:.3f} | {s['proxy_reward_overopt']:.2f} |", "",
                  f"Your win_rate with the scripted judge gave {s['win_rate_vs_base_yours']:.2f} for the tuned policy "
                  f"({s['judge_calls']} judge calls in all).", "",
                  "Reward model weights: " + ", ".join(f"{n} {v:+.2f}" for n, v in
                                                      zip(["grounded", "length", "flattery", "hedging", "refusal", "specific"], notes["w"])),
                  "", f"## Training histories (checkpoints every {RL['every']} steps)", "",
                  "| step | proxy (tuned) | gold win rate (tuned) | proxy (beta 0.05) | gold win rate (beta 0.05) |",
                  "|---:|---:|---:|---:|---:|"]
        for a, b in zip(notes["tuned_history"], notes["overopt_history"]):
            if a["step"] % (5 * RL["every"]) == 0 or a["step"] == notes["flag_step"]:
                lines.append(f"| {a['step']} | {a['proxy']:.2f} | {a['gold']:.2f} | {b['proxy']:.2f} | {b['gold']:.2f} |")
        lines += ["", f"Detector: beta 0.05 run flagged at step {notes['flag_step']}; beta 0.5 run "
                      f"{'flagged at step ' + str(notes['flag_tuned_step']) if notes['flag_tuned_step'] is not None else 'not flagged'}."]
    lines += ["", "## Failures", ""]
    lines += [f"- **{r['id']}** ({r['category']}): {r['reason']}" for r in records + regressions if not r["passed"]] or ["None."]
    if s.get("error"):
        lines += ["", f"The pipeline crashed: {s['error']}"]
    bad = [(n, st, m) for n, st, m in units if st != "pass"]
    if bad:
        lines += ["", "## Unit tests that did not pass", ""] + [f"- `{n}` ({st}): {m}" for n, st, m in bad]
    if regressions:
        lines += ["", "## Regression set", "", "| id | guards against | result |", "|---|---|---|"]
        lines += [f"| {r['id']} | {r['guards']} | {'pass' if r['passed'] else 'FAIL'} |" for r in regressions]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return verdict


def run_all(report_path=None):
    units = run_unit_tests()
    records, regressions, notes = [], [], {}
    try:
        rlhf = importlib.import_module("rlhf")
        summary, records, regressions, notes = evaluate(rlhf)
    except Exception as error:  # the pipeline failed: every gate fails, the report says why
        summary = {"pass_rate": 0.0, "prompts": 0, "regressions": 6, "regression_prompts": 6,
                   "error": f"{type(error).__name__}: {error}"}
    unit_ok = sum(1 for _, st, _ in units if st == "pass")
    summary.update(unit_pass=unit_ok / len(units) if units else 0.0, unit_tests=len(units))
    path = report_path or os.path.join(ROOT, "reports", "eval.md")
    write_report(path, units, summary, records, regressions, notes)
    for name, value in summary.items():
        if isinstance(value, (int, float)):
            log_metric(name, value)
    summary.update(records=records, regression_records=regressions, units=units, report=path)
    return summary


def main():
    summary = run_all()
    for key, value in summary.items():
        if isinstance(value, (int, float)):
            print(f"{key:26s} {value:.3f}" if isinstance(value, float) else f"{key:26s} {value}")
    if summary.get("error"):
        print("error:", summary["error"])
    for r in summary["records"] + summary["regression_records"]:
        if not r["passed"]:
            print(f"FAIL {r['id']}: {r['reason']}")
    print(f"report: {os.path.relpath(summary['report'])}")


if __name__ == "__main__":
    main()
