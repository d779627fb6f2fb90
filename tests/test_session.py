"""The session API and the defects that once lost work: broken files, locks, damaged cache
entries, parallel identical lines, option values, very large inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from manju.doc import io
from manju.errors import InputError, ProjectError
from manju.session import NeedsConfirmation, Session

SMALL = {"width": 96, "height": 160, "fps": 4}
FAKES = {"tts": "fake", "music": "fake"}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "manju.cli.main", *args], capture_output=True,
                          text=True, timeout=300)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in r.stderr.splitlines() if "Fontconfig" not in ln]
    assert r.returncode != 0 and len(lines) == 1 and lines[0].startswith("manju: error:"), r.stderr
    return lines[0]


@pytest.fixture
def made(en_story, tmp_path):
    out = tmp_path / "out"
    with Session.open(out, en_story, settings=SMALL, backends=FAKES, workers=2) as s:
        s.make()
    return en_story, out


# -- nothing is ever lost --------------------------------------------------------------------

@pytest.mark.parametrize("damage", [
    lambda t: t[: len(t) // 2],                                        # truncated
    lambda t: t.replace('"fps"', '"fps": "fast", "x"', 1),             # invalid / wrong type
    lambda t: t.replace('"version": 2', '"version": 99', 1),           # from a newer manju
    lambda t: t.replace('"Project.2"', '"Project.7"', 1),              # a newer node
])
def test_unreadable_project_is_never_replaced(made, damage):
    story, out = made
    good = (out / "project.json").read_text()
    broken = damage(good)
    (out / "project.json").write_text(broken)
    for args in (("make", str(story), "--out", str(out), "-q"), ("adapt", str(story), "--out", str(out)),
                 ("undo", str(out))):
        one_line_error(cli(*args))
        assert (out / "project.json").read_text() == broken
    assert (out / "project.json.bak").exists()


def test_repair_restores_the_last_good_version(made):
    story, out = made
    with Session.open(out) as s:
        s.edit("set_look", "Mara Vale", hair_color="#aa2222")
    (out / "project.json").write_text("{ truncated")
    r = cli("make", str(story), "--out", str(out), "-q")
    assert "manju repair" in one_line_error(r)
    r = cli("repair", str(out))
    assert r.returncode == 0 and "restored" in r.stdout
    assert (out / "project.json.broken").read_text() == "{ truncated"
    p = io.load(out)
    assert p.episodes and p.outputs is not None  # the version before the edit, whole


def test_adapt_on_an_existing_project_merges_instead_of_replacing(made):
    story, out = made
    with Session.open(out) as s:
        s.edit("set_look", "Mara Vale", hair_color="#aa2222")
    story.write_text(story.read_text() + '\n"Drink it while it is hot," said Elias.\n')
    r = cli("adapt", str(story), "--out", str(out))
    assert r.returncode == 0, r.stderr
    p = io.load(out)
    mara = next(c for c in p.characters if c.name == "Mara Vale")
    assert mara.look.hair_color == "#aa2222" and len(p.history) == 1
    assert any("hot" in ln.text for ln in p.lines())


def test_a_second_writer_is_refused_clearly(made):
    story, out = made
    with Session.open(out):
        with pytest.raises(ProjectError, match="in use by another manju command"):
            Session.open(out)
        r = cli("cast", str(out), "set", "Mara Vale", "--hair-color", "#112233", "--no-render")
        assert "in use by another manju command" in one_line_error(r)
    with Session.open(out) as s:  # released when the first one closed
        assert s.project.episodes


def test_edits_whose_target_left_the_story_are_reported(made, tmp_path):
    story, out = made
    with Session.open(out) as s:
        s.edit("set_look", "Elias", outfit_color="#334455")
        last = s.project.lines()[-1].id
        s.edit("set_line", last, emotion="angry")
    story.write_text("Mara Vale stood in the kitchen alone.\n\n\"Nobody came,\" said Mara.\n")
    with Session.open(out, story) as s:
        report = s.make()
    assert any("Elias" not in n and "no longer in the story" in n for n in report.notes)
    assert len(report.notes) == 2, report.notes


# -- the cache ---------------------------------------------------------------------------------

def test_damaged_cache_entries_are_rebuilt_with_a_notice(made):
    story, out = made
    cache = out / ".cache"
    seg = sorted((cache / "shots").glob("*.mp4"))[0]
    data = bytearray(seg.read_bytes())
    mid = len(data) // 2
    data[mid: mid + 64] = b"\xff" * 64  # bytes overwritten in the middle, size unchanged
    seg.write_bytes(bytes(data))
    clip = sorted((cache / "voice").glob("*.npz"))[0]
    clip.write_bytes(b"")
    music = sorted((cache / "music").glob("*.npy"))[0]
    music.write_bytes(b"not numpy" + music.read_bytes()[9:])
    notices = []
    with Session.open(out, story, listener=lambda e: e.kind == "notice" and notices.append(e.message)) as s:
        report = s.make()
    assert report.shots_rendered == 1 and report.lines_voiced == 1
    assert sum("discarded damaged" in n for n in notices) == 3, notices
    from manju.testing import video_frames

    assert len(video_frames(out / "video.mp4", every=1)) == sum(
        sh.segment.frames for sh in s.project.shots())


def test_identical_lines_voiced_in_parallel(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text('"No," said Mara.\n\n"No," said Elias.\n\n"No," said Mara.\n\n"No," said Elias.\n')
    with Session.open(tmp_path / "o", story, settings=SMALL, backends=FAKES, workers=4) as s:
        s.make(until="voice")
        ids = [ln.id for ln in s.project.lines()]
    assert len(set(ids)) == len(ids) == 4
    assert not list((tmp_path / "o" / ".cache").rglob("*.tmp*"))


def test_cache_info_and_prune(made):
    story, out = made
    with Session.open(out) as s:
        s.edit("set_look", "Mara Vale", outfit_color="#aa2222")
        s.make()
    info = json.loads(cli("cache", "info", str(out), "--json").stdout)
    assert info["unused_bytes"] > 0 and info["kinds"]["shots"]["unused_files"] >= 1
    r = cli("cache", "prune", str(out))
    assert r.returncode == 0 and "removed" in r.stdout
    info = json.loads(cli("cache", "info", str(out), "--json").stdout)
    assert info["unused_bytes"] == 0
    with Session.open(out, story) as s:  # nothing the project uses was removed
        report = s.make()
    assert report.shots_rendered == 0 and report.lines_voiced == 0


# -- backends recorded, options checked ------------------------------------------------------

def test_backend_choice_is_recorded_and_reused(made):
    _, out = made
    p = io.load(out)
    assert p.backends["tts"].name == "fake" and p.backends["music"].name == "fake"
    r = cli("shot", str(out), "1", "--framing", "close_up", "-q")
    assert r.returncode == 0, r.stderr
    with Session.open(out) as s:
        report = s.make()
    assert report.lines_voiced == 0  # still the fake voices: nothing re-voiced with espeak


def test_option_values_are_validated(en_story, tmp_path):
    r = cli("make", str(en_story), "--out", str(tmp_path / "o"), "--workers", "999")
    assert "--workers must be between 1 and 64" in one_line_error(r)
    with pytest.raises(InputError, match="notacolor"):
        with Session.open(tmp_path / "p", en_story, backends=FAKES) as s:
            s.make(until="cast")
            s.edit("set_look", "Mara Vale", outfit_color="notacolor")
    r = cli("cast", str(tmp_path / "p"), "set", "Mara Vale", "--outfit-color", "notacolor")
    assert "is not a colour" in one_line_error(r)


def test_a_huge_story_asks_before_hours_of_rendering(tmp_path):
    story = tmp_path / "long.txt"
    story.write_text("\n\n".join(f'"Line number {i} of a very long quarrel," said {"Mara" if i % 2 else "Elias"}.'
                                 for i in range(300)))
    big = {"width": 2048, "height": 3640, "fps": 60}
    with Session.open(tmp_path / "o", story, settings=big, backends=FAKES, workers=2) as s:
        with pytest.raises(NeedsConfirmation, match=r"300 lines .* run again with --yes"):
            s.make()
        assert "adapt" in s.project.stages_done and not s.project.shots()
    r = cli("make", str(story), "--out", str(tmp_path / "o"), "-q", "--workers", "2")
    assert "--yes" in one_line_error(r)


def test_progress_is_quiet_when_stderr_is_not_a_terminal(en_story, tmp_path, monkeypatch):
    monkeypatch.setenv("MANJU_TTS", "fake")
    r = cli("make", str(en_story), "--out", str(tmp_path / "o"), "--size", "96x160", "--fps", "4")
    assert r.returncode == 0 and r.stderr.strip() == "", r.stderr
    assert "rendered" in r.stdout and "from the cache" in r.stdout
    r = cli("make", str(en_story), "--out", str(tmp_path / "o"), "--json")
    rep = json.loads(r.stdout)
    for key in ("shots_total", "shots_rendered", "shots_cached", "lines_total", "lines_voiced",
                "lines_cached", "seconds"):
        assert key in rep
    assert rep["shots_rendered"] == 0 and rep["shots_cached"] == rep["shots_total"] > 0


def test_paths_in_the_document_are_relative_so_folders_can_move(made, tmp_path):
    _, out = made
    moved = tmp_path / "moved"
    out.rename(moved)
    with Session.open(moved) as s:
        report = s.make()
        assert report.shots_rendered == 0 and report.lines_voiced == 0
        assert not Path(s.project.shots()[0].segment.path).is_absolute()


def test_progress_events_give_an_eta():
    from manju.stages.context import Event

    assert Event("advance", "render", 2, 10, elapsed=4.0).eta == pytest.approx(16.0)
    assert Event("start", "render", 0, 10).eta is None


def test_adapting_reports_progress_per_chapter(tmp_path):
    story = tmp_path / "novel.txt"
    story.write_text("".join(f"Chapter {i}\n\n\"Day {i} begins,\" said Mara.\n\nElias nodded.\n\n"
                             for i in range(1, 5)))
    events = []
    with Session.open(tmp_path / "o", story, backends=FAKES, listener=events.append) as s:
        s.make(until="cast")
    adapt = [e for e in events if e.stage == "adapt"]
    assert adapt[0].kind == "start" and adapt[0].total == 4
    assert adapt[-1].kind == "finish" and adapt[-1].done == 4
    assert len(s.project.episodes) == 4


def test_the_default_backend_is_recorded_too(en_story, tmp_path, monkeypatch):
    monkeypatch.setenv("MANJU_TTS", "fake")
    with Session.open(tmp_path / "o", en_story, settings=SMALL) as s:
        s.make(until="voice")
    monkeypatch.setenv("MANJU_TTS", "espeak")  # a later environment must not re-voice it
    with Session.open(tmp_path / "o", en_story) as s:
        assert s.project.backends["tts"].name == "fake"
        s.make(until="voice")
        assert all(ln.audio.backend == "tts.fake" for ln in s.project.lines())


def test_a_story_with_a_damaged_byte_opens_with_a_notice(tmp_path):
    data = bytearray(("王孙笑着向她道：“你只管放心。”小南说：“好。”\n" * 30).encode("utf-8"))
    data[100] = 0xFF
    story = tmp_path / "damaged.txt"
    story.write_bytes(bytes(data))
    seen: list[str] = []
    with Session.open(tmp_path / "out", story, listener=lambda e: seen.append(e.message)) as s:
        assert "damaged" in s.project.source.encoding
    assert any("damaged" in m for m in seen)
