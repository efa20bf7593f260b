"""The full exercise: your agent with a real model.

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 python3 full/agent.py
    (any OpenAI-compatible server; OPENAI_API_KEY if it needs one)

Run YOUR run_agent from exercise.py, with llm_client.chat as the model, on the 5 tasks of
data/tasks.json (arithmetic, and facts to look up in data/facts.json and then compute with).
A task is right when the final answer, read as a number (the first number in it, commas
removed), is within 0.1% of the expected value. Log tasks_right and tool_calls, and write
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
    # TODO: for every task: exercise.run_agent(question, facts) with the default model; right when
    #       first_number(answer) is within 0.1% of task["answer"]; print the steps
    # TODO: log_metric("tasks_right", ...), log_metric("tool_calls", total steps); write agent_report.json
    raise NotImplementedError("run the tasks")

if __name__ == "__main__":
    main()
