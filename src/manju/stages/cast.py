"""cast: give every character a fixed visual design and a distinct voice."""

from __future__ import annotations

import dataclasses
import re

from manju.doc.model import Look, Project, Voice

READS = ("characters", "lang", "source")
WRITES = ("characters[].look", "characters[].voice", "narrator_voice")


_PERIOD = re.compile(
    r"师兄|师姐|师父|师尊|长老|宗门|掌门|修炼|灵气|丹药|皇上|陛下|娘娘|公公|王爷|殿下|本宫|朕|"
    r"侠|江湖|剑法|内力|将军|县令|客栈|\b(?:sword|swords|emperor|palace|temple|monk|empress)\b")


def is_period_story(project: Project) -> bool:
    """True when the story reads as Chinese period fiction (xianxia, wuxia, palace)."""
    text = " ".join(ch.text[:20000] for ch in project.source.chapters[:3])
    return len(_PERIOD.findall(text)) >= 3 and project.lang == "zh"


def _role_words(ch, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Names that describe a role ("the old king", 皇上, 李公公) say something about the look."""
    names = [ch.name, *ch.aliases]
    if lang == "zh":
        return names
    return [n for n in names if n.lower().startswith(("the ", "old ", "young "))]


def cast(project: Project, *, keep_existing: bool = True, engine: str = "espeak") -> Project:
    """Design each character's look from its id plus what the text says, and assign voices
    from ``engine``'s palette (``"kokoro"`` neural voices or ``"espeak"``).

    Designs and voices already set (``keep_existing``) are left untouched so edits survive
    re-runs.
    """
    from manju.audio.voices import assign_voices
    from manju.render.character_design import design_look

    period = ["古装"] if is_period_story(project) else []
    for ch in project.characters:
        if keep_existing and ch.look:
            continue
        age = ch.age
        if age == "adult" and any(w.lower().startswith(("the old ", "old ")) or
                                  re.search(r"老人|老者|老头|老太|老妇|老爷爷|老奶奶", w)
                                  for w in _role_words(ch, project.lang)):
            age = "old"
        # The design seed is the character's own identity, never the story's: editing one
        # word of the story must not give anyone a new face.
        look = design_look(ch.id, gender=ch.gender, age=age,
                           hints=list(ch.description) + period + _role_words(ch, project.lang))
        ch.look = Look(**dataclasses.asdict(look))
    voices = assign_voices([(c.id, c.gender, c.age) for c in project.characters], project.lang,
                           engine=engine)
    for ch in project.characters:
        if keep_existing and ch.voice:
            continue
        ch.voice = Voice(**dataclasses.asdict(voices[ch.id]))
    if not (keep_existing and project.narrator_voice):
        project.narrator_voice = Voice(**dataclasses.asdict(voices["narrator"]))
    return project
