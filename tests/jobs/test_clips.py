"""manju clip: a shot becomes a generated clip (through the ledger, first frame sent as data),
is lettered by manju and re-rendered alone; nothing is paid twice; a changed shot drops its
clip until a new one is made."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from manju.backends.video_fake import FakeHailuo
from manju.cli.main import main
from manju.doc import io
from manju.jobs.ledger import read_jobs
from manju.stages.render import shot_spec


def test_clip_a_shot(clip_project, monkeypatch, capsys):
    out = clip_project
    with FakeHailuo(polls_to_finish=2) as srv:
        monkeypatch.setenv("MANJU_MINIMAX_BASE_URL", srv.url)
        assert main(["clip", str(out), "2", "--video", "hailuo", "--estimate", "--json"]) == 0
        est = json.loads(capsys.readouterr().out)
        assert est == {"backend": "video.hailuo", "clips": 1, "cost": 0.28,
                       "shots": est["shots"]} and srv.submissions == 0
        assert main(["clip", str(out), "2", "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["clips"] == 1 and got["shots_rendered"] == 1 and srv.submissions == 1
        first = srv.bodies[-1]["first_frame_image"].split(",", 1)[1]
        assert base64.b64decode(first).startswith(b"\x89PNG")  # the first frame, as data
        jobs = read_jobs(out)
        assert [(j.kind, j.provider, j.state) for j in jobs] == [("video", "hailuo", "done")]
        p = io.load(out)
        p.place(out)
        sid = est["shots"][0]
        scene = p.scene_of_shot(sid)
        spec = shot_spec(p, scene, p.shot(sid))
        assert spec.clip and spec.clip["sha256"] == jobs[0].sha256
        assert spec.cues  # the lettering is still manju's, drawn over the clip

        # Again: nothing sent, nothing rendered.
        assert main(["clip", str(out), "2", "--json"]) == 0
        again = json.loads(capsys.readouterr().out)
        assert again["clips"] == 0 and again["shots_rendered"] == 0 and srv.submissions == 1

        # A new framing changes the first frame: the clip no longer fits.
        assert main(["shot", str(out), "2", "--framing", "wide"]) == 0
        capsys.readouterr()
        p = io.load(out)
        p.place(out)
        sh = p.shot(sid)
        assert shot_spec(p, p.scene_of_shot(sid), sh).clip is None

        # Dropping the video backend draws every shot again.
        assert main(["clip", str(out), "2", "--video", "none"]) == 0
        assert srv.submissions == 1


def test_clip_with_a_comfyui_video_workflow(clip_project, monkeypatch, capsys):
    from manju.backends.comfyui_fake import FakeComfyUI

    out = clip_project
    wf = Path(__file__).resolve().parents[2] / "examples" / "comfyui" / "clip_wan_i2v.json"
    with FakeComfyUI() as srv:
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        assert main(["clip", str(out), "1", "--video", "comfyui", "--workflow", str(wf),
                     "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["clips"] == 1 and got["shots_rendered"] == 1 and srv.submissions == 1
        p = io.load(out)
        assert p.backends["video"].name == "comfyui"
        assert [j.kind for j in read_jobs(out)] == ["video"]


def test_kill_9_while_a_clip_is_polled(clip_project, kill_while_polling, monkeypatch):
    import os

    from manju.backends.video_fake import FakeKling

    out = clip_project
    with FakeKling() as srv:
        srv.hold.set()
        env = {**os.environ, "MANJU_TTS": "fake", "MANJU_KLING_BASE_URL": srv.url,
               "MANJU_KLING_ACCESS_KEY": "ak", "MANJU_KLING_SECRET_KEY": "sk"}
        kill_while_polling(out, "kling", env,
                           lambda: srv.count("GET", "/v1/videos/image2video/") >= 2)
        jobs = read_jobs(out)
        assert [(j.kind, j.state) for j in jobs] == [("video", "submitted")]
        srv.hold.clear()
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        assert main(["clip", str(out), "2", "--quiet"]) == 0
        assert srv.submissions == 1  # the saved task id was polled; nothing new was paid for
        assert [j.state for j in read_jobs(out)] == ["done"]
