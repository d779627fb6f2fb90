"""Cutting and timing shots: split, merge, insert, retime, props; each applies, survives a
rebuild of the storyboard, undoes exactly and leaves other shots' ids alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.doc.conftest import same

from manju.doc import io, ops
from manju.errors import InputError
from manju.stages.board import board

DATA = Path(__file__).resolve().parents[1] / "edit" / "data"


def _rebuilt(project):
    """The document as a fresh rebuild of its storyboard leaves it."""
    return board(io.loads(io.dumps(project))).model_dump()


EDITS = [
    ("split_shot", "1", {}, {"sh_b4f15dc6"}, set()),
    ("split_shot", "22", {"after_line": "1"}, {"sh_584ef6ee"}, set()),
    ("split_shot", "4", {}, {"sh_f8bd658fs"}, set()),
    ("merge_shots", "3", {}, set(), {"sh_f8bd658f"}),
    ("merge_shots", "10", {}, set(), {"sh_dbcd59b9r"}),
    ("insert_shot", "2", {"framing": "close_up", "subjects": ["Mara"]}, {"sh_699a4247i"}, set()),
    ("insert_shot", "5", {}, {"sh_4de44330i"}, set()),
    ("insert_shot", "3", {"framing": "insert", "props": ["lantern"]}, {"sh_c6eb5449i"}, set()),
    ("retime", "5", {"hold": 2}, set(), set()),
    ("retime", "23", {"pace": "slow"}, set(), set()),
    ("add_prop", "3", {"prop": "umbrella"}, set(), set()),
    ("add_prop", "2", {"prop": "cup", "holder": "Mara"}, set(), set()),
]


@pytest.mark.parametrize(("name", "target", "after", "added", "gone"), EDITS,
                         ids=[f"{e[0]}-{i}" for i, e in enumerate(EDITS)])
def test_each_kind_applies_rebuilds_and_undoes_exactly(keeper, name, target, after, added, gone):
    ids = [s.id for s in keeper.shots()]
    original = keeper.model_dump()
    op = ops.edit(keeper, name, target, **after)
    assert ops.parse(json.loads(json.dumps(ops.dump(op)))) == op
    changed = keeper.model_dump()
    assert changed != original
    now = [s.id for s in keeper.shots()]
    assert set(now) - set(ids) == added and set(ids) - set(now) == gone
    assert [i for i in now if i in ids] == [i for i in ids if i not in gone]
    # What the edit shows is what every rebuild of the storyboard gives.
    same(_rebuilt(keeper), changed)
    ops.undo(keeper)
    same(keeper.model_dump(), original)
    ops.redo(keeper)
    same(keeper.model_dump(), changed)
    board(keeper)
    ops.undo(keeper)
    same(board(keeper).model_dump(), board(io.loads(io.dumps(keeper))).model_dump())


def test_split_at_a_line_and_in_halves(keeper):
    whole = keeper.shots()[21]
    ops.edit(keeper, "split_shot", "22", after_line="l_8fb2938b")
    first, second = keeper.shots()[21:23]
    assert first.id == whole.id and [c.line for c in first.cues] == ["l_8fb2938b"]
    assert [c.line for c in second.cues] == [whole.cues[1].line] and second.cues[0].start < 1
    assert second.framing == first.framing and second.transition == "cut"
    one = keeper.shots()[3]
    ops.edit(keeper, "split_shot", "4")
    a, b = keeper.shots()[3:5]
    assert a.cues == one.cues and not b.cues
    assert a.duration >= one.cues[0].end and a.duration + b.duration >= one.duration


def test_merge_plays_both_lines_in_one_shot(keeper):
    third, fourth = keeper.shots()[2:4]
    ops.edit(keeper, "merge_shots", "3")
    merged = keeper.shots()[2]
    assert merged.id == third.id
    assert [c.line for c in merged.cues] == [third.cues[0].line, fourth.cues[0].line]
    assert merged.cues[1].start > merged.cues[0].end
    assert set(merged.subjects) == set(third.subjects) | set(fourth.subjects)


def test_edits_replayed_together_give_what_they_gave_one_by_one(keeper):
    ops.edit(keeper, "set_shot", "22", framing="close_up")
    ops.edit(keeper, "split_shot", "22", after_line="1")
    ops.edit(keeper, "insert_shot", "22", framing="wide")
    ops.edit(keeper, "merge_shots", "22")  # takes in the inserted shot
    ops.edit(keeper, "merge_shots", "3")
    ops.edit(keeper, "retime", "3", hold=1.5, pace="fast")
    ops.edit(keeper, "add_prop", "3", prop="lantern")
    ops.edit(keeper, "split_shot", "3", after_line="1")  # takes apart the merge again
    shown = keeper.model_dump()
    same(_rebuilt(keeper), shown)
    assert keeper.shots()[22].framing == "close_up"  # the part split off keeps the set-up
    assert keeper.shots()[2].props == ["lantern"] and keeper.shots()[3].id == "sh_f8bd658f"
    for _ in range(8):
        ops.undo(keeper)
    fresh = io.loads((DATA / "the_keeper.json").read_text(encoding="utf-8"))
    same(keeper.model_dump(), fresh.model_dump())


def test_retime_holds_and_paces_without_cutting_a_line(keeper):
    before = keeper.shots()[4]
    ops.edit(keeper, "retime", "5", hold=2)
    assert keeper.shots()[4].duration == pytest.approx(before.duration + 2)
    ops.edit(keeper, "retime", "5", hold=-5)
    held = keeper.shots()[4]
    assert held.duration >= held.cues[-1].end
    ops.edit(keeper, "retime", "5", hold=0, pace="slow")
    slow = keeper.shots()[4]
    assert slow.duration > before.duration and slow.cues[0].start > before.cues[0].start


def test_props_are_added_and_removed(keeper):
    ops.edit(keeper, "add_prop", "3", prop="Umbrella")
    assert keeper.shots()[2].props == ["umbrella"]
    ops.edit(keeper, "remove_prop", "3", prop="umbrella")
    assert keeper.shots()[2].props == []


def test_bad_cuts_are_refused_with_the_reason(keeper):
    with pytest.raises(InputError, match="last of its scene"):
        ops.make(keeper, "merge_shots", "13")
    with pytest.raises(InputError, match="nothing after it"):
        ops.make(keeper, "split_shot", "22", after_line="2")
    with pytest.raises(InputError, match="not a prop"):
        ops.make(keeper, "add_prop", "3", prop="spaceship")
    with pytest.raises(InputError, match="does not show a lantern"):
        ops.make(keeper, "remove_prop", "2", prop="lantern")
    with pytest.raises(InputError, match="give a hold"):
        ops.make(keeper, "retime", "2")
    with pytest.raises(InputError, match="less than or equal to 30"):
        ops.make(keeper, "retime", "2", hold=99)
    with pytest.raises(InputError, match="insert shot shows a prop"):
        ops.make(keeper, "insert_shot", "2", framing="insert")
    with pytest.raises(InputError, match="own edits"):
        ops.make(keeper, "set_shot", "2", hold=2)
    with pytest.raises(InputError, match="no values"):
        ops.make(keeper, "merge_shots", "2", what=1)


def test_version_1_patches_in_the_history_still_undo(keeper):
    op = ops.edit(keeper, "set_shot", "3", framing="close_up")
    raw = ops.dump(op)
    raw["after"]["schema"] = raw["shot"]["schema"] = "ShotPatch.1"
    keeper.history = [raw]
    ops.undo(keeper)
    assert keeper.shots()[2].framing == "over_shoulder"


def test_schema_and_batches_take_the_new_kinds(keeper):
    text = json.dumps(ops.operation_schema())
    for kind in ("split_shot", "merge_shots", "insert_shot", "retime", "add_prop", "remove_prop"):
        assert kind in text
    original = keeper.model_dump()
    ops.edit(keeper, "batch", "project", ops=[
        {"op": "merge_shots", "target": "3", "after": {}},
        {"op": "merge_shots", "target": "3", "after": {}}])
    assert len(keeper.shots()) == 21 and len(keeper.shots()[2].cues) == 3
    ops.undo(keeper)
    same(keeper.model_dump(), original)


def test_a_prop_held_in_a_hand(keeper):
    ops.edit(keeper, "add_prop", "2", prop="cup", holder="Mara Vale")
    shot = keeper.shots()[1]
    assert shot.props == ["cup"] and shot.held == {"cup": "ch_697cd0"}
    # Someone holds one thing: a new one in the hand leaves the cup in the set.
    ops.edit(keeper, "add_prop", "2", prop="book", holder="Mara")
    shot = keeper.shots()[1]
    assert shot.props == ["cup", "book"] and shot.held == {"book": "ch_697cd0"}
    ops.edit(keeper, "remove_prop", "2", prop="book")
    assert keeper.shots()[1].held == {} and keeper.shots()[1].props == ["cup"]
    # A shot that takes in the next one keeps who holds what.
    ops.edit(keeper, "add_prop", "4", prop="phone", holder="Mara")
    ops.edit(keeper, "merge_shots", "3")
    assert keeper.shots()[2].held == {"phone": "ch_697cd0"}
    same(_rebuilt(keeper), keeper.model_dump())
    with pytest.raises(InputError, match="Elias Crane is not in shot 6"):
        ops.make(keeper, "add_prop", "sh_16324e8a", prop="cup", holder="Elias")
    with pytest.raises(InputError, match="already holds"):
        ops.make(keeper, "add_prop", "3", prop="phone", holder="Mara")
