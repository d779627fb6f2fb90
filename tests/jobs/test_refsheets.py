"""Reference sheets: three views per character made through the ledger (the front view sent
as a reference with the others), never made twice, and replaceable by the user's own picture."""

from __future__ import annotations

import json
from pathlib import Path

from manju.backends.comfyui_fake import FakeComfyUI
from manju.backends.image_fake import fake_png
from manju.cli.main import main
from manju.doc import io
from manju.session import Session
from manju.stages.refsheet import describe, sheets

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "comfyui"


def _workflow(tmp_path: Path) -> Path:
    wf = json.loads((EXAMPLES / "plate_img2img.json").read_text())
    wf["20"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    p = tmp_path / "wf_refs.json"
    p.write_text(json.dumps(wf))
    return p


def test_reference_sheets(tmp_path, monkeypatch, capsys):
    story = tmp_path / "story.txt"
    story.write_text('"You are late," said Elias.\n\n"The road flooded," Mara replied.\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    with FakeComfyUI() as srv:
        with Session.open(out, story, backends={"tts": "fake", "image": "comfyui"},
                          backend_config={"image": {"base_url": srv.url,
                                                    "workflow": str(_workflow(tmp_path))}}) as s:
            s.make(until="cast")
            names = [c.name for c in s.project.characters]
        assert main(["refs", str(out), "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert set(got["sheets"]) == set(names) and got["made"] == 3 * len(names)
        assert srv.submissions == 3 * len(names)
        p = io.load(out)
        p.place(out)
        ch = p.characters[0]
        views = sheets(ch)
        assert set(views) == {"front", "three_quarter", "side"}
        assert all(p.resolve(a.path).read_bytes().startswith(b"\x89PNG") for a in views.values())
        front = p.resolve(views["front"].path).read_bytes()
        # The side view was asked for with the finished front view as its reference.
        side = next(j for j in srv.prompts.values()
                    if "side view" in j["graph"]["6"]["inputs"]["text"]
                    and ch.name in j["graph"]["6"]["inputs"]["text"])
        assert srv.uploads[side["graph"]["20"]["inputs"]["image"]] == front
        assert "hair" in describe(ch) and views["side"].backend == "image.comfyui"

        # Again: everything is kept, nothing is sent.
        assert main(["refs", str(out)]) == 0
        assert srv.submissions == 3 * len(names)

        # The user's own front view replaces the generated one and is never regenerated.
        own = tmp_path / "own.png"
        own.write_bytes(fake_png(20, 30, "mine"))
        assert main(["refs", str(out), "-c", ch.name, "--view", "front", "--file", str(own)]) == 0
        assert main(["refs", str(out), "-c", ch.name, "--view", "front"]) == 0
        p = io.load(out)
        p.place(out)
        mine = sheets(p.character(ch.id))["front"]
        assert mine.backend == "user" and p.resolve(mine.path).read_bytes() == own.read_bytes()
        assert srv.submissions == 3 * len(names)
