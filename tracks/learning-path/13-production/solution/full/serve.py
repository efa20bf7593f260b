"""Stage 13, full exercise: the guarded, traced RAG of this stage with a real model — evaluated,
then served to real users for a week.

    python3 full/serve.py --eval             # the eval set through the real model -> full/eval_report.json
    python3 full/serve.py --save-baseline    # after a good --eval: keep its numbers as full/baseline.json
    python3 full/serve.py --serve --port 8000 [--notes my_notes.jsonl]
    python3 full/serve.py --summary          # what full/traces.jsonl says: requests, p50/p95, refusals, tokens

--eval exits with status 1 when a metric is worse than full/baseline.json (a regression gate for
CI). --serve answers POST /ask with a JSON body {"question": "..."} and appends every request's
spans to full/traces.jsonl. Needs OPENAI_BASE_URL and OPENAI_MODEL. Standard library only
(numpy through rag.py).
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
NODE = os.path.dirname(HERE)
sys.path.insert(0, NODE)  # exercise.py, rag.py and llm_client.py are one folder up

import rag  # noqa: E402
from exercise import Tracer, answer_question, check_regressions, run_evals, summarize_traces  # noqa: E402
from llm_client import chat  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

TRACES = os.path.join(HERE, "traces.jsonl")
REPORT = os.path.join(HERE, "eval_report.json")
BASELINE = os.path.join(HERE, "baseline.json")


def load(notes_path):
    notes = rag.load_jsonl(notes_path)
    return notes, rag.BM25([rag.note_text(n) for n in notes])


def run_eval(notes_path):
    notes, bm25 = load(notes_path)
    tracer = Tracer(TRACES)
    evalset = rag.load_jsonl(os.path.join(NODE, "data", "evalset.jsonl"))
    report = run_evals(lambda q: answer_question(q, bm25, notes, chat, tracer), evalset)
    report["latency"] = {k: v for k, v in summarize_traces(TRACES).items() if k in ("p50_ms", "p95_ms")}
    baseline = json.load(open(BASELINE, encoding="utf-8")) if os.path.exists(BASELINE) else {}
    report["regressions"] = check_regressions(report, baseline) if baseline else []
    with open(REPORT, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    for key in ("answer_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_rate"):
        log_metric(key, report[key])
    log_metric("regressions", len(report["regressions"]))
    print(json.dumps(report, indent=2))
    if report["regressions"]:
        sys.exit(f"regressions against full/baseline.json: {', '.join(report['regressions'])}")


def serve(notes_path, port):
    notes, bm25 = load(notes_path)
    tracer = Tracer(TRACES)
    lock = threading.Lock()   # one request at a time through the model; spans stay whole lines

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                return self.reply(200, {"ok": True})
            self.reply(404, {"error": "not found"})

        def do_POST(self):
            if self.path != "/ask":
                return self.reply(404, {"error": "POST /ask with {\"question\": ...}"})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                question = str(body["question"])[:2000]
            except (ValueError, KeyError):
                return self.reply(400, {"error": "send JSON: {\"question\": \"...\"}"})
            try:
                with lock:
                    out = answer_question(question, bm25, notes, chat, tracer)
            except Exception as error:  # the span already recorded it; the user gets a clean error
                return self.reply(502, {"error": f"the model failed: {type(error).__name__}"})
            self.reply(200, {k: out[k] for k in ("answer", "sources", "refused", "trace_id")})

        def log_message(self, *args):
            pass   # the traces are the log

    print(f"serving on http://127.0.0.1:{port}/ask; traces go to {TRACES}")
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", action="store_true")
    parser.add_argument("--save-baseline", action="store_true")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--notes", default=os.path.join(NODE, "data", "notes.jsonl"))
    args = parser.parse_args()
    if args.save_baseline:
        report = json.load(open(REPORT, encoding="utf-8"))
        keep = {k: report[k] for k in ("answer_accuracy", "refusal_accuracy", "false_refusal_rate", "citation_rate")}
        json.dump(keep, open(BASELINE, "w", encoding="utf-8"), indent=2)
        print(f"baseline saved: {keep}")
    elif args.serve:
        serve(args.notes, args.port)
    elif args.summary:
        print(json.dumps(summarize_traces(TRACES), indent=2))
    else:
        run_eval(args.notes)


if __name__ == "__main__":
    main()
