"""A rendered Chinese example, made once per test session at a tiny size, and its hand-off
exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def made_zh(tmp_path_factory) -> Path:
    """``examples/lin_wan.txt`` made at 144x256, 12 fps, with music and effects."""
    from manju.session import Session

    out = tmp_path_factory.mktemp("lin_wan") / "out"
    tts = "espeak" if shutil.which("espeak-ng") else "fake"
    with Session.open(out, EXAMPLES / "lin_wan.txt", settings={"width": 144, "height": 256, "fps": 12},
                      backends={"tts": tts}) as s:
        s.make(yes=True)
    return out


@pytest.fixture(scope="session")
def exported(made_zh: Path) -> dict[str, Path]:
    """Every hand-off export of the made example (``manju export DIR --to all``)."""
    from manju.export.handoff import handoff
    from manju.session import Session

    with Session.open(made_zh) as s:
        return handoff(s.project, s.context(), "all")
