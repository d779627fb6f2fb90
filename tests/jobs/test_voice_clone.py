"""Voice cloning as a paid job: the recording is checked first, cloned once through the ledger
(a rerun, and a run killed mid-clone, clone nothing), kept in the character's Voice, undone
like any edit, and every line of the character is spoken in the clone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from manju.audio.wav import write_wav
from manju.backends.minimax_fake import FakeMiniMaxSpeech, Fault
from manju.backends.minimax_tts import MiniMaxTTS
from manju.backends.protocols import CloneLimits
from manju.doc import io
from manju.errors import BackendError, InputError
from manju.jobs.ledger import Ledger
from manju.jobs.voice_clone import (
    KIND,
    check_reference,
    clone_key,
    clone_voice,
)
from manju.session import Session

SMALL = {"width": 96, "height": 160, "fps": 4}
LIMITS = MiniMaxTTS.clone_limits


def recording(path: Path, seconds: float, sr: int = 8000, f0: float = 170.0) -> Path:
    t = np.arange(int(seconds * sr)) / sr
    return write_wav(path, (0.3 * np.sin(2 * np.pi * f0 * t)).astype(np.float32), sr)


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def tts(srv: FakeMiniMaxSpeech) -> MiniMaxTTS:
    return MiniMaxTTS(base_url=srv.url, api_key="mm", backoff=0.0, sleep=lambda s: None,
                      retries=4)


# -- the recording is checked before anything is paid -------------------------------------

def test_a_good_recording_passes(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 12.5), LIMITS)
    assert ref.format == "wav" and ref.seconds == pytest.approx(12.5, abs=0.01)
    assert ref.filename == "reference.wav" and len(ref.sha256) == 64


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.wav", "no file"),
    (lambda d: d, "not a file"),
    (lambda d: written(d / "empty.wav", b""), "is empty"),
    (lambda d: written(d / "notes.wav", b"not a recording"), "not an audio file"),
    (lambda d: recording(d / "short.wav", 4.0), r"lasts 4\.0 s; the provider needs 10 s to 300 s"),
    (lambda d: recording(d / "long.wav", 301.0, sr=4000), "lasts 301.0 s"),
])
def test_bad_recordings_are_refused_clearly(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        check_reference(make(tmp_path), LIMITS)


def test_size_and_format_follow_the_providers_limits(tmp_path):
    clip = recording(tmp_path / "v.wav", 11)
    with pytest.raises(InputError, match="MB; the provider takes at most"):
        check_reference(clip, CloneLimits(("wav",), 10, 300, max_bytes=1000))
    with pytest.raises(InputError, match="is wav; the provider takes mp3"):
        check_reference(clip, CloneLimits(("mp3",), 10, 300, max_bytes=10**8))


# -- cloned once -------------------------------------------------------------------------

def test_clone_once_and_a_rerun_clones_nothing(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 11), LIMITS)
    with FakeMiniMaxSpeech() as srv, Ledger.for_project(tmp_path) as ledger:
        b = tts(srv)
        vid, job = clone_voice(ledger, b, ref, purpose="voice of Mara", stored="ref.wav")
        assert srv.clone_submissions == 1 and srv.uploads == 1 and vid in srv.voices
        assert job.state == "done" and job.task_id == vid and job.kind == KIND
        assert job.cost == pytest.approx(1.5) and job.meta["voice_id"] == vid
        assert job.params["reference"] == ref.sha256 and job.result == "ref.wav"
        again, _ = clone_voice(ledger, b, ref)
        assert again == vid and srv.clone_submissions == 1 and srv.uploads == 1
        # another model is another clone job
        other = MiniMaxTTS(base_url=srv.url, api_key="mm", model="speech-02-turbo")
        assert clone_key(other, ref.sha256) != clone_key(b, ref.sha256)


def test_a_run_killed_after_the_clone_clones_nothing(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 11), LIMITS)
    with FakeMiniMaxSpeech() as srv, Ledger.for_project(tmp_path) as ledger:
        b = tts(srv)
        key = clone_key(b, ref.sha256)
        # killed after the voice id was written: the ledger has it
        vid = b.clone(ref.data, ref.filename, b.planned_voice_id(key))
        ledger.begin(key, kind=KIND, provider="minimax", model="speech-02-hd", purpose="",
                     params={}, cost=1.5)
        ledger.submitted(key, vid)
        assert clone_voice(ledger, b, ref)[0] == vid
        assert srv.clone_submissions == 1 and ledger.get(key).state == "done"


def test_a_run_killed_while_sending_the_clone_asks_before_sending_again(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 11), LIMITS)
    with FakeMiniMaxSpeech() as srv, Ledger.for_project(tmp_path) as ledger:
        b = tts(srv)
        key = clone_key(b, ref.sha256)
        ledger.begin(key, kind=KIND, provider="minimax", model="speech-02-hd", purpose="",
                     params={}, cost=1.5)
        b.clone(ref.data, ref.filename, b.planned_voice_id(key))  # reached MiniMax, then kill -9
        vid, job = clone_voice(ledger, b, ref)
        assert srv.clone_submissions == 1 and job.state == "done" and vid in srv.voices
        assert job.cost == pytest.approx(1.5)  # it was paid for once
    ref2 = check_reference(recording(tmp_path / "w.wav", 11, f0=210.0), LIMITS)
    with FakeMiniMaxSpeech() as srv, Ledger.for_project(tmp_path / "p2") as ledger:
        b = tts(srv)
        key = clone_key(b, ref2.sha256)
        ledger.begin(key, kind=KIND, provider="minimax", model="speech-02-hd", purpose="",
                     params={}, cost=1.5)  # killed before the request left
        notes: list[str] = []
        clone_voice(ledger, b, ref2, notice=notes.append)
        assert srv.clone_submissions == 1 and "did not reach the provider" in notes[0]


def test_a_clone_the_provider_deleted_is_made_again_and_failures_are_recorded(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 11), LIMITS)
    with FakeMiniMaxSpeech() as srv, Ledger.for_project(tmp_path) as ledger:
        b = tts(srv)
        vid, _ = clone_voice(ledger, b, ref)
        srv.forget(vid)  # unused for 7 days
        notes: list[str] = []
        assert clone_voice(ledger, b, ref, notice=notes.append)[0] == vid
        assert srv.clone_submissions == 2 and "no longer has voice" in notes[0]
        assert ledger.get(clone_key(b, ref.sha256)).attempts == 2
    ref2 = check_reference(recording(tmp_path / "w.wav", 11, f0=230.0), LIMITS)
    with FakeMiniMaxSpeech([Fault("/v1/voice_clone", 500) for _ in range(5)]) as srv, \
            Ledger.for_project(tmp_path) as ledger:
        with pytest.raises(BackendError, match="failed after 5 tries"):
            clone_voice(ledger, tts(srv), ref2)
        row = ledger.get(clone_key(tts(srv), ref2.sha256))
        assert row.state == "failed" and "HTTP 500" in row.error


# -- in the project ----------------------------------------------------------------------

def mara_lines_of(s: Session, mara) -> list:
    return [ln for ln in s.project.lines() if ln.speaker == mara.id]


@pytest.fixture
def minimax_env(monkeypatch):
    with FakeMiniMaxSpeech(api_key="mm") as srv:
        monkeypatch.setenv("MANJU_MINIMAX_BASE_URL", srv.url)
        monkeypatch.setenv("MANJU_MINIMAX_API_KEY", "mm")
        yield srv


def test_a_make_speaks_the_characters_lines_in_the_cloned_voice(en_story, tmp_path, minimax_env):
    srv = minimax_env
    out = tmp_path / "out"
    clip = recording(tmp_path / "mara.wav", 11)
    with Session.open(out, en_story, settings=SMALL, backends={"tts": "minimax", "music": "fake"},
                      workers=2) as s:
        s.make(until="voice")
        first = len(srv.spoken)
        op = s.clone_voice("Mara", clip)
        mara = s.project.character(op.target)
        assert mara.voice.clone and mara.voice.clone_backend == "tts.minimax"
        assert mara.voice.reference_sha256 and (out / mara.voice.reference).is_file()
        assert srv.clone_submissions == 1
        report = s.make()  # the whole film, its lines voiced through the fake server
        assert Path(report.video).is_file() and report.lines_voiced == len(mara_lines_of(s, mara))
        mara_lines = [ln for ln in s.project.lines() if ln.speaker == mara.id]
        said = {text: vid for vid, text, _ in srv.spoken[first:]}
        assert mara_lines and all(said[ln.text] == mara.voice.clone for ln in mara_lines)
        assert all(ln.audio.config["voice"]["clone"] == mara.voice.clone for ln in mara_lines)
        assert all(ln.audio.backend == "tts.minimax" for ln in mara_lines)
        others = [ln for ln in s.project.lines() if ln.speaker != mara.id]
        assert all("clone" not in ln.audio.config["voice"] for ln in others)
        spoken = len(srv.spoken)
        s.make(until="voice")  # cached by the exact inputs: nothing is spoken again
        assert len(srv.spoken) == spoken
        s.undo()
        assert not s.project.character(mara.id).voice.clone
        s.redo()
        s.make(until="voice")  # back to the cloned clips, still cached
        assert len(srv.spoken) == spoken and srv.clone_submissions == 1
    saved = io.load(out)
    assert saved.character(mara.id).voice.schema_ == "Voice.2"
    assert saved.character(mara.id).voice.clone == mara.voice.clone


def test_a_backend_that_cannot_clone_is_named(en_story, tmp_path):
    out = tmp_path / "out"
    clip = recording(tmp_path / "mara.wav", 11)
    with Session.open(out, en_story, settings=SMALL, backends={"tts": "fake", "music": "fake"},
                      workers=1) as s:
        s.make(until="cast")
        with pytest.raises(InputError, match="tts.fake, which cannot clone.*--tts minimax"):
            s.clone_voice("Mara", clip)
        with pytest.raises(InputError, match="no character"):
            s.clone_voice("Nobody", clip)


def test_a_version_1_voice_loads_without_a_clone():
    raw = Path(__file__).parents[1] / "doc" / "data" / "project_v1.json"
    p = io.loads(raw.read_text())
    voice = next(c for c in p.characters if c.name == "Mara Vale").voice
    assert voice.schema_ == "Voice.2" and voice.clone == "" and voice.reference == ""


# -- on the command line -----------------------------------------------------------------

def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "manju.cli.main", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def test_cast_set_voice_ref_clones_once_and_undoes(en_story, tmp_path, minimax_env):
    srv = minimax_env
    out = tmp_path / "out"
    with Session.open(out, en_story, settings=SMALL, backends={"tts": "minimax", "music": "fake"},
                      workers=1) as s:
        s.make(until="cast")
    env = {"MANJU_MINIMAX_BASE_URL": srv.url, "MANJU_MINIMAX_API_KEY": "mm"}
    clip = recording(tmp_path / "elias.wav", 11)
    r = cli("cast", str(out), "set", "Elias", "--voice-ref", str(clip), "--no-render", env=env)
    assert r.returncode == 0, r.stderr
    assert "clone=manju" in r.stdout and srv.clone_submissions == 1

    def elias() -> dict:
        chars = json.loads((out / "project.json").read_text())["characters"]
        return next(c for c in chars if c["name"] == "Elias")["voice"]

    vid = elias()["clone"]
    assert vid in srv.voices and elias()["clone_backend"] == "tts.minimax"
    r = cli("cast", str(out), "set", "Elias", "--voice-ref", str(clip), "--no-render", env=env)
    assert r.returncode == 0, r.stderr
    assert srv.clone_submissions == 1 and elias()["clone"] == vid
    jobs = json.loads(cli("jobs", str(out), "--json", env=env).stdout)["jobs"]
    assert [j["kind"] for j in jobs] == [KIND] and jobs[0]["task_id"] == vid
    assert cli("undo", str(out), "--no-render", env=env).returncode == 0
    assert elias()["clone"] == vid  # the second set changed nothing to undo but itself
    assert cli("undo", str(out), "--no-render", env=env).returncode == 0
    assert elias()["clone"] == ""
    short = recording(tmp_path / "short.wav", 3)
    r = cli("cast", str(out), "set", "Elias", "--voice-ref", str(short), "--no-render", env=env)
    assert r.returncode != 0 and "lasts 3.0 s" in r.stderr and srv.clone_submissions == 1


class AssigningProvider:
    """A provider that assigns the voice id itself and cannot say which voices it has."""

    name = "assigning"
    clone_limits = LIMITS

    def __init__(self) -> None:
        self.clones = 0

    def clone_cost(self) -> float:
        return 0.3

    def clone_config(self) -> dict:
        return {"model": "m1"}

    def planned_voice_id(self, key: str) -> None:
        return None

    def clone(self, clip: bytes, filename: str, voice_id: str | None) -> str:
        assert voice_id is None
        self.clones += 1
        return f"v{self.clones}"

    def has_voice(self, voice_id: str) -> None:
        return None


def test_a_provider_assigned_id_is_recorded_before_anything_else_and_reused(tmp_path):
    ref = check_reference(recording(tmp_path / "v.wav", 11), LIMITS)
    b = AssigningProvider()
    with Ledger.for_project(tmp_path) as ledger:
        assert clone_voice(ledger, b, ref)[0] == "v1" and b.clones == 1
        assert clone_voice(ledger, b, ref)[0] == "v1" and b.clones == 1
        key = clone_key(b, ref.sha256)
        # killed after the returned id was written, before the row was finished
        ledger.begin(key, kind=KIND, provider=b.name, model="m1", purpose="", params={}, cost=0.3)
        ledger.submitted(key, "v1")
        assert clone_voice(ledger, b, ref)[0] == "v1" and b.clones == 1
        # killed while the request was out: nothing says whether it arrived, so it is sent
        ledger.begin(key, kind=KIND, provider=b.name, model="m1", purpose="", params={}, cost=0.3)
        notes: list[str] = []
        assert clone_voice(ledger, b, ref, notice=notes.append)[0] == "v2" and b.clones == 2
        assert "may count both" in notes[0]
