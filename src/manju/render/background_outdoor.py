"""Exterior background painters: street, forest, mountain, palace, coast, sky.

Internal module of :mod:`manju.render.background`. Each painter fills the whole plate.
"""

from __future__ import annotations

import math
import random

import skia

from manju.render.background_paint import (
    Plate,
    argb,
    cloud_colors,
    draw_cloud,
    draw_sky,
    glow,
    mix,
    paint,
    peaks_path,
    poly,
    rect,
    ridge_path,
    sun_position,
    vgrad,
)

BUILDING_COLORS = ("#c9b8a6", "#a9b4c2", "#d8c9a8", "#b58f7a", "#9fb0a6", "#c4a9a0", "#b9bdc8")


def perspective_lines(pl: Plate, y0: float, y1: float, vx: float, vy: float, color: int,
                      n_rays: int = 12, n_rows: int = 6, width: float = 1.5) -> None:
    """Floor/ground lines converging to a vanishing point, plus depth rows (tiles, boards)."""
    c = pl.canvas
    pts = []
    spread = pl.w * 1.6
    for i in range(n_rays + 1):
        xb = pl.w / 2 - spread / 2 + spread * i / n_rays
        t0 = (y0 - vy) / (pl.h - vy)
        pts += [skia.Point(vx + (xb - vx) * t0, y0), skia.Point(xb, pl.h)]
    # rows spaced evenly in depth: y = vy + (y0 - vy) * z
    for j in range(1, n_rows + 1):
        z = 1.0 + (j ** 1.6) * 0.22
        y = vy + (y0 - vy) * z
        if y >= y1:
            break
        pts += [skia.Point(0, y), skia.Point(pl.w, y)]
    c.drawPoints(skia.Canvas.kLines_PointMode, pts, paint(color, stroke=width * pl.u))


# ----------------------------------------------------------------------------- street


def draw_windows(pl: Plate, x0: float, y0: float, x1: float, y1: float, rng: random.Random,
                 cols: int, rows: int, far: float = 0.0, lit_p: float = 0.45) -> None:
    """A grid of windows on a facade: sky-tinted by day, a share lit warm at night."""
    c = pl.canvas
    pal = pl.pal
    cw = (x1 - x0) / cols
    rh = (y1 - y0) / rows
    dark = pal.c("#4a5566", far)
    day_glass = mix(pal.c("#a9c4d8", far), pal.sky[1], 0.3)
    lit = mix(pal.glow, pal.haze, far * 0.6)
    for r in range(rows):
        for k in range(cols):
            wx0 = x0 + k * cw + cw * 0.22
            wy0 = y0 + r * rh + rh * 0.2
            wx1 = wx0 + cw * 0.56
            wy1 = wy0 + rh * 0.58
            if pal.night:
                col = lit if rng.random() < lit_p else dark
            elif pal.time == "dusk":
                col = lit if rng.random() < lit_p * 0.35 else mix(day_glass, dark, 0.35)
            else:
                col = mix(day_glass, dark, 0.25 * rng.random())
            rect(c, wx0, wy0, wx1, wy1, argb(col))
            if not pal.night and far < 0.3:
                rect(c, wx0, wy0, wx1, wy0 + (wy1 - wy0) * 0.3, argb((1, 1, 1), 0.18))


def skyline(pl: Plate, base: float, hmin: float, hmax: float, far: float, rng: random.Random,
            windows: bool = True) -> None:
    """A row of distant building silhouettes standing on ``base``."""
    c = pl.canvas
    col = pl.pal.c("#8c96a8", far)
    x = -rng.uniform(0, 40) * pl.u
    while x < pl.w:
        bw = rng.uniform(60, 150) * pl.u
        bh = rng.uniform(hmin, hmax)
        rect(c, x, base - bh, x + bw + 1, base, argb(col))
        if rng.random() < 0.3:
            rect(c, x + bw * 0.4, base - bh - 25 * pl.u, x + bw * 0.45, base - bh, argb(col))
        if windows and pl.pal.night:
            pts = []
            for _ in range(int(bw * bh / (900 * pl.u * pl.u))):
                if rng.random() < 0.5:
                    pts.append(skia.Point(x + rng.uniform(6, bw - 6) * 1.0, base - rng.uniform(6, bh - 6)))
            p = paint(argb(mix(pl.pal.glow, pl.pal.haze, far * 0.5), 0.8), stroke=4 * pl.u)
            c.drawPoints(skia.Canvas.kPoints_PointMode, pts, p)
        x += bw + rng.uniform(0, 12) * pl.u


def street_lamp(pl: Plate, x: float, foot: float, top: float, flip: bool) -> None:
    """A street lamp; glows at dusk/night."""
    c = pl.canvas
    u = pl.u
    col = pl.pal.i("#39424e")
    rect(c, x - 7 * u, top, x + 7 * u, foot, col)
    rect(c, x - 14 * u, foot - 30 * u, x + 14 * u, foot, col)
    d = -1 if flip else 1
    arm = skia.Path()
    arm.moveTo(x, top + 10 * u)
    arm.quadTo(x, top - 30 * u, x + d * 70 * u, top - 25 * u)
    c.drawPath(arm, paint(col, stroke=8 * u))
    hx, hy = x + d * 70 * u, top - 20 * u
    head = poly([(hx - 28 * u, hy + 14 * u), (hx - 14 * u, hy - 6 * u), (hx + 14 * u, hy - 6 * u),
                 (hx + 28 * u, hy + 14 * u)])
    c.drawPath(head, paint(col))
    lit = pl.pal.time != "day" or pl.pal.weather in ("rain", "fog")
    bulb = pl.pal.glow if lit else pl.pal.c("#dfe4ea")
    c.drawOval(skia.Rect(hx - 20 * u, hy + 10 * u, hx + 20 * u, hy + 22 * u), paint(argb(bulb)))
    if lit:
        glow(c, hx, hy + 20 * u, 190 * u, pl.pal.glow, 0.45 if pl.pal.night else 0.25)
        cone = poly([(hx - 18 * u, hy + 18 * u), (hx + 18 * u, hy + 18 * u),
                     (hx + 150 * u, foot), (hx - 150 * u, foot)])
        a = 0.14 if pl.pal.night else 0.06
        shader = skia.GradientShader.MakeLinear(
            [skia.Point(0, hy), skia.Point(0, foot)], [argb(pl.pal.glow, a), argb(pl.pal.glow, 0.0)])
        c.drawPath(cone, skia.Paint(Shader=shader, AntiAlias=True))


def draw_street(pl: Plate, storefront: str | None = None) -> None:
    """City street: skyline, facade row with windows and shopfronts, road, near sidewalk, lamps."""
    c, w, h, u, pal, rng = pl.canvas, pl.w, pl.h, pl.u, pl.pal, pl.rng
    base = pl.horizon
    draw_sky(pl, 0, base, clouds=2)
    skyline(pl, base, 0.22 * h, 0.38 * h, 0.62, random.Random(pl.seed + 11))
    # facade row
    x = -rng.uniform(10, 80) * u
    idx = 0
    while x < w:
        bw = rng.uniform(190, 300) * u
        bh = rng.uniform(0.26, 0.44) * h
        base_col = BUILDING_COLORS[rng.randrange(len(BUILDING_COLORS))]
        col = pal.c(base_col)
        top = base - bh
        rect(c, x, top, x + bw, base, argb(col))
        rect(c, x - 4 * u, top - 10 * u, x + bw + 4 * u, top + 6 * u, argb(mix(col, (0, 0, 0), 0.25)))
        shop_h = 0.085 * h
        floors = max(2, int((bh - shop_h) / (95 * u)))
        draw_windows(pl, x + 8 * u, top + 18 * u, x + bw - 8 * u, base - shop_h - 8 * u, rng,
                     max(2, int(bw / (70 * u))), floors)
        # ground floor shopfront + awning
        rect(c, x + 10 * u, base - shop_h, x + bw - 10 * u, base, argb(mix(col, (0, 0, 0), 0.45)))
        glass = pal.glow if pal.time != "day" else mix(pal.c("#bcd3e2"), pal.sky[2], 0.2)
        rect(c, x + 24 * u, base - shop_h + 18 * u, x + bw - 24 * u, base - 6 * u,
             argb(glass, 0.85 if pal.time != "day" else 1.0))
        aw = ("#c0504d", "#4f81bd", "#9bbb59", "#e0a040", "#8064a2")[(idx + pl.seed) % 5]
        stripes = 6
        sw = (bw - 16 * u) / stripes
        for s in range(stripes):
            colr = pal.c(aw) if s % 2 == 0 else pal.c("#f2efe6")
            rect(c, x + 8 * u + s * sw, base - shop_h - 18 * u, x + 8 * u + (s + 1) * sw + 0.5,
                 base - shop_h + 10 * u, argb(colr))
        if storefront and idx == 1:
            glow(c, x + bw / 2, base - shop_h / 2, bw * 0.6, pal.glow, 0.2)
        x += bw + rng.uniform(0, 14) * u
        idx += 1
    # far sidewalk, road, curb, near sidewalk
    road0 = base + 0.03 * h
    curb = base + 0.13 * h
    rect(c, 0, base, w, road0, pal.i("#b8b4ac"))
    vgrad(c, 0, road0, w, curb, [pal.i("#5d6168"), pal.i("#4c5057")])
    dash = []
    ym = (road0 + curb) / 2
    x = -rng.uniform(0, 80) * u
    while x < w:
        dash += [skia.Point(x, ym), skia.Point(x + 70 * u, ym)]
        x += 150 * u
    c.drawPoints(skia.Canvas.kLines_PointMode, dash, paint(pal.i("#e8e2c8", alpha=0.8), stroke=6 * u))
    rect(c, 0, curb, w, curb + 14 * u, pal.i("#d2cec6"))
    vgrad(c, 0, curb + 14 * u, w, h, [pal.i("#b3aca2"), pal.i("#958e85")])
    perspective_lines(pl, curb + 14 * u, h, w / 2, base - 0.12 * h, pal.i("#7c766e", alpha=0.5),
                      n_rays=14, n_rows=6)
    if pal.weather == "rain":
        # wet reflections of the facades on the road
        vgrad(c, 0, road0, w, curb, [argb(pal.sky[2], 0.25), argb(pal.sky[2], 0.0)])
    side = pl.light_left
    street_lamp(pl, w * (0.1 if side else 0.9), h * 0.93, h * 0.36, flip=not side)
    if w > h:
        street_lamp(pl, w * (0.62 if side else 0.38), h * 0.95, h * 0.34, flip=not side)


# ----------------------------------------------------------------------------- forest


def tree_row(pl: Plate, base: float, height: float, far: float, rng: random.Random,
             conifer: float, density: float = 1.0, color: str = "#4f7a4a") -> None:
    """A row of tree silhouettes (conifers and round broadleaf trees) in one colour."""
    c = pl.canvas
    u = pl.u
    path = skia.Path()
    x = -rng.uniform(0, 60) * u
    while x < pl.w + 60 * u:
        th = height * rng.uniform(0.7, 1.15)
        tw = th * rng.uniform(0.28, 0.38)
        if rng.random() < conifer:
            tiers = 3
            for k in range(tiers):
                ty = base - th + th * k * 0.27
                bw = tw * (0.55 + 0.45 * (k + 1) / tiers)
                path.addPoly([skia.Point(x, ty), skia.Point(x + bw / 2, ty + th * 0.42),
                              skia.Point(x - bw / 2, ty + th * 0.42)], True)
            path.addRect(skia.Rect(x - tw * 0.06, base - th * 0.2, x + tw * 0.06, base + 2))
        else:
            r = tw * 0.62
            cy = base - th + r
            path.addCircle(x, cy, r)
            path.addCircle(x - r * 0.6, cy + r * 0.45, r * 0.7)
            path.addCircle(x + r * 0.6, cy + r * 0.4, r * 0.75)
            path.addRect(skia.Rect(x - tw * 0.07, cy + r * 0.6, x + tw * 0.07, base + 2))
        x += tw * rng.uniform(0.55, 0.9) / density
    c.drawPath(path, paint(pl.pal.i(color, far)))


def mist_band(pl: Plate, y: float, height: float, alpha: float) -> None:
    """A horizontal band of haze fading upward from ``y``."""
    col = pl.pal.haze
    vgrad(pl.canvas, 0, y - height, pl.w, y, [argb(col, 0.0), argb(col, alpha)])


def draw_forest(pl: Plate) -> None:
    """Forest: layered tree silhouettes with atmospheric perspective, a trail, near trunks."""
    c, w, h, u, pal, rng = pl.canvas, pl.w, pl.h, pl.u, pl.pal, pl.rng
    base = pl.horizon
    draw_sky(pl, 0, base + 5, clouds=2)
    conifer = rng.uniform(0.3, 0.9)
    layers = [(0.72, 0.30, base - 0.02 * h), (0.5, 0.36, base - 0.005 * h),
              (0.28, 0.42, base + 0.01 * h)]
    for far, height, b in layers:
        tree_row(pl, b, height * h, far, rng, conifer, 1.2)
        mist_band(pl, b + 2, 0.12 * h, 0.35 * far + (0.25 if pal.weather == "fog" else 0.0))
    # ground
    vgrad(c, 0, base, w, h, [pal.i("#7d9a5c", 0.15), pal.i("#5b7a43")])
    bushes = skia.Path()
    x = -20 * u
    while x < w + 20 * u:
        r = rng.uniform(14, 30) * u
        bushes.addCircle(x, base + 0.01 * h, r)
        x += r * 1.3
    c.drawPath(bushes, paint(pal.i("#4f6e3e", 0.2)))
    vx = w * (0.5 + rng.uniform(-0.1, 0.1))
    trail = poly([(vx - 8 * u, base + 0.01 * h), (vx + 8 * u, base + 0.01 * h),
                  (w * 0.78, h), (w * 0.22, h)])
    c.drawPath(trail, paint(pal.i("#b49d78")))
    # grass tufts
    pts = []
    for _ in range(90):
        gx = rng.uniform(0, w)
        gy = base + (h - base) * rng.random() ** 0.7
        s = (gy - base) / (h - base) * 22 * u + 3 * u
        pts += [skia.Point(gx, gy), skia.Point(gx - s * 0.3, gy - s),
                skia.Point(gx, gy), skia.Point(gx + s * 0.3, gy - s)]
    c.drawPoints(skia.Canvas.kLines_PointMode, pts, paint(pal.i("#47653a"), stroke=2.5 * u))
    # near trunks framing the shot
    trunk = pal.i("#4b3a2e")
    for side in (0, 1):
        tx = w * (0.04 + rng.uniform(0, 0.06)) if side == 0 else w * (0.96 - rng.uniform(0, 0.06))
        tw = rng.uniform(55, 80) * u
        p = poly([(tx - tw / 2, -10), (tx + tw / 2, -10), (tx + tw * 0.6, h * 0.95),
                  (tx + tw * 1.1, h * 0.99), (tx - tw * 1.1, h * 0.99), (tx - tw * 0.6, h * 0.95)])
        c.drawPath(p, paint(trunk))
        rect(c, tx - tw * 0.25, 0, tx - tw * 0.12, h * 0.94, argb((0, 0, 0), 0.15))
    canopy = skia.Path()
    for _ in range(9):
        canopy.addCircle(rng.uniform(-0.1, 1.1) * w, rng.uniform(-0.06, 0.04) * h,
                         rng.uniform(80, 150) * u)
    c.drawPath(canopy, paint(pal.i("#3c5a34")))
    if pal.time == "day" and pal.weather == "clear":
        lx = w * (0.15 if pl.light_left else 0.85)
        for k in range(3):
            x0 = lx + (k - 1) * 90 * u
            ray = poly([(x0 - 20 * u, 0), (x0 + 30 * u, 0), (w * 0.5 + (k - 1) * 160 * u, h * 0.9),
                        (w * 0.5 + (k - 1) * 160 * u - 90 * u, h * 0.9)])
            c.drawPath(ray, paint(argb(pal.light, 0.07)))
    if pal.night:
        pts = [skia.Point(rng.uniform(0, w), rng.uniform(base - 0.2 * h, base + 0.2 * h))
               for _ in range(18)]
        fp = paint(argb((0.9, 1.0, 0.6), 0.85), stroke=6 * u)
        fp.setStrokeCap(skia.Paint.kRound_Cap)
        c.drawPoints(skia.Canvas.kPoints_PointMode, pts, fp)


# ----------------------------------------------------------------------------- mountain


def draw_mountain(pl: Plate) -> None:
    """Mountains: layered sharp ranges fading into haze, mist between them, a rocky ledge."""
    c, w, h, u, pal, rng = pl.canvas, pl.w, pl.h, pl.u, pl.pal, pl.rng
    base = pl.horizon
    draw_sky(pl, 0, base + 0.05 * h, clouds=2)
    n = max(2, int(round(3 * w / h + rng.uniform(0, 1.5))))
    shade_dir = 1 if pl.light_left else -1
    ranges = [(0.75, base - 0.06 * h, 0.36 * h), (0.55, base, 0.24 * h), (0.36, base + 0.06 * h, 0.16 * h)]
    for li, (far, b, amp) in enumerate(ranges):
        path, tips = peaks_path(rng, w, b, amp, h, n + li)
        col = pal.c("#5f7388", far)
        c.drawPath(path, paint(argb(col)))
        c.save()
        c.clipPath(path, doAntiAlias=True)
        shade = skia.Path()
        for px, py in tips:
            spread = (b - py) * 0.9
            shade.addPoly([skia.Point(px, py), skia.Point(px + shade_dir * spread * 1.4, b + 0.1 * h),
                           skia.Point(px + shade_dir * spread * 0.1, b + 0.1 * h)], True)
        c.drawPath(shade, paint(argb(mix(col, (0.05, 0.07, 0.15), 0.22))))
        if li == 0 and pal.weather != "rain":
            caps = skia.Path()
            for px, py in tips:
                d = (b - py) * 0.22
                caps.addPoly([skia.Point(px, py - 2), skia.Point(px + d * 0.9, py + d),
                               skia.Point(px + d * 0.3, py + d * 0.8), skia.Point(px, py + d * 1.1),
                               skia.Point(px - d * 0.4, py + d * 0.75), skia.Point(px - d * 0.9, py + d)], True)
            c.drawPath(caps, paint(argb(mix(pal.c("#f4f6f8"), pal.haze, 0.35), 0.85)))
        c.restore()
        mist_band(pl, b + 0.03 * h, 0.1 * h, 0.55 * far + 0.1)
    # foreground slope
    fg = ridge_path(rng, w, h * 0.78, 0.05 * h, h + 2, 0.8, 0.2, steps=24)
    c.drawPath(fg, paint(pal.i("#6f7d5a")))
    vgrad(c, 0, h * 0.8, w, h, [pal.i("#6f7d5a", alpha=0.0), pal.i("#4f5a40")])
    # rock ledge and pines on one side
    side = 1 if pl.light_left else 0
    rx = w * (0.84 if side else 0.16)
    rock = poly([(rx - 120 * u, h * 0.9), (rx - 80 * u, h * 0.8), (rx - 10 * u, h * 0.765),
                 (rx + 90 * u, h * 0.79), (rx + 140 * u, h * 0.9)])
    c.drawPath(rock, paint(pal.i("#7a7a78")))
    c.drawPath(poly([(rx - 10 * u, h * 0.765), (rx + 90 * u, h * 0.79), (rx + 140 * u, h * 0.9),
                     (rx + 20 * u, h * 0.9)]), paint(pal.i("#5d5d5c")))
    tx = w * (0.93 if side else 0.07)
    saved = pl.w
    c.save()
    c.translate(tx - 60 * u, 0)
    pl.w = 140 * u
    tree_row(pl, h * 0.8, 0.3 * h, 0.0, random.Random(pl.seed), 1.0, 1.4, "#3d5a3e")
    pl.w = saved
    c.restore()


# ----------------------------------------------------------------------------- palace


def chinese_roof(pl: Plate, cx: float, eave_y: float, half: float, rise: float, color: int,
                 trim: int) -> None:
    """A hip-and-gable roof with upturned eaves centred at ``cx``."""
    c = pl.canvas
    u = pl.u
    ext = half * 1.12
    lift = rise * 0.3
    ridge_y = eave_y - rise
    ridge_half = half * 0.55
    p = skia.Path()
    p.moveTo(cx - ext, eave_y - lift)
    p.quadTo(cx - half * 0.9, eave_y + rise * 0.06, cx - half * 0.6, eave_y + rise * 0.06)
    p.lineTo(cx + half * 0.6, eave_y + rise * 0.06)
    p.quadTo(cx + half * 0.9, eave_y + rise * 0.06, cx + ext, eave_y - lift)
    p.quadTo(cx + half * 0.66, eave_y - rise * 0.14, cx + ridge_half, ridge_y)
    p.lineTo(cx - ridge_half, ridge_y)
    p.quadTo(cx - half * 0.66, eave_y - rise * 0.14, cx - ext, eave_y - lift)
    p.close()
    c.drawPath(p, paint(color))
    # tile lines
    c.save()
    c.clipPath(p, doAntiAlias=True)
    pts = []
    n = int(half / (14 * u))
    for k in range(-n, n + 1):
        x = cx + half * 1.1 * k / n
        pts += [skia.Point(x * 0.55 + cx * 0.45, ridge_y), skia.Point(x, eave_y + rise * 0.1)]
    c.drawPoints(skia.Canvas.kLines_PointMode, pts, paint(argb((0, 0, 0), 0.18), stroke=3 * u))
    c.restore()
    # eave trim and ridge
    trim_p = skia.Path()
    trim_p.moveTo(cx - ext, eave_y - lift)
    trim_p.quadTo(cx - half * 0.9, eave_y + rise * 0.06, cx - half * 0.6, eave_y + rise * 0.06)
    trim_p.lineTo(cx + half * 0.6, eave_y + rise * 0.06)
    trim_p.quadTo(cx + half * 0.9, eave_y + rise * 0.06, cx + ext, eave_y - lift)
    c.drawPath(trim_p, paint(trim, stroke=9 * u))
    rect(c, cx - ridge_half - 6 * u, ridge_y - 14 * u, cx + ridge_half + 6 * u, ridge_y + 4 * u, trim)
    for d in (-1, 1):
        ex = cx + d * (ridge_half + 6 * u)
        orn = poly([(ex, ridge_y + 4 * u), (ex, ridge_y - 14 * u), (ex + d * 8 * u, ridge_y - 40 * u),
                    (ex + d * 24 * u, ridge_y - 30 * u), (ex + d * 12 * u, ridge_y + 4 * u)])
        c.drawPath(orn, paint(trim))


def draw_palace(pl: Plate) -> None:
    """Palace/temple: hall on a stone platform, red columns, upturned eaves, steps, courtyard."""
    c, w, h, u, pal, rng = pl.canvas, pl.w, pl.h, pl.u, pl.pal, pl.rng
    ground = pl.horizon
    draw_sky(pl, 0, ground, clouds=2)
    c.drawPath(ridge_path(rng, w, ground - 0.1 * h, 0.16 * h, h, max(1.0, w / h), 0.8),
               paint(pal.i("#6d8096", 0.7)))
    mist_band(pl, ground - 0.05 * h, 0.1 * h, 0.5)
    cx = w * 0.5
    half = min(max(0.36 * w, 200 * u), 560 * u)
    plat_top = ground - 0.07 * h
    col_top = plat_top - 0.2 * h
    golden = rng.random() < 0.5
    roof_col = pal.i("#c9a040" if golden else "#4d5866")
    trim = pal.i("#8a6a2a" if golden else "#2f3740")
    wall_red = pal.c("#a3362e")
    # back wall with lattice doors
    rect(c, cx - half, col_top, cx + half, plat_top, pal.i("#7a2e28"))
    n = max(4, int(half * 2 / (120 * u)) // 2 * 2)
    step = half * 2 / n
    lat = []
    for k in range(n):
        x0 = cx - half + k * step + step * 0.14
        x1 = x0 + step * 0.72
        rect(c, x0, col_top + 0.03 * h, x1, plat_top, pal.i("#8c3b2c"))
        y = col_top + 0.04 * h
        while y < plat_top - 0.06 * h:
            lat += [skia.Point(x0, y), skia.Point(x1, y)]
            y += 16 * u
        xx = x0
        while xx < x1:
            lat += [skia.Point(xx, col_top + 0.03 * h), skia.Point(xx, plat_top - 0.06 * h)]
            xx += 16 * u
    c.drawPoints(skia.Canvas.kLines_PointMode, lat, paint(pal.i("#5a221c"), stroke=2.5 * u))
    if pal.night:
        for k in range(n):
            x0 = cx - half + k * step + step * 0.14
            rect(c, x0, col_top + 0.04 * h, x0 + step * 0.72, plat_top - 0.06 * h,
                 argb(pal.glow, 0.35))
    # columns
    for k in range(n + 1):
        x = cx - half + k * step
        rect(c, x - 11 * u, col_top, x + 11 * u, plat_top, argb(wall_red))
        rect(c, x - 11 * u, col_top, x - 4 * u, plat_top, argb((1, 1, 1), 0.12))
        rect(c, x - 15 * u, plat_top - 10 * u, x + 15 * u, plat_top, pal.i("#9a9288"))
    # painted beam
    rect(c, cx - half - 20 * u, col_top - 0.03 * h, cx + half + 20 * u, col_top, pal.i("#2f5e5a"))
    rect(c, cx - half - 20 * u, col_top - 0.012 * h, cx + half + 20 * u, col_top - 0.006 * h,
         pal.i("#d8b04a"))
    vgrad(c, cx - half - 20 * u, col_top - 0.01 * h, cx + half + 20 * u, col_top + 0.05 * h,
          [argb((0, 0, 0), 0.35), argb((0, 0, 0), 0.0)])
    chinese_roof(pl, cx, col_top - 0.03 * h, half + 30 * u, 0.14 * h, roof_col, trim)
    # plaque
    rect(c, cx - 60 * u, col_top - 0.028 * h, cx + 60 * u, col_top + 0.01 * h, pal.i("#2a2c3a"))
    rect(c, cx - 52 * u, col_top - 0.022 * h, cx + 52 * u, col_top + 0.004 * h, pal.i("#c9a040"))
    # platform and steps
    rect(c, 0, plat_top, w, ground, pal.i("#b8b0a2"))
    rect(c, 0, plat_top, w, plat_top + 8 * u, pal.i("#d6cfc2"))
    sw = half * 0.55
    steps = 7
    for k in range(steps):
        y0 = plat_top + (ground - plat_top) * k / steps
        y1 = plat_top + (ground - plat_top) * (k + 1) / steps
        grow = 1 + 0.06 * k
        rect(c, cx - sw * grow, y0, cx + sw * grow, y1, pal.i("#d0c8ba" if k % 2 else "#c2baac"))
    # courtyard
    vgrad(c, 0, ground, w, h, [pal.i("#c9c2b4", 0.1), pal.i("#a8a092")])
    perspective_lines(pl, ground, h, cx, plat_top - 0.15 * h, pal.i("#8d867a", alpha=0.55), 16, 7)
    # lanterns
    for d in (-1, 1):
        lx = cx + d * (half * 0.78)
        ly = col_top + 0.04 * h
        c.drawLine(lx, col_top, lx, ly, paint(pal.i("#2a2a2a"), stroke=3 * u))
        lc = pal.glow if pal.time != "day" else pal.c("#d8402e")
        if pal.time != "day":
            glow(c, lx, ly + 30 * u, 140 * u, (1.0, 0.45, 0.25), 0.5)
        c.drawOval(skia.Rect(lx - 26 * u, ly, lx + 26 * u, ly + 60 * u),
                   paint(argb(mix(lc, (0.9, 0.2, 0.15), 0.5))))
        rect(c, lx - 14 * u, ly - 4 * u, lx + 14 * u, ly + 4 * u, pal.i("#c9a040"))
        rect(c, lx - 14 * u, ly + 56 * u, lx + 14 * u, ly + 64 * u, pal.i("#c9a040"))


# ----------------------------------------------------------------------------- coast


def lighthouse(pl: Plate, x: float, base: float, height: float) -> None:
    """A striped lighthouse standing at ``base`` with a beam at night."""
    c = pl.canvas
    u = pl.u
    pal = pl.pal
    bw = height * 0.16
    tw = height * 0.1
    top = base - height
    body = poly([(x - bw / 2, base), (x + bw / 2, base), (x + tw / 2, top), (x - tw / 2, top)])
    c.drawPath(body, paint(pal.i("#efe9df")))
    c.save()
    c.clipPath(body, doAntiAlias=True)
    for k in range(4):
        y = top + height * (0.12 + 0.25 * k)
        rect(c, x - bw, y, x + bw, y + height * 0.11, pal.i("#c0453a"))
    rect(c, x, top, x + bw, base, argb((0, 0, 0), 0.12))
    c.restore()
    rect(c, x - tw * 0.8, top - 6 * u, x + tw * 0.8, top + 4 * u, pal.i("#333a42"))
    lamp = pal.glow if pal.time != "day" else pal.c("#d9e6ea")
    rect(c, x - tw * 0.38, top - height * 0.09, x + tw * 0.38, top - 6 * u, argb(lamp))
    cap = poly([(x - tw * 0.55, top - height * 0.09), (x + tw * 0.55, top - height * 0.09),
                (x, top - height * 0.16)])
    c.drawPath(cap, paint(pal.i("#333a42")))
    if pal.time != "day":
        ly = top - height * 0.05
        glow(c, x, ly, height * 0.35, pal.glow, 0.6)
        d = -1 if x > pl.w / 2 else 1
        beam = poly([(x, ly - 4 * u), (x + d * pl.w * 1.2, ly - height * 0.25),
                     (x + d * pl.w * 1.2, ly + height * 0.12), (x, ly + 4 * u)])
        c.drawPath(beam, paint(argb(pal.glow, 0.16)))


def draw_coast(pl: Plate) -> None:
    """Coast: sea to a hazy horizon, waves, glittering sun/moon path, beach, lighthouse on rocks."""
    c, w, h, u, pal, rng = pl.canvas, pl.w, pl.h, pl.u, pl.pal, pl.rng
    hz = pl.horizon
    shore = hz + 0.2 * h
    draw_sky(pl, 0, hz, clouds=3)
    # distant island
    c.drawPath(ridge_path(rng, w, hz, 0.035 * h, hz + 1, 1.3, 0.2, 24), paint(pal.i("#6a7c8a", 0.75)))
    sea_far = mix(pal.c("#7fa6bf"), pal.sky[2], 0.45)
    sea_near = pal.c("#2f6f8f")
    vgrad(c, 0, hz, w, shore + 10 * u, [argb(sea_far), argb(sea_near)])
    # glitter path under the sun/moon
    sx, _ = sun_position(pl, hz * 0.1, hz)
    if pal.weather == "clear":
        pts = []
        for _ in range(70):
            t = rng.random() ** 1.4
            y = hz + (shore - hz) * t
            half = (10 + 120 * t) * u
            x = sx + rng.gauss(0, 1) * half * 0.6
            ln = (6 + 40 * t) * u
            pts += [skia.Point(x - ln / 2, y), skia.Point(x + ln / 2, y)]
        c.drawPoints(skia.Canvas.kLines_PointMode, pts,
                     paint(argb(mix(pal.light, (1, 1, 1), 0.3), 0.7), stroke=2.5 * u))
    # wave strokes
    pts = []
    for _ in range(110):
        t = rng.random() ** 1.3
        y = hz + (shore - hz) * t
        x = rng.uniform(0, w)
        ln = (8 + 70 * t) * u
        pts += [skia.Point(x, y), skia.Point(x + ln, y)]
    c.drawPoints(skia.Canvas.kLines_PointMode, pts, paint(argb((1, 1, 1), 0.28), stroke=2 * u))
    # beach with foam line
    foam = skia.Path()
    foam.moveTo(-2, h + 2)
    steps = 20
    ph = rng.uniform(0, 6)
    for k in range(steps + 1):
        x = w * k / steps
        foam.lineTo(x, shore + math.sin(k * 0.9 + ph) * 10 * u + math.sin(k * 2.3) * 4 * u)
    foam.lineTo(w + 2, h + 2)
    foam.close()
    c.drawPath(foam, paint(argb((1, 1, 1), 0.85)))
    c.save()
    c.translate(0, 12 * u)
    c.drawPath(foam, paint(pal.i("#b9a98e")))
    c.translate(0, 26 * u)
    c.drawPath(foam, paint(pal.i("#d8c8a6")))
    c.restore()
    vgrad(c, 0, shore + 60 * u, w, h, [pal.i("#d8c8a6", alpha=0.0), pal.i("#c4b08c")])
    # rocks + lighthouse on the side away from the sun
    left = not pl.light_left
    rx = w * (0.14 if left else 0.86)
    sd = 1 if left else -1
    rk = poly([(rx - sd * 200 * u, shore - 0.01 * h), (rx - sd * 150 * u, hz + 0.03 * h),
               (rx - sd * 70 * u, hz - 0.03 * h), (rx + sd * 60 * u, hz - 0.045 * h),
               (rx + sd * 130 * u, hz + 0.02 * h), (rx + sd * 170 * u, hz + 0.06 * h),
               (rx + sd * 190 * u, shore - 0.01 * h)])
    c.drawPath(rk, paint(pal.i("#6a6662")))
    c.drawPath(poly([(rx + sd * 60 * u, hz - 0.045 * h), (rx + sd * 130 * u, hz + 0.02 * h),
                     (rx + sd * 170 * u, hz + 0.06 * h), (rx + sd * 190 * u, shore - 0.01 * h),
                     (rx + sd * 20 * u, shore - 0.01 * h)]), paint(pal.i("#4e4b48")))
    for k in range(3):
        bx = rx + sd * (230 + 70 * k) * u
        br = (40 - 10 * k) * u
        c.drawOval(skia.Rect(bx - br * 1.4, shore - br * 1.2, bx + br * 1.4, shore + br * 0.3),
                   paint(pal.i("#5a5652")))
    if pl.seed % 4 != 3:
        lighthouse(pl, rx + 10 * u, hz - 0.05 * h, 0.26 * h)


# ----------------------------------------------------------------------------- sky


def draw_skyscape(pl: Plate) -> None:
    """Open sky: big gradient, sun/moon, clouds, and a sea of cloud tops at the bottom."""
    c, w, h, u, rng = pl.canvas, pl.w, pl.h, pl.u, pl.rng
    draw_sky(pl, 0, h, clouds=4)
    for k, y in enumerate((0.74, 0.84, 0.95)):
        for j in range(int(w / (300 * u)) + 2):
            size = rng.uniform(90, 140) * u * (1 + 0.3 * k)
            draw_cloud(pl, (j + rng.uniform(-0.2, 0.2)) * 300 * u, h * y + size * 0.3, size,
                       rng, alpha=1.0)
    body, _ = cloud_colors(pl.pal)
    rect(c, 0, h * 0.97, w, h, argb(body))
