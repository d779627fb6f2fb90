"""Everyday props: knife, gun, cup, bottle, flowers, book, letter, phone, photo, bag, gift,
ring (internal to :mod:`manju.render.props`).

Each ``draw_*`` draws in the 100-unit design space of :mod:`manju.render.props_kit`.
"""

from __future__ import annotations

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
    shade,
    smooth,
    stroke,
)

GOLD = rgb("#e0b44c")
STEEL = rgb("#dfe4ec")


def draw_knife(c: skia.Canvas, rnd: random.Random) -> None:
    """Kitchen knife, point up: wide blade with a curved edge, riveted handle."""
    wood = pick(rnd, ("#6b4a34", "#2f2c34", "#8a5a3a"))
    blade = skia.Path()
    blade.moveTo(-8, -36)
    blade.lineTo(-8, -84)
    blade.quadTo(-8, -94, -5, -100)
    blade.cubicTo(4, -90, 11, -76, 11, -60)
    blade.lineTo(11, -36)
    blade.close()
    part(c, blade, STEEL, shadow=poly([(4, -100), (20, -100), (20, -30), (4, -30)]),
         shadow_amt=1.1)
    c.drawPath(line([(-5.2, -82), (-5.2, -42)]), stroke(WHITE, 1.8))
    part(c, rrect(-9, -38, 12, -32, 1.5), rgb("#b9bcc6"), lw=LW2 + 0.4)
    handle = rrect(-6.5, -33, 6.5, -1.5, 3.5)
    part(c, handle, wood, shadow=poly([(2, -34), (9, -34), (9, 0), (2, 0)]))
    for y in (-26, -17, -8):
        part(c, circle(0, y, 1.8), rgb("#e3e5ea"), lw=1.0)


def draw_gun(c: skia.Canvas, rnd: random.Random) -> None:
    """Semi-automatic pistol, side view, muzzle to the left."""
    metal = pick(rnd, ("#3f4450", "#4a4a52", "#3a3f4a"))
    grip_col = pick(rnd, ("#2c2a30", "#6b4a34", "#2c2a30"))
    grip = skia.Path()
    grip.moveTo(12, -62)
    grip.lineTo(44, -62)
    grip.lineTo(58, -6)
    grip.quadTo(58, -1.5, 52, -1.5)
    grip.lineTo(30, -1.5)
    grip.quadTo(25, -1.5, 24, -6)
    grip.lineTo(16, -40)
    grip.close()
    part(c, grip, grip_col, shadow=poly([(36, -64), (60, -64), (62, 0), (44, 0)]))
    tex = skia.Path()
    for i in range(4):
        tex.moveTo(28 + i * 2.5, -44 + i * 9)
        tex.lineTo(44 + i * 2.5, -44 + i * 9)
    c.drawPath(tex, stroke(light(grip_col, 0.25), LW3))
    guard = smooth([(16, -60), (14, -44), (0, -42), (-6, -52), (-6, -62)])
    rod(c, guard, metal, 2.6, lw=LW2)
    c.drawPath(smooth([(6, -62), (8, -52), (4, -48)]), stroke(ink_for(metal), 3.0))
    frame = poly([(-60, -70), (52, -70), (52, -60), (-60, -60)])
    part(c, frame, metal, shadow=poly([(-70, -64), (60, -64), (60, -50), (-70, -50)]))
    slide = rrect(-64, -100, 56, -70, 3.0)
    part(c, slide, mix(metal, WHITE, 0.12), shadow=poly([(-70, -80), (60, -80), (60, -60),
                                                         (-70, -60)]),
         hi=rrect(-58, -96, 50, -93, 1.5))
    serr = skia.Path()
    for i in range(5):
        serr.moveTo(30 + i * 4.5, -96)
        serr.lineTo(30 + i * 4.5, -76)
    c.drawPath(serr, stroke(ink_for(metal), LW3))
    part(c, rrect(-62, -94, -58, -78, 1), rgb("#1e1e24"), lw=0)


def draw_cup(c: skia.Canvas, rnd: random.Random) -> None:
    """Cup of tea or coffee on a saucer, steam rising."""
    col = pick(rnd, ("#f1efe9", "#7fa8d3", "#e8dfcc", "#2f7b7b", "#e29aae", "#f1efe9"))
    drink = pick(rnd, ("#7a4a2a", "#c98a3a", "#8fae5a"))
    steam = skia.Path()
    for x in (-10, 2, 14):
        smooth([(x, -62), (x - 5, -72), (x + 3, -82), (x - 3, -92), (x + 2, -99)], path=steam)
    c.drawPath(steam, stroke(rgb("#a9b7c6"), 3.6, 0.8))
    part(c, ellipse(0, -9, 46, 8.5), col, shadow=ellipse(10, -3, 46, 8))
    rod(c, smooth([(26, -48), (42, -50), (42, -32), (22, -26)]), col, 5.0)
    body = skia.Path()
    body.moveTo(-32, -56)
    body.cubicTo(-32, -30, -22, -12, 0, -12)
    body.cubicTo(22, -12, 32, -30, 32, -56)
    body.close()

    def decor() -> None:
        crescent = skia.Path()
        crescent.addRect(skia.Rect.MakeLTRB(0, -70, 40, 0))
        crescent = skia.Op(crescent, ellipse(-12, -48, 34, 40), skia.PathOp.kDifference_PathOp)
        c.drawPath(crescent, fill(shade(col, 1.0)))
        band = mix(col, rgb("#3c64a8"), 0.7) if col[2] > 0.85 and col[0] > 0.85 else light(col)
        c.drawPath(line([(-40, -45), (40, -45)]), stroke(band, 3.0))
        c.drawPath(line([(-24, -36), (-20, -24)]), stroke(light(col, 0.6), 3.0))

    c.drawPath(body, fill(col))
    clipped(c, body, decor)
    c.drawPath(body, stroke(ink_for(col), LW))
    part(c, ellipse(0, -56, 32, 7), light(col, 0.3))
    part(c, ellipse(0, -55, 26, 4.6), drink, lw=LW2)


def draw_bottle(c: skia.Canvas, rnd: random.Random) -> None:
    """Wine bottle with a foil cap and a paper label."""
    glass = pick(rnd, ("#2f6a4a", "#5a2a36", "#3a5a3a", "#7a4a2a"))
    foil = pick(rnd, ("#b9393c", "#e0b44c", "#26262c"))
    body = skia.Path()
    body.moveTo(-6, -88)
    body.lineTo(-6, -70)
    body.cubicTo(-6, -62, -17, -62, -17, -50)
    body.lineTo(-17, -5)
    body.quadTo(-17, -1.5, -13, -1.5)
    body.lineTo(13, -1.5)
    body.quadTo(17, -1.5, 17, -5)
    body.lineTo(17, -50)
    body.cubicTo(17, -62, 6, -62, 6, -70)
    body.lineTo(6, -88)
    body.close()
    shadow = poly([(4, -100), (24, -100), (24, 0), (7, 0)])
    part(c, body, glass, shadow=shadow, hi=rrect(-13, -52, -9, -8, 2), hi_amt=0.35)
    label = rrect(-17, -42, 17, -14, 0.5)
    lab = rgb("#efe6cf")

    def lab_draw() -> None:
        c.drawPath(label, fill(lab))
        c.drawPath(poly([(8, -44), (20, -44), (20, -12), (8, -12)]), fill(shade(lab)))
        c.drawPath(circle(0, -31, 5.5), fill(foil))
        c.drawPath(line([(-9, -21), (9, -21)]), stroke(ink_for(lab), 1.6))

    clipped(c, body, lab_draw)
    c.drawPath(line([(-17, -42), (17, -42)]), stroke(ink_for(lab), LW2))
    c.drawPath(line([(-17, -14), (17, -14)]), stroke(ink_for(lab), LW2))
    c.drawPath(body, stroke(ink_for(glass), LW))
    part(c, rrect(-7.5, -100, 7.5, -82, 2), foil, shadow=poly([(2, -102), (10, -102), (10, -80),
                                                              (2, -80)]), lw=LW2 + 0.6)


def _rose(c: skia.Canvas, x: float, y: float, r: float, col: tuple) -> None:
    part(c, circle(x, y, r), col, shadow=circle(x + r * 0.35, y + r * 0.35, r * 0.9), lw=LW2 + 0.4)
    swirl = smooth([(x - r * 0.1, y - r * 0.15), (x + r * 0.3, y - r * 0.1),
                    (x + r * 0.2, y + r * 0.35), (x - r * 0.35, y + r * 0.2),
                    (x - r * 0.4, y - r * 0.4), (x + r * 0.3, y - r * 0.6),
                    (x + r * 0.7, y - r * 0.1)])
    c.drawPath(swirl, stroke(shade(col, 1.6), LW3 + 0.3))


def draw_flowers(c: skia.Canvas, rnd: random.Random) -> None:
    """A wrapped bouquet of roses with leaves and a ribbon bow."""
    palettes = (("#e0405a", "#c8304a", "#f06a7a"), ("#f29ab0", "#e87a98", "#f6c2cf"),
                ("#f3c64a", "#f29a3a", "#f6e07a"), ("#f6f1e6", "#f29ab0", "#e0405a"))
    blooms = [rgb(h) for h in palettes[rnd.randrange(len(palettes))]]
    wrap = pick(rnd, ("#e8d2b0", "#c9dff0", "#f3d6de", "#e8d2b0"))
    ribbon = pick(rnd, ("#d8453a", "#3c64a8", "#e0b44c", "#6a4a96"))
    leaf = rgb("#4f9a5a")
    back = poly([(-40, -66), (-4, -4), (4, -4), (40, -66), (18, -52), (0, -70), (-18, -52)])
    part(c, back, shade(wrap, 0.8))
    for lx, ly, a in ((-34, -78, -40), (34, -80, 40), (-14, -96, -10), (22, -92, 20)):
        p = skia.Path()
        p.addOval(skia.Rect.MakeLTRB(-5, -13, 5, 13))
        c.save()
        c.translate(lx, ly)
        c.rotate(a)
        part(c, p, leaf, shadow=poly([(0, -14), (6, -14), (6, 14), (0, 14)]), lw=LW2)
        c.restore()
    for i, (bx, by, br) in enumerate(((-20, -78, 12), (20, -78, 12), (0, -88, 12.5),
                                      (-8, -66, 12), (12, -64, 12))):
        _rose(c, bx, by, br, blooms[i % len(blooms)])
    front = skia.Path()
    front.moveTo(-36, -58)
    front.lineTo(-6, -1.5)
    front.lineTo(6, -1.5)
    front.lineTo(36, -58)
    front.quadTo(0, -42, -36, -58)
    front.close()
    part(c, front, wrap, shadow=poly([(2, -60), (40, -60), (8, 0), (2, 0)]))
    c.drawPath(line([(-12, -46), (-2, -8)]), stroke(shade(wrap, 1.3), LW3))
    for sx in (-1, 1):
        loop = skia.Path()
        loop.moveTo(0, -30)
        loop.cubicTo(sx * 8, -42, sx * 16, -34, sx * 12, -28)
        loop.quadTo(sx * 6, -26, 0, -30)
        loop.close()
        part(c, loop, ribbon, lw=LW2)
        rod(c, line([(0, -29), (sx * 8, -14)]), ribbon, 2.4, lw=LW2 * 0.8)
    part(c, circle(0, -30, 3.2), ribbon, lw=LW2)


def draw_book(c: skia.Canvas, rnd: random.Random) -> None:
    """Closed hardcover book standing up, spine on the left, pages showing."""
    cover = pick(rnd, ("#b9393c", "#3c64a8", "#355a4a", "#7b2d3b", "#c99b3d", "#6a4a96"))
    paper = rgb("#f3ead4")
    part(c, rrect(-30, -96, 34, -1.5, 3), shade(cover, 1.1))
    pages = poly([(-24, -93), (31, -93), (31, -5), (-24, -5)])
    part(c, pages, paper, lw=LW2)
    leaves = skia.Path()
    for x in (27, 29.5):
        leaves.moveTo(x, -90)
        leaves.lineTo(x, -8)
    c.drawPath(leaves, stroke(shade(paper, 1.4), 1.0))
    front = rrect(-30, -100, 26, -9, 3)
    part(c, front, cover, shadow=poly([(14, -104), (30, -104), (30, -4), (14, -4)]),
         hi=rrect(-16, -96, -13, -13, 1.2), hi_amt=0.3)
    c.drawPath(line([(-21, -99), (-21, -10)]), stroke(ink_for(cover), LW2))
    trim = skia.Path()
    for y in (-88, -84, -25, -21):
        trim.moveTo(-29, y)
        trim.lineTo(-21, y)
    c.drawPath(trim, stroke(GOLD, 1.6))
    plate = rrect(-12, -78, 17, -58, 2)
    part(c, plate, rgb("#f1e3c2"), lw=LW2)
    words = skia.Path()
    words.moveTo(-7, -71)
    words.lineTo(12, -71)
    words.moveTo(-5, -65)
    words.lineTo(10, -65)
    c.drawPath(words, stroke(ink_for(cover), 1.8))
    rib = poly([(6, -10), (11, -10), (11, 0), (8.5, -3), (6, 0)])
    part(c, rib, GOLD, lw=LW3)


def draw_letter(c: skia.Canvas, rnd: random.Random) -> None:
    """Sealed envelope (flap side) with a red wax seal."""
    paper = pick(rnd, ("#f4ecdc", "#f3e1d2", "#e9efe9", "#f4ecdc"))
    seal = pick(rnd, ("#c8383a", "#b9393c", "#9a2a4a"))
    env = rrect(-74, -100, 74, -1.5, 3)
    flap = poly([(-74, -100), (0, -44), (74, -100)])

    def inside() -> None:
        c.drawPath(poly([(-76, -2), (0, -52), (76, -2)]), fill(shade(paper, 0.55)))
        c.drawPath(poly([(-76, -2), (0, -52), (76, -2)]), stroke(ink_for(paper), LW2))
        c.drawPath(flap, fill(light(paper, 0.25)))
        c.drawPath(poly([(0, -100), (80, -100), (80, 0), (40, 0)]), fill(shade(paper), 0.5))

    c.drawPath(env, fill(paper))
    clipped(c, env, inside)
    c.drawPath(flap, stroke(ink_for(paper), LW2 + 0.4))
    c.drawPath(env, stroke(ink_for(paper), LW))
    part(c, circle(0, -46, 12.5), seal, shadow=circle(4, -42, 12), lw=LW)
    heart = skia.Path()
    heart.moveTo(0, -40)
    heart.cubicTo(-9, -46, -5, -54, 0, -49)
    heart.cubicTo(5, -54, 9, -46, 0, -40)
    heart.close()
    c.drawPath(heart, fill(shade(seal, 1.4)))
    c.drawPath(circle(0, -46, 8.5), stroke(shade(seal, 1.4), 1.2))


def draw_phone(c: skia.Canvas, rnd: random.Random) -> None:
    """Smartphone, screen lit with a chat."""
    case = pick(rnd, ("#2c2a34", "#e8e4ee", "#7fa8d3", "#e29aae", "#2c2a34"))
    screen_col = rgb("#9cc8ea")
    body = rrect(-26, -100, 26, -1.5, 8)
    part(c, body, case, shadow=poly([(16, -104), (30, -104), (30, 0), (16, 0)]))
    screen = rrect(-21, -94, 21, -7.5, 4.5)

    def ui() -> None:
        c.drawPath(poly([(-30, -20), (30, -80), (30, 0), (-30, 0)]), fill(light(screen_col, 0.15)))
        c.drawPath(rrect(-16, -80, 6, -70, 4), fill(WHITE))
        c.drawPath(rrect(-4, -64, 16, -54, 4), fill(rgb("#9ee08a")))
        c.drawPath(rrect(-16, -48, 10, -38, 4), fill(WHITE))
        c.drawPath(poly([(-30, -104), (-12, -104), (-30, -70)]), fill(WHITE, 0.45))

    c.drawPath(screen, fill(screen_col))
    clipped(c, screen, ui)
    c.drawPath(screen, stroke(ink_for(case), LW2))
    c.drawPath(circle(0, -90, 1.8), fill(rgb("#1e1e24")))


def draw_photo(c: skia.Canvas, rnd: random.Random) -> None:
    """Instant photo, slightly tilted: two people under a sun."""
    frame = rgb("#f7f4ee")
    sky = pick(rnd, ("#9cc8ea", "#f6c48a", "#c9b7e6"))
    c.save()
    c.translate(0, -50)
    c.rotate(-6)
    card = rrect(-38, -45, 38, 45, 2)
    part(c, card, frame, shadow=poly([(-40, 30), (40, 30), (40, 50), (-40, 50)]), shadow_amt=0.4)
    pic = poly([(-31, -38), (31, -38), (31, 26), (-31, 26)])

    def scene() -> None:
        c.drawPath(pic, fill(sky))
        c.drawPath(circle(18, -24, 7), fill(rgb("#fff0b0")))
        c.drawPath(ellipse(-10, 40, 60, 26), fill(rgb("#7fbf7a")))
        for x, col in ((-11, "#3c64a8"), (11, "#d8453a")):
            c.drawPath(circle(x, -6, 6), fill(rgb("#3a3040")))
            c.drawPath(rrect(x - 8, 2, x + 8, 30, 6), fill(rgb(col)))

    clipped(c, pic, scene)
    c.drawPath(pic, stroke(ink_for(frame), LW2))
    c.restore()


def draw_bag(c: skia.Canvas, rnd: random.Random) -> None:
    """Handbag with a top handle, a flap and a gold clasp."""
    col = pick(rnd, ("#b9393c", "#7a5238", "#2f3e66", "#d88b9c", "#26262c", "#c99b3d"))
    rod(c, smooth([(-22, -58), (-20, -92), (20, -92), (22, -58)]), shade(col, 0.6), 4.0)
    body = skia.Path()
    body.moveTo(-36, -62)
    body.lineTo(36, -62)
    body.lineTo(44, -8)
    body.quadTo(45, -1.5, 38, -1.5)
    body.lineTo(-38, -1.5)
    body.quadTo(-45, -1.5, -44, -8)
    body.close()
    part(c, body, col, shadow=poly([(18, -64), (50, -64), (50, 0), (22, 0)]))
    flap = skia.Path()
    flap.moveTo(-37, -62)
    flap.lineTo(37, -62)
    flap.lineTo(38.5, -46)
    flap.quadTo(0, -24, -38.5, -46)
    flap.close()
    part(c, flap, light(col, 0.12), shadow=poly([(18, -64), (44, -64), (44, -20), (20, -20)]))
    stitch = skia.Path()
    stitch.moveTo(-33, -48)
    stitch.quadTo(0, -30, 33, -48)
    c.drawPath(stitch, stroke(shade(col, 1.5), LW3))
    part(c, rrect(-6, -39, 6, -29, 2.5), GOLD, lw=LW2)


def draw_gift(c: skia.Canvas, rnd: random.Random) -> None:
    """Gift box with a ribbon and a big bow."""
    box = pick(rnd, ("#d8453a", "#3c64a8", "#e29aae", "#2f7b7b", "#9c8fc6"))
    rib = pick(rnd, ("#f3c64a", "#f1efe9", "#f3c64a"))
    body = rrect(-36, -58, 36, -1.5, 2)
    part(c, body, box, shadow=poly([(14, -60), (40, -60), (40, 0), (14, 0)]))
    part(c, rrect(-6, -58, 6, -1.5, 0), rib, shadow=poly([(2, -60), (8, -60), (8, 0), (2, 0)]),
         lw=LW2)
    lid = rrect(-41, -70, 41, -56, 2)
    part(c, lid, light(box, 0.1), shadow=poly([(18, -72), (44, -72), (44, -50), (18, -50)]))
    part(c, rrect(-6.5, -70, 6.5, -56, 0), rib, lw=LW2)
    for sx in (-1, 1):
        loop = skia.Path()
        loop.moveTo(0, -72)
        loop.cubicTo(sx * 8, -109, sx * 33, -105, sx * 25, -80)
        loop.quadTo(sx * 18, -72, 0, -72)
        loop.close()
        part(c, loop, rib, shadow=smooth([(sx * 30, -92), (sx * 14, -82), (sx * 24, -70)]))
        c.drawPath(smooth([(sx * 4, -76), (sx * 14, -86), (sx * 18, -82)]),
                   stroke(shade(rib, 1.3), LW3))
    part(c, rrect(-6, -79, 6, -68, 3), rib, lw=LW2 + 0.4)


def draw_ring(c: skia.Canvas, rnd: random.Random) -> None:
    """A diamond ring: gold band, set stone, sparkle."""
    band_col = pick(rnd, ("#e0b44c", "#d9dde6", "#e8b0a0"))
    gem = rgb("#bfe6f6")
    band = skia.Path()
    band.addOval(skia.Rect.MakeLTRB(-34, -70, 34, -1.5))
    band.addOval(skia.Rect.MakeLTRB(-26, -62, 26, -9.5))
    band.setFillType(skia.PathFillType.kEvenOdd)
    part(c, band, band_col, shadow=circle(14, -28, 34), hi=ellipse(-26, -42, 5, 12))
    part(c, rrect(-10, -74, 10, -66, 2), band_col, lw=LW2 + 0.4)
    stone = poly([(-16, -86), (-9, -95), (9, -95), (16, -86), (0, -70)])
    facets = skia.Path()
    facets.moveTo(-16, -86)
    facets.lineTo(16, -86)
    facets.moveTo(-5, -86)
    facets.lineTo(0, -70)
    facets.lineTo(5, -86)
    facets.moveTo(-9, -95)
    facets.lineTo(-5, -86)
    facets.moveTo(9, -95)
    facets.lineTo(5, -86)
    part(c, stone, gem, shadow=poly([(5, -96), (20, -96), (20, -60), (0, -70), (5, -86)]),
         hi=poly([(-9, -95), (-5, -86), (-16, -86)]))
    c.drawPath(facets, stroke(ink_for(gem), LW3))
    spark = skia.Path()
    spark.moveTo(26, -100)
    spark.quadTo(27, -93, 33, -92)
    spark.quadTo(27, -91, 26, -84)
    spark.quadTo(25, -91, 19, -92)
    spark.quadTo(25, -93, 26, -100)
    spark.close()
    part(c, spark, rgb("#fff6c0"), lw=LW3)


DRAWERS = {
    "knife": (draw_knife, 16.0),
    "gun": (draw_gun, 70.0),
    "cup": (draw_cup, 50.0),
    "bottle": (draw_bottle, 21.0),
    "flowers": (draw_flowers, 44.0),
    "book": (draw_book, 37.0),
    "letter": (draw_letter, 78.0),
    "phone": (draw_phone, 29.0),
    "photo": (draw_photo, 46.0),
    "bag": (draw_bag, 48.0),
    "gift": (draw_gift, 45.0),
    "ring": (draw_ring, 38.0),
}
