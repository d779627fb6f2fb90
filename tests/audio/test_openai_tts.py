"""tts.openai against a fake OpenAI-compatible speech server on 127.0.0.1 (random port)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from manju.backends.openai_tts import OpenAITTS, _wav_bytes, decode_audio
from manju.errors import BackendError

SR = 24000


def _tone(text: str) -> np.ndarray:
    n = int(SR * (0.2 + 0.05 * len(text)))
    return (0.5 * np.sin(2 * np.pi * 220 * np.arange(n) / SR)).astype(np.float32)


class FakeSpeech:
    """Speaks ``POST /v1/audio/speech`` as documented by OpenAI; ``script`` forces statuses."""

    def __init__(self, api_key: str | None = None):
        self.api_key = api_key
        self.script: list[int] = []  # statuses to answer before succeeding
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _error(self, code, message, headers=()):
                body = json.dumps({"error": {"message": message, "type": "error"}}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/v1/audio/speech":
                    return self._error(404, "not found")
                if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._error(401, "Incorrect API key provided")
                req = json.loads(raw)
                fake.requests.append(req)
                if fake.script:
                    code = fake.script.pop(0)
                    return self._error(code, "Rate limit reached" if code == 429 else "boom",
                                       [("Retry-After", "0")] if code == 429 else [])
                if not req.get("input") or not req.get("voice") or not req.get("model"):
                    return self._error(400, "model, input and voice are required")
                x = _tone(req["input"])
                fmt = req.get("response_format", "mp3")
                if fmt == "wav":
                    body, ctype = _wav_bytes(x, SR), "audio/wav"
                elif fmt == "pcm":
                    body, ctype = (x * 32767).astype("<i2").tobytes(), "audio/pcm"
                else:
                    return self._error(400, f"unsupported format {fmt}")
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    with FakeSpeech(api_key="sk-test") as f:
        yield f


def _backend(fake, **kw):
    return OpenAITTS(base_url=fake.url, api_key="sk-test", backoff=0.01, **kw)


VOICE = {"engine": "espeak", "voice": "en-us+f3", "pitch": 50, "speed": 165, "lang": "en"}


@pytest.mark.parametrize("fmt", ["wav", "pcm"])
def test_speaks_wav_and_pcm(fake, fmt):
    x, sr = _backend(fake, response_format=fmt).synthesize("Hello there.", VOICE)
    ref = _tone("Hello there.")
    assert sr == SR and x.dtype == np.float32 and x.ndim == 1
    assert x.size == ref.size and np.allclose(x, ref, atol=1e-3)
    req = fake.requests[-1]
    assert req["model"] == "tts-1" and req["input"] == "Hello there." and req["response_format"] == fmt
    assert req["voice"] in ("nova", "shimmer", "coral", "sage") and req["speed"] == 1.0


def test_429_then_success_is_retried(fake):
    fake.script = [429, 503]
    x, _ = _backend(fake).synthesize("Again.", VOICE)
    assert x.size > 0 and len(fake.requests) == 3


def test_gives_up_with_clear_message(fake):
    fake.script = [500] * 10
    with pytest.raises(BackendError, match=r"failed after 3 tries: HTTP 500: boom"):
        _backend(fake, retries=2).synthesize("x", VOICE)


def test_bad_key_bad_request_and_wrong_url(fake):
    with pytest.raises(BackendError, match="rejected the API key.*Incorrect API key"):
        OpenAITTS(base_url=fake.url, api_key="nope", backoff=0.01).synthesize("x", VOICE)
    assert fake.requests == []  # 401 is not retried
    with pytest.raises(BackendError, match="refused the request .HTTP 400: unsupported"):
        _backend(fake)._request({"model": "m", "input": "x", "voice": "v", "response_format": "flac"})
    with pytest.raises(BackendError, match="no speech endpoint"):
        OpenAITTS(base_url=fake.url[:-3], api_key="sk-test").synthesize("x", VOICE)


def test_unreachable_server_and_missing_config(monkeypatch):
    with FakeSpeech() as f:
        url = f.url
    with pytest.raises(BackendError, match="cannot reach the server"):
        OpenAITTS(base_url=url, retries=1, backoff=0.01, timeout=2).synthesize("x", VOICE)
    monkeypatch.delenv("MANJU_TTS_BASE_URL", raising=False)
    with pytest.raises(BackendError, match="MANJU_TTS_BASE_URL"):
        OpenAITTS()
    with pytest.raises(BackendError, match="wav or pcm"):
        OpenAITTS(base_url="http://127.0.0.1:1/v1", response_format="mp3")


def test_config_from_env_never_records_key(fake, monkeypatch):
    monkeypatch.setenv("MANJU_TTS_BASE_URL", fake.url)
    monkeypatch.setenv("MANJU_TTS_API_KEY", "sk-test")
    monkeypatch.setenv("MANJU_TTS_MODEL", "kokoro")
    monkeypatch.setenv("MANJU_TTS_VOICES", json.dumps({"en-us+f3": "af_bella"}))
    b = OpenAITTS(backoff=0.01)
    b.synthesize("Hi.", VOICE)
    assert fake.requests[-1]["model"] == "kokoro" and fake.requests[-1]["voice"] == "af_bella"
    assert "sk-test" not in json.dumps(b.config)
    monkeypatch.setenv("MANJU_TTS_VOICES", "{broken")
    with pytest.raises(BackendError, match="MANJU_TTS_VOICES is not valid JSON"):
        OpenAITTS()


def test_voice_mapping():
    from manju.audio.voices import NARRATOR, assign_voices, emotion_adjust

    b = OpenAITTS(base_url="http://127.0.0.1:1/v1", voices={"character:ch02": "ballad"})
    cast = assign_voices([("a", "female", "adult"), ("b", "male", "adult"),
                          ("c", "male", "old"), ("d", "female", "child")], "en")
    names = {k: b.service_voice(vars(v)) for k, v in cast.items()}
    assert names[NARRATOR] == "fable" and names["c"] == "onyx" and names["d"] == "shimmer"
    assert names["a"] in DEFAULT_FEMALE and names["b"] in DEFAULT_MALE
    # emotion changes pitch/speed, not the service voice's gender
    assert b.service_voice(vars(emotion_adjust(cast["a"], "angry"))) in DEFAULT_FEMALE
    assert b.service_voice({**vars(cast["a"]), "character": "ch02"}) == "ballad"
    assert b.service_voice({"voice": "x", "gender": "male", "age": "old"}) == "onyx"


DEFAULT_FEMALE = ("nova", "shimmer", "coral", "sage")
DEFAULT_MALE = ("onyx", "echo", "ash", "alloy")


def test_decode_float_and_stereo_wav():
    import struct

    x = np.stack([np.linspace(-0.5, 0.5, 100), np.linspace(-0.5, 0.5, 100)], 1).astype("<f4")
    data = x.tobytes()
    fmt = struct.pack("<HHIIHH", 3, 2, 16000, 16000 * 8, 8, 32)
    wav = (b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", 16)
           + fmt + b"data" + struct.pack("<I", 0xFFFFFFFF) + data)  # streamed sizes
    y, sr = decode_audio(wav, "wav")
    assert sr == 16000 and np.allclose(y, x[:, 0], atol=1e-6)
    with pytest.raises(BackendError, match="not WAV"):
        decode_audio(b"ID3\x04junk", "wav")


def test_voice_stage_caches_by_backend_config(fake, en_story, tmp_path):
    from manju.pipeline import new_project
    from manju.stages.adapt import adapt
    from manju.stages.cast import cast
    from manju.stages.context import Context
    from manju.stages.voice import load_clip, voice

    p = cast(adapt(new_project(en_story)))
    ctx = Context.for_output(tmp_path / "out")
    voice(p, ctx, backend=_backend(fake))
    n = len(fake.requests)
    assert n == len(p.lines())
    assert all(ln.audio.backend == "tts.openai" and "sk-test" not in json.dumps(ln.audio.config)
               for ln in p.lines())
    samples, sr = load_clip(p.lines()[0].audio, p)
    assert sr == SR and samples.size > 0
    voice(p, ctx, backend=_backend(fake))  # same config: all cached
    assert len(fake.requests) == n
    voice(p, ctx, backend=_backend(fake, voices={"female": "alloy"}))  # new mapping: redone
    assert len(fake.requests) == 2 * n


def test_make_with_openai_then_a_cast_edit_revoices_nothing(fake, en_story, tmp_path, monkeypatch):
    # The speech backend is recorded in the project: later commands used to re-voice every
    # line with espeak.
    from manju.cli.main import main

    monkeypatch.setenv("MANJU_TTS_BASE_URL", fake.url)
    monkeypatch.setenv("MANJU_TTS_API_KEY", "sk-test")
    monkeypatch.delenv("MANJU_TTS", raising=False)
    out = tmp_path / "out"
    args = ["--out", str(out), "--size", "96x160", "--fps", "4", "--quiet", "--no-music"]
    assert main(["make", str(en_story), "--tts", "openai", *args]) == 0
    n = len(fake.requests)
    assert n > 0
    assert main(["cast", str(out), "set", "Mara Vale", "--hair-color", "#aa2222", "--quiet"]) == 0
    assert main(["make", str(en_story), *args]) == 0
    assert len(fake.requests) == n
    doc = json.loads((out / "project.json").read_text())
    assert doc["backends"]["tts"]["name"] == "openai"
    assert "sk-test" not in (out / "project.json").read_text()
    assert all(ln["audio"]["backend"] == "tts.openai"
               for ep in doc["episodes"] for sc in ep["scenes"] for ln in sc["lines"])
