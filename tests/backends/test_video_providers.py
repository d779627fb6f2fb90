"""video.kling and video.hailuo against fake servers: capability tables, first frames sent as
data, polling through the job ledger, resuming a saved task id, refusals and faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.backends.image_fake import fake_png
from manju.backends.protocols import VideoBackend, VideoRequest
from manju.backends.video_common import fit_request
from manju.backends.video_fake import FakeHailuo, FakeKling, Fault
from manju.backends.video_hailuo import HailuoVideo
from manju.backends.video_kling import KlingVideo, jwt_token
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import JobRunner, job_key

FIRST, LAST = fake_png(18, 32, "first"), fake_png(18, 32, "last")
REQ = VideoRequest("she turns to the window, rain outside", 1080, 1920, 3.2,
                   first_frame=FIRST, last_frame=LAST, negative="text")


def _runner(tmp_path: Path) -> JobRunner:
    return JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                     sleep=lambda s: None)


def _kling(srv: FakeKling, **kw) -> KlingVideo:
    return KlingVideo(base_url=srv.url, access_key="ak", secret_key="sk", backoff=0.0, **kw)


def _hailuo(srv: FakeHailuo, **kw) -> HailuoVideo:
    return HailuoVideo(base_url=srv.url, api_key="mm", backoff=0.0, sleep=lambda s: None, **kw)


def test_capability_table_trims_requests():
    caps = {"durations": [5, 10], "first_frame": True, "last_frame": False, "references": 1}
    req = VideoRequest("x", 9, 16, 6.0, first_frame=FIRST, last_frame=LAST,
                       references=(FIRST, LAST), motion=b"clip")
    fitted, notes = fit_request(caps, req)
    assert fitted.duration == 10 and fitted.last_frame is None and fitted.motion is None
    assert fitted.references == (FIRST,) and len(notes) == 4
    assert fit_request(caps, VideoRequest("x", 9, 16, 12.0))[0].duration == 10


def test_kling_image_to_video_through_the_ledger(tmp_path):
    with FakeKling(polls_to_finish=3) as srv:
        b = _kling(srv, mode="pro")
        assert isinstance(b, VideoBackend) and b.capabilities["last_frame"]
        assert _kling(srv).capabilities["last_frame"] is False  # std mode: first frame only
        assert b.cost(REQ) == round(0.098 * 5, 4)
        path, job = _runner(tmp_path).run(b, REQ, "clip sh_1")
        assert path.suffix == ".mp4" and job.kind == "video" and job.state == "done"
        body = srv.bodies[-1]
        import base64

        assert base64.b64decode(body["image"]) == FIRST  # sent as data
        assert base64.b64decode(body["image_tail"]) == LAST
        assert body["duration"] == "5" and body["mode"] == "pro"
        assert "sk" not in str(b.config) and "ak" not in str(b.config.values())


def test_kling_text_to_video_and_refusal(tmp_path):
    with FakeKling() as srv:
        b = _kling(srv)
        b.poll(b.submit(VideoRequest("a harbour", 1080, 1920, 5)))
        assert srv.bodies[-1]["aspect_ratio"] == "9:16"
        with pytest.raises(BackendError, match="refused the prompt or picture as unsafe"):
            b.submit(VideoRequest("a forbidden harbour", 9, 16, 5, first_frame=FIRST))
        with pytest.raises(BackendError, match="rejected the credentials"):
            KlingVideo(base_url=srv.url, access_key="ak", secret_key="wrong").submit(REQ)


def test_jwt_is_hs256_with_issuer():
    import base64
    import json

    head, body, _ = jwt_token("AK", "SK", now=1000).split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    assert claims == {"iss": "AK", "exp": 2800, "nbf": 995}
    assert json.loads(base64.urlsafe_b64decode(head + "=="))["alg"] == "HS256"


def test_resume_a_saved_task_id_and_expired_tasks(tmp_path):
    with FakeKling() as srv:
        srv.hold.set()
        b = _kling(srv)
        runner = _runner(tmp_path)
        key = job_key(b, REQ)
        task = b.submit(REQ)
        # What a killed run leaves behind: the task id in the ledger, state submitted.
        runner.ledger.begin(key, kind="video", provider="kling", model="kling-v2-1",
                            purpose="clip", params={}, cost=0.28)
        runner.ledger.submitted(key, task)
        srv.hold.clear()
        path, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1 and job.task_id == task
        # A task the provider forgot is submitted again, with a notice.
        other = VideoRequest("another", 1080, 1920, 5, first_frame=FIRST)
        key2 = job_key(b, other)
        t2 = b.submit(other)
        runner.ledger.begin(key2, kind="video", provider="kling", model="", purpose="",
                            params={}, cost=0)
        runner.ledger.submitted(key2, t2)
        srv.forget()
        notes: list[str] = []
        runner.notice = notes.append
        _, job2 = runner.run(b, other, "clip")
        assert job2.state == "done" and job2.attempts == 2 and any("no longer knows" in n
                                                                   for n in notes)


def test_hailuo_flow_rate_limit_faults_and_refusal(tmp_path):
    with FakeHailuo([Fault("/v1/query", 503), Fault("/v1/files", 429,
                                                     headers={"Retry-After": "0"})],
                    polls_to_finish=2, api_key="mm") as srv:
        srv.rate_limit_next = 1
        b = _hailuo(srv)
        assert isinstance(b, VideoBackend) and b.cost(REQ) == 0.28  # 768P, 6 s
        path, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and srv.submissions == 1
        body = srv.bodies[-1]
        assert body["first_frame_image"].startswith("data:image/png;base64,")
        assert body["duration"] == 6 and body["last_frame_image"]
        assert _hailuo(srv, model="MiniMax-Hailuo-2.3").capabilities["last_frame"] is False
        with pytest.raises(BackendError, match="sensitive content"):
            b.submit(VideoRequest("forbidden", 9, 16, 6, first_frame=FIRST))
        srv.fail_next = True
        with pytest.raises(BackendError, match="failed"):
            _runner(tmp_path / "f").run(b, VideoRequest("x", 9, 16, 6, first_frame=FIRST), "clip")
        t = b.submit(VideoRequest("y", 9, 16, 6, first_frame=FIRST))
        srv.forget()
        assert b.poll(t).state == "expired"
    with FakeHailuo([Fault("/v1/query", 200, body=b"<html>")]) as srv:
        b = _hailuo(srv)
        with pytest.raises(BackendError, match="not JSON"):
            b.poll(b.submit(REQ))


def test_comfyui_video_workflow(tmp_path):
    import json

    from manju.backends.comfyui_fake import FakeComfyUI
    from manju.backends.comfyui_video import ComfyUIVideo

    wf = Path(__file__).resolve().parents[2] / "examples" / "comfyui" / "clip_wan_i2v.json"
    with FakeComfyUI(polls_to_finish=2) as srv:
        b = ComfyUIVideo(base_url=srv.url, workflow=str(wf), backoff=0.0)
        assert isinstance(b, VideoBackend) and b.capabilities["first_frame"]
        assert b.capabilities["last_frame"] is False and b.cost(REQ) == 0.0
        assert b.frames(3.2) == 53  # 16 fps, 4n+1 frames
        path, job = _runner(tmp_path).run(b, REQ, "clip")
        assert path.suffix == ".mp4" and job.state == "done" and job.kind == "video"
        graph = next(iter(srv.prompts.values()))["graph"]
        assert graph["50"]["inputs"]["length"] == 53 and graph["60"]["inputs"]["fps"] == 16
        assert srv.uploads[graph["52"]["inputs"]["image"]] == FIRST
        assert json.dumps(b.config)  # recordable
        # Chosen without a workflow it can be recorded, but asks for one before sending.
        with pytest.raises(BackendError, match="needs a workflow"):
            ComfyUIVideo(base_url=srv.url).submit(REQ)


def test_wanx_dashscope_flow(tmp_path):
    from manju.backends.video_fake import FakeWanx
    from manju.backends.video_wanx import WanxVideo

    with FakeWanx([Fault("/api/v1/tasks", 429, headers={"Retry-After": "0"},
                         body=b'{"code": "Throttling", "message": "Requests throttling"}')],
                  polls_to_finish=2, api_key="ds") as srv:
        b = WanxVideo(base_url=srv.url, api_key="ds", backoff=0.0)
        assert isinstance(b, VideoBackend) and b.cost(REQ) == 0.1  # 5 s at 480P
        path, job = _runner(tmp_path).run(b, REQ, "clip")
        assert job.state == "done" and path.suffix == ".mp4" and srv.submissions == 1
        body = srv.bodies[-1]
        assert body["input"]["img_url"].startswith("data:image/png;base64,")
        assert body["parameters"]["duration"] == 5 and body["parameters"]["resolution"] == "480P"
        with pytest.raises(BackendError, match="unsafe"):
            b.submit(VideoRequest("forbidden", 9, 16, 5, first_frame=FIRST))
        srv.hold.set()
        t = b.submit(REQ)
        b.cancel(t)
        assert srv.cancelled == [t] and b.poll(t).state == "failed"
        srv.forget()
        assert b.poll(t).state == "expired"
        with pytest.raises(BackendError, match="rejected the credentials"):
            WanxVideo(base_url=srv.url, api_key="bad").submit(REQ)
