"""User errors end with one clear line on stderr and a non-zero exit, never a traceback."""

import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "manju.cli.main", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("make_file", [
    lambda d: d / "missing.txt",
    lambda d: (d / "empty.txt").write_text("") and d / "empty.txt" or d / "empty.txt",
    lambda d: (d / "bin.txt").write_bytes(b"\x00\xff\x00" * 100) and d / "bin.txt",
])
def test_bad_story_files(tmp_path, make_file):
    path = make_file(tmp_path)
    r = run("make", str(path), "--out", str(tmp_path / "out"))
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if "Fontconfig" not in ln]
    assert len(lines) == 1 and lines[0].startswith("manju: error:"), r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_option(tmp_path):
    r = run("make", "x.txt", "--frobnicate")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "unrecognized arguments" in r.stderr


def test_help_is_fast_and_lists_commands():
    r = run("--help")
    assert r.returncode == 0 and "make" in r.stdout and "adapt" in r.stdout


def test_unknown_speech_backend_is_named(en_story, tmp_path):
    r = run("make", str(en_story), "--out", str(tmp_path / "o"), "--tts", "nope", "--quiet")
    assert r.returncode != 0
    said = r.stderr
    assert "no tts backend named 'nope' (installed: " in said
    assert all(name in said for name in ("espeak", "fake", "openai"))
