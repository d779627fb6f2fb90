"""Every stage writes only what it declares, and returns a new document instead of changing
the one it was given."""

from __future__ import annotations

import pytest

from manju.backends.fakes import FakeMusic, FakeTTS
from manju.doc.model import Project
from manju.errors import StageError
from manju.pipeline import Stage, check_contract, new_project, run, stages
from manju.stages.context import Context


def test_each_stage_writes_only_what_it_declares(en_story, tmp_path):
    p = new_project(en_story)
    p.settings.width, p.settings.height, p.settings.fps = 96, 160, 4
    ctx = Context.for_output(tmp_path / "o", workers=1)
    ctx.backends.update(tts=FakeTTS(), music=FakeMusic())
    ctx.check_contracts = True
    for stage in stages():
        given = p.model_dump()
        new = run(p, ctx, until=stage.name, save=False)
        assert p.model_dump() == given, f"{stage.name} changed the document it was given"
        assert new is not p
        p = new
    assert p.outputs is not None and (tmp_path / "o" / "video.mp4").exists()


def test_an_undeclared_write_is_refused():
    def sneaky(p: Project, ctx: Context) -> Project:
        p.title = "changed"
        p.settings.fps = 12
        return p

    stage = Stage("sneaky", (), ("settings",), sneaky)
    before = Project()
    with pytest.raises(StageError, match="stage sneaky wrote title"):
        check_contract(stage, before, sneaky(before.model_copy(deep=True), None))  # type: ignore[arg-type]
