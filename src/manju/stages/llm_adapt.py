"""adapt, with a language model: the same document shape as :mod:`manju.stages.adapt`, written by
an ``llm`` backend (see :class:`manju.backends.protocols.LLMBackend`).

Each chapter is cut at paragraph boundaries into requests of about 6,000 characters. The cast
known so far (ids, names, aliases) goes with every request so ids stay consistent across chunks
and chapters. Every reply is checked: each dialogue line must name a character. A reply that
fails the check is sent back once with the problems listed; if it is still wrong (or the model's
JSON is unusable) that chunk is adapted by the offline screenwriter instead, and
``project.metadata["llm_adapt"]["fallbacks"]`` says which chunk and why.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import zlib
from collections import Counter
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from manju.doc.model import Chapter, Character, Episode, Line, Project, Scene, Source
from manju.errors import StageError
from manju.stages.adapt import finalize

_Reply = TypeVar("_Reply", bound=BaseModel)

READS = ("source",)
WRITES = ("characters", "episodes", "title", "lang")

CHUNK_CHARS = 6000
MAX_CAST_IN_PROMPT = 40

EMOTIONS = ("neutral", "happy", "sad", "angry", "surprised", "scared", "shout", "whisper", "smug",
            "disgusted", "laugh")
SETTING_KINDS = ("home", "office", "street", "shop", "forest", "mountain", "palace", "coast", "sky",
                 "room_generic")
MOODS = ("calm", "tense", "sad", "happy", "action", "romantic")


def _label(allowed: tuple[str, ...], default: str) -> BeforeValidator:
    """Map a label the model made up ("Excited", "evening") to ``default`` instead of failing."""

    def norm(v: Any) -> str:
        s = str(v or "").strip().lower().replace(" ", "_")
        return s if s in allowed else default

    return BeforeValidator(norm)


def _kind(v: Any) -> str:
    return "dialogue" if str(v).strip().lower() in ("dialogue", "dialog", "speech") else "narration"


Gender = Annotated[Literal["male", "female", "unknown"], _label(("male", "female", "unknown"), "unknown")]
Age = Annotated[Literal["child", "young", "adult", "old"], _label(("child", "young", "adult", "old"), "adult")]
Emotion = Annotated[Literal[EMOTIONS], _label(EMOTIONS, "neutral")]  # type: ignore[valid-type]
Kind = Annotated[Literal[SETTING_KINDS], _label(SETTING_KINDS, "room_generic")]  # type: ignore[valid-type]
Time = Annotated[Literal["day", "dusk", "night"], _label(("day", "dusk", "night"), "day")]
Weather = Annotated[Literal["clear", "rain", "snow", "fog"], _label(("clear", "rain", "snow", "fog"), "clear")]
Mood = Annotated[Literal[MOODS], _label(MOODS, "calm")]  # type: ignore[valid-type]


class LLMCharacter(BaseModel):
    """A character as the model reports it."""

    id: str = Field(description="a known cast id, or a new id like 'new1' for a new character")
    name: str = Field(description="the fullest name the text uses")
    aliases: list[str] = Field(default_factory=list, description="other names, titles, nicknames used for them")
    gender: Gender = "unknown"
    age: Age = "adult"
    description: list[str] = Field(default_factory=list, description="short visual phrases from the text: hair, clothes, build")


class LLMLine(BaseModel):
    """One line of the script."""

    kind: Annotated[Literal["dialogue", "narration"], BeforeValidator(_kind)]
    text: str = Field(description="the spoken words (no quotation marks) or the narration")
    speaker: str | None = Field(None, description="character id of the speaker (dialogue only)")
    addressee: str | None = Field(None, description="character id spoken to, if clear")
    emotion: Emotion = "neutral"
    parenthetical: str = ""


class LLMScene(BaseModel):
    """A scene: one place and time."""

    heading: str = Field("", description="Fountain heading, e.g. 'INT. KITCHEN - NIGHT'")
    location: str = Field("", description="short place name, e.g. 'KITCHEN' or '公司楼下'")
    kind: Kind = "room_generic"
    time: Time = "day"
    weather: Weather = "clear"
    interior: bool = True
    mood: Mood = "calm"
    continues_previous: bool = Field(False, description="true only if this scene continues the previous passage's last scene")
    present: list[str] = Field(default_factory=list, description="ids of characters on stage")
    lines: list[LLMLine] = Field(default_factory=list)


class LLMAdaptation(BaseModel):
    """The model's adaptation of one passage."""

    characters: list[LLMCharacter] = Field(default_factory=list, description="every character who speaks or appears")
    scenes: list[LLMScene]


SYSTEM_PROMPT = """You adapt prose into a motion-comic script.
Split the passage into scenes (a new scene when the place or time changes). For each scene give a
Fountain heading ("INT. KITCHEN - NIGHT"), a short location name, the setting (kind, time, weather,
interior), a music mood, the ids of the characters present, and the lines in story order:
- every quoted speech becomes a "dialogue" line: the words without quotation marks, the speaker's
  character id, the addressee's id when clear, and an emotion;
- the prose around it becomes "narration" lines, close to the original wording, in short
  captions; leave out pure speech tags ("she said", "他说").
Do not invent events or dialogue. Keep the language of the passage.
Characters: reuse the ids of the known cast for the same people (match names, aliases, titles and
pronouns); give each new character a new id "new1", "new2", ... with their name, aliases, gender,
age and short visual description phrases taken from the text. Every dialogue speaker must be the
id of a character listed in "characters" or in the known cast."""


def _split_long(par: str, limit: int) -> list[str]:
    """Cut one oversized paragraph at sentence ends (hard cut as a last resort)."""
    parts = [p for p in re.split(r"(?<=[.!?。！？…])\s*", par) if p]
    out: list[str] = []
    cur = ""
    for p in parts:
        while len(p) > limit:
            out += [cur] if cur else []
            cur = ""
            out.append(p[:limit])
            p = p[limit:]
        if cur and len(cur) + len(p) + 1 > limit:
            out.append(cur)
            cur = p
        else:
            cur = f"{cur} {p}".strip() if cur and not re.match(r"[\u3000-\u9fff]", p[:1]) else cur + p
    return out + ([cur] if cur else [])


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Pack paragraphs into pieces of at most about ``limit`` characters (never splitting a
    paragraph unless it alone is longer than ``limit``)."""
    paras = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    chunks: list[str] = []
    cur: list[str] = []
    size = 0
    for par in paras:
        pieces = _split_long(par, limit) if len(par) > limit else [par]
        for piece in pieces:
            if cur and size + len(piece) + 2 > limit:
                chunks.append("\n\n".join(cur))
                cur, size = [], 0
            cur.append(piece)
            size += len(piece) + 2
    if cur:
        chunks.append("\n\n".join(cur))
    return chunks


class _Cast:
    """The running cast: characters keyed by working id (``ch01``...) with a name index."""

    def __init__(self) -> None:
        self.chars: dict[str, dict[str, Any]] = {}

    def find(self, ref: str | None) -> str | None:
        """Working id for an id, name or alias (case-insensitive), or None."""
        if not ref:
            return None
        r = ref.strip()
        if r in self.chars:
            return r
        low = r.lower().lstrip("@")
        for cid, c in self.chars.items():
            if low == c["name"].lower() or low in (a.lower() for a in c["aliases"]):
                return cid
        return None

    def add(self, name: str, aliases: list[str], gender: str, age: str, description: list[str]) -> str:
        """Merge into a character with the same name/alias, or create one; returns its id."""
        cid = self.find(name) or next((c for a in aliases if (c := self.find(a))), None)
        if cid is None:
            cid = f"ch{len(self.chars) + 1:02d}"
            self.chars[cid] = {"name": name.strip(), "aliases": [], "gender": "unknown",
                               "age": "adult", "description": [], "lines": 0, "present": False}
        self.merge(cid, aliases + ([name] if name.strip() != self.chars[cid]["name"] else []),
                   gender, age, description)
        return cid

    def merge(self, cid: str, aliases: list[str], gender: str, age: str, description: list[str]) -> None:
        """Add what a reply says about an existing character."""
        c = self.chars[cid]
        for a in aliases:
            a = a.strip()
            if a and a != c["name"] and a not in c["aliases"]:
                c["aliases"].append(a)
        if c["gender"] == "unknown" and gender in ("male", "female"):
            c["gender"] = gender
        if c["age"] == "adult" and age in ("child", "young", "old"):
            c["age"] = age
        for d in description:
            if d.strip() and d.strip() not in c["description"] and len(c["description"]) < 8:
                c["description"].append(d.strip())

    def prompt(self) -> list[dict[str, Any]]:
        """The known cast as sent to the model (most talkative first)."""
        ranked = sorted(self.chars.items(), key=lambda kv: -kv[1]["lines"])[:MAX_CAST_IN_PROMPT]
        return [{"id": cid, "name": c["name"], "aliases": c["aliases"], "gender": c["gender"],
                 "age": c["age"]} for cid, c in ranked]


def _messages(text: str, cast: _Cast, where: str, prev_heading: str, lang: str) -> list[dict[str, Any]]:
    import json

    known = json.dumps(cast.prompt(), ensure_ascii=False)
    cont = (f"The previous passage ended in the scene {prev_heading!r}; set continues_previous on "
            "the first scene only if this passage continues it.\n" if prev_heading else "")
    language = "Chinese" if lang == "zh" else "English"
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": (
                f"Known cast: {known}\n{cont}Passage {where} (in {language}):\n<<<\n{text}\n>>>")}]


def _check(res: LLMAdaptation, cast: _Cast) -> tuple[_Cast, dict[str, str], list[str]]:
    """Apply a reply's characters to a copy of the cast; list what is wrong with the reply."""
    trial = copy.deepcopy(cast)
    ids: dict[str, str] = {}
    for c in res.characters:
        if not c.name.strip():
            continue
        if c.id in trial.chars:
            trial.merge(c.id, [c.name, *c.aliases] if c.name != trial.chars[c.id]["name"] else c.aliases,
                        c.gender, c.age, c.description)
            ids[c.id] = c.id
        else:
            ids[c.id] = trial.add(c.name, c.aliases, c.gender, c.age, c.description)
    problems: list[str] = []
    if not any(s.lines for s in res.scenes):
        problems.append("the reply has no lines")
    n = 0
    for s in res.scenes:
        for ln in s.lines:
            n += 1
            if ln.kind != "dialogue":
                continue
            if not ln.speaker:
                problems.append(f"line {n} ({ln.text[:30]!r}) is dialogue without a speaker")
            elif not (ids.get(ln.speaker) or trial.find(ln.speaker)):
                problems.append(f"line {n}: speaker {ln.speaker!r} is not in characters or the known cast")
    return trial, ids, problems


def _resolve(ref: str | None, ids: dict[str, str], cast: _Cast) -> str | None:
    return (ids.get(ref) or cast.find(ref)) if ref else None


def _scenes_from_reply(res: LLMAdaptation, ids: dict[str, str], cast: _Cast) -> list[dict[str, Any]]:
    """Working scenes (plain dicts with working character ids) from a checked reply."""
    out = []
    for s in res.scenes:
        lines = []
        for ln in s.lines:
            text = ln.text.strip()
            if len(text) > 1 and text[0] in "\"“「『" and text[-1] in "\"”」』":
                text = text[1:-1].strip()
            if not text:
                continue
            spk = _resolve(ln.speaker, ids, cast) if ln.kind == "dialogue" else None
            lines.append({"kind": ln.kind, "text": text, "speaker": spk,
                          "addressee": _resolve(ln.addressee, ids, cast) if spk else None,
                          "emotion": ln.emotion, "parenthetical": ln.parenthetical.strip()})
        present = [p for r in s.present if (p := _resolve(r, ids, cast))]
        loc = s.location.strip() or re.sub(r"^(?:INT|EXT|I/E)[./\s]+|\s+-\s+.*$", "", s.heading.strip(),
                                           flags=re.IGNORECASE).strip()
        out.append({"location": loc, "kind": s.kind, "time": s.time, "weather": s.weather,
                    "interior": s.interior, "mood": s.mood, "continues": s.continues_previous,
                    "present": present, "lines": lines})
    return out


def _offline_chunk(text: str, lang: str, cast: _Cast) -> list[dict[str, Any]]:
    """Adapt one chunk with the offline screenwriter, mapping its cast into ``cast``."""
    from manju.stages.adapt import adapt

    tmp = Project(source=Source(lang=lang, chapters=[Chapter(id="ep01", title="", text=text)]), lang=lang)
    try:
        tmp = adapt(tmp)
    except StageError:
        return []
    ids = {c.id: cast.add(c.name, c.aliases, c.gender, c.age, c.description) for c in tmp.characters}
    out = []
    for sc in tmp.scenes():
        out.append({"location": sc.location, "kind": sc.setting.kind, "time": sc.setting.time,
                    "weather": sc.setting.weather, "interior": sc.setting.interior, "mood": sc.mood,
                    "continues": False,
                    "present": [ids[p] for p in sc.present if p in ids],
                    "lines": [{"kind": ln.kind, "text": ln.text, "speaker": ids.get(ln.speaker or ""),
                               "addressee": ids.get(ln.addressee or ""), "emotion": ln.emotion,
                               "parenthetical": ln.parenthetical} for ln in sc.lines]})
    return out


def _adapt_chunk(llm: Any, text: str, cast: _Cast, where: str, prev_heading: str, lang: str
                 ) -> tuple[list[dict[str, Any]], _Cast, str]:
    """Scenes for one chunk and the updated cast; the reason string is empty unless it fell back."""
    messages = _messages(text, cast, where, prev_heading, lang)
    reason = ""
    for attempt in range(2):
        res, reason = ask_json(llm, messages, LLMAdaptation)
        if res is None:
            break
        trial, ids, problems = _check(res, cast)
        if not problems:
            return _scenes_from_reply(res, ids, trial), trial, ""
        reason = "; ".join(problems[:5])
        if attempt == 0:
            messages = [*messages, {"role": "assistant", "content": res.model_dump_json()},
                        {"role": "user", "content": (
                            "That script has problems: " + reason + ". Reply with the corrected "
                            "complete JSON: every dialogue speaker must be the id of a character "
                            "in \"characters\" or in the known cast.")}]
    trial = copy.deepcopy(cast)
    return _offline_chunk(text, lang, trial), trial, reason or "invalid reply"


def ask_json(llm: Any, messages: list[dict[str, Any]], schema: type[_Reply]) -> tuple[_Reply | None, str]:
    """One answer of ``schema`` from the model, or None and why (unusable JSON, a reply that
    does not fit the schema): the ask shared by every language-model stage."""
    from manju.backends.openai_llm import LLMOutputError

    try:
        res = llm.complete_json(messages, schema)
        if not isinstance(res, schema):
            res = schema.model_validate(res.model_dump() if isinstance(res, BaseModel) else res)
    except (LLMOutputError, ValidationError, ValueError) as e:
        return None, " ".join(str(e).split())[:300]
    return res, ""


def _split_line(kind: str, text: str, lang: str) -> list[str]:
    from manju.stages.adapt import (
        MAX_DIALOGUE_EN,
        MAX_DIALOGUE_ZH,
        MAX_NARRATION_EN,
        MAX_NARRATION_ZH,
        _chunk,
        _clean,
    )

    if kind == "dialogue":
        return _chunk(_clean(text), lang, MAX_DIALOGUE_EN, MAX_DIALOGUE_ZH) or [text]
    return _chunk(_clean(text), lang, MAX_NARRATION_EN, MAX_NARRATION_ZH) or [text]


def _build(project: Project, work: list[tuple[Chapter, list[dict[str, Any]]]], cast: _Cast) -> None:
    """Turn working scenes into episodes and the final cast (ids ordered by lines spoken)."""
    from manju.doc.model import Setting as DocSetting
    from manju.render.background import Setting, scene_heading
    from manju.stages.adapt import MAX_LINES_PER_SCENE, _mood

    lang = project.source.lang
    spoken: Counter[str] = Counter()
    on_stage: set[str] = set()
    first_seen: dict[str, int] = {}
    for _, scenes in work:
        for s in scenes:
            for ln in s["lines"]:
                if ln["kind"] == "dialogue" and ln["speaker"]:
                    spoken[ln["speaker"]] += 1
                    first_seen.setdefault(ln["speaker"], len(first_seen))
            on_stage.update(s["present"])
    keep = [cid for cid in cast.chars if spoken[cid] or cid in on_stage]
    keep.sort(key=lambda cid: (-spoken[cid], first_seen.get(cid, 10**6), cast.chars[cid]["name"]))
    final = {cid: f"ch{i + 1:02d}" for i, cid in enumerate(keep)}
    project.characters = [
        Character(id=final[cid], name=cast.chars[cid]["name"], aliases=sorted(set(cast.chars[cid]["aliases"])),
                  gender=cast.chars[cid]["gender"], age=cast.chars[cid]["age"],
                  description=list(cast.chars[cid]["description"]), lines=spoken[cid])
        for cid in keep]
    episodes: list[Episode] = []
    for chapter, scenes in work:
        ep = Episode(id=chapter.id, title=chapter.title or f"Episode {len(episodes) + 1}")
        for s in scenes:
            lines = []
            for ln in s["lines"]:
                spk = final.get(ln["speaker"] or "")
                kind = "dialogue" if spk else "narration"
                for piece in _split_line(kind, ln["text"], lang):
                    lines.append((kind, piece, spk, final.get(ln["addressee"] or ""), ln["emotion"],
                                  ln["parenthetical"]))
            for part in range(0, len(lines), MAX_LINES_PER_SCENE):
                sc = Scene(id=f"{ep.id}_sc{len(ep.scenes) + 1:02d}", heading="")
                for kind, text, spk, to, emo, paren in lines[part: part + MAX_LINES_PER_SCENE]:
                    sc.lines.append(Line(id=f"{sc.id}_l{len(sc.lines) + 1:02d}", kind=kind, text=text,
                                         speaker=spk, addressee=to if to != spk else None,
                                         emotion=emo, parenthetical=paren))
                loc = s["location"]
                seed = zlib.crc32((loc or s["kind"]).strip().lower().encode("utf-8")) & 0x7FFFFFFF
                setting = Setting(kind=s["kind"], time=s["time"], weather=s["weather"],
                                  interior=bool(s["interior"]) and s["kind"] != "sky", seed=seed)
                sc.setting = DocSetting(**dataclasses.asdict(setting))
                sc.location = loc if lang == "zh" else loc.upper()
                sc.heading = scene_heading(setting, sc.location)
                sc.mood = s["mood"] if s["mood"] in MOODS else _mood(sc.lines, "")  # type: ignore[assignment]  # checked against MOODS
                speakers = [ln.speaker for ln in sc.lines if ln.speaker]
                sc.present = list(dict.fromkeys(speakers + [final[p] for p in s["present"] if p in final]))
                if sc.lines:
                    ep.scenes.append(sc)
        if ep.scenes:
            episodes.append(ep)
    project.episodes = episodes


def adapt_with_llm(project: Project, llm: Any, *, chunk_chars: int = CHUNK_CHARS) -> Project:
    """Adapt every chapter of ``project.source`` with ``llm`` (an ``LLMBackend``).

    Produces the same shape as the offline :func:`manju.stages.adapt.adapt`. Chunks whose reply
    stays invalid are adapted offline; ``project.metadata["llm_adapt"]`` records the backend,
    its config, the number of chunks, every fallback and the tokens used
    (:func:`manju.backends.llm_usage.report`).
    """
    from manju.backends.llm_usage import report, snapshot

    src = project.source
    if not src.chapters:
        raise StageError("nothing to adapt: the project has no source text (run ingest first)")
    lang = src.lang
    cast = _Cast()
    before = snapshot(llm)
    work: list[tuple[Chapter, list[dict[str, Any]]]] = []
    fallbacks: list[dict[str, str]] = []
    total = 0
    for chapter in src.chapters:
        chunks = chunk_text(chapter.text, chunk_chars)
        scenes: list[dict[str, Any]] = []
        for i, text in enumerate(chunks):
            total += 1
            where = f"{chapter.id} part {i + 1}/{len(chunks)}"
            prev = scenes[-1]["location"] if scenes else ""
            got, cast, reason = _adapt_chunk(llm, text, cast, where, prev, lang)
            if reason:
                fallbacks.append({"chunk": where, "reason": reason})
            if got and scenes and got[0]["continues"]:
                scenes[-1]["lines"] += got[0]["lines"]
                scenes[-1]["present"] += got[0]["present"]
                got = got[1:]
            scenes += got
        work.append((chapter, scenes))
    _build(project, work, cast)
    finalize(project, lang)
    project.metadata["llm_adapt"] = {
        "backend": f"llm.{getattr(llm, 'name', 'unknown')}",
        "config": dict(getattr(llm, "config", {}) or {}),
        "chunks": total,
        "fallbacks": fallbacks,
        "usage": report(before, snapshot(llm), sum(len(c.text) for c in src.chapters)),
    }
    return project
