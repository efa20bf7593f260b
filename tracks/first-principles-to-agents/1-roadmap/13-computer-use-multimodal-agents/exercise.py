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
    # TODO: the visible elements of the role; the exact matches (after normalize) if any, else the containing ones
    # TODO: none -> GroundingError("not_found", ...); several -> GroundingError("ambiguous", ...); one -> return it
    raise NotImplementedError("find_element")


def center(box):
    """The centre (x, y) of a box [x, y, width, height]."""
    raise NotImplementedError("center")  # TODO


def contains(box, x, y):
    """True when the point is inside the box: x0 <= x < x0 + w and y0 <= y < y0 + h."""
    raise NotImplementedError("contains")  # TODO


def element_at(screen, x, y):
    """The topmost visible element containing the point (the last one in the list), or None."""
    raise NotImplementedError("element_at")  # TODO: walk the elements from the last to the first


def distance_to_box(box, x, y):
    """Euclidean distance from the point to the nearest point of the box (0 inside it)."""
    # TODO: how far the point is left/right of the box (0 if between its edges), the same for up/down; math.hypot
    raise NotImplementedError("distance_to_box")


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
    # TODO: "target" in action -> find_element, and x, y at the centre of its box
    # TODO: "x" and "y" in action -> element_at; if None and snap > 0, the nearest visible element within snap px
    #       (min over (distance, -index)), x, y moved to its centre; still None -> GroundingError("not_found", ...)
    raise NotImplementedError("ground")


# ---------------------------------------------------------------- safety

def host_allowed(host, domains):
    """True when host is one of the domains or a subdomain of one ("mail.example.com" of
    "example.com"), and never for look-alikes ("example.com.evil.net", "notexample.com")."""
    raise NotImplementedError("host_allowed")  # TODO: compare the lower-cased host with d and with "." + d


def path_allowed(cwd, path, roots):
    """True when the path, taken relative to cwd and normalised ('..' resolved), is one of the
    roots or inside one (a root "/home/ada/work" does not allow "/home/ada/work-old")."""
    # TODO: posixpath.join(cwd, path), then posixpath.normpath; compare with each root and with root + "/"
    raise NotImplementedError("path_allowed")


def is_destructive(element, policy):
    """Flagged "destructive", or a word of its name is one of policy["confirm_words"]."""
    raise NotImplementedError("is_destructive")  # TODO: the flag, or any whole word of the normalized name


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
    # TODO: the eight rules, in this order; return (decision, a short reason)
    raise NotImplementedError("check_action")


def run_actions(screen, actions, policy, confirm, snap=0):
    """Ground, judge and (pretend to) execute actions in order; confirm(grounded) -> bool asks a person.

    Returns {"status", "log"}: one log entry {"action", "element" (id or None), "decision",
    "executed"} per action looked at. Status "done" after the last action; the run stops at the
    first action that cannot be grounded ("error"), is denied ("blocked"), or whose confirmation
    is refused ("declined") — that action is logged with executed False.
    """
    log = []
    # TODO: for each action: ground (GroundingError -> log it with decision "error", status "error")
    # TODO: check_action; log {"action", "element": id or None, "decision", "executed": False}
    # TODO: deny -> "blocked"; confirm and confirm(grounded) is falsy -> "declined"; else mark executed True
    raise NotImplementedError("run_actions")


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
