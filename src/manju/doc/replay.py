"""Replaying the user's edits on a screenplay adapted again from a changed story file.

:func:`manju.doc.identity.merge` gives every line, scene and character still in the story its
old id; shots take their ids from their lines, so they keep theirs too. The edit history is
then replayed on the new screenplay in the order the edits were made, as line edits always
were: each edit is made afresh on the document as the edits before it left it (so what it
records for undo is the new screenplay's) and applied. An edit whose target (line, scene,
shot, character, or the shot a move was made next to) is gone, or that no longer makes sense
there (a merge of a shot now last of its scene), is dropped with a note saying which and why.
Designs, voices and project settings are carried over as they are, so their edits are kept
as they were recorded.
"""

from __future__ import annotations

from typing import Any

from manju.doc.model import Line, Project
from manju.errors import InputError

#: Edits whose result is carried over whole (a character's design or voice, the settings).
CARRIED = ("set_look", "set_voice", "set_settings")
_SHOT_KINDS = ("set_shot", "delete_shot", "move_shot", "split_shot", "merge_shots",
               "insert_shot", "retime", "add_prop", "remove_prop")


def _each(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return list(raw.get("ops") or []) if raw.get("op") == "batch" else [raw]


def deleted_lines(project: Project) -> list[Line]:
    """The lines the edit history deleted (with the shots that played them)."""
    out: list[Line] = []
    for raw in project.history:
        for op in _each(raw):
            if op.get("op") == "delete_shot":
                for ln in op.get("lines") or []:
                    try:
                        out.append(Line.model_validate(ln))
                    except ValueError:
                        continue
    return out


def _edited_shots(project: Project) -> set[str]:
    """Every shot id an edit in the history set an override for."""
    ids: set[str] = set()
    for raw in project.history:
        for op in _each(raw):
            if op.get("op") in _SHOT_KINDS:
                ids.add(str(op.get("target", "")))
                ids.update(op.get("patches") or {})
    return ids


def _missing(project: Project, op: Any) -> str:
    """Why ``op`` has nothing to apply to in ``project`` ("" when its target is there)."""
    from manju.doc import ops

    if op.op in ("set_look", "set_voice"):
        there = any(c.id == op.target for c in project.characters)
        return "" if there else "that character is no longer in the story"
    if op.op == "set_line":
        return "" if any(ln.id == op.target for ln in project.lines()) else \
            "that line is no longer in the story"
    if op.op == "set_scene":
        return "" if ops.scene_exists(project, op.target) else "that scene is no longer in the story"
    if op.op in _SHOT_KINDS:
        shots = {s.id for s in project.shots()}
        if op.target not in shots:
            return "that shot is no longer in the story"
        anchor = (op.after.before or op.after.after) if op.op == "move_shot" else None
        if anchor and anchor not in shots:
            return "the shot it was moved next to is no longer in the story"
    return ""


def _again(project: Project, op: Any, notes: list[str]) -> Any | None:
    """``op`` made afresh on ``project`` and applied; None (with a note) when it cannot be."""
    from manju.doc import ops

    if op.op == "batch":
        made = [m for sub in op.ops if (m := _again(project, sub, notes)) is not None]
        return ops.Batch(ops=made, note=op.note) if made else None
    why = _missing(project, op)
    if not why and op.op in CARRIED:
        return op
    if not why:
        try:
            fresh = ops.rebuild(project, op)
            ops.apply(project, fresh)
            return fresh
        except InputError as e:
            why = str(e)
    notes.append(f"dropped edit {ops.describe(op)}: {why}")
    return None


def replay(old: Project, new: Project) -> list[str]:
    """Replay ``old``'s edit history on the re-adapted ``new`` (in place, boarding its scenes
    as the edits need them); the new history holds the edits as made again. Returns one note
    per edit dropped."""
    from manju.doc import ops
    from manju.stages.board import board

    edited = _edited_shots(old)
    # Overrides no edit in the history made (a project from before the history) carry as they are.
    new.overrides = {k: v.model_copy(deep=True) for k, v in old.overrides.items()
                     if k not in edited}
    board(new)
    notes: list[str] = []
    history: list[dict[str, Any]] = []
    for raw in old.history:
        try:
            op = ops.parse(raw)
        except InputError:  # an operation this release does not know: say so, keep going
            notes.append(f"dropped an unreadable edit from the history: {str(raw)[:60]}")
            continue
        made = _again(new, op, notes)
        if made is not None:
            history.append(raw if made is op else ops.dump(made))
    new.history = history
    return notes

