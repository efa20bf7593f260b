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
    if "type" in schema and not _type_ok(instance, schema["type"]):
        return [f"{path}: expected {schema['type']}, got {json.dumps(instance)}"]
    errors = []
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {json.dumps(instance)} is not one of {schema['enum']}")
    if "minimum" in schema and instance < schema["minimum"]:
        errors.append(f"{path}: {instance} is less than the minimum {schema['minimum']}")
    if "maximum" in schema and instance > schema["maximum"]:
        errors.append(f"{path}: {instance} is more than the maximum {schema['maximum']}")
    if "minLength" in schema and len(instance) < schema["minLength"]:
        errors.append(f"{path}: shorter than {schema['minLength']} characters")
    if "maxLength" in schema and len(instance) > schema["maxLength"]:
        errors.append(f"{path}: longer than {schema['maxLength']} characters")
    if "pattern" in schema and not re.search(schema["pattern"], instance):
        errors.append(f"{path}: {json.dumps(instance)} does not match the pattern {schema['pattern']}")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in instance:
                errors.append(f"{path}: missing required property '{name}'")
        for name, value in instance.items():
            if name in properties:
                errors += validate(value, properties[name], f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}.{name}: property '{name}' is not allowed")
    if isinstance(instance, list):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, item in enumerate(instance):
                errors += validate(item, schema["items"], f"{path}[{i}]")
    return errors


def extract_json(text):
    """The JSON object in a reply: the inside of a ``` fence if there is one, else the text from
    its first "{" to its last "}". Raises ValueError if there is none or it does not parse."""
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, flags=re.DOTALL)
    candidate = fenced.group(1) if fenced else text
    start, end = candidate.find("{"), candidate.rfind("}")
    if start == -1 or end < start:
        raise ValueError("the reply contains no JSON object")
    try:
        value = json.loads(candidate[start:end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"the JSON does not parse: {error}") from error
    if not isinstance(value, dict):
        raise ValueError("the reply's JSON is not an object")
    return value


def build_system_prompt(schema):
    """The system prompt: the task, the exact output rules, and the schema itself."""
    return (
        "You turn customer-support emails into a JSON record.\n"
        "Reply with ONE JSON object and nothing else: no prose before or after it, no Markdown fences, "
        "no comments. Use double quotes, no trailing commas.\n"
        "The object must be valid against this JSON Schema:\n"
        f"{json.dumps(schema, indent=2)}\n"
        "Rules: include every required property; add no other property; copy names, e-mail addresses and "
        "SKUs exactly as written; use an empty list when no product is mentioned; priority is an integer "
        "from 1 (can wait) to 5 (urgent); refund_requested is true only if the customer asks for money back; "
        "summary is one sentence of at most 200 characters."
    )


def repair_message(errors):
    """The user turn that sends the problems back: every error on its own line."""
    listed = "\n".join(f"- {e}" for e in errors)
    return (f"Your reply was not valid:\n{listed}\n"
            "Reply again with the complete corrected JSON object only.")


def get_valid_json(model, user_text, schema, max_attempts=3):
    """Ask for JSON, check it, and repair it in the same conversation. Returns (object, attempts).

    Attempt 1 sends [system prompt, user_text]. When a reply does not parse (ValueError) or does
    not validate, the reply is appended as an "assistant" message and repair_message(errors) as a
    "user" message, and the model is asked again. Raises InvalidJSONError after max_attempts.
    """
    messages = [{"role": "system", "content": build_system_prompt(schema)},
                {"role": "user", "content": user_text}]
    errors = []
    for attempt in range(1, max_attempts + 1):
        reply = model(messages)
        try:
            value = extract_json(reply)
            errors = validate(value, schema)
        except ValueError as error:
            errors = [str(error)]
        if not errors:
            return value, attempt
        messages = messages + [{"role": "assistant", "content": reply},
                               {"role": "user", "content": repair_message(errors)}]
    raise InvalidJSONError(errors, max_attempts)


def main():
    with open("data/tickets.jsonl") as f:
        ticket = json.loads(f.readline())
    print(ticket["text"], "\n")
    value, attempts = get_valid_json(llm_client.chat, ticket["text"], SCHEMA)
    print(f"valid after {attempts} attempt(s):")
    print(json.dumps(value, indent=2))


if __name__ == "__main__":
    main()
