"""The ``hold`` gesture: a forearm raised in front of the body, its hand closed round a prop.

The figure draws the arm and the back of the closed hand (:func:`draw_hold_arm`); the shot
draws the prop over the hand, then the fingers over the prop (:func:`draw_grip`), so the
prop sits in the hand wherever the figure is and however the camera moves. Design space is
the figure's (1000 units tall, x centred), as in :mod:`manju.render.character_body`.
"""

from __future__ import annotations

import skia

from manju.render.character_body import (
    _elbow,
    _limb,
    _side_w,
    _sleeve_colour,
    _sleeve_cuff,
)
from manju.render.character_rig import Rig
from manju.render.character_style import draw_shape, stroke

#: half the width of the closed hand, in design units
FIST = 34.0


def hold_side(rig: Rig) -> int:
    """The screen side (-1 left, 1 right) of the holding arm: the side the figure faces."""
    return rig.dir or 1


def hand_point(rig: Rig) -> tuple[float, float]:
    """Centre of the closed hand in design space."""
    s = hold_side(rig)
    return s * _side_w(rig, s) * 0.42, rig.shoulder_y + 150.0


def draw_hold_arm(canvas: skia.Canvas, rig: Rig) -> None:
    """Forearm from the elbow up to the hand in front of the chest, and the back of the hand."""
    s = hold_side(rig)
    col, line = _sleeve_colour(rig)
    elbow = _elbow(rig, s)
    hx, hy = hand_point(rig)
    wrist = (hx + s * FIST * 0.9, hy + FIST * 0.7)
    bend = (s * (_side_w(rig, s) - 10), rig.shoulder_y + 205.0)
    _limb(canvas, rig, [elbow, bend, wrist], 74, col, line)
    if col is rig.cloth:
        _sleeve_cuff(canvas, rig, bend, wrist, 74)
    back = skia.Path()
    back.addRoundRect(skia.Rect.MakeLTRB(hx - FIST, hy - FIST * 0.8, hx + FIST, hy + FIST * 0.9),
                      FIST * 0.6, FIST * 0.6)
    draw_shape(canvas, back, rig.skin_sh, rig.skin_line, rig.lw)


def draw_grip(canvas: skia.Canvas, rig: Rig, x: float, y: float, scale: float) -> None:
    """The fingers closed round a prop, drawn over it: the hand's centre at (x, y) on the
    canvas, ``scale`` canvas pixels per design unit."""
    canvas.save()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    s = float(hold_side(rig))
    fingers = skia.Path()
    fingers.addRoundRect(skia.Rect.MakeLTRB(-FIST, -FIST * 0.2, FIST, FIST * 0.9),
                         FIST * 0.45, FIST * 0.45)
    draw_shape(canvas, fingers, rig.skin, rig.skin_line, rig.lw)
    gaps = skia.Path()
    for k in (-1, 0, 1):
        gaps.moveTo(k * FIST * 0.5, FIST * 0.05)
        gaps.lineTo(k * FIST * 0.5, FIST * 0.55)
    canvas.drawPath(gaps, stroke(rig.skin_line, rig.lw3, 0.8))
    thumb = skia.Path()
    thumb.moveTo(-s * FIST * 0.95, FIST * 0.05)
    thumb.quadTo(-s * FIST * 0.6, -FIST * 0.55, s * FIST * 0.15, -FIST * 0.35)
    canvas.drawPath(thumb, stroke(rig.skin_line, 22 + rig.lw * 2))
    canvas.drawPath(thumb, stroke(rig.skin, 22))
    canvas.restore()
