"""The title narration of an answer video written by a language model: a short summary of the
matched moments in the query's language, grounded in their lines, checked, and replaced by
the offline template when the model fails or its text is unusable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from manju.errors import BackendError
from manju.search.engine import Hit
from manju.search.text import is_chinese

#: Longest narration taken: English words / Chinese characters (a title card of about ten
#: seconds of speech, which still fits the card at a readable size).
MAX_WORDS_EN = 60
MAX_CHARS_ZH = 90
#: How much of each moment's words the model is shown.
LINE_CHARS = 300


class Narration(BaseModel):
    """What the model returns."""

    narration: str = Field(description="the narration of the title card: one to three "
                                       "sentences summarising the moments")


@dataclass
class Narrated:
    """The narration chosen and who wrote it (``template`` or ``llm.NAME``); ``notice`` says
    in one line why the template was used when a model was asked."""

    text: str
    by: str
    notice: str = ""


def messages(query: str, hits: list[Hit]) -> list[dict[str, Any]]:
    """The chat messages asking for the narration: the query, each moment's source, speakers
    and words, the language and the length limit."""
    zh = is_chinese(query)
    limit = (f"at most {MAX_CHARS_ZH} Chinese characters" if zh
             else f"at most {MAX_WORDS_EN} words")
    system = (
        "You write the spoken narration of the title card of a short answer video. The video "
        "answers a search over motion-comic stories with the moments listed below, played "
        "after the card in that order. Summarise what happens in those moments as it bears on "
        "the query, naming the story. Use only what the moments say: no invented events, "
        "names or quotes. Write plain sentences for a narrator to read aloud, in "
        f"{'Simplified Chinese' if zh else 'English'} (the query's language), {limit}; no "
        "lists, no markup, no stage directions. Reply with a JSON object "
        '{"narration": "..."}.')
    lines = [f"Query: {query.strip()}", f"Moments ({len(hits)}):"]
    for i, h in enumerate(hits, 1):
        who = f" {', '.join(h.speakers)} speaks." if h.speakers else ""
        words = " ".join(h.line.split())[:LINE_CHARS]
        lines.append(f"{i}. From “{h.title}”, shot {h.number} at {h.timecode}.{who} "
                     f"Words: {words}")
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(lines)}]


def problem(text: str, query: str) -> str:
    """Why ``text`` cannot be the narration for ``query`` ("" when it can): empty, markup or
    a link, the wrong language, or over the length limit."""
    t = text.strip()
    if not t:
        return "it is empty"
    if re.search(r"```|[{}<>]|https?://|^\s*[-*#]\s", t, re.MULTILINE):
        return "it holds markup"
    zh = is_chinese(query)
    if zh != is_chinese(t):
        return f"it is not in {'Chinese' if zh else 'English'}"
    if zh:
        n = len(re.findall(r"[\u3400-\u9fff]", t))
        if n > MAX_CHARS_ZH:
            return f"it is {n} characters long (at most {MAX_CHARS_ZH})"
    else:
        n = len(t.split())
        if n > MAX_WORDS_EN:
            return f"it is {n} words long (at most {MAX_WORDS_EN})"
    return ""


def narrate(query: str, hits: list[Hit], template: str, llm: Any | None) -> Narrated:
    """The title narration: the model's summary of ``hits`` when ``llm`` is given and its
    reply is usable, else ``template`` (with a notice saying why, when a model was asked)."""
    if llm is None:
        return Narrated(template, "template")
    name = f"llm.{getattr(llm, 'name', 'llm')}"
    try:
        reply = llm.complete_json(messages(query, hits), Narration)
    except BackendError as e:  # a server failure or a reply that stayed invalid
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return Narrated(template, "template", f"{name} failed ({first}); the title says the "
                                                  "offline template instead")
    text = " ".join(str(getattr(reply, "narration", "")).split())
    why = problem(text, query)
    if why:
        return Narrated(template, "template", f"{name}'s narration was not used ({why}); the "
                                                  "title says the offline template instead")
    return Narrated(text, name)
