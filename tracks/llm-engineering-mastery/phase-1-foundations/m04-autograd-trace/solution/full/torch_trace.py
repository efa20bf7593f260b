"""M4, full version: trace the same model's autograd graph in PyTorch.

Builds mlp_loss with the numbers of make_model(seed=0), runs backward, walks
loss.grad_fn.next_functions into the trace format of the core exercise, writes
visualizations/torch_graph.json, and compares PyTorch's gradients with your engine's.
Run from the m4 folder: python3 full/torch_trace.py (needs torch).
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import exercise  # noqa: E402  (the core exercise: your engine)

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass


def torch_trace(loss, names):
    """The graph of loss.grad_fn in the format of exercise.trace: node 0 is loss.grad_fn,
    ids breadth-first, one edge per non-None entry of next_functions. names maps id(tensor)
    to a name, for the AccumulateGrad nodes."""
    ids, nodes, order = {}, [], []
    queue = [loss.grad_fn]
    while queue:
        fn = queue.pop(0)
        if fn in ids:
            continue
        ids[fn] = len(nodes)
        order.append(fn)
        entry = {"id": ids[fn], "name": type(fn).__name__}
        if hasattr(fn, "variable"):                 # an AccumulateGrad node holds its leaf
            entry["variable"] = names.get(id(fn.variable), "?")
            entry["shape"] = list(fn.variable.shape)
        nodes.append(entry)
        queue.extend(child for child, _ in fn.next_functions if child is not None)
    edges = [[ids[fn], ids[child]] for fn in order for child, _ in fn.next_functions if child is not None]
    return {"nodes": nodes, "edges": edges}


def main():
    x, y, W1, b1, W2, b2 = exercise.make_model(seed=0)
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    tx, ty = torch.tensor(x.data), torch.tensor(y.data)
    tp = {k: torch.tensor(v.data, requires_grad=True) for k, v in params.items()}

    h = torch.relu(tx @ tp["W1"] + tp["b1"])
    h.retain_grad()
    loss = ((h @ tp["W2"] + tp["b2"] - ty) ** 2).mean()
    loss.backward()

    graph = torch_trace(loss, {id(t): k for k, t in tp.items()})
    os.makedirs("visualizations", exist_ok=True)
    with open("visualizations/torch_graph.json", "w") as f:
        json.dump(graph, f, indent=2)
    print(f"PyTorch: {len(graph['nodes'])} nodes, {len(graph['edges'])} edges")
    for n in graph["nodes"]:
        print(f"  {n['id']:2} {n['name']:15} {n.get('variable', '')}")
    log_metric("torch_graph_nodes", len(graph["nodes"]))
    log_metric("torch_graph_edges", len(graph["edges"]))

    # Where PyTorch keeps gradients: leaves only, unless retain_grad().
    print(f"x.grad is None: {tx.grad is None}; h.is_leaf: {h.is_leaf}; h.grad kept by retain_grad: {h.grad is not None}")

    # Your engine on the same numbers.
    exercise.mlp_loss(x, y, W1, b1, W2, b2).backward()
    diff = max(float(np.max(np.abs(tp[k].grad.numpy() - params[k].grad))) for k in params)
    print(f"largest difference between PyTorch's and your engine's gradients: {diff:.2e}")
    log_metric("torch_max_grad_diff", diff)


if __name__ == "__main__":
    main()
