"""voice: speak every line with its character's voice (narrator for narration), cached per line."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import numpy as np

from manju.cache import code_fingerprint, content_hash
from manju.doc.model import Asset, Line, Project
from manju.stages.context import Context

READS = ("episodes[].scenes[].lines", "characters[].voice", "narrator_voice", "backends")
WRITES = ("episodes[].scenes[].lines[].audio",)
# The code that turns a line and a voice into samples (text normalisation included).
VOICE_CODE = ("stages/voice.py", "audio/tts.py", "audio/textnorm.py", "audio/voices.py",
              "audio/analysis.py")


def backend_fingerprint(backend: Any) -> str:
    """A hash of the code of ``backend``: its declared package files (built-ins), else its
    module's source file."""
    paths = getattr(backend, "code_paths", None)
    if paths:
        return code_fingerprint(*paths)
    import hashlib
    import inspect

    try:
        src = inspect.getsourcefile(type(backend)) or ""
        return hashlib.sha256(Path(src).read_bytes()).hexdigest()[:16]
    except (OSError, TypeError):
        return f"{type(backend).__module__}.{type(backend).__qualname__}"


def line_voice(project: Project, line: Line, backend: Any = None) -> dict[str, Any]:
    """The voice a line is spoken in, adjusted for its emotion: speed and pitch for every
    engine, and for a backend with a ``delivery`` method (``tts.kokoro``) what it returns for
    the emotion as ``"delivery"`` (absent when it returns None, e.g. for neutral lines)."""
    from manju.audio.voices import emotion_adjust

    base = None
    if line.kind == "dialogue" and line.speaker:
        base = project.character(line.speaker).voice
    else:
        base = project.narrator_voice
    spec = voice_spec(base)
    if line.kind == "dialogue":
        spec = emotion_adjust(spec, line.emotion)
    v = dataclasses.asdict(spec)
    if base is not None and base.clone and backend is not None \
            and base.clone_backend == f"tts.{backend.name}":
        # Only the backend that cloned the voice knows its id; any other speaks the cast voice.
        v["clone"] = base.clone
    deliver = getattr(backend, "delivery", None)
    if line.kind == "dialogue" and callable(deliver):
        d = deliver(v, line.emotion, line.text)
        if d:
            v["delivery"] = d
    return v


def voice_spec(voice: Any) -> Any:
    """The :class:`~manju.audio.voices.VoiceSpec` of a document ``Voice`` (None: the default);
    a cloned voice's fields are not part of it."""
    from manju.audio.voices import VoiceSpec

    if voice is None:
        return VoiceSpec()
    fields = voice.fields()
    return VoiceSpec(**{k: fields[k] for k in VoiceSpec.__dataclass_fields__ if k in fields})


def line_key(backend: Any, text: str, voice: dict[str, Any]) -> str:
    """The cache key of one voiced line: everything its samples depend on."""
    return content_hash("tts", code_fingerprint(*VOICE_CODE), backend_fingerprint(backend),
                        backend.name, backend.config, text, voice)


def load_clip(asset: Asset, project: Project | None = None) -> tuple[np.ndarray, int]:
    """The samples of a voiced line and their sample rate (paths resolve against ``project``'s
    folder)."""
    with np.load(project.resolve(asset.path) if project else asset.path) as z:
        return z["samples"], int(z["sr"])


def _rate(path: Path) -> int:
    with np.load(path) as z:
        return int(z["sr"])


def _tts_backend(ctx: Context) -> Any:
    from manju.backends.registry import load

    return ctx.backends.get("tts") or load("tts", "espeak")


def voice(project: Project, ctx: Context, backend: Any = None) -> Project:
    """Synthesize audio for every line that lacks an up-to-date clip."""
    backend = backend or _tts_backend(ctx)
    cache = ctx.cache
    jobs: list[tuple[Line, dict[str, Any], str]] = []
    for ln in project.lines():
        v = line_voice(project, ln, backend)
        jobs.append((ln, v, line_key(backend, ln.text, v)))
    made = 0
    # Only whether each clip is there (``work`` verifies it): reading and hashing every clip
    # twice would double the stage's I/O for a decision about threads.
    absent = [not cache.path("voice", key, ".npz").exists() for _ln, _v, key in jobs]
    missing = sum(absent)
    spread = getattr(backend, "with_threads", None)
    if callable(spread) and 0 < missing < ctx.workers:
        # Fewer lines to speak than cores (an edit's one changed line): each line gets the
        # idle cores as threads of its own instead.
        backend = spread(ctx.workers // missing)

    def work(job: tuple[Line, dict[str, Any], str]) -> tuple[Path, float, int, bool]:
        ln, v, key = job
        path = cache.get("voice", key, ".npz")
        fresh = path is None
        known = ln.audio
        if path is not None and known is not None and Path(known.path).stem == key:
            # Already recorded from this very clip: no need to read it again.
            return path, known.duration, int(known.config.get("sr", 0)) or _rate(path), False
        if path is None:
            samples, sr = backend.synthesize(ln.text, v)
            arr = np.asarray(samples, dtype=np.float32)
            path = cache.put("voice", key, ".npz", lambda p: np.savez(p, samples=arr, sr=sr))
            n = len(arr)
        else:
            with np.load(path) as z:
                n, sr = len(z["samples"]), int(z["sr"])
        return path, n / sr, sr, fresh

    # The lines to speak first, longest first: the cores finish together instead of one
    # speaking a long last line alone while the other waits (clips are the same either way).
    order = sorted(range(len(jobs)), key=lambda i: (not absent[i], -len(jobs[i][0].text)))
    ctx.progress.start("voice", len(jobs))
    try:
        with ThreadPoolExecutor(max_workers=max(1, ctx.workers)) as pool:
            futures = {pool.submit(work, jobs[i]): jobs[i] for i in order}
            try:
                for done in as_completed(futures):
                    ln, v, _key = futures[done]
                    path, dur, sr, fresh = done.result()
                    made += fresh
                    ln.audio = Asset(path=project.relative(path), duration=round(dur, 4),
                                     backend=f"tts.{backend.name}",
                                     config={**backend.config, "voice": v, "sr": sr})
                    ctx.progress.advance()
            finally:
                for f in futures:
                    f.cancel()  # after a failure, no line is started that nobody will wait for
    finally:
        release = getattr(backend, "release", None)
        if callable(release):
            release()  # see TTSBackend: the model's memory is not needed past this stage
    ctx.progress.finish()
    ctx.stats.update(lines_total=len(jobs), lines_voiced=made, lines_cached=len(jobs) - made)
    return project


def voice_rows(project: Project, backend: Any, samples: str | Path | None = None,
               text: str | None = None) -> list[dict[str, Any]]:
    """One row per voice of the project (narrator first, then the cast): ``id``, ``name``,
    ``voice``, ``pitch``, ``speed``, ``backend``; with ``samples``, ``sample`` is a WAV written
    there speaking ``text`` or the speaker's first line."""
    from manju.audio.catalogue import SAMPLE_TEXT
    from manju.audio.wav import write_wav

    first: dict[str, str] = {}
    for ln in project.lines():
        who = ln.speaker if ln.kind == "dialogue" and ln.speaker else "narrator"
        first.setdefault(who, ln.text)
    people: list[tuple[str, str, Any]] = [("narrator", "narrator", project.narrator_voice)]
    people += [(c.id, c.name, c.voice) for c in project.characters]
    folder = Path(samples) if samples else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for cid, name, v in people:
        spec = dataclasses.asdict(voice_spec(v))
        if v is not None and v.clone and v.clone_backend == f"tts.{backend.name}":
            spec["clone"] = v.clone
        row: dict[str, Any] = {"id": cid, "name": name, "voice": spec["voice"],
                               "pitch": spec["pitch"], "speed": spec["speed"],
                               "backend": f"tts.{backend.name}"}
        if "clone" in spec:
            row["clone"] = spec["clone"]
        if folder:
            say = text or first.get(cid) or SAMPLE_TEXT.get(project.lang, SAMPLE_TEXT["en"])
            pcm, sr = backend.synthesize(say, spec)
            safe = "".join(ch if ch.isalnum() else "_" for ch in name)[:40]
            row["sample"] = str(write_wav(folder / f"{cid}-{safe}.wav", pcm, sr))
        rows.append(row)
    return rows
