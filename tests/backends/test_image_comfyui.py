"""image.comfyui against a fake ComfyUI server: placeholders, uploads, polling, faults,
cancelling, and the job ledger around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manju.backends.comfyui import ComfyUIImage, fill_workflow
from manju.backends.comfyui_fake import FakeComfyUI, Fault
from manju.backends.image_fake import fake_png
from manju.backends.protocols import AsyncImageBackend, ImageBackend, ImageRequest
from manju.cache import Cache
from manju.errors import BackendError
from manju.jobs.ledger import Ledger
from manju.jobs.runner import BudgetExceeded, JobRunner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "comfyui"


def _wf(name: str = "plate_img2img") -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def _backend(srv: FakeComfyUI, name: str = "plate_img2img", **kw) -> ComfyUIImage:
    return ComfyUIImage(base_url=srv.url, workflow=_wf(name), backoff=0.0, **kw)


def _runner(tmp_path: Path, **kw) -> JobRunner:
    return JobRunner(Ledger.for_project(tmp_path), Cache(tmp_path / ".cache"), tmp_path,
                     sleep=lambda s: None, **kw)


REQ = ImageRequest("a quiet harbour at dusk", 96, 160, seed=7, negative="text, people",
                   init=fake_png(96, 160, "layout"), strength=0.55)


def test_fill_workflow_types_and_text():
    wf = {"1": {"class_type": "X", "inputs": {"seed": "{{seed}}", "text": "a {{prompt}}!",
                                             "pair": ["{{ width }}", 2]}}}
    out = fill_workflow(wf, {"seed": 5, "prompt": "cat", "width": 64})
    assert out["1"]["inputs"] == {"seed": 5, "text": "a cat!", "pair": [64, 2]}
    with pytest.raises(BackendError, match="init_image"):
        fill_workflow({"1": {"class_type": "X", "inputs": {"i": "{{init_image}}"}}}, {"seed": 1})


def test_protocols_and_capabilities():
    with FakeComfyUI() as srv:
        b = _backend(srv)
        assert isinstance(b, ImageBackend) and isinstance(b, AsyncImageBackend)
        assert b.capabilities["init"] is True and b.capabilities["references"] == 0
        assert _backend(srv, "plate_txt2img").capabilities["init"] is False
        assert b.cost(REQ) == 0.0
        # A long job on a slow local GPU is not a failure: the deadline grows with the size.
        big = ImageRequest("x", 2048, 2048)
        assert b.deadline(big) > b.deadline(ImageRequest("x", 512, 512)) >= 600


def test_bad_workflows_are_clear(tmp_path):
    ui = tmp_path / "ui.json"
    ui.write_text(json.dumps({"nodes": [], "links": []}))
    with pytest.raises(BackendError, match="Export \\(API\\)"):
        ComfyUIImage(workflow=ui)
    nop = tmp_path / "noprompt.json"
    nop.write_text(json.dumps({"1": {"class_type": "SaveImage", "inputs": {}}}))
    with pytest.raises(BackendError, match="prompt"):
        ComfyUIImage(workflow=nop)
    with pytest.raises(BackendError, match="cannot read"):
        ComfyUIImage(workflow=tmp_path / "missing.json")


def test_generate_uploads_init_and_fills_placeholders():
    with FakeComfyUI(polls_to_finish=3) as srv:
        res = _backend(srv).generate(REQ)
        assert res.png.startswith(b"\x89PNG")
        assert srv.submissions == 1 and srv.count("POST", "/upload/image") == 1
        graph = next(iter(srv.prompts.values()))["graph"]
        assert graph["6"]["inputs"]["text"] == "a quiet harbour at dusk"
        assert graph["3"]["inputs"]["seed"] == 7 and graph["3"]["inputs"]["denoise"] == 0.55
        assert graph["10"]["inputs"]["image"] in srv.uploads
        assert srv.uploads[graph["10"]["inputs"]["image"]] == REQ.init
        assert res.metadata["node"] == "9"


def test_faults_retry_after_5xx_and_malformed(tmp_path):
    faults = [Fault("/prompt", 429, headers={"Retry-After": "0"}),
              Fault("/history", 503), Fault("/upload/image", 502)]
    with FakeComfyUI(faults, polls_to_finish=2) as srv:
        path, job = _runner(tmp_path).run(_backend(srv), REQ, "plate")
        assert path.read_bytes().startswith(b"\x89PNG") and job.state == "done"
        # The 429 answer queued nothing; the retry queued the one prompt.
        assert srv.submissions == 2 and len(srv.prompts) == 1
    with FakeComfyUI([Fault("/history", 200, body=b"<html>oops")]) as srv:
        runner = _runner(tmp_path / "b")
        with pytest.raises(BackendError, match="not JSON"):
            runner.run(_backend(srv), REQ, "plate")
        # The task id was kept: the next run polls it and submits nothing new.
        job = runner.ledger.jobs()[0]
        assert job.state == "submitted" and job.task_id
        path, job = _runner(tmp_path / "b").run(_backend(srv), REQ, "plate")
        assert job.state == "done" and srv.submissions == 1


def test_refused_workflow_and_execution_error(tmp_path):
    with FakeComfyUI() as srv:
        wf = _wf()
        wf["10"]["inputs"]["image"] = "not_uploaded.png"
        b = ComfyUIImage(base_url=srv.url, workflow=wf, backoff=0.0)
        with pytest.raises(BackendError, match="Invalid image file"):
            _runner(tmp_path).run(b, REQ, "plate")
        srv.fail_execution = True
        runner = _runner(tmp_path / "e")
        with pytest.raises(BackendError, match="CUDA out of memory"):
            runner.run(_backend(srv), REQ, "plate")
        assert runner.ledger.jobs()[0].state == "failed"


def test_expired_prompt_is_submitted_again(tmp_path):
    with FakeComfyUI() as srv:
        srv.hold.set()
        b = _backend(srv)
        runner = _runner(tmp_path)
        task = b.submit(REQ)
        key = "k"
        runner.ledger.begin(key, kind="image", provider="comfyui", model="", purpose="",
                            params={}, cost=0)
        runner.ledger.submitted(key, task)
        srv.forget()  # the server restarted and lost the prompt
        assert b.poll(task).state == "expired"
        srv.hold.clear()
        notes: list[str] = []
        runner.notice = notes.append
        path, job = runner.run(b, REQ, "plate")
        assert job.state == "done" and srv.submissions == 2
        assert not any("expired" in n for n in notes)  # a different key: this was a fresh job


def test_expired_task_in_ledger_resubmits_with_notice(tmp_path):
    with FakeComfyUI() as srv:
        srv.hold.set()
        b = _backend(srv)
        runner = _runner(tmp_path)
        from manju.jobs.runner import job_key

        key = job_key(b, REQ)
        task = b.submit(REQ)
        runner.ledger.begin(key, kind="image", provider="comfyui", model="", purpose="plate",
                            params={}, cost=0)
        runner.ledger.submitted(key, task)
        srv.forget()
        srv.hold.clear()
        notes: list[str] = []
        runner.notice = notes.append
        path, job = runner.run(b, REQ, "plate")
        assert job.state == "done" and job.attempts == 2 and srv.submissions == 2
        assert any("no longer knows" in n for n in notes)


def test_timeout_cancels_running_job(tmp_path):
    with FakeComfyUI() as srv:
        srv.hold.set()
        b = _backend(srv, min_seconds=0.0, seconds_per_megapixel=0.0)
        ticks = iter(range(1, 10_000))
        runner = _runner(tmp_path, clock=lambda: float(next(ticks)))
        with pytest.raises(BackendError, match="cancelled"):
            runner.run(b, REQ, "plate")
        assert srv.interrupted and runner.ledger.jobs()[0].state == "failed"


def test_finished_job_is_never_requested_twice_and_budget(tmp_path):
    with FakeComfyUI() as srv:
        b = _backend(srv, cost_per_image=0.5)
        p1, _ = _runner(tmp_path, budget=1.0).run(b, REQ, "plate")
        p2, job = _runner(tmp_path, budget=0.0).run(b, REQ, "plate")  # done: costs nothing
        assert p1 == p2 and srv.submissions == 1 and job.cost == 0.5
        other = ImageRequest("another place", 96, 160, seed=1)
        with pytest.raises(BudgetExceeded, match="budget"):
            _runner(tmp_path, budget=0.4).run(b, other, "plate")
        assert srv.submissions == 1


def test_default_workflow_is_the_shipped_example(monkeypatch):
    monkeypatch.delenv("MANJU_COMFYUI_WORKFLOW", raising=False)
    assert ComfyUIImage().workflow == _wf("plate_txt2img")
