"""Splitting, merging, inserting, retiming shots and props, said in English and Chinese."""

from __future__ import annotations

import json

import pytest

from manju.cli.main import main
from manju.edit import parse_instruction
from manju.edit.llm import tools


@pytest.mark.parametrize(("story", "text", "op", "after"), [
    ("the_keeper", "split shot 22 after the first line", "split_shot", {"after_line": "l_8fb2938b"}),
    ("the_keeper", "merge shots 3 and 4", "merge_shots", {}),
    ("the_keeper", "add a close-up of Mara after shot 2", "insert_shot",
     {"framing": "close_up", "subjects": ["ch_697cd0"]}),
    ("the_keeper", "hold shot 5 two seconds longer", "retime", {"hold": 2.0}),
    ("the_keeper", "make the last shot slower", "retime", {"pace": "slow"}),
    ("the_keeper", "put an umbrella in shot 3", "add_prop", {"prop": "umbrella"}),
    ("lin_wan", "把第三个镜头拆成两个", "split_shot", {}),
    ("lin_wan", "合并第三和第四个镜头", "merge_shots", {}),
    ("lin_wan", "在第二个镜头后加一个林晚的特写", "insert_shot",
     {"framing": "close_up", "subjects": ["ch_20cbdc"]}),
    ("lin_wan", "第五个镜头多停两秒", "retime", {"hold": 2.0}),
    ("lin_wan", "在第三个镜头里加一把伞", "add_prop", {"prop": "umbrella"}),
    ("the_keeper", "give Mara a cup in shot 2", "add_prop", {"prop": "cup", "holder": "ch_697cd0"}),
    ("the_keeper", "Elias should hold a lantern in shot 5", "add_prop",
     {"prop": "lantern", "holder": "ch_0d82cf"}),
    ("lin_wan", "让林晚在第三个镜头里拿着一把伞", "add_prop",
     {"prop": "umbrella", "holder": "ch_20cbdc"}),
    ("lin_wan", "第五个镜头里给苏念一把扇子", "add_prop", {"prop": "fan", "holder": "ch_1f96fd"}),
])
def test_cut_and_timing_forms(request, story, text, op, after):
    project = request.getfixturevalue({"the_keeper": "keeper", "lin_wan": "linwan"}[story])
    plan = parse_instruction(project, text)
    assert plan.status == "edit", plan.message
    assert [(b["op"], b["after"]) for b in plan.briefs()] == [(op, after)]


def test_a_prop_held_without_a_shot_goes_to_every_shot_showing_them(linwan, keeper):
    plan = parse_instruction(linwan, "让林晚拿着一把伞")
    showing = [s.id for s in linwan.shots() if "ch_20cbdc" in s.subjects]
    assert [b["target"] for b in plan.briefs()] == showing
    assert "让林晚手里拿着伞" in plan.message
    plan = parse_instruction(keeper, "give Mara a cup in shot 5")
    assert plan.status == "none" and "Mara Vale is not in shot 5" in plan.message


def test_what_cannot_be_cut_changes_nothing(keeper):
    assert "nothing after that line" in parse_instruction(keeper, "split shot 4 after the second line").message
    assert "does not show a lantern" in parse_instruction(keeper, "remove the lantern from shot 2").message
    assert "not next to each other" in parse_instruction(keeper, "merge shots 3 and 5").message


def test_the_llm_is_offered_the_new_kinds():
    names = {t["name"] for t in tools()}
    assert {"split_shot", "merge_shots", "insert_shot", "retime", "add_prop", "remove_prop"} <= names
    shot = next(t for t in tools() if t["name"] == "set_shot")
    assert "hold" not in shot["parameters"]["properties"]["after"]["properties"]


def test_each_cut_renders_only_the_shots_it_touches(en_story, tmp_path, capsys, fake_backends):
    out = tmp_path / "out"
    assert main(["make", str(en_story), "--out", str(out), "--size", "144x256", "--fps", "8",
                 "--no-music", "--quiet", "--tts", "fake"]) == 0
    capsys.readouterr()
    # At most the shots each edit touches render again.
    for text, rendered in (("put an umbrella in shot 2", 1), ("hold shot 3 one second longer", 1),
                           ("merge shots 2 and 3", 1), ("split shot 2 after the first line", 2),
                           ("add a close-up of Mara after shot 2", 1), ("make the last shot faster", 1)):
        assert main(["edit", str(out), text, "--json", "--quiet"]) == 0, text
        done = json.loads(capsys.readouterr().out)
        assert done["applied"], text
        report = done["report"]
        # A shot the cut gives back as it was before is found in the cache.
        assert 1 <= report["shots_rendered"] <= rendered, text
        assert report["lines_voiced"] == 0 and report["shots_total"] > rendered


def test_a_held_prop_renders_one_shot_and_undoes(en_story, tmp_path, capsys, fake_backends):
    from manju.session import Session

    out = tmp_path / "out"
    assert main(["make", str(en_story), "--out", str(out), "--size", "144x256", "--fps", "6",
                 "--no-music", "--quiet", "--tts", "fake"]) == 0
    capsys.readouterr()
    assert main(["edit", str(out), "give Mara a cup in shot 2", "--json", "--quiet"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["applied"] and done["report"]["shots_rendered"] == 1
    with Session.open(out) as s:
        shot = s.project.shots()[1]
        assert shot.held == {"cup": "ch_697cd0"}
        key = shot.segment.key
        s.undo()
        report = s.make(sheets=False)
        assert report.shots_rendered == 0 and s.project.shots()[1].held == {}
        assert s.project.shots()[1].segment.key != key
