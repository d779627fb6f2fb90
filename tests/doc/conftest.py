"""Shared by the operation tests: the bundled story's made document and an equality that
ignores the redo stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from manju.doc import io

DATA = Path(__file__).resolve().parents[1] / "edit" / "data"


@pytest.fixture
def keeper() -> Any:
    """A fresh copy of examples/the_keeper.md as made (tests/edit/data/the_keeper.json)."""
    return io.loads((DATA / "the_keeper.json").read_text(encoding="utf-8"))


def same(a: Any, b: Any) -> None:
    """Assert two dumped documents are equal but for their redo stacks."""
    a, b = dict(a), dict(b)
    a.pop("future"), b.pop("future")
    assert a == b
