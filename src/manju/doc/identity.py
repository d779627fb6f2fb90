"""Stable identity: ids derived from content when a node is first made, kept across edits.

- A character's id comes from its name (``ch_3fa9c1``); its design seed is that id, so the
  same person looks the same whatever else the story says.
- A line's id comes from its kind, its text and which occurrence of that text it is
  (``l_9b1e77d0``): two identical "No." lines differ, and adding a line elsewhere moves none.
- A scene's id comes from its first line's id; a shot's id from the first line it plays (or
  its scene, for a silent establishing shot) — see :mod:`manju.stages.board`.

When the story file changes, :func:`merge` re-adapts and then aligns the new screenplay with
the old one, so every line, scene and shot that is still there keeps its id, and replays the
user's edits on it (:mod:`manju.doc.replay`).
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from manju.doc.model import Line, Project


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


def _carry(pairs: list[tuple[int, int]], old: list[Line], new: list[Line],
           carried: dict[int, Line]) -> None:
    """Carry ``old[i]`` to ``new[j]`` for each aligned pair of the same kind."""
    for i, j in pairs:
        if old[i].kind == new[j].kind:
            carried[j] = old[i]


#: How alike (difflib's ratio) an edited line must be to the old one to keep its id, when
#: lines were also added or removed around it.
SIMILAR = 0.6


def _aligned(old: list[Line], new: list[Line], fuzzy: bool = False) -> list[tuple[int, int]]:
    """Pairs of indices the sequence alignment matches: equal lines, and lines edited in place
    (a replaced run as long as the run it replaces; with ``fuzzy``, in a run of another length,
    in order, each old line with the most alike new one of its kind when alike enough)."""
    a = [_line_key(ln.kind, ln.text) for ln in old]
    b = [_line_key(ln.kind, ln.text) for ln in new]
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.extend((i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "replace" and fuzzy:
            start = j1
            for i in range(i1, i2):
                scored = [(difflib.SequenceMatcher(a=old[i].text, b=new[j].text).ratio(), j)
                          for j in range(start, j2) if new[j].kind == old[i].kind]
                best = max(scored, default=(0.0, 0), key=lambda t: (t[0], -t[1]))
                if best[0] >= SIMILAR:
                    pairs.append((i, best[1]))
                    start = best[1] + 1
    return pairs


def align_lines(old: list[Line], new: list[Line],
                deleted: Sequence[Line] = ()) -> dict[int, Line]:
    """Which old line each new line is (by index in ``new``): in story order first, then the
    same text anywhere (a line the user moved, or a deleted one, ``deleted``, back in the
    story), then in order among the lines left (lines edited in place, alike enough)."""
    carried: dict[int, Line] = {}
    _carry(_aligned(old, new), old, new, carried)
    used = {id(ln) for ln in carried.values()}
    spare: dict[str, list[Line]] = {}
    for ln in [*old, *deleted]:
        if id(ln) not in used:
            spare.setdefault(_line_key(ln.kind, ln.text), []).append(ln)
    for j, ln in enumerate(new):
        pool = spare.get(_line_key(ln.kind, ln.text)) if j not in carried else None
        if pool:
            carried[j] = pool.pop(0)
            used.add(id(carried[j]))
    rest_old = [ln for ln in old if id(ln) not in used]
    rest_new = [j for j in range(len(new)) if j not in carried]
    rest = [new[j] for j in rest_new]
    later: dict[int, Line] = {}
    _carry(_aligned(rest_old, rest, fuzzy=True), rest_old, rest, later)
    carried.update({rest_new[k]: ln for k, ln in later.items()})
    return carried


def merge(old: Project, new: Project) -> tuple[Project, list[str]]:
    """The re-adapted ``new`` project carrying over ``old``'s identity and user edits.

    Lines are aligned by kind and text (:func:`align_lines`): unchanged, moved and edited
    lines keep their ids; scenes keep the id of the old scene most of their lines came from.
    Characters keep their designs and voices, the project its settings, backends and narrator,
    and the edit history is replayed on the new screenplay (:mod:`manju.doc.replay`): every
    edit whose target is still there applies again. Returns the merged project and one note
    per edit that could not be (its target is gone).
    """
    from manju.doc.replay import deleted_lines, replay

    old_lines = old.lines()
    new_lines = new.lines()
    carried = align_lines(old_lines, new_lines, deleted_lines(old))
    taken = {ln.id for ln in carried.values()}
    # Lines not carried keep their content ids unless an old line holds that id.
    all_old = {ln.id for ln in old_lines} | {ln.id for ln in deleted_lines(old)}
    old_scene_of = {ln.id: sc.id for sc in old.scenes() for ln in sc.lines}
    for j, ln in enumerate(new_lines):
        if j in carried:
            ln.id = carried[j].id
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
    if old.title not in ("", "Untitled"):
        new.title = old.title
    notes = replay(old, new)
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


def _still_there(project: Project, raw: dict[str, Any]) -> bool:
    from manju.doc import ops

    try:
        op = ops.parse(raw)
    except Exception:
        return False
    return op.op == "set_shot" or ops.target_exists(project, op)
