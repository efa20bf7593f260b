"""Tests of Section 13 (Computer Use & Multimodal Agents): grounding actions by name and by
pixel, snapping noisy clicks, the safety rules (action and domain allow-lists, folders,
confirmations), the run loop with a person who confirms, and the 28 shipped cases.

Interface (the overview states it):
    find_element(screen, role, name) -> element, or GroundingError (kind "not_found" | "ambiguous")
    center(box) -> (x, y);  contains(box, x, y);  element_at(screen, x, y) -> element | None
    distance_to_box(box, x, y);  ground(screen, action, snap=0) -> dict with "element", "x", "y"
    host_allowed(host, domains);  path_allowed(cwd, path, roots);  is_destructive(element, policy)
    check_action(screen, grounded, policy) -> (decision, reason)
    run_actions(screen, actions, policy, confirm, snap=0) -> {"status", "log"}
"""
import unittest

import numpy as np

import exercise
from exercise import GroundingError

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

SCREENS = exercise.load_json("data/screens.json")
POLICY = exercise.load_json("data/policy.json")


def el(id, role, name, box, **extra):
    return dict(id=id, role=role, name=name, box=box, **extra)


TOY = {"kind": "desktop", "cwd": "/home/ada/work", "size": [400, 300], "elements": [
    el("a", "button", "Save", [10, 10, 80, 30]),
    el("b", "button", "Save   as…", [100, 10, 80, 30]),
    el("c", "button", "Hidden", [200, 10, 80, 30], visible=False),
    el("d", "dialog", "Panel", [0, 100, 300, 150]),
    el("e", "button", "OK", [20, 200, 60, 30]),
]}


class GroundingTest(unittest.TestCase):
    def test_find_element_by_role_and_name(self):
        self.assertEqual(exercise.find_element(TOY, "button", "save")["id"], "a", "an exact name beats a longer one that contains it")
        self.assertEqual(exercise.find_element(TOY, "button", "SAVE AS")["id"], "b",
                         "case and runs of spaces do not matter; no exact match, so the one name containing it")
        self.assertEqual(exercise.find_element(SCREENS["mail"], "checkbox", "Team lunch")["id"], "m8")
        self.assertEqual(exercise.find_element(SCREENS["mail"], "link", "Team lunch")["id"], "m9", "the role must match")

    def test_not_found_and_ambiguous(self):
        with self.assertRaises(GroundingError) as ctx:
            exercise.find_element(TOY, "button", "Hidden")
        self.assertEqual(ctx.exception.kind, "not_found", "an invisible element cannot be acted on")
        with self.assertRaises(GroundingError) as ctx:
            exercise.find_element(SCREENS["trash"], "button", "Empty trash")
        self.assertEqual(ctx.exception.kind, "ambiguous", "two visible 'Empty trash' buttons: refuse to guess")
        with self.assertRaises(GroundingError) as ctx:
            exercise.find_element(TOY, "button", "a")
        self.assertEqual(ctx.exception.kind, "ambiguous", "'a' is inside 'Save' and 'Save as…'")

    def test_center_contains_and_hit_testing(self):
        self.assertEqual(exercise.center([10, 20, 80, 30]), (50.0, 35.0))
        self.assertTrue(exercise.contains([10, 10, 80, 30], 10, 10), "the left and top edges are inside")
        self.assertFalse(exercise.contains([10, 10, 80, 30], 90, 20), "x0 + w is outside")
        self.assertFalse(exercise.contains([10, 10, 80, 30], 50, 40), "y0 + h is outside")
        self.assertEqual(exercise.element_at(TOY, 30, 210)["id"], "e", "the button is drawn over the dialog")
        self.assertEqual(exercise.element_at(TOY, 200, 120)["id"], "d")
        self.assertIsNone(exercise.element_at(TOY, 220, 20), "invisible elements are not hit")
        self.assertIsNone(exercise.element_at(TOY, 390, 290))
        self.assertEqual(exercise.element_at(SCREENS["trash"], 740, 460)["id"], "t6")

    def test_distance_and_snapping(self):
        self.assertEqual(exercise.distance_to_box([10, 10, 80, 30], 50, 20), 0)
        self.assertAlmostEqual(exercise.distance_to_box([10, 10, 80, 30], 5, 20), 5)
        self.assertAlmostEqual(exercise.distance_to_box([10, 10, 80, 30], 94, 43), 5, msg="3-4-5 from the corner (90, 40)")
        g = exercise.ground(TOY, {"action": "click", "x": 5, "y": 25}, snap=10)
        self.assertEqual((g["element"]["id"], g["x"], g["y"]), ("a", 50.0, 25.0), "snapped to Save, moved to its centre")
        with self.assertRaises(GroundingError):
            exercise.ground(TOY, {"action": "click", "x": 5, "y": 25}, snap=3)
        with self.assertRaises(GroundingError):
            exercise.ground(TOY, {"action": "click", "x": 5, "y": 25})

    def test_ground_by_target_and_other_actions(self):
        g = exercise.ground(SCREENS["mail"], {"action": "type", "target": {"role": "textbox", "name": "Search mail"}, "text": "hi"})
        self.assertEqual((g["element"]["id"], g["x"], g["y"], g["text"], g["action"]), ("m5", 500.0, 58.0, "hi", "type"))
        g = exercise.ground(SCREENS["mail"], {"action": "click", "x": 890, "y": 58})
        self.assertEqual((g["element"]["id"], g["x"], g["y"]), ("m10", 890, 58), "a hit keeps its point")
        g = exercise.ground(SCREENS["mail"], {"action": "navigate", "url": "https://docs.example.com/"})
        self.assertIsNone(g["element"])
        self.assertEqual(g["url"], "https://docs.example.com/")


class SafetyTest(unittest.TestCase):
    def test_domains(self):
        ok = ["example.com", "mail.example.com", "a.b.example.com", "EXAMPLE.com"]
        bad = ["example.com.evil.net", "notexample.com", "examp1e.com", "example.co", "", None]
        for host in ok:
            self.assertTrue(exercise.host_allowed(host, ["example.com"]), host)
        for host in bad:
            self.assertFalse(exercise.host_allowed(host, ["example.com"]), f"{host!r} must not pass")

    def test_paths(self):
        roots = ["/home/ada/work"]
        for path in ["report.txt", "old/../report.txt", "/home/ada/work/x/y.txt", ".", "/home/ada/work"]:
            self.assertTrue(exercise.path_allowed("/home/ada/work", path, roots), path)
        for path in ["../secret.txt", "../../../etc/passwd", "/home/ada/work-old/a.txt", "/etc/passwd", "old/../../x"]:
            self.assertFalse(exercise.path_allowed("/home/ada/work", path, roots), f"{path} escapes the root")

    def test_destructive(self):
        self.assertTrue(exercise.is_destructive(el("x", "button", "Pay now", [0, 0, 1, 1]), POLICY), "'pay' is a confirm word")
        self.assertTrue(exercise.is_destructive(el("x", "button", "Go", [0, 0, 1, 1], destructive=True), POLICY), "flagged")
        self.assertFalse(exercise.is_destructive(el("x", "button", "Archive", [0, 0, 1, 1]), POLICY))
        self.assertFalse(exercise.is_destructive(el("x", "link", "Payments history", [0, 0, 1, 1]), POLICY),
                         "whole words only: 'payments' is not 'pay'")

    def test_rules_in_order(self):
        def decide(screen, action):
            return exercise.check_action(SCREENS[screen], exercise.ground(SCREENS[screen], action), POLICY)[0]
        self.assertEqual(decide("mail", {"action": "run_shell", "command": "ls"}), "deny", "rule 1: not an allowed action")
        self.assertEqual(decide("login", {"action": "click", "target": {"role": "button", "name": "Sign in"}}), "deny",
                         "rule 2: nothing on a page outside the allowed domains")
        self.assertEqual(decide("mail", {"action": "navigate", "url": "https://docs.example.com/help"}), "allow")
        self.assertEqual(decide("mail", {"action": "navigate", "url": "http://docs.example.com/help"}), "deny", "rule 3: https only")
        self.assertEqual(decide("files", {"action": "open_file", "path": "notes.md"}), "allow")
        self.assertEqual(decide("files", {"action": "delete_file", "path": "notes.md"}), "confirm", "rule 4")
        self.assertEqual(decide("files", {"action": "delete_file", "path": "../notes.md"}), "deny", "rule 4: outside")
        self.assertEqual(decide("checkout", {"action": "click", "target": {"role": "button", "name": "Apply coupon"}}), "deny",
                         "rule 5: a disabled element")
        self.assertEqual(decide("checkout", {"action": "type", "target": {"role": "textbox", "name": "Security code"}, "text": "123"}),
                         "confirm", "rule 6: a sensitive field")
        self.assertEqual(decide("checkout", {"action": "click", "target": {"role": "textbox", "name": "Security code"}}), "allow",
                         "clicking a sensitive field is not typing into it")
        self.assertEqual(decide("checkout", {"action": "click", "target": {"role": "button", "name": "Pay now"}}), "confirm", "rule 7")
        self.assertEqual(decide("mail", {"action": "click", "target": {"role": "button", "name": "Archive"}}), "allow", "rule 8")
        decision, reason = exercise.check_action(SCREENS["mail"], exercise.ground(SCREENS["mail"], {"action": "run_shell"}), POLICY)
        self.assertTrue(isinstance(reason, str) and reason, "every decision comes with a reason")


class RunTest(unittest.TestCase):
    plan = [{"action": "click", "target": {"role": "button", "name": "Compose"}},
            {"action": "type", "target": {"role": "textbox", "name": "Search mail"}, "text": "invoice"},
            {"action": "click", "target": {"role": "button", "name": "Delete"}},
            {"action": "click", "target": {"role": "link", "name": "Inbox"}}]

    def test_a_refused_confirmation_stops_the_run(self):
        asked = []
        run = exercise.run_actions(SCREENS["mail"], self.plan, POLICY, lambda g: asked.append(g["element"]["id"]) or False)
        self.assertEqual(run["status"], "declined")
        self.assertEqual(asked, ["m11"], "the person is asked once, about Delete")
        self.assertEqual([(e["element"], e["decision"], e["executed"]) for e in run["log"]],
                         [("m1", "allow", True), ("m5", "allow", True), ("m11", "confirm", False)])

    def test_confirmed_runs_to_the_end_and_denied_stops(self):
        run = exercise.run_actions(SCREENS["mail"], self.plan, POLICY, lambda g: True)
        self.assertEqual(run["status"], "done")
        self.assertEqual([e["executed"] for e in run["log"]], [True, True, True, True])
        run = exercise.run_actions(SCREENS["mail"], [{"action": "navigate", "url": "https://example.com.evil.net/"}] + self.plan,
                                   POLICY, lambda g: True)
        self.assertEqual((run["status"], len(run["log"]), run["log"][0]["executed"]), ("blocked", 1, False))
        run = exercise.run_actions(SCREENS["trash"], [{"action": "click", "target": {"role": "button", "name": "Empty trash"}}],
                                   POLICY, lambda g: True)
        self.assertEqual((run["status"], run["log"][0]["decision"], run["log"][0]["executed"]), ("error", "error", False))


class ShippedCasesTest(unittest.TestCase):
    def test_the_28_cases(self):
        cases = exercise.load_jsonl("data/tasks.jsonl")
        grounded_right = decided_right = 0
        problems = []
        for case in cases:
            screen, expect = SCREENS[case["screen"]], case["expect"]
            try:
                g = exercise.ground(screen, case["action"])
            except GroundingError as error:
                ok = expect.get("error") == error.kind
                grounded_right += ok
                decided_right += ok
                if not ok:
                    problems.append(f"{case['id']}: GroundingError {error.kind}, expected {expect}")
                continue
            if "error" in expect:
                problems.append(f"{case['id']}: grounded to {g['element'] and g['element']['id']}, expected {expect['error']}")
                continue
            element = g["element"]["id"] if g["element"] else None
            decision, _ = exercise.check_action(screen, g, POLICY)
            grounded_right += element == expect["element"]
            decided_right += decision == expect["decision"]
            if (element, decision) != (expect["element"], expect["decision"]):
                problems.append(f"{case['id']}: got {element} {decision}, expected {expect['element']} {expect['decision']}")
        log_metric("cases", len(cases))
        log_metric("grounding_accuracy", grounded_right / len(cases))
        log_metric("decision_accuracy", decided_right / len(cases))
        self.assertEqual(problems, [])

    def test_noisy_clicks_from_a_vision_model(self):
        """A stand-in for a vision model: it reads each element's centre off the screenshot with
        Gaussian noise of 10 px on each axis, 10 clicks per element, on every screen."""
        rng = np.random.default_rng(0)
        total = raw = snapped = unsafe = caught = 0
        for sid in sorted(SCREENS):
            screen = SCREENS[sid]
            for target in screen["elements"]:
                if not exercise.is_visible(target) or target["role"] == "dialog":
                    continue
                cx, cy = exercise.center(target["box"])
                for _ in range(10):
                    x, y = (float(v) for v in np.round([cx, cy] + rng.normal(0, 10, 2)))
                    click = {"action": "click", "x": x, "y": y}
                    total += 1
                    hit = exercise.element_at(screen, x, y)
                    raw += hit is not None and hit["id"] == target["id"]
                    try:
                        g = exercise.ground(screen, click, snap=10)
                    except GroundingError:
                        continue
                    snapped += g["element"]["id"] == target["id"]
                    run = exercise.run_actions(screen, [click], POLICY, lambda g: False, snap=10)
                    wrong_and_dangerous = g["element"]["id"] != target["id"] and exercise.is_destructive(g["element"], POLICY)
                    caught += wrong_and_dangerous and not run["log"][0]["executed"]
                    unsafe += exercise.is_destructive(g["element"], POLICY) and run["log"][0]["executed"]
        log_metric("clicks", total)
        log_metric("click_accuracy_raw", raw / total)
        log_metric("click_accuracy_snapped", snapped / total)
        log_metric("destructive_misclicks_caught", caught)
        log_metric("unsafe_executed", unsafe)
        self.assertEqual(total, 310)
        self.assertGreater(snapped / total, raw / total + 0.05, "snapping within 10 px recovers most near misses")
        self.assertEqual(unsafe, 0, "no destructive click runs without a person's yes")


if __name__ == "__main__":
    unittest.main()
