"""Operations that change the storyboard's structure: delete a shot, move a shot in its scene.

Shots are rebuilt from their scene's lines by the board stage, so these edit the lines the
shot plays (removing them, or moving them within the scene) and the scene's current shots,
and record exactly what they replaced so undo puts both back. A shot keeps its id (taken
from the first line it plays), so overrides and later edits still find it. A silent shot
(a scene's establishing shot without narration, a reaction) plays no line: the storyboard
makes it from the scene, so it cannot be deleted or moved on its own. A shot the user made
(inserted, or split off another) is not made from the lines: it moves by a step replayed at
every rebuild (:mod:`manju.stages.board_cut`), and so does a shot moved next to one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from manju.doc.model import Line, Project, Scene, Shot, ShotPatch
from manju.doc.ops_patches import MovePatch, OpBase, Patch
from manju.errors import InputError


class NoValues(Patch):
    """An operation that sets no values (it is all in its target)."""


class DeleteShot(OpBase):
    """Delete a shot and the lines it plays. ``lines`` and ``indices`` are the removed lines
    and where they stood, ``shots`` the scene's shots and ``prior`` the shot's override before,
    so undo restores all of them."""

    op: Literal["delete_shot"] = "delete_shot"
    target: str
    after: NoValues = Field(default_factory=NoValues)
    scene: str = ""
    lines: list[Line] = Field(default_factory=list)
    indices: list[int] = Field(default_factory=list)
    shots: list[Shot] = Field(default_factory=list)
    prior: ShotPatch | None = None
    #: the framings of the scene's other shots, kept as they were (see :func:`_pins`), and
    #: the overrides those replaced
    pins: dict[str, ShotPatch] = Field(default_factory=dict)
    pinned: dict[str, ShotPatch] = Field(default_factory=dict)


class MoveShot(OpBase):
    """Move a shot (with the lines it plays and its reaction shots) within its scene.
    ``order`` is the scene's line ids before and ``shots`` its shots before. A shot the
    storyboard does not make from the lines (an inserted shot, a part split off), or one moved
    next to such a shot, moves by a ``move`` step in its override instead: ``patches`` are the
    overrides set and ``prior`` those they replaced (an id not there had none)."""

    op: Literal["move_shot"] = "move_shot"
    target: str
    after: MovePatch = Field(default_factory=MovePatch)
    scene: str = ""
    order: list[str] = Field(default_factory=list)
    shots: list[Shot] = Field(default_factory=list)
    patches: dict[str, ShotPatch] = Field(default_factory=dict)
    prior: dict[str, ShotPatch] = Field(default_factory=dict)
    pins: dict[str, ShotPatch] = Field(default_factory=dict)
    pinned: dict[str, ShotPatch] = Field(default_factory=dict)


def _scene(project: Project, sid: str) -> Scene:
    for sc in project.scenes():
        if sc.id == sid:
            return sc
    raise InputError(f"no scene {sid!r}")


def _group(scene: Scene, sid: str) -> list[Shot]:
    """A shot and the silent reaction shots that follow it (``sh_…r``)."""
    out: list[Shot] = []
    for sh in scene.shots:
        if sh.id == sid or (out and sh.id.startswith(sid) and set(sh.id[len(sid):]) <= {"r", "x"}
                            and not sh.cues):
            out.append(sh)
        elif out:
            break
    return out


def _played(shot: Shot) -> list[str]:
    return [c.line for c in shot.cues]


def _silent(shot: Shot, number: str) -> InputError:
    what = "establishing" if shot.framing == "wide" else "reaction"
    return InputError(f"shot {number} is a silent {what} shot: the storyboard makes it from the "
                      "scene and it plays no line, so it cannot be deleted or moved on its own "
                      "(change its framing, or the line before it)")


def make_delete(project: Project, shot: Shot, number: str) -> DeleteShot:
    """The operation deleting ``shot`` (found by the caller), recording what it removes."""
    if not shot.cues:
        raise _silent(shot, number)
    scene = project.scene_of_shot(shot.id)
    ids = set(_played(shot))
    indices = [i for i, ln in enumerate(scene.lines) if ln.id in ids]
    prior = project.overrides.get(shot.id)
    op = DeleteShot(target=shot.id, scene=scene.id,
                    lines=[scene.lines[i].model_copy(deep=True) for i in indices],
                    indices=indices, shots=[s.model_copy(deep=True) for s in scene.shots],
                    prior=prior.model_copy(deep=True) if prior else None)
    _pin(project, op)
    return op


def _pin(project: Project, op: DeleteShot | MoveShot) -> None:
    """Keep the framings (and who is in frame) of the scene's shots as they are. The
    storyboard frames a dialogue by turns (a shot, then its reverse), so taking a shot out or
    moving one would let it frame every later shot of the scene anew and draw them all again,
    where the user changed one (and a moved shot is the same shot in another place). Only the shots that would change are pinned (as a framing,
    subjects and camera override, recorded with the override it replaced so undo restores
    it exactly)."""
    from manju.stages.board import board_shots

    trial = project.model_copy(deep=True)
    apply_structure(trial, op, inverse=False)
    scene = _scene(project, op.scene)
    before = {sh.id: sh for sh in scene.shots}
    for sh in board_shots(trial, _scene(trial, op.scene)):
        old = before.get(sh.id)
        mine = project.overrides.get(sh.id)
        if old is None or (mine and (mine.framing or mine.subjects)):
            continue
        if sh.framing == old.framing and sh.subjects == old.subjects:
            continue
        patch = mine.model_copy(deep=True) if mine is not None else ShotPatch()
        op.pins[sh.id] = patch.model_copy(update={
            "framing": old.framing, "subjects": list(old.subjects),
            "camera": patch.camera or old.camera.model_copy(deep=True)})
        if mine is not None:
            op.pinned[sh.id] = mine.model_copy(deep=True)


def _apply_pins(project: Project, op: DeleteShot | MoveShot, inverse: bool) -> None:
    if not op.pins:
        return
    overrides = dict(project.overrides)
    for sid, patch in op.pins.items():
        if not inverse:
            overrides[sid] = patch.model_copy(deep=True)
        elif sid in op.pinned:
            overrides[sid] = op.pinned[sid].model_copy(deep=True)
        else:
            overrides.pop(sid, None)
    project.overrides = overrides


def _anchor_index(scene: Scene, anchor: Shot, where: str, moving: set[str]) -> int:
    """Where in the scene's remaining lines the moved lines go, before or after ``anchor``."""
    remaining = [ln.id for ln in scene.lines if ln.id not in moving]
    pos = next(i for i, sh in enumerate(scene.shots) if sh.id == anchor.id)
    if where == "before":
        for sh in scene.shots[pos:]:
            played = [lid for lid in _played(sh) if lid in remaining]
            if played:
                return remaining.index(played[0])
        return len(remaining)
    for sh in reversed(scene.shots[:pos + 1]):
        played = [lid for lid in _played(sh) if lid in remaining]
        if played:
            return remaining.index(played[-1]) + 1
    return 0


def _boarded(project: Project, scene: Scene) -> set[str]:
    """The ids of the shots the storyboard makes from the scene's lines (no user steps)."""
    from manju.stages.board import board_scene

    people = {c.id: ([c.name, *c.aliases], c.gender) for c in project.characters}
    return {s.id for s in board_scene(scene.model_copy(deep=True), project.lang, people)}


def movable(project: Project, scene: Scene) -> set[str]:
    """The ids of the scene's shots ``move_shot`` can move: those that play lines and those
    the user made (inserted, split off); not the storyboard's silent shots."""
    made = _boarded(project, scene) if any(not sh.cues for sh in scene.shots) else set()
    return {sh.id for sh in scene.shots if sh.cues or sh.id not in made}


def make_move(project: Project, shot: Shot, number: str, place: MovePatch,
              find: Any) -> MoveShot:
    """The operation moving ``shot`` before or after another shot of its scene (``find``
    resolves a shot reference), recording the scene's order before."""
    if place.before and place.after:
        raise InputError("move a shot either before or after another one, not both")
    scene = project.scene_of_shot(shot.id)
    made = _boarded(project, scene)
    if not shot.cues and shot.id in made:
        raise _silent(shot, number)
    ref = place.before or place.after
    values: dict[str, str] = {}
    anchor: Shot | None = None
    if ref:
        anchor = find(project, ref)
        if anchor.id == shot.id:
            raise InputError(f"shot {number} cannot move relative to itself")
        if not any(s.id == anchor.id for s in scene.shots):
            raise InputError(f"shot {ref} is in another scene: shots move within their scene "
                             "(a scene's lines share one place and time)")
        values = {"before" if place.before else "after": anchor.id}
    op = MoveShot(target=shot.id, after=MovePatch(**values), scene=scene.id,
                  order=[ln.id for ln in scene.lines],
                  shots=[s.model_copy(deep=True) for s in scene.shots])
    if shot.id not in made or (anchor is not None and anchor.id not in made):
        op.patches = _move_steps(project, scene, shot, op.after)
        op.prior = {sid: p.model_copy(deep=True) for sid in op.patches
                    if (p := project.overrides.get(sid)) is not None}
        from manju.stages.board import board_shots

        trial = project.model_copy(deep=True)
        trial.overrides = {**trial.overrides, **op.patches}
        moved = board_shots(trial, trial.scene_of_shot(shot.id))
        if [s.id for s in moved] == [s.id for s in scene.shots]:
            raise InputError(f"shot {number} is already there")
        return op
    trial_scene = scene.model_copy(deep=True)
    _move(trial_scene, op)
    if [ln.id for ln in trial_scene.lines] == op.order:
        raise InputError(f"shot {number} is already there")
    _pin(project, op)
    return op


def _move_steps(project: Project, scene: Scene, shot: Shot,
                where: MovePatch) -> dict[str, ShotPatch]:
    """The overrides moving ``shot`` (and the reaction shots after it) by ``move`` steps."""
    from manju.doc.model import ShotStep

    group = _group(scene, shot.id) or [shot]
    first = ShotStep(do="move", at=where.before or where.after or "",
                     place="before" if where.before else "after")
    out: dict[str, ShotPatch] = {}
    for k, sh in enumerate(group):
        step = first if k == 0 else ShotStep(do="move", at=group[k - 1].id)
        mine = project.overrides.get(sh.id)
        patch = mine.model_copy(deep=True) if mine is not None else ShotPatch()
        out[sh.id] = patch.model_copy(update={"steps": [*(patch.steps or []), step]})
    return out


def _move(scene: Scene, op: MoveShot) -> None:
    group = _group(scene, op.target)
    if not group:
        raise InputError(f"shot {op.target} is no longer in its scene; run `manju make` first")
    moving = set(_played(group[0]))
    lines = [ln for ln in scene.lines if ln.id in moving]
    rest = [ln for ln in scene.lines if ln.id not in moving]
    shots = [sh for sh in scene.shots if sh not in group]
    ref = op.after.before or op.after.after
    anchor = next((sh for sh in scene.shots if sh.id == ref), None) if ref else None
    if anchor is None:
        at, spot = len(rest), len(shots)
    elif op.after.before:
        at = _anchor_index(scene, anchor, "before", moving)
        spot = shots.index(anchor)
    else:
        at = _anchor_index(scene, anchor, "after", moving)
        spot = shots.index(_group(scene, anchor.id)[-1]) + 1 if anchor in shots else len(shots)
    scene.lines = [*rest[:at], *lines, *rest[at:]]
    scene.shots = [*shots[:spot], *group, *shots[spot:]]


def apply_structure(project: Project, op: Any, inverse: bool) -> None:
    """Apply (or with ``inverse`` undo) a delete_shot or move_shot operation in place."""
    scene = _scene(project, op.scene)
    _apply_pins(project, op, inverse)
    if op.op == "delete_shot":
        if inverse:
            lines = list(scene.lines)
            for i, ln in sorted(zip(op.indices, op.lines, strict=True), key=lambda t: t[0]):
                lines.insert(min(i, len(lines)), ln.model_copy(deep=True))
            scene.lines = lines
            scene.shots = [s.model_copy(deep=True) for s in op.shots]
            if op.prior is not None:
                project.overrides = {**project.overrides, op.target: op.prior.model_copy(deep=True)}
            return
        gone = {ln.id for ln in op.lines}
        group = _group(scene, op.target)
        scene.lines = [ln for ln in scene.lines if ln.id not in gone]
        scene.shots = [sh for sh in scene.shots if sh not in group]
        project.overrides = {k: v for k, v in project.overrides.items() if k != op.target}
        _reboard(project, scene)
        return
    if op.patches:
        overrides = dict(project.overrides)
        for sid, patch in op.patches.items():
            if inverse and sid in op.prior:
                overrides[sid] = op.prior[sid].model_copy(deep=True)
            elif inverse:
                overrides.pop(sid, None)
            else:
                overrides[sid] = patch.model_copy(deep=True)
        project.overrides = overrides
        if inverse:
            scene.shots = [s.model_copy(deep=True) for s in op.shots]
        else:
            from manju.stages.board import board_shots

            scene.shots = board_shots(project, scene)
        return
    if inverse:
        by_id = {ln.id: ln for ln in scene.lines}
        ordered = [by_id.pop(lid) for lid in op.order if lid in by_id]
        scene.lines = [*ordered, *by_id.values()]
        scene.shots = [s.model_copy(deep=True) for s in op.shots]
        return
    _move(scene, op)
    _reboard(project, scene)


def _reboard(project: Project, scene: Scene) -> None:
    """Where the user changed the scene's cut, the shots as the next rebuild gives them (a
    shot inserted after a moved or deleted one follows it, or goes with it)."""
    ids = {sh.id for sh in scene.shots}
    # Only a cut edit (a step: insert, split, merge, move) makes the cut the user's; a framing
    # or a camera set on a shot leaves the order as the operation left it.
    if any(p.steps for sid, p in project.overrides.items() if sid in ids):
        from manju.stages.board import board_shots

        scene.shots = board_shots(project, scene)


def scene_exists(project: Project, sid: str) -> bool:
    """Whether the scene ``sid`` is still in the document."""
    return any(sc.id == sid for sc in project.scenes())
