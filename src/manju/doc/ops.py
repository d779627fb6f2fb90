"""Edits are operations on the project document, recorded for undo and redo.

An operation is a plain dict ``{"op": NAME, "target": ID, "before": {...}, "after": {...}}``
so the CLI, a web studio and a language agent all produce the same thing, and the history in
``project.json`` can be replayed or inverted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from manju.doc.model import Project
from manju.errors import InputError

Op = dict[str, Any]


def _character(p: Project, target: str) -> Any:
    for c in p.characters:
        if target in (c.id, c.name) or target in c.aliases:
            return c
    names = ", ".join(c.name for c in p.characters) or "none"
    raise InputError(f"no character {target!r} (characters: {names})")


def _shot(p: Project, target: str) -> Any:
    try:
        return p.shot(target)
    except KeyError:
        raise InputError(f"no shot {target!r} (see storyboard.png for shot ids)") from None


def _line(p: Project, target: str) -> Any:
    try:
        return p.line(target)
    except KeyError:
        raise InputError(f"no line {target!r}") from None


def _scene_of_shot(p: Project, sid: str) -> Any:
    for sc in p.scenes():
        if any(s.id == sid for s in sc.shots):
            return sc
    raise InputError(f"no shot {sid!r}")


# Each kind: (read current values of the given keys, write values).
Getter = Callable[[Project, str, list[str]], dict[str, Any]]
Setter = Callable[[Project, str, dict[str, Any]], None]


def _get_look(p: Project, t: str, keys: list[str]) -> dict[str, Any]:
    look = _character(p, t).look
    return {k: look.get(k) for k in keys}


def _set_look(p: Project, t: str, values: dict[str, Any]) -> None:
    c = _character(p, t)
    c.look = {**c.look, **values}


def _get_voice(p: Project, t: str, keys: list[str]) -> dict[str, Any]:
    voice = _character(p, t).voice
    return {k: voice.get(k) for k in keys}


def _set_voice(p: Project, t: str, values: dict[str, Any]) -> None:
    c = _character(p, t)
    c.voice = {**c.voice, **values}


def _get_shot(p: Project, t: str, keys: list[str]) -> dict[str, Any]:
    sh = _shot(p, t)
    return {k: copy.deepcopy(getattr(sh, k)) for k in keys}


def _set_shot(p: Project, t: str, values: dict[str, Any]) -> None:
    sh = _shot(p, t)
    for k, v in values.items():
        setattr(sh, k, v)
    # Remember the edit so a re-run of the board stage keeps it.
    sc = _scene_of_shot(p, t)
    overrides = dict(sc.metadata.get("shot_overrides", {}))
    overrides[t] = {**overrides.get(t, {}), **copy.deepcopy(values)}
    sc.metadata = {**sc.metadata, "shot_overrides": overrides}


def _get_line(p: Project, t: str, keys: list[str]) -> dict[str, Any]:
    ln = _line(p, t)
    return {k: getattr(ln, k) for k in keys}


def _set_line(p: Project, t: str, values: dict[str, Any]) -> None:
    ln = _line(p, t)
    for k, v in values.items():
        setattr(ln, k, v)


KINDS: dict[str, tuple[Getter, Setter]] = {
    "set_look": (_get_look, _set_look),
    "set_voice": (_get_voice, _set_voice),
    "set_shot": (_get_shot, _set_shot),
    "set_line": (_get_line, _set_line),
}


def apply(project: Project, op: Op, *, inverse: bool = False) -> None:
    """Apply ``op`` (or undo it with ``inverse``) to the project in place."""
    _, setter = KINDS[op["op"]]
    setter(project, op["target"], op["before"] if inverse else op["after"])


def edit(project: Project, name: str, target: str, **after: Any) -> Op:
    """Make an edit, record it in the history and clear the redo stack."""
    if name not in KINDS:
        raise InputError(f"unknown edit {name!r}; known: {', '.join(KINDS)}")
    getter, _ = KINDS[name]
    before = getter(project, target, list(after))
    op = {"op": name, "target": target, "before": before, "after": after}
    apply(project, op)
    project.history = [*project.history, op]
    project.future = []
    return op


def undo(project: Project) -> Op:
    """Revert the last edit (InputError when there is none)."""
    if not project.history:
        raise InputError("nothing to undo")
    op = project.history[-1]
    apply(project, op, inverse=True)
    project.history = project.history[:-1]
    project.future = [*project.future, op]
    return op


def redo(project: Project) -> Op:
    """Re-apply the last undone edit (InputError when there is none)."""
    if not project.future:
        raise InputError("nothing to redo")
    op = project.future[-1]
    apply(project, op)
    project.future = project.future[:-1]
    project.history = [*project.history, op]
    return op


def describe(op: Op) -> str:
    """One line saying what an edit does."""
    after = ", ".join(f"{k}={v}" for k, v in op["after"].items())
    return f"{op['op']} {op['target']}: {after}"
