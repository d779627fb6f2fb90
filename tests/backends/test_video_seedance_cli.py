"""`manju clip --video seedance` end to end against a fake Ark server: the estimate sends
nothing, a run killed with SIGKILL while it polls leaves the task id in the ledger, and the
next run polls that task instead of paying for another."""

from __future__ import annotations

import json
import os

from manju.backends.video_fake import FakeSeedance
from manju.cli.main import main
from manju.jobs.ledger import read_jobs


def test_clip_with_seedance_survives_kill_9(clip_project, kill_while_polling, monkeypatch, capsys):
    out = clip_project
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
        kill_while_polling(out, "seedance", env, lambda: srv.count("GET", "/api/v3/contents/generations/tasks/") >= 2)
        jobs = read_jobs(out)
        assert [(j.kind, j.provider, j.state) for j in jobs] == [
            ("video", "seedance", "submitted")]
        assert jobs[0].task_id.startswith("cgt-")
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
