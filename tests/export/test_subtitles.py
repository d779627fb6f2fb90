"""WebVTT and ASS subtitles: cue for cue the SRT's, readable by FFmpeg's own parsers, and
text that looks like markup stays text."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from manju.doc import io
from manju.doc.model import Character, Project
from manju.export import subtitles as S
from manju.export.srt import parse_srt
from manju.export.timeline import TimedLine, Timeline

NASTY = '{\\b1}<script>alert("x")</script> & \\N {\\pos(1,2)} -->\n第二行  \n\n末}{'


def _ffmpeg_cues(path: Path) -> list[tuple[float, float]]:
    with av.open(str(path)) as c:
        s = c.streams.subtitles[0]
        return [(round(float(p.pts * s.time_base), 3), round(float((p.pts + p.duration) * s.time_base), 3))
                for p in c.demux(s) if p.pts is not None]


def test_vtt_and_ass_agree_with_the_srt(made_zh, exported):
    srt = parse_srt((made_zh / "subtitles.srt").read_text(encoding="utf-8"))
    vtt = S.parse_vtt(exported["vtt"].read_text(encoding="utf-8"))
    ass = S.parse_ass(exported["ass"].read_text(encoding="utf-8-sig"))
    assert len(srt) == len(vtt) == len(ass) > 10
    for (a, b, t), (va, vb, vt), (aa, ab, at) in zip(srt, vtt, ass, strict=True):
        assert (va, vb, vt) == (a, b, t)
        assert abs(aa - a) <= 0.005 + 1e-9 and abs(ab - b) <= 0.005 + 1e-9 and at == t
    for kind in ("srt", "vtt", "ass"):  # manju make wrote the same three beside the video
        assert exported[kind].read_bytes() == (made_zh / f"subtitles.{kind}").read_bytes()
    # FFmpeg's demuxers read the same times from all three files.
    times = [_ffmpeg_cues(exported[k]) for k in ("srt", "vtt", "ass")]
    assert times[0] == times[1] == [(a, b) for a, b, _ in srt]
    assert all(abs(x[0] - y[0]) <= 0.01 and abs(x[1] - y[1]) <= 0.01 for x, y in zip(times[0], times[2], strict=True))


def test_ass_is_styled_for_the_frame_with_a_cjk_font(made_zh, exported):
    text = exported["ass"].read_text(encoding="utf-8")
    assert text.startswith("\ufeff[Script Info]")
    assert "PlayResX: 144" in text and "PlayResY: 256" in text
    styles = [r for r in text.splitlines() if r.startswith("Style:")]
    assert [s.split(",")[0] for s in styles] == ["Style: Dialogue", "Style: Narration"]
    assert all(s.split(",")[1] == S.ASS_FONT and s.isascii() for s in styles)
    project = io.load(made_zh)
    names = {c.name for c in project.characters}
    speakers = {r.split(",")[4] for r in text.splitlines() if r.startswith("Dialogue:")}
    assert speakers - {""} <= names and speakers - {""}


def _project_with(text: str, name: str) -> tuple[Project, Timeline]:
    project = Project(lang="zh", title="a{b}\\c", characters=[Character(id="ch_1", name=name)])
    lines = [TimedLine("l_1", "dialogue", "ch_1", text, 0.5, 2.25),
             TimedLine("l_2", "narration", None, text, 3.0, 4.0)]
    return project, Timeline(fps=12, shots=[], lines=lines, scenes=[])


def test_markup_in_the_text_stays_text(tmp_path):
    project, tl = _project_with(NASTY, "A{,}<b>\\N")
    clean = S.clean_text(NASTY)
    assert clean == '{\\b1}<script>alert("x")</script> & \\N {\\pos(1,2)} -->\n第二行\n末}{'
    want = [f"A{{,}}<b>\\N：{clean}", clean]

    vtt = S.to_vtt(project, tl)
    assert "<script" not in vtt and "<b>" not in vtt and "-->\n第二行" not in vtt
    assert [t for _, _, t in S.parse_vtt(vtt)] == want
    assert all(ln.count("-->") == 1 for ln in vtt.splitlines() if "-->" in ln and "&gt;" not in ln)

    ass = S.to_ass(project, tl)
    events = [r for r in ass.splitlines() if r.startswith("Dialogue:")]
    assert len(events) == 2  # the line break inside a cue did not start a new row
    for row in events:
        body = row.split(",", 9)[9]
        # every brace is escaped, so no override block can open, and no \N came from the text
        assert body.count("{") == body.count("\\{") and body.count("}") == body.count("\\}")
        assert body.count("\\N") == 2
    assert events[0].split(",")[4] == "A{ }<b>\\N"  # the Name field holds no comma
    assert [t for _, _, t in S.parse_ass(ass)] == want
    assert "Title: a{b}\\c" in ass

    # FFmpeg's parsers read each file as two cues with the text intact.
    for kind, data in (("vtt", vtt), ("ass", ass)):
        p = tmp_path / f"nasty.{kind}"
        p.write_text(data, encoding="utf-8")
        assert _ffmpeg_cues(p) == [(0.5, 2.25), (3.0, 4.0)]


def test_jianying_text_items_keep_text_as_text():
    from manju.export import jianying as J

    text = 'A：{"styles": []}\n<script>😀'
    mat = J._text_material(J._Ids("t"), "l_1", text)
    content = json.loads(mat["content"])
    assert content["text"] == text
    assert content["styles"][0]["range"] == [0, len(text) + 1]  # the emoji is two UTF-16 units


@pytest.mark.parametrize("t,vtt,ass", [(0.0, "00:00:00.000", "0:00:00.00"),
                                       (3723.456, "01:02:03.456", "1:02:03.46"),
                                       (59.9999, "00:01:00.000", "0:01:00.00")])
def test_timestamps(t, vtt, ass):
    assert S._vtt_ts(t) == vtt and S._ass_ts(t) == ass
