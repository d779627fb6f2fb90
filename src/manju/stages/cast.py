"""cast: give every character a fixed visual design and a distinct voice."""

from __future__ import annotations

import dataclasses

from manju.doc.model import Project

READS = ("characters", "lang")
WRITES = ("characters[].look", "characters[].voice", "metadata.narrator_voice")


def cast(project: Project, *, keep_existing: bool = True) -> Project:
    """Design each character's look from its id plus what the text says, and assign voices.

    Designs a user already set (``keep_existing``) are left untouched so edits survive re-runs.
    """
    from manju.audio.voices import assign_voices
    from manju.render.character import design_look

    for ch in project.characters:
        if keep_existing and ch.look:
            continue
        look = design_look(f"{project.source.sha256[:8]}:{ch.id}:{ch.name}", gender=ch.gender,
                           age=ch.age, hints=list(ch.description))
        ch.look = dataclasses.asdict(look)
    voices = assign_voices([(c.id, c.gender, c.age) for c in project.characters], project.lang)
    for ch in project.characters:
        if keep_existing and ch.voice:
            continue
        ch.voice = dataclasses.asdict(voices[ch.id])
    if not (keep_existing and project.metadata.get("narrator_voice")):
        project.metadata["narrator_voice"] = dataclasses.asdict(voices["narrator"])
    return project
