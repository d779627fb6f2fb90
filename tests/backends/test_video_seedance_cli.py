"""`manju clip --video seedance` end to end against a fake Ark server: the estimate sends
nothing, a run killed with SIGKILL while it polls leaves the task id in the ledger, and the
next run polls that task instead of paying for another."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from manju.backends.video_fake import FakeSeedance
from manju.cli.main import main
from manju.jobs.ledger import read_jobs
from manju.session import Session


def _project(tmp_path: Path) -> Path:
    story = tmp_path / "story.txt"
    story.write_text('Mara stood in the kitchen.\n\n"You are late," said Elias.\n\n'
                     '"The road flooded," Mara replied.\n', encoding="utf-8")
    out = tmp_path / "out"
    with Session.open(out, story, settings={"width": 144, "height": 256, "fps": 6, "music": False},
                      backends={"tts": "fake", "music": "fake"}, workers=1) as s:
        s.make(sheets=False)
    return out


def test_clip_with_seedance_survives_kill_9(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MANJU_TTS", "fake")
    out = _project(tmp_path)
    with FakeSeedance(api_key="ark") as srv:
        env = {**os.environ, "MANJU_TTS": "fake", "MANJU_ARK_BASE_URL": f"{srv.url}/api/v3",
               "MANJU_ARK_API_KEY": "ark"}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        assert main(["clip", str(out), "2", "--video", "seedance", "--estimate", "--json"]) == 0
        est = json.loads(capsys.readouterr().out)
        assert est["backend"] == "video.seedance" and est["clips"] == 1 and est["cost"] > 0
        assert srv.submissions == 0
        srv.hold.set()
        cmd = [sys.executable, "-m", "manju.cli.main", "clip", str(out), "2", "--video",
               "seedance", "--quiet"]
        proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 300
            while srv.count("GET", "/api/v3/contents/generations/tasks/") < 2:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "the run never polled"
                time.sleep(0.05)
            jobs = read_jobs(out)
            assert [(j.kind, j.provider, j.state) for j in jobs] == [
                ("video", "seedance", "submitted")]
            assert jobs[0].task_id.startswith("cgt-")
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        srv.hold.clear()
        assert main(["clip", str(out), "2", "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["clips"] == 1 and got["shots_rendered"] == 1
        assert srv.submissions == 1  # the saved task id was polled; nothing new was paid for
        assert [j.state for j in read_jobs(out)] == ["done"]
        first = next(i for i in srv.bodies[0]["content"] if i.get("role") == "first_frame")
        assert first["image_url"]["url"].startswith("data:image/png;base64,")
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 0 and srv.submissions == 1
