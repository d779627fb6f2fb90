"""A stand-in language model that answers as the offline screenwriter would.

:func:`respond` plugs into :class:`manju.backends.fake_openai.FakeOpenAI`: a speaker-review
request (:mod:`manju.stages.llm_review`) is answered with each item's current guess, a
whole-passage request (:mod:`manju.stages.llm_adapt`) with the offline screenwriter's script
of the passage in the reply schema. The answers are about as long as a real model's, so
``manju eval llm --fake`` measures the tokens a mode sends and receives without a model; the
accuracy it reports is the offline one.
"""

from __future__ import annotations

import json
import re
from typing import Any


def _user(body: dict[str, Any]) -> str:
    """The request's first user message (a repair request adds more after it)."""
    msgs = [m for m in body.get("messages") or [] if m.get("role") == "user"]
    return str(msgs[0].get("content") or "") if msgs else ""


def _review(user: str) -> dict[str, Any]:
    items = re.findall(r"^### (\S+)\ncurrent guess: (\S+)", user, flags=re.MULTILINE)
    return {"answers": [{"id": k, "speaker": g if g != "none" else "unknown"} for k, g in items]}


def _whole(user: str) -> dict[str, Any]:
    from manju.doc.model import Chapter, Project, Source
    from manju.errors import StageError
    from manju.stages.adapt import adapt

    first = next((m.group(0) for m in [re.search(r"^Known cast: (\[.*\])$", user, re.MULTILINE)] if m), "")
    known = json.loads(first[len("Known cast: "):]) if first else []
    passage = user.split("<<<\n", 1)[-1].rsplit("\n>>>", 1)[0]
    lang = "zh" if "(in Chinese)" in user else "en"
    tmp = Project(source=Source(lang=lang, chapters=[Chapter(id="ep01", title="", text=passage)]), lang=lang)
    try:
        tmp = adapt(tmp)
    except StageError:
        return {"characters": [], "scenes": [{"lines": [{"kind": "narration", "text": passage[:200]}]}]}
    by_name = {str(c.get("name")): str(c.get("id")) for c in known}
    ids: dict[str, str] = {}
    chars = []
    for c in tmp.characters:
        ids[c.id] = by_name.get(c.name) or f"new{len(ids) + 1}"
        chars.append({"id": ids[c.id], "name": c.name, "aliases": list(c.aliases), "gender": c.gender,
                      "age": c.age, "description": list(c.description)[:3]})
    scenes = []
    for sc in tmp.scenes():
        scenes.append({
            "heading": sc.heading, "location": sc.location, "kind": sc.setting.kind,
            "time": sc.setting.time, "weather": sc.setting.weather, "interior": sc.setting.interior,
            "mood": sc.mood, "continues_previous": False,
            "present": [ids[p] for p in sc.present if p in ids],
            "lines": [_line(ln.kind, ln.text, ids.get(ln.speaker or ""), ln.emotion) for ln in sc.lines]})
    return {"characters": chars, "scenes": scenes}


def _line(kind: str, text: str, speaker: str | None, emotion: str) -> dict[str, Any]:
    """A reply line; a quote the screenwriter gave no speaker is told as narration, as the
    prompt asks every dialogue line to name one."""
    if kind == "dialogue" and speaker:
        return {"kind": "dialogue", "text": text, "speaker": speaker, "emotion": emotion}
    return {"kind": "narration", "text": text}


def respond(body: dict[str, Any]) -> dict[str, Any]:
    """The fake server's answer to one chat request."""
    user = _user(body)
    if "<<<\n" in user:
        return _whole(user)
    return _review(user)
