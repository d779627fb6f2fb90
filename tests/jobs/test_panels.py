"""The generated look: every shot drawn by the image backend from manju's own frame (and the
reference sheets), best of N by a face check, lettered by manju, never paid twice."""

from __future__ import annotations

import json
from pathlib import Path

from manju.backends.comfyui_fake import FakeComfyUI
from manju.cli.main import main
from manju.doc import io
from manju.jobs.ledger import read_jobs
from manju.stages.panel import look, panel_asset
from manju.stages.render import shot_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "comfyui"


def _workflow(tmp_path: Path) -> Path:
    wf = json.loads((EXAMPLES / "plate_img2img.json").read_text())
    wf["20"] = {"class_type": "LoadImage", "inputs": {"image": "{{reference_1}}"}}
    p = tmp_path / "wf.json"
    p.write_text(json.dumps(wf))
    return p


def test_generated_look_best_of_two(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MANJU_TTS", "fake")
    story = tmp_path / "story.txt"
    story.write_text('Mara stood in the kitchen.\n\n"You are late," said Elias.\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    args = ["make", str(story), "--out", str(out), "--size", "144x256", "--fps", "6",
            "--tts", "fake", "--quiet", "--workers", "1", "--no-music"]
    with FakeComfyUI() as srv:
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        image = ["--image", "comfyui", "--workflow", str(_workflow(tmp_path))]
        assert main([*args, *image, "--look", "generated", "--best-of", "2", "--estimate",
                     "--json"]) == 0
        est = json.loads(capsys.readouterr().out)
        assert est["panels"]["best_of"] == 2 and srv.submissions == 0
        assert main([*args, *image, "--look", "generated", "--best-of", "2"]) == 0
        p = io.load(out)
        p.place(out)
        assert look(p) == "generated"
        shots = p.shots()
        plates = len({sc.setting.model_dump_json() for sc in p.scenes()})
        # Six reference sheets per character are made after the cast, then two candidates a shot.
        refs = 6 * len(p.characters)
        assert all(len(c.refs) == 6 for c in p.characters)
        assert srv.submissions == plates + refs + 2 * len(shots)
        assert est["sheets"]["to_make"] == refs
        for sc in p.scenes():
            for sh in sc.shots:
                asset = panel_asset(sc, sh.id)
                assert asset is not None and asset.metadata["best_of"] == 2
                spec = shot_spec(p, sc, sh)
                assert spec.panel and spec.panel["sha256"] == asset.sha256 and spec.cues
                if sh.subjects:
                    assert isinstance(asset.metadata["score"], float)
        assert all(j.state == "done" for j in read_jobs(out))

        # Again, without the flags: the look is recorded, nothing is sent or rendered.
        assert main([*args, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["shots_rendered"] == 0
        assert srv.submissions == plates + refs + 2 * len(shots)
        assert all(panel_asset(sc, sh.id).metadata["references"] == 1
                   for sc in p.scenes() for sh in sc.shots if sh.subjects)
        # The shots' requests carried the front sheets that were made first.
        front = p.resolve(p.characters[0].refs["front"].path)
        assert front.read_bytes() in srv.uploads.values()

        # Asking for the sheets again makes nothing, and changes no shot.
        assert main(["refs", str(out), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["made"] == 0
        before = srv.submissions
        assert before == plates + refs + 2 * len(shots)
        assert main(args) == 0
        assert srv.submissions == before

        # Back to the hybrid look: the drawn figures return, nothing is sent.
        n = srv.submissions
        assert main([*args, "--look", "hybrid"]) == 0
        p = io.load(out)
        p.place(out)
        sc = p.scenes()[0]
        assert shot_spec(p, sc, sc.shots[0]).panel is None and srv.submissions == n
