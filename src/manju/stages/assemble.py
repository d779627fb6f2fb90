"""assemble: lay the shots on one clock, mix voices and music, and write video.mp4 + subtitles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from manju.cache import cache_path, content_hash
from manju.doc.model import Project
from manju.errors import StageError
from manju.export.timeline import Timeline, timeline
from manju.stages.context import Context
from manju.stages.voice import load_clip

READS = ("episodes[].scenes[].shots[].metadata.segment", "lines[].audio", "scenes[].mood")
WRITES = ("metadata.outputs",)
SR = 48000


def _music(project: Project, tl: Timeline, ctx: Context, backend: Any) -> list[tuple[float, float, np.ndarray]]:
    """One music segment per scene, cached by mood, length and seed."""
    segments = []
    for i, (sid, a, b, mood) in enumerate(tl.scenes):
        dur = b - a
        if dur <= 0:
            continue
        seed = project.settings.seed * 1000 + i
        key = content_hash("music", backend.name, backend.config, mood, round(dur, 3), seed, SR)
        path = cache_path(ctx.cache_dir, "music", key, ".npy")
        if path.exists():
            samples = np.load(path)
        else:
            samples = backend.score(mood, dur, SR, seed).astype(np.float32)
            tmp = path.with_name(path.stem + ".tmp.npy")
            np.save(tmp, samples)
            tmp.replace(path)
        segments.append((a, b, samples))
    return segments


def mix_audio(project: Project, tl: Timeline, ctx: Context, music_backend: Any = None) -> np.ndarray:
    """The final stereo soundtrack at 48 kHz, exactly as long as the picture."""
    from manju.audio.mix import Clip, mix

    clips = []
    for tline in tl.lines:
        ln = project.line(tline.line)
        if ln.audio is None:
            continue
        samples, sr = load_clip(ln.audio)
        clips.append(Clip(start=tline.start, samples=samples, sr=sr))
    music = None
    if project.settings.music:
        if music_backend is None:
            from manju.backends.registry import load

            music_backend = ctx.backends.get("music") or load("music", "synth")
        music = _music(project, tl, ctx, music_backend)
    return mix(clips, tl.duration, music=music, sr=SR)


def assemble(project: Project, ctx: Context, out: Path | None = None) -> Project:
    """Write ``video.mp4`` and ``subtitles.srt`` into the output directory."""
    from manju.export.srt import to_srt
    from manju.export.video import assemble as mux

    segments = []
    for shot in project.shots():
        seg = shot.metadata.get("segment")
        if not seg or not Path(seg).exists():
            raise StageError(f"shot {shot.id} has not been rendered (run the render stage)")
        segments.append(Path(seg))
    tl = timeline(project)
    ctx.progress.start("mix", 1)
    audio = mix_audio(project, tl, ctx)
    ctx.progress.finish()
    out = out or ctx.out_dir / "video.mp4"
    ctx.progress.start("mux", 1)
    mux(segments, audio, out, project.settings.fps)
    ctx.progress.finish()
    srt = ctx.out_dir / "subtitles.srt"
    srt.write_text(to_srt(project, tl), encoding="utf-8")
    project.metadata["outputs"] = {"video": str(out), "subtitles": str(srt),
                                   "duration": round(tl.duration, 3)}
    return project
