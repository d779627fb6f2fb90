import json

import pytest

from manju.doc import ops
from manju.doc.model import Character, Episode, Line, Look, Project, Scene
from manju.errors import InputError
from manju.stages.board import board

LOOK = Look(skin="#f6d0b2", hair_color="#000000", hair_style="short", eye_color="#333333",
            outfit="shirt", outfit_color="#223344", accent_color="#c0392b", gender="female",
            age="adult")


def _project():
    p = Project(characters=[Character(id="ch01", name="Mara", aliases=["Miss Vale"], look=LOOK),
                            Character(id="ch02", name="Elias")])
    sc = Scene(id="sc1", heading="INT. X - DAY", present=["ch01", "ch02"])
    sc.lines = [Line(id="l1", kind="dialogue", text="Hi.", speaker="ch01"),
                Line(id="l2", kind="dialogue", text="Hello.", speaker="ch02")]
    p.episodes = [Episode(id="ep01", title="", scenes=[sc])]
    return board(p)


def test_edit_undo_redo_roundtrip():
    p = _project()
    ops.edit(p, "set_look", "Miss Vale", hair_color="#aa0000")
    assert p.characters[0].look.hair_color == "#aa0000"
    ops.undo(p)
    assert p.characters[0].look.hair_color == "#000000" and not p.history
    ops.redo(p)
    assert p.characters[0].look.hair_color == "#aa0000" and not p.future
    with pytest.raises(InputError, match="nothing to redo"):
        ops.redo(p)


def test_shot_edit_survives_reboarding():
    p = _project()
    sid = p.shots()[-1].id
    ops.edit(p, "set_shot", sid, framing="close_up")
    board(p)
    shot = p.shot(sid)
    assert shot.framing == "close_up" and shot.camera.move == "push_in"


def test_undo_of_a_shot_edit_restores_the_document_exactly():
    # An undone shot edit used to leave its override pinned, and a later re-board changed the
    # shot again.
    p = _project()
    before = p.model_dump()
    sid = p.shots()[-1].id
    ops.edit(p, "set_shot", sid, framing="close_up")
    ops.edit(p, "set_shot", sid, framing="wide")
    ops.undo(p)
    assert p.overrides[sid].framing == "close_up"
    ops.undo(p)
    assert not p.overrides
    after = p.model_dump()
    after["future"] = before["future"]
    assert after == before
    assert board(p.model_copy(deep=True)).model_dump()["episodes"] == before["episodes"]


def test_shots_can_be_named_by_number():
    p = _project()
    op = ops.edit(p, "set_shot", "2", framing="wide")
    assert op.target == p.shots()[1].id
    with pytest.raises(InputError, match="no shot number 99"):
        ops.edit(p, "set_shot", "99", framing="wide")


def test_unknown_targets_and_bad_values_are_clear_errors():
    p = _project()
    with pytest.raises(InputError, match="no character 'Bob'.*Mara"):
        ops.edit(p, "set_look", "Bob", hair_color="#fff")
    with pytest.raises(InputError, match="no shot"):
        ops.edit(p, "set_shot", "nope", framing="wide")
    with pytest.raises(InputError, match="notacolor"):
        ops.edit(p, "set_look", "Mara", outfit_color="notacolor")
    with pytest.raises(InputError, match="framing"):
        ops.edit(p, "set_shot", "1", framing="fisheye")
    with pytest.raises(InputError, match="unknown edit"):
        ops.edit(p, "set_everything", "Mara", x=1)
    assert not p.history


def test_colour_words_and_short_hex_are_accepted():
    p = _project()
    ops.edit(p, "set_look", "Mara", outfit_color="black", hair_color="#a00")
    assert p.characters[0].look.outfit_color == ops.COLOUR_NAMES["black"]
    assert p.characters[0].look.hair_color == "#aa0000"


def test_line_edit_resolves_speaker_names():
    p = _project()
    op = ops.edit(p, "set_line", "l1", speaker="Elias", emotion="angry")
    assert p.line("l1").speaker == "ch02" and op.before.speaker == "ch01"
    ops.undo(p)
    assert p.line("l1").speaker == "ch01" and p.line("l1").emotion == "neutral"


def test_unknown_operation_in_history_is_a_clear_error_not_a_keyerror():
    p = _project()
    p.history = [{"op": "teleport", "target": "x"}]
    with pytest.raises(InputError, match="unknown operation 'teleport'"):
        ops.undo(p)


def test_operations_have_a_published_schema():
    schema = ops.operation_schema()
    text = json.dumps(schema)
    for kind in ops.KINDS:
        assert kind in text
    assert "discriminator" in text
    op = ops.edit(_project(), "set_shot", "1", framing="close_up")
    assert ops.parse(json.loads(json.dumps(ops.dump(op)))) == op


def test_look_literals_match_the_renderer():
    from manju.doc.model import Accessory, HairStyle, Outfit
    from manju.render.character import ACCESSORIES, HAIR_STYLES, OUTFITS

    assert set(HairStyle.__args__) == set(HAIR_STYLES)
    assert set(Outfit.__args__) == set(OUTFITS)
    assert set(Accessory.__args__) == set(ACCESSORIES)
