"""video.seedance against a fake Ark server: the capability table, frames and references sent
as data URLs with their roles, polling through the job ledger, resuming a saved task id, and
each fault (429 with Retry-After, 5xx, refusal at submission and of the output, a malformed
answer, an unknown or timed-out task) with a clear message."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from manju.backends.image_fake import fake_png
from manju.backends.protocols import VideoBackend, VideoRequest
from manju.backends.video_fake import FakeSeedance, Fault
from manju.backends.video_seedance import SeedanceVideo, family_of, tokens
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


def _seedance(srv: FakeSeedance, **kw) -> SeedanceVideo:
    return SeedanceVideo(base_url=f"{srv.url}/api/v3", api_key="ark", backoff=0.0, **kw)


def _data(url: str) -> bytes:
    head, _, payload = url.partition(",")
    assert head == "data:image/png;base64"
    return base64.b64decode(payload)


def test_capability_rows_and_prices():
    assert family_of("doubao-seedance-1-0-pro-250528") == "seedance-1-0-pro"
    assert family_of("seedance-1-0-lite-i2v-250428") == "seedance-1-0-lite-i2v"
    assert family_of("ep-20250101-abcde") is None
    with pytest.raises(BackendError, match="family=NAME"):
        SeedanceVideo(base_url="http://x", model="ep-20250101-abcde")
    ep = SeedanceVideo(base_url="http://x", model="ep-20250101-abcde", family="seedance-1-5-pro")
    assert ep.capabilities["audio"] and ep.config["family"] == "seedance-1-5-pro"
    with pytest.raises(BackendError, match="makes 480p, 720p"):
        SeedanceVideo(base_url="http://x", model="seedance-2-0-fast-260128", resolution="1080p")
    with pytest.raises(BackendError, match="silent clips only"):
        SeedanceVideo(base_url="http://x", audio=True)
    b = SeedanceVideo(base_url="http://x")  # seedance-1-0-pro, 720p
    assert isinstance(b, VideoBackend)
    assert tokens("720p", 5) == 108000
    assert b.cost(REQ) == round(2.5 * tokens("720p", 4) / 1e6, 4)  # 3.2 s -> 4 s
    assert SeedanceVideo(base_url="http://x", cost_per_million_tokens=1.0).cost(
        VideoRequest("x", 9, 16, 5)) == 0.108
    fast = SeedanceVideo(base_url="http://x", model="seedance-1-0-pro-fast-251015")
    assert fast.capabilities["last_frame"] is False


def test_first_and_last_frame_through_the_ledger(tmp_path):
    with FakeSeedance(polls_to_finish=3, api_key="ark") as srv:
        b = _seedance(srv)
        path, job = _runner(tmp_path).run(b, REQ, "clip sh_1")
        assert path.suffix == ".mp4" and job.kind == "video" and job.state == "done"
        assert job.task_id.startswith("cgt-") and srv.submissions == 1
        assert job.cost == b.cost(REQ) and job.meta["tokens"] == 108000
        body = srv.bodies[-1]
        roles = {i.get("role"): i for i in body["content"]}
        assert _data(roles["first_frame"]["image_url"]["url"]) == FIRST  # sent as data
        assert _data(roles["last_frame"]["image_url"]["url"]) == LAST
        assert roles[None]["text"].startswith("she turns")
        assert body["duration"] == 4 and body["ratio"] == "9:16" and body["resolution"] == "720p"
        assert body["watermark"] is False and "generate_audio" not in body
        assert "ark" not in str(b.config.values())
        # Again: answered from the ledger, nothing sent.
        again, job2 = _runner(tmp_path).run(b, REQ, "clip sh_1")
        assert again == path and srv.submissions == 1


def test_references_go_alone_and_audio_is_asked_off(tmp_path):
    with FakeSeedance(api_key="ark") as srv:
        lite = _seedance(srv, model="seedance-1-0-lite-i2v-250428")
        refs = (SHEET, FIRST, LAST, SHEET, FIRST)
        # With a first frame the references are left out (the API takes one mode or the other).
        b = lite.body(VideoRequest("x", 1080, 1920, 5, first_frame=FIRST, references=refs))
        assert [i.get("role") for i in b["content"]] == [None, "first_frame"]
        b = lite.body(VideoRequest("x", 1080, 1920, 5, references=refs))
        assert [i.get("role") for i in b["content"]][1:] == ["reference_image"] * 4
        _runner(tmp_path).run(lite, VideoRequest("x", 1080, 1920, 5, references=refs), "refs")
        assert _data(srv.bodies[-1]["content"][1]["image_url"]["url"]) == SHEET
        pro15 = _seedance(srv, model="seedance-1-5-pro-251215")
        assert pro15.body(REQ)["generate_audio"] is False
        assert pro15.body(REQ)["duration"] == 4  # 1.5 pro makes 4-12 s
        loud = _seedance(srv, model="seedance-1-5-pro-251215", audio=True)
        assert loud.body(REQ)["generate_audio"] is True and loud.cost(REQ) == 2 * pro15.cost(REQ)


def test_faults_are_retried_and_refusals_are_clear(tmp_path):
    faults = [Fault("/api/v3/contents/generations/tasks", 429, headers={"Retry-After": "0"},
                    body=b'{"error": {"code": "RateLimitExceeded.EndpointRPMExceeded", '
                         b'"message": "Too many requests", "type": "TooManyRequests"}}',
                    method="POST"),
              Fault("/api/v3/contents/generations/tasks/", 500, method="GET"),
              Fault("/download/", 503)]
    with FakeSeedance(faults, polls_to_finish=2, api_key="ark") as srv:
        b = _seedance(srv)
        path, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1 and not srv.faults
        with pytest.raises(BackendError, match="refused the prompt or picture as unsafe"):
            b.submit(VideoRequest("a forbidden harbour", 9, 16, 5, first_frame=FIRST))
        srv.fail_next = True
        with pytest.raises(BackendError, match="refused as unsafe.*OutputVideoSensitive"):
            _runner(tmp_path / "f").run(b, VideoRequest("y", 9, 16, 5, first_frame=FIRST), "c")
        with pytest.raises(BackendError, match="rejected the credentials"):
            SeedanceVideo(base_url=f"{srv.url}/api/v3", api_key="bad").submit(REQ)
        with pytest.raises(BackendError, match="needs MANJU_ARK_API_KEY"):
            SeedanceVideo(base_url=f"{srv.url}/api/v3", api_key="").submit(REQ)
        with pytest.raises(BackendError, match="cannot be combined|InvalidParameter"):
            # A request built by hand that mixes the modes is refused by the provider.
            b.http.json("POST", f"{srv.url}/api/v3/contents/generations/tasks", {
                "model": "m", "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="},
                     "role": "first_frame"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="},
                     "role": "reference_image"}]})
    with FakeSeedance([Fault("/api/v3/contents/generations/tasks/", 200, body=b"<html>")],
                      api_key="ark") as srv:
        b = _seedance(srv)
        with pytest.raises(BackendError, match="not JSON"):
            b.poll(b.submit(REQ))
    with FakeSeedance([Fault("/api/v3/contents/generations/tasks", 200, body=b'{"ok": 1}',
                             method="POST")], api_key="ark") as srv:
        with pytest.raises(BackendError, match="without a task id"):
            _seedance(srv).submit(REQ)


def test_resume_expired_and_cancelled_tasks(tmp_path, leave_submitted):
    with FakeSeedance(api_key="ark") as srv:
        srv.hold.set()
        b = _seedance(srv)
        runner = _runner(tmp_path)
        task = leave_submitted(runner, b, REQ, "seedance")
        srv.hold.clear()
        _, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1 and job.task_id == task
        # A task Ark forgot (404) and one that timed out are both submitted again.
        t = b.submit(VideoRequest("z", 9, 16, 5, first_frame=FIRST))
        srv.forget()
        st = b.poll(t)
        assert st.state == "expired" and "7 days" in st.error
        srv.expire_next = True
        other = VideoRequest("late", 9, 16, 5, first_frame=FIRST)
        notes: list[str] = []
        runner.notice = notes.append
        _, job2 = runner.run(b, other, "clip")
        assert job2.state == "done" and job2.attempts == 2
        assert any("timed out" in n for n in notes)
        # Cancel: a queued task is cancelled; a running one is left to finish.
        srv.hold.set()
        q = b.submit(VideoRequest("q", 9, 16, 5, first_frame=FIRST))
        b.cancel(q)
        assert srv.cancelled == [q] and b.poll(q).state == "failed"
        r = b.submit(VideoRequest("r", 9, 16, 5, first_frame=FIRST))
        assert b.poll(r).state == "running"
        b.cancel(r)  # Ark answers 409; nothing raised
        assert b.poll(r).state == "running"
