"""``manju eval llm``: a configured model over a JSONL set, against a loopback fake server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from manju.backends.fake_openai import FakeOpenAI
from manju.cli.main import main
from manju.errors import InputError
from manju.eval.devset import export
from manju.eval.llm import load_set, run_cli

EN = {"id": "en_kitchen", "lang": "en",
      "text": ('Mara stood in the kitchen.\n\n"You are late," said Elias.\n\n'
               '"The road flooded," Mara replied.\n\n"Sit down."\n\n"Thank you."\n'),
      "quotes": [{"text": "You are late,", "speaker": "Elias"},
                 {"text": "The road flooded,", "speaker": "Mara"},
                 {"text": "Sit down.", "speaker": "Elias"},
                 {"text": "Thank you.", "speaker": "Mara"}],
      "aliases": {"Elias": [], "Mara": []}}
ZH = {"id": "zh_office", "lang": "zh",
      "text": "夜深了，林晚站在公司楼下。\n\n“你怎么还没走？”苏念问。\n\n林晚摇摇头：“我在等人。”\n\n“等谁？”\n\n“等一个不会来的人。”\n",
      "quotes": [{"text": "你怎么还没走？", "speaker": "苏念"}, {"text": "我在等人。", "speaker": "林晚"},
                 {"text": "等谁？", "speaker": "苏念"}, {"text": "等一个不会来的人。", "speaker": "林晚"}],
      "aliases": {"苏念": [], "林晚": []}}


@pytest.fixture
def dataset(tmp_path) -> Path:
    p = tmp_path / "set.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (EN, ZH)), encoding="utf-8")
    return p


@pytest.fixture
def llm_env(monkeypatch, tmp_path):
    for var in ("MANJU_LLM", "MANJU_LLM_BASE_URL", "MANJU_LLM_MODEL", "MANJU_LLM_API_KEY",
                "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MANJU_LLM_CACHE", str(tmp_path / "llm-cache"))
    return monkeypatch


def oracle(body):
    """A model that knows the gold speakers: finds each marked quote's speaker in the sets."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    cast = {name.strip(): cid for cid, name in re.findall(r"^(ch_\w+): ([^(\n]+?)(?: \(|$)", user, re.MULTILINE)}
    gold = {"".join(ch for ch in q["text"] if ch.isalnum()): q["speaker"] for r in (EN, ZH) for q in r["quotes"]}
    answers = []
    for key, quote in re.findall(r"^### (\S+)\n.*?\[\[(.*?)\]\]", user, re.MULTILINE | re.DOTALL):
        who = gold.get("".join(ch for ch in quote if ch.isalnum()))
        answers.append({"id": key, "speaker": cast.get(who or "", "unknown")})
    return {"answers": answers}


def test_the_configured_model_is_scored_next_to_the_offline_screenwriter(dataset, llm_env, capsys):
    with FakeOpenAI(respond=oracle) as srv:
        llm_env.setenv("MANJU_LLM_BASE_URL", srv.url)
        llm_env.setenv("MANJU_LLM_MODEL", "fake")
        assert main(["eval", "llm", str(dataset), "--json", "--threshold", "1.01"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["mode"] == "review" and res["model"] == "fake"
    assert res["llm"]["quotes"] == res["offline"]["quotes"] == 8
    assert res["llm"]["accuracy"] == 1.0 >= res["offline"]["accuracy"]
    u = res["usage"]
    assert u["tokens"] == u["prompt_tokens"] + u["completion_tokens"] > 0 and u["estimated"] == 0
    assert 0 <= len(EN["text"]) + len(ZH["text"]) - u["chars"] <= 4  # the chapters, stripped
    assert u["tokens_per_1k_chars"] == pytest.approx(1000 * u["tokens"] / u["chars"], abs=0.1)
    assert set(res["texts"]) == {"en_kitchen", "zh_office"}


def test_fake_mode_measures_tokens_for_both_modes(dataset, llm_env, capsys):
    assert run_cli([str(dataset), "--fake", "--mode", "whole"]) == 0
    out = capsys.readouterr().out
    assert "mode: whole" in out and "per 1,000 characters" in out
    assert run_cli([str(dataset), "--fake", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["llm"]["accuracy"] == res["offline"]["accuracy"]  # the fake echoes the offline guesses


def test_no_model_configured_is_a_clear_error(dataset, llm_env, capsys):
    assert main(["eval", "llm", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert "no language model configured" in err and "MANJU_LLM_BASE_URL" in err


@pytest.mark.parametrize("line, message", [
    ("not json", "not a JSON object"),
    (json.dumps({"lang": "en", "quotes": []}), "non-empty \"text\""),
    (json.dumps({"text": "x", "lang": "fr", "quotes": []}), "\"lang\""),
    (json.dumps({"text": "x", "lang": "en", "quotes": [{"text": "a"}]}), "\"quotes\""),
])
def test_a_bad_record_names_its_line(tmp_path, line, message):
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps(EN) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad.jsonl:2: .*{re.escape(message)}"):
        load_set(p)


def test_dev_export_writes_only_the_asked_split(tmp_path):
    src = tmp_path / "dev.jsonl"
    src.write_text("".join(json.dumps({**r, "split": s, "source": "written"}, ensure_ascii=False) + "\n"
                           for r, s in ((EN, "dev"), (ZH, "test"))), encoding="utf-8")
    dest = tmp_path / "out.jsonl"
    assert export(dest, src) == 1
    rows = load_set(dest)
    assert [r["id"] for r in rows] == ["en_kitchen"] and "split" not in rows[0]


def test_the_shipped_example_set_loads():
    rows = load_set(Path(__file__).resolve().parents[2] / "examples" / "speakers_dev.jsonl")
    assert len(rows) >= 5 and {r["lang"] for r in rows} == {"en", "zh"}
