"""Tests of Stage 15 (Engineering & Career): your 90-day plan in plan.json.

First the structure, against plan.schema.json (the same schema your editor can use); then what a
schema cannot say: real dates, in order, inside the 90 days, a first milestone within 30 days,
something public, no placeholders left, and hours that fit the time you have.
"""
import datetime
import json
import math
import re
import unittest

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


SCHEMA = load("plan.schema.json")
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def schema_errors(value, schema, where="plan"):
    """The subset of JSON Schema (draft-07) that plan.schema.json uses; one message per problem."""
    errors = []
    kind = schema.get("type")
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"{where} must be a number, not {json.dumps(value)}"]
    elif kind and not isinstance(value, TYPES[kind]):
        return [f"{where} must be of type {kind}, not {json.dumps(value)}"]
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where} is missing {key!r}")
        props = schema.get("properties", {})
        for key, sub in value.items():
            if key in props:
                errors += schema_errors(sub, props[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where} has an unknown field {key!r} (allowed: {', '.join(props)})")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where} needs at least {schema['minItems']} entries, has {len(value)}")
        if len(value) > schema.get("maxItems", math.inf):
            errors.append(f"{where} may have at most {schema['maxItems']} entries, has {len(value)}")
        for i, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{where}[{i}]")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{where} is too short: at least {schema['minLength']} characters")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where} = {value!r} does not match {schema['pattern']}")
    if kind == "number":
        if value < schema.get("minimum", -math.inf):
            errors.append(f"{where} must be at least {schema['minimum']}")
        if value > schema.get("maximum", math.inf):
            errors.append(f"{where} must be at most {schema['maximum']}")
    return errors


def date(text, where):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise AssertionError(f"{where} = {text!r} is not a real date (YYYY-MM-DD)") from None


class PlanTest(unittest.TestCase):
    def setUp(self):
        try:
            self.plan = load("plan.json")
        except json.JSONDecodeError as error:
            self.fail(f"plan.json is not valid JSON: {error}")

    def structure_first(self):
        if schema_errors(self.plan, SCHEMA):
            self.fail("fix the structure first (see test_1)")

    def test_1_structure_matches_the_schema(self):
        errors = schema_errors(self.plan, SCHEMA)
        if errors:
            self.fail("plan.json does not match plan.schema.json:\n  " + "\n  ".join(errors))

    def test_2_no_placeholders_left(self):
        text = json.dumps(self.plan)
        for marker in ("TODO", "YYYY", "XXX", "lorem ipsum"):
            if marker.lower() in text.lower():
                self.fail(f"plan.json still contains {marker!r}: replace it with your own words")

    def test_3_dates_are_real_ordered_and_inside_90_days(self):
        self.structure_first()
        start = date(self.plan["start"], "start")
        end = start + datetime.timedelta(days=90)
        previous = start
        for i, m in enumerate(self.plan["milestones"]):
            due = date(m["due"], f"milestones[{i}].due")
            self.assertGreater(due, previous, f"milestones[{i}] ({m['title']!r}) is due {due}, not after {previous}: "
                                              "put milestones in order, each after the start")
            self.assertLessEqual(due, end, f"milestones[{i}] is due {due}, after the 90 days end on {end}")
            previous = due
        first = date(self.plan["milestones"][0]["due"], "milestones[0].due")
        self.assertLessEqual((first - start).days, 30,
                             f"the first milestone is {(first - start).days} days in: make one due within 30 days, "
                             "so you find out early whether the plan holds")

    def test_4_something_is_public(self):
        self.structure_first()
        self.assertTrue(any(m["public"] for m in self.plan["milestones"]),
                        "at least one milestone must be public: a post, a repository, a model, a demo")

    def test_5_the_hours_fit_the_time_you_have(self):
        self.structure_first()
        budget = self.plan["hours_per_week"] * 90 / 7
        planned = sum(m["hours"] for m in self.plan["milestones"])
        log_metric("hours_budget", budget)
        log_metric("hours_planned", planned)
        log_metric("milestones", len(self.plan["milestones"]))
        self.assertLessEqual(planned, budget,
                             f"the milestones need {planned:g} hours, but {self.plan['hours_per_week']:g} hours a week "
                             f"for 90 days is {budget:.1f}: cut scope or move a milestone out")


if __name__ == "__main__":
    unittest.main()
