"""``llm.openai``: any OpenAI-compatible chat-completions server as manju's optional language model.

Works with OpenAI itself and with the many servers that speak the same API (DeepSeek, Qwen /
DashScope compatible mode, Moonshot, Ollama, vLLM, llama.cpp's server, LM Studio, ...). It is
never required: every stage has an offline path and uses this backend only when configured.

Configuration comes from explicit arguments first, then the environment:

=================  ===========================================  ==============================
setting            environment (first set wins)                 default
=================  ===========================================  ==============================
``base_url``       ``MANJU_LLM_BASE_URL``, ``OPENAI_BASE_URL``  ``https://api.openai.com/v1``
``api_key``        ``MANJU_LLM_API_KEY``, ``OPENAI_API_KEY``    none (local servers need none)
``model``          ``MANJU_LLM_MODEL``, ``OPENAI_MODEL``        ``gpt-4o-mini`` on api.openai.com
=================  ===========================================  ==============================

What it does for every :meth:`OpenAILLM.complete_json` call:

- POST ``{base_url}/chat/completions`` asking for ``response_format`` ``json_schema``; if the
  server rejects that it falls back to ``json_object`` and then to a plain request (the schema
  is always also stated in a system message), and remembers what worked.
- Retries with exponential backoff on 429, 5xx, timeouts and dropped connections, honouring a
  ``Retry-After`` header.
- Caches every validated answer on disk under a hash of (config, messages, schema), so a
  re-run never re-bills.
- Repairs malformed JSON (code fences, prose around it, trailing commas, truncated brackets),
  validates it against the pydantic schema and, if that still fails, asks the model once to fix
  its reply; after that it raises :class:`LLMOutputError`.

The API key is never stored in ``config``, in the cache or in an error message.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from manju.errors import BackendError

ENV_BASE_URL = ("MANJU_LLM_BASE_URL", "OPENAI_BASE_URL")
ENV_API_KEY = ("MANJU_LLM_API_KEY", "OPENAI_API_KEY")
ENV_MODEL = ("MANJU_LLM_MODEL", "OPENAI_MODEL")
DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
#: HTTP statuses worth retrying (plus every 5xx).
RETRY_STATUS = frozenset({408, 409, 425, 429})
#: Response formats tried in order until the server accepts one.
FORMATS = ("json_schema", "json_object", "none")
MAX_RETRY_AFTER = 120.0


class LLMOutputError(BackendError):
    """The model's reply could not be turned into the requested schema, even after a repair."""


class FrozenConfig(dict):  # type: ignore[type-arg]
    """A read-only dict: the backend's recorded config (JSON-able, compares like a dict)."""

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a backend's config is frozen")

    __setitem__ = __delitem__ = _readonly  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]

    def __ior__(self, other: Any) -> FrozenConfig:  # type: ignore[override,misc]
        raise TypeError("a backend's config is frozen")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(self, sort_keys=True, default=str))


# ----------------------------------------------------------------------------- JSON repair

_FENCE = re.compile(r"```[ \t]*(?:json|JSON|json5)?[ \t]*\n?(.*?)```", re.DOTALL)


def _scan(text: str) -> tuple[list[tuple[int, tuple[str, ...]]], tuple[str, ...], bool, str]:
    """Walk JSON text outside strings: (structural commas with the closer stack there, final
    closer stack, whether the text ends inside a string, text with trailing commas removed)."""
    out: list[str] = []
    stack: list[str] = []
    commas: list[tuple[int, tuple[str, ...]]] = []
    in_str = esc = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
            out.append(ch)
        elif ch in "}]":
            if ch not in stack:
                i += 1
                continue  # a stray closer: drop it
            while stack and stack[-1] != ch:
                out.append(stack.pop())  # close what the model forgot to close
            stack.pop()
            out.append(ch)
        elif ch == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] in "}]":
                i += 1
                continue  # a trailing comma: drop it
            commas.append((len(out), tuple(stack)))
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return commas, tuple(stack), in_str, "".join(out)


def _close(text: str, stack: tuple[str, ...]) -> str:
    return text + "".join(reversed(stack))


def repair_json(text: str) -> Any:
    """Parse JSON from a model's reply, repairing the usual damage.

    Handles code fences, prose before or after the object, trailing commas and a reply cut
    off mid-way (open strings and brackets are closed; an incomplete last element is dropped
    if needed). Raises ``ValueError`` when nothing usable is left.
    """
    t = text.strip().lstrip("\ufeff")
    m = _FENCE.search(t)
    if m:
        t = m.group(1).strip()
    elif t.startswith("```"):  # an opening fence whose reply was cut off
        t = re.sub(r"\A```[ \t]*\w*[ \t]*\n?", "", t)
    try:
        return json.loads(t)
    except ValueError:
        pass
    starts = [k for k in (t.find("{"), t.find("[")) if k >= 0]
    if not starts:
        raise ValueError("the reply contains no JSON object")
    t = t[min(starts):]
    decoder = json.JSONDecoder()
    commas, stack, in_str, fixed = _scan(t)
    for candidate in (t, fixed):
        try:
            return decoder.raw_decode(candidate)[0]  # ignores prose after the object
        except ValueError:
            pass
    # Truncated: close what is open, dropping incomplete trailing elements one at a time.
    tail = fixed + ('"' if in_str else "")
    if in_str and fixed.endswith("\\"):
        tail = fixed[:-1] + '"'
    tries = [_close(tail, stack)]
    stripped = tail.rstrip()
    if stripped.endswith(":"):
        tries.append(_close(stripped + " null", stack))
    for pos, st in reversed(commas[-200:]):
        tries.append(_close(fixed[:pos], st))
    for candidate in tries:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise ValueError("the reply is not valid JSON and could not be repaired")


def _short_error(err: Exception) -> str:
    """One line describing a parse or validation failure."""
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or "(root)"
        more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
        return f"{loc}: {first.get('msg', 'invalid')}{more}"
    return " ".join(str(err).split())[:300]


def parse_reply(text: str, schema: type[BaseModel]) -> BaseModel:
    """Repair and validate a reply against ``schema`` (``ValueError``/``ValidationError``)."""
    data = repair_json(text)
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        data = data[0]  # some models wrap the object in a list
    return schema.model_validate(data)


# ----------------------------------------------------------------------------- the backend


def _env(env: Mapping[str, str], names: tuple[str, ...]) -> str:
    for n in names:
        v = env.get(n, "").strip()
        if v:
            return v
    return ""


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(raw: bytes) -> str:
    """The one-line error message from an OpenAI-style error body."""
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
        err = data.get("error", data) if isinstance(data, dict) else data
        msg = err.get("message", "") if isinstance(err, dict) else str(err)
    except ValueError:
        msg = raw.decode("utf-8", "replace")
    return " ".join(str(msg).split())[:240]


def _is_loopback(url: str) -> bool:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _schema_name(schema: type[BaseModel]) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", schema.__name__)[:64] or "reply"


class _RequestRejected(Exception):
    """A 4xx the server will repeat (bad request, unsupported option)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class OpenAILLM:
    """``llm.openai``: JSON completions from an OpenAI-compatible chat-completions endpoint.

    ``config`` (base_url, model, temperature, max_tokens) is frozen and recorded with what the
    model produces; the API key is kept apart and never recorded. ``stats`` counts ``requests``
    sent, ``cache_hits``, the ``prompt_tokens`` and ``completion_tokens`` the server reported
    (estimated from the text for a reply without ``usage``, counted in ``estimated``) and
    ``cached_tokens``, what the answers served from the cache cost when first asked (see
    :mod:`manju.backends.llm_usage`). Nothing touches the network until :meth:`complete_json`
    is called.
    """

    name = "openai"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, *, temperature: float = 0.2,
                 max_tokens: int | None = None, timeout: float = 120.0, retries: int = 4,
                 backoff: float = 1.0, max_backoff: float = 30.0,
                 cache_dir: str | Path | None = None, env: Mapping[str, str] | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        env = os.environ if env is None else env
        base = (base_url or _env(env, ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
        if base.endswith("/chat/completions"):
            base = base[: -len("/chat/completions")]
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"llm.openai: the base URL must start with http:// or https://, not {base!r}")
        key = api_key if api_key is not None else _env(env, ENV_API_KEY)
        official = urllib.parse.urlsplit(base).hostname == "api.openai.com"
        mdl = model or _env(env, ENV_MODEL) or (DEFAULT_MODEL if official else "")
        if not mdl:
            raise BackendError(f"llm.openai: no model configured for {base}; set MANJU_LLM_MODEL "
                               "(e.g. qwen2.5:7b for Ollama)")
        if official and not key:
            raise BackendError("llm.openai: no API key; set MANJU_LLM_API_KEY or OPENAI_API_KEY")
        self._api_key = key
        self.config: dict[str, Any] = FrozenConfig(
            base_url=base, model=mdl, temperature=float(temperature), max_tokens=max_tokens)
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.cache_dir = Path(cache_dir) if cache_dir else _default_cache(env)
        self.stats = {"requests": 0, "cache_hits": 0, "prompt_tokens": 0, "completion_tokens": 0,
                      "cached_tokens": 0, "estimated": 0}
        self._sleep = sleep or time.sleep
        self._format = FORMATS[0]
        self._opener = (urllib.request.build_opener(urllib.request.ProxyHandler({}))
                        if _is_loopback(base) else urllib.request.build_opener())

    def __repr__(self) -> str:
        return f"OpenAILLM(base_url={self.config['base_url']!r}, model={self.config['model']!r})"

    # -- public ----------------------------------------------------------------------------
    def complete_json(self, messages: list[dict[str, Any]], schema: type[BaseModel]) -> BaseModel:
        """Ask the model for one JSON object matching ``schema`` and return it validated.

        Cached answers are returned without a request. Raises :class:`LLMOutputError` when the
        reply stays invalid after one repair request, ``BackendError`` when the server fails.
        """
        from manju.cache import content_hash

        key = content_hash(dict(self.config), messages, schema.model_json_schema())
        hit = self._cache_get(key, schema)
        if hit is not None:
            return hit
        spent = self.stats["prompt_tokens"] + self.stats["completion_tokens"]
        reply = self._chat(messages, schema)
        try:
            result = parse_reply(reply, schema)
        except (ValueError, ValidationError) as err:
            fix = [*messages, {"role": "assistant", "content": reply[:20000]},
                   {"role": "user", "content": (
                       f"Your reply could not be used ({_short_error(err)}). Reply again with only "
                       "the complete, corrected JSON object that matches the schema.")}]
            reply = self._chat(fix, schema)
            try:
                result = parse_reply(reply, schema)
            except (ValueError, ValidationError) as err2:
                raise LLMOutputError(
                    f"llm.openai: the model's reply is not a valid {schema.__name__} even after a "
                    f"repair request ({_short_error(err2)})") from None
        self._cache_put(key, result,
                        self.stats["prompt_tokens"] + self.stats["completion_tokens"] - spent)
        return result

    def complete_tools(self, messages: list[dict[str, Any]],
                       tools: list[dict[str, Any]]) -> dict[str, Any]:
        """Offer ``tools`` (OpenAI function definitions) and return the model's message:
        ``{"content": str | None, "tool_calls": [{"id", "name", "arguments"}]}`` where
        ``arguments`` is the raw JSON text the model wrote (the caller validates it).

        The same messages and tools are answered from the cache without a request.
        """
        from manju.cache import content_hash

        key = content_hash(dict(self.config), "tools", messages, tools)
        path = self._cache_file(key)
        try:
            blob = json.loads(path.read_text(encoding="utf-8"))
            cached = blob["message"]
            self.stats["cache_hits"] += 1
            self.stats["cached_tokens"] += int(blob.get("tokens", 0))
            return dict(cached)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        body: dict[str, Any] = {"model": self.config["model"], "messages": messages,
                                "temperature": self.config["temperature"],
                                "tools": [{"type": "function", "function": t} for t in tools],
                                "tool_choice": "auto"}
        if self.config["max_tokens"]:
            body["max_tokens"] = self.config["max_tokens"]
        spent = self.stats["prompt_tokens"] + self.stats["completion_tokens"]
        try:
            data = self._post(body)
        except _RequestRejected as rej:
            raise BackendError(f"llm.openai: HTTP {rej.status} from {self.config['base_url']}: "
                               f"{rej.message or 'request rejected'} (does the model support "
                               "tools / function calling?)") from None
        try:
            msg = data["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise BackendError(f"llm.openai: unexpected reply from {self.config['base_url']} "
                               "(no choices[0].message)") from None
        calls: list[dict[str, str]] = []
        for c in msg.get("tool_calls") or []:
            fn = c.get("function") or {}
            raw = fn.get("arguments")
            calls.append({"id": str(c.get("id") or f"call_{len(calls)}"),
                          "name": str(fn.get("name") or ""),
                          "arguments": raw if isinstance(raw, str) else json.dumps(raw or {})})
        content = msg.get("content")
        out = {"content": content if isinstance(content, str) else None, "tool_calls": calls}
        self._count(data, messages, json.dumps(out, ensure_ascii=False))
        tokens = self.stats["prompt_tokens"] + self.stats["completion_tokens"] - spent
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps({"config": dict(self.config), "message": out,
                                       "tokens": tokens}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache costs money on a re-run, never correctness
        return out

    # -- cache -----------------------------------------------------------------------------
    def _cache_file(self, key: str) -> Path:
        return self.cache_dir / f"{key}.json"

    def _cache_get(self, key: str, schema: type[BaseModel]) -> BaseModel | None:
        path = self._cache_file(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            value = schema.model_validate(data["value"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None
        self.stats["cache_hits"] += 1
        self.stats["cached_tokens"] += int(data.get("tokens", 0) or 0)
        return value

    def _cache_put(self, key: str, value: BaseModel, tokens: int = 0) -> None:
        path = self._cache_file(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            blob = {"config": dict(self.config), "value": value.model_dump(mode="json", by_alias=True),
                    "tokens": tokens}
            tmp.write_text(json.dumps(blob, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache costs money on a re-run, never correctness

    # -- requests --------------------------------------------------------------------------
    def _payload(self, messages: list[dict[str, Any]], schema: type[BaseModel], fmt: str) -> dict[str, Any]:
        spec = json.dumps(schema.model_json_schema(), ensure_ascii=False)
        guide = {"role": "system", "content": (
            "Reply with exactly one JSON object and nothing else (no prose, no code fences). "
            f"It must match this JSON Schema:\n{spec}")}
        # The schema goes into the leading system message: some chat templates refuse a system
        # message anywhere but first.
        if messages and messages[0].get("role") == "system" and isinstance(messages[0].get("content"), str):
            first = {**messages[0], "content": f"{messages[0]['content']}\n\n{guide['content']}"}
            wire = [first, *messages[1:]]
        else:
            wire = [guide, *messages]
        body: dict[str, Any] = {"model": self.config["model"], "messages": wire,
                                "temperature": self.config["temperature"]}
        if self.config["max_tokens"]:
            body["max_tokens"] = self.config["max_tokens"]
        if fmt == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": _schema_name(schema), "schema": schema.model_json_schema(), "strict": False}}
        elif fmt == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def _chat(self, messages: list[dict[str, Any]], schema: type[BaseModel]) -> str:
        """One completion's text, stepping down the response formats the server rejects."""
        start = FORMATS.index(self._format)
        for fmt in FORMATS[start:]:
            body = self._payload(messages, schema, fmt)
            try:
                data = self._post(body)
            except _RequestRejected as rej:
                if fmt != FORMATS[-1] and rej.status in (400, 404, 415, 422, 501):
                    continue  # most likely response_format: try a simpler one
                raise BackendError(f"llm.openai: HTTP {rej.status} from {self.config['base_url']}: "
                                   f"{rej.message or 'request rejected'}") from None
            self._format = fmt
            content = ""
            try:
                content = self._content(data)
            finally:  # an empty or refused reply is billed too
                self._count(data, body["messages"], content)
            return content
        raise AssertionError("unreachable")

    def _count(self, data: Any, wire: list[dict[str, Any]], content: str) -> None:
        """Add a reply's ``usage`` to ``stats``; estimate it from the text when it is missing."""
        from manju.backends.llm_usage import estimate_messages, estimate_tokens

        usage = data.get("usage") if isinstance(data, dict) else None
        try:
            prompt = int(usage["prompt_tokens"])  # type: ignore[index]
            completion = int(usage.get("completion_tokens") or 0)  # type: ignore[union-attr]
        except (KeyError, TypeError, ValueError):
            prompt, completion = estimate_messages(wire), estimate_tokens(content)
            self.stats["estimated"] += 1
        self.stats["prompt_tokens"] += max(0, prompt)
        self.stats["completion_tokens"] += max(0, completion)

    def _content(self, data: Any) -> str:
        try:
            choice = data["choices"][0]
            msg = choice["message"]
        except (KeyError, IndexError, TypeError):
            raise BackendError(f"llm.openai: unexpected reply from {self.config['base_url']} "
                               "(no choices[0].message)") from None
        content = msg.get("content")
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        if not content:
            refusal = msg.get("refusal") or "the reply was empty"
            raise LLMOutputError(f"llm.openai: {' '.join(str(refusal).split())[:200]}")
        return str(content)

    def _post(self, body: dict[str, Any]) -> Any:
        """POST with retries; returns the decoded JSON reply."""
        url = f"{self.config['base_url']}/chat/completions"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": "manju"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        problem = ""
        for attempt in range(self.retries + 1):
            wait = min(self.max_backoff, self.backoff * 2 ** attempt)
            req = urllib.request.Request(url, data=data, headers=headers, method="POST")
            self.stats["requests"] += 1
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    raw = resp.read()
                try:
                    return json.loads(raw.decode("utf-8"))
                except ValueError:
                    problem = "the server's reply is not JSON"
            except urllib.error.HTTPError as e:
                raw = e.read() if e.fp else b""
                msg = _server_message(raw)
                if e.code in (401, 403):
                    raise BackendError(f"llm.openai: {self.config['base_url']} refused the API key "
                                       f"(HTTP {e.code}); check MANJU_LLM_API_KEY") from None
                if e.code not in RETRY_STATUS and e.code < 500:
                    raise _RequestRejected(e.code, msg) from None
                problem = f"HTTP {e.code}{': ' + msg if msg else ''}"
                after = retry_after(e.headers.get("Retry-After") if e.headers else None)
                if after is not None:
                    wait = min(after, MAX_RETRY_AFTER)
            except TimeoutError:
                problem = f"no reply within {self.timeout:g} s"
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    problem = f"no reply within {self.timeout:g} s"
                elif isinstance(reason, ConnectionRefusedError) or isinstance(reason, socket.gaierror):
                    raise BackendError(f"llm.openai: cannot reach {self.config['base_url']} "
                                       f"({getattr(reason, 'strerror', None) or reason})") from None
                else:
                    problem = f"connection failed ({reason})"
            except (OSError, http.client.HTTPException) as e:
                problem = f"connection failed ({e.__class__.__name__})"
            if attempt < self.retries:
                self._sleep(wait)
        raise BackendError(f"llm.openai: {self.config['base_url']} failed after "
                           f"{self.retries + 1} attempts: {problem}")


def _default_cache(env: Mapping[str, str]) -> Path:
    """``$MANJU_LLM_CACHE``, else ``$XDG_CACHE_HOME/manju/llm`` (``~/.cache/manju/llm``)."""
    if env.get("MANJU_LLM_CACHE"):
        return Path(env["MANJU_LLM_CACHE"])
    root = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "manju" / "llm"


def llm_enabled(flag: bool = False, env: Mapping[str, str] | None = None) -> str | None:
    """Which ``llm`` backend the user asked for, or None: ``--llm`` (``flag``) or the ``MANJU_LLM``
    variable (``1``/``on`` → ``openai``, ``0``/``off`` → none, any other value names a backend)."""
    env = os.environ if env is None else env
    value = env.get("MANJU_LLM", "").strip()
    low = value.lower()
    if low in ("0", "off", "no", "false", "none"):
        return "openai" if flag else None
    if low in ("", "1", "on", "yes", "true"):
        return "openai" if (flag or low) else None
    return value
