"""video.veo against a fake Gemini API: the capability table, frames and references sent inline
as base64, the operation polled through the job ledger and resumed by name, and each fault
(429 with Retry-After, 5xx, a clip the safety filters removed, a failed operation, a malformed
answer, an operation the server no longer knows) with a clear message."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from manju.backends.image_fake import fake_png
from manju.backends.protocols import VideoBackend, VideoRequest
from manju.backends.video_common import fit_request
from manju.backends.video_fake import FakeVeo, Fault
from manju.backends.video_veo import VeoVideo
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import JobRunner

FIRST, LAST = fake_png(18, 32, "first"), fake_png(18, 32, "last")
SHEET = fake_png(16, 16, "sheet")
REQ = VideoRequest("she turns to the window, rain outside", 1080, 1920, 3.2,
                   first_frame=FIRST, last_frame=LAST, negative="text")


def _runner(tmp_path: Path) -> JobRunner:
    return JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                     sleep=lambda s: None)


def _veo(srv: FakeVeo, **kw) -> VeoVideo:
    return VeoVideo(base_url=srv.base_url, api_key="gk", backoff=0.0, **kw)


def test_capability_rows_and_prices():
    b = VeoVideo(base_url="http://x")
    assert isinstance(b, VideoBackend) and b.config["model"] == "veo-3.1-fast-generate-preview"
    assert b.cost(REQ) == round(0.15 * 4, 4)  # 3.2 s -> 4 s
    assert VeoVideo(base_url="http://x", model="veo-3.1-generate-preview").cost(REQ) == 1.6
    hd = VeoVideo(base_url="http://x", resolution="1080p")
    assert hd.capabilities["durations"] == [8] and hd.cost(REQ) == round(0.15 * 8, 4)
    with pytest.raises(BackendError, match="makes 720p"):
        VeoVideo(base_url="http://x", model="veo-2.0-generate-001", resolution="1080p")
    with pytest.raises(BackendError, match="no capability row"):
        VeoVideo(base_url="http://x", model="veo-9")
    v3 = VeoVideo(base_url="http://x", model="veo-3.0-generate-001")
    fitted, notes = fit_request(v3.capabilities, REQ)
    assert fitted.last_frame is None and any("last frame" in n for n in notes)
    # References go alone (never with a frame) and make 8 s clips.
    refs = VideoRequest("x", 1080, 1920, 3.0, references=(SHEET, SHEET, SHEET, SHEET))
    fitted, notes = fit_request(b.capabilities, refs)
    assert len(fitted.references) == 3 and fitted.duration == 8
    fitted, _ = fit_request(b.capabilities, VideoRequest("x", 9, 16, 3.0, first_frame=FIRST,
                                                         references=(SHEET,)))
    assert fitted.references == () and fitted.duration == 4


def test_first_and_last_frame_through_the_ledger(tmp_path):
    with FakeVeo(polls_to_finish=3, api_key="gk") as srv:
        b = _veo(srv)
        path, job = _runner(tmp_path).run(b, REQ, "clip sh_1")
        assert path.suffix == ".mp4" and job.kind == "video" and job.state == "done"
        assert job.task_id.startswith("models/veo-3.1-fast-generate-preview/operations/")
        body = srv.bodies[-1]
        inst, params = body["instances"][0], body["parameters"]
        assert base64.b64decode(inst["image"]["bytesBase64Encoded"]) == FIRST  # inline data
        assert inst["image"]["mimeType"] == "image/png"
        assert base64.b64decode(inst["lastFrame"]["bytesBase64Encoded"]) == LAST
        assert params["aspectRatio"] == "9:16" and params["durationSeconds"] == 4
        assert params["resolution"] == "720p" and params["negativePrompt"] == "text"
        assert "personGeneration" not in params and "gk" not in str(b.config.values())
        assert srv.count("GET", "/v1beta/files/") == 1  # downloaded once, with the key
        again, _ = _runner(tmp_path).run(b, REQ, "clip sh_1")
        assert again == path and srv.submissions == 1


def test_references_are_sent_inline(tmp_path):
    with FakeVeo(api_key="gk") as srv:
        b = _veo(srv, model="veo-3.1-generate-preview", person_generation="allow_adult")
        req = VideoRequest("Mara walks in", 1080, 1920, 5, references=(SHEET, LAST))
        _runner(tmp_path).run(b, req, "refs")
        inst, params = srv.bodies[-1]["instances"][0], srv.bodies[-1]["parameters"]
        assert [r["referenceType"] for r in inst["referenceImages"]] == ["asset", "asset"]
        assert base64.b64decode(inst["referenceImages"][0]["image"]["bytesBase64Encoded"]) == SHEET
        assert "image" not in inst and params["durationSeconds"] == 8
        assert params["personGeneration"] == "allow_adult"
        v2 = _veo(srv, model="veo-2.0-generate-001").body(REQ)["parameters"]
        assert v2["durationSeconds"] == 5 and "resolution" not in v2 and "seed" not in v2


def test_faults_refusals_and_malformed_answers(tmp_path):
    faults = [Fault("/v1beta/models/", 429, headers={"Retry-After": "0"},
                    body=b'{"error": {"code": 429, "message": "Resource has been exhausted",'
                         b' "status": "RESOURCE_EXHAUSTED"}}'),
              Fault("/v1beta/models/veo-3.1-fast-generate-preview/operations/", 503,
                    method="GET"),
              Fault("/v1beta/files/", 500)]
    with FakeVeo(faults, polls_to_finish=2, api_key="gk") as srv:
        b = _veo(srv)
        _, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1 and not srv.faults
        with pytest.raises(BackendError, match="refused as unsafe by the safety filters"):
            _runner(tmp_path / "r").run(b, VideoRequest("a forbidden harbour", 9, 16, 4,
                                                        first_frame=FIRST), "clip")
        srv.fail_next = True
        with pytest.raises(BackendError, match="failed: 13: Video generation failed"):
            _runner(tmp_path / "f").run(b, VideoRequest("y", 9, 16, 4, first_frame=FIRST), "c")
        with pytest.raises(BackendError, match="API key not valid"):
            VeoVideo(base_url=srv.base_url, api_key="bad").submit(REQ)
        with pytest.raises(BackendError, match="needs MANJU_GEMINI_API_KEY"):
            VeoVideo(base_url=srv.base_url, api_key="").submit(REQ)
    done_empty = b'{"name": "models/m/operations/x", "done": true, "response": {}}'
    with FakeVeo([Fault("/v1beta/models/veo-3.1-fast-generate-preview/operations/", 200,
                        body=done_empty, method="GET")], api_key="gk") as srv:
        b = _veo(srv)
        st = b.poll(b.submit(REQ))
        assert st.state == "failed" and "without a video" in st.error
    with FakeVeo([Fault("/v1beta/models/", 200, body=b"[]", method="POST")],
                 api_key="gk") as srv:
        with pytest.raises(BackendError, match="without an operation name"):
            _veo(srv).submit(REQ)


def test_resume_a_saved_operation_and_expired_ones(tmp_path, leave_submitted):
    with FakeVeo(api_key="gk") as srv:
        srv.hold.set()
        b = _veo(srv)
        runner = _runner(tmp_path)
        name = leave_submitted(runner, b, REQ, "veo")
        srv.hold.clear()
        _, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1 and job.task_id == name
        other = VideoRequest("another", 1080, 1920, 4, first_frame=FIRST)
        n2 = leave_submitted(runner, b, other, "veo")
        srv.forget()
        assert "2 days" in b.poll(n2).error
        notes: list[str] = []
        runner.notice = notes.append
        _, job2 = runner.run(b, other, "clip")
        assert job2.state == "done" and job2.attempts == 2
        assert any("no longer knows" in n for n in notes)
