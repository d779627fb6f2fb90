"""A missing espeak-ng is a user error: one line saying how to install it, never a traceback."""

import os
import subprocess
import sys

import pytest

from manju.audio.tts import TTSError, synthesize
from manju.audio.voices import VoiceSpec
from manju.errors import BackendError, ManjuError


def test_tts_error_is_a_manju_error():
    assert issubclass(TTSError, BackendError) and issubclass(TTSError, ManjuError)


def test_missing_espeak_says_how_to_install(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(ManjuError) as info:
        synthesize("Hello there.", VoiceSpec(engine="espeak", voice="en-us"))
    msg = str(info.value)
    assert "espeak-ng is not installed" in msg and "apt-get install espeak-ng" in msg
    assert "\n" not in msg


def test_make_without_espeak_is_one_line(en_story, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MANJU_")}
    env["PATH"] = str(empty)  # the interpreter is called by its full path
    env["MANJU_TTS"] = "espeak"  # the neural voices carry their own phonemizer library
    r = subprocess.run(
        [sys.executable, "-m", "manju.cli.main", "make", str(en_story), "--out",
         str(tmp_path / "out"), "--size", "216x384", "--fps", "6", "--no-music", "--no-sfx",
         "--workers", "1", "--quiet"],
        capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "Fontconfig" not in ln]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("manju: error:") and "apt-get install espeak-ng" in lines[0]


def test_emoji_are_not_read_out():
    from manju.audio.tts import speech_text
    from manju.audio.voices import VoiceSpec

    assert speech_text("I love it 😀🎉 really", VoiceSpec()) == [("en", "I love it really")]
    assert speech_text("太好了😀！", VoiceSpec(voice="cmn-latn-pinyin", lang="zh"))[0][1].endswith("le5!")
