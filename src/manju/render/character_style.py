"""Colour and path helpers shared by the character drawing modules.

Everything here is pure and cheap: colours are handled as ``(r, g, b)`` float tuples
in 0..1, paints are built on demand, and paths are plain :class:`skia.Path` objects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import skia

RGB = tuple[float, float, float]
Pt = tuple[float, float]

INK: RGB = (0.16, 0.11, 0.14)
WHITE: RGB = (1.0, 1.0, 1.0)
# Cel-shadow tint: multiplying by a cool violet reads as "anime shadow" on any colour.
_SHADE_TINT: RGB = (0.78, 0.72, 0.88)


def rgb(hex_colour: str) -> RGB:
    """Parse ``#rrggbb`` (or ``rrggbb``) into floats; bad input falls back to mid grey."""
    h = hex_colour.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    try:
        return (int(h[0:2], 16) / 255.0, int(h[2:4], 16) / 255.0, int(h[4:6], 16) / 255.0)
    except (ValueError, IndexError):
        return (0.5, 0.5, 0.5)


def to_hex(c: RGB) -> str:
    """Format a float colour as ``#rrggbb``."""
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in c)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1)."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def shade(c: RGB, amount: float = 1.0) -> RGB:
    """Cel-shadow tone of ``c`` (``amount`` 1 = the standard single shadow step)."""
    m = (c[0] * _SHADE_TINT[0], c[1] * _SHADE_TINT[1], c[2] * _SHADE_TINT[2])
    return mix(c, m, amount)


def light(c: RGB, amount: float = 0.35) -> RGB:
    """Highlight tone of ``c``."""
    return mix(c, WHITE, amount)


def ink_for(c: RGB) -> RGB:
    """Outline colour for a fill: a dark ink slightly tinted by the fill (softer on pale hair)."""
    return mix(INK, shade(c, 1.0), 0.22)


def luminance(c: RGB) -> float:
    """Perceptual brightness 0..1."""
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def fill(c: RGB, alpha: float = 1.0) -> skia.Paint:
    """Anti-aliased fill paint."""
    return skia.Paint(AntiAlias=True, Color4f=skia.Color4f(c[0], c[1], c[2], alpha))


def stroke(c: RGB, width: float, alpha: float = 1.0) -> skia.Paint:
    """Anti-aliased round-capped stroke paint."""
    return skia.Paint(
        AntiAlias=True,
        Color4f=skia.Color4f(c[0], c[1], c[2], alpha),
        Style=skia.Paint.kStroke_Style,
        StrokeWidth=width,
        StrokeCap=skia.Paint.kRound_Cap,
        StrokeJoin=skia.Paint.kRound_Join,
    )


def smooth(points: Sequence[Pt], closed: bool = False, path: skia.Path | None = None,
           tension: float = 1.0, move: bool = True) -> skia.Path:
    """Catmull-Rom curve through ``points`` as cubic Béziers (appended to ``path``)."""
    p = path if path is not None else skia.Path()
    n = len(points)
    if n == 0:
        return p
    if move:
        p.moveTo(*points[0])
    else:
        p.lineTo(*points[0])
    if n == 1:
        return p
    segs = n if closed else n - 1
    k = tension / 6.0
    for i in range(segs):
        p0 = points[(i - 1) % n] if (closed or i > 0) else points[i]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if (closed or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        p.cubicTo(c1[0], c1[1], c2[0], c2[1], p2[0], p2[1])
    if closed:
        p.close()
    return p


def ellipse(cx: float, cy: float, rx: float, ry: float) -> skia.Path:
    """Ellipse as a path."""
    p = skia.Path()
    p.addOval(skia.Rect.MakeLTRB(cx - rx, cy - ry, cx + rx, cy + ry))
    return p


def arc_points(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float,
               n: int) -> list[Pt]:
    """``n`` points on an ellipse from angle ``a0`` to ``a1`` (radians, 0 = +x, y down)."""
    out = []
    for i in range(n):
        a = a0 + (a1 - a0) * i / max(1, n - 1)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def drop(cx: float, cy: float, r: float, tilt: float = 0.0) -> skia.Path:
    """Tear/sweat drop: round bottom at (cx, cy), point upward (tilted by ``tilt`` * r)."""
    p = skia.Path()
    p.moveTo(cx + tilt * r, cy - 2.3 * r)
    p.cubicTo(cx + r * 0.5, cy - r * 1.2, cx + r * 1.05, cy - r * 0.4, cx + r, cy + r * 0.1)
    p.cubicTo(cx + r * 0.95, cy + r * 0.75, cx + r * 0.5, cy + r, cx, cy + r)
    p.cubicTo(cx - r * 0.5, cy + r, cx - r * 0.95, cy + r * 0.75, cx - r, cy + r * 0.1)
    p.cubicTo(cx - r * 1.05, cy - r * 0.4, cx - r * 0.5, cy - r * 1.2, cx + tilt * r, cy - 2.3 * r)
    p.close()
    return p


def draw_shape(canvas: skia.Canvas, path: skia.Path, colour: RGB, line: RGB | None,
               width: float, alpha: float = 1.0) -> None:
    """Fill ``path`` then outline it (no outline when ``line`` is None)."""
    canvas.drawPath(path, fill(colour, alpha))
    if line is not None and width > 0:
        canvas.drawPath(path, stroke(line, width, alpha))
