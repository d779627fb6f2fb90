"""`manju answer`: a narrated title card, then the matching moments with captions."""

from __future__ import annotations

import json

import av
import numpy as np

from manju.audio.loudness import integrated_lufs
from manju.cli.main import main
from manju.testing import audio_samples, video_frames


def test_answer_video(rendered, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MANJU_TTS", "fake")
    out = tmp_path / "answer"
    code = main(["answer", "Mara refuses to leave", "--in", str(rendered), "--out", str(out),
                 "-k", "2", "--size", "144x256", "--fps", "6", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["title"].startswith("Here are two moments where Mara refuses to leave")
    assert len(report["segments"]) == 2
    video = out / "answer.mp4"
    with av.open(str(video)) as c:
        assert c.streams.video and c.streams.audio
        v, a = c.streams.video[0], c.streams.audio[0]
        vdur = float(v.duration * v.time_base)
        adur = float(a.duration * a.time_base)
    assert abs(vdur - report["duration"]) < 0.2 and abs(adur - report["duration"]) < 0.2
    samples, sr = audio_samples(video)
    assert abs(integrated_lufs(samples, sr) + 14.0) <= 1.0
    # the caption band is on screen in the middle of each segment, not on the title card
    fps = 6
    idx = [round((s["start"] + s["end"]) / 2 * fps) for s in report["segments"]]
    frames = video_frames(video, indices=[2, *idx])
    for f, has_caption in zip(frames, [False, True, True], strict=True):
        band = f[-20:].astype(float)
        dark, bright = (band.mean(axis=2) < 40).mean(), (band.min(axis=2) > 200).mean()
        assert (dark > 0.4 and bright > 0.01) == has_caption
    assert (out / "answer.srt").read_text(encoding="utf-8").count("-->") == 3


def test_answer_in_chinese_title(rendered, tmp_path, monkeypatch):
    from manju.search.answer import title_text
    from manju.search.engine import Hit

    hit = Hit(project=str(rendered), title="灯塔", shot="sh_1", number=1, start=0.0, end=1.0,
              line="", speakers=[], score=1.0, lang="zh")
    assert title_text("林晚拒绝离开", [hit, hit, hit]) == "这里有三个关于“林晚拒绝离开”的片段，来自《灯塔》。"


def _stream_durations(video):
    with av.open(str(video)) as c:
        assert c.streams.video and c.streams.audio
        v, a = c.streams.video[0], c.streams.audio[0]
        return float(v.duration * v.time_base), float(a.duration * a.time_base)


def test_answer_with_llm_narration_and_generated_closing_shot(rendered, tmp_path, capsys,
                                                              monkeypatch):
    from manju.backends.fake_openai import FakeOpenAI
    from manju.backends.image_openai_fake import FakeOpenAIImages

    summary = "Mara will not leave the house, not even tonight, whatever Elias says."
    monkeypatch.setenv("MANJU_TTS", "fake")
    monkeypatch.setenv("MANJU_LLM_MODEL", "fake")
    monkeypatch.setenv("MANJU_IMAGE_API_KEY", "sk-test")
    out = tmp_path / "answer"
    with FakeOpenAI(respond=lambda body: {"narration": summary}) as llm, \
            FakeOpenAIImages(api_key="sk-test") as img:
        monkeypatch.setenv("MANJU_LLM_BASE_URL", llm.url)
        argv = ["answer", "Mara refuses to leave", "--in", str(rendered), "--out", str(out),
                "-k", "2", "--size", "144x256", "--fps", "6", "--json", "--llm",
                "--image", "openai", "--image-url", img.base_url]
        assert main(argv) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["title"] == summary and report["narration"] == "llm.openai"
        assert report["notices"] == [] and img.generated == 1
        # the prompt is built from the query and the top moment
        prompt = img.requests[-1].json()["prompt"]
        assert "Mara refuses to leave" in prompt and report["segments"][0]["shot"]
        closing = report["closing"]
        assert closing["start"] == report["segments"][-1]["end"]
        assert closing["caption"].startswith("“Mara refuses to leave” — from ")
        video = out / "answer.mp4"
        vdur, adur = _stream_durations(video)
        assert abs(vdur - report["duration"]) < 0.2 and abs(adur - report["duration"]) < 0.2
        assert abs(closing["end"] - report["duration"]) < 1e-6
        samples, sr = audio_samples(video)
        assert abs(integrated_lufs(samples, sr) + 14.0) <= 1.0
        fps = 6
        first, last = video_frames(video, indices=[round(closing["start"] * fps) + 1,
                                                   round(closing["end"] * fps) - 1])
        band = last[-20:].astype(float)
        assert (band.mean(axis=2) < 40).mean() > 0.4 and (band.min(axis=2) > 200).mean() > 0.01
        assert last[:150].std() > 5  # the generated picture, not a flat card
        assert not np.array_equal(first[40:150], last[40:150])  # the camera moves
        srt = (out / "answer.srt").read_text(encoding="utf-8")
        assert srt.count("-->") == 4 and closing["caption"] in srt
        # a rerun asks the image provider for nothing (the job ledger has the picture)
        assert main(argv) == 0
        again = json.loads(capsys.readouterr().out)
        assert img.generated == 1 and again["closing"]["reused"] is True


def test_answer_falls_back_with_notices(rendered, tmp_path, capsys, monkeypatch):
    from manju.backends.fake_openai import FakeOpenAI
    from manju.backends.image_openai_fake import FakeOpenAIImages, Fault

    monkeypatch.setenv("MANJU_TTS", "fake")
    monkeypatch.setenv("MANJU_LLM_MODEL", "fake")
    monkeypatch.setenv("MANJU_IMAGE_API_KEY", "sk-test")
    out = tmp_path / "answer"
    faults = [Fault("/v1/images", status=400, body=b'{"error": {"message": "bad prompt", '
                                                    b'"type": "invalid_request_error"}}')]
    with FakeOpenAI(respond=lambda body: {"narration": ""}) as llm, \
            FakeOpenAIImages(faults, api_key="sk-test") as img:
        monkeypatch.setenv("MANJU_LLM_BASE_URL", llm.url)
        code = main(["answer", "Mara refuses to leave", "--in", str(rendered), "--out",
                     str(out), "-k", "1", "--size", "144x256", "--fps", "6", "--llm",
                     "--image", "openai", "--image-url", img.base_url])
    assert code == 0
    err = capsys.readouterr().err
    assert "offline template" in err and "no closing shot" in err
    report = json.loads((out / "answer.json").read_text(encoding="utf-8"))
    assert report["title"].startswith("Here is one moment") and report["narration"] == "template"
    assert report["closing"] is None and len(report["notices"]) == 2
