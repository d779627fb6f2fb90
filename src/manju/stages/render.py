"""render: draw every shot into its own cached H.264 segment (resumable, parallel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from manju.background import start_beside
from manju.cache import (
    Cache,
    code_fingerprint,
    content_hash,
    fonts_fingerprint,
    library_versions,
)
from manju.doc.model import Project, Scene, Segment, Shot
from manju.errors import StageError
from manju.executor import LocalExecutor
from manju.stages.context import Context

READS = ("episodes[].scenes[].shots", "episodes[].scenes[].lines", "characters[].look", "settings")
WRITES = ("episodes[].scenes[].shots[].segment",)
# The code and assets that draw and encode a shot (lip sync reads the line's audio).
RENDER_CODE = ("render", "data", "stages/render.py", "export/video.py", "export/filled_heap.py",
               "audio/lipsync.py")


def shot_spec(project: Project, scene: Scene, shot: Shot) -> Any:
    """Everything needed to draw ``shot`` (see ``manju.render.shot.ShotSpec``)."""
    from manju.render.shot import CueSpec, ShotSpec

    st = project.settings
    cues = []
    for cue in shot.cues:
        ln = project.line(cue.line)
        cues.append(CueSpec(line=ln.id, kind=ln.kind, text=ln.text, speaker=ln.speaker,
                            emotion=ln.emotion, start=cue.start, end=cue.end,
                            audio=str(project.resolve(ln.audio.path)) if ln.audio else None))
    looks = {cid: look.fields() for cid in shot.subjects
             if (look := project.character(cid).look) is not None}
    spec = ShotSpec(
        id=shot.id, width=st.width, height=st.height, fps=st.fps, lang=project.lang,
        framing=shot.framing, duration=shot.duration, subjects=list(shot.subjects), focus=shot.focus,
        sides=dict(scene.sides), looks=looks,
        # Only those in frame are drawn (a face without an expression is neutral), so only
        # their faces are part of the shot and its cache key.
        expressions={c: shot.expressions.get(c, "neutral") for c in shot.subjects},
        setting=scene.setting.fields(), camera=shot.camera.fields(),
        cues=cues, transition=shot.transition, style=st.style, gestures=dict(shot.gestures),
        props=list(shot.props), held=dict(shot.held), plate=_plate(project, scene),
    )
    spec.clip = _clip(project, scene, spec)
    spec.panel = _panel(project, scene, shot)
    return spec


def _plate(project: Project, scene: Scene) -> dict[str, Any] | None:
    """The scene's generated background plate (path and checksum) when an image backend is
    chosen, else None: the vector background."""
    if "image" not in project.backends:
        return None
    from manju.stages.plate import plate_asset

    asset = plate_asset(scene)
    if asset is None:
        return None
    return {"path": str(project.resolve(asset.path)), "sha256": asset.sha256}


def _panel(project: Project, scene: Scene, shot: Shot) -> dict[str, Any] | None:
    """The shot's generated panel (the ``generated`` look), else None."""
    if "image" not in project.backends:
        return None
    from manju.stages.panel import usable_panel

    asset = usable_panel(project, scene, shot.id)
    if asset is None:
        return None
    return {"path": str(project.resolve(asset.path)), "sha256": asset.sha256}


def _clip(project: Project, scene: Scene, spec: Any) -> dict[str, Any] | None:
    """The shot's generated clip (path and checksum) when a video backend is chosen and the
    clip was made from what the shot shows now, else None."""
    if "video" not in project.backends:
        return None
    from manju.stages.clip import usable_clip

    asset = usable_clip(project, scene, spec)
    if asset is None:
        return None
    return {"path": str(project.resolve(asset.path)), "sha256": asset.sha256}


def render_fingerprint() -> dict[str, Any]:
    """What a shot's pixels depend on besides its spec: the drawing and encoding code, the
    bundled assets, the fonts and the libraries."""
    from manju.render.fonts import CJK_FAMILIES, LATIN_FAMILIES

    fams = tuple(LATIN_FAMILIES + CJK_FAMILIES + ["Noto Color Emoji"])
    return {"code": code_fingerprint(*RENDER_CODE), "fonts": fonts_fingerprint(fams),
            "libs": library_versions("skia-python", "av", "numpy", "opencv-python-headless")}


def spec_key(spec: Any) -> str:
    """The cache key of a shot's segment: its whole spec plus :func:`render_fingerprint`."""
    raw = spec.to_json()
    # Audio is keyed by its content-hash file name, so a path move does not re-render.
    for c in raw["cues"]:
        c["audio"] = Path(c["audio"]).name if c["audio"] else None
    for extra in ("plate", "clip", "panel"):
        if raw.get(extra):
            raw[extra] = {"sha256": raw[extra]["sha256"]}  # the file, wherever it lies
    return content_hash("shot", render_fingerprint(), raw)


def render_segment(spec_json: dict[str, Any], cache_dir: str, key: str,
                   threads: int = 1) -> tuple[str, int]:
    """Render one shot into the cache under ``key`` (atomically, checksummed). Runs in worker
    processes."""
    from manju.export.video import encode_segment
    from manju.render.shot import ShotRenderer, ShotSpec

    spec = ShotSpec.from_json(spec_json)
    frames = 0

    def write(tmp: Path) -> None:
        nonlocal frames
        r = ShotRenderer(spec)
        r.begin()
        try:
            frames = encode_segment(r.frames(), tmp, spec.width, spec.height, spec.fps,
                                    threads=threads)
        finally:
            r.finish()

    path = Cache(Path(cache_dir)).put("shots", key, ".mp4", write)
    return str(path), frames


def _inputs(spec_json: dict[str, Any]) -> dict[str, bytes]:
    """The files a shot reads (voice clips for lip sync, the background plate) by path, to
    travel with the task to a worker that does not see this machine's files."""
    paths = [c["audio"] for c in spec_json.get("cues", []) if c.get("audio")]
    plate = spec_json.get("plate")
    if plate and plate.get("path"):
        paths.append(plate["path"])
    return {p: Path(p).read_bytes() for p in dict.fromkeys(paths)}


def render_segment_portable(spec_json: dict[str, Any], key: str, files: dict[str, bytes],
                            threads: int = 1) -> tuple[bytes, int]:
    """Render one shot on a worker that may not see the project's files: ``files`` holds the
    inputs by their original path; returns the encoded segment's bytes and its frame count
    (the caller files them in the cache under ``key``)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="manju-shot-") as tmp:
        local = Path(tmp)
        moved: dict[str, str] = {}
        for i, (path, data) in enumerate(files.items()):
            # Same file name (the voice clip's name is its content hash), private folder.
            target = local / str(i) / Path(path).name
            target.parent.mkdir()
            target.write_bytes(data)
            moved[path] = str(target)
        spec = dict(spec_json)
        spec["cues"] = [{**c, "audio": moved.get(c["audio"], c["audio"]) if c.get("audio") else None}
                        for c in spec_json.get("cues", [])]
        if spec.get("plate") and spec["plate"].get("path"):
            spec["plate"] = {**spec["plate"], "path": moved[spec["plate"]["path"]]}
        path, frames = render_segment(spec, str(local / "cache"), key, threads)
        return Path(path).read_bytes(), frames


def _frames(spec_json: dict[str, Any]) -> int:
    """How many frames a shot spec (as JSON) draws."""
    return int(round(float(spec_json["duration"]) * int(spec_json["fps"])))


def _load_before_threads() -> None:
    """Load OpenCV and start the font manager on this thread before the render threads do:
    loading OpenCV sets environment variables (unsafe while other threads' C code reads the
    environment) and starting fontconfig points stderr elsewhere for a moment."""
    from manju.render.fonts import font_manager
    from manju.render.opencv import cv2

    cv2()
    font_manager()


def pending_shots(project: Project, ctx: Context) -> int:
    """How many distinct shots the render stage would draw now (their segments not cached)."""
    cache = ctx.cache
    keys = {spec_key(shot_spec(project, scene, shot)) for scene in project.scenes()
            for shot in scene.shots}
    return sum(1 for key in keys if not cache.path("shots", key, ".mp4").exists())


def render(project: Project, ctx: Context) -> Project:
    """Render all shots whose segment is not cached yet; record each segment on its shot."""
    if not project.shots():
        raise StageError("nothing to render: the storyboard has no shots")
    cache = ctx.cache
    # Half-written units of a run that was killed are discarded; finished ones are kept. (The
    # project folder is locked, so no other live writer can own them; not so for a cache that
    # episodes made at once on a cluster share, whose driver cleared it before sending them.)
    if ctx.exclusive_cache:
        for stale in cache.stale_temporaries():
            stale.unlink(missing_ok=True)
    todo: list[tuple[dict[str, Any], str]] = []
    queued: set[str] = set()
    for scene in project.scenes():
        for shot in scene.shots:
            spec = shot_spec(project, scene, shot)
            key = spec_key(spec)
            path = cache.path("shots", key, ".mp4")
            shot.segment = Segment(path=project.relative(path), key=key, frames=spec.frames)
            if key not in queued and cache.get("shots", key, ".mp4") is None:
                queued.add(key)
                todo.append((spec.to_json(), key))
    # The longest shots first: the pool then ends on short ones, and no core waits long for
    # the last long shot of the queue (the segments are the same in any order).
    todo.sort(key=lambda unit: -_frames(unit[0]))
    ctx.progress.start("render", len(todo))
    executor = ctx.executor or LocalExecutor(ctx.workers)

    def done() -> None:
        # A pool of processes is forked by now: work kept for this process's idle time (the
        # soundtrack; see manju.pipeline) may start on a thread.
        start_beside(ctx.background.values(), drained=False)
        ctx.progress.advance()

    if executor.parallel(len(todo)) and getattr(executor, "kind", "") == "threads":
        _load_before_threads()
    if executor.shared_files:
        # One worker alone encodes with two threads (the x264 output is the same for any
        # number of segments made this way, and for every run), unless the soundtrack is
        # being mixed beside it: then the other core is the mix's.
        threads = 1 if executor.parallel(len(todo)) or ctx.background else 2
        calls: list[tuple[Any, ...]] = [(sj, str(ctx.cache_dir), key, threads) for sj, key in todo]
        executor.map(render_segment, calls, lambda _i, _r: done())
    else:
        def keep(i: int, result: tuple[bytes, int]) -> None:
            def write(tmp: Path) -> None:
                tmp.write_bytes(result[0])

            cache.put("shots", todo[i][1], ".mp4", write)
            done()

        executor.map(render_segment_portable,
                     [(sj, key, _inputs(sj), 1) for sj, key in todo], keep)
    # The sheets' pictures only now: the pool's workers have exited, so their memory does not
    # add to the drawing's (about 150 MB; begun while the last shots were drawn, the summed
    # peak rose by that much for a few seconds of overlap).
    start_beside(ctx.background.values(), drained=True)
    ctx.progress.finish()
    total = len(project.shots())
    ctx.stats.update(shots_total=total, shots_rendered=len(todo), shots_cached=total - len(todo))
    return project
