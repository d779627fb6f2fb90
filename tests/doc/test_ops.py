import pytest

from manju.doc import ops
from manju.doc.model import Character, Episode, Line, Project, Scene
from manju.errors import InputError
from manju.stages.board import board


def _project():
    p = Project(characters=[Character(id="ch01", name="Mara", aliases=["Miss Vale"],
                                      look={"hair_color": "#000000"})])
    sc = Scene(id="ep01_sc01", heading="INT. X - DAY", present=["ch01"])
    sc.lines = [Line(id="l1", kind="dialogue", text="Hi.", speaker="ch01")]
    p.episodes = [Episode(id="ep01", title="", scenes=[sc])]
    return board(p)


def test_edit_undo_redo_roundtrip():
    p = _project()
    ops.edit(p, "set_look", "Miss Vale", hair_color="#aa0000")
    assert p.characters[0].look["hair_color"] == "#aa0000"
    ops.undo(p)
    assert p.characters[0].look["hair_color"] == "#000000" and not p.history
    ops.redo(p)
    assert p.characters[0].look["hair_color"] == "#aa0000" and not p.future
    with pytest.raises(InputError, match="nothing to redo"):
        ops.redo(p)


def test_shot_edit_survives_reboarding():
    p = _project()
    sid = p.shots()[-1].id
    ops.edit(p, "set_shot", sid, framing="close_up")
    board(p)
    shot = p.shot(sid)
    assert shot.framing == "close_up" and shot.camera.move == "push_in"


def test_unknown_targets_are_clear_errors():
    p = _project()
    with pytest.raises(InputError, match="no character 'Bob'.*Mara"):
        ops.edit(p, "set_look", "Bob", hair_color="#fff")
    with pytest.raises(InputError, match="no shot"):
        ops.edit(p, "set_shot", "nope", framing="wide")
