"""Drawing kit shared by the prop modules (internal to :mod:`manju.render.props`).

Props are drawn in a design space 100 units tall: the base is at y = 0, the top at
y = -100, x = 0 is the centre. Outlines use the characters' inks (:func:`ink_for`) and one
cel-shadow step (:func:`shade`), so a prop sits naturally in a character's hand.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import skia

from manju.render.character_style import (
    RGB,
    WHITE,
    ellipse,
    fill,
    ink_for,
    light,
    mix,
    rgb,
    shade,
    smooth,
    stroke,
)

__all__ = [
    "LW", "LW2", "LW3", "RGB", "WHITE", "Drawer", "Pt", "part", "rod", "clipped", "poly",
    "rrect", "circle", "line", "fill", "stroke", "ellipse", "light", "mix", "rgb", "shade",
    "smooth", "ink_for", "pick", "sector",
]

Pt = tuple[float, float]
LW = 3.0  # main outline, design units (a 600 px character has ~4 px lines; so do props)
LW2 = 2.0  # inner detail lines
LW3 = 1.4  # fine texture lines
Drawer = Callable[[skia.Canvas, random.Random], None]


def part(c: skia.Canvas, path: skia.Path, col: RGB, *, shadow: skia.Path | None = None,
         hi: skia.Path | None = None, lw: float = LW, line: RGB | None = None,
         shadow_amt: float = 1.0, hi_amt: float = 0.45) -> None:
    """Fill ``path``, add a cel shadow and a highlight clipped inside it, then outline it."""
    c.drawPath(path, fill(col))
    if shadow is not None or hi is not None:
        c.save()
        c.clipPath(path, doAntiAlias=True)
        if shadow is not None:
            c.drawPath(shadow, fill(shade(col, shadow_amt)))
        if hi is not None:
            c.drawPath(hi, fill(light(col, hi_amt)))
        c.restore()
    if lw > 0:
        c.drawPath(path, stroke(line if line is not None else ink_for(col), lw))


def clipped(c: skia.Canvas, clip: skia.Path, draw: Callable[[], None]) -> None:
    """Run ``draw`` with the canvas clipped to ``clip``."""
    c.save()
    c.clipPath(clip, doAntiAlias=True)
    draw()
    c.restore()


def rod(c: skia.Canvas, path: skia.Path, col: RGB, width: float, lw: float = LW) -> None:
    """A stroked tube (handle, cord, shaft): an ink stroke with the colour stroke inside."""
    c.drawPath(path, stroke(ink_for(col), width + 2 * lw * 0.8))
    c.drawPath(path, stroke(col, width))


def poly(points: Sequence[Pt], closed: bool = True) -> skia.Path:
    """Straight-edged path through ``points``."""
    p = skia.Path()
    p.moveTo(*points[0])
    for pt in points[1:]:
        p.lineTo(*pt)
    if closed:
        p.close()
    return p


def rrect(x0: float, y0: float, x1: float, y1: float, r: float) -> skia.Path:
    """Rounded rectangle from corner (x0, y0) to (x1, y1)."""
    p = skia.Path()
    p.addRRect(skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(x0, y0, x1, y1), r, r))
    return p


def circle(cx: float, cy: float, r: float) -> skia.Path:
    """Circle as a path."""
    return ellipse(cx, cy, r, r)


def line(points: Sequence[Pt]) -> skia.Path:
    """Open polyline."""
    return poly(points, closed=False)


def sector(cx: float, cy: float, r0: float, r1: float, a0: float, a1: float) -> skia.Path:
    """Annular sector between radii r0 < r1 and angles a0..a1 (degrees, 0 = +x, y down)."""
    p = skia.Path()
    p.arcTo(skia.Rect.MakeLTRB(cx - r1, cy - r1, cx + r1, cy + r1), a0, a1 - a0, True)
    if r0 > 0:
        p.arcTo(skia.Rect.MakeLTRB(cx - r0, cy - r0, cx + r0, cy + r0), a1, a0 - a1, False)
    else:
        p.lineTo(cx, cy)
    p.close()
    return p


def pick(rnd: random.Random, options: Sequence[str]) -> RGB:
    """A colour chosen by the seed's random stream."""
    return rgb(options[rnd.randrange(len(options))])
