from pathlib import Path

from manju.export.fountain import to_fountain
from manju.pipeline import new_project
from manju.stages.adapt import adapt

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_english_story_adapts_to_scenes_lines_and_cast(en_story):
    p = adapt(new_project(en_story))
    names = {c.name for c in p.characters}
    assert {"Mara Vale", "Elias"} <= names
    by_name = {c.name: c.id for c in p.characters}
    dialogue = [ln for ln in p.lines() if ln.kind == "dialogue"]
    assert [ln.speaker for ln in dialogue] == [by_name["Elias"], by_name["Mara Vale"],
                                              by_name["Elias"], by_name["Elias"]]
    # Speech tags are not read out as narration.
    assert not any(ln.text.startswith("said") for ln in p.lines())
    sc = p.scenes()[0]
    assert sc.heading.startswith("INT.") and "KITCHEN" in sc.heading
    assert sc.setting.kind == "home"


def test_chinese_story(zh_story):
    p = adapt(new_project(zh_story))
    assert p.lang == "zh"
    ids = {c.name: c.id for c in p.characters}
    dialogue = [ln for ln in p.lines() if ln.kind == "dialogue"]
    assert [ln.speaker for ln in dialogue] == [ids["苏念"], ids["林晚"]]
    assert "@苏念" in to_fountain(p)


def test_bundled_examples_split_scenes_at_breaks():
    for name, scenes in (("the_keeper.md", 2), ("lin_wan.txt", 2)):
        p = adapt(new_project(EXAMPLES / name))
        assert len(p.scenes()) == scenes, name
        assert all(s.lines for s in p.scenes())
        assert len({ln.id for ln in p.lines()}) == len(p.lines())


def test_scene_settings_come_from_the_scene_text():
    p = adapt(new_project(EXAMPLES / "the_keeper.md"))
    first, second = p.scenes()
    assert first.setting.kind == "coast" and first.setting.weather == "rain"
    assert "LIGHTHOUSE" in first.heading and "LAMP ROOM" in second.heading
