"""Hand-off to editors, checked on the rendered Chinese example: the Jianying/CapCut draft
and the OpenTimelineIO timeline have every shot as a clip, the voices, music and subtitles,
with timings that match the MP4 within one frame."""

from __future__ import annotations

import json
import wave
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import correlate

from manju.doc import io
from manju.export import jianying as J
from manju.export.srt import parse_srt
from manju.testing import audio_samples, video_frames

DOCUMENTED_TOP = {"id", "name", "fps", "duration", "canvas_config", "version", "new_version",
                  "platform", "last_modified_platform", "materials", "tracks", "keyframes",
                  "config", "create_time", "update_time"}


def _mp4(made: Path) -> tuple[int, float, int]:
    """(frames, seconds, fps) of the video as PyAV reads it."""
    import av

    with av.open(str(made / "video.mp4")) as c:
        v = c.streams.video[0]
        frames = sum(1 for _ in c.decode(video=0))
        fps = int(round(float(v.average_rate)))
    return frames, frames / fps, fps


def _wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64) / 32767
        return x.reshape(-1, w.getnchannels()), w.getframerate()


@pytest.fixture(scope="module")
def draft(exported) -> dict:
    return json.loads((exported["draft"] / "draft_content.json").read_text(encoding="utf-8"))


def _tracks(draft: dict, kind: str) -> list[dict]:
    return [t for t in draft["tracks"] if t["type"] == kind]


def test_draft_folder_has_the_files_both_apps_read(exported, draft):
    folder = exported["draft"]
    for name in ("draft_content.json", "draft_info.json", "draft_meta_info.json", "draft_cover.jpg"):
        assert (folder / name).stat().st_size > 0, name
    assert (folder / "draft_info.json").read_bytes() == (folder / "draft_content.json").read_bytes()
    meta = json.loads((folder / "draft_meta_info.json").read_text(encoding="utf-8"))
    assert meta["draft_id"] == draft["id"] and meta["draft_name"] == draft["name"]
    assert meta["tm_duration"] == draft["duration"]
    assert Path(meta["draft_fold_path"]) == folder.resolve()
    assert DOCUMENTED_TOP <= set(draft)
    assert draft["version"] == J.DRAFT_VERSION and draft["new_version"] == J.NEW_VERSION
    assert set(draft["materials"]) == set(J.MATERIAL_KINDS)


def test_draft_has_a_clip_per_shot_voices_music_and_subtitles(made_zh, draft):
    project = io.load(made_zh)
    video, audio, text = _tracks(draft, "video"), _tracks(draft, "audio"), _tracks(draft, "text")
    assert len(video) == 1 and len(video[0]["segments"]) == len(project.shots())
    names = [t["name"] for t in audio]
    assert names == ["voices", "music", "effects"]
    voiced = [ln for ln in project.lines() if ln.audio is not None]
    assert len(audio[0]["segments"]) == len(voiced) == len(draft["materials"]["audios"]) - 2
    srt = parse_srt((made_zh / "subtitles.srt").read_text(encoding="utf-8"))
    assert len(text) == 1 and len(text[0]["segments"]) == len(srt) == len(draft["materials"]["texts"])
    assert [s["material_id"] for s in video[0]["segments"]] == [m["id"] for m in draft["materials"]["videos"]]


def test_every_reference_in_the_draft_resolves(draft):
    mats = draft["materials"]
    by_kind = {"video": {m["id"] for m in mats["videos"]}, "audio": {m["id"] for m in mats["audios"]},
               "text": {m["id"] for m in mats["texts"]}}
    speeds = {m["id"] for m in mats["speeds"]}
    seg_ids = []
    for track in draft["tracks"]:
        ends = []
        for seg in track["segments"]:
            assert seg["material_id"] in by_kind[track["type"]]
            assert all(ref in speeds for ref in seg["extra_material_refs"])
            tr = seg["target_timerange"]
            assert isinstance(tr["start"], int) and isinstance(tr["duration"], int) and tr["duration"] > 0
            ends.append((tr["start"], tr["start"] + tr["duration"]))
            seg_ids.append(seg["id"])
        assert all(a[1] <= b[0] for a, b in pairwise(ends)), f"{track['name']} overlaps"
    assert len(seg_ids) == len(set(seg_ids))
    for m in mats["videos"] + mats["audios"]:
        assert Path(m["path"]).is_file(), m["path"]
        assert Path(m["path"]).is_absolute()


def test_draft_timings_match_the_mp4_within_a_frame(made_zh, draft):
    frames, seconds, fps = _mp4(made_zh)
    frame_us = 1_000_000 / fps
    assert abs(draft["duration"] - seconds * 1e6) <= frame_us
    assert draft["fps"] == fps and draft["canvas_config"]["width"] == 144
    segs = _tracks(draft, "video")[0]["segments"]
    assert segs[0]["target_timerange"]["start"] == 0
    for a, b in pairwise(segs):  # the clips follow each other without gap or overlap
        ta, tb = a["target_timerange"], b["target_timerange"]
        assert ta["start"] + ta["duration"] == tb["start"]
    last = segs[-1]["target_timerange"]
    assert abs(last["start"] + last["duration"] - seconds * 1e6) <= frame_us
    # Each shot starts on the frame of the MP4 where its clip's first picture is.
    starts = [round(s["target_timerange"]["start"] / frame_us) for s in segs]
    mp4 = video_frames(made_zh / "video.mp4", indices=starts)
    clips = sorted(Path(m["path"]) for m in draft["materials"]["videos"])
    for k, (clip, want) in enumerate(zip(clips, mp4, strict=True)):
        first = video_frames(clip, indices=[0])[0]
        assert np.array_equal(first, want), f"shot {k + 1} does not start where the MP4 cuts"
    srt = parse_srt((made_zh / "subtitles.srt").read_text(encoding="utf-8"))
    texts = _tracks(draft, "text")[0]["segments"]
    for (a, b, _), seg in zip(srt, texts, strict=True):
        tr = seg["target_timerange"]
        assert abs(tr["start"] - a * 1e6) <= 1000 and abs(tr["start"] + tr["duration"] - b * 1e6) <= 1000
    contents = [json.loads(m["content"])["text"] for m in draft["materials"]["texts"]]
    assert contents == [t for _, _, t in srt]


def test_voice_clips_sit_where_the_mp4_speaks_them(made_zh, draft):
    mix, sr = audio_samples(made_zh / "video.mp4")
    mono = mix.mean(axis=1)
    audios = {m["id"]: Path(m["path"]) for m in draft["materials"]["audios"]}
    voices = _tracks(draft, "audio")[0]["segments"]
    frame = 1 / 12
    for seg in voices[:8]:
        x, wsr = _wav(audios[seg["material_id"]])
        assert wsr == sr
        x = x[:, 0][: int(1.5 * sr)]
        start = seg["target_timerange"]["start"] / 1e6
        pad = int(0.5 * sr)
        a = max(0, int(start * sr) - pad)
        window = mono[a: int(start * sr) + x.size + pad]
        lag = (np.argmax(correlate(window, x, mode="valid", method="fft")) + a) / sr - start
        assert abs(lag) <= frame, f"voice at {start:.3f}s is {lag:+.3f}s off in the MP4"


def test_portable_draft_points_inside_its_own_folder(made_zh, tmp_path):
    from manju.export.handoff import handoff
    from manju.session import Session

    with Session.open(made_zh) as s:
        folder = handoff(s.project, s.context(), "jianying", tmp_path / "drafts" / "林晚",
                         portable=True)["draft"]
    d = json.loads((folder / "draft_content.json").read_text(encoding="utf-8"))
    for m in d["materials"]["videos"] + d["materials"]["audios"]:
        head, _, rel = m["path"].partition("/")
        assert head == J.PLACEHOLDER and (folder / rel).is_file()
    assert d["name"] == "林晚"


def test_the_same_project_exports_the_same_ids(made_zh, exported):
    from manju.export.media import load_media

    project = io.load(made_zh)
    media = load_media(exported["draft"] / "media")
    a = J.draft_content(project, media, "x", exported["draft"], now=0)
    b = J.draft_content(project, media, "x", exported["draft"], now=0)
    assert a == b and a["create_time"] == 0


def test_otio_loads_back_with_the_same_cut(made_zh, exported, draft):
    import opentimelineio as otio

    tl = otio.adapters.read_from_file(str(exported["otio"]))
    frames, seconds, fps = _mp4(made_zh)
    video = [t for t in tl.tracks if t.kind == otio.schema.TrackKind.Video]
    assert len(video) == 1
    clips = list(video[0].find_clips())
    project = io.load(made_zh)
    assert [c.metadata["manju"]["shot"] for c in clips] == [s.id for s in project.shots()]
    segs = _tracks(draft, "video")[0]["segments"]
    at = 0
    for clip, seg, shot in zip(clips, segs, project.shots(), strict=True):
        r = clip.range_in_parent()
        assert r.start_time.to_frames(fps) == at
        assert r.duration.to_frames(fps) == shot.segment.frames
        tr = seg["target_timerange"]  # the draft has the same cut
        assert abs(r.start_time.to_seconds() * 1e6 - tr["start"]) <= 1
        assert abs(r.duration.to_seconds() * 1e6 - tr["duration"]) <= 1
        path = Path(otio.url_utils.filepath_from_url(clip.media_reference.target_url))
        assert path.is_file()
        at += shot.segment.frames
    assert at == frames
    assert abs(tl.duration().to_seconds() - seconds) <= 1 / fps
    audio = {t.name: t for t in tl.tracks if t.kind == otio.schema.TrackKind.Audio}
    assert set(audio) == {"Voices", "Music", "Effects"}
    voice_clips = list(audio["Voices"].find_clips())
    draft_voices = _tracks(draft, "audio")[0]["segments"]
    assert len(voice_clips) == len(draft_voices)
    for clip, seg in zip(voice_clips, draft_voices, strict=True):
        assert abs(clip.range_in_parent().start_time.to_seconds() * 1e6
                   - seg["target_timerange"]["start"]) <= 1
    srt = parse_srt((made_zh / "subtitles.srt").read_text(encoding="utf-8"))
    markers = list(tl.tracks.markers)
    assert [m.name for m in markers] == [t for _, _, t in srt]
    assert all(abs(m.marked_range.start_time.to_seconds() - a) < 1e-3 for m, (a, _, _) in zip(markers, srt, strict=True))


def test_media_have_stable_names_and_play_at_unity(made_zh, exported):
    media = exported["media"]
    manifest = json.loads((media / "media.json").read_text(encoding="utf-8"))
    project = io.load(made_zh)
    want = [f"shots/s{i:03d}_{s.id}.mp4" for i, s in enumerate(project.shots(), 1)]
    assert [s["clip"] for s in manifest["shots"]] == want
    assert all((media / s["still"]).is_file() for s in manifest["shots"])
    assert {p.name for p in (media / "shots").iterdir()} == {Path(w).name for w in want}
    # Voices, music and effects laid at unity add up to the video's soundtrack.
    mix, sr = audio_samples(made_zh / "video.mp4")
    total = _wav(media / "music.wav")[0] + _wav(media / "effects.wav")[0]
    for v in manifest["voices"]:
        x = _wav(media / v["path"])[0][:, 0]
        s = round(v["start"] * sr)
        total[s: s + x.size] += x[: max(0, total.shape[0] - s), None]
    n = min(total.shape[0], mix.shape[0])
    assert np.corrcoef(total[:n, 0], mix[:n, 0])[0, 1] > 0.97


def test_a_shot_whose_segment_is_gone_is_cut_from_the_video(made_zh, tmp_path):
    from manju.export.media import export_media
    from manju.stages.context import Context

    project = io.load(made_zh)
    shot = project.shots()[2]
    assert shot.segment is not None
    shot.segment.path = ".cache/shots/gone.mp4"
    media = export_media(project, tmp_path / "media", Context.for_output(made_zh))
    s = media.shots[2]
    got = video_frames(s.clip, every=1)
    assert len(got) == s.frames
    want = video_frames(made_zh / "video.mp4", indices=[s.start_frame, s.start_frame + s.frames - 1])
    assert np.abs(got[0].astype(int) - want[0]).mean() < 4
    assert np.abs(got[-1].astype(int) - want[1]).mean() < 4


def test_a_new_export_removes_only_its_own_stale_files(exported, tmp_path):
    from manju.export.media import load_media

    shots = tmp_path / "m" / "shots"
    shots.mkdir(parents=True)
    (shots / "s099_sh_00000000.mp4").write_bytes(b"old")
    (shots / "mine.mp4").write_bytes(b"keep")
    placed = load_media(exported["media"]).placed_in(tmp_path / "m")
    assert not (shots / "s099_sh_00000000.mp4").exists() and (shots / "mine.mp4").exists()
    assert load_media(tmp_path / "m") == placed
