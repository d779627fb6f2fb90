"""Every operation kind applies and undoes exactly, on a storyboarded example."""

from __future__ import annotations

import json

import pytest
from tests.doc.conftest import same

from manju.doc import io, ops
from manju.errors import InputError
from manju.stages.board import board

EDITS = [
    ("set_shot", "3", {"framing": "close_up", "camera": {"move": "static"}}),
    ("set_shot", "2", {"subjects": ["ch_697cd0"]}),
    ("set_line", "l_260fc03b", {"text": "Hurry, child.", "emotion": "shout", "speaker": "Mara"}),
    ("set_scene", "2", {"time": "day", "weather": "clear", "kind": "forest", "interior": False,
                        "mood": "sad", "heading": "EXT. FOREST - DAY"}),
    ("set_settings", "project", {"style": "ink", "music": False}),
    ("set_look", "Elias", {"outfit": "suit", "outfit_color": "navy", "accessory": "glasses"}),
    ("set_voice", "Mara", {"pitch": 30, "speed": 120}),
    ("delete_shot", "5", {}),
    ("delete_shot", "1", {}),
    ("move_shot", "7", {"before": "6"}),
    ("move_shot", "4", {"after": "8"}),
    ("move_shot", "15", {}),
    ("batch", "project", {"ops": [{"op": "set_scene", "target": "1", "after": {"time": "dusk"}},
                                  {"op": "delete_shot", "target": "3", "after": {}},
                                  {"op": "set_shot", "target": "4", "after": {"framing": "wide"}}]}),
]


@pytest.mark.parametrize(("name", "target", "after"), EDITS, ids=[f"{e[0]}-{i}" for i, e in enumerate(EDITS)])
def test_each_kind_applies_undoes_and_redoes_exactly(keeper, name, target, after):
    original = keeper.model_dump()
    op = ops.edit(keeper, name, target, **after)
    assert ops.parse(json.loads(json.dumps(ops.dump(op)))) == op
    changed = keeper.model_dump()
    assert changed != original and len(keeper.history) == 1
    ops.undo(keeper)
    same(keeper.model_dump(), original)
    assert len(keeper.future) == 1
    ops.redo(keeper)
    same(keeper.model_dump(), changed)
    # Through a rebuild of the storyboard and back: undo still restores the document.
    board(keeper)
    ops.undo(keeper)
    same(board(keeper).model_dump(), board(io.loads(io.dumps(keeper))).model_dump())


def test_delete_shot_removes_its_lines_and_keeps_other_ids(keeper):
    ids = [s.id for s in keeper.shots()]
    op = ops.edit(keeper, "delete_shot", "10")  # Mara's angry line and the reaction after it
    assert op.target == ids[9] and len(op.lines) == 1
    board(keeper)
    left = [s.id for s in keeper.shots()]
    assert ids[9] not in left and ids[10] not in left
    assert [i for i in ids if i not in (ids[9], ids[10])] == left


def test_move_shot_reorders_lines_within_the_scene(keeper):
    ops.edit(keeper, "move_shot", "7", before="6")
    board(keeper)
    assert [s.id for s in keeper.shots()][5:7] == ["sh_16324e8a", "sh_4e3e9fc3"]


def test_structural_edits_refuse_what_would_break_the_storyboard(keeper):
    with pytest.raises(InputError, match="silent reaction shot"):
        ops.make(keeper, "delete_shot", "11")
    with pytest.raises(InputError, match="another scene"):
        ops.make(keeper, "move_shot", "3", before="20")
    with pytest.raises(InputError, match="already there"):
        ops.make(keeper, "move_shot", "23")
    with pytest.raises(InputError, match="kind of place"):
        ops.make(keeper, "set_scene", "1", kind="moon")
    with pytest.raises(InputError, match="no scene number 9"):
        ops.make(keeper, "set_scene", "9", time="day")


def test_a_batch_is_one_undo_step(keeper):
    original = keeper.model_dump()
    ops.edit(keeper, "batch", "project", note="two things", ops=[
        {"op": "set_line", "target": "l_260fc03b", "after": {"emotion": "angry"}},
        {"op": "set_line", "target": "l_260fc03b", "after": {"emotion": "sad"}}])
    assert keeper.line("l_260fc03b").emotion == "sad" and len(keeper.history) == 1
    ops.undo(keeper)
    same(keeper.model_dump(), original)


def test_schema_and_session_apply_take_every_kind(keeper, tmp_path):
    from manju.session import Session

    text = json.dumps(ops.operation_schema())
    for kind in ops.KINDS:
        assert kind in text
    io.save(keeper, tmp_path / "project.json")
    with Session.open(tmp_path) as s:
        s.apply({"op": "set_scene", "target": "sc_16e8ab", "after": {"weather": "snow"},
                 "before": {"weather": "clear"}})  # a caller's "before" is never trusted
        s.apply({"op": "delete_shot", "target": "sh_4de44330"})
        assert ops.parse(s.project.history[0]).before.weather == "rain"
        s.undo()
        s.undo()
        assert s.project.scenes()[1].setting.weather == "rain"


def test_set_ref_gives_and_takes_away_a_sheet_and_undoes(keeper):
    from manju.doc.model import Asset

    original = keeper.model_dump()
    ch = keeper.characters[0]
    mine = Asset(path=".cache/remote/user_1.png", sha256="ab" * 32, backend="user")
    op = ops.edit(keeper, "set_ref", ch.name, front=mine)
    assert keeper.character(ch.id).refs == {"front": mine}
    assert op.before.values() == {"remove": ["front"]}
    assert "set_ref" in ops.describe(op) and "user_1.png" in ops.describe(op)
    # The brief a front end sends is JSON and makes the same edit again.
    brief = json.loads(json.dumps(ops.brief(op)))
    assert brief["after"]["front"]["schema"] == "Asset.1"
    assert ops.rebuild(keeper, op).after == op.after
    ops.edit(keeper, "set_ref", ch.id, front=None)
    assert keeper.character(ch.id).refs == {}
    ops.undo(keeper)
    assert keeper.character(ch.id).refs["front"].path == mine.path
    ops.undo(keeper)
    same(keeper.model_dump(), original)
    with pytest.raises(InputError):
        ops.edit(keeper, "set_ref", ch.id, smile=mine.model_dump())
