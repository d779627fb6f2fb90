"""Still exports: the storyboard contact sheet, the character sheet and the webtoon strip."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import skia

from manju.cache import write_atomic
from manju.doc.model import Project
from manju.render.lettering import paragraph

BG = skia.Color(246, 244, 240)
INK = skia.Color(28, 28, 32)
MAX_STRIP = 12000  # px: taller webtoons are sliced into numbered parts
MAX_SHEET_SHOTS = 240  # shots per storyboard sheet: a longer episode gets numbered parts


def _save(img: skia.Image, path: Path) -> Path:
    fmt = skia.kJPEG if path.suffix.lower() in (".jpg", ".jpeg") else skia.kPNG
    data = img.encodeToData(fmt, 90)
    if data is None:
        raise RuntimeError(f"could not encode {path.name}")
    return write_atomic(path, bytes(data))


def _label(canvas: skia.Canvas, text: str, x: float, y: float, width: float, size: float,
           lang: str = "en", color: int = INK) -> float:
    para = paragraph(text, lang, size, width, color)
    para.paint(canvas, x, y)
    return float(para.Height)


def _still(spec: Any) -> tuple[skia.Image, dict[str, Any]]:
    from manju.render.shot import still

    return still(spec), {}


def _stills(project: Project, width: int) -> list[tuple[str, float, skia.Image]]:
    """A representative frame of every shot, rendered at ``width`` pixels wide."""
    return list(_iter_stills(project, width))


def _iter_stills(project: Project, width: int) -> Iterator[tuple[str, float, skia.Image]]:
    """:func:`_stills` one shot at a time (a long episode never holds every still)."""
    from manju.export.stills import cached_picture
    from manju.stages.render import shot_spec

    st = project.settings
    h = round(width * st.height / st.width)
    for scene in project.scenes():
        for shot in scene.shots:
            spec = shot_spec(project, scene, shot)
            spec.width, spec.height = width, h
            spec.transition = "cut"
            image, _ = cached_picture(project, "still", spec, [width, h],
                                      functools.partial(_still, spec))
            yield shot.id, shot.duration, image


def storyboard(project: Project, path: Path, thumb: int = 240, columns: int = 6) -> Path:
    """Contact sheet of every shot with its id and duration. An episode of more than
    :data:`MAX_SHEET_SHOTS` shots continues on ``NAME_02.png``, ``NAME_03.png``, ... (the
    first part stays at ``path``), so no sheet grows with the story."""
    st = project.settings
    th = round(thumb * st.height / st.width)
    total = len(project.shots())
    cell_w, cell_h = thumb + 16, th + 44
    cols = min(columns, max(1, total))
    per = max(cols, MAX_SHEET_SHOTS - MAX_SHEET_SHOTS % cols)
    stills = _iter_stills(project, thumb)
    for stale in path.parent.glob(f"{path.stem}_[0-9][0-9]{path.suffix}"):
        stale.unlink(missing_ok=True)  # parts of a longer version of the story
    first = path
    for part, start in enumerate(range(0, max(1, total), per), start=1):
        count = min(per, total - start)
        rows = max(1, math.ceil(count / cols))
        surf = skia.Surface(cols * cell_w + 16, rows * cell_h + 70)
        c = surf.getCanvas()
        c.clear(BG)
        more = f", {start + 1}–{start + count}" if total > per else ""
        _label(c, f"{project.title} — storyboard ({total} shots{more})", 16, 14, cols * cell_w,
               26, project.lang)
        for j in range(count):
            sid, dur, img = next(stills)
            x = 16 + (j % cols) * cell_w
            y = 60 + (j // cols) * cell_h
            c.drawImage(img, x, y)
            c.drawRect(skia.Rect.MakeXYWH(x, y, img.width(), img.height()),
                       skia.Paint(Style=skia.Paint.kStroke_Style, StrokeWidth=2, Color=INK))
            # Shots are named by number (what users type) and by their stable id.
            _label(c, f"{start + j + 1}. {sid}  {dur:.1f}s", x, y + img.height() + 4, thumb, 14)
        target = path if part == 1 else path.with_name(f"{path.stem}_{part:02d}{path.suffix}")
        _save(surf.makeImageSnapshot(), target)
        del surf
    return first


def cast_sheet(project: Project, path: Path, height: int = 300) -> Path:
    """Character sheet: each character's name and all expressions, plus a talking mouth."""
    from manju.render.character import EXPRESSIONS, Look, Pose, character_sprite

    chars = project.characters or []
    cell = int(height * 0.8)
    cols = len(EXPRESSIONS) + 1
    row_h = height + 70
    surf = skia.Surface(cols * cell + 40, max(1, len(chars)) * row_h + 80)
    c = surf.getCanvas()
    c.clear(BG)
    _label(c, f"{project.title} — cast", 20, 16, cols * cell, 30, project.lang)
    for r, ch in enumerate(chars):
        y = 70 + r * row_h
        fields = ch.look.fields() if ch.look else {}
        look = Look(**{k: v for k, v in fields.items() if k in Look.__dataclass_fields__})
        desc = f"{ch.name}  ({ch.gender}, {ch.age}; {ch.lines} lines; voice {ch.voice.voice if ch.voice else '?'})"
        _label(c, desc, 20, y, cols * cell, 20, project.lang)
        poses = [Pose(expression=e) for e in EXPRESSIONS] + [Pose(mouth="open", facing="left")]
        for i, pose in enumerate(poses):
            img, _ = character_sprite(look, pose, height - 20)
            x = 20 + i * cell + (cell - img.width()) / 2
            c.save()
            c.clipRect(skia.Rect.MakeXYWH(20 + i * cell, y + 34, cell - 4, height))
            c.drawImage(img, x, y + 34 + height - 20 - img.height())
            c.restore()
            label = EXPRESSIONS[i] if i < len(EXPRESSIONS) else "talking"
            _label(c, label, 20 + i * cell, y + 34 + height - 18, cell, 13)
    return _save(surf.makeImageSnapshot(), path)


# Panel height as a fraction of its width, by framing: establishing shots tall, reactions a
# thin strip, the way a vertical comic paces its panels.
PANEL_ASPECT = {"wide": 1.25, "two_shot": 0.85, "over_shoulder": 0.85, "medium": 0.95,
                "close_up": 0.9, "reaction": 0.45, "insert": 0.8}


def _webtoon_panel_height(framing: str, panel_w: int) -> int:
    return round(panel_w * PANEL_ASPECT.get(framing, 0.9))


def draw_pictures(project: Project, thumb: int = 240, width: int = 720) -> int:
    """Draw into the project's cache every shot picture that :func:`storyboard` (``thumb``)
    and :func:`webtoon` (``width``) show, keeping none; returns how many. Done while the shots
    render, it leaves those sheets only laying out and encoding to do (same pictures, same
    bytes: they are read back from the cache)."""
    from manju.export.pages import render_panel

    count = sum(1 for _ in _iter_stills(project, thumb))
    panel_w = width - 60
    for scene in project.scenes():
        for shot in scene.shots:
            render_panel(project, scene, shot, panel_w,
                         _webtoon_panel_height(shot.framing, panel_w))
            count += 1
    return count


def webtoon(project: Project, out_dir: Path, width: int = 720) -> list[Path]:
    """The story as a lettered vertical strip (every line of every shot in its panel, panel
    shapes by framing, wide gaps between scenes), sliced into parts when very tall."""
    from manju.export.pages import render_panel

    panel_w = width - 60
    gutter, scene_gap = 40, 160
    # Plan the parts from the panels' heights first, then draw one part at a time: a long
    # episode never holds more than one part's panels.
    planned: list[tuple[Any, Any, int, int]] = []  # scene, shot, height, gap
    for scene in project.scenes():
        for k, shot in enumerate(scene.shots):
            h = _webtoon_panel_height(shot.framing, panel_w)
            planned.append((scene, shot, h, scene_gap if k == 0 and planned else gutter))
    parts: list[list[tuple[Any, Any, int, int]]] = []
    part: list[tuple[Any, Any, int, int]] = []
    total = 0
    for scene, shot, h, gap in planned:
        if part and total + h + gap > MAX_STRIP:
            parts.append(part)
            part, total = [], 0
            gap = gutter
        part.append((scene, shot, h, gap))
        total += h + gap
    if part:
        parts.append(part)
    paths: list[Path] = []
    for index, items in enumerate(parts, start=1):
        height = sum(h + gap for _, _, h, gap in items) + gutter
        surf = skia.Surface(width, height)
        c = surf.getCanvas()
        c.clear(skia.ColorWHITE)
        y = 0
        for scene, shot, h, gap in items:
            panel = render_panel(project, scene, shot, panel_w, h)
            p = panel.image
            assert p is not None
            y += gap
            c.drawImage(p, 30, y)
            c.drawRect(skia.Rect.MakeXYWH(30, y, p.width(), p.height()),
                       skia.Paint(Style=skia.Paint.kStroke_Style, StrokeWidth=4, Color=INK))
            y += p.height()
        name = "webtoon.jpg" if len(parts) == 1 else f"webtoon_{index:02d}.jpg"
        paths.append(_save(surf.makeImageSnapshot(), out_dir / name))
        del surf
    return paths
