"""A story with chapters is made as a series: one folder per episode, one cast, an index,
``--episodes`` for a subset, and a run stopped at any point resumes without redoing finished
episodes (the result identical to an uninterrupted run)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from manju.errors import InputError
from manju.series import parse_episodes

CHAPTERS = 5


def _novel() -> str:
    parts = []
    for c in range(1, CHAPTERS + 1):
        parts.append(f"Chapter {c}")
        parts.append(f'"The tide turns at {c}," said Mara. Elias looked at the sea.')
        parts.append(f'"Then we wait {c} days," said Elias.')
    return "\n\n".join(parts) + "\n"


def _cmd(story: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "manju.cli.main", "make", str(story), "--out", str(out),
            "--size", "144x256", "--fps", "6", "--tts", "fake", "--no-music", "--quiet",
            "--workers", "2", *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "MANJU_TTS": "fake"}


def _make(story: Path, out: Path, *extra: str) -> None:
    r = subprocess.run(_cmd(story, out, *extra), env=_env(), capture_output=True, text=True,
                       timeout=900)
    assert r.returncode == 0, r.stderr


def _videos(out: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sorted(out.glob("ep*/video.mp4"))}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("novel") / "novel.txt"
    p.write_text(_novel(), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def series(story: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Episodes 2-3 first, then the whole novel in the same folder."""
    out = tmp_path_factory.mktemp("series") / "out"
    _make(story, out, "--episodes", "2-3")
    first = {
        "folders": sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("ep")),
        "index": json.loads((out / "index.json").read_text()),
        "mtimes": {p.parent.name: p.stat().st_mtime_ns for p in out.glob("ep*/video.mp4")},
    }
    _make(story, out)
    return {"out": out, "first": first}


def test_parse_episodes() -> None:
    assert parse_episodes("3-5", 10) == [3, 4, 5]
    assert parse_episodes("1,4,7-9", 10) == [1, 4, 7, 8, 9]
    assert parse_episodes("8-", 10) == [8, 9, 10]
    assert parse_episodes(None, 3) == [1, 2, 3]
    assert parse_episodes("2-99", 4) == [2, 3, 4]
    for bad in ("x", "5-3", "0", "11"):
        with pytest.raises(InputError):
            parse_episodes(bad, 10)


def test_subset_then_whole_series(series: dict[str, object]) -> None:
    first = series["first"]
    assert isinstance(first, dict)
    assert first["folders"] == ["ep02", "ep03"]
    idx = first["index"]
    assert idx["episodes_total"] == CHAPTERS and idx["episodes_made"] == 2
    assert [r["made"] for r in idx["episodes"]] == [False, True, True, False, False]
    out = series["out"]
    assert isinstance(out, Path)
    index = json.loads((out / "index.json").read_text())
    assert index["episodes_made"] == CHAPTERS
    assert (out / "index.html").is_file() and "ep05/video.mp4" in (out / "index.html").read_text()
    for i in range(1, CHAPTERS + 1):
        ep = out / f"ep{i:02d}"
        for name in ("video.mp4", "subtitles.srt", "webtoon.jpg", "comic.pdf", "comic.cbz",
                     "storyboard.png", "project.json"):
            assert (ep / name).is_file(), f"{ep.name}/{name}"
    # Finished episodes were not made again.
    for name, mtime in first["mtimes"].items():
        assert (out / name / "video.mp4").stat().st_mtime_ns == mtime
    # The single-chapter layout is not used: no video at the top.
    assert not (out / "video.mp4").exists()


def test_one_cast_for_every_episode(series: dict[str, object]) -> None:
    out = series["out"]
    assert isinstance(out, Path)
    root = json.loads((out / "project.json").read_text())
    cast = {c["id"]: (c["look"], c["voice"]) for c in root["characters"]}
    assert cast and all(look and voice for look, voice in cast.values())
    for i in range(1, CHAPTERS + 1):
        doc = json.loads((out / f"ep{i:02d}" / "project.json").read_text())
        assert {c["id"]: (c["look"], c["voice"]) for c in doc["characters"]} == cast
        assert doc["narrator_voice"] == root["narrator_voice"]
        assert [e["id"] for e in doc["episodes"]] == [f"ep{i:02d}"]


def test_progress_reports_episodes_with_eta(story: Path, tmp_path: Path) -> None:
    from manju.session import Session

    events = []
    with Session.open(tmp_path / "out", story, settings={"width": 144, "height": 256, "fps": 6,
                                                          "music": False},
                      backends={"tts": "fake"}, listener=events.append, workers=1) as s:
        report = s.make(episodes="4-5")
    series = [e for e in events if e.stage == "series"]
    assert [(e.done, e.total) for e in series] == [(1, 2), (2, 2)]
    assert series[0].eta is not None and series[0].eta >= 0
    assert any("2 episodes made" in n for n in report.notes)


def test_one_or_two_chapters_keep_todays_layout(tmp_path: Path) -> None:
    story = tmp_path / "two.txt"
    story.write_text('Chapter 1\n\n"The tide turns," said Mara.\n\nChapter 2\n\n'
                     '"Then we wait," said Elias.\n', encoding="utf-8")
    out = tmp_path / "out"
    _make(story, out)
    assert (out / "video.mp4").is_file() and (out / "webtoon.jpg").is_file()
    assert not (out / "index.json").exists() and not list(out.glob("ep*"))
    r = subprocess.run(_cmd(story, out, "--episodes", "1"), env=_env(), capture_output=True,
                       text=True, timeout=600)
    assert r.returncode != 0 and "3 or more chapters" in r.stderr


def test_killed_run_resumes_to_the_same_series(story: Path, series: dict[str, object],
                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(_cmd(story, out), env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 600
    # Kill the whole process group once the second episode is under way.
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "ep02" / "project.json").exists():
            break
        time.sleep(0.05)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # The episodes the index records as made (one killed after writing its video but before
    # its index row is made again, which is right).
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    made_before = {r["folder"]: (out / r["folder"] / "video.mp4").stat().st_mtime_ns
                   for r in index["episodes"] if r.get("made")}
    assert "ep01" in made_before
    _make(story, out)
    ref = series["out"]
    assert isinstance(ref, Path)
    assert _videos(out) == _videos(ref)
    for name, mtime in made_before.items():
        assert (out / name / "video.mp4").stat().st_mtime_ns == mtime
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
