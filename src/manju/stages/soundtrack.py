"""The finished soundtrack as one cached unit: mixed, mastered, encoded to AAC and checked for
true peak once, stored in the project's cache (``.cache/soundtrack/KEY.m4a``) under a key that
covers everything it is made from.

Why a unit of its own: an edit that touches only pictures (a framing, a style, an undo)
leaves every sample of the soundtrack as it was, and joining the video then only copies the
encoded audio in (a fraction of a second instead of mixing, encoding and decoding the whole
track again). And because the soundtrack needs nothing from the rendered pictures, it can be
made while the shots render (:func:`start`), on the other core.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from manju.background import Background, Beside
from manju.cache import code_fingerprint, content_hash
from manju.doc.model import Project
from manju.export.timeline import Timeline, timeline
from manju.stages.context import Context, Progress

KIND = "soundtrack"
SUFFIX = ".m4a"


def _music_backend(ctx: Context) -> Any:
    from manju.backends.registry import load

    return ctx.backends.get("music") or load("music", "synth")


def soundtrack_key(project: Project, tl: Timeline, ctx: Context) -> str:
    """The cache key of ``project``'s soundtrack: the voice clips and where they start, how
    each is delivered, the music's pieces, the effects' inputs (the lines' words and times,
    the scenes' weather), the settings, the code and the AAC encoder's version."""
    import av

    from manju.stages.assemble import CEILING_DBTP, SR, delivery_db, music_keys

    clips = []
    for t in tl.lines:
        ln = project.line(t.line)
        if ln.audio is not None:
            clips.append((ln.audio.path, t.start, delivery_db(ln)))
    s = project.settings
    music = music_keys(project, tl, _music_backend(ctx)) if s.music else []
    effects = ([(t.line, t.text, t.start, t.end) for t in tl.lines],
               [(sc.id, sc.setting.weather, sc.setting.interior) for sc in project.scenes()],
               project.lang) if s.sfx else None
    return content_hash(KIND, code_fingerprint("audio", "stages/assemble.py",
                                               "stages/soundtrack.py", "export/video.py"),
                        av.__version__, clips, [(a, b, k) for a, b, k, _m, _s in music], effects,
                        round(tl.duration, 6), s.seed, SR, CEILING_DBTP)


def make(project: Project, ctx: Context, key: str, tl: Timeline | None = None) -> tuple[Path, list[str]]:
    """The soundtrack's cache file, mixed and encoded when missing, and the music files it
    plays (project-relative)."""
    from manju.stages.assemble import encode_peak_safe, music_files, soundtrack

    tl = tl or timeline(project)
    cache = ctx.cache
    found = cache.get(KIND, key, SUFFIX)
    if found is not None:
        used: list[str] = []
        if project.settings.music:
            music_files(project, tl, ctx, _music_backend(ctx), used)
        return found, used
    used = []
    audio = soundtrack(project, tl, ctx, used=used, scratch_dir=ctx.out_dir).master()
    try:
        path = cache.put(KIND, key, SUFFIX, lambda tmp: encode_peak_safe(audio, tmp))
    finally:
        audio.close()
    return path, used


def _make_quietly(project: Project, ctx: Context, key: str) -> tuple[str, list[str]]:
    # In the background child: its progress and notices would draw over the parent's.
    path, used = make(project, dataclasses.replace(ctx, progress=Progress()), key)
    return str(path), used


@dataclasses.dataclass
class Pending:
    """A soundtrack being made in the background for ``key``."""

    key: str
    job: Background | Beside

    def cancel(self) -> None:
        """Stop the background work (the run failed or no longer needs it)."""
        self.job.cancel()


def _wanted(project: Project, ctx: Context) -> str | None:
    """The key of ``project``'s soundtrack when it has shots and the soundtrack is not cached
    yet, else None."""
    if not project.shots():
        return None
    tl = timeline(project)
    if not tl.shots:
        return None
    key = soundtrack_key(project, tl, ctx)
    return None if ctx.cache.path(KIND, key, SUFFIX).exists() else key


def beside(project: Project, ctx: Context) -> Pending | None:
    """The soundtrack to make on a thread of this process once started (see
    :class:`manju.background.Beside`); None when it is cached already."""
    key = _wanted(project, ctx)
    if key is None:
        return None
    return Pending(key, Beside(_make_quietly, project, ctx, key))


def start(project: Project, ctx: Context) -> Pending | None:
    """Begin making the soundtrack in a background process when it is not cached yet (see
    :mod:`manju.background`); None when there is nothing to do or it cannot run apart."""
    from manju.background import can_fork

    if not can_fork():
        return None
    key = _wanted(project, ctx)
    if key is None:
        return None
    # The mixing and encoding code is imported here, before the fork, so the child starts
    # with it (scipy.signal alone takes about a second to import, and the child's work is
    # what the run waits for; this process has time to spare while the shot renders).
    import manju.audio.master
    import manju.audio.sfx
    import manju.export.video  # noqa: F401
    return Pending(key, Background(_make_quietly, project, ctx, key))
