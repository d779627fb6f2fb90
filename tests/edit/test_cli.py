"""``manju edit`` and ``manju history``."""

from __future__ import annotations

import json

from manju.cli.main import main
from manju.doc import io


def test_dry_run_prints_the_plan_and_changes_nothing(example_folder, capsys):
    out = example_folder("lin_wan")
    before = (out / "project.json").read_bytes()
    assert main(["edit", str(out), "把第二场改成夜晚", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "将要：" in said and "第2场" in said and "夜晚" in said
    assert (out / "project.json").read_bytes() == before


def test_unknown_and_ambiguous_change_nothing(example_folder, capsys):
    out = example_folder("lin_wan")
    before = (out / "project.json").read_bytes()
    assert main(["edit", str(out), "帮我做得好看一点"]) == 1
    assert "可以这样说" in capsys.readouterr().out
    assert main(["edit", str(out), "第二个镜头里让她生气一点", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "question" and set(answer["candidates"]) == {"林晚", "苏念"}
    assert not answer["applied"]
    assert (out / "project.json").read_bytes() == before
    keeper = example_folder("the_keeper")
    assert main(["edit", str(keeper), "make", "it", "better"]) == 1
    assert "I understand, for example" in capsys.readouterr().out


def test_edit_applies_one_undoable_step_and_history_lists_it(example_folder, capsys):
    out = example_folder("lin_wan")
    assert main(["edit", str(out), "让林晚生气一点", "--no-render"]) == 0
    assert "情绪改为生气" in capsys.readouterr().out
    project = io.load(out)
    assert len(project.history) == 1 and project.history[0]["op"] == "batch"
    assert {project.line(i).emotion for i in ("l_a4d25683", "l_29378e3a")} == {"angry"}
    assert main(["edit", str(out), "删掉第五个镜头", "--no-render", "--quiet"]) == 0
    assert main(["undo", str(out), "--no-render"]) == 0
    capsys.readouterr()
    assert main(["history", str(out), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["edits"]
    assert [(r["op"], r["state"]) for r in rows] == [("batch", "done"), ("delete_shot", "undone")]
    assert main(["history", str(out)]) == 0
    text = capsys.readouterr().out
    assert "删除第5个镜头" in text and "manju redo" in text


def test_only_the_touched_shot_renders_again(en_story, tmp_path, capsys, fake_backends):
    out = tmp_path / "out"
    assert main(["make", str(en_story), "--out", str(out), "--size", "144x256", "--fps", "8",
                 "--no-music", "--quiet", "--tts", "fake"]) == 0
    capsys.readouterr()
    assert main(["edit", str(out), "make shot 2 a close-up", "--json", "--quiet"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["applied"] and done["report"]["shots_rendered"] == 1
    assert done["report"]["shots_total"] > 2 and done["report"]["lines_voiced"] == 0
