"""The user's cut of a scene, applied to a freshly boarded one: splits, merges, inserted shots
and retiming.

The storyboard gives every spoken line its own shot and at most two narration lines to one.
A shot's override (:class:`~manju.doc.model.ShotPatch`) can carry ``steps`` that change that
cut: ``split`` (before one of its lines, or in two halves of its time when it plays one line
or none), ``merge`` (take in the next shot of the scene), ``insert`` (a silent shot after
it) and ``move`` (the shot itself, before or after another: how a shot the storyboard does
not make from the lines, an inserted one or a part split off, is moved). Steps are replayed
in the order they were made, each shot's when it is reached; a shot is settled (its own
steps replayed) before another takes it in, and shots that move are settled before any
merge, so replaying gives the cut the edits gave one after another. Then every shot's own changes (framing, subjects, props,
pace, hold) are applied.
"""

from __future__ import annotations

from collections.abc import Mapping

from manju.doc.model import Line, Scene, Shot, ShotPatch, ShotStep
from manju.stages.board import _duration, apply_patch, shot_id

#: How much a pace stretches the pauses around and between a shot's lines.
PACE = {"slow": 1.6, "normal": 1.0, "fast": 0.6}
MIN_PART = 0.8   # the shortest part a split in two halves leaves
MIN_SHOT = 0.4   # no hold makes a shot shorter than this
AFTER_LINE = 0.15  # nor cuts closer than this to the end of its last line


def unique(sid: str, taken: set[str]) -> str:
    """``sid``, or with ``x`` appended until no shot in ``taken`` has it."""
    while sid in taken:
        sid += "x"
    return sid


def split_id(shot: Shot, at: str, taken: set[str]) -> str:
    """The id of the second part of ``shot`` split before line ``at`` (from that line, as the
    storyboard names shots) or, for a split in halves, the shot's id with ``s``."""
    return unique(shot_id(Scene(id="", heading=""), [Line(id=at, kind="narration", text="")], "")
                  if at else f"{shot.id}s", taken)


def _lines(shot: Shot, lines: Mapping[str, Line]) -> list[Line]:
    return [lines[c.line] for c in shot.cues if c.line in lines]


def _split(shot: Shot, at: str, lines: Mapping[str, Line], extra: dict[str, float],
           taken: set[str]) -> Shot | None:
    """Cut ``shot`` in two (it keeps the first part); the second part, or None when the line
    ``at`` is not one of its later lines."""
    played = [c.line for c in shot.cues]
    if at:
        if at not in played[1:]:
            return None
        k = played.index(at)
        mine = [lines[i] for i in played[:k] if i in lines]
        theirs = [lines[i] for i in played[k:] if i in lines]
        first, cues = _duration(mine)
        second, later = _duration(theirs)
        held = extra.pop(shot.id, 0.0)
        shot.cues, shot.duration = cues, first
        part = shot.model_copy(deep=True, update={
            "id": split_id(shot, at, taken), "cues": later, "duration": round(second + held, 3),
            "transition": "cut", "segment": None})
        if held:
            extra[part.id] = held
        return part
    end = max((c.end for c in shot.cues), default=0.0)
    cut = round(max(shot.duration / 2, end + AFTER_LINE), 3)
    rest = round(max(MIN_PART, shot.duration - cut), 3)
    extra.pop(shot.id, None)
    part = shot.model_copy(deep=True, update={
        "id": split_id(shot, "", taken), "cues": [], "duration": rest, "transition": "cut",
        "segment": None})
    shot.duration = cut
    return part


def _absorb(shot: Shot, other: Shot, lines: Mapping[str, Line], extra: dict[str, float]) -> None:
    """``shot`` takes in ``other``: its lines (re-cued after its own), its silent time, who and
    what it shows."""
    silent = (extra.pop(shot.id, 0.0) if shot.cues else shot.duration) + \
        (extra.pop(other.id, 0.0) if other.cues else other.duration)
    played = [*_lines(shot, lines), *_lines(other, lines)]
    if played:
        length, shot.cues = _duration(played)
        shot.duration = round(length + silent, 3)
        if silent:
            extra[shot.id] = round(silent, 3)
    else:
        shot.duration = round(silent, 3)
    subjects = list(dict.fromkeys([*shot.subjects, *other.subjects]))[:3]
    shot.expressions = {k: v for k, v in {**other.expressions, **shot.expressions}.items()
                        if k in subjects}
    shot.gestures = {k: v for k, v in {**other.gestures, **shot.gestures}.items()
                     if k in subjects}
    shot.subjects = subjects
    shot.props = list(dict.fromkeys([*shot.props, *other.props]))
    shot.held = {p: c for p, c in {**other.held, **shot.held}.items() if c in subjects}
    shot.focus = shot.focus or other.focus


def retime(shot: Shot, lines: Mapping[str, Line], pace: str | None, hold: float,
           extra: float = 0.0) -> None:
    """Set a shot's length for ``pace`` (its pauses stretched or shortened) plus ``hold``
    seconds; a shot never ends before its last line (and a short pause)."""
    factor = PACE.get(pace or "normal", 1.0)
    played = _lines(shot, lines)
    if played:
        length, shot.cues = _duration(played, factor)
        length += extra * factor
    else:
        length = shot.duration * factor
    end = max((c.end for c in shot.cues), default=0.0)
    shot.duration = round(max(length + hold, end + AFTER_LINE, MIN_SHOT), 3)


def follows(shots: list[Shot], k: int) -> int:
    """The index just past shot ``k`` and the silent reaction shots the storyboard made after
    it (``…r``): where a shot placed after shot ``k`` goes."""
    sid = shots[k].id
    k += 1
    while k < len(shots) and shots[k].id.startswith(sid) and not shots[k].cues \
            and set(shots[k].id[len(sid):]) <= {"r", "x"}:
        k += 1
    return k


def _place(out: list[Shot], shot: Shot, step: ShotStep) -> None:
    """Move ``shot`` (in ``out``) before or after the shot ``step.at``, or to the end; nothing
    when that shot is not in the scene (taken in by another)."""
    if step.at and not any(s.id == step.at for s in out if s is not shot):
        return
    out.remove(shot)
    if not step.at:
        out.append(shot)
        return
    k = next(j for j, s in enumerate(out) if s.id == step.at)
    out.insert(k if step.place == "before" else follows(out, k), shot)


def arrange(scene: Scene, shots: list[Shot], overrides: Mapping[str, ShotPatch]) -> list[Shot]:
    """``shots`` (the scene freshly boarded) with the user's steps replayed and each shot's
    override applied (see the module docstring)."""
    if not overrides:
        return shots
    lines = {ln.id: ln for ln in scene.lines}
    out = list(shots)
    extra: dict[str, float] = {}
    done: set[str] = set()

    def at(shot: Shot) -> int:
        return next(j for j, s in enumerate(out) if s is shot)

    def moves(shot: Shot) -> bool:
        patch = overrides.get(shot.id)
        return patch is not None and any(st.do == "move" for st in patch.steps or [])

    def settle(shot: Shot) -> None:
        if shot.id in done:
            return
        done.add(shot.id)
        patch = overrides.get(shot.id)
        for step in (patch.steps or []) if patch is not None else []:
            if not any(s is shot for s in out):
                return  # taken in by another shot while its own steps were replayed
            i = at(shot)
            if step.do == "split":
                part = _split(shot, step.at, lines, extra, {s.id for s in out})
                if part is not None:
                    out.insert(i + 1, part)
            elif step.do == "merge":
                # A shot moved next to this one is moved before it is taken in.
                for other in [s for s in out if s.id not in done and moves(s)]:
                    settle(other)
                i = at(shot)
                if i + 1 < len(out):
                    settle(out[i + 1])
                    i = at(shot)
                if i + 1 < len(out):
                    _absorb(shot, out.pop(i + 1), lines, extra)
            elif step.do == "insert" and step.shot is not None \
                    and all(s.id != step.shot.id for s in out):
                out.insert(i + 1, step.shot.model_copy(deep=True))
            elif step.do == "move":
                _place(out, shot, step)

    while (todo := next((s for s in out if s.id not in done), None)) is not None:
        settle(todo)
    for sh in out:
        patch = overrides.get(sh.id)
        if patch is not None:
            apply_patch(sh, patch, lines, extra.get(sh.id, 0.0))
    return out
