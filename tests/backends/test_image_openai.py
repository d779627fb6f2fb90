"""image.openai against a fake OpenAI Images API: generations, edits with pictures sent as
multipart data, prices, and the faults a provider answers with."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from manju.backends.image_fake import fake_png
from manju.backends.image_openai import OpenAIImage, nearest_size
from manju.backends.image_openai_fake import FakeOpenAIImages, Fault
from manju.backends.protocols import ImageBackend, ImageRequest
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import JobRunner, is_async

REQ = ImageRequest("a harbour at dusk, painted", 1080, 1920, seed=3, negative="text, people")


def _backend(srv: FakeOpenAIImages, **kw) -> OpenAIImage:
    return OpenAIImage(base_url=srv.base_url, api_key="sk-test", backoff=0.0, **kw)


def _runner(tmp_path: Path) -> JobRunner:
    return JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                     sleep=lambda s: None)


def test_generation_request_and_answer():
    with FakeOpenAIImages(api_key="sk-test") as srv:
        b = _backend(srv)
        assert isinstance(b, ImageBackend) and not is_async(b)
        res = b.generate(REQ)
        assert res.png.startswith(b"\x89PNG") and res.metadata["usage"]["total_tokens"] == 4210
        body = srv.requests[-1].json()
        # Portrait frames get the portrait size; GPT image models get no response_format.
        assert body["size"] == "1024x1536" and "response_format" not in body
        assert "Avoid: text, people." in body["prompt"] and body["n"] == 1
        assert "sk-test" not in str(b.config)  # the key is never recorded


def test_edits_send_pictures_as_multipart_data():
    init, ref = fake_png(32, 48, "layout"), fake_png(16, 16, "sheet")
    with FakeOpenAIImages() as srv:
        b = _backend(srv, quality="low")
        b.generate(ImageRequest("same room, painted", 720, 1280, init=init, references=(ref,)))
        parts = srv.edits[-1]
        assert [f[1] for f in parts["image[]"]] == [init, ref]
        assert parts["quality"] == ["low"] and parts["model"] == ["gpt-image-1"]
        d3 = _backend(srv, model="dall-e-3")
        assert d3.capabilities["init"] is False  # dall-e-3 has no edits: text only
        d3.generate(ImageRequest("x", 720, 1280, init=init))
        body = srv.requests[-1].json()
        assert srv.requests[-1].path.endswith("/generations") and body["size"] == "1024x1792"
        assert body["response_format"] == "b64_json"


def test_prices():
    with FakeOpenAIImages() as srv:
        assert _backend(srv, quality="medium").cost(REQ) == 0.063
        assert _backend(srv).cost(ImageRequest("x", 512, 512)) == 0.167  # default: high
        assert _backend(srv, model="dall-e-3").cost(REQ) == 0.08
        assert _backend(srv, model="some-compatible-model", cost_per_image=0.01).cost(REQ) == 0.01
        assert _backend(srv, model="glm-image", sizes=["1088x1920"]).size(REQ) == "1088x1920"
    assert nearest_size(["1024x1024", "1536x1024"], 1920, 1080) == "1536x1024"


def test_faults(tmp_path):
    faults = [Fault("/v1/images/generations", 429, headers={"Retry-After": "0"}),
              Fault("/v1/images/generations", 500)]
    with FakeOpenAIImages(faults) as srv:
        path, job = _runner(tmp_path).run(_backend(srv), REQ, "plate")
        assert job.state == "done" and srv.generated == 1
        assert srv.count("POST", "/v1/images/generations") == 3
        # Asked again: the ledger answers, nothing is sent.
        path2, _ = _runner(tmp_path).run(_backend(srv), REQ, "plate")
        assert path2 == path and srv.count("POST", "/v1/images/generations") == 3
    with FakeOpenAIImages() as srv:
        runner = _runner(tmp_path / "m")
        with pytest.raises(BackendError, match="refused the prompt or picture as unsafe"):
            runner.run(_backend(srv), ImageRequest("a forbidden thing", 64, 64), "plate")
        assert runner.ledger.jobs()[0].state == "failed"
    with FakeOpenAIImages([Fault("/v1/images", 200, body=b"{not json")]) as srv:
        with pytest.raises(BackendError, match="not JSON"):
            _backend(srv).generate(REQ)
    bad = base64.b64encode(b"not a picture").decode()
    with FakeOpenAIImages([Fault("/v1/images", 200, body=b'{"data": [{"b64_json": "%s"}]}'
                                 % bad.encode())]) as srv:
        with pytest.raises(BackendError, match="not a picture"):
            _runner(tmp_path / "p").run(_backend(srv), REQ, "plate")
    with FakeOpenAIImages([Fault("/v1/images", 503)] * 3) as srv:
        with pytest.raises(BackendError, match="failed after 3 tries: HTTP 503"):
            OpenAIImage(base_url=srv.base_url, backoff=0.0, retries=2).generate(REQ)
    with FakeOpenAIImages(api_key="right") as srv:
        with pytest.raises(BackendError, match="rejected the credentials"):
            OpenAIImage(base_url=srv.base_url, api_key="wrong").generate(REQ)


def test_url_answers_are_downloaded():
    with FakeOpenAIImages(answer_url=True) as srv:
        assert _backend(srv, model="dall-e-2").generate(REQ).png.startswith(b"\x89PNG")


def test_a_request_cut_off_while_being_sent_is_sent_again_with_a_notice(tmp_path):
    from manju.jobs.runner import job_key

    with FakeOpenAIImages() as srv:
        b = _backend(srv)
        runner = _runner(tmp_path)
        # What a run killed in the middle of the request leaves: a row, no answer.
        runner.ledger.begin(job_key(b, REQ), kind="image", provider="openai", model="gpt-image-1",
                            purpose="plate", params={}, cost=0.25)
        notes: list[str] = []
        runner.notice = notes.append
        _, job = runner.run(b, REQ, "plate")
        assert job.state == "done" and job.attempts == 2 and srv.generated == 1
        assert any("was being sent when a run stopped" in n for n in notes)
