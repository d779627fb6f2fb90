"""assemble: lay the shots on one clock, mix voices and music, and write video.mp4 + subtitles."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from manju.cache import content_hash, write_atomic
from manju.doc.model import Outputs, Project
from manju.errors import StageError
from manju.export.timeline import Timeline, timeline
from manju.stages.context import Context
from manju.stages.voice import load_clip

if TYPE_CHECKING:
    from manju.audio.master import Soundtrack

READS = ("episodes[].scenes[].shots[].segment", "episodes[].scenes[].lines[].audio",
         "episodes[].scenes[].mood", "episodes[].scenes[].setting", "settings", "backends")
WRITES = ("outputs",)
SR = 48000
# Limiter ceiling. AAC adds up to about 0.7 dB of true peak on sharp transients (a knock, a
# clash); from -2.0 the decoded track stays under -1 dBTP without the second mux pass that
# -1.5 needed on the bundled stories (8.6 s -> 3.6 s of muxing for an 84 s video).
CEILING_DBTP = -2.0


def _save_npy(path: Path, arr: np.ndarray) -> None:
    np.save(path, arr)


def _music(project: Project, tl: Timeline, ctx: Context, backend: Any,
           used: list[str]) -> list[tuple[float, float, np.ndarray]]:
    """One music segment per scene, cached by mood, length, seed and the backend's code."""
    return [(a, b, np.load(path)) for a, b, path in music_files(project, tl, ctx, backend, used)]


def music_keys(project: Project, tl: Timeline,
               backend: Any) -> list[tuple[float, float, str, str, int]]:
    """Each scene's music piece as ``(start, end, cache key, mood, seed)``: keyed by mood,
    length, seed and the backend's code and config."""
    from manju.stages.voice import backend_fingerprint

    fp = backend_fingerprint(backend)
    keys = []
    for i, (_sid, a, b, mood) in enumerate(tl.scenes):
        dur = b - a
        if dur <= 0:
            continue
        seed = project.settings.seed * 1000 + i
        keys.append((a, b, content_hash("music", fp, backend.name, backend.config, mood,
                                        round(dur, 3), seed, SR), mood, seed))
    return keys


def music_files(project: Project, tl: Timeline, ctx: Context, backend: Any,
                used: list[str]) -> list[tuple[float, float, Path]]:
    """Like :func:`_music`, but each segment as its cache file (scored and saved when missing;
    the mix reads the files window by window)."""
    cache = ctx.cache
    segments = []
    looped = callable(getattr(backend, "loop", None)) and callable(getattr(backend, "fit", None))
    for a, b, key, mood, seed in music_keys(project, tl, backend):
        lkey = _loop_key(backend, mood, seed) if looped else ""
        if looped:  # listed whether or not it was needed this time (a resumed run is the same)
            used.append(project.relative(cache.path("music_loop", lkey, ".npy")))
        path = cache.get("music", key, ".npy")
        if path is None and looped:
            loop = _music_loop(backend, mood, seed, lkey, cache)
            samples = backend.fit(np.load(loop), b - a, SR).astype(np.float32, copy=False)
            path = cache.put("music", key, ".npy", functools.partial(_save_npy, arr=samples))
            del samples
        elif path is None:
            samples = backend.score(mood, b - a, SR, seed).astype(np.float32)
            path = cache.put("music", key, ".npy", functools.partial(_save_npy, arr=samples))
            del samples  # one scene's score at a time
        used.append(project.relative(path))
        segments.append((a, b, path))
    return segments


def _loop_key(backend: Any, mood: str, seed: int) -> str:
    from manju.stages.voice import backend_fingerprint

    return content_hash("music_loop", backend_fingerprint(backend), backend.name, backend.config,
                        mood, seed, SR)


def _music_loop(backend: Any, mood: str, seed: int, key: str, cache: Any) -> Path:
    """The backend's loop for ``mood`` and ``seed``, cached apart from any length (see
    :class:`manju.backends.protocols.MusicBackend`)."""
    path: Path | None = cache.get("music_loop", key, ".npy")
    if path is None:
        loop = np.asarray(backend.loop(mood, SR, seed), dtype=np.float32)
        path = cache.put("music_loop", key, ".npy", functools.partial(_save_npy, arr=loop))
    return path


# effect -> level relative to speech (dB); ambience beds sit well under the voices
_SFX_DB = {"knock": -3.0, "slam": -2.0, "footsteps": -7.0, "thunder": -1.0, "sword_clash": -4.0,
           "sword_draw": -5.0, "crowd": -9.0, "horn": -5.0, "rain": -10.0, "wind": -10.0}
_AMBIENCE_DB = {"rain": -15.0, "snow": -21.0}  # scene weather -> bed level (interiors 4 dB less)


def _effects(project: Project, tl: Timeline) -> list[Any]:
    """Sound effects: a rain/wind bed under rainy/snowy scenes, and the effects each line
    names ("knocked", 脚步, 雷...) at the start of that line."""
    from manju.audio.master import LoopBed
    from manju.audio.mix import Clip
    from manju.audio.sfx import ambience, effect, sfx_for_lines

    seed = project.settings.seed
    scene_of = {ln.id: sc for sc in project.scenes() for ln in sc.lines}
    span = {sid: (a, b) for sid, a, b, _mood in tl.scenes}
    clips: list[Any] = []
    beds: set[str] = set()
    for i, sc in enumerate(project.scenes()):
        weather = sc.setting.weather
        a, b = span.get(sc.id, (0.0, 0.0))
        if weather in _AMBIENCE_DB and b - a > 0.5:
            gain = _AMBIENCE_DB[weather] - (4.0 if sc.setting.interior else 0.0)
            # The bed is computed window by window when mixed (a scene may be long).
            clips.append(LoopBed(start=a, name="rain" if weather == "rain" else "wind",
                                 duration=b - a, seed=seed * 1000 + i, sr=SR, gain_db=gain))
            beds.add(sc.id)
    lines = [(tline, scene_of.get(tline.line)) for tline in tl.lines]
    for k, name in sfx_for_lines([(t.text, project.lang) for t, _ in lines]):
        tline, scene = lines[k]
        if name in ("rain", "wind") and scene is not None and scene.id in beds:
            continue  # the scene's bed already plays
        if name in ("rain", "wind"):
            x = ambience(name, min(6.0, max(3.0, tline.end - tline.start + 1.5)), SR, seed + k)
        else:
            x = effect(name, SR, seed + k)
        clips.append(Clip(start=tline.start, samples=x, sr=SR, gain_db=_SFX_DB[name]))
    return clips


#: How much louder or softer than plain speech a line is delivered, by its emotion (dB). The
#: voices are levelled clip by clip, so without this a whisper would be as loud as a shout.
DELIVERY_DB = {"whisper": -8.0, "shout": 3.0, "angry": 1.5, "sad": -1.5, "scared": -1.0,
               "laugh": 1.0}


def delivery_db(line: Any) -> float:
    """The gain a voiced line gets in the mix for how it is delivered (dialogue only)."""
    return DELIVERY_DB.get(line.emotion, 0.0) if line.kind == "dialogue" else 0.0


def mix_audio(project: Project, tl: Timeline, ctx: Context, music_backend: Any = None,
              used: list[str] | None = None) -> np.ndarray:
    """The final stereo soundtrack at 48 kHz, exactly as long as the picture, in one array;
    the music files it used are appended to ``used``. (``assemble`` streams it instead:
    :func:`soundtrack`.)"""
    return soundtrack(project, tl, ctx, music_backend, used).to_array()


def soundtrack(project: Project, tl: Timeline, ctx: Context, music_backend: Any = None,
               used: list[str] | None = None, scratch_dir: Path | None = None) -> Soundtrack:
    """The final stereo soundtrack at 48 kHz as a :class:`~manju.audio.master.Soundtrack`,
    read window by window: voice clips are read from the cache when the mix reaches them,
    the music from its cache files, the weather beds made per window; with ``scratch_dir``,
    the bus sum is kept in an unnamed file there between its passes."""
    from manju.audio.master import Soundtrack
    from manju.audio.mix import Clip

    clips = []
    for tline in tl.lines:
        ln = project.line(tline.line)
        if ln.audio is None:
            continue
        clips.append(Clip(start=tline.start, sr=_clip_rate(ln.audio, project),
                          gain_db=delivery_db(ln),
                          load=functools.partial(_clip_samples, ln.audio, project)))
    music = None
    if project.settings.music:
        if music_backend is None:
            from manju.backends.registry import load

            music_backend = ctx.backends.get("music") or load("music", "synth")
        music = music_files(project, tl, ctx, music_backend, used if used is not None else [])
    return Soundtrack(clips, tl.duration, music, sr=SR, ceiling_dbtp=CEILING_DBTP,
                      effects=_effects(project, tl) if project.settings.sfx else None,
                      scratch_dir=scratch_dir)


def _clip_samples(asset: Any, project: Project) -> np.ndarray:
    return load_clip(asset, project)[0]


def _clip_rate(asset: Any, project: Project) -> int:
    with np.load(project.resolve(asset.path)) as z:  # reads the rate, not the samples
        return int(z["sr"])


def _decoded_peaks(path: Path, hop: int) -> tuple[np.ndarray, float, int]:
    """The decoded soundtrack of ``path``: its true-peak envelope per ``hop`` samples, its
    true peak (dBTP) and its sample rate, decoded and measured window by window."""
    import av

    from manju.audio.master import CHUNK, MARGIN, block_peaks

    peaks: list[np.ndarray] = []
    buf = np.zeros((0, 2), np.float32)
    base = 0  # sample index of buf[0]
    done = 0  # samples whose peaks are measured
    sr = 0

    def measure(final: bool) -> None:
        nonlocal buf, base, done
        while True:
            end = base + buf.shape[0]
            b = end if final else min(end - MARGIN, done + CHUNK)
            if b <= done or (not final and b - done < CHUNK):
                return
            peaks.append(block_peaks(buf, base, done, b, hop))
            done = b
            keep = max(base, done - MARGIN)
            buf, base = buf[keep - base :], keep

    with av.open(str(path)) as c:
        if not c.streams.audio:
            return np.zeros(0), float("-inf"), 0
        for f in c.decode(audio=0):
            sr = f.sample_rate
            a = f.to_ndarray()
            a = a.T if f.format.is_planar else a.reshape(-1, len(f.layout.channels))
            buf = np.concatenate([buf, a.astype(np.float32)])
            measure(False)
    measure(True)
    env = np.concatenate(peaks) if peaks else np.zeros(0)
    peak = float(env.max()) if env.size else 0.0
    return env, (float(20 * np.log10(peak)) if peak > 0 else float("-inf")), sr


def _mux_peak_safe(mux: Any, segments: list[Path], audio: np.ndarray, out: Path,
                   fps: int) -> None:
    """Mux ``audio`` (an array) with ``segments``, then measure the encoded soundtrack and,
    where AAC overshot -1 dBTP, limit against the decoded peaks and mux again (at most twice
    more; see :func:`encode_peak_safe`, the same for the cached soundtrack)."""
    from manju.audio.loudness import true_peak_dbtp
    from manju.audio.mix import limit, peak_envelope
    from manju.testing import audio_samples

    for _ in range(3):
        mux(segments, audio, out, fps)
        dec, sr = audio_samples(out)
        if sr != SR or dec.size == 0 or true_peak_dbtp(dec, sr) <= -1.0:
            return
        n = audio.shape[0]
        env = peak_envelope(dec)[:n]
        env = np.maximum(np.pad(env, (0, n - env.size)), peak_envelope(audio))
        audio = limit(audio, SR, -1.3, peak_env=env).astype(np.float32)


def encode_peak_safe(audio: Soundtrack, path: Path) -> None:
    """Encode the mastered ``audio`` to AAC at ``path`` (an ``.m4a``), then measure the
    encoded track: AAC can overshoot on sharp transients (a knock, a clash). Where the decoded
    audio passes -1 dBTP, limit the mix against the decoded peaks and encode again (at most
    twice more)."""
    from manju.audio.master import LIMIT_HOP_S
    from manju.export.video import encode_audio

    hop = max(1, int(LIMIT_HOP_S * SR))
    for _ in range(3):
        encode_audio(audio, path)
        env, tp, sr = _decoded_peaks(path, hop)
        if sr != SR or env.size == 0 or tp <= -1.0:
            return
        own = audio.peaks()
        env = env[: own.size]
        env = np.maximum(np.pad(env, (0, own.size - env.size)), own)
        audio.limit_final(env, -1.3)


def assemble(project: Project, ctx: Context, out: Path | None = None) -> Project:
    """Write ``video.mp4`` and ``subtitles.srt`` (with ``.vtt`` and ``.ass``) into the output
    directory. The soundtrack is a cached unit (:mod:`manju.stages.soundtrack`), made here
    unless it is cached or was begun in the background while the shots rendered."""
    from manju.export.handoff import write_subtitles
    from manju.export.srt import to_srt
    from manju.export.video import assemble_encoded
    from manju.stages import soundtrack as unit

    segments = []
    for shot in project.shots():
        seg = shot.segment
        if seg is None or not project.resolve(seg.path).exists():
            raise StageError(f"shot {shot.id} has not been rendered (run the render stage)")
        segments.append(project.resolve(seg.path))
    tl = timeline(project)
    ctx.progress.start("mix", 1)
    key = unit.soundtrack_key(project, tl, ctx)
    pending = ctx.background.pop("soundtrack", None)
    if pending is not None:
        if pending.key == key:
            pending.job.wait()  # on failure the soundtrack is made below, raising the real error
        else:
            pending.job.cancel()
    audio, used = unit.make(project, ctx, key, tl)
    ctx.progress.finish()
    out = out or ctx.out_dir / "video.mp4"
    ctx.progress.start("mux", 1)
    assemble_encoded(segments, audio, out, project.settings.fps)
    ctx.progress.finish()
    srt = ctx.out_dir / "subtitles.srt"
    write_atomic(srt, to_srt(project, tl).encode("utf-8"))
    write_subtitles(project, ctx.out_dir, ("vtt", "ass"))  # the same cues for other players
    project.outputs = Outputs(video=project.relative(out), subtitles=project.relative(srt), duration=round(tl.duration, 3),
                              music=used, soundtrack=project.relative(audio))
    return project
