"""The edit-safe promise, end to end: change one thing and only what it touches is redone;
nothing the user did is lost. Runs on the registered fake speech and music backends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from manju.session import Session
from manju.testing import audio_samples, video_frames

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "the_keeper.md"
SMALL = {"width": 144, "height": 256, "fps": 6}
FAKES = {"tts": "fake", "music": "fake"}


def _make(story: Path, out: Path, **kw):
    with Session.open(out, story, settings=SMALL, backends=FAKES, workers=2, **kw) as s:
        return s.make(), s.project


def _doc(out: Path) -> dict:
    return json.loads((out / "project.json").read_text())


def _media(out: Path):
    frames = np.stack(video_frames(out / "video.mp4", every=1))
    audio, _ = audio_samples(out / "video.mp4")
    return frames, audio


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    d = tmp_path_factory.mktemp("edit_safe")
    story = d / "story.md"
    shutil.copy(EXAMPLE, story)
    out = d / "out"
    report, project = _make(story, out)
    return d, story, out, report, project


def test_first_make_reports_everything_made(made):
    _, _, out, report, project = made
    assert report.shots_total >= 20 and report.shots_rendered == report.shots_total
    assert report.lines_voiced == report.lines_total == len(project.lines())
    assert report.shots_cached == report.lines_cached == 0
    again = Session.open(out)
    try:
        r2 = again.make()
    finally:
        again.close()
    assert r2.shots_rendered == 0 and r2.shots_cached == r2.shots_total
    assert r2.lines_voiced == 0 and r2.lines_cached == r2.lines_total


def test_one_word_changed_rerenders_only_its_shots_and_keeps_edits(made, tmp_path):
    _, story, out0, _, _ = made
    out = tmp_path / "out"
    shutil.copytree(out0, out)
    with Session.open(out) as s:
        sid = s.project.shots()[5].id
        s.edit("set_shot", sid, framing="close_up")
        s.edit("set_look", "Elias Crane", outfit_color="#224466")
        s.make()
        looks = {c.id: c.look.model_dump() for c in s.project.characters}
        ids = [sh.id for sh in s.project.shots()]
    edited = tmp_path / "story.md"
    edited.write_text(story.read_text().replace('"The road flooded,"', '"The road washed out,"'))
    with Session.open(out, edited) as s:
        report = s.make()
        p = s.project
    line = next(ln for ln in p.lines() if "washed out" in ln.text)
    showing = [sh.id for sh in p.shots() if any(c.line == line.id for c in sh.cues)]
    assert report.shots_rendered == len(showing) == 1, report
    assert report.lines_voiced == 1 and not report.notes
    assert [sh.id for sh in p.shots()] == ids  # no id moved
    assert {c.id: c.look.model_dump() for c in p.characters} == looks  # nobody got a new face
    assert p.shot(sid).framing == "close_up" and p.overrides[sid].framing == "close_up"
    assert len(p.history) == 2  # the undo history survived the story change


def test_sprites_are_pixel_equal_after_a_story_edit(made, tmp_path):
    from manju.render.character import Look, Pose, character_sprite

    _, story, out0, _, project = made
    out = tmp_path / "out"
    shutil.copytree(out0, out)
    edited = tmp_path / "story.md"
    edited.write_text(story.read_text().replace("old lighthouse", "ancient lighthouse"))
    _, p2 = _make(edited, out)
    for a, b in zip(project.characters, p2.characters, strict=True):
        la, lb = Look(**a.look.fields()), Look(**b.look.fields())
        ia = character_sprite(la, Pose(), 200)[0].toarray()
        ib = character_sprite(lb, Pose(), 200)[0].toarray()
        assert np.array_equal(ia, ib), a.name


def test_shot_edit_then_undo_gives_the_same_document_and_video(made, tmp_path):
    _, _, out0, _, _ = made
    out = tmp_path / "out"
    shutil.copytree(out0, out)
    doc0 = _doc(out)
    frames0, audio0 = _media(out)
    with Session.open(out) as s:
        s.edit("set_shot", "4", framing="close_up")
        r1 = s.make()
        s.undo()
        r2 = s.make()
    assert r1.shots_rendered == 1 and r2.shots_rendered == 0
    doc = _doc(out)
    assert doc["future"] and not doc["history"]
    doc["future"] = doc0["future"]
    assert doc == doc0
    frames, audio = _media(out)
    assert np.array_equal(frames, frames0) and np.array_equal(audio, audio0)
