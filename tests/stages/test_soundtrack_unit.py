"""The soundtrack as one cached unit, and mixing it beside the render after an edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from manju.session import Session, reachable_cache_files
from manju.testing import audio_samples


def _make(out: Path, story: Path | None = None) -> object:
    with Session.open(out, story, settings={"width": 144, "height": 256, "fps": 6},
                      backends={"tts": "fake", "music": "fake"}) as s:
        return s.make()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("soundtrack")
    story = root / "story.txt"
    story.write_text(
        "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
        '"You are late," said Elias.\n\n'
        '"The road flooded," Mara replied. She knocked on the table.\n\n'
        '"Then sit down," he said. "Tea is ready."\n', encoding="utf-8")
    out = root / "out"
    _make(out, story)
    return out


def _copy(made: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(made, out)
    return out


def _soundtracks(out: Path) -> list[Path]:
    return sorted((out / ".cache" / "soundtrack").glob("*.m4a"))


def test_the_soundtrack_is_recorded_cached_and_reachable(made):
    with Session.open(made) as s:
        rel = s.project.outputs.soundtrack
        assert rel.startswith(".cache/soundtrack/") and rel.endswith(".m4a")
        path = s.project.resolve(rel)
        assert path in reachable_cache_files(s.project)
    assert _soundtracks(made) == [path]
    video, sr = audio_samples(made / "video.mp4")
    alone, sr2 = audio_samples(path)
    assert sr == sr2 == 48000 and np.array_equal(video, alone)  # copied in, not encoded again


def test_a_picture_edit_mixes_nothing_and_keeps_every_sample(made, tmp_path, monkeypatch):
    out = _copy(made, tmp_path)
    before, _ = audio_samples(out / "video.mp4")
    from manju.stages import assemble

    def no_mix(*a, **k):
        raise AssertionError("the soundtrack was mixed again")

    monkeypatch.setattr(assemble, "soundtrack", no_mix)
    with Session.open(out) as s:
        s.edit("set_shot", s.project.shots()[1].id, framing="close_up")
        report = s.make()
    assert report.shots_rendered == 1
    after, _ = audio_samples(out / "video.mp4")
    assert np.array_equal(before, after)


@pytest.mark.parametrize("background", ["on", "off"])
def test_a_line_edit_mixes_beside_the_render_with_the_same_result(made, tmp_path, monkeypatch,
                                                                  background):
    out = _copy(made, tmp_path)
    monkeypatch.setenv("MANJU_BACKGROUND", background)
    started = []
    from manju import background as bg

    real = bg.Background.__init__

    def spy(self, fn, *args):
        started.append(fn.__name__)
        real(self, fn, *args)

    monkeypatch.setattr(bg.Background, "__init__", spy)
    with Session.open(out) as s:
        line = next(ln for ln in s.project.lines() if ln.kind == "dialogue")
        s.edit("set_line", line.id, text="You are very late.")
        report = s.make()
    assert report.shots_rendered == 1 and report.lines_voiced == 1
    # Begun apart for the one shot to draw; in order when background work is off.
    assert started == (["_make_quietly"] if background == "on" else [])
    assert len(_soundtracks(out)) == 2
    return_audio, _ = audio_samples(out / "video.mp4")
    # Both ways give the same samples: compare with a make of the same edit in order.
    ref = tmp_path / "ref"
    shutil.copytree(made, ref)
    monkeypatch.setenv("MANJU_BACKGROUND", "off")
    with Session.open(ref) as s:
        line = next(ln for ln in s.project.lines() if ln.kind == "dialogue")
        s.edit("set_line", line.id, text="You are very late.")
        s.make()
    expected, _ = audio_samples(ref / "video.mp4")
    assert np.array_equal(return_audio, expected)
    for name in ("storyboard.png", "comic.pdf", "cast.png"):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_a_full_make_mixes_and_draws_the_sheets_beside_the_pool(made, tmp_path, monkeypatch):
    from manju import background as bg

    started = []
    real = bg.Beside.start

    def spy(self):
        started.append(self.started)
        real(self)

    monkeypatch.setattr(bg.Beside, "start", spy)
    story = tmp_path / "story.txt"
    shutil.copy(made.parent / "story.txt", story)
    outs = {}
    for mode in ("on", "off"):
        monkeypatch.setenv("MANJU_BACKGROUND", mode)
        outs[mode] = tmp_path / mode
        with Session.open(outs[mode], story, settings={"width": 144, "height": 256, "fps": 6},
                          backends={"tts": "fake", "music": "fake"}, workers=2) as s:
            report = s.make()
        assert report.shots_rendered >= 2
    # Begun once the pool was up (once; later results start nothing), and off when off.
    assert started and started[0] is False
    on, off = outs["on"], outs["off"]
    assert np.array_equal(audio_samples(on / "video.mp4")[0], audio_samples(off / "video.mp4")[0])
    for name in ("storyboard.png", "comic.pdf", "cast.png", "webtoon.jpg"):
        assert (on / name).read_bytes() == (off / name).read_bytes(), name
    # The sheets' pictures were drawn beside the render, into the cache.
    assert len(list((on / ".cache" / "stills").glob("*.png"))) >= 3 * report.shots_total


def test_a_failed_background_mix_is_made_in_order(made, tmp_path, monkeypatch):
    out = _copy(made, tmp_path)
    from manju.stages import soundtrack as unit

    def broken(project, ctx, key):
        raise MemoryError("no room")

    monkeypatch.setattr(unit, "_make_quietly", broken)
    with Session.open(out) as s:
        line = next(ln for ln in s.project.lines() if ln.kind == "dialogue")
        s.edit("set_line", line.id, text="You are so late.")
        report = s.make()
    assert report.shots_rendered == 1
    assert s.project.outputs.soundtrack and len(_soundtracks(out)) == 2


class _LoopMusic:
    """A music backend made of a loop, counting what it composes."""

    name = "loopy"
    code_paths = ("backends/synth.py",)
    config: dict = {}

    def __init__(self) -> None:
        self.loops = 0

    def score(self, mood, duration, sr, seed):
        return self.fit(self.loop(mood, sr, seed), duration, sr)

    def loop(self, mood, sr, seed):
        self.loops += 1
        return np.full((sr, 2), 0.01 * (seed + 1), np.float32)

    def fit(self, loop, duration, sr):
        from manju.audio.music import fit

        return fit(loop, duration, sr)


def test_a_scene_that_changes_length_reuses_its_music_loop(made, tmp_path):
    from manju.export.timeline import timeline
    from manju.stages.assemble import music_files
    from manju.stages.context import Context

    out = _copy(made, tmp_path)
    backend = _LoopMusic()
    with Session.open(out) as s:
        project = s.project
        ctx = Context.for_output(out)
        tl = timeline(project)
        first = music_files(project, tl, ctx, backend, [])
        assert backend.loops == len(first) >= 1
        shot = project.shots()[0]
        shot.duration += 0.7  # the scene is longer now: its piece is made again, from the loop
        longer = music_files(project, timeline(project), ctx, backend, [])
    assert backend.loops == len(first)
    assert longer[0][2] != first[0][2] and np.load(longer[0][2]).shape[0] > np.load(first[0][2]).shape[0]
