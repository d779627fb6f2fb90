"""``manju make STORY --image comfyui --workflow WF.json`` end to end against the fake ComfyUI
server: the same artefacts as a vector make (video, subtitles, webtoon, comic pages, the
project), with generated backgrounds under manju's own figures and lettering."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import skia

from manju.backends.comfyui_fake import FakeComfyUI
from manju.cli.main import main
from manju.doc import io
from manju.jobs.ledger import read_jobs
from manju.render.shot import still
from manju.stages.plate import plate_asset
from manju.stages.render import shot_spec

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "comfyui" / "plate_img2img.json"
ARTEFACTS = ("video.mp4", "subtitles.srt", "subtitles.vtt", "project.json", "script.fountain",
             "storyboard.png", "cast.png", "comic.pdf", "comic.cbz")


def _args(story: Path, out: Path, *extra: str) -> list[str]:
    return ["make", str(story), "--out", str(out), "--size", "144x256", "--fps", "6",
            "--tts", "fake", "--quiet", "--workers", "1", "--no-music", *extra]


def _files(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_file() and p.name not in ("jobs.sqlite",)
            and not p.name.startswith(".")}


def _pixels(img: skia.Image) -> np.ndarray:
    return np.asarray(img.toarray(colorType=skia.kRGBA_8888_ColorType), dtype=np.int16)


def test_make_with_comfyui_gives_the_vector_artefacts(tmp_path, monkeypatch):
    monkeypatch.setenv("MANJU_TTS", "fake")
    story = tmp_path / "story.txt"
    story.write_text("Mara stood in the kitchen. The rain beat on the window.\n\n"
                     '"You are late," said Elias.\n\n"The road flooded," Mara replied.\n',
                     encoding="utf-8")
    vector, hybrid = tmp_path / "vector", tmp_path / "hybrid"
    assert main(_args(story, vector)) == 0
    wf = tmp_path / "wf.json"
    wf.write_text(WORKFLOW.read_text())
    with FakeComfyUI() as srv:
        monkeypatch.setenv("MANJU_COMFYUI_URL", srv.url)
        assert main(_args(story, hybrid, "--image", "comfyui", "--workflow", str(wf))) == 0
    # The same files, webtoon parts included; and the job ledger besides.
    assert set(ARTEFACTS) <= _files(vector)
    assert _files(hybrid) == _files(vector)
    assert any(n.startswith("webtoon") for n in _files(hybrid))
    assert (hybrid / "jobs.sqlite").is_file() and not (vector / "jobs.sqlite").exists()
    # The same screenplay, storyboard and subtitles: only the pictures differ.
    pv, ph = io.load(vector), io.load(hybrid)
    ph.place(hybrid)
    pv.place(vector)
    assert [s.id for s in ph.shots()] == [s.id for s in pv.shots()]
    assert (hybrid / "subtitles.srt").read_text() == (vector / "subtitles.srt").read_text()
    assert ph.backends["image"].name == "comfyui" and "image" not in pv.backends
    jobs = read_jobs(hybrid)
    assert jobs and all(j.state == "done" for j in jobs)
    assert all(plate_asset(sc) is not None for sc in ph.scenes())
    assert (hybrid / "comic.pdf").read_bytes() != (vector / "comic.pdf").read_bytes()
    # A lettered shot: the generated plate under the figures, manju's balloon on top.
    sc, sh = next((sc, sh) for sc in ph.scenes() for sh in sc.shots if sh.cues)
    spec = shot_spec(ph, sc, sh)
    assert spec.plate is not None
    lettered = _pixels(still(spec))
    bare = _pixels(still(dataclasses.replace(spec, cues=[])))
    drawn = _pixels(still(shot_spec(pv, pv.scene_of_shot(sh.id), pv.shot(sh.id))))
    assert np.abs(lettered - drawn).max() > 60  # another background
    balloon = np.abs(lettered - bare).max(axis=2) > 60
    assert balloon.mean() > 0.01  # the lettering is drawn over the generated picture
    paper = (lettered[..., :3] > 200).all(axis=2) & balloon
    assert paper.sum() > 50  # on a light balloon or caption box, not by the model
