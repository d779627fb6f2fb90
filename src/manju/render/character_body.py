"""Body in design space (1000 units tall, x centred): neck, torso, outfits, arms, hands."""

from __future__ import annotations

import skia

from manju.render.character_rig import Rig
from manju.render.character_style import (
    INK,
    RGB,
    draw_shape,
    ellipse,
    fill,
    light,
    mix,
    shade,
    smooth,
    stroke,
)

BOTTOM = 1000.0


def _ns(rig: Rig) -> float:
    """Horizontal shift of the neck/collar line in three-quarter views."""
    return rig.dir * 12.0


def _hanging(rig: Rig) -> dict[int, bool]:
    """Which sides (-1 screen-left, 1 screen-right) have a fully hanging arm."""
    g = rig.pose.gesture
    if g in ("arms_crossed", "bow"):
        return {-1: False, 1: False}
    if g == "point":
        side = rig.dir or 1
        return {side: False, -side: True}
    if g == "hand_raised":
        side = -(rig.dir or 1)
        return {side: False, -side: True}
    if g == "hold":  # the arm is drawn by manju.render.character_hold
        side = rig.dir or 1
        return {side: False, -side: True}
    return {-1: True, 1: True}


def _side_w(rig: Rig, side: int) -> float:
    far = 0.94 if rig.dir and rig.dir == side else 1.0
    return rig.shoulder_w * far


ELBOW = 250.0  # elbow height below the shoulder line


def _trunk(rig: Rig) -> skia.Path:
    sy, nb, nw = rig.shoulder_y, rig.neck_base, rig.neck_w
    ns = _ns(rig)
    slope = 10.0 if rig.old else 0.0
    hang = _hanging(rig)
    p = skia.Path()
    p.moveTo(ns - nw * 1.15, nb - 14)
    for k, side in enumerate((-1, 1)):
        w = _side_w(rig, side)
        s = side
        if k == 1:
            p.lineTo(-_side_w(rig, -1) + (-14 if hang[-1] else 50), BOTTOM)
            # right side goes bottom -> shoulder
            if hang[1]:
                p.lineTo(w + 14, BOTTOM)
                p.lineTo(w + 22, sy + 170)
            else:
                p.lineTo(w - 50, BOTTOM)
                p.lineTo(w - 56, sy + ELBOW + 10)
                p.lineTo(w + 22, sy + 170)
            p.cubicTo(w + 26, sy + 110, w + 22, sy + 30, w - 8, sy + 12 + slope)
            p.cubicTo(w - 60, sy - 4 + slope, ns + nw * 1.9, nb + 14, ns + nw * 1.15, nb - 14)
        else:
            p.cubicTo(ns - nw * 1.9, nb + 14, s * (w - 60), sy - 4 + slope, s * (w - 8),
                      sy + 12 + slope)
            p.cubicTo(s * (w + 22), sy + 30, s * (w + 26), sy + 110, s * (w + 22), sy + 170)
            if not hang[-1]:
                p.lineTo(s * (w - 56), sy + ELBOW + 10)
    p.close()
    return p


def _arm(rig: Rig, side: int, upper_only: bool = False) -> skia.Path:
    """An arm (sleeve) on one side, hanging; ``upper_only`` stops it at the elbow."""
    sy = rig.shoulder_y
    w = _side_w(rig, side)
    s = side
    wide = 30.0 if rig.look.outfit == "robe" else 0.0
    p = skia.Path()
    p.moveTo(s * (w - 8), sy + 12)
    p.cubicTo(s * (w + 22), sy + 30, s * (w + 26), sy + 110, s * (w + 22), sy + 170)
    if upper_only:
        ey = sy + ELBOW
        p.lineTo(s * (w + 18), ey)
        p.cubicTo(s * (w + 14), ey + 40, s * (w - 54), ey + 40, s * (w - 58), ey)
    else:
        p.lineTo(s * (w + 14 + wide), BOTTOM)
        p.lineTo(s * (w - 60), BOTTOM)
    p.lineTo(s * (w - 58), sy + 170)
    p.cubicTo(s * (w - 56), sy + 120, s * (w - 40), sy + 40, s * (w - 8), sy + 12)
    p.close()
    return p


def draw_neck(canvas: skia.Canvas, rig: Rig) -> None:
    """Neck with the chin's cast shadow."""
    nw, nt, nb = rig.neck_w, rig.neck_top, rig.neck_base
    ns = _ns(rig)
    p = skia.Path()
    p.moveTo(ns - nw, nt)
    p.lineTo(ns + nw, nt)
    p.cubicTo(ns + nw, nb - 30, ns + nw * 1.05, nb - 10, ns + nw * 1.35, nb + 6)
    p.lineTo(ns - nw * 1.35, nb + 6)
    p.cubicTo(ns - nw * 1.05, nb - 10, ns - nw, nb - 30, ns - nw, nt)
    p.close()
    canvas.drawPath(p, fill(rig.skin))
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    chin_y = rig.head_y + 205.0 * rig.head_scale
    sh = skia.Path()
    sx = ns + rig.dir * 16
    sh.moveTo(sx - nw * 2, nt - 20)
    sh.lineTo(sx - nw * 2, chin_y - 30)
    sh.cubicTo(sx - nw * 0.9, chin_y - 8, sx - nw * 0.5, chin_y + 26, sx, chin_y + 30)
    sh.cubicTo(sx + nw * 0.5, chin_y + 26, sx + nw * 0.9, chin_y - 8, sx + nw * 2, chin_y - 30)
    sh.lineTo(sx + nw * 2, nt - 20)
    sh.close()
    canvas.drawPath(sh, fill(rig.skin_sh))
    canvas.restore()
    canvas.drawPath(p, stroke(rig.skin_line, rig.lw))


def _clip_shade(canvas: skia.Canvas, rig: Rig, shape: skia.Path, colour: RGB,
                lit: skia.Path) -> None:
    canvas.save()
    canvas.clipPath(shape, doAntiAlias=True)
    canvas.clipPath(lit, skia.ClipOp.kDifference, True)
    canvas.drawPaint(fill(colour))
    canvas.restore()


def draw_body(canvas: skia.Canvas, rig: Rig) -> None:
    """Torso + outfit + arms for the pose's gesture (the neck is drawn separately)."""
    outfit = rig.look.outfit
    trunk = _trunk(rig)
    sw, sy, nb = rig.shoulder_w, rig.shoulder_y, rig.neck_base
    ns = _ns(rig)
    canvas.drawPath(trunk, fill(rig.cloth))
    lit = ellipse(-sw * 0.35, sy + 260, sw * 0.95, 420)
    _clip_shade(canvas, rig, trunk, rig.cloth_sh, lit)
    # shadow under the neck/collar
    canvas.save()
    canvas.clipPath(trunk, doAntiAlias=True)
    canvas.drawPath(ellipse(ns + rig.dir * 10, nb - 10, rig.neck_w * 2.3, 46),
                    fill(rig.cloth_sh))
    canvas.restore()
    canvas.drawPath(trunk, stroke(rig.cloth_line, rig.lw))
    {
        "suit": _suit, "dress": _dress, "hoodie": _hoodie, "robe": _robe, "uniform": _uniform,
        "coat": _coat,
    }.get(outfit, _shirt)(canvas, rig)
    hang = _hanging(rig)
    for side in (-1, 1):
        arm = _arm(rig, side, upper_only=not hang[side])
        col, line = _sleeve_colour(rig)
        canvas.drawPath(arm, fill(col))
        canvas.save()
        canvas.clipPath(arm, doAntiAlias=True)
        canvas.drawPath(ellipse(side * (sw + 60), sy + 500, 60, 500),
                        fill(shade(col) if col is rig.cloth else rig.skin_sh))
        canvas.restore()
        canvas.drawPath(arm, stroke(line, rig.lw))
        if outfit == "dress":
            _puff(canvas, rig, side)
    gesture = rig.pose.gesture
    if gesture == "arms_crossed":
        _arms_crossed(canvas, rig)
    elif gesture == "point":
        _point(canvas, rig, rig.dir or 1)
    elif gesture == "hand_raised":
        _raised(canvas, rig, -(rig.dir or 1))


# --------------------------------------------------------------------------- outfits
def _collar_flaps(canvas: skia.Canvas, rig: Rig, colour: RGB, y0: float, spread: float = 1.0,
                  drop_y: float = 52.0) -> None:
    ns, nw = _ns(rig), rig.neck_w
    for s in (-1, 1):
        p = skia.Path()
        p.moveTo(ns + s * (nw + 4), y0 - 24)
        p.quadTo(ns + s * (nw + 26) * spread, y0 - 6, ns + s * (nw + 34) * spread, y0 + 22)
        p.lineTo(ns + s * 8, y0 + drop_y)
        p.lineTo(ns, y0 + 8)
        p.quadTo(ns + s * nw * 0.9, y0 + 2, ns + s * (nw + 4), y0 - 24)
        p.close()
        draw_shape(canvas, p, colour, ink_for_cloth(colour), rig.lw2 * 1.2)


def ink_for_cloth(c: RGB) -> RGB:
    """Outline colour for a piece of clothing."""
    return mix(INK, shade(c), 0.2)


def _v_skin(canvas: skia.Canvas, rig: Rig, depth: float, width: float) -> None:
    ns, nb, nw = _ns(rig), rig.neck_base, rig.neck_w
    p = skia.Path()
    p.moveTo(ns - nw * width, nb - 16)
    p.quadTo(ns - nw * 0.3, nb + depth * 0.6, ns, nb + depth)
    p.quadTo(ns + nw * 0.3, nb + depth * 0.6, ns + nw * width, nb - 16)
    p.close()
    draw_shape(canvas, p, rig.skin, rig.skin_line, rig.lw2)


def _buttons(canvas: skia.Canvas, rig: Rig, x: float, ys: list[float], colour: RGB,
             r: float = 7.0) -> None:
    for y in ys:
        draw_shape(canvas, ellipse(x, y, r, r), colour, ink_for_cloth(colour), rig.lw3)


def _shirt(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, sy, sw = _ns(rig), rig.neck_base, rig.shoulder_y, rig.shoulder_w
    _v_skin(canvas, rig, 48, 1.1)
    line = skia.Path()
    line.moveTo(ns, nb + 48)
    line.lineTo(ns + rig.dir * 6, BOTTOM)
    canvas.drawPath(line, stroke(rig.cloth_line, rig.lw2))
    _buttons(canvas, rig, ns + 14 + rig.dir * 4, [nb + 110, nb + 200, nb + 290, nb + 380],
             light(rig.cloth, 0.6), 6)
    px = ns + sw * 0.45
    pocket = skia.Path()
    pocket.addRoundRect(skia.Rect.MakeLTRB(px - 44, sy + 120, px + 44, sy + 220), 10, 10)
    canvas.drawPath(pocket, stroke(rig.cloth_line, rig.lw2))
    _collar_flaps(canvas, rig, light(rig.cloth, 0.25) if luma(rig.cloth) < 0.6 else rig.cloth,
                  nb)


def luma(c: RGB) -> float:
    """Brightness of a colour."""
    return 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2]


def _suit(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, sy, nw = _ns(rig), rig.neck_base, rig.shoulder_y, rig.neck_w
    shirt = (0.96, 0.96, 0.94)
    vee_y = sy + 300
    p = skia.Path()
    p.moveTo(ns - nw - 18, nb - 14)
    p.lineTo(ns, vee_y)
    p.lineTo(ns + nw + 18, nb - 14)
    p.close()
    draw_shape(canvas, p, shirt, INK, rig.lw2)
    tie = skia.Path()
    tie.moveTo(ns - 15, nb + 26)
    tie.lineTo(ns + 15, nb + 26)
    tie.lineTo(ns + 26, vee_y - 60)
    tie.lineTo(ns, vee_y - 20)
    tie.lineTo(ns - 26, vee_y - 60)
    tie.close()
    draw_shape(canvas, tie, rig.accent, ink_for_cloth(rig.accent), rig.lw2)
    knot = skia.Path()
    knot.addRoundRect(skia.Rect.MakeLTRB(ns - 17, nb + 2, ns + 17, nb + 32), 8, 8)
    draw_shape(canvas, knot, rig.accent, ink_for_cloth(rig.accent), rig.lw2)
    _collar_flaps(canvas, rig, shirt, nb, 0.8, 34)
    lap = light(rig.cloth, 0.12)
    for s in (-1, 1):
        q = skia.Path()
        q.moveTo(ns + s * (nw + 14), nb - 16)
        q.lineTo(ns + s * (nw + 44), sy + 40)
        q.lineTo(ns + s * (nw + 82), sy + 52)
        q.lineTo(ns + s * (nw + 60), sy + 90)
        q.lineTo(ns + s * 4, vee_y + 4)
        q.lineTo(ns + s * 22, vee_y - 40)
        q.lineTo(ns + s * (nw + 6), nb + 20)
        q.close()
        draw_shape(canvas, q, lap, rig.cloth_line, rig.lw2 * 1.2)
    edge = skia.Path()
    edge.moveTo(ns, vee_y)
    edge.lineTo(ns + rig.dir * 6, BOTTOM)
    canvas.drawPath(edge, stroke(rig.cloth_line, rig.lw2))
    _buttons(canvas, rig, ns - 16, [vee_y + 40, vee_y + 150], shade(rig.cloth, 1.5), 8)


def _coat(canvas: skia.Canvas, rig: Rig) -> None:
    """An overcoat: a knit roll-neck under a turned-up collar and wide lapels, two rows of
    buttons and a belt; no shirt and tie, so it never reads as a suit."""
    ns, nb, sy, sw, nw = _ns(rig), rig.neck_base, rig.shoulder_y, rig.shoulder_w, rig.neck_w
    knit = (0.93, 0.91, 0.86) if luma(rig.cloth) < 0.62 else (0.24, 0.24, 0.28)
    vee_y = sy + 210
    v = skia.Path()
    v.moveTo(ns - nw - 26, nb - 14)
    v.lineTo(ns, vee_y)
    v.lineTo(ns + nw + 26, nb - 14)
    v.close()
    draw_shape(canvas, v, knit, ink_for_cloth(knit), rig.lw2)
    # the knit's roll neck hugs the neck
    roll = skia.Path()
    roll.moveTo(ns - nw * 1.02, nb + 14)
    roll.lineTo(ns - nw * 1.0, nb - 40)
    roll.quadTo(ns, nb - 50, ns + nw * 1.0, nb - 40)
    roll.lineTo(ns + nw * 1.02, nb + 14)
    roll.quadTo(ns, nb + 24, ns - nw * 1.02, nb + 14)
    roll.close()
    draw_shape(canvas, roll, shade(knit, 0.3), ink_for_cloth(knit), rig.lw2)
    rib = skia.Path()
    for i in range(-3, 4):
        rib.moveTo(ns + i * nw * 0.27, nb - 36)
        rib.lineTo(ns + i * nw * 0.28, nb + 12)
    canvas.drawPath(rib, stroke(shade(knit, 0.9), rig.lw3, 0.5))
    lap = light(rig.cloth, 0.1)
    for s in (-1, 1):
        q = skia.Path()
        q.moveTo(ns + s * (nw + 10), nb - 48)
        q.lineTo(ns + s * (nw + 62), nb - 40)
        q.lineTo(ns + s * (nw + 92), sy + 66)
        q.lineTo(ns + s * (nw + 62), sy + 92)
        q.lineTo(ns + s * (nw + 108), sy + 126)
        q.lineTo(ns + s * 16, vee_y + 12)
        q.lineTo(ns + s * (nw + 18), nb + 12)
        q.close()
        draw_shape(canvas, q, lap, rig.cloth_line, rig.lw2 * 1.2)
    edge = skia.Path()
    edge.moveTo(ns + 16, vee_y + 12)
    edge.lineTo(ns + 26 + rig.dir * 6, BOTTOM)
    canvas.drawPath(edge, stroke(rig.cloth_line, rig.lw2))
    trunk = _trunk(rig)
    canvas.save()
    canvas.clipPath(trunk, doAntiAlias=True)
    belt = skia.Path()
    belt.addRect(skia.Rect.MakeLTRB(-sw - 40, 872, sw + 40, 922))
    draw_shape(canvas, belt, shade(rig.cloth, 0.9), rig.cloth_line, rig.lw2)
    canvas.restore()
    buckle = skia.Path()
    buckle.addRoundRect(skia.Rect.MakeLTRB(ns + 2, 864, ns + 54, 930), 6, 6)
    canvas.drawPath(buckle, stroke(shade(rig.cloth, 1.8), rig.lw2 * 1.6))
    bc = shade(rig.cloth, 1.5)
    for bx in (ns - 38, ns + 70):
        _buttons(canvas, rig, bx, [vee_y + 40, vee_y + 110], bc, 9)


def _dress(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, sw = _ns(rig), rig.neck_base, rig.shoulder_w
    trunk = _trunk(rig)
    canvas.save()
    canvas.clipPath(trunk, doAntiAlias=True)
    p = skia.Path()
    p.moveTo(-400, -100)
    p.lineTo(-400, nb - 40)
    p.lineTo(ns - sw * 0.62, nb + 18)
    p.cubicTo(ns - sw * 0.4, nb + 95, ns + sw * 0.4, nb + 95, ns + sw * 0.62, nb + 18)
    p.lineTo(400, nb - 40)
    p.lineTo(400, -100)
    p.close()
    canvas.drawPath(p, fill(rig.skin))
    canvas.drawPath(ellipse(ns + rig.dir * 10, nb - 10, rig.neck_w * 2.0, 34), fill(rig.skin_sh))
    edge = skia.Path()
    edge.moveTo(ns - sw * 0.62, nb + 18)
    edge.cubicTo(ns - sw * 0.4, nb + 95, ns + sw * 0.4, nb + 95, ns + sw * 0.62, nb + 18)
    canvas.drawPath(edge, stroke(rig.cloth_line, rig.lw))
    cb = skia.Path()
    for s in (-1, 1):
        cb.moveTo(ns + s * 22, nb + 30)
        cb.quadTo(ns + s * 60, nb + 22, ns + s * 96, nb + 30)
    canvas.drawPath(cb, stroke(rig.skin_line, rig.lw3, 0.7))
    canvas.restore()
    canvas.drawPath(trunk, stroke(rig.cloth_line, rig.lw))
    # bow at the neckline and a waist sash
    bx, by = ns, nb + 84
    for s in (-1, 1):
        w = skia.Path()
        w.moveTo(bx, by)
        w.cubicTo(bx + s * 30, by - 34, bx + s * 56, by - 10, bx + s * 46, by + 14)
        w.cubicTo(bx + s * 36, by + 26, bx + s * 16, by + 14, bx, by)
        w.close()
        draw_shape(canvas, w, rig.accent, ink_for_cloth(rig.accent), rig.lw2)
    draw_shape(canvas, ellipse(bx, by, 11, 11), rig.accent, ink_for_cloth(rig.accent), rig.lw2)
    sash = skia.Path()
    sash.addRect(skia.Rect.MakeLTRB(-sw - 30, 900, sw + 30, 945))
    canvas.save()
    canvas.clipPath(trunk, doAntiAlias=True)
    draw_shape(canvas, sash, rig.accent, ink_for_cloth(rig.accent), rig.lw2)
    canvas.restore()


def _puff(canvas: skia.Canvas, rig: Rig, side: int) -> None:
    sw, sy = rig.shoulder_w, rig.shoulder_y
    p = skia.Path()
    x = side * (sw - 10)
    p.moveTo(side * (sw - 70), sy + 10)
    p.cubicTo(side * (sw + 10), sy - 24, side * (sw + 50), sy + 60, side * (sw + 34), sy + 140)
    p.quadTo(x, sy + 160, side * (sw - 62), sy + 140)
    p.close()
    draw_shape(canvas, p, rig.cloth, rig.cloth_line, rig.lw)


def _hoodie(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, nw = _ns(rig), rig.neck_base, rig.neck_w
    hood = skia.Path()
    hood.moveTo(ns - nw * 2.6, nb + 20)
    hood.cubicTo(ns - nw * 2.6, nb - 50, ns + nw * 2.6, nb - 50, ns + nw * 2.6, nb + 20)
    hood.cubicTo(ns + nw * 1.6, nb + 70, ns - nw * 1.6, nb + 70, ns - nw * 2.6, nb + 20)
    hood.close()
    draw_shape(canvas, hood, shade(rig.cloth, 0.6), rig.cloth_line, rig.lw)
    inner = skia.Path()
    inner.moveTo(ns - nw * 1.3, nb - 8)
    inner.cubicTo(ns - nw * 0.9, nb + 40, ns + nw * 0.9, nb + 40, ns + nw * 1.3, nb - 8)
    inner.close()
    draw_shape(canvas, inner, shade(rig.cloth, 1.4), rig.cloth_line, rig.lw2)
    cord = skia.Path()
    for s in (-1, 1):
        cord.moveTo(ns + s * 22, nb + 40)
        cord.lineTo(ns + s * 26, nb + 170)
    canvas.drawPath(cord, stroke(rig.accent, rig.lw * 1.3))
    for s in (-1, 1):
        draw_shape(canvas, ellipse(ns + s * 26, nb + 176, 7, 11), light(rig.accent, 0.3),
                   INK, rig.lw3)
    pocket = skia.Path()
    sw = rig.shoulder_w
    pocket.moveTo(ns - sw * 0.55, BOTTOM)
    pocket.lineTo(ns - sw * 0.42, 860)
    pocket.lineTo(ns + sw * 0.42, 860)
    pocket.lineTo(ns + sw * 0.55, BOTTOM)
    canvas.drawPath(pocket, stroke(rig.cloth_line, rig.lw2))


def _robe(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, sw, nw = _ns(rig), rig.neck_base, rig.shoulder_w, rig.neck_w
    inner = (0.95, 0.93, 0.88)
    band = rig.accent
    w = 30.0
    # under-collar (wearer's right panel) then the over-collar crossing to screen-left
    under = skia.Path()
    under.moveTo(ns - nw - 6, nb - 20)
    under.lineTo(ns - nw - 6 + w, nb - 24)
    under.lineTo(ns + 40, nb + 150)
    under.lineTo(ns + 12, nb + 170)
    under.close()
    draw_shape(canvas, under, inner, INK, rig.lw2)
    over = skia.Path()
    over.moveTo(ns + nw + 8, nb - 24)
    over.lineTo(ns + nw + 8 + w * 1.3, nb - 16)
    over.cubicTo(ns + 20, nb + 120, ns - sw * 0.35, nb + 230, ns - sw * 0.55, nb + 300)
    over.lineTo(ns - sw * 0.62, nb + 262)
    over.cubicTo(ns - sw * 0.3, nb + 190, ns - 10, nb + 80, ns + nw + 8, nb - 24)
    over.close()
    vee = skia.Path()
    vee.moveTo(ns - nw - 6, nb - 20)
    vee.lineTo(ns + nw + 8, nb - 24)
    vee.lineTo(ns + 10, nb + 110)
    vee.close()
    draw_shape(canvas, vee, inner, INK, rig.lw2)
    draw_shape(canvas, over, band, ink_for_cloth(band), rig.lw2 * 1.2)
    trunk = _trunk(rig)
    canvas.save()
    canvas.clipPath(trunk, doAntiAlias=True)
    sash = skia.Path()
    sash.addRect(skia.Rect.MakeLTRB(-sw - 40, 880, sw + 40, 950))
    draw_shape(canvas, sash, mix(band, rig.cloth, 0.3), INK, rig.lw2)
    canvas.restore()
    tail = skia.Path()
    tail.moveTo(ns + 30, 915)
    tail.lineTo(ns + 10, BOTTOM)
    tail.moveTo(ns + 30, 915)
    tail.lineTo(ns + 60, BOTTOM)
    canvas.drawPath(tail, stroke(mix(band, INK, 0.3), rig.lw2 * 1.4))


def _uniform(canvas: skia.Canvas, rig: Rig) -> None:
    ns, nb, sy, sw, nw = _ns(rig), rig.neck_base, rig.shoulder_y, rig.shoulder_w, rig.neck_w
    collar = skia.Path()
    collar.moveTo(ns - nw - 8, nb - 36)
    collar.lineTo(ns + nw + 8, nb - 36)
    collar.lineTo(ns + nw + 12, nb + 14)
    collar.quadTo(ns, nb + 26, ns - nw - 12, nb + 14)
    collar.close()
    draw_shape(canvas, collar, shade(rig.cloth, 0.5), rig.cloth_line, rig.lw2 * 1.2)
    line = skia.Path()
    line.moveTo(ns, nb + 22)
    line.lineTo(ns + rig.dir * 6, BOTTOM)
    canvas.drawPath(line, stroke(rig.cloth_line, rig.lw2))
    gold = mix(rig.accent, (0.95, 0.78, 0.3), 0.5)
    _buttons(canvas, rig, ns + 16, [nb + 70, nb + 170, nb + 270, nb + 370], gold, 8)
    for s in (-1, 1):
        px = ns + s * sw * 0.48
        flap = skia.Path()
        flap.addRoundRect(skia.Rect.MakeLTRB(px - 46, sy + 110, px + 46, sy + 210), 8, 8)
        canvas.drawPath(flap, stroke(rig.cloth_line, rig.lw2))
        f2 = skia.Path()
        f2.moveTo(px - 48, sy + 106)
        f2.lineTo(px + 48, sy + 106)
        f2.lineTo(px + 46, sy + 136)
        f2.lineTo(px, sy + 146)
        f2.lineTo(px - 46, sy + 136)
        f2.close()
        draw_shape(canvas, f2, rig.cloth, rig.cloth_line, rig.lw2)
        ep = skia.Path()
        ep.moveTo(s * (nw + 60), sy - 6)
        ep.lineTo(s * (sw - 14), sy + 6)
        ep.lineTo(s * (sw - 16), sy + 36)
        ep.lineTo(s * (nw + 64), sy + 22)
        ep.close()
        draw_shape(canvas, ep, rig.accent, ink_for_cloth(rig.accent), rig.lw2)


# --------------------------------------------------------------------------- gestures
def _limb(canvas: skia.Canvas, rig: Rig, pts: list[tuple[float, float]], width: float,
          colour: RGB, line: RGB) -> None:
    """A thick rounded limb along ``pts`` with a clean outline (stroke pass, fill pass)."""
    p = smooth(pts, tension=0.8)
    canvas.drawPath(p, stroke(line, width + rig.lw * 2))
    canvas.drawPath(p, stroke(colour, width))


def _hand_open(canvas: skia.Canvas, rig: Rig, x: float, y: float, s: float) -> None:
    """Open palm facing the viewer, fingers up, centred at (x, y)."""
    parts = []
    for i, dx in enumerate((-27, -9, 9, 27)):
        ln = (50, 60, 58, 46)[i]
        f = skia.Path()
        f.moveTo(x + dx * s, y - 10)
        f.lineTo(x + dx * 1.12 * s, y - 10 - ln)
        parts.append((f, 17.0))
    t = skia.Path()
    t.moveTo(x - 26 * s, y + 16)
    t.lineTo(x - 58 * s, y - 8)
    parts.append((t, 19.0))
    palm = skia.Path()
    palm.addRoundRect(skia.Rect.MakeLTRB(x - 36, y - 24, x + 36, y + 40), 22, 22)
    for path, w in parts:
        canvas.drawPath(path, stroke(rig.skin_line, w + rig.lw * 2))
    canvas.drawPath(palm, stroke(rig.skin_line, rig.lw * 2))
    for path, w in parts:
        canvas.drawPath(path, stroke(rig.skin, w))
    canvas.drawPath(palm, fill(rig.skin))
    crease = skia.Path()
    crease.moveTo(x - 18, y + 6)
    crease.quadTo(x + 2, y + 20, x + 20, y + 2)
    canvas.drawPath(crease, stroke(rig.skin_line, rig.lw3 * 0.8, 0.6))


def _sleeve_cuff(canvas: skia.Canvas, rig: Rig, a: tuple[float, float],
                 b: tuple[float, float], width: float) -> None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = max(1e-6, (dx * dx + dy * dy) ** 0.5)
    nx, ny = -dy / n * width / 2, dx / n * width / 2
    p = skia.Path()
    p.moveTo(b[0] + nx, b[1] + ny)
    p.lineTo(b[0] - nx, b[1] - ny)
    canvas.drawPath(p, stroke(rig.cloth_line, rig.lw2))


def _sleeve_colour(rig: Rig) -> tuple[RGB, RGB]:
    if rig.look.outfit == "dress":
        return rig.skin, rig.skin_line
    return rig.cloth, rig.cloth_line


def _elbow(rig: Rig, side: int) -> tuple[float, float]:
    return side * (_side_w(rig, side) - 20), rig.shoulder_y + ELBOW - 6


def _raised(canvas: skia.Canvas, rig: Rig, side: int) -> None:
    """Forearm raised from the elbow, open palm beside the shoulder ('wait!' / greeting)."""
    s = side
    col, line = _sleeve_colour(rig)
    elbow = _elbow(rig, side)
    w = _side_w(rig, side)
    wrist = (s * min(w + 34, 330), rig.shoulder_y - 30)
    _limb(canvas, rig, [elbow, (s * (w + 40), rig.shoulder_y + 110), wrist], 76, col, line)
    if col is rig.cloth:
        _sleeve_cuff(canvas, rig, elbow, wrist, 76)
    _hand_open(canvas, rig, wrist[0], wrist[1] - 40, 1.0)


def _point(canvas: skia.Canvas, rig: Rig, side: int) -> None:
    """Forearm extended toward the screen side ``side``, index finger pointing."""
    s = side
    col, line = _sleeve_colour(rig)
    elbow = _elbow(rig, side)
    w = _side_w(rig, side)
    wrist = (s * min(w + 64, 335), rig.shoulder_y + 130)
    _limb(canvas, rig, [elbow, (s * (w + 40), rig.shoulder_y + 200), wrist], 76, col, line)
    if col is rig.cloth:
        _sleeve_cuff(canvas, rig, elbow, wrist, 76)
    dx, dy = wrist[0] - elbow[0], wrist[1] - elbow[1]
    n = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / n, dy / n
    x, y = wrist[0] + ux * 26, wrist[1] + uy * 26
    finger = skia.Path()
    finger.moveTo(x, y)
    finger.lineTo(x + ux * 64, y + uy * 64)
    thumb = skia.Path()
    thumb.moveTo(x - s * 10, y - 18)
    thumb.lineTo(x + ux * 22 - s * 4, y + uy * 22 - 16)
    fist = ellipse(x, y + 6, 30, 28)
    canvas.drawPath(finger, stroke(rig.skin_line, 18 + rig.lw * 2))
    canvas.drawPath(thumb, stroke(rig.skin_line, 16 + rig.lw * 2))
    canvas.drawPath(fist, stroke(rig.skin_line, rig.lw * 2))
    canvas.drawPath(finger, stroke(rig.skin, 18))
    canvas.drawPath(thumb, stroke(rig.skin, 16))
    canvas.drawPath(fist, fill(rig.skin))
    k = skia.Path()
    for i in range(2):
        k.moveTo(x - s * 18, y + 8 + i * 12)
        k.lineTo(x + s * 8, y + 8 + i * 12)
    canvas.drawPath(k, stroke(rig.skin_line, rig.lw3 * 0.8, 0.7))


def _arms_crossed(canvas: skia.Canvas, rig: Rig) -> None:
    """Both forearms folded across the chest from the elbows."""
    col, line = _sleeve_colour(rig)
    le, re_ = _elbow(rig, -1), _elbow(rig, 1)
    y = le[1]
    wl, wr = _side_w(rig, -1), _side_w(rig, 1)
    # lower forearm: right elbow -> hand tucked at the left upper arm
    _limb(canvas, rig, [re_, (0, y + 10), (-wl + 70, y - 46)], 80, col, line)
    draw_shape(canvas, ellipse(-wl + 48, y - 60, 28, 24), rig.skin, rig.skin_line, rig.lw)
    # upper forearm: left elbow -> hand resting on the right upper arm
    _limb(canvas, rig, [le, (0, y - 24), (wr - 80, y - 70)], 80, col, line)
    hx, hy = wr - 46, y - 84
    h = skia.Path()
    h.addRoundRect(skia.Rect.MakeLTRB(hx - 32, hy - 24, hx + 28, hy + 24), 18, 18)
    draw_shape(canvas, h, rig.skin, rig.skin_line, rig.lw)
    f = skia.Path()
    for i in range(3):
        f.moveTo(hx - 8 + i * 13, hy - 20)
        f.lineTo(hx - 8 + i * 13, hy + 2)
    canvas.drawPath(f, stroke(rig.skin_line, rig.lw3, 0.8))
