"""Full exercise of Section 9: compress a conversation with a real model, then answer from the summary.

    python3 full/compress.py     # from the node folder, with OPENAI_BASE_URL and OPENAI_MODEL set

1. summarize() the 64-turn conversation with the model (chunks of 200 tokens, at most 200 tokens);
2. measure the share of the 15 facts the summary kept, and its size against the conversation;
3. answer each question with build_context() under a budget of 300 tokens (the summary first,
   then the most recent turns), and record every example with record_example().
Logs summary_ratio, summary_recall, answer_accuracy and questions; writes full/summary.txt and
full/examples.jsonl.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402
import llm_client  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

SYSTEM = "Answer the question from the context only, in a few words. If the context does not say, answer: unknown."


def main():
    turns = exercise.load_jsonl("data/conversation.jsonl")
    questions = exercise.load_jsonl("data/questions.jsonl")
    total = sum(exercise.turn_tokens(t) for t in turns)
    # TODO: summary = your summarize() of the turns with model=llm_client.chat, chunk_tokens=200, max_tokens=200;
    #       write it to full/summary.txt; ratio = its tokens / total; recall = fact_recall(summary, questions)
    # TODO: items for build_context: the summary (score 1.0) and every turn as "role: text" with
    #       score turn / len(turns), so that recent turns come next
    # TODO: for each question: build_context(SYSTEM, question, items, budget=300), llm_client.chat(messages),
    #       correct = the answer string in the reply (ignoring case), record_example("full/examples.jsonl", ...)
    #       (remove an old full/examples.jsonl first: record_example appends)
    raise NotImplementedError("compress, answer and record")
    log_metric("summary_ratio", ratio)
    log_metric("summary_recall", recall)
    log_metric("questions", len(questions))
    log_metric("answer_accuracy", right / len(questions))


if __name__ == "__main__":
    main()
