"""Headwear in head space: crowns and hats, drawn over the front hair.

``"crown"``: a small golden crown (a tiara for women and girls); for period looks (outfit
``"robe"``) a 发冠 hair crown on a top knot for men and a simple 凤冠-like golden headpiece
with bead strings for women. ``"hat"``: a fedora; a 斗笠 bamboo hat for period looks.

Every piece sits on the hair surface of the look's hair style (so spiky hair or a bun is
covered or topped correctly), turns with the head in three-quarter views, and stays above
the brows, so the eyes are never covered.
"""

from __future__ import annotations

import math

import skia

from manju.render.character_hair import style_for
from manju.render.character_rig import SKULL_R, SKULL_RY, Rig
from manju.render.character_style import (
    INK,
    RGB,
    WHITE,
    Pt,
    draw_shape,
    ellipse,
    fill,
    ink_for,
    light,
    mix,
    shade,
    smooth,
    stroke,
)

GOLD: RGB = (0.94, 0.75, 0.27)
RUBY: RGB = (0.82, 0.16, 0.22)
JADE: RGB = (0.25, 0.66, 0.52)
STRAW: RGB = (0.86, 0.73, 0.46)


def _hair_box(rig: Rig) -> tuple[float, float, float, str]:
    """(centre x, half width, top y) of the hair surface, and the style name."""
    name, st = style_for(rig)
    rx = SKULL_R + st.volume
    ry = SKULL_RY + st.volume
    if st.spiky:
        ry *= 1.12
    return -rig.dir * 7.0, rx, -ry, name


def _period(rig: Rig) -> bool:
    return rig.look.outfit == "robe"


def headwear_top(rig: Rig) -> float | None:
    """Head-space y of the top of the headwear, or None when there is none."""
    acc = rig.look.accessory
    if acc not in ("crown", "hat"):
        return None
    _, rx, top, _ = _hair_box(rig)
    if acc == "hat":
        return -300.0 if _period(rig) else -244.0
    if _period(rig):
        return -262.0 if rig.male or not rig.female else top - 70.0
    if rig.female or rig.child:
        return top - 52.0
    return top - 86.0


def draw_headwear(canvas: skia.Canvas, rig: Rig) -> None:
    """Draw the look's crown or hat (no-op for other accessories)."""
    acc = rig.look.accessory
    if acc == "crown":
        if _period(rig):
            (_phoenix if rig.female else _guan)(canvas, rig)
        else:
            (_tiara if (rig.female or rig.child) else _crown)(canvas, rig)
    elif acc == "hat":
        (_douli if _period(rig) else _fedora)(canvas, rig)


# --------------------------------------------------------------------------- helpers
def _ring(cx: float, cy: float, rx: float, ry: float, t0: float, t1: float,
          n: int = 13) -> list[Pt]:
    """Points on a horizontal ring seen from the front: t=0 is the front (lowest) point."""
    return [(cx + rx * math.sin(t0 + (t1 - t0) * i / (n - 1)),
             cy + ry * math.cos(t0 + (t1 - t0) * i / (n - 1))) for i in range(n)]


def _shade_right(canvas: skia.Canvas, shape: skia.Path, colour: RGB, x: float) -> None:
    """Cel shadow on the part of ``shape`` right of ``x`` (the light comes from the left)."""
    canvas.save()
    canvas.clipPath(shape, doAntiAlias=True)
    canvas.drawRect(skia.Rect.MakeLTRB(x, -1000, 1000, 1000), fill(colour))
    canvas.restore()


def _gem(canvas: skia.Canvas, rig: Rig, x: float, y: float, r: float, colour: RGB,
         k: float = 1.0) -> None:
    draw_shape(canvas, ellipse(x, y, r * k, r), colour, ink_for(colour), rig.lw3)
    canvas.drawPath(ellipse(x - r * 0.3 * k, y - r * 0.35, r * 0.35 * k, r * 0.3), fill(WHITE, 0.85))


def _band(rig: Rig, cx: float, cy: float, rx: float, ry: float, h: float, t0: float = -1.5708,
          t1: float = 1.5708) -> skia.Path:
    """Front part of a ring band of height ``h`` (bottom at the ring)."""
    bottom = _ring(cx, cy, rx, ry, t0, t1)
    top = _ring(cx, cy - h, rx, ry, t1, t0)
    p = smooth(bottom)
    p.lineTo(*top[0])
    smooth(top, path=p, move=False)
    p.close()
    del rig
    return p


# --------------------------------------------------------------------------- crowns
def _crown(canvas: skia.Canvas, rig: Rig) -> None:
    """A small golden crown with five points, pearls and a ruby in front."""
    cx, rx, top, _ = _hair_box(rig)
    r = rx * 0.6
    d = r * 0.2
    cy = top * 0.86 + d  # front bottom of the band sits on the hair
    h = 40.0
    line = ink_for(GOLD)
    sh = shade(GOLD, 1.0)
    # points around the ring: back ones first (seen from inside, in shadow)
    pts = [(i * math.pi / 4 + rig.yaw) for i in range(8)]
    back = [t for t in pts if math.cos(t) < -0.05]
    front = [t for t in pts if math.cos(t) >= -0.05]
    for group, colour in ((back, sh), (front, GOLD)):
        if group is front:
            inside = rig.skin_sh if rig.look.hair_style == "bald" else rig.hair_sh
            canvas.drawPath(ellipse(cx, cy - h, r, d), fill(inside))
            canvas.drawPath(ellipse(cx, cy - h, r, d), stroke(line, rig.lw2))
            band = _band(rig, cx, cy, r, d, h)
            canvas.drawPath(band, fill(GOLD))
            _shade_right(canvas, band, sh, cx + r * 0.45)
            hi = skia.Path()
            hi.moveTo(cx - r * 0.72, cy - h * 0.3)
            hi.lineTo(cx - r * 0.25, cy - h * 0.3 + d * 0.8)
            canvas.drawPath(hi, stroke(light(GOLD, 0.6), 6.0))
            canvas.drawPath(band, stroke(line, rig.lw))
        for t in sorted(group, key=lambda t: math.cos(t)):
            k = max(0.3, abs(math.cos(t)))
            x = cx + r * math.sin(t)
            y = cy - h + d * math.cos(t) + 2
            tall = 58.0 if (group is front and abs(math.sin(t)) < 0.3) else 48.0
            p = skia.Path()
            p.moveTo(x - 22 * k, y)
            p.quadTo(x - 8 * k, y - tall * 0.5, x, y - tall)
            p.quadTo(x + 8 * k, y - tall * 0.5, x + 22 * k, y)
            p.close()
            draw_shape(canvas, p, colour, line, rig.lw2)
            draw_shape(canvas, ellipse(x, y - tall - 6, 8 * k + 2, 9), light(GOLD, 0.7), line,
                       rig.lw3)
            if group is front:
                _gem(canvas, rig, x, cy - h * 0.5 + d * math.cos(t), 9.0,
                     RUBY if abs(math.sin(t)) < 0.3 else JADE, k)


def _tiara(canvas: skia.Canvas, rig: Rig) -> None:
    """A slim golden tiara over the front of the hair, with a tall centre peak."""
    cx, rx, top, _ = _hair_box(rig)
    r = rx * 0.74
    d = r * 0.3
    cy = top * 0.8 + d
    h = 16.0
    line = ink_for(GOLD)
    band = _band(rig, cx, cy, r, d, h, -1.25, 1.25)
    peaks = skia.Path()
    for t, tall in ((-0.75, 26.0), (-0.38, 34.0), (0.0, 64.0), (0.38, 34.0), (0.75, 26.0)):
        tt = t + rig.yaw
        if math.cos(tt) < 0.15:
            continue
        k = math.cos(tt)
        x, y = cx + r * math.sin(tt), cy - h + d * math.cos(tt) + 3
        peaks.moveTo(x - 20 * k, y)
        peaks.quadTo(x - 6 * k, y - tall * 0.55, x, y - tall)
        peaks.quadTo(x + 6 * k, y - tall * 0.55, x + 20 * k, y)
        peaks.close()
    draw_shape(canvas, peaks, GOLD, line, rig.lw2)
    canvas.drawPath(band, fill(GOLD))
    _shade_right(canvas, band, shade(GOLD), cx + r * 0.5)
    canvas.drawPath(band, stroke(line, rig.lw2))
    tt = rig.yaw
    _gem(canvas, rig, cx + r * math.sin(tt), cy - h - 24 + d * math.cos(tt), 11.0, RUBY,
         math.cos(tt))
    for t in (-0.38, 0.38):
        if math.cos(t + rig.yaw) > 0.3:
            _gem(canvas, rig, cx + r * math.sin(t + rig.yaw),
                 cy - h * 0.5 + d * math.cos(t + rig.yaw), 6.0, WHITE, math.cos(t + rig.yaw))


def _knot(canvas: skia.Canvas, rig: Rig, cx: float, y: float) -> None:
    knot = ellipse(cx, y, 40, 32)
    draw_shape(canvas, knot, rig.hair, rig.hair_line, rig.lw)
    canvas.drawPath(ellipse(cx - 12, y - 10, 16, 8), fill(rig.hair_hi, 0.9))


def _guan(canvas: skia.Canvas, rig: Rig) -> None:
    """发冠: a golden lotus-shaped crown holding the top knot, with a hairpin through it."""
    cx, _, top, _ = _hair_box(rig)
    ky = min(-200.0, top - 14.0)
    _knot(canvas, rig, cx, ky)
    line = ink_for(GOLD)
    base = ky + 34.0
    p = skia.Path()
    p.moveTo(cx - 42, base)
    p.lineTo(cx - 48, ky - 18)
    p.quadTo(cx - 40, ky - 44, cx - 22, ky - 30)
    p.quadTo(cx - 12, ky - 62, cx, ky - 62)
    p.quadTo(cx + 12, ky - 62, cx + 22, ky - 30)
    p.quadTo(cx + 40, ky - 44, cx + 48, ky - 18)
    p.lineTo(cx + 42, base)
    p.quadTo(cx, base + 10, cx - 42, base)
    p.close()
    canvas.drawPath(p, fill(GOLD))
    _shade_right(canvas, p, shade(GOLD), cx + 16 + rig.dir * 6)
    ridge = skia.Path()
    ridge.moveTo(cx - 36, ky + 6)
    ridge.quadTo(cx, ky + 16, cx + 36, ky + 6)
    ridge.moveTo(cx, ky - 54)
    ridge.lineTo(cx, ky + 10)
    canvas.drawPath(ridge, stroke(line, rig.lw3, 0.8))
    canvas.drawPath(p, stroke(line, rig.lw))
    _gem(canvas, rig, cx, ky + 22, 8.0, JADE)
    pin = skia.Path()
    pin.moveTo(cx - 84, ky - 4)
    pin.lineTo(cx + 84, ky + 6)
    canvas.drawPath(pin, stroke(line, rig.lw * 2.0))
    canvas.drawPath(pin, stroke(light(GOLD, 0.3), rig.lw * 0.9))
    for s in (-1, 1):
        draw_shape(canvas, ellipse(cx + s * 86, ky + 1 + s * 5, 9, 9), light(GOLD, 0.75), line,
                   rig.lw3)


def _phoenix(canvas: skia.Canvas, rig: Rig) -> None:
    """A simple 凤冠-like headpiece: a golden band, a fan-shaped phoenix crest with a ruby,
    and short bead strings (步摇) at the temples."""
    cx, rx, top, name = _hair_box(rig)
    r = rx * 0.8
    d = r * 0.3
    cy = top * 0.8 + d
    h = 20.0
    line = ink_for(GOLD)
    # bead strings at the band ends (behind the band), only on the visible side
    for t in (-1.2, 1.2):
        tt = t + rig.yaw
        if math.cos(tt) < 0.2:
            continue
        x, y = cx + r * math.sin(tt), cy + d * math.cos(tt)
        strand = skia.Path()
        strand.moveTo(x, y)
        strand.lineTo(x, y + 62)
        canvas.drawPath(strand, stroke(line, rig.lw3))
        for i in range(3):
            draw_shape(canvas, ellipse(x, y + 18 + i * 21, 8, 8), RUBY if i == 2 else GOLD,
                       line, rig.lw3)
    # the crest: five golden feathers fanning up from the front of the band
    tt = rig.yaw
    fx, fy = cx + r * math.sin(tt), cy - h + d * math.cos(tt)
    k = math.cos(tt)
    rise = 86.0 if name != "bun" else 100.0
    for i, a in enumerate((-0.95, -0.5, 0.0, 0.5, 0.95)):
        ln = rise * (1.0 - 0.18 * abs(a))
        tx, ty = fx + math.sin(a) * ln * k, fy - math.cos(a) * ln
        f = skia.Path()
        px, py = -math.cos(a) * 20 * k, -math.sin(a) * 20
        f.moveTo(fx + px * 0.5, fy + py * 0.5)
        f.quadTo(fx + (tx - fx) * 0.5 + px, fy + (ty - fy) * 0.5 + py, tx, ty)
        f.quadTo(fx + (tx - fx) * 0.5 - px, fy + (ty - fy) * 0.5 - py, fx - px * 0.5,
                 fy - py * 0.5)
        f.close()
        draw_shape(canvas, f, GOLD if i % 2 == 0 else shade(GOLD, 0.7), line, rig.lw2)
        draw_shape(canvas, ellipse(tx, ty, 6, 6), light(GOLD, 0.7), line, rig.lw3)
    band = _band(rig, cx, cy, r, d, h, -1.25, 1.25)
    canvas.drawPath(band, fill(GOLD))
    _shade_right(canvas, band, shade(GOLD), cx + r * 0.5)
    canvas.drawPath(band, stroke(line, rig.lw2))
    for t in (-0.8, -0.4, 0.4, 0.8):
        tt2 = t + rig.yaw
        if math.cos(tt2) > 0.25:
            _gem(canvas, rig, cx + r * math.sin(tt2), cy - h * 0.5 + d * math.cos(tt2), 5.5,
                 WHITE, math.cos(tt2))
    _gem(canvas, rig, fx, fy - 2, 13.0, RUBY, k)


# --------------------------------------------------------------------------- hats
def _fedora(canvas: skia.Canvas, rig: Rig) -> None:
    """A felt fedora: wide brim, pinched crown with a front dent, ribbon band."""
    cx, rx, _, _ = _hair_box(rig)
    felt = mix(shade(rig.cloth, 1.2), INK, 0.35)
    if sum(felt) < 0.45:
        felt = mix(felt, (0.55, 0.5, 0.48), 0.4)
    line = mix(INK, felt, 0.15)
    sh = shade(felt, 1.2)
    band_c = rig.accent if abs(sum(rig.accent) - sum(felt)) > 0.4 else mix(felt, INK, 0.6)
    rb, db = rx + 58.0, 36.0
    yb = -112.0  # brim ring centre; its front edge stays above the brows
    rc, dc = rx * 0.86, 24.0
    brim = ellipse(cx, yb, rb, db)
    canvas.drawPath(brim, fill(felt))
    canvas.save()
    canvas.clipPath(brim, doAntiAlias=True)
    canvas.drawPath(ellipse(cx, yb + db * 0.9, rb * 0.9, db * 0.55), fill(sh))
    canvas.restore()
    canvas.drawPath(brim, stroke(line, rig.lw))
    # crown: sides taper in, top with a centre dent that turns with the head
    top_y = -238.0
    dent = cx + rc * 0.9 * math.sin(rig.yaw)
    bottom = _ring(cx, yb - 6, rc, dc, 1.5708, -1.5708)  # right -> left along the front
    p = skia.Path()
    p.moveTo(*bottom[-1])
    smooth(list(reversed(bottom)), path=p, move=False)
    p.cubicTo(cx + rc * 1.0, yb - 70, cx + rc * 0.96, top_y + 8, cx + rc * 0.6, top_y + 2)
    p.quadTo(dent + rc * 0.22, top_y - 4, dent, top_y + 22)
    p.quadTo(dent - rc * 0.22, top_y - 4, cx - rc * 0.55, top_y + 2)
    p.cubicTo(cx - rc * 0.96, top_y + 8, cx - rc * 1.0, yb - 70, *bottom[-1])
    p.close()
    canvas.drawPath(p, fill(felt))
    _shade_right(canvas, p, sh, cx + rc * 0.38)
    crease = skia.Path()
    crease.moveTo(dent, top_y + 22)
    crease.quadTo(dent + rig.dir * 4, top_y + 48, dent + rig.dir * 2, top_y + 70)
    canvas.drawPath(crease, stroke(line, rig.lw3, 0.8))
    hi = skia.Path()
    hi.moveTo(cx - rc * 0.7, top_y + 40)
    hi.quadTo(cx - rc * 0.78, yb - 90, cx - rc * 0.76, yb - 60)
    canvas.drawPath(hi, stroke(light(felt, 0.35), 10.0, 0.9))
    ribbon = _band(rig, cx, yb - 6, rc, dc, 24.0)
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    draw_shape(canvas, ribbon, band_c, ink_for(band_c), rig.lw2)
    canvas.restore()
    canvas.drawPath(p, stroke(line, rig.lw))
    # the front lip of the brim over the crown's base
    lip = skia.Path()
    front = _ring(cx, yb, rb, db, -1.5708, 1.5708)
    smooth(front, path=lip)
    canvas.drawPath(lip, stroke(line, rig.lw))


def _douli(canvas: skia.Canvas, rig: Rig) -> None:
    """斗笠: a wide conical bamboo hat."""
    cx, rx, _, _ = _hair_box(rig)
    line = ink_for(STRAW)
    rb, db = rx + 96.0, 34.0
    yb = -100.0
    apex = (cx + rig.dir * 10.0, -296.0)
    front = _ring(cx, yb, rb, db, -1.5708, 1.5708)
    p = skia.Path()
    p.moveTo(*apex)
    p.quadTo(cx - rb * 0.6, yb - 90, *front[0])
    smooth(front, path=p, move=False)
    p.quadTo(cx + rb * 0.6, yb - 90, *apex)
    p.close()
    canvas.drawPath(p, fill(STRAW))
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    sh = skia.Path()
    sh.moveTo(*apex)
    sh.lineTo(cx + rb * 0.3, yb + db + 10)
    sh.lineTo(cx + rb + 20, yb + 40)
    sh.lineTo(cx + rb + 20, -400)
    sh.close()
    canvas.drawPath(sh, fill(shade(STRAW)))
    weave = skia.Path()
    for i in range(1, 8):
        x, y = front[i * 12 // 8] if i * 12 // 8 < len(front) else front[-1]
        weave.moveTo(*apex)
        weave.lineTo(x, y)
    for f in (0.45, 0.75):
        ring = _ring(apex[0] + (cx - apex[0]) * f, apex[1] + (yb - apex[1]) * f, rb * f, db * f,
                     -1.5708, 1.5708)
        smooth(ring, path=weave)
    canvas.drawPath(weave, stroke(line, rig.lw3, 0.55))
    canvas.restore()
    canvas.drawPath(p, stroke(line, rig.lw))
    draw_shape(canvas, ellipse(apex[0], apex[1] + 4, 12, 8), shade(STRAW, 1.3), line, rig.lw3)
