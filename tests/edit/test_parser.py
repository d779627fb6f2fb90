"""The plain-language parser on the bundled examples."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from manju.edit import parse_instruction
from manju.edit.refs import zh_number

BENCH = Path(__file__).resolve().parents[2] / "bench" / "edit_instructions.py"


def _bench():
    spec = importlib.util.spec_from_file_location("edit_instructions", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_instruction_set_passes_on_both_splits():
    results = _bench().run("all")
    assert len(results) >= 100
    for split in ("dev", "held"):
        rows = [r for r in results if r["split"] == split]
        assert sum(r["ok"] for r in rows) / len(rows) >= 0.9, split
    assert {r["lang"] for r in results} == {"en", "zh"}


@pytest.mark.parametrize(("text", "op", "value"), [
    ("make shot 3 a close-up", "set_shot", {"framing": "close_up"}),
    ("remove Elias from the last shot", "set_shot", {"subjects": ["ch_697cd0"]}),
    ("redraw everything in ink style", "set_settings", {"style": "ink"}),
    ("Elias should sound older", "set_voice", {"pitch": 32, "speed": 125}),
    ("the second scene should be during the day", "set_scene", {"time": "day", "heading": "INT. LAMP ROOM - DAY"}),
])
def test_english_forms(keeper, text, op, value):
    plan = parse_instruction(keeper, text)
    assert plan.status == "edit" and plan.lang == "en"
    assert [(b["op"], b["after"]) for b in plan.briefs()] == [(op, value)]
    assert plan.message.startswith("Will do:")


@pytest.mark.parametrize(("text", "op"), [
    ("把第二场改成夜晚", "set_scene"), ("让林晚生气一点", "set_line"),
    ("删掉第五个镜头", "delete_shot"), ("把林晚的裙子换成黑色", "set_look"),
])
def test_chinese_forms(linwan, text, op):
    plan = parse_instruction(linwan, text)
    assert plan.status == "edit" and plan.lang == "zh"
    assert {b["op"] for b in plan.briefs()} == {op}
    assert plan.message.startswith("将要：")


def test_parsing_changes_nothing(linwan):
    before = linwan.model_dump()
    for text in ("让林晚生气一点", "删掉第五个镜头", "把第七个镜头移到第五个镜头前面"):
        parse_instruction(linwan, text)
    assert linwan.model_dump() == before


def test_ambiguity_asks_with_candidates(linwan):
    plan = parse_instruction(linwan, "第二个镜头里让她生气一点")
    assert plan.status == "question" and plan.operation is None
    assert set(plan.candidates) == {"林晚", "苏念"} and "还是" in plan.message


def test_unknown_instructions_answer_in_the_users_language(keeper, linwan):
    zh = parse_instruction(linwan, "帮我做得好看一点")
    assert zh.status == "none" and "可以这样说" in zh.message and "林晚" in zh.message
    en = parse_instruction(keeper, "make it better")
    assert en.status == "none" and "I understand, for example" in en.message
    assert "no character 'Danny'" in parse_instruction(keeper, "make Danny sad").message
    assert "没有第30个镜头" in parse_instruction(linwan, "把第三十个镜头改成特写").message


def test_references_by_scene_ordinal_and_quote(keeper):
    plan = parse_instruction(keeper, "the first shot of the second scene should be a close-up")
    assert plan.briefs()[0]["target"] == "sh_c8214669"
    plan = parse_instruction(keeper, "make the line 'The road flooded.' sound scared")
    assert plan.briefs() == [{"op": "set_line", "target": "l_c6eb5449", "after": {"emotion": "scared"}}]


def test_chinese_numbers():
    assert [zh_number(t) for t in ("五", "十", "十五", "二十三", "两", "１２", "百")] == [5, 10, 15, 23, 2, 12, 100]
    assert zh_number("几") is None


@pytest.mark.parametrize(("fixture", "text"), [("keeper", "make Elias laugh"), ("linwan", "让林晚笑")])
def test_making_a_character_laugh(request, fixture, text):
    plan = parse_instruction(request.getfixturevalue(fixture), text)
    assert plan.status == "edit"
    briefs = plan.briefs()
    assert briefs and all(b["op"] == "set_line" and b["after"] == {"emotion": "laugh"} for b in briefs)
