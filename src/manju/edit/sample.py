"""Storyboarded projects from the bundled example stories (for the evaluation set and tests):
adapted, cast and boarded without voices, so shot numbers match ``manju make``'s."""

from __future__ import annotations

import tempfile
from pathlib import Path

from manju.doc.model import Project

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
STORIES = {"the_keeper": "the_keeper.md", "lin_wan": "lin_wan.txt", "qingyun": "qingyun.txt"}


def storyboard(story: str | Path) -> Project:
    """The project ``manju make`` builds from ``story`` (a path, or a bundled example's name),
    up to the storyboard; shot durations are estimated from the text instead of the voices."""
    from manju.session import Session
    from manju.stages.board import board

    path = EXAMPLES / STORIES[str(story)] if str(story) in STORIES else Path(story)
    with tempfile.TemporaryDirectory() as tmp, \
            Session.open(tmp, path, backends={"tts": "fake", "music": "fake"}) as s:
        s.make(until="cast")
        project = s.project
    return board(project)
