"""What a shot card's editor sends: the request bodies of the shot routes, and the values they
carry turned into operations (a camera move by name, the people in the shot by name or id).

Every one of them becomes one operation of :mod:`manju.doc.ops` applied through the session,
so each is undone in one step and only the shots it touches are rendered again.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from manju.doc.model import FRAMINGS, Framing, Pace, Project
from manju.errors import InputError

CAMERA_MOVES = ("static", "push_in", "pull_out", "pan_left", "pan_right")
PACES: tuple[str, ...] = Pace.__args__  # type: ignore[attr-defined]
#: How far a shot's hold may go (seconds added to its end; negative: taken off).
HOLD_RANGE = (-5.0, 30.0)


class ShotIn(BaseModel):
    """Fields of a shot to set (only those given): the framing, the camera move, and who is
    in the shot (character ids or names; an empty list: nobody)."""

    framing: str | None = Field(default=None, max_length=40)
    camera: str | None = Field(default=None, max_length=40)
    subjects: list[str] | None = Field(default=None, max_length=12)


class MoveIn(BaseModel):
    """Where a shot goes in its scene: before or after another shot (neither: the end)."""

    before: str | None = Field(default=None, max_length=40)
    after: str | None = Field(default=None, max_length=40)


class RetimeIn(BaseModel):
    """A shot's timing: ``hold`` seconds added to its end (negative: taken off, never cutting
    a line short; 0: as the storyboard times it) and the ``pace`` of the pauses around its
    lines. At least one of them."""

    hold: float | None = Field(default=None, ge=HOLD_RANGE[0], le=HOLD_RANGE[1])
    pace: Pace | None = None


class PropIn(BaseModel):
    """One prop, by the name the renderer draws it under (``/api/info`` lists them); to add
    it in a character's hand, ``holder`` (their id or name; someone in the shot)."""

    prop: str = Field(min_length=1, max_length=40)
    holder: str | None = Field(default=None, min_length=1, max_length=80)


class SplitIn(BaseModel):
    """Where to cut a shot in two: after line ``after_line`` (its id, or its number within the
    shot); unset: between its middle lines, or in two halves of its time."""

    after_line: str | None = Field(default=None, max_length=40)


class InsertIn(BaseModel):
    """The silent shot to put after a shot: its framing (an establishing ``wide`` shot by
    default; an ``insert`` shows its first prop large), the props it shows and how long it
    holds (seconds; unset: the storyboard's length for its framing)."""

    framing: Framing = "wide"
    props: list[str] | None = Field(default=None, max_length=3)
    duration: float | None = Field(default=None, ge=0.5, le=10.0)


def camera_move(move: str) -> dict[str, Any]:
    """The camera for ``move`` (``push_in``, ``pan_left``…): the same zoom and easing the
    chat's "push in on shot 3" gives, so the card and the chat make the same shot."""
    from manju.edit.parser import CAMERAS

    if move not in CAMERAS:
        raise InputError(f"camera must be one of {', '.join(CAMERAS)}")
    return dict(CAMERAS[move])


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


def set_shot_fields(body: ShotIn) -> dict[str, Any]:
    """The ``after`` of a ``set_shot`` from the card's fields (InputError when a value is not
    one the card offers, or when nothing is given); subjects are still names here."""
    after: dict[str, Any] = body.model_dump(exclude_none=True)
    if not after:
        raise InputError("nothing to change")
    if after.get("framing") not in (None, *FRAMINGS):
        raise InputError(f"framing must be one of {', '.join(FRAMINGS)}")
    if "camera" in after:
        after["camera"] = camera_move(after["camera"])
    return after


def prop_name(name: str) -> str:
    """``name`` as a prop the renderer draws (lower case), or InputError listing them."""
    from manju.doc.ops_layout import prop_names

    v = name.strip().lower()
    if v not in prop_names():
        raise InputError(f"{name!r} is not a prop that can be drawn (one of "
                         f"{', '.join(prop_names())})")
    return v


def layout_op(name: str, sid: str, body: BaseModel | None) -> dict[str, Any]:
    """The JSON of layout operation ``name`` (``retime``, ``add_prop``, ``split_shot``…) on
    shot ``sid`` with the values of ``body`` (InputError when they cannot make one)."""
    after: dict[str, Any] = body.model_dump(exclude_none=True) if body is not None else {}
    if name == "retime" and not after:
        raise InputError("retime: give a hold (seconds) or a pace (slow, normal, fast)")
    if "prop" in after:
        after["prop"] = prop_name(after["prop"])
    if after.get("props") is not None:
        after["props"] = [prop_name(p) for p in after["props"]]
    return {"op": name, "target": sid, "after": after}
