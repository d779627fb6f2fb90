"""The clip stage sends the reference sheets of the characters in each shot: they reach a model
that takes them (made first, through the ledger, when missing), a model that takes none gets
none and says so, a changed sheet makes a new clip and a rerun submits nothing new."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from manju.backends.comfyui_fake import FakeComfyUI
from manju.backends.image_fake import fake_png
from manju.backends.video_fake import FakeHailuo
from manju.cli.main import main
from manju.doc import io
from manju.doc.model import Project
from manju.jobs.ledger import read_jobs
from manju.stages.clip import sheet_slots
from manju.stages.refsheet import sheets

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "comfyui"


def _load(out: Path) -> Project:
    p = io.load(out)
    p.place(out)
    return p


def _shot(p: Project, number: int):
    return p.shots()[number - 1]


def _own_sheets(out: Path, tmp_path: Path, capsys, tag: str = "") -> dict[str, bytes]:
    """Give every character a front view of the user's own: name -> picture."""
    pics = {}
    for ch in _load(out).characters:
        pic = tmp_path / f"{ch.id}{tag}.png"
        pic.write_bytes(fake_png(24, 36, ch.name + tag))
        assert main(["refs", str(out), "-c", ch.id, "--view", "front", "--file", str(pic)]) == 0
        pics[ch.id] = pic.read_bytes()
    capsys.readouterr()
    return pics


def _data(url: str) -> bytes:
    head, _, data = url.partition(",")
    assert head.startswith("data:image/")
    return base64.b64decode(data)


def test_sheet_slots_front_views_first_then_more_while_there_is_room(clip_project):
    p = _load(clip_project)
    shot = _shot(p, 2).model_copy(update={"subjects": [c.id for c in p.characters][:2]})
    a, b = shot.subjects
    assert sheet_slots(p, shot, 0) == [(a, "front"), (b, "front")]
    assert sheet_slots(p, shot, 3) == [(a, "front"), (b, "front"), (a, "three_quarter")]
    assert sheet_slots(p, shot, 9)[-2:] == [(a, "side"), (b, "side")]
    assert sheet_slots(p, shot.model_copy(update={"subjects": ["nobody"]}), 4) == []
    # The sheet of the expression the shot gives a character comes right after the fronts.
    angry = shot.model_copy(update={"expressions": {b: "angry", a: "scared"}})
    assert sheet_slots(p, angry, 4) == [(a, "front"), (b, "front"), (b, "angry"),
                                        (a, "three_quarter")]


def test_references_reach_a_model_that_takes_them(clip_project, tmp_path, monkeypatch, capsys):
    out = clip_project
    pics = _own_sheets(out, tmp_path, capsys)
    first = _shot(_load(out), 2).subjects[0]
    with FakeHailuo() as srv:
        monkeypatch.setenv("MANJU_MINIMAX_BASE_URL", srv.url)
        assert main(["clip", str(out), "2", "--video", "hailuo", "--video-model", "S2V-01",
                     "--json"]) == 0
        cap = capsys.readouterr()
        assert json.loads(cap.out)["clips"] == 1 and srv.references == [1]
        sent = srv.bodies[-1]["subject_reference"][0]["image"][0]
        assert _data(sent) == pics[first]  # the front sheet of the shot's first character
        assert "first frame left out" in cap.err
        p = _load(out)
        scene = p.scene_of_shot(_shot(p, 2).id)
        asset = scene.metadata["clips"][_shot(p, 2).id]
        assert [(r["character"], r["view"]) for r in asset["metadata"]["references"]] == [
            (first, "front")]

        # Again: the same sheets, the same clip; nothing is sent.
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 0 and srv.submissions == 1

        # A new front view changes what the clip was made from: a new clip, a new job.
        mine = _own_sheets(out, tmp_path, capsys, tag="-new")
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 1 and srv.submissions == 2
        assert _data(srv.bodies[-1]["subject_reference"][0]["image"][0]) == mine[first]
        keys = [j.key for j in read_jobs(out) if j.kind == "video"]
        assert len(keys) == len(set(keys)) == 2


def test_a_model_that_takes_none_gets_none(clip_project, tmp_path, monkeypatch, capsys):
    out = clip_project
    _own_sheets(out, tmp_path, capsys)
    n = len(_shot(_load(out), 2).subjects)
    assert n >= 1
    with FakeHailuo() as srv:
        monkeypatch.setenv("MANJU_MINIMAX_BASE_URL", srv.url)
        assert main(["clip", str(out), "2", "--video", "hailuo", "--json"]) == 0
        err = capsys.readouterr().err
        assert f"{n} reference pictures left out (the model takes 0)" in err
        assert srv.references == [0] and "subject_reference" not in srv.bodies[-1]
        # The clip did not depend on the sheets: a new one keeps it.
        _own_sheets(out, tmp_path, capsys, tag="-new")
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 0 and srv.submissions == 1


def _image_workflow(tmp_path: Path) -> Path:
    wf = json.loads((EXAMPLES / "plate_img2img.json").read_text())
    wf["20"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    path = tmp_path / "image_refs.json"
    path.write_text(json.dumps(wf))
    return path


def _video_workflow(tmp_path: Path) -> Path:
    wf = json.loads((EXAMPLES / "clip_wan_i2v.json").read_text())
    wf["70"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    wf["71"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_2}}"}}
    path = tmp_path / "clip_refs.json"
    path.write_text(json.dumps(wf))
    return path


def test_missing_sheets_are_made_first_through_the_ledger(clip_project, tmp_path, monkeypatch,
                                                          capsys):
    from manju.session import Session

    out = clip_project
    with FakeComfyUI() as srv:
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        with Session.open(out, backends={"image": "comfyui"},
                          backend_config={"image": {"workflow": str(_image_workflow(tmp_path))}}
                          ) as s:
            # The hybrid look's plates (the frames the clips start from) and, after the cast,
            # every character's reference sheets.
            s.make(sheets=False)
        p = _load(out)
        shot = _shot(p, 2)
        slots = sheet_slots(p, shot, 2)[:2]
        assert slots and all(v in sheets(p.character(c)) for c, v in slots)
        sheet_jobs = len([j for j in read_jobs(out) if j.purpose.startswith("sheet")])
        assert sheet_jobs == 6 * len([c for c in p.characters if c.look is not None])
        # A project made before the refs stage: the shot's characters have none.
        for cid, _ in slots:
            p.character(cid).refs = {}
        io.save(p, out / "project.json")
        before = srv.submissions
        wf = str(_video_workflow(tmp_path))
        assert main(["clip", str(out), "2", "--video", "comfyui", "--workflow", wf,
                     "--estimate", "--json"]) == 0
        est = json.loads(capsys.readouterr().out)
        assert est["sheets"] == len(slots) and srv.submissions == before
        assert main(["clip", str(out), "2", "--json"]) == 0
        capsys.readouterr()
        p = _load(out)
        made = [(cid, v) for cid, v in slots if v in sheets(p.character(cid))]
        assert made == slots  # the sheets the clip carries were made first
        # ... from the ledger, where they were done: only the clip was sent.
        assert srv.submissions == before + 1
        jobs = read_jobs(out)
        assert len([j for j in jobs if j.purpose.startswith("sheet")]) == sheet_jobs
        clip = next(j for j in srv.prompts.values()
                    if "manju_clip" in json.dumps(j["graph"]))["graph"]
        sent = [srv.uploads[clip[n]["inputs"]["image"]] for n in ("70", "71")]
        want = [p.resolve(sheets(p.character(c))[v].path).read_bytes() for c, v in slots]
        assert sent[: len(want)] == want
        # Again: no sheet and no clip is asked for twice.
        after = srv.submissions
        assert after > before
        assert main(["clip", str(out), "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["clips"] == 0
        assert srv.submissions == after
