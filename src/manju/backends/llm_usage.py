"""Token accounting for the language model: what a piece of work cost, per 1,000 characters.

An OpenAI-compatible server reports ``usage`` (``prompt_tokens``, ``completion_tokens``) with
each reply; :class:`manju.backends.openai_llm.OpenAILLM` adds them up in its ``stats``. A server
that leaves ``usage`` out gets an estimate from the text (:func:`estimate_tokens`) and the
report says so (``estimated``: how many replies were estimated).

A stage measures its own cost as the difference of two :func:`snapshot` calls around its work
and records :func:`report`'s dict in the project's metadata.
"""

from __future__ import annotations

import re
from typing import Any

#: The counters an ``llm`` backend keeps in ``stats`` (all ints).
COUNTERS = ("requests", "cache_hits", "prompt_tokens", "completion_tokens", "cached_tokens",
            "estimated")
# CJK ideographs, kana and hangul: about one token each in current tokenizers.
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: Tokens added per chat message by the wire format (role, separators).
PER_MESSAGE = 4


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate of ``text``'s token count: one per CJK character, one per
    four other characters (the rule of thumb for English in the GPT tokenizers)."""
    if not text:
        return 0
    wide = len(_WIDE.findall(text))
    return wide + (len(text) - wide + 3) // 4


def estimate_messages(messages: list[dict[str, Any]]) -> int:
    """Estimated prompt tokens of a chat request's ``messages``."""
    total = 0
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            content = "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        total += PER_MESSAGE + estimate_tokens(str(content or ""))
    return total


def snapshot(llm: Any) -> dict[str, int] | None:
    """The backend's counters now (None for a backend that keeps no token counts)."""
    stats = getattr(llm, "stats", None)
    if not isinstance(stats, dict) or "prompt_tokens" not in stats:
        return None
    return {k: int(stats.get(k, 0)) for k in COUNTERS}


def report(before: dict[str, int] | None, after: dict[str, int] | None, chars: int) -> dict[str, Any]:
    """What the work between two snapshots cost: the counters' differences plus ``tokens``
    (prompt + completion, the cached answers' original cost included) and
    ``tokens_per_1k_chars`` of source. ``billed_tokens`` leaves out answers served from the
    cache. Empty when the backend keeps no counts."""
    if before is None or after is None:
        return {}
    d = {k: after[k] - before[k] for k in COUNTERS}
    billed = d["prompt_tokens"] + d["completion_tokens"]
    tokens = billed + d["cached_tokens"]
    return {**d, "billed_tokens": billed, "tokens": tokens, "chars": chars,
            "tokens_per_1k_chars": round(1000.0 * tokens / chars, 1) if chars else 0.0}


def describe(usage: dict[str, Any]) -> str:
    """One line for the terminal: ``"12,345 tokens (210.3 per 1,000 characters) in 3 requests"``."""
    if not usage:
        return "tokens not counted by this backend"
    parts = [f"{usage['tokens']:,} tokens ({usage['tokens_per_1k_chars']:,.1f} per 1,000 characters) "
             f"in {usage['requests']} {'request' if usage['requests'] == 1 else 'requests'}"]
    if usage.get("cache_hits"):
        parts.append(f"{usage['cache_hits']} answers from the cache (not billed again)")
    if usage.get("estimated"):
        parts.append(f"{usage['estimated']} replies without usage: their tokens are estimated")
    return "; ".join(parts)
