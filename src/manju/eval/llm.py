"""Speaker attribution with the configured language model, next to the offline screenwriter.

``manju eval llm SET.jsonl [--mode review|whole] [--json]`` adapts every passage of a JSONL set
with the configured OpenAI-compatible model (see :mod:`manju.backends.openai_llm`) and scores
the speakers of its dialogue lines; the offline screenwriter is scored on the same passages,
and the tokens the model used are reported per 1,000 characters of text.

The set is the development set's format (:mod:`manju.eval.devset`), one JSON object a line::

    {"id": "zh_teahouse", "lang": "zh"|"en", "text": "...",
     "quotes": [{"text": "the quoted words", "speaker": "gold name"}, ...],
     "aliases": {"gold name": ["other names", ...]}}

``quotes`` lists every quotation that is speech or thought, in order, with the name of its
speaker (``"_none"`` for an unnamed voice or a crowd: right only when no speaker is given);
``aliases`` maps each gold name to the other names the text uses for that person, so a
predicted character whose name or alias matches counts. ``split`` and ``source`` may be there
and are ignored. ``manju eval dev --export FILE --split dev`` writes the development split in
this format; ``examples/speakers_dev.jsonl`` is a small set taken from it.

Scoring follows the development set's rules where a screenplay allows: gold quotations are
matched in order to the screenplay's dialogue lines by their letters (a quotation the
screenwriter cut into several lines matches its first line; punctuation is ignored), and the
line's speaker is mapped to a gold name through the character's name and aliases.
Modes: ``review`` (the offline screenplay, then the model checks the unsure speakers) and
``whole`` (the model writes the whole screenplay, ~6,000 characters a request).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from manju.doc.model import Project
from manju.errors import InputError

NONE = "_none"
MODES = ("review", "whole")


def load_set(path: Path | str) -> list[dict[str, Any]]:
    """The records of a JSONL set, checked (InputError names the bad line)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no evaluation set at {p}")
    out: list[dict[str, Any]] = []
    with open(p, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except ValueError:
                raise InputError(f"{p}:{n}: not a JSON object") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                raise InputError(f"{p}:{n}: a record needs a non-empty \"text\"")
            if rec.get("lang") not in ("en", "zh"):
                raise InputError(f"{p}:{n}: \"lang\" must be \"en\" or \"zh\"")
            quotes = rec.get("quotes")
            if not isinstance(quotes, list) or not all(
                    isinstance(q, dict) and isinstance(q.get("text"), str) and isinstance(q.get("speaker"), str)
                    for q in quotes):
                raise InputError(f"{p}:{n}: \"quotes\" must be a list of {{\"text\", \"speaker\"}}")
            if not isinstance(rec.get("aliases", {}), dict):
                raise InputError(f"{p}:{n}: \"aliases\" must map a name to a list of names")
            rec.setdefault("id", f"line{n}")
            rec.setdefault("aliases", {})
            out.append(rec)
    if not out:
        raise InputError(f"{p} holds no records")
    return out


def _letters(s: str) -> str:
    return "".join(ch.lower() for ch in s if ch.isalnum())


def score(project: Project, rec: dict[str, Any]) -> dict[str, Any]:
    """Score a screenplay's speakers against a record's gold quotations:
    ``{"total", "correct", "errors": [{"n", "quote", "gold", "pred"}]}``."""
    from manju.eval.devset import _mapper

    amap = _mapper(rec)
    chars = {c.id: c for c in project.characters}
    said = [(_letters(ln.text), ln.speaker) for ln in project.lines() if ln.kind == "dialogue"]
    j = correct = 0
    errors: list[dict[str, Any]] = []
    for n, g in enumerate(rec["quotes"]):
        want = _letters(g["text"])
        k = next((k for k in range(j, len(said)) if said[k][0] == want), None) if want else None
        if k is None and want:  # cut into pieces, or merged with a neighbour
            k = next((k for k in range(j, min(len(said), j + 4)) if said[k][0]
                      and (want.startswith(said[k][0]) or want in said[k][0])), None)
        spk = said[k][1] if k is not None else None
        if k is not None:
            j = k + 1
            if said[k][0] != want and want.startswith(said[k][0]):
                rest = want[len(said[k][0]):]
                while j < len(said) and said[j][0] and rest.startswith(said[j][0]):
                    rest = rest[len(said[j][0]):]  # the rest of the same quotation
                    j += 1
            elif said[k][0] != want:
                j = k  # our line holds this gold quotation and more
        pred = None
        if spk is not None and spk in chars:
            c = chars[spk]
            pred = amap(c.name, list(c.aliases))
        ok = (k is not None and spk is None) if g["speaker"] == NONE else (pred is not None and pred == g["speaker"])
        correct += ok
        if not ok:
            errors.append({"n": n, "quote": g["text"][:40], "gold": g["speaker"],
                           "pred": chars[spk].name if spk in chars else None if k is not None else "unmatched"})
    return {"total": len(rec["quotes"]), "correct": correct, "errors": errors}


def _project(rec: dict[str, Any]) -> Project:
    from manju.stages.ingest import source_from_text

    src = source_from_text(rec["text"], path=f"{rec['id']}.txt")
    src.lang = rec["lang"]
    return Project(source=src, lang=rec["lang"])


def evaluate(records: list[dict[str, Any]], llm: Any, mode: str = "review",
             threshold: float | None = None) -> dict[str, Any]:
    """Offline and language-model accuracy on ``records``, and the model's tokens (``threshold``:
    the confidence below which the review mode asks about a line; default the screenwriter's).

    Returns ``{"mode", "backend", "texts": {id: {...}}, "offline": {"accuracy", "quotes"},
    "llm": {"accuracy", "quotes"}, "usage": {"tokens", "chars", "tokens_per_1k_chars",
    "requests", "estimated", ...}}``.
    """
    from manju.backends.llm_usage import COUNTERS
    from manju.stages.adapt import adapt

    if mode not in MODES:
        raise InputError(f"--mode must be review or whole, not {mode!r}")
    texts: dict[str, dict[str, Any]] = {}
    totals = {"offline": [0, 0], "llm": [0, 0]}
    usage: dict[str, int] = {k: 0 for k in (*COUNTERS, "tokens", "billed_tokens", "chars")}
    counted = True
    for rec in records:
        offline = adapt(_project(rec))
        if mode == "review":
            from manju.stages.llm_review import review_with_llm

            judged = review_with_llm(offline.model_copy(deep=True), llm, threshold=threshold)
            meta = judged.metadata["llm_review"]
        else:
            from manju.stages.llm_adapt import adapt_with_llm

            judged = adapt_with_llm(_project(rec), llm)
            meta = judged.metadata["llm_adapt"]
        off, got = score(offline, rec), score(judged, rec)
        use = meta.get("usage") or {}
        counted = counted and bool(use)
        for k in usage:
            usage[k] += int(use.get(k, 0) or 0)
        for key, r in (("offline", off), ("llm", got)):
            totals[key][0] += r["correct"]
            totals[key][1] += r["total"]
        row: dict[str, Any] = {"lang": rec["lang"], "quotes": off["total"], "chars": len(rec["text"]),
                               "offline": off["correct"] / off["total"] if off["total"] else 0.0,
                               "llm": got["correct"] / got["total"] if got["total"] else 0.0,
                               "tokens": int(use.get("tokens", 0) or 0)}
        if mode == "review":
            row.update({k: meta.get(k, 0) for k in ("quotes", "changed", "kept")})
            row["asked"] = row.pop("quotes")
            row["quotes"] = off["total"]
        texts[rec["id"]] = row
    chars = usage["chars"]
    return {
        "mode": mode,
        "backend": f"llm.{getattr(llm, 'name', 'unknown')}",
        "model": (getattr(llm, "config", {}) or {}).get("model"),
        "texts": texts,
        **{key: {"accuracy": c / n if n else 0.0, "quotes": n} for key, (c, n) in totals.items()},
        "usage": ({**usage, "tokens_per_1k_chars": round(1000.0 * usage["tokens"] / chars, 1) if chars else 0.0}
                  if counted else {}),
    }


def load_model(cache_dir: Path | None = None) -> Any:
    """The configured language model, or InputError saying how to configure one."""
    import os

    from manju.backends.openai_llm import (
        ENV_API_KEY,
        ENV_BASE_URL,
        ENV_MODEL,
        OpenAILLM,
        llm_enabled,
    )

    name = llm_enabled(True)
    if name == "openai":
        if not any(os.environ.get(v, "").strip() for v in (*ENV_BASE_URL, *ENV_MODEL, *ENV_API_KEY)):
            raise InputError("no language model configured: set MANJU_LLM_BASE_URL and MANJU_LLM_MODEL "
                             "(and MANJU_LLM_API_KEY for a paid service), or use --fake; see docs/llm.md")
        return OpenAILLM(cache_dir=cache_dir)
    from manju.backends import registry

    return registry.load("llm", str(name))


def _print(res: dict[str, Any]) -> None:
    print(f"model: {res['backend']} {res.get('model') or ''}   mode: {res['mode']}")
    print(f"{'text':16} {'lang':4} {'quotes':>6} {'offline':>8} {'model':>7} {'tokens':>8}")
    for tid, r in res["texts"].items():
        print(f"{tid:16} {r['lang']:4} {r['quotes']:6d} {r['offline']:8.1%} {r['llm']:7.1%} {r['tokens']:8d}")
    print()
    print(f"offline       {res['offline']['quotes']:6d} {res['offline']['accuracy']:7.1%}")
    print(f"with model    {res['llm']['quotes']:6d} {res['llm']['accuracy']:7.1%}")
    u = res["usage"]
    if u:
        est = f"; {u['estimated']} replies without usage, estimated" if u.get("estimated") else ""
        print(f"tokens        {u['tokens']:,} for {u['chars']:,} characters: {u['tokens_per_1k_chars']:,.1f} "
              f"per 1,000 characters ({u['prompt_tokens']:,} prompt, {u['completion_tokens']:,} completion, "
              f"{u['requests']} requests, {u['cache_hits']} from the cache{est})")
    else:
        print("tokens        not counted by this backend")


def run_cli(args: list[str]) -> int:
    """``manju eval llm SET.jsonl [--mode review|whole] [--json] [--fake] [--cache DIR]``."""
    ap = argparse.ArgumentParser(prog="manju eval llm", description=__doc__.splitlines()[0])
    ap.add_argument("set", type=Path, help="JSONL set (see docs/llm.md for the format)")
    ap.add_argument("--mode", choices=MODES, default="review",
                    help="review: the model checks the offline screenplay's unsure speakers "
                         "(default); whole: the model writes the whole screenplay")
    ap.add_argument("--threshold", type=float, default=None,
                    help="review mode: ask about lines whose speaker confidence is below this "
                         "(default 0.7, manju.text.analyzer.LOW_CONFIDENCE; above 1 asks "
                         "about every line)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--cache", type=Path, default=None,
                    help="answer cache folder (default: $MANJU_LLM_CACHE or ~/.cache/manju/llm)")
    ap.add_argument("--fake", action="store_true",
                    help="no model: a local fake server answers as the offline screenwriter would "
                         "(measures what is sent and the tokens; the accuracy is the offline one)")
    ns = ap.parse_args(args)
    try:
        records = load_set(ns.set)
        if ns.fake:
            import tempfile

            from manju.backends.fake_openai import FakeOpenAI
            from manju.backends.openai_llm import OpenAILLM
            from manju.eval.llm_mirror import respond

            with FakeOpenAI(respond=respond) as srv, tempfile.TemporaryDirectory() as tmp:
                llm = OpenAILLM(base_url=srv.url, model="fake-mirror", api_key="",
                                cache_dir=ns.cache or Path(tmp))
                res = evaluate(records, llm, ns.mode, ns.threshold)
        else:
            res = evaluate(records, load_model(ns.cache), ns.mode, ns.threshold)
    except InputError as e:
        print(f"manju: error: {e}", file=sys.stderr)
        return 2
    if ns.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        _print(res)
    return 0
