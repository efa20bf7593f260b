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
    summary = exercise.summarize(turns, model=llm_client.chat, chunk_tokens=200, max_tokens=200)
    with open("full/summary.txt", "w", encoding="utf-8") as out:
        out.write(summary + "\n")
    ratio = exercise.count_tokens(summary) / total
    recall = exercise.fact_recall(summary, questions)
    print(f"summary: {exercise.count_tokens(summary)} of {total} tokens ({ratio:.0%}), keeps {recall:.0%} of the facts")
    items = [{"id": "summary", "text": "Summary of the earlier conversation: " + summary, "score": 1.0}]
    items += [{"id": f"turn-{t['turn']}", "text": f"{t['role']}: {t['text']}", "score": t["turn"] / len(turns)}
              for t in turns]
    if os.path.exists("full/examples.jsonl"):
        os.remove("full/examples.jsonl")
    right = 0
    for q in questions:
        context = exercise.build_context(SYSTEM, q["question"], items, budget=300)
        reply = llm_client.chat(context["messages"])
        correct = q["answer"].lower() in reply.lower()
        right += correct
        exercise.record_example("full/examples.jsonl", q["question"], context["messages"], reply, correct)
        print(f"{'ok ' if correct else 'MISS'} {q['question']} -> {reply.strip()[:60]!r}")
    log_metric("summary_ratio", ratio)
    log_metric("summary_recall", recall)
    log_metric("questions", len(questions))
    log_metric("answer_accuracy", right / len(questions))


if __name__ == "__main__":
    main()
