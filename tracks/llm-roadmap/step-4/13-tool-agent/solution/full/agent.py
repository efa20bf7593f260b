"""The full exercise: your agent with a real model.

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 python3 full/agent.py
    (any OpenAI-compatible server; OPENAI_API_KEY if it needs one)

Runs YOUR run_agent from exercise.py, with llm_client.chat as the model, on the 5 tasks of
data/tasks.json (arithmetic, and facts to look up in data/facts.json and then compute with).
A task is right when the final answer, read as a number (the first number in it, commas
removed), is within 0.1% of the expected value. Logs tasks_right and tool_calls, and writes
agent_report.json with every step of every task.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


def first_number(text):
    match = re.search(r"-?\d+(?:\.\d+)?", (text or "").replace(",", ""))
    return float(match.group()) if match else None


def main():
    facts = exercise.load_facts("data/facts.json")
    with open("data/tasks.json") as f:
        tasks = json.load(f)
    report, right, calls = [], 0, 0
    for task in tasks:
        result = exercise.run_agent(task["question"], facts)
        value = first_number(result["answer"])
        ok = value is not None and abs(value - task["answer"]) <= 0.001 * abs(task["answer"])
        right += ok
        calls += len(result["steps"])
        report.append({**task, **result, "right": ok})
        print(f"{'✓' if ok else '✗'} {task['question']}")
        for step in result["steps"]:
            print(f"    {step['tool']}({step['input']!r}) -> {step['observation']}")
        print(f"    answer: {result['answer']}")
    log_metric("tasks_right", right)
    log_metric("tool_calls", calls)
    with open("agent_report.json", "w") as f:
        json.dump(report, f, indent=2)
    print(f"{right} of {len(tasks)} tasks right, {calls} tool calls")


if __name__ == "__main__":
    main()
