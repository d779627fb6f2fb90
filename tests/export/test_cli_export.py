"""``manju export`` on the command line."""

from __future__ import annotations

import json

import pytest

from manju.cli.main import main
from manju.export.srt import parse_srt
from manju.export.subtitles import parse_ass, parse_vtt


def test_export_subtitles_to_a_chosen_file(made_zh, tmp_path, capsys):
    assert main(["export", str(made_zh), "--to", "vtt", "--out", str(tmp_path / "a.vtt")]) == 0
    assert main(["export", str(made_zh), "--to", "ass", "-o", str(tmp_path / "a.ass")]) == 0
    out = capsys.readouterr().out
    assert "a.vtt (WebVTT subtitles)" in out and "a.ass (ASS subtitles)" in out
    srt = parse_srt((made_zh / "subtitles.srt").read_text(encoding="utf-8"))
    assert [t for _, _, t in parse_vtt((tmp_path / "a.vtt").read_text(encoding="utf-8"))] == \
        [t for _, _, t in srt]
    assert len(parse_ass((tmp_path / "a.ass").read_text(encoding="utf-8-sig"))) == len(srt)


def test_export_a_named_draft(made_zh, tmp_path, capsys):
    out = tmp_path / "drafts" / "x"
    assert main(["export", str(made_zh), "--to", "jianying", "--out", str(out), "--name", "林晚 第一集",
                 "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    meta = json.loads((out / "draft_meta_info.json").read_text(encoding="utf-8"))
    assert meta["draft_name"] == "林晚 第一集"
    assert (out / "media" / "media.json").is_file()


def test_export_needs_a_rendered_project(made_zh, tmp_path, capsys):
    assert main(["export", str(tmp_path / "nothing"), "--to", "otio"]) == 1
    assert not (tmp_path / "nothing").exists()
    doc = json.loads((made_zh / "project.json").read_text(encoding="utf-8"))
    doc["outputs"] = None
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "project.json").write_text(json.dumps(doc), encoding="utf-8")
    assert main(["export", str(tmp_path / "p"), "--to", "jianying"]) == 1
    assert "run manju make" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["export", str(made_zh), "--to", "premiere"])
    assert e.value.code == 2
