"""`manju clip --video veo` end to end against a fake Gemini API: the estimate sends
nothing, a run killed with SIGKILL while it polls leaves the operation name in the ledger, and
the next run polls that operation instead of paying for another."""

from __future__ import annotations

import json
import os

from manju.backends.video_fake import FakeVeo
from manju.cli.main import main
from manju.jobs.ledger import read_jobs

OPERATIONS = "/v1beta/models/veo-3.1-fast-generate-preview/operations/"


def test_clip_with_veo_survives_kill_9(clip_project, kill_while_polling, monkeypatch, capsys):
    out = clip_project
    with FakeVeo(api_key="gk") as srv:
        env = {**os.environ, "MANJU_TTS": "fake", "MANJU_GEMINI_BASE_URL": srv.base_url,
               "MANJU_GEMINI_API_KEY": "gk"}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        assert main(["clip", str(out), "2", "--video", "veo", "--estimate", "--json"]) == 0
        est = json.loads(capsys.readouterr().out)
        assert est["backend"] == "video.veo" and est["clips"] == 1 and est["cost"] > 0
        assert srv.submissions == 0
        srv.hold.set()
        kill_while_polling(out, "veo", env, lambda: srv.count("GET", OPERATIONS) >= 2)
        jobs = read_jobs(out)
        assert [(j.kind, j.provider, j.state) for j in jobs] == [
            ("video", "veo", "submitted")]
        assert jobs[0].task_id.startswith(OPERATIONS.removeprefix("/v1beta/"))
        srv.hold.clear()
        assert main(["clip", str(out), "2", "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["clips"] == 1 and got["shots_rendered"] == 1
        assert srv.submissions == 1  # the saved operation was polled; nothing new was paid for
        assert [j.state for j in read_jobs(out)] == ["done"]
        image = srv.bodies[0]["instances"][0]["image"]
        assert image["mimeType"] == "image/png" and image["bytesBase64Encoded"]
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 0 and srv.submissions == 1
