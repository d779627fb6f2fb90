"""Shared fixtures: tiny stories and small render settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def en_story(tmp_path: Path) -> Path:
    """A four-line English story with two speakers."""
    p = tmp_path / "story.txt"
    p.write_text(
        "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
        '"You are late," said Elias.\n\n'
        '"The road flooded," Mara replied.\n\n'
        '"Then sit down," he said. "Tea is ready."\n',
        encoding="utf-8",
    )
    return p


@pytest.fixture
def zh_story(tmp_path: Path) -> Path:
    """A short Chinese story with two speakers."""
    p = tmp_path / "gushi.txt"
    p.write_text(
        "夜深了，林晚站在公司楼下。\n\n“你怎么还没走？”苏念问。\n\n林晚摇摇头：“我在等人。”\n",
        encoding="utf-8",
    )
    return p


@pytest.fixture(autouse=True, scope="session")
def espeak_by_default():
    """The suite speaks with espeak-ng unless a test chooses otherwise: the neural default
    (Kokoro, where installed) is exercised by tests/backends/test_kokoro.py and the
    default-choice tests, and would make every end-to-end test several times slower.
    Set MANJU_TTS yourself to run the suite with another voice."""
    had = "MANJU_TTS" in os.environ
    os.environ.setdefault("MANJU_TTS", "espeak")
    yield
    if not had:
        os.environ.pop("MANJU_TTS", None)


def pytest_addoption(parser):
    """``--regen-golden``: rewrite tests/render/golden/*.png from the current renderer."""
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite the golden stills in tests/render/golden/ instead of "
                          "comparing against them")


@pytest.fixture
def fake_backends(monkeypatch):
    """Speech and music from the registered test doubles (no espeak-ng needed)."""
    monkeypatch.setenv("MANJU_TTS", "fake")
    return {"tts": "fake", "music": "fake"}
