"""The full exercise: your Q&A bot against a real model.

    OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 python3 full/qa_bot.py
    (any OpenAI-compatible server works: Ollama, llama.cpp's server, vLLM, LM Studio, a hosted API;
    set OPENAI_API_KEY if it needs one)

Run YOUR ask() from exercise.py, with the default model llm_client.chat, on the 10 questions of
data/questions.json about the documents in data/docs (8 answerable, 2 not). A question counts as
right when the answer contains the expected words and cites exactly the expected document, or,
for the two unanswerable ones, when the bot says "I don't know.". Log questions_right and write
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
    # TODO: for every question: exercise.ask(question, docs) with the default model; right when the
    #       expected words are in the answer and sources == [expected source], or, when "expect" is
    #       null, when the answer is exercise.UNKNOWN; print each verdict
    # TODO: log_metric("questions_right", right); write qa_report.json (question, answer, sources, right)
    raise NotImplementedError("run the question set")

if __name__ == "__main__":
    main()
