"""A project written by the previous release (schema version 1) loads, keeps its edits and
undoes them; per-node versions newer than this release are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manju.doc import io, ops
from manju.doc.upgrade import upgrade_nodes
from manju.errors import ProjectError
from manju.stages.board import board

V1 = Path(__file__).parent / "data" / "project_v1.json"


def test_version_1_project_loads_as_version_2():
    p = io.loads(V1.read_text())
    assert p.version == 2 and p.schema_ == "Project.2"
    mara = next(c for c in p.characters if c.name == "Mara Vale")
    assert mara.look.hair_color == "#aa2222" and mara.voice.voice
    assert p.narrator_voice is not None and not p.metadata.get("narrator_voice")
    assert all(sc.setting.schema_ == "Setting.1" for sc in p.scenes())
    assert [ops.parse(op).op for op in p.history] == ["set_look", "set_shot"]


def test_version_1_shot_edit_lands_on_the_same_shot_after_reboarding():
    raw = json.loads(V1.read_text())
    old_shot = raw["episodes"][0]["scenes"][0]["shots"][1]
    first_line = old_shot["cues"][0]["line"]
    p = board(io.loads(V1.read_text()))
    shot = next(s for s in p.shots() if s.cues and s.cues[0].line == first_line)
    assert shot.framing == "close_up" and shot.id in p.overrides
    ops.undo(p)  # the shot edit
    assert shot.id not in p.overrides
    ops.undo(p)  # the look edit
    assert next(c for c in p.characters if c.name == "Mara Vale").look.hair_color != "#aa2222"


def test_newer_nodes_and_documents_are_refused():
    raw = json.loads(V1.read_text())
    raw["characters"][0]["schema"] = "Character.9"
    with pytest.raises(ProjectError, match="Character.9 node, newer"):
        io.loads(json.dumps(raw))
    raw = json.loads(V1.read_text())
    raw["version"] = 3
    with pytest.raises(ProjectError, match="newer than this manju"):
        io.loads(json.dumps(raw))


def test_a_line_2_loads_as_line_3_and_laugh_is_an_emotion():
    from manju.doc.model import Line

    raw = json.loads(V1.read_text())
    line = raw["episodes"][0]["scenes"][0]["lines"][0]
    p = io.loads(json.dumps(raw))
    loaded = p.episodes[0].scenes[0].lines[0]
    assert loaded.schema_ == "Line.3" and loaded.text == line["text"]
    two = {**loaded.model_dump(by_alias=True, mode="json"), "schema": "Line.2"}
    assert upgrade_nodes(two)["schema"] == "Line.3"
    assert {k: v for k, v in upgrade_nodes(two).items() if k != "schema"} == \
        {k: v for k, v in two.items() if k != "schema"}
    assert Line(id="l", kind="dialogue", text="Ha!", emotion="laugh").emotion == "laugh"


def test_a_character_2_keeps_its_reference_sheets_as_typed_refs():
    raw = json.loads(V1.read_text())
    p = io.loads(json.dumps(raw))
    two = {**p.characters[0].model_dump(by_alias=True, mode="json"), "schema": "Character.2"}
    two.pop("refs")
    front = {"schema": "Asset.1", "path": ".cache/remote/a.png", "sha256": "ab" * 32,
             "backend": "image.comfyui", "config": {}, "metadata": {"identity": "x"}}
    two["metadata"] = {"reference_sheets": {"front": front, "side": "broken"}, "other": 1}
    up = upgrade_nodes(two)
    assert up["schema"] == "Character.3" and up["metadata"] == {"other": 1}
    assert up["refs"] == {"front": front}
    from manju.doc.model import Character

    ch = Character.model_validate(up)
    assert ch.refs["front"].path == ".cache/remote/a.png"
    assert ch.refs["front"].metadata == {"identity": "x"}
