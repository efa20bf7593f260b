"""Checks visualizations/torch_graph.json, written by full/torch_trace.py (part of the check:
restored before every run). Exits 1 if the graph's nodes and edges are not those of mlp_loss."""
import json
import sys

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

EXPECTED = ("MeanBackward0(PowBackward0(SubBackward0(AddBackward0(AccumulateGrad[b2](),"
            "MmBackward0(AccumulateGrad[W2](),ReluBackward0(AddBackward0(AccumulateGrad[b1](),"
            "MmBackward0(AccumulateGrad[W1]()))))))))")


def canonical(graph):
    by_id = {n["id"]: n for n in graph["nodes"]}
    children = {i: [] for i in by_id}
    for a, b in graph["edges"]:
        children[a].append(b)

    def canon(i):
        n = by_id[i]
        label = n["name"] + (f"[{n.get('variable')}]" if n["name"] == "AccumulateGrad" else "")
        return label + "(" + ",".join(sorted(canon(c) for c in children[i])) + ")"
    return canon(graph["nodes"][0]["id"])


def main(path="visualizations/torch_graph.json"):
    try:
        with open(path) as f:
            graph = json.load(f)
        got = canonical(graph)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        print(f"cannot read the graph in {path}: {e!r}")
        log_metric("torch_graph_matches_expected", 0)
        return 1
    ok = got == EXPECTED
    log_metric("torch_graph_matches_expected", 1 if ok else 0)
    print("the PyTorch graph matches mlp_loss" if ok else f"unexpected graph:\n  {got}\nexpected:\n  {EXPECTED}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
