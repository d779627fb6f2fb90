"""Operations that change how a scene is cut and timed: split, merge and insert shots, retime
a shot, add or remove a prop.

Each sets the overrides (:class:`~manju.doc.model.ShotPatch`) of the shots it touches: a
split, a merge or an inserted shot is a ``step`` of the shot it starts from, replayed by the
board stage at every rebuild (:mod:`manju.stages.board_cut`); a pace, a hold or the props are
fields of the shot's own override. Applying one re-boards the scene from its lines and the
overrides, so the document shows what every later rebuild gives. Each records the overrides
it replaced (``prior``; an id missing there had none) and the scene's shots before
(``shots``), so undo restores both exactly. Untouched shots keep their ids; a shot split off
is named from the line it starts with (or the shot's id with ``s``), an inserted one from the
shot before it with ``i``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field, field_validator

from manju.doc.model import (
    Character,
    Framing,
    Pace,
    Project,
    Scene,
    Shot,
    ShotPatch,
    ShotStep,
)
from manju.doc.ops_patches import OpBase, Patch
from manju.errors import InputError

#: The operation kinds of this module.
LAYOUT_KINDS = ("split_shot", "merge_shots", "insert_shot", "retime", "add_prop", "remove_prop")
MAX_PROPS = 3
HOLD_RANGE = (-5.0, 30.0)


def prop_names() -> tuple[str, ...]:
    """The props the renderer can draw."""
    from manju.render.props import PROPS

    return PROPS


class SplitPatch(Patch):
    """Where a shot is cut in two: after line ``after_line`` (its id, or its number within the
    shot: "1" cuts after the shot's first line). Unset: between its middle lines, or in two
    halves of its time when it plays one line or none."""

    after_line: str | None = None


class MergePatch(Patch):
    """A merge takes in the next shot of the same scene; nothing to set."""


class InsertPatch(Patch):
    """The silent shot to insert: its framing (``wide`` by default: an establishing shot of the
    scene), who is in it (ids or names; a wide shot shows who is in the scene), the props it
    shows (an ``insert`` shows its first prop large) and how long it holds (seconds)."""

    framing: Framing = "wide"
    subjects: list[str] | None = None
    props: list[str] | None = None
    duration: float | None = Field(None, ge=0.5, le=10.0)

    @field_validator("props")
    @classmethod
    def _props(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [_prop(p) for p in v]


class RetimePatch(Patch):
    """A shot's timing: ``hold`` seconds added to its end (negative: taken off, never cutting
    a line short) and the ``pace`` of the pauses around its lines."""

    hold: float | None = Field(None, ge=HOLD_RANGE[0], le=HOLD_RANGE[1])
    pace: Pace | None = None


class PropPatch(Patch):
    """One prop (a name the renderer draws: lantern, umbrella, sword, cup, phone…) and, to add
    it in a character's hand rather than to the set, who ``holder`` is (id or name; someone
    in the shot)."""

    prop: str
    holder: str | None = None

    @field_validator("prop")
    @classmethod
    def _known(cls, v: str) -> str:
        return _prop(v)


def _prop(name: str) -> str:
    v = name.strip().lower()
    if v not in prop_names():
        raise ValueError(f"{name!r} is not a prop that can be drawn (one of "
                         f"{', '.join(prop_names())})")
    return v


class LayoutOp(OpBase):
    """Base of the operations of this module: what they set and what they replaced."""

    target: str
    scene: str = ""
    patches: dict[str, ShotPatch] = Field(default_factory=dict)
    prior: dict[str, ShotPatch] = Field(default_factory=dict)
    shots: list[Shot] = Field(default_factory=list)


class SplitShot(LayoutOp):
    """Split a shot in two: at a line boundary, or in two halves of its time."""

    op: Literal["split_shot"] = "split_shot"
    after: SplitPatch = Field(default_factory=SplitPatch)


class MergeShots(LayoutOp):
    """Merge a shot with the next shot of its scene (one set-up plays both)."""

    op: Literal["merge_shots"] = "merge_shots"
    after: MergePatch = Field(default_factory=MergePatch)


class InsertShot(LayoutOp):
    """Insert a silent shot (an establishing shot, a close-up, an insert of a prop) after a
    shot."""

    op: Literal["insert_shot"] = "insert_shot"
    after: InsertPatch = Field(default_factory=InsertPatch)


class Retime(LayoutOp):
    """Change how long a shot holds (seconds added) or the pace of its pauses."""

    op: Literal["retime"] = "retime"
    after: RetimePatch


class AddProp(LayoutOp):
    """Show a prop in a shot."""

    op: Literal["add_prop"] = "add_prop"
    after: PropPatch


class RemoveProp(LayoutOp):
    """Take a prop out of a shot."""

    op: Literal["remove_prop"] = "remove_prop"
    after: PropPatch


LAYOUT_CLASSES: dict[str, type[LayoutOp]] = {
    "split_shot": SplitShot, "merge_shots": MergeShots, "insert_shot": InsertShot,
    "retime": Retime, "add_prop": AddProp, "remove_prop": RemoveProp}
LAYOUT_PATCHES: dict[str, type[Patch]] = {
    "split_shot": SplitPatch, "insert_shot": InsertPatch, "retime": RetimePatch,
    "add_prop": PropPatch, "remove_prop": PropPatch}


# -- making -----------------------------------------------------------------------------------

def _override(project: Project, sid: str) -> ShotPatch:
    prior = project.overrides.get(sid)
    return prior.model_copy(deep=True) if prior is not None else ShotPatch()


def _with_step(patch: ShotPatch, step: ShotStep) -> ShotPatch:
    return patch.model_copy(update={"steps": [*(patch.steps or []), step]})


def _taken(project: Project) -> set[str]:
    """Every shot id in use or promised by an inserted shot."""
    ids = {s.id for s in project.shots()}
    for patch in project.overrides.values():
        ids.update(st.shot.id for st in patch.steps or [] if st.shot is not None)
    return ids


def _number(project: Project, shot: Shot) -> int:
    return [s.id for s in project.shots()].index(shot.id) + 1


def _split(project: Project, shot: Shot,
           after: SplitPatch) -> tuple[SplitPatch, dict[str, ShotPatch]]:
    from manju.stages.board_cut import MIN_PART, split_id

    played = [c.line for c in shot.cues]
    n = _number(project, shot)
    if after.after_line:
        ref = after.after_line
        k = int(ref) if ref.isdigit() and ref not in played else (
            played.index(ref) + 1 if ref in played else 0)
        if not 1 <= k <= len(played):
            raise InputError(f"shot {n} plays {len(played)} line{'s' * (len(played) != 1)}; "
                             f"{ref!r} is not one of them")
        if k == len(played):
            raise InputError(f"shot {n} ends with that line: there is nothing after it to split off")
        at = played[k]
        after = SplitPatch(after_line=played[k - 1])
    else:
        at = played[len(played) // 2] if len(played) >= 2 else ""
    if not at and shot.duration < 2 * MIN_PART:
        raise InputError(f"shot {n} is too short ({shot.duration:g}s) to split in two halves")
    mine = _override(project, shot.id)
    patches = {shot.id: _with_step(mine, ShotStep(do="split", at=at))}
    # The part split off keeps the set-up the user gave the shot (the storyboard's otherwise).
    pinned = {k: v for k, v in mine.values().items() if k not in ("hold", "pace")}
    if pinned:
        part = split_id(shot, at, _taken(project) - {shot.id})
        patches[part] = _override(project, part).model_copy(update=pinned)
    return after, patches


def _merge(project: Project, scene: Scene, shot: Shot) -> dict[str, ShotPatch]:
    ids = [s.id for s in scene.shots]
    at = ids.index(shot.id)
    if at + 1 >= len(ids):
        raise InputError(f"shot {_number(project, shot)} is the last of its scene: shots merge "
                         "with the next shot of the same scene (a scene's lines share one place "
                         "and time)")
    nxt = scene.shots[at + 1]
    mine = _override(project, shot.id)
    patch = _with_step(mine, ShotStep(do="merge"))
    # A subjects or props override of the shot would hide who and what the next one adds.
    if mine.subjects is not None:
        patch.subjects = list(dict.fromkeys([*mine.subjects, *nxt.subjects]))[:3]
    if mine.props is not None:
        patch.props = list(dict.fromkeys([*mine.props, *nxt.props]))[:MAX_PROPS]
    # What the user gave the next shot (a prop, a prop in someone's hand) goes with it.
    theirs = project.overrides.get(nxt.id)
    if theirs is not None and theirs.props is not None:
        patch.props = list(dict.fromkeys([*shot.props, *nxt.props]))[:MAX_PROPS]
    if mine.held is not None or (theirs is not None and theirs.held is not None):
        patch.held = {**nxt.held, **shot.held}
    return {shot.id: patch}


def _insert(project: Project, scene: Scene, shot: Shot, after: InsertPatch,
            who: Callable[[Project, str], Character]) -> tuple[InsertPatch, dict[str, ShotPatch]]:
    from manju.stages.board import ESTABLISH, _camera
    from manju.stages.board_cut import unique

    subjects = [who(project, s).id for s in after.subjects or []]
    if after.subjects is None and after.framing == "wide":
        subjects = list(scene.present[:3])
    elif after.subjects is None and after.framing != "insert":
        subjects = [shot.focus] if shot.focus in shot.subjects else shot.subjects[:1]
    if len(subjects) > 3:
        raise InputError("a shot shows at most three characters")
    props = list(after.props or [])[:MAX_PROPS]
    if after.framing == "insert" and not props:
        raise InputError("an insert shot shows a prop: name one (props: "
                         f"{', '.join(prop_names())})")
    values = after.values()
    if after.subjects is not None:
        values["subjects"] = subjects
    new = Shot(id=unique(f"{shot.id}i", _taken(project)), framing=after.framing,
               subjects=subjects, focus=subjects[0] if len(subjects) == 1 else None,
               expressions={s: "neutral" for s in subjects}, props=props,
               duration=after.duration or (ESTABLISH if after.framing == "wide" else 1.6),
               camera=_camera(after.framing, 0), transition="cut")
    step = ShotStep(do="insert", shot=new)
    return InsertPatch(**values), {shot.id: _with_step(_override(project, shot.id), step)}


def _props(project: Project, shot: Shot, name: str, after: PropPatch,
           who: Callable[[Project, str], Character]) -> tuple[PropPatch, dict[str, ShotPatch]]:
    n = _number(project, shot)
    prop = after.prop
    have, held = list(shot.props), dict(shot.held)
    if name == "add_prop" and after.holder:
        c = who(project, after.holder)
        if c.id not in shot.subjects:
            raise InputError(f"{c.name} is not in shot {n}: a prop is held by someone the shot "
                             "shows")
        after = PropPatch(prop=prop, holder=c.id)
        if held.get(prop) == c.id:
            raise InputError(f"{c.name} already holds the {prop} in shot {n}")
        if prop not in have and len(have) >= MAX_PROPS:
            raise InputError(f"shot {n} already shows {MAX_PROPS} props")
        # One thing in the hand: what they held before stays in the set.
        held = {p: cid for p, cid in held.items() if cid != c.id}
        held[prop] = c.id
        if prop not in have:
            have.append(prop)
    elif name == "add_prop":
        if prop in have:
            raise InputError(f"shot {n} already shows the {prop}")
        if len(have) >= MAX_PROPS:
            raise InputError(f"shot {n} already shows {MAX_PROPS} props")
        have.append(prop)
    else:
        if after.holder:
            raise InputError("remove_prop takes the prop only")
        if prop not in have:
            raise InputError(f"shot {n} does not show a {prop} (it shows "
                             f"{', '.join(have) or 'no props'})")
        have.remove(prop)
        held.pop(prop, None)
    values: dict[str, object] = {"props": have}
    mine = _override(project, shot.id)
    if held != shot.held or mine.held is not None:
        values["held"] = held
    return after, {shot.id: mine.model_copy(update=values)}


def make_layout(project: Project, name: str, shot: Shot, after: Any,
                who: Callable[[Project, str], Character]) -> LayoutOp:
    """Operation ``name`` on ``shot`` (found by the caller) with the validated values
    ``after``; ``who`` finds a character by id or name. Records what it replaces."""
    scene = project.scene_of_shot(shot.id)
    if name == "split_shot":
        after, patches = _split(project, shot, after)
    elif name == "merge_shots":
        patches = _merge(project, scene, shot)
    elif name == "insert_shot":
        after, patches = _insert(project, scene, shot, after, who)
    elif name == "retime":
        if not after.values():
            raise InputError("retime: give a hold (seconds) or a pace (slow, normal, fast)")
        patches = {shot.id: _override(project, shot.id).model_copy(update=after.values())}
    else:
        after, patches = _props(project, shot, name, after, who)
    prior = {sid: p.model_copy(deep=True) for sid in patches
             if (p := project.overrides.get(sid)) is not None}
    made: LayoutOp = LAYOUT_CLASSES[name].model_validate({
        "target": shot.id, "after": after, "scene": scene.id, "patches": patches, "prior": prior,
        "shots": [s.model_copy(deep=True) for s in scene.shots]})
    return made


# -- applying ---------------------------------------------------------------------------------

def apply_layout(project: Project, op: LayoutOp, inverse: bool) -> None:
    """Apply (or with ``inverse`` undo) one of this module's operations in place."""
    scene = next((sc for sc in project.scenes() if sc.id == op.scene), None)
    if scene is None:
        raise InputError(f"no scene {op.scene!r}")
    overrides = dict(project.overrides)
    if inverse:
        for sid in op.patches:
            if sid in op.prior:
                overrides[sid] = op.prior[sid].model_copy(deep=True)
            else:
                overrides.pop(sid, None)
        project.overrides = overrides
        scene.shots = [s.model_copy(deep=True) for s in op.shots]
        return
    for sid, patch in op.patches.items():
        overrides[sid] = patch.model_copy(deep=True)
    project.overrides = overrides
    from manju.stages.board import board_shots

    scene.shots = board_shots(project, scene)

