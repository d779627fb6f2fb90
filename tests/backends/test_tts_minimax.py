"""tts.minimax against a fake MiniMax server: the documented T2A v2 request, the voice table,
cloning by upload, and clear errors for 429/Retry-After, 5xx, rate-limit codes, a bad key,
refused text and answers that are not what MiniMax sends."""

from __future__ import annotations

import numpy as np
import pytest

from manju.audio.wav import wav_bytes
from manju.backends.minimax_fake import FakeMiniMaxSpeech, Fault
from manju.backends.minimax_tts import MiniMaxTTS
from manju.backends.protocols import VoiceCloningBackend
from manju.errors import BackendError

ZH = {"engine": "espeak", "voice": "cmn-latn-pinyin+f3", "pitch": 60, "speed": 165, "lang": "zh"}
EN = {"engine": "espeak", "voice": "en-us+m3", "pitch": 45, "speed": 165, "lang": "en"}


def recording(seconds: float, sr: int = 16000) -> bytes:
    t = np.arange(int(seconds * sr)) / sr
    return wav_bytes((0.3 * np.sin(2 * np.pi * 170 * t)).astype(np.float32), sr)


def tts(srv: FakeMiniMaxSpeech, **kw) -> MiniMaxTTS:
    return MiniMaxTTS(base_url=srv.url, api_key="mm", backoff=0.0, sleep=lambda s: None,
                      retries=4, **kw)


def test_speech_follows_the_documented_request_and_answers_audio():
    with FakeMiniMaxSpeech() as srv:
        b = tts(srv, group_id="g42")
        assert isinstance(b, VoiceCloningBackend)
        x, sr = b.synthesize("你好，世界。", ZH)
        assert x.dtype == np.float32 and sr == 24000 and x.size > 0.3 * sr
        assert np.abs(x).max() <= 1.0
        req = next(r for r in srv.requests if r.path == "/v1/t2a_v2")
        body = req.json()
        assert req.query == {"GroupId": "g42"}
        assert body["model"] == "speech-02-hd" and body["stream"] is False
        assert body["output_format"] == "hex"
        assert body["audio_setting"] == {"sample_rate": 24000, "format": "pcm", "channel": 1}
        assert body["voice_setting"]["voice_id"] in {"female-shaonv", "female-yujie",
                                                     "female-tianmei", "audiobook_female_1"}
        assert "api_key" not in str(b.config).lower() and b.config["group_id"] == "g42"
        # English voices come from the English table; a slower voice is sent slower
        b.synthesize("Hello there.", {**EN, "speed": 120})
        sent = srv.requests[-1].json()["voice_setting"]
        assert sent["voice_id"] in {"Casual_Guy", "Patient_Man", "Young_Knight", "Determined_Man"}
        assert sent["speed"] == pytest.approx(120 / 165, abs=0.01)


def test_emotion_travels_as_minimax_emotion_and_nothing_is_sent_for_silence():
    with FakeMiniMaxSpeech() as srv:
        b = tts(srv)
        assert b.delivery(EN, "scared") == {"emotion": "fearful"}
        assert b.delivery(EN, "neutral") is None
        b.synthesize("Run!", {**EN, "delivery": b.delivery(EN, "scared")})
        assert srv.spoken[-1][2] == "fearful"
        before = len(srv.requests)
        x, sr = b.synthesize("……", ZH)
        assert len(srv.requests) == before and x.size == int(0.25 * sr) and not x.any()


def test_a_configured_voice_table_wins_over_the_built_in_one():
    with FakeMiniMaxSpeech() as srv:
        b = tts(srv, voices={"female": "presenter_female"})
        srv.system.add("presenter_female")
        b.synthesize("早上好。", ZH)
        assert srv.spoken[-1][0] == "presenter_female"


def test_429_with_retry_after_5xx_and_rate_limit_codes_are_retried():
    waits: list[float] = []
    faults = [Fault("/v1/t2a_v2", 429, headers={"Retry-After": "2"}),
              Fault("/v1/t2a_v2", 503),
              Fault("/v1/t2a_v2", 200, body=b'{"base_resp": {"status_code": 1002, '
                                             b'"status_msg": "rate limit"}}')]
    with FakeMiniMaxSpeech(faults) as srv:
        b = MiniMaxTTS(base_url=srv.url, api_key="mm", backoff=0.0, sleep=waits.append)
        x, _ = b.synthesize("Hello.", EN)
        assert x.size and srv.count("POST", "/v1/t2a_v2") == 4
        assert 2.0 in waits


def test_a_server_that_keeps_failing_says_so():
    with FakeMiniMaxSpeech([Fault("/v1/t2a_v2", 502) for _ in range(5)]) as srv:
        with pytest.raises(BackendError, match=r"failed after 5 tries: HTTP 502"):
            tts(srv).synthesize("Hello.", EN)


def test_a_bad_key_is_named():
    with FakeMiniMaxSpeech(api_key="right") as srv:
        b = MiniMaxTTS(base_url=srv.url, api_key="wrong", sleep=lambda s: None)
        with pytest.raises(BackendError, match="rejected the API key.*MANJU_MINIMAX_API_KEY"):
            b.synthesize("Hello.", EN)
        with pytest.raises(BackendError, match="rejected the API key"):
            b.clone(recording(11), "reference.wav", "manjuabcdef012345")
    with FakeMiniMaxSpeech() as srv:
        with pytest.raises(BackendError, match="needs an API key"):
            MiniMaxTTS(base_url=srv.url, api_key="").synthesize("Hello.", EN)
        assert not srv.requests
    with FakeMiniMaxSpeech([Fault("/v1/t2a_v2", 401)]) as srv:
        with pytest.raises(BackendError, match="rejected the credentials"):
            tts(srv).synthesize("Hello.", EN)


@pytest.mark.parametrize("body, message", [
    (b"<html>502 Bad Gateway</html>", "not JSON"),
    (b'{"data": {"audio": "zz"}, "base_resp": {"status_code": 0}}', "not hex"),
    (b'{"data": {}, "base_resp": {"status_code": 0}}', "no data.audio"),
    (b'{"data": {"audio": "00"}}', "without base_resp"),
    (b"[1, 2]", "not an object"),
])
def test_malformed_answers_are_clear_errors(body, message):
    with FakeMiniMaxSpeech([Fault("/v1/t2a_v2", 200, body=body)]) as srv:
        with pytest.raises(BackendError, match=message):
            tts(srv).synthesize("Hello.", EN)


def test_refused_text_and_no_balance_say_what_happened():
    with FakeMiniMaxSpeech() as srv:
        with pytest.raises(BackendError, match="refused the text or recording as unsafe"):
            tts(srv).synthesize("a forbidden word", EN)
    broke = b'{"base_resp": {"status_code": 1008, "status_msg": "insufficient balance"}}'
    with FakeMiniMaxSpeech([Fault("/v1/t2a_v2", 200, body=broke)]) as srv:
        with pytest.raises(BackendError, match="no balance left"):
            tts(srv).synthesize("Hello.", EN)


def test_cloning_uploads_the_recording_as_data_and_speaks_in_the_clone():
    clip = recording(12)
    with FakeMiniMaxSpeech([Fault("/v1/voice_clone", 429, headers={"Retry-After": "0"})]) as srv:
        b = tts(srv)
        vid = b.clone(clip, "reference.wav", b.planned_voice_id("0123456789abcdef" * 4))
        assert vid == "manju0123456789abcdef01234567"[:29] and b.has_voice(vid)
        up = next(r for r in srv.requests if r.path == "/v1/files/upload")
        assert up.headers["content-type"].startswith("multipart/form-data")
        assert clip[:64] in up.body and b"voice_clone" in up.body and b"http" not in up.body
        sent = [r.json() for r in srv.requests if r.path == "/v1/voice_clone"]
        assert sent[-1]["voice_id"] == vid and isinstance(sent[-1]["file_id"], int)
        assert srv.clone_submissions == 2  # the 429, then the clone
        b.synthesize("这是我的声音。", {**ZH, "clone": vid})
        assert srv.spoken[-1][0] == vid
        assert not b.has_voice("manjunothere0000")


def test_the_provider_refusing_a_recording_or_forgetting_a_clone_is_explained():
    with FakeMiniMaxSpeech() as srv:
        b = tts(srv)
        with pytest.raises(BackendError, match="code 2013.*10 s to 5 min"):
            b.clone(recording(4), "reference.wav", "manjushortclip0001")
        vid = b.clone(recording(11), "reference.wav", "manjuforgotten0001")
        srv.forget(vid)
        with pytest.raises(BackendError, match="7 days.*--voice-ref"):
            b.synthesize("还在吗？", {**ZH, "clone": vid})


def test_bad_settings_are_refused_when_made():
    with pytest.raises(BackendError, match="sample_rate"):
        MiniMaxTTS(base_url="http://127.0.0.1:9", sample_rate=12345)
    with pytest.raises(BackendError, match="http"):
        MiniMaxTTS(base_url="api.minimax.io")
    assert MiniMaxTTS(base_url="https://api.minimaxi.com/v1").config["base_url"] == \
        "https://api.minimaxi.com"
