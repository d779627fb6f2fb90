import json

import pytest

from manju.doc import io
from manju.doc.model import Character, Project
from manju.errors import ProjectError


def test_roundtrip_keeps_schema_labels(tmp_path):
    p = Project(title="T", characters=[Character(id="ch01", name="Mara")])
    path = io.save(p, tmp_path / "project.json")
    raw = json.loads(path.read_text())
    assert raw["schema"] == "Project.2"
    assert raw["characters"][0]["schema"] == "Character.3"
    assert io.load(tmp_path).model_dump() == p.model_dump()


def test_broken_json_is_a_clear_error(tmp_path):
    (tmp_path / "project.json").write_text("{not json")
    with pytest.raises(ProjectError, match="not valid JSON"):
        io.load(tmp_path)


def test_wrong_field_names_the_place(tmp_path):
    (tmp_path / "project.json").write_text(json.dumps({"version": 1, "settings": {"fps": "fast"}}))
    with pytest.raises(ProjectError, match="settings.fps"):
        io.load(tmp_path)


def test_newer_version_refused_and_old_upgraded(tmp_path):
    with pytest.raises(ProjectError, match="newer"):
        io.loads(json.dumps({"version": 99}))
    assert io.loads(json.dumps({"version": 0, "title": "old"})).title == "old"


def test_missing_project(tmp_path):
    with pytest.raises(ProjectError, match="no project"):
        io.load(tmp_path / "nope")
