"""image.gemini against a fake Gemini API: inline pictures, aspect ratios, refusals and
provider faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.backends.gemini_fake import FakeGemini, Fault
from manju.backends.gemini_image import GeminiImage
from manju.backends.image_fake import fake_png
from manju.backends.protocols import ImageBackend, ImageRequest
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import JobRunner

REQ = ImageRequest("a mountain temple at dawn", 1080, 1920, negative="text")


def _backend(srv: FakeGemini, **kw) -> GeminiImage:
    return GeminiImage(base_url=srv.base_url, api_key="g-key", backoff=0.0, **kw)


def test_request_shape_and_inline_pictures():
    init, ref = fake_png(18, 32, "layout"), fake_png(8, 8, "ref")
    with FakeGemini(api_key="g-key") as srv:
        b = _backend(srv)
        assert isinstance(b, ImageBackend) and b.cost(REQ) == 0.039
        res = b.generate(ImageRequest("temple", 1080, 1920, init=init, references=(ref,)))
        assert res.png.startswith(b"\x89PNG")
        assert res.metadata["modelVersion"] == "gemini-2.5-flash-image"
        assert srv.inline[-1] == [init, ref]  # sent as data, layout first
        body = srv.requests[-1].json()
        assert body["generationConfig"]["imageConfig"]["aspectRatio"] == "9:16"
        assert body["generationConfig"]["responseModalities"] == ["IMAGE"]
        assert srv.requests[-1].headers["x-goog-api-key"] == "g-key"
        assert "g-key" not in str(b.config)
    assert GeminiImage.aspect(1920, 1080) == "16:9" and GeminiImage.aspect(1080, 1080) == "1:1"


def test_refusals_and_faults(tmp_path: Path):
    with FakeGemini() as srv:
        b = _backend(srv)
        with pytest.raises(BackendError, match="refused the prompt as unsafe \\(PROHIBITED"):
            b.generate(ImageRequest("a forbidden place", 64, 64))
        with pytest.raises(BackendError, match="IMAGE_SAFETY"):
            b.generate(ImageRequest("a gory place", 64, 64))
    faults = [Fault("/v1beta", 429, headers={"Retry-After": "0"},
                    body=b'{"error": {"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED"}}'),
              Fault("/v1beta", 500)]
    with FakeGemini(faults) as srv:
        runner = JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                           sleep=lambda s: None)
        path, job = runner.run(_backend(srv), REQ, "plate")
        assert job.state == "done" and srv.generated == 1 and len(srv.requests) == 3
    with FakeGemini([Fault("/v1beta", 200, body=b'{"candidates": [')]) as srv:
        with pytest.raises(BackendError, match="not JSON"):
            _backend(srv).generate(REQ)
    with FakeGemini(api_key="right") as srv:
        with pytest.raises(BackendError, match="API key not valid"):
            GeminiImage(base_url=srv.base_url, api_key="wrong").generate(REQ)
