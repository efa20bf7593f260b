"""Trailguide metric protocol helper (standard library only).

    from trail_metrics import log_metric
    log_metric("loss", 0.25, step=10)

Appends one JSON line {"name", "value", "step"} to the file named by the TRAIL_METRICS
environment variable, which `trail check` sets. Outside a check run it does nothing.
"""
import json
import os

_steps = {}


def log_metric(name, value, step=None):
    """Record one value of a named series; steps count up from 0 when not given."""
    path = os.environ.get("TRAIL_METRICS")
    if not path:
        return
    if step is None:
        step = _steps.get(name, -1) + 1
    _steps[name] = step
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"name": str(name), "value": float(value), "step": step}) + "\n")
