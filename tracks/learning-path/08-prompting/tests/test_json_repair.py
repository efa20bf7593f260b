"""Tests of Stage 08 (Prompting): a JSON Schema validator, extracting JSON from a reply, the system
prompt, and the validation/repair loop against a scripted fake model that breaks its JSON in the
ways real models do.

The tests use their own copy of the ticket schema, so you may change SCHEMA for the full exercise.
"""
import copy
import json
import re
import unittest

import exercise

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass

TICKET_SCHEMA = {
    "type": "object",
    "required": ["customer", "category", "priority", "products", "refund_requested", "summary"],
    "additionalProperties": False,
    "properties": {
        "customer": {"type": "object", "required": ["name", "email"], "additionalProperties": False,
                     "properties": {"name": {"type": "string", "minLength": 1},
                                    "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[a-z]+$"}}},
        "category": {"type": "string", "enum": ["billing", "shipping", "technical", "account", "other"]},
        "priority": {"type": "integer", "minimum": 1, "maximum": 5},
        "products": {"type": "array", "maxItems": 10,
                     "items": {"type": "object", "required": ["sku", "quantity"], "additionalProperties": False,
                               "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                                              "quantity": {"type": "integer", "minimum": 1}}}},
        "refund_requested": {"type": "boolean"},
        "summary": {"type": "string", "minLength": 10, "maxLength": 200},
    },
}

GOOD = {"customer": {"name": "Ana Silva", "email": "ana.silva@example.com"}, "category": "billing", "priority": 3,
        "products": [{"sku": "KBD-1042", "quantity": 2}], "refund_requested": False,
        "summary": "Customer was charged twice for a keyboard order."}


def variant(**changes):
    value = copy.deepcopy(GOOD)
    for key, new in changes.items():
        if new is None:
            del value[key]
        else:
            value[key] = new
    return value


class ValidateTest(unittest.TestCase):
    def errors(self, instance, schema=TICKET_SCHEMA):
        result = exercise.validate(instance, schema)
        self.assertIsInstance(result, list, "validate returns a list of error strings")
        return result

    def assertInvalidAt(self, instance, path, why):
        errors = self.errors(instance)
        self.assertTrue(errors, f"{why}: should be invalid")
        self.assertTrue(any(e.startswith(path) for e in errors),
                        f"{why}: an error should start with the path {path!r}; got {errors}")

    def test_valid_object_has_no_errors(self):
        self.assertEqual(self.errors(GOOD), [])
        self.assertEqual(self.errors(variant(products=[])), [], "an empty list of products is valid")

    def test_types(self):
        self.assertInvalidAt(variant(priority="high"), "$.priority", "a string where an integer belongs")
        self.assertInvalidAt(variant(priority=True), "$.priority", "True is not an integer in JSON Schema")
        self.assertInvalidAt(variant(priority=2.5), "$.priority", "2.5 is not an integer")
        self.assertInvalidAt(variant(refund_requested="no"), "$.refund_requested", "a string is not a boolean")
        self.assertInvalidAt([GOOD], "$", "the top level must be an object")
        self.assertEqual(self.errors(3.0, {"type": "number"}), [], "3.0 is a number")
        self.assertEqual(self.errors(None, {"type": "null"}), [])

    def test_enum_range_length_pattern(self):
        self.assertInvalidAt(variant(category="refund"), "$.category", "not one of the enum values")
        self.assertInvalidAt(variant(priority=0), "$.priority", "below the minimum 1")
        self.assertInvalidAt(variant(priority=6), "$.priority", "above the maximum 5")
        self.assertInvalidAt(variant(summary="Short."), "$.summary", "shorter than minLength 10")
        self.assertInvalidAt(variant(summary="x" * 201), "$.summary", "longer than maxLength 200")
        bad_email = variant(customer={"name": "Ana", "email": "ana at example"})
        self.assertInvalidAt(bad_email, "$.customer.email", "the e-mail does not match the pattern")
        self.assertEqual(self.errors("order abc1", {"type": "string", "pattern": "[0-9]"}), [],
                         "a pattern matches anywhere in the string unless anchored (re.search, not re.match)")

    def test_required_and_additional_properties(self):
        self.assertInvalidAt(variant(summary=None), "$", "missing required summary")
        self.assertTrue(any("summary" in e for e in self.errors(variant(summary=None))),
                        "the error should name the missing property")
        self.assertInvalidAt(variant(sentiment="angry"), "$.sentiment", "additionalProperties is false")
        self.assertInvalidAt(variant(customer={"name": "Ana"}), "$.customer", "missing the customer's email")

    def test_arrays(self):
        self.assertInvalidAt(variant(products=[{"sku": "KBD-1042", "quantity": 1}, {"sku": "kbd-1042", "quantity": 1}]),
                             "$.products[1].sku", "the second item's SKU breaks the pattern")
        self.assertInvalidAt(variant(products=[{"sku": "KBD-1042", "quantity": 0}]), "$.products[0].quantity",
                             "quantity below 1")
        self.assertInvalidAt(variant(products=[{"sku": "KBD-1042", "quantity": 1}] * 11), "$.products",
                             "more than maxItems")
        self.assertInvalidAt(variant(products={"sku": "KBD-1042"}), "$.products", "an object is not an array")
        self.assertTrue(self.errors(["a"], {"type": "array", "minItems": 2}), "fewer than minItems")

    def test_every_error_is_reported(self):
        bad = variant(priority=9, category="refund", summary=None)
        self.assertGreaterEqual(len(self.errors(bad)), 3, "report all problems at once, so one repair can fix them all")


class ExtractTest(unittest.TestCase):
    def test_plain_fenced_and_wrapped(self):
        text = json.dumps(GOOD)
        self.assertEqual(exercise.extract_json(text), GOOD)
        self.assertEqual(exercise.extract_json(f"```json\n{text}\n```"), GOOD, "inside a ```json fence")
        self.assertEqual(exercise.extract_json(f"```\n{text}\n```"), GOOD, "inside a bare ``` fence")
        self.assertEqual(exercise.extract_json(f"Sure! Here is the record:\n{text}\nAnything else?"), GOOD,
                         "prose around the object: from the first { to the last }")

    def test_failures_raise_value_error(self):
        for text in ("No JSON here.", '{"a": 1,}', '{"a": [1, 2', "[1, 2, 3]"):
            with self.assertRaises(ValueError, msg=f"{text!r} should raise ValueError"):
                exercise.extract_json(text)


class PromptTest(unittest.TestCase):
    def test_system_prompt_carries_the_schema(self):
        prompt = exercise.build_system_prompt(TICKET_SCHEMA)
        self.assertIn("JSON", prompt)
        names = ["customer", "name", "email", "category", "priority", "products", "sku", "quantity",
                 "refund_requested", "summary", "billing", "shipping", "technical", "account", "other"]
        missing = [n for n in names if n not in prompt]
        self.assertEqual(missing, [], "the system prompt should state the schema: every property and enum value")

    def test_repair_message_lists_every_error(self):
        errors = ["$.priority: expected integer", "$: missing required property 'summary'"]
        text = exercise.repair_message(errors)
        for e in errors:
            self.assertIn(e, text, "every error goes back to the model, word for word")


def ticket_text(n):
    return f"Ticket #{n}\nFrom: Ana Silva <ana.silva@example.com>\nI was charged twice for 2 x KBD-1042."


class FakeTicketModel:
    """Breaks its JSON in a different way depending on the ticket number n (n % 10), and repairs it
    only when the repair message names the problem. Ticket 49 and 99 are never repaired."""

    def __init__(self, test):
        self.test, self.calls = test, 0

    def __call__(self, messages):
        self.calls += 1
        t = self.test
        t.assertEqual(messages[0]["role"], "system", "the first message is the system prompt")
        t.assertIn("summary", messages[0]["content"], "the system prompt states the schema")
        t.assertEqual(messages[1]["role"], "user")
        n = int(re.search(r"Ticket #(\d+)", messages[1]["content"]).group(1))
        turn = (len(messages) - 2) // 2          # 0 on the first attempt, 1 after one repair, …
        t.assertEqual(len(messages), 2 + 2 * turn, "each repair adds exactly one assistant and one user message")
        if turn:
            t.assertEqual([m["role"] for m in messages[-2:]], ["assistant", "user"],
                          "a repair sends the model's own reply back as 'assistant', then the errors as 'user'")
        repair = messages[-1]["content"] if turn else ""
        good = json.dumps(GOOD)
        kind = n % 10
        if n in (49, 99):
            return '{"customer": {"name": "Ana"'                          # always cut off
        if kind in (0, 8, 9):
            return good
        if kind == 1:
            return f"```json\n{json.dumps(GOOD, indent=2)}\n```"
        if kind == 2:
            return f"Here is the JSON you asked for:\n{good}\nLet me know if you need anything else."
        if kind == 3:
            return good if turn else good[:-1] + ',}'                      # a trailing comma
        if kind == 4:
            return good if "priority" in repair else json.dumps(variant(priority="high"))
        if kind == 5:
            fixed = "summary" in repair and "sku" in repair
            return good if fixed else json.dumps(variant(summary=None, products=[{"sku": "kbd-1042", "quantity": 2}]))
        if kind == 6:
            return good if "sentiment" in repair else json.dumps(variant(sentiment="angry"))
        if kind == 7:
            return good if turn >= 2 else good[:40]                       # cut off twice, then complete
        raise AssertionError("unreachable")


EXPECTED_ATTEMPTS = {0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 2, 7: 3, 8: 1, 9: 1}


class RepairLoopTest(unittest.TestCase):
    def test_each_kind_of_breakage(self):
        for n in range(10):
            fake = FakeTicketModel(self)
            value, attempts = exercise.get_valid_json(fake, ticket_text(n), TICKET_SCHEMA)
            self.assertEqual(value, GOOD, f"ticket {n}: the final object")
            self.assertEqual(attempts, EXPECTED_ATTEMPTS[n], f"ticket {n} (kind {n % 10}): number of attempts")
            self.assertEqual(fake.calls, attempts, "one model call per attempt")

    def test_gives_up_after_max_attempts(self):
        fake = FakeTicketModel(self)
        with self.assertRaises(exercise.InvalidJSONError) as caught:
            exercise.get_valid_json(fake, ticket_text(49), TICKET_SCHEMA, max_attempts=3)
        self.assertEqual(fake.calls, 3, "exactly max_attempts calls, then give up")
        self.assertEqual(caught.exception.attempts, 3)
        fake = FakeTicketModel(self)
        with self.assertRaises(exercise.InvalidJSONError):
            exercise.get_valid_json(fake, ticket_text(7), TICKET_SCHEMA, max_attempts=2)
        self.assertEqual(fake.calls, 2)

    def test_one_hundred_tickets(self):
        valid = first_try = attempts_total = 0
        for n in range(100):
            fake = FakeTicketModel(self)
            try:
                value, attempts = exercise.get_valid_json(fake, ticket_text(n), TICKET_SCHEMA)
            except exercise.InvalidJSONError:
                attempts_total += 3
                continue
            self.assertEqual(exercise.validate(value, TICKET_SCHEMA), [])
            valid += 1
            first_try += attempts == 1
            attempts_total += attempts
        log_metric("valid_json", valid)
        log_metric("valid_first_try", first_try)
        log_metric("mean_attempts", attempts_total / 100)
        self.assertEqual(first_try, 48, "kinds 0, 1, 2, 8, 9 are valid at once: 50 tickets, less 49 and 99")
        self.assertEqual(valid, 98, "every ticket but 49 and 99 ends valid within 3 attempts")


if __name__ == "__main__":
    unittest.main()
