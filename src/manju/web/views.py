"""What the studio's pages show, read from a project folder: the canvas (scenes, shot cards,
the cast), the artefacts one may download, and shot thumbnails decoded from the rendered
segments. Every file a request names is checked against the list this module makes."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from manju.doc.model import Project

#: The artefacts ``manju make`` and ``manju export`` write, by name or pattern.
ARTEFACTS = ("video.mp4", "subtitles.srt", "subtitles.vtt", "subtitles.ass", "script.fountain",
             "storyboard.png", "cast.png", "comic.pdf", "comic.cbz", "project.json")
_PATTERNS = (re.compile(r"webtoon(_\d+)?\.jpg"), re.compile(r"story\.(txt|md)"))
EXPORT_DIR = "export"
FRAMES = 4  # frames shown per shot when a card is selected
THUMB_HEIGHT = 480


class BadName(ValueError):
    """A file parameter that is not a plain relative name (``..``, absolute, odd characters)."""


def check_name(name: str) -> PurePosixPath:
    """``name`` as a relative path, or BadName (traversal, absolute paths, backslashes…)."""
    if not name or len(name) > 500 or "\\" in name or "\x00" in name or name.startswith("/"):
        raise BadName(name)
    p = PurePosixPath(name)
    if any(part in ("", ".", "..") or part.startswith(".") for part in p.parts):
        raise BadName(name)
    return p


def list_files(root: Path) -> list[dict[str, Any]]:
    """The artefacts in project folder ``root``: name (relative, ``/``-separated), size, kind."""
    names: list[str] = []
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if entry.is_file() and not entry.is_symlink() and (
                entry.name in ARTEFACTS or any(p.fullmatch(entry.name) for p in _PATTERNS)):
            names.append(entry.name)
    export = root / EXPORT_DIR
    if export.is_dir() and not export.is_symlink():
        for f in sorted(export.rglob("*")):
            rel = f.relative_to(root).as_posix()
            if f.is_file() and not f.is_symlink() and not any(
                    part.startswith(".") for part in PurePosixPath(rel).parts):
                names.append(rel)
    out = []
    for n in names:
        path = root / n
        out.append({"name": n, "size": path.stat().st_size, "kind": _kind(n)})
    return out


def _kind(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"mp4": "video", "srt": "subtitles", "vtt": "subtitles", "ass": "subtitles",
            "fountain": "script", "png": "picture", "jpg": "picture", "pdf": "comic",
            "cbz": "comic", "json": "data", "txt": "story", "md": "story"}.get(suffix, "file")


def safe_file(root: Path, name: str) -> Path | None:
    """The file ``name`` names in project folder ``root`` when it is one of its artefacts
    (BadName for a name that tries to leave the folder; None when there is no such artefact)."""
    rel = check_name(name)
    if rel.as_posix() not in {f["name"] for f in list_files(root)}:
        return None
    path = (root / rel).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:  # a symbolic link somewhere on the way out of the folder
        return None
    return path if path.is_file() else None


def canvas(project: Project, pid: str) -> dict[str, Any]:
    """The canvas of a project: scenes with their shot cards, and the cast group (the cast
    sheet and one entry per character, see :mod:`manju.web.cast`)."""
    from manju.doc.ops_shots import movable

    names = {c.id: c.name for c in project.characters}
    base = f"/api/projects/{pid}/shots"
    scenes: list[dict[str, Any]] = []
    number = 0
    for ep in project.episodes:
        for sc in ep.scenes:
            lines = {ln.id: ln for ln in sc.lines}
            moves = movable(project, sc)
            cards = []
            for sh in sc.shots:
                number += 1
                played = [lines[c.line] for c in sh.cues if c.line in lines]
                key = sh.segment.key if sh.segment else ""
                patch = project.overrides.get(sh.id)
                cards.append({
                    "id": sh.id, "number": number, "framing": sh.framing,
                    "camera": sh.camera.move, "transition": sh.transition,
                    "duration": round(sh.duration, 2),
                    "subjects": [names.get(s, s) for s in sh.subjects],
                    "subject_ids": list(sh.subjects), "props": list(sh.props),
                    "held": {p: names.get(c, c) for p, c in sh.held.items()},
                    "hold": patch.hold if patch and patch.hold is not None else 0.0,
                    "pace": patch.pace if patch and patch.pace else "normal",
                    "speakers": sorted({names.get(ln.speaker, ln.speaker) for ln in played
                                        if ln.speaker}),
                    "lines": [{"id": ln.id, "kind": ln.kind, "text": ln.text,
                               "speaker": names.get(ln.speaker, ln.speaker) if ln.speaker else "",
                               "emotion": ln.emotion} for ln in played],
                    "movable": sh.id in moves, "key": key,
                    "thumb": f"{base}/{sh.id}/frame/1.jpg?k={key}" if key else "",
                    "frames": [f"{base}/{sh.id}/frame/{i}.jpg?k={key}" for i in range(FRAMES)]
                    if key else [],
                    "segment": f"{base}/{sh.id}/segment.mp4?k={key}" if key else ""})
            scenes.append({"id": sc.id, "episode": ep.id, "heading": sc.heading,
                           "location": sc.location, "time": sc.setting.time,
                           "weather": sc.setting.weather, "mood": sc.mood, "shots": cards})
    from manju.web.cast import entries

    return {"scenes": scenes, **entries(project, pid)}


def frame_jpeg(segment: Path, frames: int, index: int, out: Path) -> Path:
    """Frame ``index`` of ``FRAMES`` evenly spread over a rendered segment, as a JPEG at
    ``out`` (made once; the name carries the segment's cache key)."""
    if out.is_file():
        return out
    import av
    import numpy as np
    import skia

    from manju.cache import write_atomic

    want = 0 if frames <= 1 else round(index * (frames - 1) / (FRAMES - 1))
    rgba = None
    with av.open(str(segment)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            rgba = frame.to_ndarray(format="rgba")
            if i >= want:
                break
    if rgba is None:
        raise ValueError(f"{segment} has no frames")
    image = skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType)
    if image.height() > THUMB_HEIGHT:
        scale = THUMB_HEIGHT / image.height()
        image = image.resize(max(1, round(image.width() * scale)), THUMB_HEIGHT)
    data = image.encodeToData(skia.kJPEG, 82)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(out, bytes(data))
