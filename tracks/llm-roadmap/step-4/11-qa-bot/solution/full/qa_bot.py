"""The full exercise: your Q&A bot against a real model.

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 python3 full/qa_bot.py
    (any OpenAI-compatible server works: Ollama, llama.cpp's server, vLLM, LM Studio, a hosted API;
    set OPENAI_API_KEY if it needs one)

Runs YOUR ask() from exercise.py, with the default model llm_client.chat, on the 10 questions of
data/questions.json about the documents in data/docs (8 answerable, 2 not). A question counts as
right when the answer contains the expected words and cites exactly the expected document, or,
for the two unanswerable ones, when the bot says "I don't know.". Logs questions_right and writes
qa_report.json with every question, answer and verdict.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


def main():
    docs = exercise.load_docs("data/docs")
    with open("data/questions.json") as f:
        questions = json.load(f)
    report, right = [], 0
    for item in questions:
        result = exercise.ask(item["question"], docs)
        if item["expect"] is None:
            ok = result["answer"] == exercise.UNKNOWN
        else:
            ok = item["expect"].lower() in result["answer"].lower() and result["sources"] == [item["source"]]
        right += ok
        report.append({**item, **result, "right": ok})
        print(f"{'✓' if ok else '✗'} {item['question']}\n    {result['answer']}  {result['sources']}")
    log_metric("questions_right", right)
    with open("qa_report.json", "w") as f:
        json.dump(report, f, indent=2)
    print(f"{right} of {len(questions)} right")


if __name__ == "__main__":
    main()
