"""Reference sheets: made after the cast whenever an image backend is chosen (three views and
three expressions per character, through the ledger, the front view sent as a reference with
the others), kept as typed assets of the character, never made twice, and replaceable by the
user's own picture, which is never regenerated."""

from __future__ import annotations

import json
from pathlib import Path

from manju.backends.comfyui_fake import FakeComfyUI
from manju.backends.image_fake import fake_png
from manju.cli.main import main
from manju.doc import io
from manju.jobs.ledger import read_jobs
from manju.stages.refsheet import EXPRESSIONS, SHEETS, VIEWS, describe, sheets

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "comfyui"


def _workflow(tmp_path: Path) -> Path:
    wf = json.loads((EXAMPLES / "plate_img2img.json").read_text())
    wf["20"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    p = tmp_path / "wf_refs.json"
    p.write_text(json.dumps(wf))
    return p


def _args(story: Path, out: Path, *extra: str) -> list[str]:
    return ["make", str(story), "--out", str(out), "--size", "144x256", "--fps", "6",
            "--tts", "fake", "--quiet", "--workers", "1", "--no-music", *extra]


def test_reference_sheets(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MANJU_TTS", "fake")
    story = tmp_path / "story.txt"
    story.write_text('"You are late," said Elias.\n\n"The road flooded," Mara replied.\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    with FakeComfyUI() as srv:
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        image = ["--image", "comfyui", "--workflow", str(_workflow(tmp_path))]
        assert main(_args(story, out, *image, "--estimate", "--json")) == 0
        est = json.loads(capsys.readouterr().out)
        assert srv.submissions == 0
        assert main(_args(story, out, *image)) == 0
        p = io.load(out)
        p.place(out)
        names = [c.name for c in p.characters]
        assert est["sheets"]["to_make"] == len(SHEETS) * len(names)
        sheet_jobs = [j for j in read_jobs(out) if j.purpose.startswith("sheet ")]
        assert len(sheet_jobs) == len(SHEETS) * len(names)
        ch = p.characters[0]
        views = sheets(ch)
        assert set(views) == set(VIEWS) | set(EXPRESSIONS) and ch.refs == views
        assert "reference_sheets" not in ch.metadata
        assert all(p.resolve(a.path).read_bytes().startswith(b"\x89PNG") for a in views.values())
        front = p.resolve(views["front"].path).read_bytes()
        # The side view and the angry face were asked for with the finished front view as
        # their reference.
        for words in ("side view", "angry expression"):
            job = next(j for j in srv.prompts.values()
                       if words in j["graph"]["6"]["inputs"]["text"]
                       and ch.name in j["graph"]["6"]["inputs"]["text"])
            assert srv.uploads[job["graph"]["20"]["inputs"]["image"]] == front
        assert "hair" in describe(ch) and views["side"].backend == "image.comfyui"
        made = srv.submissions

        # Again, and through manju refs: everything is kept, nothing is sent.
        assert main(_args(story, out)) == 0
        assert main(["refs", str(out), "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        assert set(got["sheets"]) == set(names) and got["made"] == 0
        assert srv.submissions == made

        # The user's own front view replaces the generated one and is never regenerated.
        own = tmp_path / "own.png"
        own.write_bytes(fake_png(20, 30, "mine"))
        assert main(["refs", str(out), ch.name, "--file", str(own)]) == 0
        assert main(["refs", str(out), "-c", ch.name, "--view", "front"]) == 0
        assert main(_args(story, out)) == 0
        p = io.load(out)
        p.place(out)
        mine = sheets(p.character(ch.id))["front"]
        assert mine.backend == "user" and p.resolve(mine.path).read_bytes() == own.read_bytes()
        assert srv.submissions == made
        # The picture was an edit: undo gives the generated sheet back, redo the user's.
        assert main(["undo", str(out)]) == 0
        assert io.load(out).character(ch.id).refs["front"] == views["front"]
        assert main(["redo", str(out)]) == 0
        assert io.load(out).character(ch.id).refs["front"].backend == "user"
        # An expression of one's own, too.
        assert main(["refs", str(out), "-c", ch.name, "--view", "happy", "--file", str(own)]) == 0
        assert io.load(out).character(ch.id).refs["happy"].backend == "user"
        assert main(["refs", str(out), "--file", str(own)]) == 2  # whose?
        assert "exactly one character" in capsys.readouterr().err


def test_without_an_image_backend_no_sheets_are_made(tmp_path, monkeypatch):
    monkeypatch.setenv("MANJU_TTS", "fake")
    story = tmp_path / "story.txt"
    story.write_text('"You are late," said Elias.\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(_args(story, out)) == 0
    p = io.load(out)
    assert p.characters and all(c.refs == {} for c in p.characters)
    assert "refs" not in p.stages_done and not (out / "jobs.sqlite").exists()
