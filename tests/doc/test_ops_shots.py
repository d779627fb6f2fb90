"""Moving shots the user made (inserted, or split off another): the move applies, survives a
rebuild of the storyboard, undoes exactly and re-renders only what moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.doc.conftest import same

from manju.doc import io, ops
from manju.errors import InputError
from manju.stages.board import board

DATA = Path(__file__).resolve().parents[1] / "edit" / "data"


def _ids(project):
    return [s.id for s in project.shots()]


MOVES = [
    # (edits made first, the move, where the moved shot ends up: the ids around it)
    ([("insert_shot", "3", {"framing": "close_up", "subjects": ["Mara"]})],
     ("4", {"before": "2"}), ("sh_62a3adcd", "sh_c6eb5449i", "sh_699a4247")),
    ([("insert_shot", "3", {})], ("4", {"after": "6"}), ("sh_4de44330", "sh_c6eb5449i", "sh_4e3e9fc3")),
    ([("insert_shot", "3", {})], ("4", {}), ("sh_2f1c7bffr", "sh_c6eb5449i", "sh_c8214669")),
    ([("split_shot", "4", {})], ("5", {"before": "2"}), ("sh_62a3adcd", "sh_f8bd658fs", "sh_699a4247")),
    ([("split_shot", "1", {})], ("2", {"after": "4"}), ("sh_c6eb5449", "sh_b4f15dc6", "sh_f8bd658f")),
    # A shot made from the lines moved next to an inserted one moves the same way.
    ([("insert_shot", "3", {})], ("6", {"before": "4"}), ("sh_c6eb5449", "sh_4de44330", "sh_c6eb5449i")),
]


@pytest.mark.parametrize(("first", "move", "around"), MOVES, ids=[str(i) for i in range(len(MOVES))])
def test_a_made_shot_moves_survives_a_rebuild_and_undoes_exactly(keeper, first, move, around):
    for name, target, after in first:
        ops.edit(keeper, name, target, **after)
    before = keeper.model_dump()
    ids = _ids(keeper)
    op = ops.edit(keeper, "move_shot", move[0], **move[1])
    assert ops.parse(json.loads(json.dumps(ops.dump(op)))) == op
    moved = _ids(keeper)
    assert sorted(moved) == sorted(ids) and moved != ids
    k = moved.index(around[1])
    assert moved[k - 1] == around[0]
    assert moved[k + 1] == around[2]
    changed = keeper.model_dump()
    # What the move shows is what every rebuild of the storyboard gives.
    same(board(io.loads(io.dumps(keeper))).model_dump(), changed)
    ops.undo(keeper)
    same(keeper.model_dump(), before)
    ops.redo(keeper)
    same(keeper.model_dump(), changed)
    board(keeper)
    ops.undo(keeper)
    assert _ids(board(keeper)) == ids


def test_edits_after_a_move_replay_in_order(keeper):
    ops.edit(keeper, "insert_shot", "3", framing="close_up", subjects=["Mara"])
    ops.edit(keeper, "move_shot", "4", after="6")  # now right after sh_4de44330
    ops.edit(keeper, "merge_shots", "5")  # sh_4de44330 takes in the inserted shot
    ids = _ids(keeper)
    assert "sh_c6eb5449i" not in ids and ids[4] == "sh_4de44330"
    assert ids[5] == "sh_4e3e9fc3"
    same(board(io.loads(io.dumps(keeper))).model_dump(), keeper.model_dump())
    ops.edit(keeper, "split_shot", "5")
    ops.edit(keeper, "move_shot", "6", before="2")
    assert _ids(keeper)[1] == "sh_4de44330s"
    same(board(io.loads(io.dumps(keeper))).model_dump(), keeper.model_dump())
    for _ in range(5):
        ops.undo(keeper)
    fresh = io.loads((DATA / "the_keeper.json").read_text(encoding="utf-8"))
    same(keeper.model_dump(), fresh.model_dump())


def test_a_storyboard_silent_shot_still_cannot_move(keeper):
    with pytest.raises(InputError, match="silent reaction shot"):
        ops.make(keeper, "move_shot", "11", before="2")
    ops.edit(keeper, "insert_shot", "3", framing="wide")
    with pytest.raises(InputError, match="already there"):
        ops.make(keeper, "move_shot", "4", after="3")


def test_moving_an_inserted_shot_renders_only_what_moved(en_story, tmp_path, fake_backends):
    from manju.session import Session

    out = tmp_path / "out"
    settings = {"width": 144, "height": 256, "fps": 6, "music": False}
    with Session.open(out, en_story, settings=settings, backends=fake_backends, workers=1) as s:
        s.make(sheets=False)
        s.edit("insert_shot", "2", framing="close_up", subjects=["Mara"])
        s.make(sheets=False)
        ids = _ids(s.project)
        keys = {sh.id: sh.segment.key for sh in s.project.shots() if sh.segment}
        inserted = ids[2]
        assert inserted.endswith("i")
        s.edit("move_shot", "3", after=str(len(ids)))
        report = s.make(sheets=False)
        moved = _ids(s.project)
        assert moved == [*[i for i in ids if i != inserted], inserted]
        # Only shots whose neighbours changed (transitions, the moved shot) render again.
        assert report.shots_rendered <= 2 and report.lines_voiced == 0
        assert keys[inserted] == s.project.shot(inserted).segment.key
        s.undo()
        report = s.make(sheets=False)
        assert _ids(s.project) == ids and report.shots_rendered == 0
        assert {sh.id: sh.segment.key for sh in s.project.shots()} == keys
    # The move is kept in project.json and replayed by the next make.
    with Session.open(out, workers=1) as s:
        s.redo()
        s.make(until="board")
        assert _ids(s.project) == moved


def test_which_shots_can_move(keeper):
    from manju.doc.ops_shots import movable

    scene = keeper.scenes()[0]
    assert movable(keeper, scene) == {s.id for s in scene.shots if s.cues}
    ops.edit(keeper, "insert_shot", "3", framing="wide")
    ops.edit(keeper, "split_shot", "5")
    scene = keeper.scenes()[0]
    assert {"sh_c6eb5449i", "sh_f8bd658fs"} <= movable(keeper, scene)
    assert "sh_dbcd59b9r" not in movable(keeper, scene)  # the storyboard's reaction shot
