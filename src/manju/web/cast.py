"""The cast on the studio's canvas: the cast sheet (``cast.png``, written by the sheets export)
and one entry per character (name, aliases, voice, look, the reference sheets recorded on it
by ``manju refs`` or the refsheet stage, or else where its neutral face sits on the cast sheet).

The browser never gets a path: the cast sheet goes through the checked file route, and a
reference sheet through a route keyed by character id and view whose file is read from the
document and served only when it lies inside the project folder.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any
from urllib.parse import quote

from manju.doc.model import Character, Project

CAST_SHEET = "cast.png"
#: the picture types a reference sheet may be served as
PICTURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".webp": "image/webp"}
# Where :func:`manju.export.sheets.cast_sheet` (at its default height of 300) puts a
# character's neutral face: one row per character, the first cell of the row (above its label).
_SHEET_HEIGHT = 300
_CELL = int(_SHEET_HEIGHT * 0.8)
_ROW = _SHEET_HEIGHT + 70
_TOP, _LEFT, _LABEL = 70, 20, 34
_COLUMNS = 9  # eight expressions and a talking mouth


def png_size(path: Path) -> tuple[int, int] | None:
    """The width and height of the PNG at ``path`` from its header (None: not a PNG)."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    w, h = struct.unpack(">II", head[16:24])
    return int(w), int(h)


def sheet_layout(size: tuple[int, int] | None, count: int) -> bool:
    """Whether a cast sheet of ``size`` pixels has the layout of one drawn for ``count``
    characters (an older sheet, drawn before the cast changed, does not)."""
    return size == (_COLUMNS * _CELL + 40, max(1, count) * _ROW + 80)


def still(row: int) -> dict[str, int]:
    """The rectangle of the cast sheet (pixels) that holds row ``row``'s neutral face."""
    return {"x": _LEFT, "y": _TOP + row * _ROW + _LABEL, "w": _CELL - 4, "h": _SHEET_HEIGHT - 20}


def sheet_path(project: Project, ch: Character, view: str) -> Path | None:
    """The file of ``ch``'s reference sheet ``view`` when it is a picture inside the project
    folder (a path in the document that leads out of it, by ``..``, an absolute path or a
    symbolic link, is never served); None otherwise."""
    from manju.stages.refsheet import sheets

    asset = sheets(ch).get(view)
    root = project.root
    if asset is None or root is None or not asset.path or "\x00" in asset.path:
        return None
    try:
        path = project.resolve(asset.path).resolve()
        path.relative_to(root.resolve())
    except (OSError, ValueError):
        return None
    if path.suffix.lower() not in PICTURE_TYPES or not path.is_file():
        return None
    return path


def entries(project: Project, pid: str) -> dict[str, Any]:
    """The cast group of the canvas: ``cast_sheet`` (its URL and size, or None) and ``cast``
    (one entry per character, in the document's order)."""
    from manju.stages.refsheet import SHEETS, sheets

    root = project.root
    sheet_file = root / CAST_SHEET if root is not None else None
    size = png_size(sheet_file) if sheet_file is not None and sheet_file.is_file() \
        and not sheet_file.is_symlink() else None
    cast_sheet = None
    if size is not None:
        stamp = int(sheet_file.stat().st_mtime_ns) if sheet_file is not None else 0
        cast_sheet = {"url": f"/api/projects/{pid}/files/{CAST_SHEET}?v={stamp}",
                      "width": size[0], "height": size[1]}
    cropped = sheet_layout(size, len(project.characters))
    out = []
    for row, c in enumerate(project.characters):
        look = c.look
        recorded = sheets(c)
        refs = []
        for view in SHEETS:
            if view in recorded and sheet_path(project, c, view) is not None:
                asset = recorded[view]
                refs.append({"view": view, "by": "you" if asset.backend == "user" else asset.backend,
                             "url": f"/api/projects/{pid}/cast/{quote(c.id, safe='')}/sheet/{view}"
                                    f"?k={asset.sha256[:16]}"})
        out.append({
            "id": c.id, "name": c.name, "aliases": list(c.aliases), "gender": c.gender,
            "age": c.age, "lines": c.lines, "description": list(c.description),
            "colors": {k: getattr(look, k) for k in ("skin", "hair_color", "eye_color",
                                                      "outfit_color")} if look else {},
            "outfit": look.outfit if look else "",
            "look": look.fields() if look else {},
            "voice": c.voice.voice if c.voice else "",
            "speech": c.voice.fields() if c.voice else {},
            "sheets": refs,
            "picture": refs[0]["url"] if refs else "",
            "still": still(row) if cropped and not refs else None})
    return {"cast_sheet": cast_sheet, "cast": out}
