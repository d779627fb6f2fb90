"""`manju answer`: a narrated title card, then the matching moments with captions."""

from __future__ import annotations

import json

import av

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
