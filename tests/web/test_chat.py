"""The chat with a language model (``manju studio --llm``) against the local fake
OpenAI-compatible server: tool calls become the edit, an invalid call is retried once, and a
model that fails leaves the offline parser to answer, saying so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import BASE, config, free_port, pid_of

from manju.backends.fake_openai import FakeOpenAI, Reply


@pytest.fixture
def llm_client(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A studio whose chat plans with the ``openai`` backend (jobs queued, not run)."""
    from fastapi.testclient import TestClient

    from manju.web.app import create_app

    monkeypatch.setenv("MANJU_LLM_MODEL", "fake")
    monkeypatch.delenv("MANJU_LLM_API_KEY", raising=False)
    app = create_app(config(tmp_path, [project], run_jobs=False, llm="openai"))
    with TestClient(app, base_url=BASE) as c:
        yield c


def _shots(client: Any, pid: str) -> list[dict[str, Any]]:
    return [sh for sc in client.get(f"/api/projects/{pid}").json()["scenes"] for sh in sc["shots"]]


def _close_up(framing: str = "close_up") -> Reply:
    return Reply(tool_calls=[{"name": "set_shot", "arguments": {
        "target": "2", "after": {"framing": framing}}}])


def test_tool_calls_become_the_edit(llm_client, monkeypatch) -> None:
    pid = pid_of(llm_client)
    assert llm_client.get("/api/info").json()["llm"] == "openai"
    with FakeOpenAI([_close_up()]) as srv:
        monkeypatch.setenv("MANJU_LLM_BASE_URL", srv.url)
        out = llm_client.post(f"/api/projects/{pid}/chat",
                              json={"text": "bring the camera close on the second shot"}).json()
        sent = srv.requests[0]
    assert out["applied"] and out["planner"] == "llm" and out["notice"] == ""
    second = _shots(llm_client, pid)[1]
    assert out["operations"] == [{"op": "set_shot", "target": second["id"],
                                  "after": {"framing": "close_up"}}]
    assert second["framing"] == "close_up" and out["job"]["kind"] == "render"
    assert {t["function"]["name"] for t in sent["tools"]} >= {"set_shot", "set_scene"}
    assert llm_client.post(f"/api/projects/{pid}/undo").json()["applied"]  # undo as ever


def test_an_invalid_call_is_retried_once(llm_client, monkeypatch) -> None:
    pid = pid_of(llm_client)
    with FakeOpenAI([_close_up("gigantic"), _close_up("wide")]) as srv:
        monkeypatch.setenv("MANJU_LLM_BASE_URL", srv.url)
        out = llm_client.post(f"/api/projects/{pid}/chat", json={"text": "shot 2, huge"}).json()
        retry = srv.requests[1]["messages"][-1]
    assert len(srv.requests) == 2 and retry["role"] == "tool" and "rejected" in retry["content"]
    assert out["applied"] and out["operations"][0]["after"] == {"framing": "wide"}
    assert _shots(llm_client, pid)[1]["framing"] == "wide"


def test_a_failing_model_leaves_the_offline_parser(llm_client, monkeypatch) -> None:
    pid = pid_of(llm_client)
    monkeypatch.setenv("MANJU_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")  # nobody there
    out = llm_client.post(f"/api/projects/{pid}/chat", json={"text": "make shot 2 a close-up"}).json()
    assert out["applied"] and out["planner"] == "offline"
    assert "language model failed" in out["notice"] and "cannot reach" in out["notice"]
    assert _shots(llm_client, pid)[1]["framing"] == "close_up"
