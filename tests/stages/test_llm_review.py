"""The language model's review of unsure speakers, against a loopback fake server."""

from __future__ import annotations

import json
import re

import pytest

from manju.backends.fake_openai import FakeOpenAI, Reply
from manju.backends.openai_llm import OpenAILLM
from manju.cli.main import main
from manju.doc import io
from manju.doc.model import BackendChoice, Project
from manju.pipeline import run
from manju.session import Session, llm_report
from manju.stages.adapt import adapt
from manju.stages.context import Context
from manju.stages.ingest import source_from_text
from manju.stages.llm_review import BATCH_ITEMS, REVIEWED_CONFIDENCE, review_with_llm

STORY = ('Mara stood in the kitchen. The rain beat on the window.\n\n"You are late," said Elias.\n\n'
         '"The road flooded," Mara replied.\n\n"Then sit down," Elias said. "Tea is ready."\n\n'
         '"Is there milk?"\n\n"There is always milk."\n')
ALL = 1.01  # ask about every dialogue line, whatever the confidence model says


def _offline(text: str = STORY) -> Project:
    return adapt(Project(source=source_from_text(text)))


def _llm(srv: FakeOpenAI, tmp_path) -> OpenAILLM:
    return OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path / "cache", env={},
                     sleep=lambda s: None)


def _items(body: dict) -> list[tuple[str, str]]:
    """(item id, current guess) for each item of a review request."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return re.findall(r"^### (\S+)\ncurrent guess: (\S+)", user, flags=re.MULTILINE)


def _cast(body: dict) -> dict[str, str]:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return {name: cid for cid, name in re.findall(r"^(ch_\w+): ([^(\n]+?)(?: \(|$)", user, flags=re.MULTILINE)}


def everyone_is(name: str):
    """A fake model that gives every item to the character called ``name``."""

    def respond(body):
        return {"answers": [{"id": k, "speaker": _cast(body)[name]} for k, _ in _items(body)]}

    return respond


def test_accepted_answers_replace_speakers_and_keep_ids(tmp_path):
    p = _offline()
    ids = [ln.id for ln in p.lines()]
    cast = [c.id for c in p.characters]
    mara = next(c.id for c in p.characters if c.name.startswith("Mara"))
    with FakeOpenAI(respond=everyone_is(next(c.name for c in p.characters if c.id == mara))) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    said = [ln for ln in p.lines() if ln.kind == "dialogue"]
    assert all(ln.speaker == mara and ln.confidence == REVIEWED_CONFIDENCE for ln in said)
    assert any(ln.metadata.get("offline_speaker") not in (None, mara) for ln in said)
    assert [ln.id for ln in p.lines()] == ids and [c.id for c in p.characters] == cast
    by_id = {c.id: c for c in p.characters}
    assert by_id[mara].lines == len(said) and sum(c.lines for c in p.characters) == len(said)
    assert all(ln.addressee != ln.speaker for ln in said)
    assert all(mara in sc.present for sc in p.scenes())
    meta = p.metadata["llm_review"]
    assert meta["changed"] >= 1 and meta["kept"] == 0 and meta["lines"] == len(said)
    assert meta["usage"]["requests"] == 1 and meta["usage"]["tokens"] > 0
    assert meta["usage"]["tokens_per_1k_chars"] > 0 and meta["usage"]["estimated"] == 0


def test_the_request_sends_the_quote_in_context_with_the_cast_and_neighbours(tmp_path):
    p = _offline()
    with FakeOpenAI(respond=everyone_is("Elias")) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    user = next(m["content"] for m in srv.requests[0]["messages"] if m["role"] == "user")
    assert "[[Is there milk?]]" in user and "[[You are late,]]" in user
    assert "ch_" in user and "Mara" in user and "Elias" in user
    assert re.search(r"before: ch_\w+: \"", user) and "after: -" in user
    rf = srv.requests[0]["response_format"]["json_schema"]
    assert rf["name"] == "SpeakerReview"


def test_many_unsure_lines_go_in_few_requests(tmp_path):
    text = "\n\n".join(f'"Line number {i} is here," said {"Mara" if i % 2 else "Elias"}.' for i in range(45))
    p = _offline("Mara and Elias walked home.\n\n" + text)
    with FakeOpenAI(respond=everyone_is("Mara")) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    asked = sum(len(_items(b)) for b in srv.requests)
    assert asked == 45 and len(srv.requests) == -(-45 // BATCH_ITEMS)


def test_no_unsure_lines_no_request(tmp_path):
    p = _offline()
    with FakeOpenAI() as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=0.0)
    assert srv.requests == [] and p.metadata["llm_review"]["quotes"] == 0


def test_a_wrong_id_is_sent_back_once(tmp_path):
    p = _offline()

    def wrong_then_right(body):
        if len(body["messages"]) > 2:  # the second try lists the problem
            assert "not a cast id" in body["messages"][-1]["content"]
            return everyone_is("Elias")(body)
        return {"answers": [{"id": k, "speaker": "ch_nobody"} for k, _ in _items(body)]}

    with FakeOpenAI(respond=wrong_then_right) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    assert len(srv.requests) == 2
    meta = p.metadata["llm_review"]
    assert meta["kept"] == 0 and meta["failures"] == []
    elias = next(c.id for c in p.characters if c.name.startswith("Elias"))
    assert all(ln.speaker == elias for ln in p.lines() if ln.kind == "dialogue")


def test_a_reply_still_wrong_keeps_the_offline_speakers(tmp_path):
    p = _offline()
    before = [(ln.speaker, ln.confidence) for ln in p.lines()]

    def always_wrong(body):
        items = _items(body)
        # one unknown item id, one unknown speaker, the rest left out
        return {"answers": [{"id": "q99", "speaker": "ch_x"}, {"id": items[0][0], "speaker": "Nobody"}]}

    with FakeOpenAI(respond=always_wrong) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    assert len(srv.requests) == 2
    assert [(ln.speaker, ln.confidence) for ln in p.lines()] == before
    meta = p.metadata["llm_review"]
    assert meta["kept"] == meta["quotes"] > 0 and meta["changed"] == 0
    assert "was not asked" in meta["failures"][0]["reason"]


def test_names_and_unknown_are_understood(tmp_path):
    p = _offline()

    def by_name(body):
        items = _items(body)
        return {"answers": [{"id": items[0][0], "speaker": "unknown"}]
                + [{"id": k, "speaker": "Mara"} for k, _ in items[1:]]}

    with FakeOpenAI(respond=by_name) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    meta = p.metadata["llm_review"]
    assert len(srv.requests) == 1 and meta["unknown"] == 1 and meta["kept"] == 0
    first = next(ln for ln in p.lines() if ln.kind == "dialogue")
    assert first.confidence != REVIEWED_CONFIDENCE


def test_malformed_json_keeps_the_offline_speakers(tmp_path):
    p = _offline()
    before = [ln.speaker for ln in p.lines()]
    with FakeOpenAI(["this is not json", "{still not"]) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    assert len(srv.requests) == 2  # the client's one repair request
    assert [ln.speaker for ln in p.lines()] == before
    meta = p.metadata["llm_review"]
    assert meta["kept"] == meta["quotes"] and "not a valid SpeakerReview" in meta["failures"][0]["reason"]


def test_a_429_is_retried(tmp_path):
    p = _offline()
    with FakeOpenAI([Reply(status=429, headers={"Retry-After": "0"})], respond=everyone_is("Elias")) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    assert len(srv.requests) == 2 and p.metadata["llm_review"]["kept"] == 0


def test_tokens_are_estimated_when_the_server_omits_usage(tmp_path):
    p = _offline()
    with FakeOpenAI(respond=everyone_is("Elias"), usage=False) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    usage = p.metadata["llm_review"]["usage"]
    assert usage["estimated"] == 1 and usage["prompt_tokens"] > 100 and usage["completion_tokens"] > 0


def test_the_stage_keeps_its_contract(tmp_path, en_story):
    from manju.pipeline import new_project

    p = new_project(en_story)
    p.backends = {"llm": BackendChoice(name="openai", metadata={"mode": "review"})}
    with FakeOpenAI(respond=everyone_is("Elias")) as srv:
        ctx = Context.for_output(tmp_path / "o")
        ctx.backends["llm"] = _llm(srv, tmp_path)
        ctx.check_contracts = True
        out = run(p, ctx, until="adapt", save=False)
    assert "llm_review" in out.metadata and "llm_adapt" not in out.metadata


@pytest.fixture
def llm_env(monkeypatch):
    for var in ("MANJU_LLM", "MANJU_LLM_BASE_URL", "MANJU_LLM_MODEL", "MANJU_LLM_API_KEY",
                "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_cli_review_then_whole_reports_tokens(tmp_path, llm_env, capsys):
    from tests.stages.test_llm_adapt import screenwriter

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    whole = screenwriter(["Mara", "Elias"])

    def respond(body):
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        return whole(body) if "<<<" in user else everyone_is("Elias")(body)

    with FakeOpenAI(respond=respond) as srv:
        llm_env.setenv("MANJU_LLM_BASE_URL", srv.url)
        llm_env.setenv("MANJU_LLM_MODEL", "fake")
        assert main(["adapt", str(story), "--out", str(out), "--llm-review"]) == 0
        said = capsys.readouterr().out
        assert "language-model review of" in said and "per 1,000 characters" in said
        p = io.load(out / "project.json")
        assert p.backends["llm"].metadata["mode"] == "review" and "llm_review" in p.metadata
        reviewed = len(srv.requests)
        # the same mode again: nothing is asked
        assert main(["adapt", str(story), "--out", str(out), "--llm-review"]) == 0
        assert len(srv.requests) == reviewed
        # the whole-chapter mode adapts again and reports its tokens too
        assert main(["adapt", str(story), "--out", str(out), "--llm"]) == 0
        said = capsys.readouterr().out
        assert "the language model wrote the screenplay" in said and "per 1,000 characters" in said
        p = io.load(out / "project.json")
        assert p.metadata["llm_adapt"]["usage"]["tokens"] > 0 and "llm_review" not in p.metadata
        with Session.open(out) as session:
            report = session.make(until="cast")
        assert report.to_json()["llm"]["mode"] == "whole" and report.llm["tokens_per_1k_chars"] > 0
        assert json.dumps(report.to_json())
    assert llm_report(Project()) == {}


def test_cli_review_and_llm_are_exclusive(tmp_path, llm_env, capsys):
    with pytest.raises(SystemExit):
        main(["adapt", "x.txt", "--llm", "--llm-review"])
    assert "not allowed with" in capsys.readouterr().err


def test_a_long_quote_cut_into_balloons_is_one_item(tmp_path):
    long = ("We will walk down to the harbour before the light goes, and we will count every boat "
            "that came in with the tide, and then we will climb back up the hill and sit by the fire "
            "until the storm has passed over the island and the sea is quiet again.")
    p = _offline(f'Mara and Elias sat by the window.\n\n"{long}" said Elias.\n\n"Fine," said Mara.\n')
    pieces = [ln for ln in p.lines() if ln.kind == "dialogue"][:-1]
    assert len(pieces) >= 2
    with FakeOpenAI(respond=everyone_is("Mara")) as srv:
        review_with_llm(p, _llm(srv, tmp_path), threshold=ALL)
    items = _items(srv.requests[0])
    assert len(items) == 2
    mara = next(c.id for c in p.characters if c.name.startswith("Mara"))
    assert all(ln.speaker == mara for ln in pieces)
    user = next(m["content"] for m in srv.requests[0]["messages"] if m["role"] == "user")
    assert "[[We will walk down" in user and "sea is quiet again.]]" in user
