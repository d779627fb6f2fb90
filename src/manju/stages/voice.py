"""voice: speak every line with its character's voice (narrator for narration), cached per line."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from manju.cache import cache_path, content_hash
from manju.doc.model import Asset, Line, Project
from manju.stages.context import Context

READS = ("episodes[].scenes[].lines", "characters[].voice", "metadata.narrator_voice")
WRITES = ("episodes[].scenes[].lines[].audio",)
_TEXT_REVISION = 2  # bump when speech-text handling (manju.audio.textnorm) changes what is said


def line_voice(project: Project, line: Line) -> dict[str, Any]:
    """The voice a line is spoken in, adjusted for its emotion."""
    from manju.audio.voices import VoiceSpec, emotion_adjust

    if line.kind == "dialogue" and line.speaker:
        base = project.character(line.speaker).voice
    else:
        base = project.metadata.get("narrator_voice", {})
    fields = {k: v for k, v in base.items() if k in VoiceSpec.__dataclass_fields__}
    spec = VoiceSpec(**fields)
    if line.kind == "dialogue":
        spec = emotion_adjust(spec, line.emotion)
    return dataclasses.asdict(spec)


def load_clip(asset: Asset) -> tuple[np.ndarray, int]:
    """The samples of a voiced line and their sample rate."""
    with np.load(asset.path) as z:
        return z["samples"], int(z["sr"])


def voice(project: Project, ctx: Context, backend: Any = None) -> Project:
    """Synthesize audio for every line that lacks an up-to-date clip."""
    if backend is None:
        from manju.backends.registry import load

        backend = ctx.backends.get("tts") or load("tts", "espeak")
    lines = project.lines()
    jobs: list[tuple[Line, dict[str, Any], Path]] = []
    for ln in lines:
        v = line_voice(project, ln)
        key = content_hash("tts", _TEXT_REVISION, backend.name, backend.config, ln.text, v)
        path = cache_path(ctx.cache_dir, "voice", key, ".npz")
        jobs.append((ln, v, path))

    def work(job: tuple[Line, dict[str, Any], Path]) -> tuple[Line, dict[str, Any], Path, float, int]:
        ln, v, path = job
        if not path.exists():
            samples, sr = backend.synthesize(ln.text, v)
            tmp = path.with_name(path.stem + ".tmp.npz")
            np.savez(tmp, samples=np.asarray(samples, dtype=np.float32), sr=sr)
            tmp.replace(path)
            n = len(samples)
        else:
            with np.load(path) as z:
                n, sr = len(z["samples"]), int(z["sr"])
        return ln, v, path, n / sr, sr

    ctx.progress.start("voice", len(jobs))
    with ThreadPoolExecutor(max_workers=max(1, ctx.workers)) as pool:
        for ln, v, path, dur, sr in pool.map(work, jobs):
            ln.audio = Asset(path=str(path), duration=round(dur, 4), backend=f"tts.{backend.name}",
                             config={**backend.config, "voice": v, "sr": sr})
            ctx.progress.advance()
    ctx.progress.finish()
    return project
