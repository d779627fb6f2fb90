"""llm.openai against a loopback fake of the OpenAI chat-completions API: requests, retries,
response-format fallback, JSON repair, the answer cache and configuration."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from manju.backends.fake_openai import FakeOpenAI, Reply
from manju.backends.openai_llm import LLMOutputError, OpenAILLM, llm_enabled, repair_json
from manju.backends.protocols import LLMBackend
from manju.errors import BackendError


class Verdict(BaseModel):
    name: str
    score: int
    tags: list[str] = []


MSGS = [{"role": "user", "content": "Judge the story."}]
GOOD = {"name": "keeper", "score": 7, "tags": ["sea"]}


@pytest.fixture
def make_llm(tmp_path):
    sleeps: list[float] = []

    def make(server: FakeOpenAI, **kw) -> OpenAILLM:
        kw.setdefault("cache_dir", tmp_path / "cache")
        kw.setdefault("sleep", sleeps.append)
        kw.setdefault("env", {})
        return OpenAILLM(base_url=server.url, model="fake-model", **kw)

    make.sleeps = sleeps
    return make


def test_request_follows_the_chat_completions_api(make_llm):
    with FakeOpenAI([GOOD], api_key="sk-test") as srv:
        llm = make_llm(srv, api_key="sk-test", temperature=0.5)
        out = llm.complete_json(MSGS, Verdict)
    assert out == Verdict(**GOOD)
    body = srv.requests[0]
    assert body["model"] == "fake-model" and body["temperature"] == 0.5
    assert body["messages"][-1] == MSGS[0]
    assert body["messages"][0]["role"] == "system" and "JSON Schema" in body["messages"][0]["content"]
    rf = body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Verdict"
    assert rf["json_schema"]["schema"]["properties"]["score"]["type"] == "integer"
    assert srv.headers[0]["Authorization"] == "Bearer sk-test"
    assert isinstance(llm, LLMBackend)


def test_429_then_success_honours_retry_after(make_llm):
    with FakeOpenAI([Reply(status=429, headers={"Retry-After": "3"}), GOOD]) as srv:
        llm = make_llm(srv)
        assert llm.complete_json(MSGS, Verdict).score == 7
    assert len(srv.requests) == 2
    assert make_llm.sleeps == [3.0]


def test_5xx_backs_off_exponentially(make_llm):
    with FakeOpenAI([Reply(status=500), Reply(status=503), Reply(status=502), GOOD]) as srv:
        llm = make_llm(srv, backoff=0.5)
        assert llm.complete_json(MSGS, Verdict).name == "keeper"
    assert make_llm.sleeps == [0.5, 1.0, 2.0]
    assert llm.stats["requests"] == 4


def test_gives_up_after_the_retries_with_one_line(make_llm):
    with FakeOpenAI([Reply(status=503)] * 3) as srv:
        llm = make_llm(srv, retries=2)
        with pytest.raises(BackendError) as e:
            llm.complete_json(MSGS, Verdict)
    assert "after 3 attempts" in str(e.value) and "503" in str(e.value)
    assert "\n" not in str(e.value)


def test_timeout_is_retried(make_llm):
    with FakeOpenAI([Reply(content=GOOD, delay=1.5), GOOD]) as srv:
        llm = make_llm(srv, timeout=0.3)
        assert llm.complete_json(MSGS, Verdict).score == 7
    assert len(srv.requests) == 2


def test_malformed_json_is_repaired_without_another_request(make_llm):
    reply = 'Here you go:\n```json\n{"name": "keeper", "score": 7, "tags": ["sea",],}\n```'
    with FakeOpenAI([reply]) as srv:
        out = make_llm(srv).complete_json(MSGS, Verdict)
    assert out.tags == ["sea"] and len(srv.requests) == 1


def test_truncated_reply_is_closed(make_llm):
    with FakeOpenAI([Reply(content='{"name": "keeper", "score": 7, "tags": ["sea", "sto',
                           finish_reason="length")]) as srv:
        out = make_llm(srv).complete_json(MSGS, Verdict)
    assert out.name == "keeper" and out.tags[0] == "sea"


def test_invalid_reply_gets_one_repair_request(make_llm):
    with FakeOpenAI([{"name": "keeper", "score": "very good"}, GOOD]) as srv:
        out = make_llm(srv).complete_json(MSGS, Verdict)
    assert out.score == 7 and len(srv.requests) == 2
    fix = srv.requests[1]["messages"]
    assert fix[-2]["role"] == "assistant" and "very good" in fix[-2]["content"]
    assert fix[-1]["role"] == "user" and "score" in fix[-1]["content"]


def test_still_invalid_after_repair_raises(make_llm):
    with FakeOpenAI(["not json at all", "still no json"]) as srv:
        with pytest.raises(LLMOutputError, match="Verdict"):
            make_llm(srv).complete_json(MSGS, Verdict)
    assert len(srv.requests) == 2


def test_falls_back_when_json_schema_is_rejected(make_llm):
    with FakeOpenAI([GOOD, GOOD], reject_json_schema=True) as srv:
        llm = make_llm(srv)
        assert llm.complete_json(MSGS, Verdict).score == 7
        assert llm.complete_json([{"role": "user", "content": "again"}], Verdict).score == 7
    formats = [(r.get("response_format") or {}).get("type") for r in srv.requests]
    assert formats == ["json_schema", "json_object", "json_object"]  # remembered


def test_falls_back_to_plain_requests(make_llm):
    with FakeOpenAI([GOOD], reject_json_schema=True, reject_json_object=True) as srv:
        assert make_llm(srv).complete_json(MSGS, Verdict).score == 7
    assert "response_format" not in srv.requests[-1]
    assert len(srv.requests) == 3


def test_cache_prevents_a_second_request(make_llm, tmp_path):
    with FakeOpenAI([GOOD, {"name": "other", "score": 1}]) as srv:
        llm = make_llm(srv, api_key="sk-secret")
        first = llm.complete_json(MSGS, Verdict)
        again = llm.complete_json(MSGS, Verdict)
        assert first == again and len(srv.requests) == 1
        assert llm.stats["cache_hits"] == 1
        # A new process (new instance) with the same cache does not re-bill either.
        assert make_llm(srv).complete_json(MSGS, Verdict) == first
        assert len(srv.requests) == 1
        # Different messages are a different question.
        assert make_llm(srv).complete_json([{"role": "user", "content": "x"}], Verdict).name == "other"
        assert len(srv.requests) == 2
    files = list((tmp_path / "cache").glob("*.json"))
    assert len(files) == 2
    assert all("sk-secret" not in f.read_text() for f in files)


def test_config_is_frozen_and_has_no_key(tmp_path):
    env = {"MANJU_LLM_BASE_URL": "http://127.0.0.1:9/v1/", "OPENAI_BASE_URL": "http://example.invalid",
           "MANJU_LLM_MODEL": "qwen2.5:7b", "OPENAI_API_KEY": "sk-from-openai-env"}
    llm = OpenAILLM(env=env, cache_dir=tmp_path)
    assert dict(llm.config) == {"base_url": "http://127.0.0.1:9/v1", "model": "qwen2.5:7b",
                                "temperature": 0.2, "max_tokens": None}
    assert "sk-from-openai-env" not in json.dumps(llm.config) + repr(llm)
    with pytest.raises(TypeError):
        llm.config["model"] = "other"
    with pytest.raises(TypeError):
        llm.config.update(model="other")
    # Explicit arguments beat the environment.
    assert OpenAILLM(model="m2", env=env, cache_dir=tmp_path).config["model"] == "m2"


def test_missing_configuration_is_a_clear_error():
    with pytest.raises(BackendError, match="MANJU_LLM_MODEL"):
        OpenAILLM(env={"MANJU_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    with pytest.raises(BackendError, match="API key"):
        OpenAILLM(env={})  # api.openai.com needs a key
    assert OpenAILLM(env={"OPENAI_API_KEY": "sk-x"}).config["model"] == "gpt-4o-mini"


def test_refused_key_and_unreachable_server(make_llm):
    with FakeOpenAI([], api_key="right") as srv:
        with pytest.raises(BackendError, match="refused the API key") as e:
            make_llm(srv, api_key="wrong").complete_json(MSGS, Verdict)
        assert "wrong" not in str(e.value)
        url = srv.url
    llm = OpenAILLM(base_url=url, model="m", env={}, sleep=lambda s: None, cache_dir=None)
    with pytest.raises(BackendError, match="cannot reach"):
        llm.complete_json(MSGS, Verdict)


@pytest.mark.parametrize("text, expected", [
    ('{"a": 1}', {"a": 1}),
    ('```json\n{"a": [1, 2,]}\n```', {"a": [1, 2]}),
    ('Sure! {"a": {"b": "x"}} Hope that helps.', {"a": {"b": "x"}}),
    ('{"a": [1, 2], "b": "unfinished', {"a": [1, 2], "b": "unfinished"}),
    ('{"a": [1, 2], "b":', {"a": [1, 2], "b": None}),
    ('{"a": [{"x": 1}, {"x": 2}, {"x"', {"a": [{"x": 1}, {"x": 2}]}),
    ('{"a": [1, 2}', {"a": [1, 2]}),
    ('```json\n{"a": "cut off', {"a": "cut off"}),
    ('[{"a": 1}]', [{"a": 1}]),
])
def test_repair_json(text, expected):
    assert repair_json(text) == expected


def test_repair_json_gives_up_on_prose():
    with pytest.raises(ValueError):
        repair_json("I cannot help with that.")


def test_llm_enabled():
    assert llm_enabled(False, {}) is None
    assert llm_enabled(True, {}) == "openai"
    assert llm_enabled(False, {"MANJU_LLM": "1"}) == "openai"
    assert llm_enabled(False, {"MANJU_LLM": "off"}) is None
    assert llm_enabled(False, {"MANJU_LLM": "mymodel"}) == "mymodel"


def test_usage_is_read_from_the_reply(make_llm):
    with FakeOpenAI([Reply(content=GOOD, usage={"prompt_tokens": 120, "completion_tokens": 15})]) as srv:
        llm = make_llm(srv)
        llm.complete_json(MSGS, Verdict)
    assert llm.stats["prompt_tokens"] == 120 and llm.stats["completion_tokens"] == 15
    assert llm.stats["estimated"] == 0


def test_the_fake_server_reports_usage_counted_from_the_text(make_llm):
    with FakeOpenAI([GOOD]) as srv:
        llm = make_llm(srv)
        llm.complete_json(MSGS, Verdict)
    assert llm.stats["prompt_tokens"] > 20 and llm.stats["completion_tokens"] > 5  # the schema is sent too


def test_usage_left_out_is_estimated_and_said_so(make_llm):
    with FakeOpenAI([GOOD], usage=False) as srv:
        llm = make_llm(srv)
        llm.complete_json(MSGS, Verdict)
    assert llm.stats["estimated"] == 1 and llm.stats["prompt_tokens"] > 20


def test_a_repair_request_is_counted_and_a_cached_answer_keeps_its_cost(make_llm):
    from manju.backends.llm_usage import report, snapshot

    usage = {"prompt_tokens": 100, "completion_tokens": 10}
    with FakeOpenAI([Reply(content="not json", usage=usage), Reply(content=GOOD, usage=usage)]) as srv:
        llm = make_llm(srv)
        before = snapshot(llm)
        llm.complete_json(MSGS, Verdict)
        first = report(before, snapshot(llm), 1000)
        again = make_llm(srv)
        before = snapshot(again)
        again.complete_json(MSGS, Verdict)
        second = report(before, snapshot(again), 1000)
    assert first["tokens"] == first["billed_tokens"] == 220 and first["tokens_per_1k_chars"] == 220.0
    assert second["billed_tokens"] == 0 and second["cached_tokens"] == 220 and second["tokens"] == 220
    assert second["cache_hits"] == 1 and len(srv.requests) == 2


def test_token_estimates():
    from manju.backends.llm_usage import describe, estimate_tokens

    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 10) == 10
    assert estimate_tokens("你好世界") == 4
    assert describe({}) == "tokens not counted by this backend"
