"""tts.elevenlabs against a fake ElevenLabs server: the documented text-to-speech and instant
cloning requests, clones paid once through the ledger (found by name after a run killed while
the request was out), and clear errors for 429/Retry-After, 5xx, a bad key and answers that
are not audio."""

from __future__ import annotations

import numpy as np
import pytest

from manju.audio.wav import wav_bytes, write_wav
from manju.backends.elevenlabs_fake import FakeElevenLabs, Fault
from manju.backends.elevenlabs_tts import DEFAULT_VOICES, ElevenLabsTTS, clone_name
from manju.backends.protocols import VoiceCloningBackend
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.voice_clone import KIND, check_reference, clone_key, clone_voice
from manju.session import Session

EN = {"engine": "espeak", "voice": "en-us+f3", "pitch": 60, "speed": 165, "lang": "en"}


def tone(seconds: float, sr: int = 8000) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (0.3 * np.sin(2 * np.pi * 170 * t)).astype(np.float32)


def tts(srv: FakeElevenLabs, **kw) -> ElevenLabsTTS:
    return ElevenLabsTTS(base_url=srv.url, api_key="xi", backoff=0.0, sleep=lambda s: None,
                         retries=4, **kw)


def test_speech_follows_the_documented_request():
    with FakeElevenLabs() as srv:
        b = tts(srv)
        assert isinstance(b, VoiceCloningBackend)
        x, sr = b.synthesize("Hello there.", {**EN, "speed": 120})
        assert x.dtype == np.float32 and sr == 24000 and x.size > 0.3 * sr
        req = srv.requests[-1]
        assert req.path.startswith("/v1/text-to-speech/") and req.headers["xi-api-key"] == "xi"
        assert req.query == {"output_format": "pcm_24000"}
        body = req.json()
        assert body["model_id"] == "eleven_multilingual_v2" and body["text"] == "Hello there."
        assert body["voice_settings"]["speed"] == 0.73  # 120/165, within 0.7-1.2
        assert srv.spoken[-1][0] in DEFAULT_VOICES["female"]
        assert "xi" not in str(b.config.values())


def test_retries_and_clear_errors():
    waits: list[float] = []
    faults = [Fault("/v1/text-to-speech", 429, headers={"Retry-After": "3"},
                    body=b'{"detail": {"status": "too_many_concurrent_requests"}}'),
              Fault("/v1/text-to-speech", 503)]
    with FakeElevenLabs(faults) as srv:
        b = ElevenLabsTTS(base_url=srv.url, api_key="xi", backoff=0.0, sleep=waits.append)
        assert b.synthesize("Hi.", EN)[0].size and 3.0 in waits
    with FakeElevenLabs() as srv:
        with pytest.raises(BackendError, match="rejected the credentials.*MANJU_ELEVENLABS_API_KEY"):
            ElevenLabsTTS(base_url=srv.url, api_key="wrong").synthesize("Hi.", EN)
        with pytest.raises(BackendError, match="needs an API key"):
            ElevenLabsTTS(base_url=srv.url, api_key="").synthesize("Hi.", EN)
        with pytest.raises(BackendError, match="voice_not_found"):
            tts(srv).synthesize("Hi.", {**EN, "clone": "nothere"})
    with FakeElevenLabs([Fault("/v1/text-to-speech", 200, body=b'{"ok": true}')]) as srv:
        with pytest.raises(BackendError, match="JSON, not audio"):
            tts(srv).synthesize("Hi.", EN)
    with FakeElevenLabs([Fault("/v1/voices/add", 200, body=b"<html>")]) as srv:
        with pytest.raises(BackendError, match="not JSON"):
            tts(srv).clone(wav_bytes(tone(11), 8000), "reference.wav", None)


def test_clone_uploads_the_recording_and_is_found_by_its_name():
    clip = wav_bytes(tone(11), 8000)
    with FakeElevenLabs() as srv:
        b = tts(srv)
        vid = b.clone(clip, "reference.wav", None)
        up = next(r for r in srv.requests if r.path == "/v1/voices/add")
        assert clip[:64] in up.body and b"http" not in up.body
        assert b.has_voice(vid) and not b.has_voice("nothere")
        import hashlib

        sha = hashlib.sha256(clip).hexdigest()
        assert srv.voices[vid] == clone_name(sha) and b.find_clone(sha) == vid
        b.synthesize("In my own voice.", {**EN, "clone": vid})
        assert srv.spoken[-1][0] == vid


def test_cloned_once_through_the_ledger_even_after_a_kill(tmp_path):
    ref = check_reference(write_wav(tmp_path / "v.wav", tone(11), 8000),
                          ElevenLabsTTS.clone_limits)
    with FakeElevenLabs() as srv, Ledger.for_project(tmp_path) as ledger:
        b = tts(srv)
        vid, job = clone_voice(ledger, b, ref)
        assert job.task_id == vid and job.kind == KIND and job.cost == 0.0
        assert clone_voice(ledger, b, ref)[0] == vid and srv.clone_submissions == 1
    with FakeElevenLabs() as srv, Ledger.for_project(tmp_path / "p2") as ledger:
        b = tts(srv)
        key = clone_key(b, ref.sha256)
        ledger.begin(key, kind=KIND, provider=b.name, model=b.config["model"], purpose="",
                     params={}, cost=0.0)
        sent = b.clone(ref.data, ref.filename, None)  # reached ElevenLabs, then kill -9
        assert clone_voice(ledger, b, ref)[0] == sent and srv.clone_submissions == 1


def test_a_make_speaks_the_character_in_the_clone(en_story, tmp_path, monkeypatch):
    clip = write_wav(tmp_path / "mara.wav", tone(12), 8000)
    with FakeElevenLabs() as srv:
        monkeypatch.setenv("MANJU_ELEVENLABS_BASE_URL", srv.url)
        monkeypatch.setenv("MANJU_ELEVENLABS_API_KEY", "xi")
        with Session.open(tmp_path / "out", en_story, backends={"tts": "elevenlabs",
                                                                "music": "fake"},
                          settings={"width": 96, "height": 160, "fps": 4}, workers=1) as s:
            s.make(until="cast")
            op = s.clone_voice("Mara", clip)
            clone = s.project.character(op.target).voice.clone
            assert s.project.character(op.target).voice.clone_backend == "tts.elevenlabs"
            s.make(until="voice")
            mine = {ln.text for ln in s.project.lines() if ln.speaker == op.target}
            assert mine and all(v == clone for v, text, _ in srv.spoken if text in mine)
            assert srv.clone_submissions == 1
