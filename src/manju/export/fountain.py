"""The screenplay in Fountain syntax (fountain.io)."""

from __future__ import annotations

import re

from manju.doc.model import Project

PAREN = {"angry": "angrily", "sad": "sadly", "happy": "smiling", "surprised": "surprised",
         "scared": "frightened", "disgusted": "disgusted", "smug": "smugly", "whisper": "whispering",
         "shout": "shouting", "laugh": "laughing"}
PAREN_ZH = {"angry": "怒", "sad": "难过", "happy": "笑", "surprised": "惊讶", "scared": "害怕",
            "disgusted": "厌恶", "smug": "得意", "whisper": "低声", "shout": "大喊",
            "laugh": "大笑"}


def cue_name(name: str) -> str:
    """A character cue: uppercase Latin names as is, anything else forced with '@'."""
    up = name.upper()
    if re.fullmatch(r"[A-Z0-9 .'\-]+", up) and re.search(r"[A-Z]", up):
        return up
    return "@" + name


def _escape_action(text: str) -> str:
    # A line of action that would read as a scene heading or a cue is forced with '!'.
    if re.match(r"^(INT|EXT|EST|INT\./EXT|I/E)[ .]", text, re.IGNORECASE) or text.isupper():
        return "!" + text
    return text


def to_fountain(project: Project) -> str:
    """Render the project's screenplay as Fountain text."""
    names = {c.id: c.name for c in project.characters}
    out = [f"Title: {project.title}", "Credit: Adapted by manju", ""]
    paren = PAREN_ZH if project.lang == "zh" else PAREN
    for ep in project.episodes:
        if len(project.episodes) > 1 or ep.title:
            out += [f"# {ep.title}", ""]
        for sc in ep.scenes:
            heading = sc.heading if re.match(r"^(INT|EXT|EST|I/E)", sc.heading) else "." + sc.heading
            out += [heading, ""]
            prev, prev_p = None, ""
            for ln in sc.lines:
                if ln.kind == "narration" or not ln.speaker:
                    text = ln.text if ln.kind == "narration" else f"\u201c{ln.text}\u201d"
                    out += [_escape_action(text), ""]
                    prev = None
                    continue
                p = ln.parenthetical or paren.get(ln.emotion, "")
                if prev is not None and prev.speaker == ln.speaker and (not p or p == prev_p):
                    # The same speaker goes on: one dialogue block, as a screenplay prints it.
                    sep = "" if project.lang == "zh" else " "
                    out[-2] = out[-2] + sep + ln.text
                    prev = ln
                    continue
                out.append(cue_name(names.get(ln.speaker, ln.speaker)))
                if p:
                    out.append(f"({p})")
                out += [ln.text, ""]
                prev, prev_p = ln, p
    return "\n".join(out).rstrip() + "\n"
