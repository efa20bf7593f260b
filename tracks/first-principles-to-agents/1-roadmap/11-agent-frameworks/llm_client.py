"""A tiny client for any OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio, a hosted
API), standard library only. It reads where to go from the environment:

    OPENAI_BASE_URL   e.g. http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1
    OPENAI_MODEL      the model name the server knows, e.g. llama3.2
    OPENAI_API_KEY    only if the server wants one

`trail check` passes these to your program when the check needs a model.
"""
import json
import os
import urllib.error
import urllib.request


class ModelError(RuntimeError):
    """The server answered with an error, or could not be reached."""


def _post(path, body, timeout):
    base = os.environ.get("OPENAI_BASE_URL")
    if not base:
        raise ModelError("OPENAI_BASE_URL is not set: point it at an OpenAI-compatible server")
    headers = {"content-type": "application/json"}
    key = os.environ.get("OPENAI_API_KEY")
    if key:
        headers["authorization"] = "Bearer " + key
    request = urllib.request.Request(base.rstrip("/") + path, json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise ModelError(f"{path}: HTTP {error.code}: {error.read().decode(errors='replace')[:200]}") from error
    except urllib.error.URLError as error:
        raise ModelError(f"{path}: cannot reach {base}: {error.reason}") from error


def chat(messages, model=None, temperature=0.0, timeout=120, **extra):
    """Sends a list of {"role", "content"} messages; returns the reply's text."""
    body = {"model": model or os.environ.get("OPENAI_MODEL", ""), "messages": messages, "temperature": temperature, **extra}
    answer = _post("/chat/completions", body, timeout)
    return answer["choices"][0]["message"]["content"]


def embed(texts, model=None, timeout=120):
    """Embeds a list of strings; returns one list of floats per string."""
    body = {"model": model or os.environ.get("OPENAI_EMBEDDING_MODEL") or os.environ.get("OPENAI_MODEL", ""), "input": list(texts)}
    answer = _post("/embeddings", body, timeout)
    return [item["embedding"] for item in sorted(answer["data"], key=lambda item: item["index"])]
