"""A tiny project to play: one outdoor scene, one character with a look."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A project folder with one street scene and one character (no story run needed)."""
    from manju.doc import io
    from manju.doc.model import Character, Episode, Look, Project, Scene, Setting

    look = Look(skin="#f6d0b2", hair_color="#27222c", hair_style="bob", eye_color="#3b6fb0",
                outfit="coat", outfit_color="#b9393c", accent_color="#e8c547",
                gender="female", age="young")
    project = Project(
        title="Walk",
        characters=[Character(id="ch_aaaaaa", name="Mara", gender="female", look=look)],
        episodes=[Episode(id="ep1", title="One", scenes=[
            Scene(id="sc_000001", heading="EXT. STREET - DAY",
                  setting=Setting(kind="street", time="day", interior=False, seed=3),
                  present=["ch_aaaaaa"])])])
    out = tmp_path / "proj"
    out.mkdir()
    io.save(project, out / "project.json")
    return out
