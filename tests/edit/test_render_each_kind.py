"""Every operation kind on a made project: applied and made again, only the shots it touches
render again and the rest of the video keeps its frames; undone and made again, the original
video comes back from the cache, frame for frame and sample for sample.

One tiny two-scene project (144x256 at 6 fps, fake speech, no music) is made once per module;
each case edits its own copy of the folder.
"""

from __future__ import annotations

import base64
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from manju.doc import ops
from manju.doc.model import Project
from manju.export.timeline import timeline
from manju.session import MakeReport, Session
from manju.testing import audio_samples

STORY = (
    "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
    '"You are late," said Elias.\n\n'
    '"The road flooded," Mara replied.\n\n'
    '"Then sit down," he said. "Tea is ready."\n\n'
    "* * *\n\n"
    "That night, Mara walked alone in the garden.\n\n"
    '"Tomorrow will be dry," she said.\n'
)
# The storyboard it makes (shot numbers as the edits below use them):
#   scene 1 (a rainy kitchen; Elias and Mara)   scene 2 (a garden at night; Mara alone)
#   1 wide, narration (line 1)                   6 wide, narration (line 6)
#   2 Elias "You are late." (line 2)             7 Mara "Tomorrow will be dry." (line 7)
#   3 Mara "The road flooded." (line 3)
#   4 Elias alone "Then sit down." (line 4)
#   5 Elias "Tea is ready." (line 5)
SHOTS = 7
SETTINGS = {"width": 144, "height": 256, "fps": 6, "music": False}
BACKENDS: dict[str, str | None] = {"tts": "fake", "music": "fake"}
# A one-pixel PNG, given as a character's reference sheet.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iQrZWQAAAABJRU5ErkJggg==")
Edit = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One edit and what it should do to the video.

    ``touched``: the shots (numbers in the original storyboard) whose segment the edit
    changes or removes; every other shot keeps its segment key and its frames. ``removed``:
    those of them no longer in the video. ``added``: how many new shots it makes. ``voiced``:
    how many lines are spoken again. ``sound``: the lines (numbers) whose audio changes.
    ``setup``: edits made (and rendered) before, the state the edit starts from and undo
    returns to. ``cached``: how many of the shots it changes are found in the cache (drawn
    before the setup).
    """

    edit: Edit
    touched: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    added: int = 0
    voiced: int = 0
    sound: tuple[int, ...] = ()
    setup: tuple[Edit, ...] = ()
    cached: int = 0
    marks: tuple[Any, ...] = field(default=())


CASES: dict[str, Case] = {
    # Mara is in every shot but Elias's close one (4).
    "set_look": Case(("set_look", "Mara", {"hair_color": "#2e7d32"}), touched=(1, 2, 3, 5, 6, 7)),
    # Elias is in the whole first scene and not in the second.
    "set_look-elias": Case(("set_look", "Elias", {"outfit_color": "#7b1fa2"}),
                           touched=(1, 2, 3, 4, 5)),
    # A new voice: Mara's lines (3 and 7) are spoken again, and their shots are drawn again
    # with the mouth following the new audio (lip sync), so a voice is not a sound-only edit.
    "set_voice": Case(("set_voice", "Mara", {"pitch": 80}), touched=(3, 7), voiced=2,
                      sound=(3, 7)),
    # A reference sheet is drawn from only by an image backend: the vector video is the same.
    "set_ref": Case(("set_ref", "Mara", {"front": {"path": "mara_front.png",
                                                   "sha256": "0" * 64, "backend": "user"}})),
    "set_shot": Case(("set_shot", "4", {"framing": "close_up"}), touched=(4,)),
    # A new text is spoken again (a longer line: the shot holds longer, those after it shift).
    "set_line": Case(("set_line", "L3", {"text": "The road flooded at the old bridge."}),
                     touched=(3,), voiced=1, sound=(3,)),
    # An emotion changes the face, the balloon and the delivery; an angry line also gets a
    # reaction shot after it.
    "set_line-emotion": Case(("set_line", "L4", {"emotion": "angry"}), touched=(4,), voiced=1,
                             added=1, sound=(4,)),
    # A drawing style redraws every shot.
    "set_settings": Case(("set_settings", "project", {"style": "ink"}),
                         touched=tuple(range(1, SHOTS + 1))),
    # Sound effects off: the rain under the first scene goes, every picture stays.
    "set_settings-sfx": Case(("set_settings", "project", {"sfx": False}), sound=(1,)),
    "set_scene": Case(("set_scene", "2", {"time": "day"}), touched=(6, 7)),
    # The mood a scene's music is scored for: without music, nothing to draw or hear.
    "set_scene-mood": Case(("set_scene", "1", {"mood": "tense"})),
    # A close-up, and snow in the garden (drawn, and a wind bed under the scene).
    "batch": Case(("batch", "project", {"note": "two things", "ops": [
        {"op": "set_shot", "target": "2", "after": {"framing": "close_up"}},
        {"op": "set_scene", "target": "2", "after": {"weather": "snow"}}]}), touched=(2, 6, 7),
        sound=(6,)),
    "split_shot": Case(("split_shot", "1", {}), touched=(1,), added=1),
    "merge_shots": Case(("merge_shots", "2", {}), touched=(2, 3), removed=(3,)),
    "insert_shot": Case(("insert_shot", "4", {"framing": "close_up", "subjects": ["Mara"]}),
                        added=1),
    "retime": Case(("retime", "4", {"hold": 1.0}), touched=(4,)),
    "add_prop": Case(("add_prop", "4", {"prop": "umbrella"}), touched=(4,)),
    "add_prop-held": Case(("add_prop", "4", {"prop": "cup", "holder": "Elias"}), touched=(4,)),
    # Without the prop the shot is the one first made: it is in the cache.
    "remove_prop": Case(("remove_prop", "4", {"prop": "umbrella"}), touched=(4,), cached=1,
                        setup=(("add_prop", "4", {"prop": "umbrella"}),)),
    # The storyboard frames a dialogue by turns (a reply over the shoulder, the next line
    # closer...): without the framings the operation pins, 4 and 5 would swap framings after
    # the delete, and the move would put shot 4 in the two-shot that opened the exchange.
    "delete_shot": Case(("delete_shot", "3", {}), touched=(3,), removed=(3,)),
    # The moved shot is the same shot in another place: nothing is drawn again.
    "move_shot": Case(("move_shot", "4", {"before": "2"})),
}


def test_every_kind_has_a_case() -> None:
    assert {name.split("-")[0] for name in CASES} == set(ops.KINDS)
    schema = str(ops.operation_schema())
    assert all(kind in schema for kind in ops.KINDS)


# -- the made project and what it looks like ------------------------------------------------

@dataclass
class Made:
    """A made project's video, decoded, with the storyboard that gave it."""

    keys: dict[str, str]  # shot id -> segment key
    order: list[str]  # shot ids in story order
    spans: dict[str, tuple[int, int]]  # shot id -> (first frame, frame count)
    lines: dict[str, tuple[float, float]]  # line id -> (start, end) seconds
    frames: np.ndarray  # (n, h, w, 3)
    audio: np.ndarray  # (n, channels)
    sr: int

    def shot_frames(self, sid: str) -> np.ndarray:
        start, n = self.spans[sid]
        return self.frames[start:start + n]

    def line_audio(self, lid: str) -> np.ndarray:
        a, b = self.lines[lid]
        return self.audio[int(a * self.sr):int(b * self.sr)]


def _decode(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


def _made(project: Project, out: Path) -> Made:
    tl = timeline(project)
    shots = project.shots()
    audio, sr = audio_samples(out / "video.mp4")
    made = Made(keys={s.id: s.segment.key for s in shots if s.segment is not None},
                order=[s.id for s in shots],
                spans={t.shot: (round(t.start * tl.fps), t.frames) for t in tl.shots},
                lines={t.line: (t.start, t.end) for t in tl.lines},
                frames=_decode(out / "video.mp4"), audio=audio, sr=sr)
    assert len(made.frames) == sum(n for _, n in made.spans.values())
    return made


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Made]:
    """The project made once, and its decoded video."""
    root = tmp_path_factory.mktemp("made")
    story = root / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = root / "out"
    with Session.open(out, story, settings=SETTINGS, backends=BACKENDS, workers=1) as s:
        s.make(sheets=False)
        assert len(s.project.shots()) == SHOTS and len(s.project.scenes()) == 2
        return out, _made(s.project, out)


def _resolve(project: Project, edit: Edit) -> Edit:
    """An edit with its line references ("L3": the third line) made line ids."""
    name, target, after = edit
    lines = project.lines()
    if name == "batch":
        after = {**after, "ops": [dict(o, target=_resolve(project, (o["op"], o["target"], {}))[1])
                                  for o in after["ops"]]}
    if target.startswith("L") and target[1:].isdigit():
        target = lines[int(target[1:]) - 1].id
    return name, target, after


def _edit(s: Session, edit: Edit) -> None:
    """Apply ``edit`` as a front end sends it (JSON; what it replaces is read from the
    document)."""
    name, target, after = _resolve(s.project, edit)
    if name == "batch":
        s.apply({"op": "batch", "target": target, **after})
    else:
        s.apply({"op": name, "target": target, "after": after})


def _make(s: Session) -> tuple[MakeReport, Made]:
    report = s.make(sheets=False)
    return report, _made(s.project, s.out_dir)


# -- the check -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [pytest.param(n, marks=c.marks) for n, c in CASES.items()])
def test_each_kind_renders_only_what_it_touches_and_undoes_exactly(
        name: str, base: tuple[Path, Made], tmp_path: Path) -> None:
    case = CASES[name]
    out = tmp_path / "out"
    shutil.copytree(base[0], out)
    (out / "mara_front.png").write_bytes(PIXEL)
    with Session.open(out, workers=1) as s:
        before = base[1]
        for edit in case.setup:
            _edit(s, edit)
        if case.setup:
            _, before = _make(s)
        number = {i + 1: sid for i, sid in enumerate(before.order)}
        touched = {number[i] for i in case.touched}
        removed = {number[i] for i in case.removed}

        _edit(s, case.edit)
        report, after = _make(s)

        # (a) The touched shots have new segments (or are gone), the new shots are made, and
        # every other shot keeps its segment: only those render again.
        kept = [sid for sid in before.order if sid not in touched]
        assert {sid: after.keys.get(sid) for sid in kept} == {sid: before.keys[sid] for sid in kept}
        for sid in touched - removed:
            assert sid in after.keys and after.keys[sid] != before.keys[sid], sid
        assert not removed & set(after.order)
        new = [sid for sid in after.order if sid not in before.keys]
        assert len(new) == case.added, new
        redrawn = len(touched - removed) + case.added - case.cached
        assert (report.shots_rendered, report.lines_voiced) == (redrawn, case.voiced)
        assert report.shots_total == len(after.order)

        # (b) The untouched shots have the same frames, wherever they now start.
        for sid in kept:
            assert np.array_equal(after.shot_frames(sid), before.shot_frames(sid)), sid
        lines = [ln.id for ln in s.project.lines()]
        for k in case.sound:
            lid = lines[k - 1]
            a, b = before.line_audio(lid), after.line_audio(lid)
            n = min(len(a), len(b))
            assert n > 0 and np.abs(a[:n] - b[:n]).max() > 1e-3, f"line {k} sounds the same"
        reordered = [sid for sid in after.order if sid in before.keys] != [
            sid for sid in before.order if sid in after.keys]
        if not touched and not new and not reordered:
            # An edit of the sound alone (or of nothing the video shows) draws nothing.
            assert np.array_equal(after.frames, before.frames)
        else:
            assert any(len(after.shot_frames(sid)) != len(before.shot_frames(sid))
                       or not np.array_equal(after.shot_frames(sid), before.shot_frames(sid))
                       for sid in touched - removed) or new or removed or reordered, \
                "no picture changed"
        if not case.sound and after.lines == before.lines and len(after.frames) == len(before.frames):
            # Nothing heard changed, nor when it plays: the soundtrack is the cached one.
            assert np.array_equal(after.audio, before.audio)

        # (c) Undone, the video is the one before, from the cache: nothing is drawn or spoken.
        s.undo()
        report, undone = _make(s)
        assert (report.shots_rendered, report.lines_voiced) == (0, 0)
        assert undone.order == before.order and undone.keys == before.keys
        assert np.array_equal(undone.frames, before.frames)
        assert undone.sr == before.sr and np.array_equal(undone.audio, before.audio)
