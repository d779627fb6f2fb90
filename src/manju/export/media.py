"""Per-shot media for editors: every shot as its own clip and still, every voiced line as a
WAV, and the music and effects beds as whole-length WAVs, under stable names.

Names come from the shot's or line's number in story order and its id
(``shots/s003_sh_9b1e77d0.mp4``, ``voices/v005_l_2c4a7e10.wav``), so a file is easy to find in
a media bin and the same project always gives the same names. The audio files are stems of
the video's own mix: voices, music (set under the voices and ducked where they speak, as in
the video) and effects carry one common gain that brings their sum to the video's loudness,
so an editor who lays them at unity hears what the MP4 plays (before its peak limiter).
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from manju.cache import temp_path, write_atomic
from manju.doc.model import Project
from manju.errors import StageError
from manju.export.timeline import Timeline, timeline
from manju.stages.context import Context

SR = 48000
PEAK = 10 ** (-1.0 / 20)  # the stems together never pass -1 dBFS
SUBDIRS = ("shots", "stills", "voices")
_OURS = re.compile(r"^[sv]\d{3,}_(sh|l)_\w+\.(mp4|png|wav)$")


@dataclass(frozen=True)
class ShotFile:
    """One shot's clip and still, and where it sits in the video (whole frames)."""

    shot: str
    number: int
    scene: str
    clip: Path
    still: Path
    start_frame: int
    frames: int


@dataclass(frozen=True)
class VoiceFile:
    """One voiced line's WAV and when the video plays it (seconds)."""

    line: str
    number: int
    path: Path
    start: float
    duration: float


@dataclass
class MediaSet:
    """The files written for one project and how they sit on the video's clock."""

    folder: Path
    fps: int
    width: int
    height: int
    frames: int
    shots: list[ShotFile] = field(default_factory=list)
    voices: list[VoiceFile] = field(default_factory=list)
    music: Path | None = None
    effects: Path | None = None
    sample_rate: int = SR

    @property
    def duration(self) -> float:
        """The video's length in seconds."""
        return self.frames / self.fps

    def files(self) -> list[Path]:
        """Every file of the set."""
        out = [p for s in self.shots for p in (s.clip, s.still)] + [v.path for v in self.voices]
        return out + [p for p in (self.music, self.effects) if p is not None]

    def placed_in(self, folder: Path) -> MediaSet:
        """The same set in ``folder`` (hard links where the file system allows, else copies)."""
        folder = Path(folder)

        def move(p: Path) -> Path:
            dst = folder / p.relative_to(self.folder)
            dst.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(p, dst)
            return dst

        shots = [ShotFile(s.shot, s.number, s.scene, move(s.clip), move(s.still), s.start_frame,
                          s.frames) for s in self.shots]
        voices = [VoiceFile(v.line, v.number, move(v.path), v.start, v.duration)
                  for v in self.voices]
        placed = MediaSet(folder, self.fps, self.width, self.height, self.frames, shots, voices,
                          move(self.music) if self.music else None,
                          move(self.effects) if self.effects else None, self.sample_rate)
        _tidy(folder, set(placed.files()))
        _write_manifest(placed)
        return placed


def shot_name(number: int, shot_id: str) -> str:
    """The stem of a shot's files: its number in story order and its id."""
    return f"s{number:03d}_{shot_id}"


def voice_name(number: int, line_id: str) -> str:
    """The stem of a voiced line's WAV: its number among the timed lines and its id."""
    return f"v{number:03d}_{line_id}"


def lanes(items: list[tuple[int, int, Any]]) -> list[list[tuple[int, int, Any]]]:
    """Spread (start, duration, item) over as few lanes as keep each lane free of overlaps
    (an editor's track holds one item at a time), in order of start."""
    out: list[list[tuple[int, int, Any]]] = []
    for it in sorted(items, key=lambda x: x[0]):
        for lane in out:
            if lane[-1][0] + lane[-1][1] <= it[0]:
                lane.append(it)
                break
        else:
            out.append([it])
    return out


def _link_or_copy(src: Path, dst: Path, link: bool = True) -> None:
    tmp = temp_path(dst)
    try:
        tmp.unlink()
        try:
            if not link:
                raise OSError("copy asked for")
            os.link(src, tmp)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_wav(path: Path, samples: np.ndarray) -> None:
    from manju.audio.mix import write_wav
    from manju.export.video import atomic_output

    with atomic_output(path) as tmp:
        write_wav(tmp, samples, SR)


# -- audio stems ---------------------------------------------------------------------------------
def _mix_defaults() -> dict[str, Any]:
    # The stems follow the video's mix; its levels are the defaults of mix() itself.
    from manju.audio.mix import mix

    return {k: v.default for k, v in inspect.signature(mix).parameters.items()
            if v.default is not inspect.Parameter.empty}


def stems(project: Project, tl: Timeline, ctx: Context
          ) -> tuple[list[np.ndarray], np.ndarray | None, np.ndarray | None]:
    """The soundtrack split as the video mixes it: each timed line's voice (mono, 48 kHz, in
    ``tl.lines`` order), the music bed and the effects bed (stereo, whole length; None when
    the project has none), all with the one gain that brings their sum to the mix's
    loudness."""
    from manju.audio import mix as M
    from manju.audio.loudness import integrated_lufs
    from manju.stages.assemble import _effects, _music, delivery_db
    from manju.stages.voice import load_clip

    p = _mix_defaults()
    n = max(1, round(tl.duration * SR))
    voices: list[np.ndarray] = []
    clips = []
    for tline in tl.lines:
        ln = project.line(tline.line)
        if ln.audio is None:
            voices.append(np.zeros(0))
            continue
        samples, sr = load_clip(ln.audio, project)
        # each line's stem carries its delivery gain, so the stems laid at unity are the mix
        voices.append(M._resample(samples, sr, SR) * np.float32(10 ** (delivery_db(ln) / 20)))
        clips.append(M.Clip(start=tline.start, samples=voices[-1], sr=SR))
    vbus = M._voice_bus(clips, n, SR)
    v_lufs = integrated_lufs(vbus, SR)
    v_lufs = v_lufs + 3.0103 if np.isfinite(v_lufs) else v_lufs  # heard centred, in both speakers
    ref = v_lufs if np.isfinite(v_lufs) else p["target_lufs"]
    total = np.repeat(vbus[:, None], 2, axis=1)
    music = None
    if project.settings.music:
        from manju.backends.registry import load

        backend = ctx.backends.get("music") or load("music", "synth")
        segments = _music(project, tl, ctx, backend, [])
        music = M._music_bus(segments, n, SR, p["crossfade"])
        m_lufs = integrated_lufs(music, SR)
        if np.isfinite(m_lufs):
            music *= 10 ** ((ref + p["music_db"] - m_lufs) / 20)
            if np.isfinite(v_lufs):
                act = M.speech_activity(vbus, SR)
                music *= M._duck_gain(act, SR, p["duck_db"], p["attack_s"], p["release_s"])[:, None]
        total += music
    effects = None
    if project.settings.sfx:
        fx = _effects(project, tl)
        if fx:
            level = 10 ** ((ref - p["effects_ref_lufs"] - 3.0103) / 20)
            effects = M._effects_bus(fx, n, SR) * level
            total += effects
    cur = integrated_lufs(total, SR)
    gain = 10 ** ((p["target_lufs"] - cur) / 20) if np.isfinite(cur) else 1.0
    peak = float(np.max(np.abs(total))) * gain if total.size else 0.0
    if peak > PEAK:
        gain *= PEAK / peak
    return ([v * gain for v in voices], None if music is None else music * gain,
            None if effects is None else effects * gain)


# -- pictures --------------------------------------------------------------------------------------
def _still(clip: Path, path: Path) -> None:
    """The middle frame of a clip as a PNG."""
    import av
    import skia

    with av.open(str(clip)) as c:
        frames = [f for f in c.decode(video=0)]
    if not frames:
        raise StageError(f"{clip} has no frames")
    arr = np.ascontiguousarray(frames[len(frames) // 2].to_ndarray(format="rgba"))
    data = skia.Image.fromarray(arr, colorType=skia.kRGBA_8888_ColorType).encodeToData(
        skia.kPNG, 100)
    write_atomic(path, bytes(data))


def _cut_from_video(video: Path, wanted: dict[int, tuple[int, Path]], project: Project) -> None:
    """Re-encode the shots whose rendered segment is gone from the finished video:
    ``wanted`` maps a shot's first frame to (frames, clip path)."""
    import av

    from manju.export.video import encode_segment

    st = project.settings
    pending: dict[int, list[np.ndarray]] = {}
    with av.open(str(video)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            for first, (count, _) in wanted.items():
                if first <= i < first + count:
                    pending.setdefault(first, []).append(frame.to_ndarray(format="rgba"))
    for first, (count, path) in wanted.items():
        got = pending.get(first, [])
        if len(got) != count:
            raise StageError("video.mp4 is shorter than the project's shots (run manju make)")
        encode_segment(got, path, st.width, st.height, st.fps)


def _tidy(folder: Path, keep: set[Path]) -> None:
    """Remove files a previous export left in the media subfolders that this one did not
    write (a shot that was deleted or renumbered)."""
    for sub in SUBDIRS:
        for p in (folder / sub).glob("*"):
            if (p.is_file() and p.suffix in (".mp4", ".png", ".wav") and p not in keep
                    and _OURS.match(p.name)):  # never a file someone else put there
                p.unlink()


def export_media(project: Project, folder: Path, ctx: Context) -> MediaSet:
    """Write the per-shot clips and stills, the voice lines and the beds into ``folder`` (see
    the module's description); returns what was written, on the video's clock."""
    if project.outputs is None or not project.shots():
        raise StageError("the project has not been rendered yet (run manju make)")
    folder = Path(folder)
    for sub in SUBDIRS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
    tl = timeline(project)
    st = project.settings
    shots: list[ShotFile] = []
    missing: dict[int, tuple[int, Path]] = {}
    frame = 0
    for number, ts in enumerate(tl.shots, 1):
        stem = shot_name(number, ts.shot)
        clip, still = folder / "shots" / f"{stem}.mp4", folder / "stills" / f"{stem}.png"
        seg = project.shot(ts.shot).segment
        src = project.resolve(seg.path) if seg is not None else None
        if src is not None and src.exists() and seg is not None and seg.frames == ts.frames:
            # A copy, not a link: an editor's tool writing into the clip must not touch the cache.
            _link_or_copy(src, clip, link=False)
        else:
            missing[frame] = (ts.frames, clip)
        shots.append(ShotFile(ts.shot, number, ts.scene, clip, still, frame, ts.frames))
        frame += ts.frames
    if missing:
        video = project.resolve(project.outputs.video)
        if not video.exists():
            raise StageError("neither the shots' segments nor video.mp4 are there (run manju make)")
        _cut_from_video(video, missing, project)
    for s in shots:
        _still(s.clip, s.still)
    voice_audio, music, effects = stems(project, tl, ctx)
    voices = []
    for number, (tline, samples) in enumerate(zip(tl.lines, voice_audio, strict=True), 1):
        if samples.size == 0:
            continue
        path = folder / "voices" / f"{voice_name(number, tline.line)}.wav"
        _write_wav(path, samples)
        voices.append(VoiceFile(tline.line, number, path, tline.start, samples.size / SR))
    media = MediaSet(folder, st.fps, st.width, st.height, frame, shots, voices)
    if music is not None:
        media.music = folder / "music.wav"
        _write_wav(media.music, music)
    else:
        (folder / "music.wav").unlink(missing_ok=True)
    if effects is not None:
        media.effects = folder / "effects.wav"
        _write_wav(media.effects, effects)
    else:
        (folder / "effects.wav").unlink(missing_ok=True)
    _tidy(folder, set(media.files()))
    _write_manifest(media)
    return media


def _write_manifest(media: MediaSet) -> None:
    write_atomic(media.folder / "media.json",
                 json.dumps(manifest(media), ensure_ascii=False, indent=1).encode("utf-8"))


def manifest(media: MediaSet) -> dict[str, Any]:
    """The set as plain JSON (``media.json``): paths relative to the folder, times in seconds
    and frames."""

    def rel(p: Path | None) -> str | None:
        return None if p is None else p.relative_to(media.folder).as_posix()

    return {
        "fps": media.fps, "width": media.width, "height": media.height, "frames": media.frames,
        "duration": round(media.duration, 6), "sample_rate": media.sample_rate,
        "shots": [{"shot": s.shot, "number": s.number, "scene": s.scene, "clip": rel(s.clip),
                   "still": rel(s.still), "start_frame": s.start_frame, "frames": s.frames,
                   "start": round(s.start_frame / media.fps, 6)} for s in media.shots],
        "voices": [{"line": v.line, "number": v.number, "path": rel(v.path), "start": v.start,
                    "duration": round(v.duration, 6)} for v in media.voices],
        "music": rel(media.music), "effects": rel(media.effects),
    }


def load_media(folder: Path) -> MediaSet:
    """The set an earlier :func:`export_media` wrote into ``folder``, read from its
    ``media.json`` (to build a draft or timeline again without writing the media)."""
    folder = Path(folder)
    m = json.loads((folder / "media.json").read_text(encoding="utf-8"))

    def path(rel: str | None) -> Path | None:
        return None if rel is None else folder / rel

    shots = [ShotFile(s["shot"], s["number"], s["scene"], folder / s["clip"], folder / s["still"],
                      s["start_frame"], s["frames"]) for s in m["shots"]]
    voices = [VoiceFile(v["line"], v["number"], folder / v["path"], v["start"], v["duration"])
              for v in m["voices"]]
    return MediaSet(folder, m["fps"], m["width"], m["height"], m["frames"], shots, voices,
                    path(m["music"]), path(m["effects"]), m["sample_rate"])
