"""Hair in head space: a back layer (behind head and body) and a front layer (bangs and
side locks over the face), each cel-shaded, plus style extras (bun, ponytail, top knot).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import skia

from manju.render.character_rig import SKULL_R, SKULL_RY, Rig
from manju.render.character_style import (
    INK,
    WHITE,
    Pt,
    arc_points,
    draw_shape,
    ellipse,
    fill,
    light,
    mix,
    smooth,
    stroke,
)

HAIR_R = 168.0  # radius of the hair surface for projecting bang tips


@dataclass(frozen=True)
class _Style:
    volume: float  # how far the hair stands off the skull
    side_y: float  # where the side locks end (head space y)
    tips: tuple[tuple[float, float], ...]  # bang tips (angle, y), screen-left to right
    depth: float  # notch depth between strands
    sweep: float  # strand curl direction (-1 left .. 1 right)
    lock_a: float = 1.1  # angle of the side locks' inner edge
    spiky: bool = False
    back: str = "cap"  # cap | long | bob | tied
    soft: bool = False  # smooth hairline through the tips instead of pointed strands


STYLES: dict[str, _Style] = {
    "short": _Style(16, 45, ((-1.0, -34), (-0.62, -22), (-0.22, -44), (0.2, -26),
                             (0.6, -38), (1.0, -24)), 48, 1.0),
    "long": _Style(22, 240, ((-1.02, -16), (-0.68, -6), (-0.34, -18), (0.0, -8), (0.34, -20),
                             (0.68, -8), (1.02, -18)), 46, -0.8, back="long"),
    "bob": _Style(26, 168, ((-1.1, -4), (-0.8, -14), (-0.5, -10), (-0.2, -16), (0.1, -10),
                            (0.4, -16), (0.7, -10), (1.0, -14), (1.1, -4)), 0, 0.0,
                  lock_a=1.12, back="bob", soft=True),
    "ponytail": _Style(12, 110, ((-0.98, -14), (-0.58, -4), (-0.2, -30), (0.22, -10),
                                 (0.62, -22), (1.0, -6)), 62, 0.7),
    "bun": _Style(12, 112, ((-1.0, -6), (-0.6, -14), (-0.24, -34), (0.24, -34), (0.6, -14),
                            (1.0, -6)), 58, 0.0),
    "spiky": _Style(22, 55, ((-1.0, -22), (-0.6, -4), (-0.2, -18), (0.22, -2), (0.62, -16),
                             (1.0, -26)), 70, 0.5, spiky=True),
    "long_tied": _Style(12, 330, ((-1.05, -14), (-0.74, -70), (-0.4, -110), (-0.08, -126),
                                  (0.0, -112), (0.08, -126), (0.4, -110), (0.74, -70),
                                  (1.05, -14)), 0, 0.0, lock_a=1.16, back="tied", soft=True),
    "bald": _Style(0, 0, (), 0, 0.0, back="none"),
}


def style_for(rig: Rig) -> tuple[str, _Style]:
    """The hair style spec for a look (unknown names fall back to short)."""
    name = rig.look.hair_style if rig.look.hair_style in STYLES else "short"
    st = STYLES[name]
    if name == "short" and not rig.male:
        st = _Style(st.volume + 4, 95, st.tips, st.depth, st.sweep)
    return name, st


def _outer(rig: Rig, st: _Style) -> tuple[float, float, float]:
    rx = SKULL_R + st.volume
    ry = SKULL_RY + st.volume
    cx = -rig.dir * 7.0
    return cx, rx, ry


def _bang_edge(rig: Rig, st: _Style) -> list[tuple[str, Pt, Pt]]:
    """Bang edge as ('tip'|'notch', point, curve control), traversed screen-right to left."""
    pts: list[tuple[str, Pt, Pt]] = []
    tips = list(reversed(st.tips))
    for i, (a, y) in enumerate(tips):
        r = HAIR_R * math.sqrt(max(0.05, 1.0 - (min(y, 0) / 240.0) ** 2))
        x = rig.proj(a, r)
        if i > 0:
            pa, py = tips[i - 1]
            na = (a + pa) / 2
            ny = min(y, py) - st.depth
            nr = HAIR_R * math.sqrt(max(0.05, 1.0 - (ny / 220.0) ** 2))
            nx = rig.proj(na, nr)
            pts.append(("notch", (nx, ny), (nx, ny)))
        pts.append(("tip", (x, y), (x, y)))
    return pts


def _front_path(rig: Rig, st: _Style) -> tuple[skia.Path, list[Pt]]:
    cx, rx, ry = _outer(rig, st)
    side = st.side_y
    flare = 12.0 if side > 150 else 4.0
    top = arc_points(cx, 0, rx, ry, math.pi * 1.0, math.pi * 2.0, 11)
    if st.spiky:
        spk = []
        for i, (x, y) in enumerate(top):
            if 0 < i < len(top) - 1:
                f = 1.16 if i % 2 else 0.97
                spk.append((cx + (x - cx) * f, y * f))
            else:
                spk.append((x, y))
        top = spk
    left_bottom = (cx - rx - flare, side)
    right_bottom = (cx + rx + flare, side)
    outer = [left_bottom, (cx - rx - flare * 0.5, min(side * 0.5, 40))] + top[1:-1] + [
        (cx + rx + flare * 0.5, min(side * 0.5, 40)), right_bottom]
    p = skia.Path()
    if st.spiky:
        p.moveTo(*outer[0])
        for q in outer[1:]:
            p.lineTo(*q)
    else:
        smooth(outer, path=p)
    # right side lock: tip, then inner edge up to the temple
    lock_in_r = rig.proj(st.lock_a, HAIR_R)
    lock_in_l = rig.proj(-st.lock_a, HAIR_R)
    tip_r = ((right_bottom[0] + lock_in_r) / 2, side + 16)
    p.lineTo(*tip_r)
    p.quadTo(lock_in_r + 4, side * 0.6, lock_in_r, -10 if side > 40 else side - 20)
    edge = _bang_edge(rig, st)
    edge_pts: list[Pt] = [(lock_in_r, -10)]
    prev = (lock_in_r, -10 if side > 40 else side - 20)
    if st.soft:
        tips = [q for kind, q, _ in edge if kind == "tip"]
        smooth([prev] + tips, path=p, move=False, tension=0.9)
        edge_pts.extend(tips)
        prev = tips[-1]
        edge = []
    for kind, q, _ in edge:
        if kind == "tip":
            ctrl = ((prev[0] * 0.4 + q[0] * 0.6) + st.sweep * 14, (prev[1] + q[1]) / 2)
        else:
            ctrl = ((prev[0] + q[0]) / 2 + st.sweep * 5, (prev[1] + q[1]) / 2 + 4)
        if st.spiky:
            p.lineTo(*q)
        else:
            p.quadTo(*ctrl, *q)
        edge_pts.append(q)
        prev = q
    ltemple = (lock_in_l, -10 if side > 40 else side - 20)
    p.quadTo((prev[0] + ltemple[0]) / 2 - st.sweep * 6, (prev[1] + ltemple[1]) / 2, *ltemple)
    edge_pts.append((lock_in_l, -10))
    tip_l = ((left_bottom[0] + lock_in_l) / 2, side + 16)
    p.quadTo(lock_in_l - 4, side * 0.6, *tip_l)
    p.close()
    return p, edge_pts


def bangs_shadow(canvas: skia.Canvas, rig: Rig, face: skia.Path) -> None:
    """Shadow the bangs cast on the forehead (call after the face fill)."""
    name, st = style_for(rig)
    if name == "bald":
        return
    _, edge = _front_path(rig, st)
    p = skia.Path()
    p.moveTo(300, -300)
    for x, y in edge:
        p.lineTo(x + 5, y + 15)
    p.lineTo(-300, -300)
    p.close()
    canvas.save()
    canvas.clipPath(face, doAntiAlias=True)
    canvas.drawPath(p, fill(rig.skin_sh))
    canvas.restore()


def draw_hair_back(canvas: skia.Canvas, rig: Rig) -> None:
    """The hair behind the head (long hair falls behind the shoulders), plus bun/tail."""
    name, st = style_for(rig)
    cx, rx, ry = _outer(rig, st)
    line = rig.hair_line
    lw = rig.lw
    if name == "bald":
        return
    if name == "ponytail":
        s = -(rig.dir or -1)
        tail = skia.Path()
        tail.moveTo(cx + s * 40, -170)
        tail.cubicTo(cx + s * 190, -215, cx + s * 260, -60, cx + s * 215, 150)
        tail.cubicTo(cx + s * 205, 230, cx + s * 180, 300, cx + s * 200, 360)
        tail.cubicTo(cx + s * 140, 300, cx + s * 165, 200, cx + s * 150, 80)
        tail.cubicTo(cx + s * 140, -30, cx + s * 120, -110, cx + s * 30, -120)
        tail.close()
        draw_shape(canvas, tail, rig.hair, line, lw)
        canvas.save()
        canvas.clipPath(tail, doAntiAlias=True)
        canvas.drawPath(ellipse(cx + s * 240, 100, 60, 260), fill(rig.hair_sh))
        canvas.restore()
        band = ellipse(cx + s * 62, -160, 16, 24)
        draw_shape(canvas, band, rig.accent, INK, rig.lw2)
    if name == "bun":
        bun = ellipse(cx, -182, 62, 54)
        draw_shape(canvas, bun, rig.hair, line, lw)
        swirl = skia.Path()
        swirl.moveTo(cx - 40, -186)
        swirl.quadTo(cx, -232, cx + 36, -196)
        swirl.moveTo(cx - 24, -160)
        swirl.quadTo(cx + 16, -170, cx + 42, -160)
        canvas.drawPath(swirl, stroke(line, rig.lw3))
    p = skia.Path()
    if st.back == "long":
        pts = [(cx - rx - 14, 40), (cx - rx - 34, 250), (cx - rx - 44, 470)]
        bottom = [(cx - rx - 30, 560), (cx - 120, 520), (cx - 60, 575), (cx, 530), (cx + 60, 575),
                  (cx + 120, 520), (cx + rx + 30, 560)]
        right = [(cx + rx + 44, 470), (cx + rx + 34, 250), (cx + rx + 14, 40)]
        smooth(pts, path=p)
        for q in bottom:
            p.lineTo(*q)
        smooth(right, path=p, move=False)
    elif st.back == "tied":
        pts = [(cx - rx - 4, 40), (cx - rx - 14, 300), (cx - rx - 10, 560)]
        smooth(pts, path=p)
        for q in [(cx - 70, 610), (cx, 585), (cx + 70, 610), (cx + rx + 10, 560)]:
            p.lineTo(*q)
        smooth([(cx + rx + 10, 560), (cx + rx + 14, 300), (cx + rx + 4, 40)], path=p, move=False)
    elif st.back == "bob":
        smooth([(cx - rx - 4, 20), (cx - rx - 16, 120), (cx - rx + 10, 185)], path=p)
        p.quadTo(cx, 215, cx + rx - 10, 185)
        smooth([(cx + rx - 10, 185), (cx + rx + 16, 120), (cx + rx + 4, 20)], path=p, move=False)
    else:
        smooth([(cx - rx + 4, 20), (cx - rx + 10, 110), (cx - rx + 40, 135)], path=p)
        p.lineTo(cx + rx - 40, 135)
        smooth([(cx + rx - 40, 135), (cx + rx - 10, 110), (cx + rx - 4, 20)], path=p, move=False)
    for pt in reversed(arc_points(cx, 0, rx, ry, math.pi, 2 * math.pi, 9)[1:-1]):
        p.lineTo(*pt)
    p.close()
    canvas.drawPath(p, fill(rig.hair))
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    canvas.drawPath(ellipse(cx, 200, 150, 330), fill(rig.hair_sh))
    canvas.restore()
    canvas.drawPath(p, stroke(line, lw))


def draw_hair_front(canvas: skia.Canvas, rig: Rig) -> None:
    """Bangs and side locks with a shadow band along the tips and a highlight ring."""
    name, st = style_for(rig)
    line = rig.hair_line
    if name == "bald":
        _bald(canvas, rig)
        return
    p, edge = _front_path(rig, st)
    cx, rx, ry = _outer(rig, st)
    canvas.drawPath(p, fill(rig.hair))
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    # shadow on the side away from the light
    lit = ellipse(cx - 34, -22, rx + 6, ry + 8)
    canvas.save()
    canvas.clipPath(lit, skia.ClipOp.kDifference, True)
    canvas.drawPaint(fill(rig.hair_sh))
    canvas.restore()
    # shadow band along the strand tips
    band = skia.Path()
    band.moveTo(*edge[0])
    for x, y in edge:
        band.lineTo(x - st.sweep * 4, y - 30)
    for x, y in reversed(edge):
        band.lineTo(x, y + 2)
    band.close()
    canvas.drawPath(band, fill(rig.hair_sh))
    # highlight ring
    hi = skia.Path()
    a0, a1 = math.pi * 1.13, math.pi * 1.62
    outer_pts = arc_points(cx, 0, rx * 0.84, ry * 0.84, a0, a1, 8)
    inner_pts = arc_points(cx, 0, rx * 0.68, ry * 0.68, a1, a0, 9)
    smooth(outer_pts, path=hi)
    for i, (x, y) in enumerate(inner_pts):
        f = 1.0 if i % 2 else 1.12
        hi.lineTo(cx + (x - cx) * f, y * f)
    hi.close()
    canvas.drawPath(hi, fill(rig.hair_hi, 0.9))
    canvas.restore()
    # strand lines from the crown toward the notches
    crown = (rig.proj(-0.15 * st.sweep, 60), -ry + 30)
    s = skia.Path()
    for x, y in edge[1:-1:2]:
        s.moveTo(x, y - 4)
        s.quadTo((x + crown[0]) / 2 - st.sweep * 10, (y + crown[1]) / 2, x * 0.6 + crown[0] * 0.4,
                 y * 0.6 + crown[1] * 0.4)
    canvas.save()
    canvas.clipPath(p, doAntiAlias=True)
    canvas.drawPath(s, stroke(line, rig.lw3 * 0.9, 0.55))
    canvas.restore()
    canvas.drawPath(p, stroke(line, rig.lw))
    if name == "long_tied" and rig.look.accessory not in ("crown", "hat"):
        _top_knot(canvas, rig, cx)  # headwear draws its own knot (or hides it)
    if rig.look.accessory == "hairpin":
        _hairpin(canvas, rig, st)


def _top_knot(canvas: skia.Canvas, rig: Rig, cx: float) -> None:
    """Period top knot with a crown band and a hairpin through it."""
    knot = ellipse(cx, -200, 40, 32)
    draw_shape(canvas, knot, rig.hair, rig.hair_line, rig.lw)
    canvas.drawPath(ellipse(cx - 12, -210, 16, 8), fill(rig.hair_hi, 0.9))
    crown = skia.Path()
    crown.moveTo(cx - 34, -168)
    crown.lineTo(cx - 30, -196)
    crown.quadTo(cx, -186, cx + 30, -196)
    crown.lineTo(cx + 34, -168)
    crown.quadTo(cx, -160, cx - 34, -168)
    crown.close()
    draw_shape(canvas, crown, rig.accent, INK, rig.lw2)
    pin = skia.Path()
    pin.moveTo(cx - 66, -190)
    pin.lineTo(cx + 66, -180)
    canvas.drawPath(pin, stroke(INK, rig.lw * 1.5))
    canvas.drawPath(pin, stroke(mix(rig.accent, (0.95, 0.85, 0.5), 0.6), rig.lw * 0.7))


def _hairpin(canvas: skia.Canvas, rig: Rig, st: _Style) -> None:
    x = rig.proj(-0.62, HAIR_R - 6)
    y = -80.0
    col = rig.accent
    for i in range(5):
        a = i * 2 * math.pi / 5 - math.pi / 2
        draw_shape(canvas, ellipse(x + 14 * math.cos(a), y + 14 * math.sin(a), 10, 10), col,
                   INK, rig.lw3)
    draw_shape(canvas, ellipse(x, y, 8, 8), light(col, 0.7), INK, rig.lw3)
    del st


def _bald(canvas: skia.Canvas, rig: Rig) -> None:
    """Bald head: scalp shine, and a fringe of hair above the ears for older characters."""
    canvas.drawPath(ellipse(-50, -125, 42, 22), fill(WHITE, 0.45))
    for side in (-1, 1):
        a = side * (math.pi / 2 - 0.05)
        if not rig.visible(a):
            continue
        x = rig.proj(a, SKULL_R + 4)
        p = skia.Path()
        s = side
        p.moveTo(x - s * 6, -60)
        p.cubicTo(x + s * 22, -50, x + s * 24, 10, x + s * 6, 40)
        p.lineTo(x - s * 10, 30)
        p.cubicTo(x - s * 2, 0, x - s * 4, -30, x - s * 16, -40)
        p.close()
        draw_shape(canvas, p, rig.hair, rig.hair_line, rig.lw2)
