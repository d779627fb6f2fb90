"""A real render: a short story through every stage into an MP4 checked with PyAV."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import av
import numpy as np
import pytest

from manju.export.srt import parse_srt

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


def _make(story, out, *extra):
    cmd = [sys.executable, "-m", "manju.cli.main", "make", str(story), "--out", str(out),
           "--size", "216x384", "--fps", "12", "--quiet", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    d = tmp_path_factory.mktemp("e2e")
    story = d / "story.txt"
    story.write_text(
        "The storm hit the lighthouse at night. Mara Vale climbed the stairs.\n\n"
        '"You\'re late," said Elias.\n\n'
        '"The road flooded," Mara replied angrily.\n\n'
        "Elias smiled. \"Then sit down.\"\n",
        encoding="utf-8")
    out = d / "out"
    _make(story, out)
    return story, out


def test_all_outputs_written(rendered):
    _, out = rendered
    for name in ("video.mp4", "subtitles.srt", "script.fountain", "project.json",
                 "storyboard.png", "cast.png", "webtoon.jpg"):
        assert (out / name).stat().st_size > 0, name


def test_video_streams_and_duration(rendered):
    _, out = rendered
    with av.open(str(out / "video.mp4")) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert v.codec_context.name == "h264" and a.codec_context.name == "aac"
        assert (v.codec_context.width, v.codec_context.height) == (216, 384)
        vdur = float(v.duration * v.time_base)
        adur = float(a.duration * a.time_base)
        assert abs(vdur - adur) < 0.15
        project = json.loads((out / "project.json").read_text())
        assert abs(vdur - project["outputs"]["duration"]) < 0.1
        frames = [f.to_ndarray(format="rgb24") for i, f in enumerate(c.decode(video=0)) if i % 10 == 0]
    for f in frames[1:]:
        assert f.std() > 8, "blank frame"
    # Consecutive sampled frames differ: something moves.
    assert any(np.abs(x.astype(int) - y.astype(int)).mean() > 1 for x, y in zip(frames, frames[1:], strict=False))


def test_audio_is_not_silent(rendered):
    _, out = rendered
    with av.open(str(out / "video.mp4")) as c:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    assert np.abs(pcm).max() > 0.05
    assert np.abs(pcm).max() <= 1.0


def test_one_subtitle_per_spoken_line(rendered):
    _, out = rendered
    project = json.loads((out / "project.json").read_text())
    lines = [ln for ep in project["episodes"] for sc in ep["scenes"] for ln in sc["lines"]]
    cues = parse_srt((out / "subtitles.srt").read_text())
    assert len(cues) == len(lines)
    assert all(b > a for a, b, _ in cues)
    assert sum("Elias" in t for *_, t in cues) >= 1


def test_rerun_resumes_from_cache(rendered):
    story, out = rendered
    before = {p.name: p.stat().st_mtime_ns for p in (out / ".cache" / "shots").iterdir()}
    _make(story, out)
    after = {p.name: p.stat().st_mtime_ns for p in (out / ".cache" / "shots").iterdir()}
    assert before == after, "an unchanged story re-rendered its shots"
