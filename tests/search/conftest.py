"""Small projects to search: two examples up to the storyboard, and one tiny rendered story."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.session import Session

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"width": 144, "height": 256, "fps": 6, "music": False, "sfx": False}


def board(story: Path, out: Path) -> Path:
    """``story`` made up to the storyboard (fake speech: timings, no video)."""
    with Session.open(out, story, backends={"tts": "fake", "music": "fake"},
                      settings=SMALL) as s:
        s.make(until="board", sheets=False)
    return out


@pytest.fixture(scope="module")
def two_projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Lighthouse Keeper (English) and Lin Wan (Chinese), up to the storyboard."""
    root = tmp_path_factory.mktemp("projects")
    return (board(ROOT / "examples" / "the_keeper.md", root / "keeper"),
            board(ROOT / "examples" / "lin_wan.txt", root / "linwan"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny English story rendered to video.mp4 at 144x256, 6 fps, fake speech."""
    root = tmp_path_factory.mktemp("rendered")
    story = root / "story.txt"
    story.write_text(
        "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
        '"You are late," said Elias.\n\n'
        '"The road flooded," Mara replied.\n\n'
        '"I will not leave this house," Mara said. "Not tonight."\n', encoding="utf-8")
    with Session.open(root / "out", story, backends={"tts": "fake", "music": "fake"},
                      settings=SMALL) as s:
        s.make(sheets=False)
    return root / "out"
