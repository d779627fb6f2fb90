"""The values a shot card's editor sends, turned into a ``set_shot`` operation's fields: a
camera move by name, and the people in the shot by name or id."""

from __future__ import annotations

from typing import Any

from manju.doc.model import Project
from manju.errors import InputError


def camera_move(move: str) -> dict[str, Any]:
    """The camera for ``move`` (``push_in``, ``pan_left``…): the same zoom and easing the
    chat's "push in on shot 3" gives, so the card and the chat make the same shot."""
    from manju.edit.parser import _CAMERAS

    if move not in _CAMERAS:
        raise InputError(f"camera must be one of {', '.join(_CAMERAS)}")
    return dict(_CAMERAS[move])


def subject_ids(project: Project, names: list[str]) -> list[str]:
    """The character ids of ``names`` (ids, names or aliases), each once, in order;
    InputError naming the cast when one is not a character."""
    from manju.doc.ops import find_character

    out: list[str] = []
    for name in names:
        cid = find_character(project, name.strip()).id
        if cid not in out:
            out.append(cid)
    return out
