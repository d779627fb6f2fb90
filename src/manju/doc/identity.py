"""Stable identity: ids derived from content when a node is first made, kept across edits.

- A character's id comes from its name (``ch_3fa9c1``); its design seed is that id, so the
  same person looks the same whatever else the story says.
- A line's id comes from its kind, its text and which occurrence of that text it is
  (``l_9b1e77d0``): two identical "No." lines differ, and adding a line elsewhere moves none.
- A scene's id comes from its first line's id; a shot's id from the first line it plays (or
  its scene, for a silent establishing shot) — see :mod:`manju.stages.board`.

When the story file changes, :func:`merge` re-adapts and then aligns the new screenplay with
the old one, so every line, scene and shot that is still there keeps its id and with it every
user edit made on it.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from typing import Any

from manju.doc.model import Project


def short_hash(*parts: Any, n: int = 8) -> str:
    """A short, stable hex digest of ``parts``."""
    blob = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:n]


def character_id(name: str) -> str:
    """The id of the character called ``name``."""
    return f"ch_{short_hash('character', name, n=6)}"


def _line_key(kind: str, text: str) -> str:
    return f"{kind}\x1f{' '.join(text.split())}"


def _unique(base: str, taken: set[str]) -> str:
    out, k = base, 1
    while out in taken:
        k += 1
        out = f"{base}{k}"
    taken.add(out)
    return out


def assign_ids(project: Project) -> Project:
    """Give a freshly adapted project its content-derived ids (in place; also returned).

    Character references in lines, scenes and shots follow the new character ids.
    """
    remap: dict[str, str] = {}
    taken: set[str] = set()
    for c in project.characters:
        new = _unique(character_id(c.name), taken)
        remap[c.id] = new
        c.id = new

    def ref(cid: str | None) -> str | None:
        return remap.get(cid, cid) if cid else cid

    seen: Counter[str] = Counter()
    line_ids: set[str] = set()
    scene_ids: set[str] = set()
    for sc in project.scenes():
        for ln in sc.lines:
            key = _line_key(ln.kind, ln.text)
            seen[key] += 1
            ln.id = _unique(f"l_{short_hash(key, seen[key])}", line_ids)
            ln.speaker, ln.addressee = ref(ln.speaker), ref(ln.addressee)
        first = sc.lines[0].id if sc.lines else sc.id
        sc.id = _unique(f"sc_{short_hash('scene', first, n=6)}", scene_ids)
        sc.present = [remap.get(c, c) for c in sc.present]
        sc.sides = {remap.get(c, c): s for c, s in sc.sides.items()}
    return project


def merge(old: Project, new: Project) -> tuple[Project, list[str]]:
    """The re-adapted ``new`` project carrying over ``old``'s identity and user edits.

    Lines are aligned by kind and text: unchanged lines and lines edited in place keep their
    ids; scenes keep the id of the old scene most of their lines came from. Characters keep
    their designs and voices, the project its settings, backends, narrator and overrides, and
    the edit history keeps every operation whose target still exists (line edits are
    re-applied). Returns the merged project and one note per dropped edit.
    """
    from manju.doc import ops

    notes: list[str] = []
    old_lines = old.lines()
    new_lines = new.lines()
    matcher = difflib.SequenceMatcher(
        a=[_line_key(ln.kind, ln.text) for ln in old_lines],
        b=[_line_key(ln.kind, ln.text) for ln in new_lines], autojunk=False)
    carried: dict[int, int] = {}  # new line index -> old line index
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                if old_lines[i1 + k].kind == new_lines[j1 + k].kind:
                    carried[j1 + k] = i1 + k
    taken = {old_lines[i].id for i in carried.values()}
    # Lines not carried keep their content ids unless an old line holds that id.
    all_old = {ln.id for ln in old_lines}
    old_scene_of = {ln.id: sc.id for sc in old.scenes() for ln in sc.lines}
    for j, ln in enumerate(new_lines):
        if j in carried:
            ln.id = old_lines[carried[j]].id
    for j, ln in enumerate(new_lines):
        if j not in carried:
            ln.id = _unique(ln.id, taken | all_old)
            taken.add(ln.id)
    used_scenes: set[str] = set()
    for sc in new.scenes():
        votes = Counter(old_scene_of[ln.id] for ln in sc.lines if ln.id in old_scene_of)
        best = next((sid for sid, _ in votes.most_common() if sid not in used_scenes), None)
        sc.id = best or _unique(sc.id, used_scenes | {s.id for s in old.scenes()})
        used_scenes.add(sc.id)

    old_chars = {c.id: c for c in old.characters}
    for c in new.characters:
        prev = old_chars.get(c.id)
        if prev is not None:
            c.look = prev.look.model_copy(deep=True) if prev.look else None
            c.voice = prev.voice.model_copy(deep=True) if prev.voice else None
    new.settings = old.settings.model_copy(deep=True)
    new.backends = {k: v.model_copy(deep=True) for k, v in old.backends.items()}
    new.narrator_voice = old.narrator_voice.model_copy(deep=True) if old.narrator_voice else None
    new.overrides = {k: v.model_copy(deep=True) for k, v in old.overrides.items()}
    if old.title not in ("", "Untitled"):
        new.title = old.title

    history: list[dict[str, Any]] = []
    for raw in old.history:
        try:
            op = ops.parse(raw)
        except Exception:  # an operation this release does not know: say so, keep going
            notes.append(f"dropped an unreadable edit from the history: {str(raw)[:60]}")
            continue
        if op.op == "set_shot":
            history.append(raw)  # shots exist only after boarding: see prune_overrides
        elif ops.target_exists(new, op):
            if op.op == "set_line":
                ops.apply(new, op)
            history.append(raw)
        else:
            notes.append(f"dropped edit {ops.describe(op)}: its {_what(op)} is no longer in the story")
    new.history = history
    new.future = [raw for raw in old.future if _still_there(new, raw)]
    return new, notes


def prune_overrides(project: Project) -> list[str]:
    """Drop shot overrides (and their history) whose shot no longer exists; one note each."""
    from manju.doc import ops

    shots = {s.id for s in project.shots()}
    notes: list[str] = []
    gone = [sid for sid in project.overrides if sid not in shots]
    if not gone:
        return notes
    project.overrides = {k: v for k, v in project.overrides.items() if k in shots}
    keep = []
    for raw in project.history:
        if raw.get("op") == "set_shot" and raw.get("target") in gone:
            notes.append(f"dropped edit {ops.describe(ops.parse(raw))}: that shot is no longer in "
                         "the story")
        else:
            keep.append(raw)
    project.history = keep
    project.future = [raw for raw in project.future
                      if not (raw.get("op") == "set_shot" and raw.get("target") in gone)]
    return notes


def _what(op: Any) -> str:
    return {"set_look": "character", "set_voice": "character", "set_line": "line"}.get(op.op, "target")


def _still_there(project: Project, raw: dict[str, Any]) -> bool:
    from manju.doc import ops

    try:
        op = ops.parse(raw)
    except Exception:
        return False
    return op.op == "set_shot" or ops.target_exists(project, op)
