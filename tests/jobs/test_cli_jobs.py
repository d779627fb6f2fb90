"""``manju make --image ...`` on the command line: a kill -9 while a plate is being polled
and a rerun that submits nothing new; --estimate sends nothing; --budget stops a run;
``manju jobs`` lists the ledger."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from manju.backends.comfyui_fake import FakeComfyUI
from manju.backends.image_openai_fake import FakeOpenAIImages
from manju.cli.main import main
from manju.jobs.ledger import read_jobs

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "comfyui" / "plate_img2img.json"


def _story(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text('Mara stood in the kitchen. The rain beat on the window.\n\n'
                 '"You are late," said Elias.\n', encoding="utf-8")
    return p


def _args(story: Path, out: Path, *extra: str) -> list[str]:
    return ["make", str(story), "--out", str(out), "--size", "144x256", "--fps", "6",
            "--tts", "fake", "--quiet", "--workers", "1", "--no-music", *extra]


def test_kill_9_while_polling_then_rerun_submits_nothing_new(tmp_path, monkeypatch):
    story, out = _story(tmp_path), tmp_path / "out"
    with FakeComfyUI() as srv:
        srv.hold.set()  # the job stays running until released
        env = {**os.environ, "MANJU_TTS": "fake", "MANJU_COMFYUI_URL": srv.url}
        cmd = [sys.executable, "-m", "manju.cli.main",
               *_args(story, out, "--image", "comfyui", "--workflow", str(WORKFLOW))]
        proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 300
            while srv.count("GET", "/history") < 2:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the run never polled"
                time.sleep(0.05)
            # The task id was in the ledger before the first poll.
            jobs = read_jobs(out)
            assert len(jobs) == 1 and jobs[0].state == "submitted"
            assert jobs[0].task_id in srv.prompts
            # The first picture asked for is a reference sheet (the refs stage follows the cast).
            assert jobs[0].purpose.startswith("sheet ")
            first = jobs[0].task_id
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        assert srv.submissions == 1
        srv.hold.clear()
        monkeypatch.setenv("MANJU_TTS", "fake")
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        # Rerun without --workflow: the project recorded it.
        assert main(_args(story, out, "--image", "comfyui")) == 0
        # The killed job's task id was polled, not submitted again; every other job once.
        jobs = read_jobs(out)
        assert jobs[0].task_id == first and srv.submissions == len(jobs) > 1
        assert all(j.state == "done" for j in jobs)
        assert (out / "video.mp4").is_file()


def test_estimate_budget_and_jobs_listing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MANJU_TTS", "fake")
    monkeypatch.setenv("MANJU_IMAGE_API_KEY", "sk-test")
    story, out = _story(tmp_path), tmp_path / "out"
    with FakeOpenAIImages(api_key="sk-test") as srv:
        image = ["--image", "openai", "--image-url", srv.base_url]
        assert main(_args(story, out, *image, "--estimate", "--json")) == 0
        est = json.loads(capsys.readouterr().out)
        # One plate, and six reference sheets (three views, three expressions) of the one speaker,
        # all portrait at gpt-image-1's high quality ($0.25).
        sheets = est["sheets"]["to_make"]
        assert est["plates"] == 1 and est["to_make"] == 1 and sheets == 6
        assert est["cost"] == round(0.25 * (1 + sheets), 4)
        assert srv.requests == []  # nothing was sent
        assert main(_args(story, tmp_path / "low", *image, "--image-option", "quality=low",
                          "--estimate", "--json")) == 0
        assert json.loads(capsys.readouterr().out)["cost"] == round(0.016 * (1 + sheets), 4)
        assert main(_args(story, tmp_path / "x", "--image-option", "quality=low")) == 2
        assert "need --image" in capsys.readouterr().err
        assert main(_args(story, out, *image, "--budget", "0.10")) != 0
        assert "budget reached" in capsys.readouterr().err and srv.requests == []
        # The budget counts the whole run: the sheets, then the plate.
        assert main(_args(story, out, *image, "--budget", str(0.25 * sheets))) != 0
        assert "budget reached" in capsys.readouterr().err and srv.generated == sheets
        assert main(_args(story, out, *image, "--budget", "1")) == 0
        assert srv.generated == 1 + sheets and (out / "video.mp4").is_file()
        assert main(_args(story, out, *image, "--estimate", "--json")) == 0
        assert json.loads(capsys.readouterr().out)["cost"] == 0.0  # already made
        assert main(["jobs", str(out), "--json"]) == 0
        listing = json.loads(capsys.readouterr().out)
        assert [j["state"] for j in listing["jobs"]] == ["done"] * (1 + sheets)
        assert listing["spent"] == 0.25 * (1 + sheets)
        assert {j["provider"] for j in listing["jobs"]} == {"openai"}
        assert main(["jobs", str(out)]) == 0
        assert f"{1 + sheets} jobs, {1 + sheets} done" in capsys.readouterr().out
        # Back to manju's own drawings: nothing is asked of the provider.
        assert main(_args(story, out, "--image", "none")) == 0
        assert srv.generated == 1 + sheets
