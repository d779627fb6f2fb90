"""A one-line idea becomes a story: offline from a beat-sheet template, or by a language model."""

from __future__ import annotations

import re

import pytest

from manju.backends.fake_openai import FakeOpenAI
from manju.backends.openai_llm import OpenAILLM
from manju.cli.main import main
from manju.doc import io
from manju.doc.model import Project
from manju.errors import InputError
from manju.stages.adapt import adapt
from manju.stages.idea import TEMPLATE_NOTICE, story_from_idea
from manju.stages.ingest import source_from_text

EN_IDEA = "A lighthouse keeper finds a message in a bottle that predicts tomorrow."
ZH_IDEA = "一个外卖员发现自己能听见城市的心跳"


def _adapted(story: str) -> Project:
    return adapt(Project(source=source_from_text(str(story))))


def test_english_idea_offline():
    s = story_from_idea(EN_IDEA)
    assert s.template_based and s.lang == "en" and s.note == TEMPLATE_NOTICE
    assert s == story_from_idea(EN_IDEA)  # deterministic
    assert s != story_from_idea("A retired thief inherits a haunted bookshop.")
    assert s.startswith("# A Lighthouse Keeper Finds")
    assert "finds a message in a bottle that predicts tomorrow." in s  # the premise is the incident
    assert 200 <= len(s.split()) <= 800
    p = _adapted(s)
    assert p.title == s.story_title
    speakers = {ln.speaker for ln in p.lines() if ln.kind == "dialogue"}
    assert len(speakers) >= 3 and len(p.scenes()) >= 3


def test_names_from_the_idea_are_kept():
    s = story_from_idea("Nora inherits a haunted bookshop")
    assert "Nora inherits a haunted bookshop." in s
    assert story_from_idea("A girl named Wren wakes up in the wrong century").count("Wren") > 5
    assert "林晚在地铁上捡到一部来自未来的手机" in story_from_idea("一名叫林晚的程序员在地铁上捡到一部来自未来的手机")


def test_loose_ideas_still_make_a_story():
    s = story_from_idea("time travel romance in Tokyo!")
    assert "time travel romance in Tokyo" in s and s.template_based
    assert len({ln.speaker for ln in _adapted(s).lines() if ln.speaker}) >= 2


def test_chinese_idea_offline():
    s = story_from_idea(ZH_IDEA)
    assert s.template_based and s.lang == "zh" and s == story_from_idea(ZH_IDEA)
    assert re.search(r"[\u4e00-\u9fff]{2,3}发现自己能听见城市的心跳。", s)
    assert 300 <= len(s) <= 1200
    p = _adapted(s)
    assert p.lang == "zh"
    assert len({ln.speaker for ln in p.lines() if ln.kind == "dialogue"}) >= 3
    assert len(p.scenes()) >= 3


def test_language_can_be_forced_and_empty_ideas_refused():
    assert story_from_idea("a detective cat", lang="zh").lang == "zh"
    with pytest.raises(InputError):
        story_from_idea("   ")


def test_idea_with_an_llm(tmp_path):
    draft = {"title": "The Keeper", "story": "Mara climbed the stairs.\n\n" + '"Who is there?" Mara asked.\n\n' * 20}
    with FakeOpenAI([draft]) as srv:
        llm = OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path, env={})
        s = story_from_idea(EN_IDEA, llm=llm)
        ask = srv.requests[0]["messages"][-1]["content"]
    assert not s.template_based and s.story_title == "The Keeper" and s.startswith("# The Keeper\n\nMara")
    assert "400 to 800 words" in ask and EN_IDEA.rstrip(".") in ask


def test_unusable_llm_story_falls_back_to_the_template(tmp_path):
    with FakeOpenAI(["no json here", "still none"]) as srv:
        llm = OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path, env={})
        s = story_from_idea(ZH_IDEA, llm=llm)
    assert s.template_based and "template" in s.note


def test_make_needs_a_story_or_an_idea(tmp_path, capsys):
    assert main(["make", "--out", str(tmp_path / "o")]) == 2
    assert "--idea" in capsys.readouterr().err
    story = tmp_path / "s.txt"
    story.write_text("Hello.", encoding="utf-8")
    assert main(["make", str(story), "--idea", "x", "--out", str(tmp_path / "o")]) == 2
    assert "not both" in capsys.readouterr().err


def test_make_from_an_idea_end_to_end(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MANJU_LLM", raising=False)
    out = tmp_path / "out"
    rc = main(["make", "--idea", EN_IDEA, "--out", str(out), "--size", "216x384", "--fps", "8",
               "--quiet", "--workers", "2"])
    assert rc == 0
    said = capsys.readouterr().out
    assert "no language model configured: built the story from a beat-sheet template" in said
    assert (out / "story.txt").read_text(encoding="utf-8") == str(story_from_idea(EN_IDEA))
    assert (out / "video.mp4").stat().st_size > 0
    p = io.load(out / "project.json")
    assert p.source.path.endswith("story.txt") and len(p.characters) >= 3
