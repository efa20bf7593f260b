"""Full exercise of Section 10: your agent, without a framework, against a real model.

    python3 full/agent.py      # from the node folder, with OPENAI_BASE_URL and OPENAI_MODEL set

Runs your run_agent (reacting) and your plan_and_execute (planning) on the 12 tasks of
data/tasks.jsonl with llm_client.chat, grades each answer with is_correct, and writes one JSON
line per run to full/runs.jsonl (the whole message history included, to read the failures).
Logs tasks, react_success, plan_success, react_model_calls, plan_model_calls and guard_stops
(runs a guard ended: parse_error, loop or budget).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402
import llm_client  # noqa: E402
from tools import TOOLS  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def main():
    tasks = exercise.load_tasks("data/tasks.jsonl")
    agents = {"react": exercise.run_agent, "plan": exercise.plan_and_execute}
    success = {name: 0 for name in agents}
    calls = {name: 0 for name in agents}
    guard_stops = 0
    with open("full/runs.jsonl", "w", encoding="utf-8") as out:
        for task in tasks:
            for name, agent in agents.items():
                try:
                    run = agent(task["task"], TOOLS, model=llm_client.chat)
                except llm_client.ModelError as error:
                    print(f"{task['id']} {name}: the model server failed: {error}")
                    run = {"status": "model_error", "answer": None, "model_calls": 0, "tool_calls": 0, "messages": []}
                correct = run["status"] == "done" and exercise.is_correct(run["answer"], task["expected"])
                success[name] += correct
                calls[name] += run["model_calls"]
                guard_stops += run["status"] in ("parse_error", "loop", "budget")
                print(f"{task['id']} {name:5s} {run['status']:11s} {run['model_calls']} calls "
                      f"{'right' if correct else 'WRONG'}: {run['answer']!r}")
                out.write(json.dumps({"id": task["id"], "agent": name, "expected": task["expected"], "correct": correct,
                                      **run}) + "\n")
    n = len(tasks)
    log_metric("tasks", n)
    log_metric("react_success", success["react"] / n)
    log_metric("plan_success", success["plan"] / n)
    log_metric("react_model_calls", calls["react"])
    log_metric("plan_model_calls", calls["plan"])
    log_metric("guard_stops", guard_stops)
    print(f"react: {success['react']}/{n} right in {calls['react']} model calls; "
          f"plan: {success['plan']}/{n} right in {calls['plan']} model calls; {guard_stops} runs stopped by a guard")


if __name__ == "__main__":
    main()
