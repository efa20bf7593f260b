"""Section 13 (Computer Use & Multimodal Agents): ground a model's actions on a screen, and keep
them safe.

A computer-use model proposes actions either by description ("click the button named Delete")
or by pixel coordinates read off a screenshot ("click at 1000, 50"). Your code must turn each
into a definite element of the screen (grounding), then decide whether it may run: allowed,
allowed only after a person confirms, or denied (safety constraints).

    python3 exercise.py                          # every shipped case, grounded and judged
    trail check computer-use-multimodal-agents   # runs the tests

Standard library only. Screens (data/screens.json) are simulated: each element has an id, a
role, an accessible name and a box [x, y, width, height] in pixels; later elements are drawn
on top of earlier ones. Fill in every TODO; the overview gives each rule.
"""
import json
import math
import posixpath
from urllib.parse import urlparse


class GroundingError(ValueError):
    """An action that cannot be tied to exactly one element. kind: "not_found" or "ambiguous"."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def is_visible(element):
    return element.get("visible", True)


def normalize(name):
    """Lower case, runs of whitespace as one space, no spaces at the ends."""
    return " ".join(name.lower().split())


# ---------------------------------------------------------------- grounding

def find_element(screen, role, name):
    """The visible element with this role whose name matches.

    Names are compared after normalize(). Visible elements of the role whose name equals the
    given name win; if there are none, those whose name contains it. One candidate: return it.
    None: GroundingError("not_found", ...). Several: GroundingError("ambiguous", ...) — never guess.
    """
    wanted = normalize(name)
    pool = [e for e in screen["elements"] if e["role"] == role and is_visible(e)]
    exact = [e for e in pool if normalize(e["name"]) == wanted]
    candidates = exact or [e for e in pool if wanted in normalize(e["name"])]
    if not candidates:
        raise GroundingError("not_found", f"no visible {role} named {name!r}")
    if len(candidates) > 1:
        raise GroundingError("ambiguous", f"{len(candidates)} visible {role}s match {name!r}: "
                                          + ", ".join(e["id"] for e in candidates))
    return candidates[0]


def center(box):
    """The centre (x, y) of a box [x, y, width, height]."""
    x, y, w, h = box
    return (x + w / 2, y + h / 2)


def contains(box, x, y):
    """True when the point is inside the box: x0 <= x < x0 + w and y0 <= y < y0 + h."""
    x0, y0, w, h = box
    return x0 <= x < x0 + w and y0 <= y < y0 + h


def element_at(screen, x, y):
    """The topmost visible element containing the point (the last one in the list), or None."""
    for element in reversed(screen["elements"]):
        if is_visible(element) and contains(element["box"], x, y):
            return element
    return None


def distance_to_box(box, x, y):
    """Euclidean distance from the point to the nearest point of the box (0 inside it)."""
    x0, y0, w, h = box
    dx = max(x0 - x, 0, x - (x0 + w))
    dy = max(y0 - y, 0, y - (y0 + h))
    return math.hypot(dx, dy)


def ground(screen, action, snap=0):
    """The action with its element resolved: a copy of `action` plus "element" (the element dict,
    or None for actions without one: navigate, files, unknown) and "x", "y" (where to click).

    - "target": {"role", "name"} -> find_element; x, y = the centre of its box.
    - "x", "y" (a point read off a screenshot) -> element_at; if nothing is there and snap > 0,
      the visible element nearest to the point, if within `snap` pixels (ties: the topmost), and
      x, y move to its centre; otherwise GroundingError("not_found", ...).
    """
    grounded = dict(action)
    grounded["element"] = None
    if "target" in action:
        element = find_element(screen, action["target"]["role"], action["target"]["name"])
        grounded["element"] = element
        grounded["x"], grounded["y"] = center(element["box"])
    elif "x" in action and "y" in action:
        element = element_at(screen, action["x"], action["y"])
        if element is None and snap > 0:
            near = [(distance_to_box(e["box"], action["x"], action["y"]), -i, e)
                    for i, e in enumerate(screen["elements"]) if is_visible(e)]
            near = [n for n in near if n[0] <= snap]
            if near:
                element = min(near, key=lambda n: (n[0], n[1]))[2]
                grounded["x"], grounded["y"] = center(element["box"])
        if element is None:
            raise GroundingError("not_found", f"nothing at ({action['x']}, {action['y']})")
        grounded["element"] = element
    return grounded


# ---------------------------------------------------------------- safety

def host_allowed(host, domains):
    """True when host is one of the domains or a subdomain of one ("mail.example.com" of
    "example.com"), and never for look-alikes ("example.com.evil.net", "notexample.com")."""
    host = (host or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def path_allowed(cwd, path, roots):
    """True when the path, taken relative to cwd and normalised ('..' resolved), is one of the
    roots or inside one (a root "/home/ada/work" does not allow "/home/ada/work-old")."""
    full = posixpath.normpath(posixpath.join(cwd, path))
    return any(full == root or full.startswith(root.rstrip("/") + "/") for root in roots)


def is_destructive(element, policy):
    """Flagged "destructive", or a word of its name is one of policy["confirm_words"]."""
    words = normalize(element["name"]).replace(":", " ").replace("?", " ").split()
    return bool(element.get("destructive")) or any(w in policy["confirm_words"] for w in words)


def check_action(screen, grounded, policy):
    """("allow" | "confirm" | "deny", reason). The first rule that applies decides:

    1. the action is not in policy["allowed_actions"] -> deny
    2. a browser screen whose URL host is not allowed -> deny (never act on an untrusted page)
    3. navigate: https and an allowed host -> allow, else deny
    4. open_file / delete_file: the path outside the allowed roots -> deny; an action in
       policy["confirm_actions"] -> confirm; else allow
    5. an element that is not visible or has "enabled": false -> deny
    6. type into a "sensitive" element -> confirm
    7. a destructive element -> confirm
    8. otherwise -> allow
    """
    kind = grounded["action"]
    if kind not in policy["allowed_actions"]:
        return "deny", f"action {kind!r} is not allowed"
    if screen["kind"] == "browser" and not host_allowed(urlparse(screen["url"]).hostname, policy["allowed_domains"]):
        return "deny", f"page {screen['url']} is not on an allowed domain"
    if kind == "navigate":
        url = urlparse(grounded["url"])
        if url.scheme == "https" and host_allowed(url.hostname, policy["allowed_domains"]):
            return "allow", "allowed domain"
        return "deny", f"{grounded['url']} is not an https address on an allowed domain"
    if kind in ("open_file", "delete_file"):
        if not path_allowed(screen.get("cwd", "/"), grounded["path"], policy["allowed_roots"]):
            return "deny", f"{grounded['path']} is outside the allowed folders"
        if kind in policy["confirm_actions"]:
            return "confirm", f"{kind} cannot be undone"
        return "allow", "inside an allowed folder"
    element = grounded["element"]
    if not is_visible(element) or not element.get("enabled", True):
        return "deny", f"{element['id']} cannot be used"
    if kind == "type" and element.get("sensitive"):
        return "confirm", f"{element['name']} is a sensitive field"
    if is_destructive(element, policy):
        return "confirm", f"{element['name']} is destructive"
    return "allow", "safe"


def run_actions(screen, actions, policy, confirm, snap=0):
    """Ground, judge and (pretend to) execute actions in order; confirm(grounded) -> bool asks a person.

    Returns {"status", "log"}: one log entry {"action", "element" (id or None), "decision",
    "executed"} per action looked at. Status "done" after the last action; the run stops at the
    first action that cannot be grounded ("error"), is denied ("blocked"), or whose confirmation
    is refused ("declined") — that action is logged with executed False.
    """
    log = []
    for action in actions:
        try:
            grounded = ground(screen, action, snap)
        except GroundingError:
            log.append({"action": action, "element": None, "decision": "error", "executed": False})
            return {"status": "error", "log": log}
        decision, _ = check_action(screen, grounded, policy)
        entry = {"action": action, "element": grounded["element"]["id"] if grounded["element"] else None,
                 "decision": decision, "executed": False}
        log.append(entry)
        if decision == "deny":
            return {"status": "blocked", "log": log}
        if decision == "confirm" and not confirm(grounded):
            return {"status": "declined", "log": log}
        entry["executed"] = True
    return {"status": "done", "log": log}


if __name__ == "__main__":
    screens = load_json("data/screens.json")
    policy = load_json("data/policy.json")
    for case in load_jsonl("data/tasks.jsonl"):
        screen = screens[case["screen"]]
        try:
            g = ground(screen, case["action"])
            decision, reason = check_action(screen, g, policy)
            got = f"{g['element']['id'] if g['element'] else '-':4s} {decision:8s}{reason}"
        except GroundingError as error:
            got = f"error {error.kind}: {error}"
        print(f"{case['id']} {case['screen']:9s} {json.dumps(case['action'])[:60]:60s} {got}")
