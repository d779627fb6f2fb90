"""Speaker review by a language model: the offline screenplay's unsure speakers, checked.

After the offline screenwriter (:func:`manju.stages.adapt.adapt`), only the dialogue lines whose
speaker confidence is below :data:`manju.text.analyzer.LOW_CONFIDENCE` go to the model, each
as one item with a compact context: the quote marked ``[[...]]`` in the source paragraphs
around it, the dialogue lines just before and after with their current speakers, and the
offline guess. The cast (ids, names, aliases) goes once per request; items are batched so a
chapter needs few requests.

The model answers a cast id (or ``"unknown"``) per item. A reply naming an id that is not in
the cast, an item that was not asked, or leaving items out is sent back once with the
problems listed; what is still wrong after that keeps the offline answer. An accepted answer
replaces the speaker of every line of that quote and sets its confidence to
:data:`REVIEWED_CONFIDENCE`. Nothing else changes: line, scene and character ids stay.
``project.metadata["llm_review"]`` records what was asked, changed and kept, and the tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from manju.doc.model import Character, Line, Project

READS = ("source", "characters", "episodes")
WRITES = ("characters", "episodes", "metadata.llm_review")

#: Items per request, and a soft cap on a request's item text (characters).
BATCH_ITEMS = 20
BATCH_CHARS = 12000
#: Characters of source text shown around a quote (its own paragraph is cut to this), and of
#: the paragraphs before and after it, by language (a Chinese character is about a token,
#: an English word about five characters and 1.3 tokens).
CONTEXT_CHARS = {"en": 700, "zh": 320}
NEIGHBOUR_PARA_CHARS = {"en": 220, "zh": 100}
#: Dialogue lines shown before and after the quote, with their current speakers.
NEIGHBOUR_LINES = 2
#: The confidence of a line whose speaker the model gave (or confirmed).
REVIEWED_CONFIDENCE = 0.9
MAX_CAST_IN_PROMPT = 60
UNKNOWN = "unknown"

SYSTEM_PROMPT = """You check who speaks quotations in a story.
Each item is one quotation, marked [[like this]] in the passage around it, with the dialogue
lines just before and after it (and who currently speaks them) and the current guess for the
item. Decide who says (or thinks) the marked quotation, using speech tags, who is addressed,
turn-taking, pronouns and what happens around it. Answer the cast id of the speaker for every
item; answer "unknown" only when the speaker is not in the cast or cannot be told."""


class SpeakerAnswer(BaseModel):
    """The model's answer for one item."""

    id: str = Field(description="the item id, e.g. 'q3'")
    speaker: str = Field(description="the cast id of the speaker, or 'unknown'")


class SpeakerReview(BaseModel):
    """The model's answers for one request."""

    answers: list[SpeakerAnswer] = Field(description="one answer per item, in any order")


@dataclass
class _Item:
    """One quote to review: its lines (a long quote is several), context, and the answer."""

    key: str
    lines: list[Line]
    text: str
    passage: str
    before: list[Line]
    after: list[Line]
    answer: str | None = None
    problems: list[str] = field(default_factory=list)


def _norm_index(text: str) -> tuple[str, list[int]]:
    """``text`` lowercased with only letters, digits and CJK kept, and each kept character's
    offset in ``text`` (to find a line again in its source)."""
    keep: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            keep.append(ch.lower())
            where.append(i)
    return "".join(keep), where


def _locate(source: str, norm: str, where: list[int], quote: str, cursor: int
            ) -> tuple[int, int, int] | None:
    """(start, end) of ``quote`` in ``source`` (``norm``/``where``: its :func:`_norm_index`)
    and the new cursor, or None when not found."""
    needle = "".join(ch.lower() for ch in quote if ch.isalnum())
    if not needle:
        return None
    k = norm.find(needle, cursor)
    if k < 0:
        k = norm.find(needle)
    if k < 0:
        return None
    end = k + len(needle)
    stop = where[end - 1] + 1
    while stop < len(source) and source[stop] in ".,;:!?…—-。，；：！？、":
        stop += 1  # the quote's own closing punctuation goes inside the mark
    return where[k], stop, end


def _passage(text: str, start: int, end: int, lang: str) -> str:
    """The quote marked ``[[...]]`` in its paragraph, with the ends of the paragraphs around
    it (each cut to a few hundred characters)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    room = max(0, CONTEXT_CHARS["zh" if lang == "zh" else "en"] - (end - start))
    near = NEIGHBOUR_PARA_CHARS["zh" if lang == "zh" else "en"]
    a = max(a, start - room // 2)
    b = min(b, end + room - (start - a))
    para = f"{text[a:start]}[[{text[start:end]}]]{text[end:b]}".strip()
    prev = text[: text.rfind("\n", 0, start) + 1].rstrip()
    prev_par = prev[prev.rfind("\n") + 1:].strip() if prev else ""
    rest = text[b:].lstrip()
    next_par = rest.split("\n", 1)[0].strip() if rest else ""
    parts = []
    if prev_par and a == text.rfind("\n", 0, start) + 1:
        parts.append(("…" if len(prev_par) > near else "") + prev_par[-near:])
    parts.append(("…" if a > 0 and text[a - 1] != "\n" else "") + para
                 + ("…" if b < len(text) and text[b] != "\n" else ""))
    if next_par and (b == len(text) or text[b] == "\n"):
        parts.append(next_par[:near] + ("…" if len(next_par) > near else ""))
    return "\n".join(parts)


def _same_quote(a: Line, b: Line) -> bool:
    """Two consecutive dialogue lines cut from one quotation by the screenwriter."""
    return (a.kind == b.kind == "dialogue" and a.speaker == b.speaker and a.confidence == b.confidence
            and a.action == b.action and a.emotion == b.emotion)


def _items(project: Project, threshold: float) -> list[_Item]:
    """The unsure quotes in story order, each with its context."""
    chapters = {c.id: c.text for c in project.source.chapters}
    items: list[_Item] = []
    for ep in project.episodes:
        text = chapters.get(ep.id, "")
        norm, where = _norm_index(text)
        cursor = 0
        said = [ln for sc in ep.scenes for ln in sc.lines if ln.kind == "dialogue"]
        i = 0
        while i < len(said):
            ln = said[i]
            j = i + 1
            while j < len(said) and _same_quote(said[j - 1], said[j]):
                j += 1
            found = _locate(text, norm, where, " ".join(x.text for x in said[i:j]), cursor)
            if found is None and j > i + 1:  # not one quotation after all: ask line by line
                j = i + 1
                found = _locate(text, norm, where, ln.text, cursor)
            group = said[i:j]
            quote = " ".join(x.text for x in group)
            if found is not None:
                cursor = found[2]
            if ln.confidence is not None and ln.confidence < threshold:
                passage = (_passage(text, found[0], found[1], project.source.lang) if found is not None
                           else f"[[{quote}]]" + (f" ({ln.action})" if ln.action else ""))
                items.append(_Item(key=f"q{len(items) + 1}", lines=group, text=quote, passage=passage,
                                   before=said[max(0, i - NEIGHBOUR_LINES): i],
                                   after=said[j: j + NEIGHBOUR_LINES]))
            i = j
    return items


def _cast_text(cast: list[Character]) -> str:
    rows = []
    for c in cast[:MAX_CAST_IN_PROMPT]:
        aliases = [a for a in c.aliases if a != c.name][:6]
        extra = [f"also {', '.join(aliases)}"] if aliases else []
        extra += [c.gender] if c.gender != "unknown" else []
        rows.append(f"{c.id}: {c.name}" + (f" ({'; '.join(extra)})" if extra else ""))
    return "\n".join(rows)


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _item_text(it: _Item) -> str:
    def said(lines: list[Line]) -> str:
        return " | ".join(f"{ln.speaker or '?'}: \"{_short(ln.text)}\"" for ln in lines) or "-"

    guess = it.lines[0].speaker or "none"
    return (f"### {it.key}\ncurrent guess: {guess}\nbefore: {said(it.before)}\n"
            f"after: {said(it.after)}\npassage:\n{it.passage}\n")


def _batches(items: list[_Item]) -> list[list[_Item]]:
    out: list[list[_Item]] = []
    size = 0
    for it in items:
        n = len(_item_text(it))
        if not out or len(out[-1]) >= BATCH_ITEMS or size + n > BATCH_CHARS:
            out.append([])
            size = 0
        out[-1].append(it)
        size += n
    return out


def _messages(batch: list[_Item], cast: list[Character], lang: str) -> list[dict[str, Any]]:
    language = "Chinese" if lang == "zh" else "English"
    body = "\n".join(_item_text(it) for it in batch)
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": (f"Cast (id: name):\n{_cast_text(cast)}\n\n"
                                         f"Items (the story is in {language}):\n{body}")}]


def _resolve(answer: str, cast: list[Character]) -> str | None:
    """A cast id for an answer (an id, or a name or alias written out), else None."""
    a = answer.strip().lstrip("@")
    ids = {c.id for c in cast}
    if a in ids:
        return a
    low = a.lower()
    hits = {c.id for c in cast if low == c.name.lower() or low in (x.lower() for x in c.aliases)}
    return hits.pop() if len(hits) == 1 else None


def _check(reply: SpeakerReview, batch: dict[str, _Item], cast: list[Character]) -> tuple[dict[str, str], list[str]]:
    """The usable answers (item key -> cast id or ``unknown``) and the reply's problems."""
    good: dict[str, str] = {}
    problems: list[str] = []
    for a in reply.answers:
        key = a.id.strip()
        if key not in batch:
            problems.append(f"item {key!r} was not asked")
            continue
        spk = a.speaker.strip()
        if spk.lower() in (UNKNOWN, "none", "null", ""):
            good[key] = UNKNOWN
        elif (cid := _resolve(spk, cast)) is not None:
            good[key] = cid
        else:
            problems.append(f"{key}: {spk!r} is not a cast id")
    missing = [k for k in batch if k not in good and not any(p.startswith(f"{k}:") for p in problems)]
    if missing:
        problems.append(f"no answer for {', '.join(missing)}")
    return good, problems


def _review_batch(llm: Any, batch: list[_Item], cast: list[Character], lang: str) -> str:
    """Ask for one batch's speakers, sending an invalid reply back once; sets each item's
    answer (None: keep the offline speaker). Returns the failure reason, or ""."""
    from manju.stages.llm_adapt import ask_json

    asked = {it.key: it for it in batch}
    messages = _messages(batch, cast, lang)
    got: dict[str, str] = {}
    reason = ""
    for attempt in range(2):
        res, reason = ask_json(llm, messages, SpeakerReview)
        if res is None:
            break
        good, problems = _check(res, asked, cast)
        got.update(good)
        reason = "; ".join(problems[:6])
        if not problems or attempt == 1:
            break
        messages = [*messages, {"role": "assistant", "content": res.model_dump_json()},
                    {"role": "user", "content": (
                        f"That reply has problems: {reason}. Reply with the corrected complete JSON: "
                        "one answer per item id asked, each speaker a cast id from the list or "
                        "\"unknown\".")}]
    for key, it in asked.items():
        it.answer = got.get(key)
        if it.answer is None:
            it.problems.append(reason or "no answer")
    return reason


def _apply(project: Project, items: list[_Item]) -> int:
    """Set the accepted speakers; refresh line counts and who is present. Returns how many
    quotes changed speaker."""
    changed = 0
    for it in items:
        if it.answer is None or it.answer == UNKNOWN:
            continue
        if any(ln.speaker != it.answer for ln in it.lines):
            changed += 1
        for ln in it.lines:
            if ln.speaker != it.answer:
                ln.metadata = {**ln.metadata, "offline_speaker": ln.speaker}
            ln.speaker = it.answer
            if ln.addressee == it.answer:
                ln.addressee = None
            ln.confidence = REVIEWED_CONFIDENCE
    if changed:
        spoken: dict[str, int] = {}
        for sc in project.scenes():
            speakers = [ln.speaker for ln in sc.lines if ln.kind == "dialogue" and ln.speaker]
            for s in speakers:
                spoken[s] = spoken.get(s, 0) + 1
            sc.present = list(dict.fromkeys(speakers + [p for p in sc.present if p in spoken]))
        for c in project.characters:
            c.lines = spoken.get(c.id, 0)
    return changed


def review_with_llm(project: Project, llm: Any, *, threshold: float | None = None) -> Project:
    """Ask ``llm`` (an ``LLMBackend``) for the speaker of each unsure dialogue line of an
    adapted ``project`` and apply the valid answers (in place; also returned).

    Records ``project.metadata["llm_review"]``: the backend, the lines and quotes asked,
    ``changed`` (quotes given another speaker), ``confirmed``, ``unknown`` and ``kept``
    (quotes left with the offline speaker because no valid answer came), the failures, and
    the tokens (:func:`manju.backends.llm_usage.report`).
    """
    from manju.backends.llm_usage import report, snapshot
    from manju.text.analyzer import LOW_CONFIDENCE

    limit = LOW_CONFIDENCE if threshold is None else threshold
    cast = list(project.characters)
    items = _items(project, limit) if cast else []
    before = snapshot(llm)
    failures: list[dict[str, str]] = []
    for batch in _batches(items):
        reason = _review_batch(llm, batch, cast, project.source.lang)
        if reason:
            failures.append({"items": ", ".join(it.key for it in batch), "reason": reason})
    answered = [it for it in items if it.answer is not None]
    confirmed = sum(1 for it in answered if it.answer != UNKNOWN
                    and all(ln.speaker == it.answer for ln in it.lines))
    changed = _apply(project, items)
    chars = sum(len(c.text) for c in project.source.chapters)
    project.metadata["llm_review"] = {
        "backend": f"llm.{getattr(llm, 'name', 'unknown')}",
        "config": dict(getattr(llm, "config", {}) or {}),
        "threshold": limit,
        "lines": sum(len(it.lines) for it in items),
        "quotes": len(items),
        "batches": len(_batches(items)),
        "changed": changed,
        "confirmed": confirmed,
        "unknown": sum(1 for it in answered if it.answer == UNKNOWN),
        "kept": len(items) - len(answered),
        "failures": failures,
        "usage": report(before, snapshot(llm), chars),
    }
    return project


def summary(meta: dict[str, Any]) -> str:
    """One line about a review for the terminal."""
    from manju.backends.llm_usage import describe

    n = meta.get("quotes", 0)
    return (f"language-model review of {n} unsure {'quote' if n == 1 else 'quotes'}: {meta.get('changed', 0)} "
            f"changed, {meta.get('confirmed', 0)} confirmed, {meta.get('unknown', 0)} unknown, "
            f"{meta.get('kept', 0)} kept offline; {describe(meta.get('usage') or {})}")

