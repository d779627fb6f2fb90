"""Plain-language edits through a language model offered the operations as tools, against the
local fake OpenAI-compatible server."""

from __future__ import annotations

import json
import subprocess
import sys

from manju.backends.fake_openai import FakeOpenAI, Reply
from manju.backends.openai_llm import OpenAILLM
from manju.doc import io
from manju.edit.llm import outline, plan_with_llm, tools


def _llm(srv: FakeOpenAI, tmp_path):
    return OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp_path / "llm", retries=0)


def test_every_operation_kind_is_a_tool_with_a_schema():
    defs = {t["name"]: t for t in tools()}
    assert {"set_shot", "set_line", "set_scene", "set_look", "set_voice", "set_settings",
            "delete_shot", "move_shot"} <= set(defs)
    shot = defs["set_shot"]["parameters"]
    assert shot["required"] == ["target", "after"]
    assert "framing" in json.dumps(shot["properties"]["after"])
    assert defs["delete_shot"]["parameters"]["required"] == ["target"]


def test_outline_names_ids_and_lines(keeper):
    text = outline(keeper)
    assert all(c.id in text and c.name in text for c in keeper.characters)
    assert keeper.shots()[0].id in text and keeper.lines()[0].id in text


def test_a_tool_call_becomes_the_operation(keeper, tmp_path):
    with FakeOpenAI([Reply(tool_calls=[{"name": "set_shot", "arguments": {
            "target": "3", "after": {"framing": "close_up"}}}])]) as srv:
        plan = plan_with_llm(keeper, "make shot 3 a close-up", _llm(srv, tmp_path))
        body = srv.requests[0]
        # the same question on the same project is answered from the cache, not paid again
        again = plan_with_llm(keeper, "make shot 3 a close-up", _llm(srv, tmp_path))
        assert again.briefs() == plan.briefs() and len(srv.requests) == 1
    assert plan.status == "edit" and plan.briefs() == [
        {"op": "set_shot", "target": keeper.shots()[2].id, "after": {"framing": "close_up"}}]
    assert {t["function"]["name"] for t in body["tools"]} >= {"set_shot", "set_line"}
    assert "make shot 3 a close-up" in body["messages"][-1]["content"]


def test_an_invalid_call_is_rejected_with_the_error_and_retried_once(keeper, tmp_path):
    bad = Reply(tool_calls=[{"name": "set_shot", "arguments": {
        "target": "3", "after": {"framing": "gigantic"}}}])
    good = Reply(tool_calls=[{"name": "set_shot", "arguments": {
        "target": "3", "after": {"framing": "wide"}}}])
    with FakeOpenAI([bad, good]) as srv:
        plan = plan_with_llm(keeper, "make shot 3 huge", _llm(srv, tmp_path))
        second = srv.requests[1]["messages"]
    assert plan.status == "edit" and plan.briefs()[0]["after"] == {"framing": "wide"}
    assert second[-1]["role"] == "tool" and "rejected" in second[-1]["content"]
    assert "framing" in second[-1]["content"]
    with FakeOpenAI([bad, bad]) as srv:
        plan = plan_with_llm(keeper, "make shot 3 huge", _llm(srv, tmp_path / "b"))
    assert plan.status == "none" and "rejected twice" in plan.message and plan.operation is None


def test_several_calls_are_one_undoable_batch_and_a_question_changes_nothing(linwan, tmp_path):
    calls = [{"name": "set_scene", "arguments": {"target": "2", "after": {"time": "night"}}},
             {"name": "set_shot", "arguments": {"target": "1", "after": {"framing": "wide"}}}]
    with FakeOpenAI([Reply(tool_calls=calls), Reply(content="你指的是哪一个人？")]) as srv:
        llm = _llm(srv, tmp_path)
        plan = plan_with_llm(linwan, "把第二场改成夜晚，第一个镜头用远景", llm)
        ask = plan_with_llm(linwan, "让他生气一点", llm)
    assert plan.status == "edit" and plan.operation.op == "batch" and len(plan.ops) == 2
    assert plan.lang == "zh" and plan.message.startswith("将要")
    assert ask.status == "question" and ask.message == "你指的是哪一个人？" and ask.operation is None


def test_manju_edit_llm_on_the_command_line(example_folder, tmp_path):
    folder = example_folder("the_keeper")
    before = (folder / "project.json").read_text(encoding="utf-8")
    with FakeOpenAI([Reply(tool_calls=[{"name": "set_settings", "arguments": {
            "target": "project", "after": {"style": "ink"}}}])]) as srv:
        env = {"MANJU_LLM_BASE_URL": srv.url, "MANJU_LLM_MODEL": "fake", "PATH": "/usr/bin:/bin"}
        r = subprocess.run([sys.executable, "-m", "manju.cli.main", "edit", str(folder),
                            "redraw everything in ink", "--llm", "--no-render", "--json"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["applied"] and out["operations"][0]["after"] == {"style": "ink"}
    assert io.load(folder).settings.style == "ink"
    assert (folder / "project.json").read_text(encoding="utf-8") != before
