"""The title narration written by a language model (against the fake OpenAI-compatible
server): grounded in the moments, in the query's language, checked, and the template when
the model fails or returns something unusable."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.backends.fake_openai import FakeOpenAI, Reply
from manju.backends.openai_llm import OpenAILLM
from manju.search.engine import Hit
from manju.search.narration import MAX_WORDS_EN, messages, narrate, problem

HITS = [Hit(project="/p/keeper", title="The Keeper", shot="sh_1", number=4, start=12.0,
            end=14.5, line="I will not leave this house.", speakers=["Mara"], score=1.0,
            lang="en"),
        Hit(project="/p/keeper", title="The Keeper", shot="sh_2", number=9, start=30.0,
            end=32.0, line="Not tonight.", speakers=["Mara"], score=0.9, lang="en")]
TEMPLATE = "Here are two moments where Mara refuses to leave, from The Keeper."


def _llm(srv: FakeOpenAI, tmp_path: Path) -> OpenAILLM:
    return OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path / "llm", retries=0,
                     sleep=lambda s: None)


def test_the_model_summarises_the_moments(tmp_path):
    text = "Twice in The Keeper, Mara refuses to leave the house, even for one night."
    with FakeOpenAI([{"narration": text}]) as srv:
        told = narrate("Mara refuses to leave", HITS, TEMPLATE, _llm(srv, tmp_path))
        sent = srv.requests[0]["messages"]
        # the answer is cached: a rerun asks nothing
        again = narrate("Mara refuses to leave", HITS, TEMPLATE, _llm(srv, tmp_path))
        assert again.text == text and len(srv.requests) == 1
    assert told.text == text and told.by == "llm.openai" and told.notice == ""
    # grounded: the model is given each moment's words, source and speakers, and the limit
    prompt = "\n".join(m["content"] for m in sent)
    assert "I will not leave this house." in prompt and "Not tonight." in prompt
    assert "The Keeper" in prompt and "Mara" in prompt and f"at most {MAX_WORDS_EN} words" in prompt


def test_chinese_query_asks_for_chinese(tmp_path):
    with FakeOpenAI([{"narration": "在《The Keeper》里，玛拉两次拒绝离开。"}]) as srv:
        told = narrate("玛拉拒绝离开", HITS, "模板", _llm(srv, tmp_path))
        assert "Simplified Chinese" in srv.requests[0]["messages"][0]["content"]
    assert told.by == "llm.openai" and told.text.startswith("在《The Keeper》里")
    assert messages("玛拉拒绝离开", HITS)[0]["content"].count("Chinese characters") == 1


@pytest.mark.parametrize(("reply", "why"), [
    ({"narration": ""}, "empty"),
    ({"narration": "Mara " * 80}, "words long"),
    ({"narration": "林晚拒绝离开。"}, "not in English"),
    ({"narration": "<b>Mara</b> refuses to leave"}, "markup"),
    ("not json at all", "failed"),
    (Reply(status=500), "failed"),
])
def test_junk_or_failure_falls_back_to_the_template(tmp_path, reply, why):
    with FakeOpenAI([reply, reply]) as srv:
        told = narrate("Mara refuses to leave", HITS, TEMPLATE, _llm(srv, tmp_path))
    assert told.text == TEMPLATE and told.by == "template"
    assert why in told.notice and "template" in told.notice and "\n" not in told.notice


def test_no_model_is_the_template():
    told = narrate("Mara refuses to leave", HITS, TEMPLATE, None)
    assert (told.text, told.by, told.notice) == (TEMPLATE, "template", "")


def test_problem_checks_language_and_length():
    assert problem("玛拉两次拒绝离开。", "玛拉拒绝离开") == ""
    assert "characters long" in problem("拒" * 120, "玛拉拒绝离开")
    assert "http" not in problem("See https://x.y", "q") and problem("See https://x.y", "q")
