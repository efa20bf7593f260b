"""Stage 08 — Prompting: get valid JSON for a non-trivial schema out of a language model, every time.

A system prompt that states the schema, a parser that finds the JSON in a reply, a validator for
the JSON Schema keywords the schema uses, and a repair loop that shows the model its own errors.

    python3 exercise.py        # one ticket through the model in OPENAI_BASE_URL / OPENAI_MODEL
    trail check prompting      # runs the tests, which use a scripted fake model instead

A model is any callable model(messages) -> reply text (default: llm_client.chat).
Standard library only (plus llm_client.py).
"""
import json
import re

import llm_client

SCHEMA = {
    "type": "object",
    "required": ["customer", "category", "priority", "products", "refund_requested", "summary"],
    "additionalProperties": False,
    "properties": {
        "customer": {
            "type": "object",
            "required": ["name", "email"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[a-z]+$"},
            },
        },
        "category": {"type": "string", "enum": ["billing", "shipping", "technical", "account", "other"]},
        "priority": {"type": "integer", "minimum": 1, "maximum": 5},
        "products": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sku", "quantity"],
                "additionalProperties": False,
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                    "quantity": {"type": "integer", "minimum": 1},
                },
            },
        },
        "refund_requested": {"type": "boolean"},
        "summary": {"type": "string", "minLength": 10, "maxLength": 200},
    },
}


class InvalidJSONError(Exception):
    """No valid reply within max_attempts; .errors are the last reply's problems."""

    def __init__(self, errors, attempts):
        super().__init__(f"no valid JSON after {attempts} attempts: {errors}")
        self.errors, self.attempts = errors, attempts


def _type_ok(value, expected):
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    python = {"object": dict, "array": list, "string": str, "boolean": bool}
    return value is None if expected == "null" else isinstance(value, python[expected])


def validate(instance, schema, path="$"):
    """Every way `instance` breaks `schema`, as a list of strings that start with the JSON path of
    the offending value ("$", "$.customer.email", "$.products[0].sku"); [] when it is valid.

    Keywords: type, enum, minimum, maximum, minLength, maxLength, pattern (re.search),
    properties, required, additionalProperties (False), items, minItems, maxItems.
    A value of the wrong type gets one error and is not checked further.
    """
    # TODO: type first (_type_ok; on a mismatch return that one error); then enum, minimum, maximum,
    #       minLength, maxLength, pattern; for a dict: required, then each property (recurse with
    #       f"{path}.{name}") or, if additionalProperties is False, an error for an unknown one;
    #       for a list: minItems, maxItems, and each item (recurse with f"{path}[{i}]").
    raise NotImplementedError("validate")


def extract_json(text):
    """The JSON object in a reply: the inside of a ``` fence if there is one, else the text from
    its first "{" to its last "}". Raises ValueError if there is none or it does not parse."""
    # TODO: re.search a ```json ... ``` (or ``` ... ```) fence with re.DOTALL; take its inside or the whole text;
    #       cut from the first "{" to the last "}"; json.loads; raise ValueError with a message on any failure
    raise NotImplementedError("extract_json")


def build_system_prompt(schema):
    """The system prompt: the task, the exact output rules, and the schema itself."""
    # TODO: say what to do, that the reply must be ONE JSON object and nothing else, and include the
    #       schema itself (json.dumps(schema, indent=2)) and any rules the schema cannot express
    raise NotImplementedError("build_system_prompt")


def repair_message(errors):
    """The user turn that sends the problems back: every error on its own line."""
    # TODO: a short message that lists every error, one per line, and asks for the corrected JSON only
    raise NotImplementedError("repair_message")


def get_valid_json(model, user_text, schema, max_attempts=3):
    """Ask for JSON, check it, and repair it in the same conversation. Returns (object, attempts).

    Attempt 1 sends [system prompt, user_text]. When a reply does not parse (ValueError) or does
    not validate, the reply is appended as an "assistant" message and repair_message(errors) as a
    "user" message, and the model is asked again. Raises InvalidJSONError after max_attempts.
    """
    # TODO: messages = [system, user]; up to max_attempts times: reply = model(messages); extract_json and
    #       validate (a ValueError becomes a one-error list); return (value, attempt) when there is no error;
    #       otherwise append the reply as "assistant" and repair_message(errors) as "user".
    #       After the last attempt raise InvalidJSONError(errors, max_attempts).
    raise NotImplementedError("get_valid_json")


def main():
    with open("data/tickets.jsonl") as f:
        ticket = json.loads(f.readline())
    print(ticket["text"], "\n")
    value, attempts = get_valid_json(llm_client.chat, ticket["text"], SCHEMA)
    print(f"valid after {attempts} attempt(s):")
    print(json.dumps(value, indent=2))


if __name__ == "__main__":
    main()
