"""Face drawing in head space: face shape, ears, eyes, brows, nose, mouth, extras.

Head space: origin at the centre of the cranium, y down, skull ~160 units wide per side,
chin near y=205. See :mod:`manju.render.character_rig` for the view maths.
"""

from __future__ import annotations

import math

import skia

from manju.render.character_rig import CHIN_Y, MOUTH_OPEN, SKULL_R, SKULL_RY, Rig
from manju.render.character_style import (
    INK,
    RGB,
    WHITE,
    draw_shape,
    drop,
    ellipse,
    fill,
    light,
    mix,
    shade,
    smooth,
    stroke,
)

EYE_A = 0.43  # angle of each eye from the face middle
EYE_Y = 40.0
MOUTH_DARK: RGB = (0.36, 0.11, 0.15)
TONGUE: RGB = (0.90, 0.47, 0.50)
TEAR: RGB = (0.60, 0.82, 0.98)


# --------------------------------------------------------------------------- face shape
def _jaw(rig: Rig) -> tuple[float, float, float, float]:
    """(jaw_x, jaw_y, chin_half_width, chin_y) for the face type."""
    if rig.child:
        return 132.0, 128.0, 22.0, CHIN_Y - 18.0
    if rig.male:
        return 130.0, 148.0, 26.0, CHIN_Y + 3.0
    if rig.female:
        return 112.0, 144.0, 9.0, CHIN_Y
    return 120.0, 146.0, 16.0, CHIN_Y


def face_path(rig: Rig) -> skia.Path:
    """Outline of the face + skull (the top is later covered by hair)."""
    jx, jy, cw, cy = _jaw(rig)
    w = rig.warp
    right = [
        ((88, -SKULL_RY), (SKULL_R, -125), (SKULL_R, -30)),
        ((SKULL_R, 55), (jx + 24, jy - 48), (jx, jy)),
        ((jx - 24, jy + 36), (cw + 34, cy), (cw, cy)),
    ]
    p = skia.Path()
    p.moveTo(*w(0, -SKULL_RY))
    for c1, c2, e in right:
        p.cubicTo(*w(*c1), *w(*c2), *w(*e))
    p.lineTo(*w(-cw, cy))
    # mirrored, reversed
    segs = [((-(cw + 34), cy), (-(jx - 24), jy + 36), (-jx, jy)),
            ((-(jx + 24), jy - 48), (-SKULL_R, 55), (-SKULL_R, -30)),
            ((-SKULL_R, -125), (-88, -SKULL_RY), (0, -SKULL_RY))]
    for c1, c2, e in segs:
        p.cubicTo(*w(*c1), *w(*c2), *w(*e))
    p.close()
    return p



def draw_ears(canvas: skia.Canvas, rig: Rig) -> None:
    """Ears (behind the face contour, so only the outer part shows)."""
    for side in (-1, 1):
        a = side * (math.pi / 2 + 0.1)
        if not rig.visible(a):
            continue
        x = rig.proj(a, SKULL_R - 8)
        s = side if rig.dir == 0 else (1 if x > 0 else -1)
        p = skia.Path()
        p.moveTo(x, 28)
        p.cubicTo(x + s * 30, 16, x + s * 34, 70, x + s * 14, 100)
        p.cubicTo(x + s * 6, 110, x - s * 6, 108, x - s * 10, 100)
        p.close()
        draw_shape(canvas, p, rig.skin, rig.skin_line, rig.lw)
        q = skia.Path()
        q.moveTo(x + s * 6, 42)
        q.cubicTo(x + s * 22, 40, x + s * 20, 72, x + s * 6, 86)
        canvas.drawPath(q, stroke(rig.skin_line, rig.lw3))
        if rig.look.accessory == "earrings":
            gold = (0.95, 0.76, 0.30)
            draw_shape(canvas, ellipse(x + s * 4, 112, 6, 6), gold, INK, rig.lw3)
            draw_shape(canvas, drop(x + s * 4, 134, 8), rig.accent, INK, rig.lw3)


def draw_face_base(canvas: skia.Canvas, rig: Rig, face: skia.Path) -> None:
    """Skin fill, outline and the cel shadow on the side away from the light."""
    canvas.drawPath(face, fill(rig.skin))
    canvas.save()
    canvas.clipPath(face, doAntiAlias=True)
    w = rig.warp
    jx, jy, cw, cy = _jaw(rig)
    sh = skia.Path()
    pts = [w(150, -120), w(126, -20), w(134, 60), w(jx - 14, jy - 4), w(cw + 18, cy - 8),
           w(cw - 10, cy + 20)]
    smooth(pts, path=sh)
    sh.lineTo(260, 260)
    sh.lineTo(260, -200)
    sh.close()
    canvas.drawPath(sh, fill(rig.skin_sh, 0.9))
    canvas.restore()
    canvas.drawPath(face, stroke(rig.skin_line, rig.lw))


# --------------------------------------------------------------------------- eyes
def _eye_size(rig: Rig) -> tuple[float, float]:
    if rig.child:
        w, h = 33.0, 41.0
    elif rig.male:
        w, h = 31.0, 26.0
    elif rig.female:
        w, h = 31.0, 38.0
    else:
        w, h = 31.0, 34.0
    if rig.old:
        h *= 0.78
    return w, h


def eye_geometry(rig: Rig, side: int) -> tuple[float, float, float, float, float]:
    """(centre x, centre y, half width, half height, foreshortening) of one eye."""
    a = side * EYE_A
    w, h = _eye_size(rig)
    return rig.proj(a, SKULL_R - 2), EYE_Y, w, h, rig.fore(a)


def _lid_paths(rig: Rig, side: int, openness: float) -> tuple[skia.Path, skia.Path, tuple]:
    ex, ey, w, h, k = eye_geometry(rig, side)
    e = rig.expr
    tilt = e.get("tilt", 0.0)
    xi, xo = ex - side * w * k, ex + side * w * k
    closed = ey + h * 0.5
    flat = e.get("flat_lid", False)

    def up(y_open: float) -> float:
        return closed + (y_open - closed) * openness

    yi = up(ey - h * 0.05) + tilt * h * 0.22
    c1 = up(ey - h * (0.75 if flat else 0.98)) + tilt * h * 0.45
    c2 = up(ey - h * (0.8 if flat else 1.12)) - tilt * h * 0.1
    yo = up(ey - h * 0.32) - tilt * h * 0.2
    upper = skia.Path()
    upper.moveTo(xi, yi)
    upper.cubicTo(xi + side * w * 0.25 * k, c1, ex + side * w * 0.7 * k, c2, xo, yo)
    lower_y = ey + h * 0.92
    opening = skia.Path(upper)
    opening.cubicTo(xo - side * w * 0.05 * k, ey + h * 0.7, xi + side * w * 0.45 * k, lower_y,
                    xi, yi)
    opening.close()
    return upper, opening, (ex, ey, w, h, k, xi, xo, yi, yo)


def draw_eye(canvas: skia.Canvas, rig: Rig, side: int) -> None:
    """One eye: white, iris with shading and highlights, lids and lashes; or a closed line."""
    e = rig.expr
    openness = max(0.0, min(1.25, rig.pose.eyes_open * e.get("open", 1.0)))
    ex, ey, w, h, k = eye_geometry(rig, side)
    ink = INK
    lid_w = rig.lw * (1.55 if not rig.male else 1.3)
    if e.get("happy_arc") or openness < 0.14:
        xi, xo = ex - side * w * k, ex + side * w * k
        p = skia.Path()
        if e.get("happy_arc"):
            p.moveTo(xi, ey + 10)
            p.cubicTo(xi + side * w * 0.3 * k, ey - h * 0.55, xo - side * w * 0.3 * k,
                      ey - h * 0.55, xo, ey + 8)
        else:
            y0 = ey + h * 0.42
            p.moveTo(xi, y0)
            p.cubicTo(xi + side * w * 0.4 * k, y0 + h * 0.3, xo - side * w * 0.3 * k,
                      y0 + h * 0.28, xo, y0 - 2)
            if rig.female:
                for t in (0.55, 0.85):
                    lx = xi + (xo - xi) * t
                    q = skia.Path()
                    q.moveTo(lx, y0 + h * 0.2)
                    q.lineTo(lx + side * 5, y0 + h * 0.2 + 10)
                    canvas.drawPath(q, stroke(ink, rig.lw3))
        canvas.drawPath(p, stroke(ink, lid_w * 0.85))
        return

    upper, opening, (ex, ey, w, h, k, xi, xo, yi, yo) = _lid_paths(rig, side, openness)
    canvas.drawPath(opening, fill((0.99, 0.99, 1.0)))
    canvas.save()
    canvas.clipPath(opening, doAntiAlias=True)
    iris_f = e.get("iris", 1.0)
    look_dx = rig.dir * w * 0.18 * k + e.get("look_dx", 0) * (rig.dir or 1) * w * 0.3 * k
    cx, cy = ex + look_dx, ey + h * 0.12 + e.get("look_dy", 0)
    rx, ry = w * 0.64 * k * iris_f, h * 0.86 * (0.55 + 0.45 * iris_f)
    iris = ellipse(cx, cy, rx, ry)
    col = rig.eye
    canvas.drawPath(iris, fill(col))
    canvas.save()
    canvas.clipPath(iris, doAntiAlias=True)
    canvas.drawRect(skia.Rect.MakeLTRB(cx - rx, cy - ry, cx + rx, cy - ry * 0.1),
                    fill(shade(col, 1.3)))
    canvas.drawPath(ellipse(cx, cy + ry * 0.95, rx * 0.85, ry * 0.55), fill(light(col, 0.38)))
    canvas.restore()
    canvas.drawPath(ellipse(cx, cy + ry * 0.05, rx * 0.46, ry * 0.5),
                    fill(mix(shade(col, 1.5), INK, 0.55)))
    canvas.drawPath(iris, stroke(mix(shade(col, 1.5), INK, 0.5), rig.lw3))
    # upper lid shadow on the eyeball
    canvas.drawPath(upper, stroke(shade((0.92, 0.9, 1.0), 1.0), h * 0.5, 0.55))
    canvas.drawPath(ellipse(cx - rx * 0.38, cy - ry * 0.38, rx * 0.36, ry * 0.27), fill(WHITE))
    canvas.drawPath(ellipse(cx + rx * 0.4, cy + ry * 0.42, rx * 0.16, ry * 0.12), fill(WHITE))
    canvas.restore()
    # lids
    canvas.drawPath(upper, stroke(ink, lid_w))
    if rig.female or rig.child:
        lash = skia.Path()
        lash.moveTo(xo - side * 6 * k, yo - 3)
        lash.quadTo(xo + side * 10 * k, yo - 8, xo + side * 16 * k, yo - 16)
        lash.quadTo(xo + side * 8 * k, yo + 2, xo - side * 2, yo + 5)
        lash.close()
        canvas.drawPath(lash, fill(ink))
        canvas.drawPath(lash, stroke(ink, rig.lw3))
    low = skia.Path()
    low.moveTo(xo - side * w * 0.1 * k, ey + h * 0.62)
    low.quadTo(xo - side * w * 0.35 * k, ey + h * 0.92, ex - side * w * 0.05 * k, ey + h * 0.9)
    canvas.drawPath(low, stroke(ink, rig.lw3 * (0.8 if rig.male else 1.0)))


def draw_brows(canvas: skia.Canvas, rig: Rig) -> None:
    """Both eyebrows (drawn over the bangs, anime style)."""
    colour = mix(rig.hair, INK, 0.55 if sum(rig.hair) > 1.5 else 0.3)
    if rig.old:
        colour = mix(rig.hair, INK, 0.35)
    thick = 13.0 if (rig.male or rig.old) else 8.5
    for idx, side in enumerate((-1, 1)):
        ex, ey, w, h, k = eye_geometry(rig, side)
        if not rig.visible(side * EYE_A):
            continue
        inner_dy, outer_dy, arch = rig.expr["brows"][idx]
        by = ey - h - (14 if rig.male else 20)
        xi, xo = ex - side * w * 0.8 * k, ex + side * w * 1.2 * k
        yi, yo = by + inner_dy, by + outer_dy + 4
        mx, my = (xi + xo) / 2, (yi + yo) / 2 - arch * 1.6 - 6
        t = thick
        p = skia.Path()
        p.moveTo(xi, yi - t * 0.5)
        p.quadTo(mx, my - t * 0.45, xo, yo)
        p.quadTo(mx, my + t * 0.5, xi, yi + t * 0.5)
        p.close()
        canvas.drawPath(p, fill(colour))
        canvas.drawPath(p, stroke(colour, 2.0))


# --------------------------------------------------------------------------- nose/mouth
def mouth_centre(rig: Rig) -> tuple[float, float]:
    """Mouth centre in head space."""
    return rig.proj(0.0, 128.0), (140.0 if not rig.child else 132.0)


def draw_nose(canvas: skia.Canvas, rig: Rig) -> None:
    """A small anime nose: a tick in front view, a wedge in three-quarter view."""
    nx = rig.proj(0.0, 150.0)
    y = 100.0 if not rig.child else 96.0
    p = skia.Path()
    if rig.dir == 0:
        p.moveTo(nx + 3, y - 12)
        p.quadTo(nx + 1, y - 2, nx - 4, y + 2)
        canvas.drawPath(p, stroke(rig.skin_line, rig.lw3 * 1.1))
        if not rig.child:
            s = skia.Path()
            s.moveTo(nx + 4, y - 14)
            s.lineTo(nx + 10, y + 1)
            s.lineTo(nx - 2, y + 3)
            s.close()
            canvas.drawPath(s, fill(rig.skin_sh))
    else:
        d = rig.dir
        s = skia.Path()
        s.moveTo(nx - d * 3, y - 26)
        s.lineTo(nx + d * 9, y)
        s.lineTo(nx - d * 2, y + 4)
        s.close()
        canvas.drawPath(s, fill(rig.skin_sh))
        p.moveTo(nx - d * 1, y - 22)
        p.lineTo(nx + d * 9, y)
        p.lineTo(nx - d * 2, y + 4)
        canvas.drawPath(p, stroke(rig.skin_line, rig.lw3 * 1.1))


def _mouth_shape(rig: Rig, o: float) -> tuple[skia.Path, float, float, float, float]:
    """Open-mouth outline for the expression style; returns (path, top_y, bottom_y, x0, x1)."""
    e = rig.expr
    style, mood, asym = e["style"], e["mood"], e.get("asym", 0.0)
    mx, my = mouth_centre(rig)
    k = rig.fore(0.0)
    base_w = 21.0 if rig.child else 25.0
    ww = base_w * (0.75 + 0.5 * o) * k
    hh = 6.0 + 28.0 * o
    sgn = rig.dir or 1
    lift = asym * 10.0
    lx, rx_ = mx - ww, mx + ww
    ly = my - mood * 6.0 + (lift if sgn > 0 else -lift) * 0.5
    ry = my - mood * 6.0 - (lift if sgn > 0 else -lift) * 0.5
    p = skia.Path()
    if style == "round":
        ww = (11.0 + 9.0 * o) * k
        hh = 9.0 + 20.0 * o
        return ellipse(mx, my + hh * 0.3, ww, hh), my + hh * 0.3 - hh, my + hh * 1.3, mx - ww, mx + ww
    if style == "wavy":
        ww *= 1.1
        hh *= 0.8
        n = 6
        upper = [(mx - ww + 2 * ww * i / n, my - hh * 0.45 + (4 if i % 2 else -4) * (0.4 + o))
                 for i in range(n + 1)]
        lower = [(mx + ww - 2 * ww * i / n, my + hh * 0.8 + (3 if i % 2 else -3))
                 for i in range(1, n)]
        smooth(upper + lower, closed=True, path=p, tension=0.6)
        return p, my - hh * 0.6, my + hh, mx - ww, mx + ww
    if style == "smile":
        top_c, bot_c = my - 2 - hh * 0.15, my + hh * 1.45
        ly -= 4
        ry -= 4
        ww *= 1.12
        lx, rx_ = mx - ww, mx + ww
    elif style == "frown":
        top_c, bot_c = my - hh * 1.1, my + hh * 0.55
    elif style in ("teeth", "grimace"):
        top_c, bot_c = my - hh * 0.85, my + hh * 1.05
        ww *= 1.1
        lx, rx_ = mx - ww, mx + ww
    elif style == "smirk":
        top_c, bot_c = my - hh * 0.35, my + hh * 1.2
    else:
        top_c, bot_c = my - hh * 0.55, my + hh * 1.05
    sq = 0.85 if style in ("teeth", "grimace") else 0.45
    p.moveTo(lx, ly)
    p.cubicTo(mx - ww * sq, top_c, mx + ww * sq, top_c, rx_, ry)
    p.cubicTo(mx + ww * sq, bot_c, mx - ww * sq, bot_c, lx, ly)
    p.close()
    top = min(ly, ry, 0.25 * (ly + ry) / 2 + 0.75 * top_c)
    bot = 0.25 * (ly + ry) / 2 + 0.75 * bot_c
    return p, top, bot, lx, rx_


def draw_mouth(canvas: skia.Canvas, rig: Rig) -> None:
    """Mouth combining the expression's mood with the lip-sync shape."""
    e = rig.expr
    style, mood, asym = e["style"], e["mood"], e.get("asym", 0.0)
    speak = MOUTH_OPEN.get(rig.pose.mouth, 0.0)
    base = e.get("base", 0.0)
    o = min(1.0, base + speak * (1.0 - base * 0.6))
    mx, my = mouth_centre(rig)
    k = rig.fore(0.0)
    ink = rig.skin_line
    sgn = rig.dir or 1
    if o < 0.05:
        p = skia.Path()
        if style == "teeth":
            w, h = 27.0 * k, 11.0
            p.moveTo(mx - w, my + 3)
            p.cubicTo(mx - w * 0.7, my - h, mx + w * 0.7, my - h, mx + w, my + 3)
            p.cubicTo(mx + w * 0.7, my + h * 1.2, mx - w * 0.7, my + h * 1.2, mx - w, my + 3)
            p.close()
            draw_shape(canvas, p, WHITE, ink, rig.lw2)
            q = skia.Path()
            q.moveTo(mx - w + 2, my + 2)
            q.lineTo(mx + w - 2, my + 2)
            for t in (-0.45, 0.0, 0.45):
                q.moveTo(mx + w * t, my - h * 0.65)
                q.lineTo(mx + w * t, my + h * 0.85)
            canvas.drawPath(q, stroke(ink, rig.lw3 * 0.8))
            return
        if style == "grimace":
            w = 24.0 * k
            pts = [(mx - w, my + 6 * sgn), (mx - w * 0.5, my - 2), (mx, my + 4),
                   (mx + w * 0.5, my - 3), (mx + w, my - 7 * sgn)]
            smooth(pts, path=p)
            canvas.drawPath(p, stroke(ink, rig.lw2))
            return
        if style == "smirk":
            w = 26.0 * k
            p.moveTo(mx - sgn * w * 0.8, my + 2)
            p.cubicTo(mx - sgn * w * 0.2, my + 9, mx + sgn * w * 0.5, my + 6, mx + sgn * w, my - 13)
            canvas.drawPath(p, stroke(ink, rig.lw2))
            t = skia.Path()
            t.moveTo(mx + sgn * (w - 4), my - 18)
            t.lineTo(mx + sgn * (w + 5), my - 9)
            canvas.drawPath(t, stroke(ink, rig.lw3))
            return
        w = (30.0 if style == "smile" else 18.0 if rig.child else 20.0) * k
        corner = my - mood * 7.0
        ctrl = my + mood * 9.0
        p.moveTo(mx - w, corner)
        p.cubicTo(mx - w * 0.4, ctrl, mx + w * 0.4, ctrl, mx + w, corner)
        canvas.drawPath(p, stroke(ink, rig.lw2))
        return

    path, top, bot, x0, x1 = _mouth_shape(rig, o)
    canvas.drawPath(path, fill(MOUTH_DARK))
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    cx = (x0 + x1) / 2
    hw = (x1 - x0) / 2
    hh = bot - top
    if style not in ("teeth", "grimace") and hh > 10:
        canvas.drawPath(ellipse(cx + hw * 0.15, bot - hh * 0.05, hw * 0.62, hh * 0.42),
                        fill(TONGUE))
    teeth_top = style in ("teeth", "grimace", "wavy", "smile") or o > 0.55
    if teeth_top:
        canvas.drawRect(skia.Rect.MakeLTRB(x0 - 5, top - 20, x1 + 5, top + max(5.0, hh * 0.2)),
                        fill(WHITE))
    if style in ("teeth", "grimace"):
        canvas.drawRect(skia.Rect.MakeLTRB(x0 - 5, bot - max(5.0, hh * 0.22), x1 + 5, bot + 20),
                        fill(WHITE))
    canvas.restore()
    canvas.drawPath(path, stroke(ink, rig.lw2))
    del asym


# --------------------------------------------------------------------------- details
def draw_blush(canvas: skia.Canvas, rig: Rig) -> None:
    """Cheek blush: faint by default for girls/children, strong for happy/smug."""
    amount = rig.expr.get("blush", 0.0)
    if rig.female or rig.child:
        amount = max(amount, 0.22)
    if amount <= 0:
        return
    for side in (-1, 1):
        if not rig.visible(side * 0.6):
            continue
        ex, ey, w, h, k = eye_geometry(rig, side)
        x = ex + side * 6 * k
        y = ey + h + 24
        canvas.drawPath(ellipse(x, y, 27 * k, 11), fill(rig.blush, 0.42 * amount))
        if amount > 0.4:
            p = skia.Path()
            for i in (-1, 0, 1):
                p.moveTo(x + i * 11 * k + 4, y - 7)
                p.lineTo(x + i * 11 * k - 4, y + 6)
            canvas.drawPath(p, stroke(shade(rig.blush, 0.6), rig.lw3 * 0.8, 0.8))


def draw_wrinkles(canvas: skia.Canvas, rig: Rig) -> None:
    """Age lines for old characters: laugh lines, crow's feet, eye bags, forehead."""
    if not rig.old:
        return
    ink = rig.skin_line
    p = skia.Path()
    mx, my = mouth_centre(rig)
    nx = rig.proj(0.0, 150.0)
    for side in (-1, 1):
        ex, ey, w, h, k = eye_geometry(rig, side)
        if not rig.visible(side * EYE_A):
            continue
        ox = ex + side * w * k
        p.moveTo(ox + side * 8, ey - 6)
        p.lineTo(ox + side * 18, ey - 10)
        p.moveTo(ox + side * 8, ey + 4)
        p.lineTo(ox + side * 18, ey + 7)
        p.moveTo(ex - side * w * 0.5 * k, ey + h + 10)
        p.quadTo(ex, ey + h + 17, ex + side * w * 0.6 * k, ey + h + 8)
        lx = nx + side * 26 * k
        p.moveTo(lx, 104)
        p.quadTo(lx + side * 12 * k, my - 10, mx + side * 32 * k, my + 10)
    p.moveTo(rig.proj(-0.35), -72)
    p.quadTo(rig.proj(0.0), -80, rig.proj(0.35), -72)
    canvas.drawPath(p, stroke(ink, rig.lw3 * 0.9, 0.85))


def draw_beard(canvas: skia.Canvas, rig: Rig) -> None:
    """Full short beard + moustache in the hair colour (drawn before the mouth)."""
    if rig.look.accessory != "beard":
        return
    w = rig.warp
    mx, my = mouth_centre(rig)
    jx, jy, cw, cy = _jaw(rig)
    outer = [w(-SKULL_R + 4, 40), w(-jx + 2, jy), w(-cw - 10, cy + 12), w(0, cy + 20),
             w(cw + 10, cy + 12), w(jx - 2, jy), w(SKULL_R - 4, 40)]
    inner = [w(SKULL_R - 24, 60), w(jx - 30, jy - 16), (mx + 40, my + 22), (mx, my + 30),
             (mx - 40, my + 22), w(-jx + 30, jy - 16), w(-SKULL_R + 24, 60)]
    p = smooth(outer)
    smooth(inner, path=p, move=False)
    p.close()
    col = rig.hair
    draw_shape(canvas, p, col, rig.hair_line, rig.lw2)
    m = skia.Path()
    k = rig.fore(0.0)
    m.moveTo(mx, my - 16)
    m.cubicTo(mx + 22 * k, my - 22, mx + 38 * k, my - 10, mx + 36 * k, my + 6)
    m.cubicTo(mx + 24 * k, my - 6, mx + 10 * k, my - 6, mx, my - 8)
    m.cubicTo(mx - 10 * k, my - 6, mx - 24 * k, my - 6, mx - 36 * k, my + 6)
    m.cubicTo(mx - 38 * k, my - 10, mx - 22 * k, my - 22, mx, my - 16)
    m.close()
    draw_shape(canvas, m, col, rig.hair_line, rig.lw3)


def draw_scar(canvas: skia.Canvas, rig: Rig) -> None:
    """A slash scar with stitches over the character's left eye (screen right)."""
    if rig.look.accessory != "scar":
        return
    ex, ey, w, h, k = eye_geometry(rig, 1)
    p = skia.Path()
    p.moveTo(ex + 18 * k, ey - h - 22)
    p.quadTo(ex + 6 * k, ey, ex - 18 * k, ey + h + 34)
    col = mix(rig.skin_line, (0.75, 0.3, 0.3), 0.4)
    canvas.drawPath(p, stroke(col, rig.lw2))
    q = skia.Path()
    for t in (0.2, 0.5, 0.8):
        x = ex + 18 * k - 36 * k * t
        y = ey - h - 22 + (2 * h + 56) * t
        q.moveTo(x - 10, y - 3)
        q.lineTo(x + 10, y + 3)
    canvas.drawPath(q, stroke(col, rig.lw3))


def draw_glasses(canvas: skia.Canvas, rig: Rig) -> None:
    """Rounded-rectangle glasses with a bridge, temple arms and lens glare."""
    if rig.look.accessory != "glasses":
        return
    frame = mix(INK, rig.accent, 0.25)
    lenses = []
    for side in (-1, 1):
        if not rig.visible(side * EYE_A):
            continue
        ex, ey, w, h, k = eye_geometry(rig, side)
        hw, hh = (w * 1.4 + 4) * k, max(h, 30.0) * 0.95 + 6
        r = skia.RRect.MakeRectXY(skia.Rect.MakeLTRB(ex - hw, ey - hh + 4, ex + hw, ey + hh + 4),
                                  16 * k, 16)
        lenses.append((side, ex, ey, hw, hh, k))
        canvas.drawRRect(r, fill((0.85, 0.92, 1.0), 0.18))
        g = skia.Path()
        g.moveTo(ex - hw * 0.5, ey + hh * 0.6)
        g.lineTo(ex + hw * 0.1, ey - hh * 0.55)
        g.moveTo(ex - hw * 0.1, ey + hh * 0.75)
        g.lineTo(ex + hw * 0.35, ey - hh * 0.1)
        canvas.drawPath(g, stroke(WHITE, rig.lw2, 0.55))
        canvas.drawRRect(r, stroke(frame, rig.lw * 0.8))
        a = side * (math.pi / 2 + 0.1)
        if rig.visible(a):
            t = skia.Path()
            t.moveTo(ex + side * hw, ey - hh * 0.5 + 4)
            t.lineTo(rig.proj(a, SKULL_R - 4), ey - 2)
            canvas.drawPath(t, stroke(frame, rig.lw * 0.7))
    if len(lenses) == 2:
        (_, ax, ay, ahw, ahh, _), (_, bx, by, bhw, bhh, _) = lenses
        b = skia.Path()
        b.moveTo(ax + ahw, ay - 4)
        b.quadTo((ax + ahw + bx - bhw) / 2, ay - 14, bx - bhw, by - 4)
        canvas.drawPath(b, stroke(frame, rig.lw * 0.7))


def draw_fx(canvas: skia.Canvas, rig: Rig, face: skia.Path) -> None:
    """Expression effects: tears, sweat drop, anger vein, gloom lines."""
    e = rig.expr
    if e.get("tear") and rig.pose.eyes_open > 0.14:
        for side in (-1, 1):
            if not rig.visible(side * EYE_A):
                continue
            ex, ey, w, h, k = eye_geometry(rig, side)
            x = ex + side * w * 0.55 * k
            y = ey + h * 0.95 + 18
            canvas.drawPath(drop(x, y, 8), fill(TEAR, 0.95))
            canvas.drawPath(drop(x, y, 8), stroke(mix(TEAR, INK, 0.5), rig.lw3 * 0.8))
            shine = skia.Path()
            shine.moveTo(ex - side * w * 0.4 * k, ey + h * 0.72)
            shine.quadTo(ex, ey + h * 0.84, ex + side * w * 0.6 * k, ey + h * 0.66)
            canvas.drawPath(shine, stroke(WHITE, rig.lw3, 0.9))
    if e.get("gloom"):
        canvas.save()
        canvas.clipPath(face, doAntiAlias=True)
        p = skia.Path()
        for i in range(-5, 6):
            x = i * 20.0 + rig.proj(0.0) * 0.6
            ln = 60 + (i % 3) * 18
            p.moveTo(x, -70)
            p.lineTo(x, -70 + ln)
        canvas.drawPath(p, stroke((0.35, 0.35, 0.7), rig.lw3 * 1.1, 0.55))
        canvas.restore()
    if e.get("sweat"):
        x = -rig.dir * 20 + 150.0 if rig.dir <= 0 else -150.0
        d = drop(x, -10, 15, tilt=0.2)
        canvas.drawPath(d, fill(TEAR))
        canvas.drawPath(d, stroke(mix(TEAR, INK, 0.6), rig.lw3 * 1.1))
        canvas.drawPath(ellipse(x - 5, -12, 4, 7), fill(WHITE))
    if e.get("vein"):
        cx, cy = (-118.0 if rig.dir > 0 else 118.0), -150.0
        red = (0.86, 0.16, 0.22)
        p = skia.Path()
        r = 16.0
        for qx, qy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            ox, oy = cx + qx * r * 0.9, cy + qy * r * 0.9
            p.moveTo(ox - qx * r * 0.2, oy + qy * r * 0.75)
            p.quadTo(ox - qx * r * 0.05, oy - qy * r * 0.05, ox + qx * r * 0.75, oy - qy * r * 0.2)
        canvas.drawPath(p, stroke(red, rig.lw * 1.2))
