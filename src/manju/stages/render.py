"""render: draw every shot into its own cached H.264 segment (resumable, parallel)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from manju.cache import cache_path, content_hash
from manju.doc.model import Project, Scene, Shot
from manju.errors import StageError
from manju.stages.context import Context

READS = ("episodes[].scenes[].shots", "characters[].look", "settings")
WRITES = ("episodes[].scenes[].shots[].metadata.segment",)


def shot_spec(project: Project, scene: Scene, shot: Shot) -> Any:
    """Everything needed to draw ``shot`` (see ``manju.render.shot.ShotSpec``)."""
    from manju.render.shot import CueSpec, ShotSpec

    st = project.settings
    cues = []
    for cue in shot.cues:
        ln = project.line(cue.line)
        cues.append(CueSpec(line=ln.id, kind=ln.kind, text=ln.text, speaker=ln.speaker,
                            emotion=ln.emotion, start=cue.start, end=cue.end,
                            audio=ln.audio.path if ln.audio else None))
    looks = {cid: project.character(cid).look for cid in shot.subjects}
    return ShotSpec(
        id=shot.id, width=st.width, height=st.height, fps=st.fps, lang=project.lang,
        framing=shot.framing, duration=shot.duration, subjects=list(shot.subjects), focus=shot.focus,
        sides=dict(scene.sides), expressions=dict(shot.expressions), looks=looks,
        setting=dict(scene.setting), camera=shot.camera.model_dump(exclude={"metadata", "schema_"}),
        cues=cues, transition=shot.transition, style=st.style, gestures=dict(shot.gestures),
        props=list(shot.props),
    )


def _spec_key(spec: Any) -> str:
    raw = spec.to_json()
    # Audio is keyed by its content-hash file name, so a path move does not re-render.
    for c in raw["cues"]:
        c["audio"] = Path(c["audio"]).name if c["audio"] else None
    from manju import __version__

    # A new release may draw differently: its shots must not come from an older cache.
    return content_hash("shot", __version__, raw)


def render_segment(spec_json: dict[str, Any], path: str, threads: int = 1) -> tuple[str, int]:
    """Render one shot to an MP4 segment at ``path`` (atomically). Runs in worker processes."""
    from manju.export.video import encode_segment
    from manju.render.shot import ShotRenderer, ShotSpec

    spec = ShotSpec.from_json(spec_json)
    r = ShotRenderer(spec)
    r.begin()
    final = Path(path)
    tmp = final.with_name(final.stem + f".tmp{os.getpid()}.mp4")
    try:
        n = encode_segment(r.frames(), tmp, spec.width, spec.height, spec.fps, threads=threads)
    finally:
        r.finish()
    tmp.replace(final)
    return path, n


def render(project: Project, ctx: Context) -> Project:
    """Render all shots whose segment is not cached yet; record each segment on its shot."""
    # Half-written segments from a run that crashed are discarded; finished ones are kept.
    shots_dir = ctx.cache_dir / "shots"
    if shots_dir.is_dir():
        for stale in shots_dir.glob("*.tmp*.mp4"):
            stale.unlink(missing_ok=True)
    todo: list[tuple[Shot, dict[str, Any], Path]] = []
    for scene in project.scenes():
        for shot in scene.shots:
            spec = shot_spec(project, scene, shot)
            path = cache_path(ctx.cache_dir, "shots", _spec_key(spec), ".mp4")
            shot.metadata["segment"] = str(path)
            shot.metadata["frames"] = spec.frames
            if not path.exists():
                todo.append((shot, spec.to_json(), path))
    if not project.shots():
        raise StageError("nothing to render: the storyboard has no shots")
    ctx.progress.start("render", len(todo))
    if ctx.workers <= 1 or len(todo) <= 1:
        for _, spec_json, path in todo:
            render_segment(spec_json, str(path), threads=2)
            ctx.progress.advance()
    else:
        with ProcessPoolExecutor(max_workers=ctx.workers) as pool:
            futures = [pool.submit(render_segment, sj, str(p), 1) for _, sj, p in todo]
            for fut in as_completed(futures):
                fut.result()
                ctx.progress.advance()
    ctx.progress.finish()
    return project
