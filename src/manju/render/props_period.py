"""Props with a Chinese-period flavour: lantern, umbrella, sword, teapot, scroll, fan,
jade pendant, candle, mirror, key (internal to :mod:`manju.render.props`).

Each ``draw_*`` draws in the 100-unit design space of :mod:`manju.render.props_kit`.
"""

from __future__ import annotations

import math
import random

import skia

from manju.render.props_kit import (
    LW,
    LW2,
    LW3,
    WHITE,
    circle,
    clipped,
    ellipse,
    fill,
    ink_for,
    light,
    line,
    mix,
    part,
    pick,
    poly,
    rgb,
    rod,
    rrect,
    sector,
    shade,
    smooth,
    stroke,
)

GOLD = rgb("#e0b44c")
RED = rgb("#d8453a")
WOOD = rgb("#8a5a3a")


def _tassel(c: skia.Canvas, x: float, top: float, bottom: float, col: tuple, width: float,
            sway: float = 0.0) -> None:
    """A hanging silk tassel: knot on top, a fan of strands below."""
    body = skia.Path()
    body.moveTo(x - width * 0.25, top + 4)
    body.cubicTo(x - width * 0.5, top + 12, x - width * 0.55 + sway, bottom - 4,
                 x - width * 0.5 + sway, bottom)
    body.lineTo(x + width * 0.5 + sway, bottom)
    body.cubicTo(x + width * 0.55 + sway, bottom - 4, x + width * 0.5, top + 12,
                 x + width * 0.25, top + 4)
    body.close()
    shadow = poly([(x + sway * 0.5, top), (x + width, top), (x + width + sway, bottom + 2),
                   (x + width * 0.12 + sway, bottom + 2)])
    part(c, body, col, shadow=shadow, lw=LW2)
    strands = skia.Path()
    for k in (-0.25, 0.0, 0.25):
        strands.moveTo(x + k * width * 0.8 + sway * 0.3, top + 12)
        strands.lineTo(x + k * width * 1.3 + sway, bottom - 1.5)
    c.drawPath(strands, stroke(shade(col, 1.4), LW3))
    part(c, ellipse(x, top + 3, width * 0.32, 4.0), GOLD, lw=LW2)


def draw_lantern(c: skia.Canvas, rnd: random.Random) -> None:
    """Chinese red paper lantern on its cord, gold caps and a tassel."""
    red = pick(rnd, ("#d8453a", "#d8453a", "#e0583a", "#c83a4a"))
    rod(c, line([(0, -99), (0, -86)]), rgb("#5a3a2a"), 2.2)
    cap_top, cap_bot, top, bot = -88.0, -30.0, -82.0, -34.0
    body = skia.Path()
    body.moveTo(-12, top)
    body.cubicTo(-40, top + 1, -40, bot - 1, -12, bot)
    body.lineTo(12, bot)
    body.cubicTo(40, bot - 1, 40, top + 1, 12, top)
    body.close()
    glow = ellipse(-4, -60, 15, 16)
    shadow = skia.Path()
    shadow.moveTo(14, top - 2)
    shadow.cubicTo(44, top, 44, bot, 14, bot + 2)
    shadow.lineTo(60, bot + 2)
    shadow.lineTo(60, top - 2)
    shadow.close()

    def inside() -> None:
        c.drawPath(shadow, fill(shade(red, 1.1)))
        c.drawPath(glow, fill(mix(red, rgb("#ffc35a"), 0.55)))
        ribs = skia.Path()
        for k in (-2, -1, 1, 2):
            smooth([(k * 5.0, top), (k * 15.5, (top + bot) / 2), (k * 5.0, bot)], path=ribs)
        c.drawPath(ribs, stroke(shade(red, 1.5), LW3))

    c.drawPath(body, fill(red))
    clipped(c, body, inside)
    c.drawPath(body, stroke(ink_for(red), LW))
    for y0, y1 in ((cap_top, top + 1.5), (bot - 1.5, cap_bot + 2)):
        cap = rrect(-15, y0, 15, y1, 2.0)
        part(c, cap, GOLD, shadow=poly([(6, y0), (20, y0), (20, y1), (6, y1)]), lw=LW2 + 0.4)
    _tassel(c, 0.0, cap_bot + 1, -1.5, red, 11.0, sway=2.0)


def draw_umbrella(c: skia.Canvas, rnd: random.Random) -> None:
    """Open umbrella (oil-paper or modern), scalloped rim, J-hook handle."""
    col = pick(rnd, ("#d8453a", "#3c64a8", "#e2b84a", "#2f7b7b", "#d88b9c", "#6a4a96"))
    rim = -60.0
    rod(c, smooth([(0, rim + 2), (0, -12), (1, -5), (6, -2.2), (11, -5), (12, -10)]),
        rgb("#6b4a34"), 3.4)
    xs = [-50.0, -25.0, 0.0, 25.0, 50.0]
    canopy = skia.Path()
    canopy.moveTo(-50, rim)
    canopy.cubicTo(-50, -88, -26, -97, 0, -97)
    canopy.cubicTo(26, -97, 50, -88, 50, rim)
    for i in range(len(xs) - 1, 0, -1):
        canopy.quadTo((xs[i] + xs[i - 1]) / 2, rim - 9, xs[i - 1], rim)
    canopy.close()

    def rib(x: float) -> list[tuple[float, float]]:
        return [(0, -97), (x * 0.62, -93 + abs(x) * 0.12), (x, rim)]

    def panels() -> None:
        for i in (1, 3):
            p = smooth(rib(xs[i]))
            for q in reversed(rib(xs[i + 1])):
                p.lineTo(*q)
            p.close()
            c.drawPath(p, fill(shade(col, 0.9)))
        hi = skia.Path()
        hi.moveTo(-40, -77)
        hi.cubicTo(-34, -89, -22, -93, -10, -94)
        c.drawPath(hi, stroke(light(col, 0.5), 3.2))
        ribs = skia.Path()
        for x in xs[1:-1]:
            smooth(rib(x), path=ribs)
        c.drawPath(ribs, stroke(ink_for(col), LW2))

    c.drawPath(canopy, fill(col))
    clipped(c, canopy, panels)
    c.drawPath(canopy, stroke(ink_for(col), LW))
    part(c, rrect(-2.2, -100, 2.2, -95, 1.2), rgb("#6b4a34"), lw=LW2)


def draw_sword(c: skia.Canvas, rnd: random.Random) -> None:
    """Chinese straight sword (jian), point up, with a silk tassel on the pommel."""
    steel = rgb("#dfe4ec")
    guard_col = pick(rnd, ("#e0b44c", "#c9a25a", "#b98a4a"))
    tassel = pick(rnd, ("#d8453a", "#3c64a8", "#2f7b7b", "#d8453a"))
    blade = poly([(0, -100), (6, -91), (6, -46), (-6, -46), (-6, -91)])
    shadow = poly([(0, -100), (9, -91), (9, -44), (0, -44)])
    part(c, blade, steel, shadow=shadow, shadow_amt=1.2)
    c.drawPath(line([(0, -95), (0, -48)]), stroke(shade(steel, 1.8), LW3))
    c.drawPath(line([(-3, -89), (-3, -56)]), stroke(WHITE, 1.8))
    grip = rrect(-4, -42, 4, -24, 1.5)
    part(c, grip, rgb("#3a2a30"), lw=LW2 + 0.4)
    wrap = skia.Path()
    for y in range(-39, -25, 4):
        wrap.moveTo(-3.6, y + 2)
        wrap.lineTo(3.6, y)
    c.drawPath(wrap, stroke(rgb("#8a7480"), 1.3))
    guard = skia.Path()
    guard.moveTo(-17, -49)
    guard.quadTo(0, -45, 17, -49)
    guard.quadTo(16, -42, 7, -40)
    guard.lineTo(-7, -40)
    guard.quadTo(-16, -42, -17, -49)
    guard.close()
    part(c, guard, guard_col, shadow=poly([(0, -52), (20, -52), (20, -36), (0, -36)]))
    part(c, ellipse(0, -21, 6, 4.5), guard_col, shadow=ellipse(3, -19.5, 5.5, 4.5), lw=LW2 + 0.4)
    _tassel(c, 1.0, -18, -1.5, tassel, 10.0, sway=3.0)


def draw_teapot(c: skia.Canvas, rnd: random.Random) -> None:
    """Squat teapot with spout, loop handle and lid (clay, blue-white or celadon)."""
    kind = rnd.randrange(3)
    col = rgb(("#a8553a", "#f1efe9", "#9fc9b0")[kind])
    c.save()
    c.scale(1.08, 1.08)
    rod(c, smooth([(30, -64), (52, -64), (56, -44), (36, -22)]), col, 5.0)
    spout = skia.Path()
    spout.moveTo(-32, -48)
    spout.cubicTo(-46, -50, -50, -62, -60, -72)
    spout.lineTo(-54, -76)
    spout.cubicTo(-46, -66, -40, -62, -30, -30)
    spout.close()
    part(c, spout, col, shadow=poly([(-60, -60), (-20, -40), (-20, -20), (-60, -20)]))
    body = skia.Path()
    body.moveTo(-22, -1.5)
    body.cubicTo(-50, -4, -46, -66, 0, -66)
    body.cubicTo(46, -66, 50, -4, 22, -1.5)
    body.close()
    shadow = skia.Path()
    shadow.addOval(skia.Rect.MakeLTRB(-30, -40, 70, 20))
    hi = ellipse(-20, -46, 8, 5)
    c.drawPath(body, fill(col))

    def inside() -> None:
        if kind == 1:
            blue = rgb("#3c64a8")
            band = skia.Path()
            for i in range(7):
                x = -33 + i * 11
                band.addCircle(x, -33, 4.2)
            c.drawPath(line([(-40, -44), (40, -44)]), stroke(blue, LW2))
            c.drawPath(line([(-40, -22), (40, -22)]), stroke(blue, LW2))
            c.drawPath(band, stroke(blue, 1.8))
        c.drawPath(shadow, fill(shade(col, 1.0), 0.85))
        c.drawPath(hi, fill(light(col, 0.6)))

    clipped(c, body, inside)
    c.drawPath(body, stroke(ink_for(col), LW))
    lid = skia.Path()
    lid.moveTo(-24, -64)
    lid.cubicTo(-22, -78, 22, -78, 24, -64)
    lid.close()
    part(c, lid, col, shadow=poly([(6, -80), (30, -80), (30, -60), (6, -60)]))
    part(c, ellipse(0, -80, 6.5, 5.5), col, shadow=ellipse(4, -79, 5, 5), lw=LW)
    part(c, ellipse(0, -88, 4, 3.5), col, lw=LW2 + 0.4)
    c.restore()


def draw_scroll(c: skia.Canvas, rnd: random.Random) -> None:
    """Hanging scroll: silk mount, a small landscape painting, wooden rollers."""
    silk = pick(rnd, ("#6d8fb8", "#9a7a56", "#7f9a86", "#a3707a"))
    paper = rgb("#f3ead4")
    rod(c, smooth([(-18, -90), (0, -100), (18, -90)]), rgb("#5a3a2a"), 1.2)
    part(c, rrect(-26, -92, 26, -6, 1.5), silk, shadow=poly([(14, -92), (30, -92), (30, -6),
                                                             (14, -6)]))
    art = rrect(-18, -82, 18, -16, 1.0)

    def painting() -> None:
        c.drawPath(art, fill(paper))
        far = rgb("#a9b7c6")
        near = rgb("#5f7688")
        c.drawPath(circle(8, -62, 5.5), fill(rgb("#e0674e")))
        c.drawPath(poly([(-22, -30), (-10, -54), (-2, -42), (6, -50), (24, -30)]), fill(far))
        c.drawPath(poly([(-22, -18), (-12, -38), (0, -22), (12, -36), (24, -18)]), fill(near))
        marks = skia.Path()
        for y in (-76, -70):
            marks.moveTo(-13, y)
            marks.lineTo(-13, y + 4)
        c.drawPath(marks, stroke(ink_for(paper), 2.2))
        c.drawPath(rrect(-15, -62, -11, -58, 0.5), fill(RED))

    clipped(c, art, painting)
    c.drawPath(art, stroke(ink_for(paper), LW2))
    for y in (-92, -6):
        wood = rrect(-30, y - 3.5, 30, y + 3.5 if y < 0 else y + 4.5 - 1.5, 2.5)
        part(c, wood, WOOD, shadow=poly([(-40, y + 1), (40, y + 1), (40, y + 9), (-40, y + 9)]),
             lw=LW2 + 0.6)
        for sx in (-1, 1):
            part(c, rrect(sx * 30 - 3, y - 4.5, sx * 30 + 3, y + 4.5 if y < 0 else y + 3, 2.0),
                 GOLD, lw=LW2)


def draw_fan(c: skia.Canvas, rnd: random.Random) -> None:
    """Open folding fan: pleated painted paper on bamboo sticks, plum blossom motif."""
    paper = pick(rnd, ("#f3ead4", "#f1e3e6", "#e3ecef", "#f3ead4"))
    bamboo = rgb("#c9a26a")
    cx, cy, r1, r0 = 0.0, -4.0, 94.0, 40.0
    a0, a1, n = 208.0, 332.0, 14
    sticks = skia.Path()
    for i in range(n + 1):
        a = math.radians(a0 + (a1 - a0) * i / n)
        sticks.moveTo(cx, cy)
        sticks.lineTo(cx + (r0 + 4) * math.cos(a), cy + (r0 + 4) * math.sin(a))
    c.drawPath(sticks, stroke(ink_for(bamboo), 4.2))
    c.drawPath(sticks, stroke(bamboo, 2.2))
    leaf = sector(cx, cy, r0, r1, a0, a1)

    def pleats() -> None:
        step = (a1 - a0) / n
        for i in range(1, n, 2):
            c.drawPath(sector(cx, cy, 0, r1 + 5, a0 + i * step, a0 + (i + 1) * step),
                       fill(shade(paper, 0.9)))
        branch = smooth([(-70, -44), (-44, -62), (-16, -66), (10, -84)])
        c.drawPath(branch, stroke(rgb("#5a4038"), 2.6))
        c.drawPath(smooth([(-44, -62), (-36, -78)]), stroke(rgb("#5a4038"), 2.0))
        for bx, by in ((-58, -52), (-38, -77), (-24, -64), (-4, -73), (8, -86), (-48, -60)):
            c.drawPath(circle(bx, by, 4.6), fill(rgb("#e0607a")))
            c.drawPath(circle(bx, by, 1.4), fill(rgb("#f6d36a")))

    c.drawPath(leaf, fill(paper))
    clipped(c, leaf, pleats)
    c.drawPath(leaf, stroke(ink_for(paper), LW))
    for a in (a0, a1):
        ra = math.radians(a)
        guard = line([(cx, cy), (cx + r1 * math.cos(ra), cy + r1 * math.sin(ra))])
        rod(c, guard, bamboo, 3.0, lw=LW2)
    part(c, circle(cx, cy, 3.2), GOLD, lw=LW2)


def draw_jade(c: skia.Canvas, rnd: random.Random) -> None:
    """Jade pendant (bi disc) on a knotted red cord, with a tassel below."""
    jade = pick(rnd, ("#8fcaa5", "#a9d4b4", "#e9efe4", "#7fbf9f"))
    cord = rgb("#c8383a")
    rod(c, smooth([(0, -74), (-7, -90), (0, -99), (7, -90), (0, -74)]), cord, 1.6)
    part(c, poly([(0, -84), (5, -79), (0, -74), (-5, -79)]), cord, lw=LW2)
    disc = skia.Path()
    disc.addCircle(0, -50, 24)
    disc.addCircle(0, -50, 8)
    disc.setFillType(skia.PathFillType.kEvenOdd)
    shadow = skia.Path()
    shadow.addCircle(8, -44, 24)
    hi = skia.Path()
    hi.addCircle(-8, -57, 9)

    def carve() -> None:
        c.drawPath(shadow, fill(shade(jade, 0.8)))
        c.drawPath(hi, fill(light(jade, 0.55)))
        dots = skia.Path()
        for i in range(10):
            a = i * math.tau / 10
            dots.addCircle(16 * math.cos(a), -50 + 16 * math.sin(a), 2.0)
        c.drawPath(dots, stroke(shade(jade, 1.3), 1.2))

    c.drawPath(disc, fill(jade))
    clipped(c, disc, carve)
    c.drawPath(disc, stroke(ink_for(jade), LW))
    rod(c, line([(0, -74), (0, -58)]), cord, 1.6)
    _tassel(c, 0.0, -27, -1.5, cord, 9.0, sway=1.5)


def draw_candle(c: skia.Canvas, rnd: random.Random) -> None:
    """Candle on a brass holder, with drips, a flame and a soft glow."""
    wax = pick(rnd, ("#f4ecdc", "#d8453a", "#f4ecdc", "#e9d8b4"))
    brass = rgb("#d7a94a")
    glow = skia.Paint(AntiAlias=True)
    glow.setShader(skia.GradientShader.MakeRadial(
        (0, -84), 26, [skia.Color4f(1, 0.85, 0.4, 0.45).toColor(),
                       skia.Color4f(1, 0.85, 0.4, 0).toColor()]))
    c.drawCircle(0, -84, 26, glow)
    part(c, ellipse(0, -7, 30, 6.5), brass, shadow=ellipse(8, -2, 30, 6))
    part(c, rrect(-14, -16, 14, -7, 3), brass, shadow=poly([(4, -18), (16, -18), (16, -6),
                                                           (4, -6)]))
    body = skia.Path()
    body.moveTo(-11, -70)
    body.lineTo(-11, -15)
    body.quadTo(0, -12, 11, -15)
    body.lineTo(11, -70)
    body.close()
    shadow = poly([(4, -80), (14, -80), (14, -10), (4, -10)])
    part(c, body, wax, shadow=shadow, hi=rrect(-8, -66, -5, -22, 1.5))
    top = ellipse(0, -70, 11, 3.5)
    part(c, top, light(wax, 0.2), lw=LW2)
    drip = smooth([(-11, -70), (-11, -60), (-8.5, -58), (-6.5, -61), (-6.5, -68)])
    drip.close()
    part(c, drip, light(wax, 0.2), lw=LW2)
    c.drawPath(line([(0, -71), (0, -76)]), stroke(rgb("#3a2a30"), 1.6))
    flame = skia.Path()
    flame.moveTo(0, -99)
    flame.cubicTo(4, -91, 7.5, -86, 7.5, -81)
    flame.cubicTo(7.5, -76, 4, -73.5, 0, -73.5)
    flame.cubicTo(-4, -73.5, -7.5, -76, -7.5, -81)
    flame.cubicTo(-7.5, -86, -4, -91, 0, -99)
    flame.close()
    part(c, flame, rgb("#ffb23e"), lw=LW2, line=rgb("#b8551e"))
    c.drawPath(ellipse(0, -79, 3.2, 5), fill(rgb("#fff3b0")))


def draw_mirror(c: skia.Canvas, rnd: random.Random) -> None:
    """Hand mirror: round glass in a bronze frame with a handle."""
    frame = pick(rnd, ("#c9924a", "#d88b9c", "#b8905a", "#7f9a86"))
    glass = rgb("#cfe3ee")
    handle = skia.Path()
    handle.moveTo(-5, -38)
    handle.lineTo(-6.5, -4)
    handle.quadTo(0, -0.5, 6.5, -4)
    handle.lineTo(5, -38)
    handle.close()
    part(c, handle, frame, shadow=poly([(1, -40), (10, -40), (10, 0), (1, 0)]))
    part(c, rrect(-8, -42, 8, -34, 2.5), frame, lw=LW2 + 0.4)
    part(c, circle(0, -68, 31), frame, shadow=circle(7, -61, 31))
    pane = circle(0, -68, 24)

    def shine() -> None:
        c.drawPath(circle(10, -58, 24), fill(shade(glass, 0.5)))
        streaks = skia.Path()
        streaks.moveTo(-14, -62)
        streaks.lineTo(4, -84)
        streaks.moveTo(-10, -54)
        streaks.lineTo(0, -66)
        c.drawPath(streaks, stroke(WHITE, 4.0))

    c.drawPath(pane, fill(glass))
    clipped(c, pane, shine)
    c.drawPath(pane, stroke(ink_for(frame), LW2))


def draw_key(c: skia.Canvas, rnd: random.Random) -> None:
    """Old-fashioned skeleton key, bow at the top, bit at the bottom."""
    brass = pick(rnd, ("#d7a94a", "#c9a25a", "#b9b9c4"))
    hole = skia.Path()
    hole.addCircle(0, -80, 7.5)
    lobes = skia.Path()
    for a in (-90, 30, 150):
        ra = math.radians(a)
        lobes.addCircle(16 * math.cos(ra), -80 + 16 * math.sin(ra), 6.5)
    lobes.addCircle(0, -80, 15)
    shape = skia.Op(lobes, hole, skia.PathOp.kDifference_PathOp) or lobes
    shaft = rrect(-4, -66, 4, -1.5, 1.5)
    bit = poly([(4, -24), (17, -24), (17, -18), (12, -18), (12, -13), (17, -13), (17, -1.5),
                (4, -1.5)])
    whole = skia.Op(shape, shaft, skia.PathOp.kUnion_PathOp) or shape
    whole = skia.Op(whole, bit, skia.PathOp.kUnion_PathOp) or whole
    shadow = skia.Path()
    shadow.addRect(skia.Rect.MakeLTRB(0.5, -120, 40, 10))
    part(c, whole, brass, shadow=shadow, hi=rrect(-2.4, -60, -0.6, -8, 0.8), shadow_amt=0.9)
    c.drawPath(line([(-4, -34), (4, -34)]), stroke(ink_for(brass), LW2))
    c.drawPath(line([(-4, -38), (4, -38)]), stroke(ink_for(brass), LW2))


DRAWERS = {
    "lantern": (draw_lantern, 36.0),
    "umbrella": (draw_umbrella, 54.0),
    "sword": (draw_sword, 20.0),
    "teapot": (draw_teapot, 70.0),
    "scroll": (draw_scroll, 35.0),
    "fan": (draw_fan, 88.0),
    "jade": (draw_jade, 28.0),
    "candle": (draw_candle, 33.0),
    "mirror": (draw_mirror, 35.0),
    "key": (draw_key, 25.0),
}
