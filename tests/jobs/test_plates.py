"""The hybrid look end to end: generated background plates from a fake ComfyUI server, drawn
under vector characters and lettering, cached, ledgered and never paid for twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from manju.backends.comfyui_fake import FakeComfyUI
from manju.jobs.ledger import read_jobs
from manju.jobs.runner import BudgetExceeded
from manju.session import Session
from manju.stages.plate import plate_asset
from manju.stages.render import shot_spec, spec_key

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "comfyui" / "plate_img2img.json"
SMALL = {"width": 144, "height": 256, "fps": 6}


def _story(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text("Mara stood in the kitchen. The rain beat on the window.\n\n"
                 '"You are late," said Elias.\n\n* * *\n\n'
                 "The next morning the harbour was full of boats.\n\n"
                 '"We sail today," Mara said.\n', encoding="utf-8")
    return p


def _open(out: Path, story: Path | None, srv: FakeComfyUI, **cfg) -> Session:
    return Session.open(out, story, settings=SMALL if story else None, workers=1,
                        backends={"tts": "fake", "music": "fake", "image": "comfyui"},
                        backend_config={"image": {"base_url": srv.url, "workflow": str(WORKFLOW),
                                                  "backoff": 0.0, **cfg}})


def test_plates_are_made_once_and_drawn(tmp_path):
    story = _story(tmp_path)
    with FakeComfyUI(polls_to_finish=2) as srv:
        with _open(tmp_path / "out", story, srv) as s:
            report = s.make(sheets=False)
            p = s.project
        settings = {sc.setting.model_dump_json() for sc in p.scenes()}
        # Six reference sheets per character (the refs stage), then one plate per setting.
        refs = 6 * len([c for c in p.characters if c.look is not None])
        assert all(len(c.refs) == 6 for c in p.characters if c.look is not None)
        assert srv.submissions == len(settings) + refs and len(settings) >= 2
        for sc in p.scenes():
            asset = plate_asset(sc)
            assert asset is not None and asset.backend == "image.comfyui"
            assert p.resolve(asset.path).read_bytes().startswith(b"\x89PNG")
            assert asset.config["workflow"] == {"sha256": asset.config["workflow"]["sha256"]}
            spec = shot_spec(p, sc, sc.shots[0])
            assert spec.plate and spec.plate["sha256"] == asset.sha256
        jobs = read_jobs(tmp_path / "out")
        assert [j.state for j in jobs] == ["done"] * (len(settings) + refs)
        # The layout picture (the scene's vector background) went with every plate request.
        plates = [j for j in jobs if j.purpose.startswith("plate")]
        assert len(plates) == len(settings)
        assert all(len(j.params.get("init") or "") == 64 for j in plates)
        assert all(j.task_id and j.provider == "comfyui" for j in jobs)
        assert report.video and Path(report.video).is_file()

        # Again: nothing is submitted, nothing re-rendered.
        with _open(tmp_path / "out", story, srv) as s:
            again = s.make(sheets=False)
        assert srv.submissions == len(settings) + refs and again.shots_rendered == 0

        # Without the image backend the shots are vector shots again, keyed as before.
        with Session.open(tmp_path / "out", story, backends={"image": None}, workers=1) as s:
            s.make(sheets=False)
            p2 = s.project
        sc = p2.scenes()[0]
        vec = shot_spec(p2, sc, sc.shots[0])
        assert vec.plate is None and "plate" not in vec.to_json()


def test_a_changed_plate_changes_the_shot_key(tmp_path):
    story = _story(tmp_path)
    with FakeComfyUI() as srv:
        with _open(tmp_path / "out", story, srv) as s:
            s.make(until="plate")
            p = s.project
        sc = p.scenes()[0]
        key1 = spec_key(shot_spec(p, sc, sc.shots[0]))
        raw = dict(sc.metadata["plate"])
        raw["sha256"] = "0" * 64
        sc.metadata = {**sc.metadata, "plate": raw}
        assert spec_key(shot_spec(p, sc, sc.shots[0])) != key1


def test_budget_stops_before_sending(tmp_path):
    story = _story(tmp_path)
    with FakeComfyUI() as srv:
        with _open(tmp_path / "out", story, srv, cost_per_image=0.25) as s:
            s.make(until="cast")
            refs = 6 * len([c for c in s.project.characters if c.look is not None])
            with pytest.raises(BudgetExceeded, match="budget"):
                s.make(sheets=False, budget=0.25 * (refs + 1) + 0.05)
        # The sheets and the first plate fitted the run's budget, the second plate did not.
        assert srv.submissions == refs + 1
        from manju.stages.plate import estimate

        with _open(tmp_path / "out", story, srv, cost_per_image=0.25) as s:
            est = estimate(s.project, s.backend("image"), s.out_dir)
        assert est["plates"] == 2 and est["to_make"] == 1 and est["cost"] == 0.25


def test_choosing_the_backend_again_keeps_what_is_not_given(tmp_path):
    story = _story(tmp_path)
    with FakeComfyUI() as srv:
        with _open(tmp_path / "out", story, srv) as s:
            wf = s.project.backends["image"].config["workflow"]
            s.save()
        with Session.open(tmp_path / "out", backends={"image": "comfyui"},
                          backend_config={"image": {"base_url": "http://127.0.0.1:1"}}) as s:
            cfg = s.project.backends["image"].config
        assert cfg["workflow"] == wf and cfg["base_url"] == "http://127.0.0.1:1"
        assert cfg["workflow_path"] == str(WORKFLOW)
