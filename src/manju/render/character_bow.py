"""The "bow" gesture: a respectful bow in design space.

The upper body leans forward (a skew anchored at the waist, so the shoulders move toward
the facing side and drop a little), the head and neck tip forward and down around the neck
base, and the hands meet in front: clasped at the belly for modern clothes, a cupped-fist
salute (抱拳) in front of the chest for robes. In front view the head simply drops and the
eyes are lowered (see ``make_rig``).
"""

from __future__ import annotations

import math

import skia

from manju.render.character_body import BOTTOM, ELBOW, _elbow, _limb, _side_w, _sleeve_colour
from manju.render.character_rig import Rig
from manju.render.character_style import draw_shape, ellipse, light, shade, stroke

BOW_DEG = 19.0  # head tilt for three-quarter views
_LEAN = 0.13  # forward skew of the upper body (design x per unit of height)


def is_bow(rig: Rig) -> bool:
    """Whether the pose is a bow."""
    return rig.pose.gesture == "bow"


def body_matrix(rig: Rig) -> skia.Matrix:
    """Transform (design space) for the torso and arms: lean forward from the waist."""
    m = skia.Matrix()
    if not is_bow(rig):
        return m
    m.setTranslate(0.0, BOTTOM)
    m.preSkew(-_LEAN * rig.dir, 0.0)
    m.preScale(1.0, 0.95 if rig.dir else 0.93)
    m.preTranslate(0.0, -BOTTOM)
    return m


def head_matrix(rig: Rig) -> skia.Matrix:
    """Transform (design space) for the neck and head: the body lean, then the head bow."""
    m = body_matrix(rig)
    if not is_bow(rig):
        return m
    pivot = (rig.dir * 12.0, rig.neck_base)
    if rig.dir:
        m.preTranslate(rig.dir * 6.0, 18.0)
        m.preRotate(rig.dir * BOW_DEG, *pivot)
    else:
        m.preTranslate(0.0, 42.0)
    return m


def hang_hair(canvas: skia.Canvas, rig: Rig) -> None:
    """In head space: shear the back hair so long hair still hangs down in a tilted bow."""
    if is_bow(rig) and rig.dir:
        pivot = -90.0
        canvas.translate(0.0, pivot)
        canvas.skew(rig.dir * math.tan(math.radians(BOW_DEG)) * 0.5, 0.0)
        canvas.translate(0.0, -pivot)


def _hands_clasped(canvas: skia.Canvas, rig: Rig, x: float, y: float) -> None:
    """Two hands resting one over the other in front of the belly."""
    d = rig.dir
    back = skia.Path()
    back.addRoundRect(skia.Rect.MakeLTRB(x - 44 + d * 10, y - 22, x + 40 + d * 10, y + 30), 24, 24)
    draw_shape(canvas, back, shade(rig.skin, 0.6), rig.skin_line, rig.lw)
    top = skia.Path()
    top.addRoundRect(skia.Rect.MakeLTRB(x - 38 - d * 6, y - 38, x + 46 - d * 6, y + 14), 24, 24)
    draw_shape(canvas, top, rig.skin, rig.skin_line, rig.lw)
    f = skia.Path()
    for i in range(3):
        fx = x + 4 - d * 6 + i * 13
        f.moveTo(fx, y - 34)
        f.lineTo(fx, y - 16)
    canvas.drawPath(f, stroke(rig.skin_line, rig.lw3, 0.8))


def _fist_salute(canvas: skia.Canvas, rig: Rig, x: float, y: float) -> None:
    """抱拳: a right fist covered by the flat left palm, thumb on top."""
    d = rig.dir or 1
    fist = skia.Path()
    fist.addRoundRect(skia.Rect.MakeLTRB(x - 34, y - 30, x + 34, y + 34), 24, 24)
    draw_shape(canvas, fist, shade(rig.skin, 0.6), rig.skin_line, rig.lw)
    k = skia.Path()
    for i in range(3):
        k.moveTo(x + d * 6, y - 12 + i * 15)
        k.lineTo(x + d * 26, y - 12 + i * 15)
    canvas.drawPath(k, stroke(rig.skin_line, rig.lw3, 0.8))
    palm = skia.Path()
    palm.moveTo(x - d * 44, y - 34)
    palm.quadTo(x - d * 4, y - 46, x + d * 8, y - 30)
    palm.lineTo(x + d * 4, y + 38)
    palm.quadTo(x - d * 30, y + 46, x - d * 46, y + 30)
    palm.close()
    draw_shape(canvas, palm, rig.skin, rig.skin_line, rig.lw)
    thumb = skia.Path()
    thumb.moveTo(x - d * 30, y - 40)
    thumb.quadTo(x - d * 6, y - 58, x + d * 14, y - 44)
    canvas.drawPath(thumb, stroke(rig.skin_line, 20 + rig.lw * 2))
    canvas.drawPath(thumb, stroke(rig.skin, 20))


def _cuff(canvas: skia.Canvas, rig: Rig, x: float, y: float, side: int, wide: bool) -> None:
    """The sleeve opening around a wrist (a bell for robes, a band otherwise)."""
    col, line = _sleeve_colour(rig)
    if col is not rig.cloth:
        return
    r = 62.0 if wide else 40.0
    p = skia.Path()
    p.moveTo(x - side * 6, y - r)
    p.quadTo(x + side * 40, y - r * 0.7, x + side * 34, y)
    p.quadTo(x + side * 40, y + r * 0.8, x - side * 6, y + r)
    p.quadTo(x + side * 14, y, x - side * 6, y - r)
    p.close()
    draw_shape(canvas, p, light(col, 0.08) if wide else col, line, rig.lw)
    if wide:
        canvas.drawPath(ellipse(x - side * 2, y, 14, r * 0.8), stroke(line, rig.lw3, 0.6))


def draw_bow_arms(canvas: skia.Canvas, rig: Rig) -> None:
    """Forearms from the elbows to the hands meeting in front (call in body space)."""
    col, line = _sleeve_colour(rig)
    robe = rig.look.outfit == "robe"
    cx = rig.dir * 22.0
    hy = rig.shoulder_y + (150.0 if robe else ELBOW + 95.0)
    width = 92.0 if robe else 76.0
    for side in (-1, 1):
        el = _elbow(rig, side)
        w = _side_w(rig, side)
        wrist = (cx + side * (62.0 if robe else 50.0), hy + (10.0 if robe else -8.0))
        mid = (side * (w - 70), (el[1] + wrist[1]) / 2 + (30 if robe else 40))
        _limb(canvas, rig, [el, mid, wrist], width, col, line)
        if robe:
            _cuff(canvas, rig, wrist[0], wrist[1], -side, True)
    if robe:
        _fist_salute(canvas, rig, cx, hy)
    else:
        _hands_clasped(canvas, rig, cx, hy)
