"""The language-model adapter against a loopback fake server that plays a screenwriter."""

from __future__ import annotations

import json
import re

import pytest

from manju.backends.fake_openai import FakeOpenAI
from manju.backends.openai_llm import OpenAILLM
from manju.cli.main import main
from manju.doc import io
from manju.doc.identity import character_id
from manju.doc.model import Project
from manju.pipeline import new_project, run
from manju.stages.context import Context
from manju.stages.ingest import source_from_text
from manju.stages.llm_adapt import LLMAdaptation, adapt_with_llm, chunk_text

QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")


def screenwriter(names: list[str], *, speaker_by_name: bool = False):
    """A fake model: quotes become dialogue by the first name in the paragraph, the rest narration;
    known cast ids are reused, new characters get new ids (as the prompt asks)."""

    def respond(body):
        user = body["messages"][1]["content"]
        known = json.loads(re.search(r"Known cast: (\[.*?\])\n", user).group(1))
        passage = user.split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0]
        ids = {c["name"]: c["id"] for c in known}
        chars, lines = [], []
        for par in passage.split("\n\n"):
            who = next((n for n in names if n in par), None)
            if who and who not in ids:
                ids[who] = f"new{len(ids) + 1}"
            if who and all(c["name"] != who for c in chars):
                chars.append({"id": ids[who], "name": who, "gender": "female" if who in ("Mara", "林晚") else "male"})
            quotes = QUOTE.findall(par)
            rest = QUOTE.sub("", par).strip(" ,.")
            if rest and not quotes:
                lines.append({"kind": "narration", "text": rest})
            for q in quotes:
                lines.append({"kind": "dialogue", "text": q, "emotion": "Neutral",
                              "speaker": who if speaker_by_name else ids.get(who or "", "nobody")})
        return {"characters": chars, "scenes": [{"heading": "INT. KITCHEN - NIGHT", "location": "kitchen",
                                                 "kind": "home", "time": "night", "mood": "calm",
                                                 "continues_previous": True, "lines": lines}]}

    return respond


STORY = ('Mara stood in the kitchen. The rain beat on the window.\n\n"You are late," said Elias.\n\n'
         '"The road flooded," Mara replied.\n\n"Then sit down," Elias said. "Tea is ready."\n')


def _project(text: str = STORY) -> Project:
    return Project(source=source_from_text(text))


def _llm(srv, tmp_path):
    return OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path / "llm", env={},
                     sleep=lambda s: None)


def _valid(p: Project) -> None:
    ids = {c.id for c in p.characters}
    assert p.scenes() and all(s.heading and s.lines for s in p.scenes())
    for ln in p.lines():
        assert (ln.speaker in ids) if ln.kind == "dialogue" else ln.speaker is None
    assert len({ln.id for ln in p.lines()}) == len(p.lines())


def test_adapts_into_the_offline_document_shape(tmp_path):
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"])) as srv:
        p = adapt_with_llm(_project(), _llm(srv, tmp_path))
    _valid(p)
    by_name = {c.name: c for c in p.characters}
    elias, mara = by_name["Elias"].id, by_name["Mara"].id
    assert p.characters[0].name == "Elias" and by_name["Elias"].lines == 3  # ordered by lines
    assert elias == character_id("Elias")  # ids come from names, not positions
    assert by_name["Mara"].gender == "female"
    dialogue = [(ln.speaker, ln.text) for ln in p.lines() if ln.kind == "dialogue"]
    assert dialogue[:2] == [(elias, "You are late,"), (mara, "The road flooded,")]
    sc = p.scenes()[0]
    assert sc.id.startswith("sc_") and sc.heading == "INT. KITCHEN - NIGHT"
    assert sc.setting.kind == "home" and sc.setting.time == "night" and sc.mood == "calm"
    assert set(sc.present) == {elias, mara}
    meta = p.metadata["llm_adapt"]
    assert meta["backend"] == "llm.openai" and meta["config"]["model"] == "fake"
    assert meta["chunks"] == 1 and meta["fallbacks"] == []
    assert all(ln.emotion == "neutral" for ln in p.lines())  # "Neutral" normalised


def test_speakers_given_by_name_are_resolved(tmp_path):
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"], speaker_by_name=True)) as srv:
        p = adapt_with_llm(_project(), _llm(srv, tmp_path))
    _valid(p)
    assert p.metadata["llm_adapt"]["fallbacks"] == []


def test_long_chapters_are_chunked_and_ids_stay_consistent(tmp_path):
    paras = []
    for i in range(12):
        paras += [f"Mara walked on through the long night, thinking of the harbour {i}. " * 4,
                  f'"Are you still there?" Elias called. "Round {i}."', '"Always," Mara answered.']
    text = "\n\n".join(paras)
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"])) as srv:
        p = adapt_with_llm(_project(text), _llm(srv, tmp_path), chunk_chars=1500)
        prompts = [r["messages"][1]["content"] for r in srv.requests]
    assert len(prompts) >= 3
    assert all(len(pr.split("<<<\n", 1)[1]) < 1600 for pr in prompts)
    assert '"name": "Mara"' in prompts[-1] and '"id": "ch0' in prompts[-1]  # the cast travels
    assert "previous passage" in prompts[1]
    _valid(p)
    assert sorted(c.name for c in p.characters) == ["Elias", "Mara"]
    assert p.metadata["llm_adapt"]["chunks"] == len(prompts)
    # continues_previous joins the chunks' scenes (then long scenes are split like offline).
    assert all(len(s.lines) <= 36 for s in p.scenes())


def test_invalid_speaker_is_sent_back_once(tmp_path):
    bad = {"characters": [{"id": "new1", "name": "Elias"}],
           "scenes": [{"heading": "INT. KITCHEN - DAY", "lines": [
               {"kind": "dialogue", "text": "You are late.", "speaker": "ghost"}]}]}
    good = {"characters": [{"id": "new1", "name": "Elias"}],
            "scenes": [{"heading": "INT. KITCHEN - DAY", "lines": [
                {"kind": "dialogue", "text": "You are late.", "speaker": "new1"}]}]}
    with FakeOpenAI([bad, good]) as srv:
        p = adapt_with_llm(_project(), _llm(srv, tmp_path))
        assert len(srv.requests) == 2
        assert "ghost" in srv.requests[1]["messages"][-1]["content"]  # the problem is named
    _valid(p)
    assert p.metadata["llm_adapt"]["fallbacks"] == []
    assert [ln.text for ln in p.lines()] == ["You are late."]


def test_chunk_that_stays_invalid_falls_back_to_the_offline_adapter(tmp_path):
    bad = {"characters": [], "scenes": [{"lines": [
        {"kind": "dialogue", "text": "You are late.", "speaker": "ghost"}]}]}
    with FakeOpenAI([bad, bad]) as srv:
        p = adapt_with_llm(_project(), _llm(srv, tmp_path))
    _valid(p)
    fb = p.metadata["llm_adapt"]["fallbacks"]
    assert len(fb) == 1 and fb[0]["chunk"] == "ep01 part 1/1" and "ghost" in fb[0]["reason"]
    assert {"Mara", "Elias"} <= {c.name for c in p.characters}  # the offline screenwriter's cast


def test_unusable_json_falls_back_too(tmp_path):
    with FakeOpenAI(["I am sorry, I cannot do that.", "Really, I cannot."]) as srv:
        p = adapt_with_llm(_project(), _llm(srv, tmp_path))
    _valid(p)
    assert "not a valid LLMAdaptation" in p.metadata["llm_adapt"]["fallbacks"][0]["reason"]


def test_chunk_text_keeps_paragraphs_whole():
    paras = [("word " * 50).strip() + f" {i}." for i in range(30)]
    chunks = chunk_text("\n\n".join(paras), 1000)
    assert all(len(c) <= 1000 for c in chunks)
    assert "\n\n".join(chunks).split("\n\n") == paras
    huge = "这是一句很长的话。" * 400
    assert all(len(c) <= 1000 for c in chunk_text(huge, 1000))
    assert "".join(chunk_text(huge, 1000)) == huge


def test_schema_is_lenient_about_labels():
    a = LLMAdaptation.model_validate({"scenes": [{"kind": "Kitchen", "time": "evening", "mood": "Tense",
                                                  "lines": [{"kind": "Dialog", "text": "x", "emotion": "excited"}]}]})
    sc = a.scenes[0]
    assert (sc.kind, sc.time, sc.mood) == ("room_generic", "day", "tense")
    assert sc.lines[0].kind == "dialogue" and sc.lines[0].emotion == "neutral"


def test_pipeline_uses_the_llm_from_the_context(tmp_path, en_story):
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"])) as srv:
        ctx = Context.for_output(tmp_path / "out")
        ctx.backends["llm"] = _llm(srv, tmp_path)
        p = run(new_project(en_story), ctx, until="adapt")
    assert "llm_adapt" in p.metadata and p.stages_done == ["adapt"]


@pytest.fixture
def llm_env(monkeypatch):
    for var in ("MANJU_LLM", "MANJU_LLM_BASE_URL", "MANJU_LLM_MODEL", "MANJU_LLM_API_KEY",
                "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_cli_adapt_with_llm(tmp_path, llm_env, capsys):
    en_story = tmp_path / "story.txt"
    en_story.write_text(STORY, encoding="utf-8")
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"]), api_key="sk-cli") as srv:
        llm_env.setenv("MANJU_LLM_BASE_URL", srv.url)
        llm_env.setenv("MANJU_LLM_MODEL", "fake")
        llm_env.setenv("MANJU_LLM_API_KEY", "sk-cli")
        out = tmp_path / "out"
        assert main(["adapt", str(en_story), "--out", str(out), "--llm"]) == 0
        assert len(srv.requests) == 1
        p = io.load(out / "project.json")
        assert p.metadata["llm_adapt"]["fallbacks"] == []
        assert p.metadata["llm_adapt"]["config"]["base_url"] == srv.url
        assert "sk-cli" not in (out / "project.json").read_text()
        assert "ELIAS" in (out / "script.fountain").read_text()
        assert list((out / ".cache" / "llm").glob("*.json"))
        # A re-run is answered from the cache: no second bill.
        assert main(["adapt", str(en_story), "--out", str(out), "--llm"]) == 0
        assert len(srv.requests) == 1
        # MANJU_LLM turns it on without the flag.
        llm_env.setenv("MANJU_LLM", "openai")
        assert main(["adapt", str(en_story), "--out", str(tmp_path / "o2")]) == 0
        assert "llm_adapt" in io.load(tmp_path / "o2" / "project.json").metadata
    assert "wrote" in capsys.readouterr().out


def test_cli_adapt_without_llm_stays_offline(tmp_path, en_story, llm_env):
    assert main(["adapt", str(en_story), "--out", str(tmp_path / "out")]) == 0
    assert "llm_adapt" not in io.load(tmp_path / "out" / "project.json").metadata


def test_cli_llm_not_configured_is_one_line(tmp_path, en_story, llm_env, capsys):
    assert main(["adapt", str(en_story), "--out", str(tmp_path / "out"), "--llm"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "API key" in err


def test_llm_chosen_on_an_adapted_project_readapts_and_keeps_edits(tmp_path, llm_env):
    # --llm on a project already adapted offline used to be ignored.
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["adapt", str(story), "--out", str(out)]) == 0
    assert main(["cast", str(out), "set", "Mara", "--hair-color", "#aa2222", "--no-render"]) == 0
    with FakeOpenAI(respond=screenwriter(["Mara", "Elias"])) as srv:
        llm_env.setenv("MANJU_LLM_BASE_URL", srv.url)
        llm_env.setenv("MANJU_LLM_MODEL", "fake")
        assert main(["adapt", str(story), "--out", str(out), "--llm"]) == 0
        assert len(srv.requests) == 1
    p = io.load(out)
    assert "llm_adapt" in p.metadata and p.backends["llm"].name == "openai"
    mara = next(c for c in p.characters if c.name.startswith("Mara"))
    assert mara.look.hair_color == "#aa2222" and len(p.history) == 1
