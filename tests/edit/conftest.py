"""The storyboarded examples the instruction set was written against."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.doc import io
from manju.doc.model import Project

DATA = Path(__file__).resolve().parent / "data"


def example(name: str) -> Project:
    """A fresh copy of a storyboarded example (``the_keeper`` or ``lin_wan``)."""
    return io.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def keeper() -> Project:
    return example("the_keeper")


@pytest.fixture
def linwan() -> Project:
    return example("lin_wan")


@pytest.fixture
def example_folder(tmp_path):
    """A project folder holding a storyboarded example: ``example_folder("lin_wan")``."""

    def make(name: str) -> Path:
        out = tmp_path / name
        out.mkdir()
        io.save(example(name), out / "project.json")
        return out

    return make
