"""Interior background painters: home, office, shop, generic room, palace hall, cabins.

Internal module of :mod:`manju.render.background`. A one-point-perspective room: back wall,
slivers of side walls and ceiling, a floor with boards/tiles converging to the vanishing point,
furniture silhouettes against the back wall, and a window whose view matches time and place.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import skia

from manju.render.background_outdoor import chinese_roof, skyline, tree_row
from manju.render.background_paint import (
    Plate,
    argb,
    glow,
    mix,
    paint,
    poly,
    rect,
    ridge_path,
    vgrad,
)

WALLS = {
    "home": ("#e6d6bf", "#d9c4a5", "#efe4d2"),
    "office": ("#dfe2e4", "#d2d7da", "#e8eaeb"),
    "shop": ("#efe0c4", "#e3cfa8", "#f2e6d0"),
    "room_generic": ("#d9d4c8", "#cfc8b8", "#e4e0d6"),
    "palace": ("#b9513f", "#a44536", "#c86a50"),
    "wood": ("#b48a62", "#a57a54", "#c49b72"),
}
FLOORS = {"home": "#b98b5e", "office": "#8f969c", "shop": "#c9b49a", "room_generic": "#a89a86",
          "palace": "#8e857a", "wood": "#8a6444"}


@dataclass
class Room:
    """Screen-space geometry of the room box."""

    bx0: float
    by0: float
    bx1: float
    by1: float
    vx: float
    vy: float


def room_box(pl: Plate) -> Room:
    """Back-wall rectangle and vanishing point for the plate's aspect ratio."""
    w, h = pl.w, pl.h
    k = min(1.0, max(0.0, (w / h - 0.5625) / (1.778 - 0.5625)))
    m = w * (0.05 + 0.15 * k)
    return Room(m, h * 0.08, w - m, pl.horizon, w * 0.5, h * 0.42)


def ray_to_edge(vx: float, vy: float, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """Extend the ray from the vanishing point through (x, y) to the frame border."""
    dx, dy = x - vx, y - vy
    ts = []
    if dx < 0:
        ts.append(-vx / dx)
    if dx > 0:
        ts.append((w - vx) / dx)
    if dy < 0:
        ts.append(-vy / dy)
    if dy > 0:
        ts.append((h - vy) / dy)
    t = min(ts) if ts else 1.0
    return vx + dx * t, vy + dy * t


def draw_shell(pl: Plate, rm: Room, wall: tuple[str, str, str], floor: str, tiles: bool) -> None:
    """Side walls, ceiling, back wall, floor with boards or tiles, skirting."""
    c, w, h, pal = pl.canvas, pl.w, pl.h, pl.pal
    back, side, ceil = wall
    rect(c, 0, 0, w, h, pal.i(side))
    corners = [(rm.bx0, rm.by0), (rm.bx1, rm.by0), (rm.bx1, rm.by1), (rm.bx0, rm.by1)]
    e = [ray_to_edge(rm.vx, rm.vy, x, y, w, h) for x, y in corners]
    ceiling = poly([(0, 0), (w, 0), e[1], corners[1], corners[0], e[0]])
    c.drawPath(ceiling, paint(pal.i(ceil)))
    floor_p = poly([e[3], corners[3], corners[2], e[2], (w, h), (0, h)])
    fc = pal.c(floor)
    c.save()
    c.clipPath(floor_p)
    vgrad(c, 0, rm.by1, w, h, [argb(mix(fc, (0, 0, 0), 0.12)), argb(fc)])
    pts = []
    if tiles:
        n = 10
        for i in range(n + 1):
            x = rm.bx0 + (rm.bx1 - rm.bx0) * i / n
            pts += [skia.Point(x, rm.by1), skia.Point(*_extend(rm, x, rm.by1, 4.0))]
    else:
        n = 16
        for i in range(-4, n + 5):
            x = rm.bx0 + (rm.bx1 - rm.bx0) * i / n
            pts += [skia.Point(x, rm.by1), skia.Point(*_extend(rm, x, rm.by1, 4.0))]
    for j in range(1, 9 if tiles else 4):
        z = 1 + 0.18 * j ** 1.5
        y = rm.vy + (rm.by1 - rm.vy) * z
        pts += [skia.Point(0, y), skia.Point(w, y)]
    c.drawPoints(skia.Canvas.kLines_PointMode, pts,
                 paint(argb(mix(fc, (0, 0, 0), 0.3), 0.45), stroke=1.6 * pl.u))
    c.restore()
    rect(c, rm.bx0, rm.by0, rm.bx1, rm.by1, pal.i(back))
    # soft shading toward the ceiling and corners
    vgrad(c, rm.bx0, rm.by0, rm.bx1, rm.by0 + (rm.by1 - rm.by0) * 0.35,
          [argb((0, 0, 0), 0.12), argb((0, 0, 0), 0.0)])
    rect(c, rm.bx0, rm.by1 - 14 * pl.u, rm.bx1, rm.by1, argb(mix(pal.c(back), (0, 0, 0), 0.3)))
    edge = paint(argb(mix(pal.c(side), (0, 0, 0), 0.25)), stroke=2 * pl.u)
    for (x, y), (ex, ey) in zip(corners, e, strict=True):
        c.drawLine(x, y, ex, ey, edge)


def _extend(rm: Room, x: float, y: float, t: float) -> tuple[float, float]:
    return rm.vx + (x - rm.vx) * t, rm.vy + (y - rm.vy) * t


# ----------------------------------------------------------------------------- window & view


def draw_view(pl: Plate, x0: float, y0: float, x1: float, y1: float, view: str) -> None:
    """The landscape seen through a window: sky plus city, trees, hills, sea or mountains."""
    c, pal = pl.canvas, pl.pal
    c.save()
    c.clipRect(skia.Rect(x0, y0, x1, y1))
    s0, s1, s2 = pal.sky
    vgrad(c, x0, y0, x1, y1, [argb(s0), argb(s1), argb(s2)], [0.0, 0.5, 1.0])
    vw, vh = x1 - x0, y1 - y0
    sub = Plate(c, vw, vh * 1.6, pal, random.Random(pl.seed + 99), y0 + vh * 0.8, pl.light_deg,
                pl.seed)
    c.translate(x0, 0)
    hz = y0 + vh * 0.78
    if pal.weather == "clear":
        if pal.night:
            c.drawCircle(vw * (0.25 if pl.light_left else 0.75), y0 + vh * 0.22, vh * 0.07,
                         paint(argb((0.95, 0.93, 0.82))))
        elif pal.time == "dusk":
            c.drawCircle(vw * (0.25 if pl.light_left else 0.75), hz - vh * 0.05, vh * 0.09,
                         paint(argb((1.0, 0.86, 0.6))))
    if view == "city":
        skyline(sub, y1, vh * 0.25, vh * 0.55, 0.45, sub.rng)
    elif view in ("forest", "trees"):
        tree_row(sub, y1 + 4, vh * 0.5, 0.45, sub.rng, 0.6, 1.2)
    elif view == "coast":
        rect(c, 0, hz - vh * 0.12, vw, y1, argb(mix(pal.c("#4f86a6"), pal.sky[2], 0.3)))
        rect(c, 0, hz - vh * 0.12, vw, hz - vh * 0.11, argb(pal.sky[2]))
    elif view == "mountain":
        c.drawPath(ridge_path(sub.rng, vw, hz - vh * 0.1, vh * 0.35, y1 + 2, 1.2, 0.9, 24),
                   paint(pal.i("#6d8096", 0.55)))
        c.drawPath(ridge_path(sub.rng, vw, hz, vh * 0.2, y1 + 2, 1.6, 0.5, 24),
                   paint(pal.i("#5d7288", 0.3)))
    elif view == "palace":
        chinese_roof(sub, vw / 2, hz, vw * 0.35, vh * 0.16, pal.i("#c9a040", 0.4),
                     pal.i("#8a6a2a", 0.4))
        rect(c, vw * 0.2, hz, vw * 0.8, y1, pal.i("#a3362e", 0.4))
    else:  # hills
        c.drawPath(ridge_path(sub.rng, vw, hz, vh * 0.15, y1 + 2, 1.0, 0.1, 24),
                   paint(pal.i("#7d9a6c", 0.4)))
    c.restore()


def draw_window(pl: Plate, x0: float, y0: float, x1: float, y1: float, view: str,
                curtains: str | None = "#a8c0b0", blinds: bool = False, panes: int = 2) -> None:
    """A framed window with a view, mullions, sill, and optional curtains or blinds."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    fr = pal.i("#f4f1ea") if not pal.night else pal.i("#c8c4bc")
    rect(c, x0 - 12 * u, y0 - 12 * u, x1 + 12 * u, y1 + 12 * u, fr)
    draw_view(pl, x0, y0, x1, y1, view)
    # glass reflection
    c.drawPath(poly([(x0 + (x1 - x0) * 0.15, y0), (x0 + (x1 - x0) * 0.35, y0),
                     (x0 + (x1 - x0) * 0.05, y1), (x0 - (x1 - x0) * 0.15, y1)]),
               paint(argb((1, 1, 1), 0.1)))
    mp = paint(fr, stroke=9 * u)
    for k in range(1, panes):
        x = x0 + (x1 - x0) * k / panes
        c.drawLine(x, y0, x, y1, mp)
    c.drawLine(x0, y0 + (y1 - y0) * 0.4, x1, y0 + (y1 - y0) * 0.4, mp)
    if blinds:
        pts = []
        y = y0 + 10 * u
        while y < y0 + (y1 - y0) * 0.45:
            pts += [skia.Point(x0, y), skia.Point(x1, y)]
            y += 14 * u
        rect(c, x0, y0, x1, y - 10 * u, argb(pal.c("#e6e2d8"), 0.55))
        c.drawPoints(skia.Canvas.kLines_PointMode, pts, paint(pal.i("#b9b4a8", alpha=0.8), stroke=3 * u))
    rect(c, x0 - 22 * u, y1 + 6 * u, x1 + 22 * u, y1 + 20 * u, fr)
    if curtains:
        cc = pal.c(curtains)
        for side in (0, 1):
            cx0 = x0 - 40 * u if side == 0 else x1 - 40 * u
            cx1 = cx0 + 80 * u
            p = poly([(cx0, y0 - 30 * u), (cx1, y0 - 30 * u), (cx1 - 10 * u * (1 - 2 * side), y1 + 60 * u),
                      (cx0 + 10 * u * (1 - 2 * side) * 0, y1 + 60 * u)])
            c.drawPath(p, paint(argb(cc)))
            folds = [skia.Point(cx0 + 20 * u * f, y0 - 30 * u) for f in (1, 2, 3)]
            pts = []
            for f in folds:
                pts += [f, skia.Point(f.x(), y1 + 58 * u)]
            c.drawPoints(skia.Canvas.kLines_PointMode, pts,
                         paint(argb(mix(cc, (0, 0, 0), 0.25)), stroke=3 * u))
        rect(c, x0 - 60 * u, y0 - 38 * u, x1 + 60 * u, y0 - 28 * u, pal.i("#6b5a48"))


# ----------------------------------------------------------------------------- furniture


def bookshelf(pl: Plate, x0: float, x1: float, top: float, bottom: float, rng: random.Random) -> None:
    """A bookshelf with rows of coloured books."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    rect(c, x0, top, x1, bottom, pal.i("#7a5a40"))
    rows = max(2, int((bottom - top) / (95 * u)))
    rh = (bottom - top) / rows
    books = ("#b5544a", "#4f6f9a", "#d0a54a", "#5f8a5a", "#8a5a8a", "#c8c0b0", "#3f4f5f")
    for r in range(rows):
        sy0 = top + r * rh + 8 * u
        sy1 = top + (r + 1) * rh - 4 * u
        rect(c, x0 + 8 * u, sy0, x1 - 8 * u, sy1, pal.i("#4a3626"))
        x = x0 + 10 * u
        while x < x1 - 24 * u:
            bw = rng.uniform(10, 22) * u
            bh = (sy1 - sy0) * rng.uniform(0.6, 0.95)
            if rng.random() < 0.12:
                x += bw
                continue
            rect(c, x, sy1 - bh, x + bw - 1.5 * u, sy1, pal.i(books[rng.randrange(len(books))]))
            x += bw
        rect(c, x0 + 8 * u, sy1, x1 - 8 * u, sy1 + 5 * u, pal.i("#8c6a4c"))


def floor_lamp(pl: Plate, x: float, foot: float, height: float, lit: bool) -> None:
    """A floor lamp with a shade; casts a warm pool when lit."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    top = foot - height
    if lit:
        glow(c, x, top + 30 * u, 260 * u, pal.glow, 0.5)
    rect(c, x - 3 * u, top + 40 * u, x + 3 * u, foot, pal.i("#3b3b3b"))
    c.drawOval(skia.Rect(x - 34 * u, foot - 8 * u, x + 34 * u, foot + 4 * u), paint(pal.i("#3b3b3b")))
    shade = poly([(x - 30 * u, top), (x + 30 * u, top), (x + 50 * u, top + 60 * u),
                  (x - 50 * u, top + 60 * u)])
    c.drawPath(shade, paint(argb(pal.glow) if lit else pal.i("#efe6d0")))


def sofa(pl: Plate, cx: float, foot: float, width: float, color: str) -> None:
    """A simple sofa silhouette."""
    c, u, pal = pl.canvas, pl.u, pal_of(pl)
    col = pal.c(color)
    dark = mix(col, (0, 0, 0), 0.2)
    rr = skia.RRect.MakeRectXY(skia.Rect(cx - width / 2, foot - 170 * u, cx + width / 2, foot - 60 * u),
                               20 * u, 20 * u)
    c.drawRRect(rr, paint(argb(dark)))
    rr = skia.RRect.MakeRectXY(skia.Rect(cx - width / 2 + 30 * u, foot - 100 * u, cx + width / 2 - 30 * u,
                                         foot - 40 * u), 14 * u, 14 * u)
    c.drawRRect(rr, paint(argb(col)))
    for d in (-1, 1):
        ax = cx + d * (width / 2 - 20 * u)
        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(ax - 26 * u, foot - 125 * u, ax + 26 * u, foot - 20 * u),
                                          14 * u, 14 * u), paint(argb(col)))
    rect(c, cx - width / 2 + 20 * u, foot - 20 * u, cx - width / 2 + 30 * u, foot, pal.i("#3b2f26"))
    rect(c, cx + width / 2 - 30 * u, foot - 20 * u, cx + width / 2 - 20 * u, foot, pal.i("#3b2f26"))


def pal_of(pl: Plate):
    """The plate's palette (small helper for readability)."""
    return pl.pal


def plant(pl: Plate, x: float, foot: float, size: float) -> None:
    """A potted plant."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    p = skia.Path()
    for k in range(7):
        ang = -0.9 + 1.8 * k / 6
        lx = x + ang * size * 0.5
        ly = foot - size * (0.9 - abs(ang) * 0.3)
        p.addOval(skia.Rect(lx - size * 0.14, ly - size * 0.3, lx + size * 0.14, ly + size * 0.3))
    c.drawPath(p, paint(pal.i("#5c8a52")))
    c.drawPath(poly([(x - size * 0.28, foot - size * 0.4), (x + size * 0.28, foot - size * 0.4),
                     (x + size * 0.2, foot), (x - size * 0.2, foot)]), paint(pal.i("#b0684a")))
    _ = u


def picture(pl: Plate, x: float, y: float, pw: float, ph: float, rng: random.Random) -> None:
    """A framed picture (abstract landscape) on the wall."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    rect(c, x - pw / 2 - 8 * u, y - ph / 2 - 8 * u, x + pw / 2 + 8 * u, y + ph / 2 + 8 * u, pal.i("#5a4634"))
    rect(c, x - pw / 2, y - ph / 2, x + pw / 2, y + ph / 2, pal.i("#e9e2cf"))
    c.save()
    c.clipRect(skia.Rect(x - pw / 2, y - ph / 2, x + pw / 2, y + ph / 2))
    c.translate(x - pw / 2, 0)
    c.drawPath(ridge_path(rng, pw, y + ph * 0.25, ph * 0.4, y + ph, 1.0, 0.5, 12),
               paint(pal.i(("#7fa08a", "#8a9ec0", "#c09070")[rng.randrange(3)])))
    c.restore()


def desk(pl: Plate, cx: float, foot: float, width: float, depth_h: float, monitor: bool,
         lit: bool) -> None:
    """An office desk (top + legs) with an optional monitor and keyboard."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    top = foot - depth_h
    if monitor:
        mw = width * 0.36
        scr = argb(mix(pal.c("#7fb0e0"), (1, 1, 1), 0.2)) if lit else pal.i("#2d333b")
        if lit:
            glow(c, cx, top - mw * 0.35, mw * 1.4, (0.6, 0.8, 1.0), 0.3)
        rect(c, cx - mw / 2, top - mw * 0.7, cx + mw / 2, top - mw * 0.12, pal.i("#22272e"))
        rect(c, cx - mw / 2 + 6 * u, top - mw * 0.7 + 6 * u, cx + mw / 2 - 6 * u, top - mw * 0.12 - 6 * u, scr)
        rect(c, cx - 6 * u, top - mw * 0.12, cx + 6 * u, top, pal.i("#22272e"))
    rect(c, cx - width / 2, top, cx + width / 2, top + 16 * u, pal.i("#cfc6b8"))
    rect(c, cx - width / 2, top + 16 * u, cx + width / 2, top + 22 * u, pal.i("#9a9082"))
    rect(c, cx - width / 2 + 10 * u, top + 22 * u, cx - width / 2 + 22 * u, foot, pal.i("#5a5f66"))
    rect(c, cx + width / 2 - 22 * u, top + 22 * u, cx + width / 2 - 10 * u, foot, pal.i("#5a5f66"))
    rect(c, cx + width * 0.1, top + 22 * u, cx + width / 2 - 22 * u, top + depth_h * 0.55, pal.i("#b8b0a2"))


def ceiling_lights(pl: Plate, rm: Room, n: int, on: bool) -> None:
    """Flat light panels / pendants hanging along the ceiling edge."""
    c, u, pal = pl.canvas, pl.u, pl.pal
    for k in range(n):
        x = rm.bx0 + (rm.bx1 - rm.bx0) * (k + 0.5) / n
        y = rm.by0 + 50 * u
        c.drawLine(x, rm.by0, x, y, paint(pal.i("#3a3a3a"), stroke=2.5 * u))
        shade = poly([(x - 14 * u, y), (x + 14 * u, y), (x + 36 * u, y + 34 * u), (x - 36 * u, y + 34 * u)])
        c.drawPath(shade, paint(pal.i("#2f3a3a")))
        c.drawOval(skia.Rect(x - 14 * u, y + 28 * u, x + 14 * u, y + 40 * u),
                   paint(argb(pal.glow if on else pal.c("#efe8d8"))))
        if on:
            glow(c, x, y + 40 * u, 170 * u, pal.glow, 0.35)


# ----------------------------------------------------------------------------- rooms


def window_rect(pl: Plate, kind: str) -> tuple[float, float, float, float]:
    """The window opening (x0, y0, x1, y1) of a room plate; weather is visible only there."""
    rm = room_box(pl)
    bw = rm.bx1 - rm.bx0
    if kind == "office":
        return rm.bx0 + bw * 0.1, pl.h * 0.2, rm.bx0 + bw * 0.9, pl.h * 0.44
    if kind in ("shop", "palace"):
        return 0.0, 0.0, 0.0, 0.0
    wwid = min(bw * 0.42, 300 * pl.u)
    wx0 = rm.bx0 + bw * 0.08 if pl.light_left else rm.bx1 - bw * 0.08 - wwid
    return wx0, pl.h * 0.2, wx0 + wwid, pl.h * 0.44


def draw_room(pl: Plate, kind: str) -> None:
    """Interior plate for ``kind`` (exterior kinds give a cabin/hall with a matching view)."""
    rm = room_box(pl)
    rng = pl.rng
    c, w, h, u, pal = pl.canvas, pl.w, pl.h, pl.u, pl.pal
    style = kind if kind in WALLS else ("palace" if kind == "palace" else "wood")
    if kind == "street":
        style = "room_generic"
    draw_shell(pl, rm, WALLS[style], FLOORS[style], tiles=style in ("office", "shop", "palace"))
    lamp_on = pal.time != "day" or pal.weather != "clear"
    left = pl.light_left
    bw = rm.bx1 - rm.bx0
    wx0, wy0, wx1, wy1 = window_rect(pl, kind)
    wwid = wx1 - wx0
    view = {"office": "city", "shop": "city", "home": ("city", "trees", "hills")[pl.seed % 3],
            "room_generic": ("city", "trees")[pl.seed % 2], "street": "city"}.get(kind, kind)
    other_x0 = rm.bx1 - bw * 0.06 if left else rm.bx0 + bw * 0.06  # furniture anchor (far side)
    d = -1 if left else 1  # direction from the far side toward the centre is -d
    if kind == "palace":
        _palace_hall(pl, rm)
    elif kind == "office":
        draw_window(pl, wx0, wy0, wx0 + wwid, wy1, view, curtains=None, blinds=True, panes=4)
        ceiling_lights(pl, rm, 3, lamp_on)
        n = max(2, int(bw / (260 * u)))
        for k in range(n):
            x = rm.bx0 + bw * (k + 0.5) / n
            desk(pl, x, rm.by1 + 10 * u, min(220 * u, bw / n * 0.85), 110 * u, True, pal.night)
        plant(pl, other_x0, rm.by1, 120 * u)
        # foreground desk at the bottom corner
        desk(pl, w * (0.12 if left else 0.88), h * 1.02, 420 * u, 230 * u, True, pal.night)
    elif kind == "shop":
        sx0, sx1 = rm.bx0 + bw * 0.05, rm.bx1 - bw * 0.05
        rect(c, sx0, rm.by0 + 30 * u, sx1, rm.by0 + 90 * u, pal.i("#3f5a4a"))
        rect(c, sx0 + 10 * u, rm.by0 + 40 * u, sx1 - 10 * u, rm.by0 + 80 * u, pal.i("#d8c070"))
        ceiling_lights(pl, rm, 4, lamp_on)
        shelves = skia.Rect(sx0, rm.by0 + 130 * u, sx1, rm.by1)
        rect(c, shelves.left(), shelves.top(), shelves.right(), shelves.bottom(), pal.i("#8a6a4c"))
        goods = ("#d06a50", "#5a8ac0", "#e0c060", "#70a870", "#c080b0", "#f0ece0", "#e09050")
        rows = max(3, int(shelves.height() / (90 * u)))
        rh = shelves.height() / rows
        for r in range(rows):
            y1 = shelves.top() + (r + 1) * rh - 8 * u
            rect(c, sx0 + 6 * u, y1 - rh + 14 * u, sx1 - 6 * u, y1, pal.i("#5e4632"))
            x = sx0 + 12 * u
            while x < sx1 - 50 * u:
                col = pal.i(goods[rng.randrange(len(goods))])
                shape = rng.random()
                if shape < 0.4:  # boxes
                    gw, gh = rng.uniform(36, 52) * u, rh * rng.uniform(0.35, 0.55)
                    rect(c, x, y1 - gh, x + gw - 4 * u, y1, col)
                    rect(c, x + 5 * u, y1 - gh * 0.7, x + gw - 9 * u, y1 - gh * 0.45,
                         pal.i("#f4efe2", alpha=0.8))
                elif shape < 0.75:  # jars
                    gw, gh = rng.uniform(26, 34) * u, rh * 0.4
                    for j in range(2):
                        jx = x + j * gw
                        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(jx, y1 - gh, jx + gw - 4 * u, y1),
                                                          6 * u, 6 * u), paint(col))
                        rect(c, jx + 2 * u, y1 - gh - 6 * u, jx + gw - 6 * u, y1 - gh + 2 * u,
                             pal.i("#6a5a4a"))
                    gw *= 2
                else:  # bottles
                    gw, gh = 16 * u, rh * rng.uniform(0.55, 0.7)
                    for j in range(3):
                        bx = x + j * gw
                        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(bx, y1 - gh * 0.7, bx + gw - 3 * u, y1),
                                                          4 * u, 4 * u), paint(col))
                        rect(c, bx + 4 * u, y1 - gh, bx + gw - 7 * u, y1 - gh * 0.65, col)
                    gw *= 3
                x += gw + rng.uniform(2, 10) * u
            rect(c, sx0, y1, sx1, y1 + 8 * u, pal.i("#a8845e"))
        # counter on the far side, in front of the shelves
        cx = w * (0.8 if left else 0.2)
        cw = max(300 * u, w * 0.35)
        ct = h * 0.7
        rect(c, cx - cw / 2, ct, cx + cw / 2, h * 0.86, pal.i("#7a5238"))
        rect(c, cx - cw / 2 - 10 * u, ct - 14 * u, cx + cw / 2 + 10 * u, ct + 4 * u, pal.i("#d9c8a8"))
        rect(c, cx - cw / 2 + 16 * u, ct + 30 * u, cx + cw / 2 - 16 * u, ct + 36 * u, pal.i("#5e3e2a"))
        rx = cx + d * cw * 0.2
        rect(c, rx - 40 * u, ct - 70 * u, rx + 40 * u, ct - 14 * u, pal.i("#3a3f46"))
        rect(c, rx - 28 * u, ct - 62 * u, rx + 28 * u, ct - 40 * u, pal.i("#9ad0b0"))
    else:
        draw_window(pl, wx0, wy0, wx0 + wwid, wy1, view,
                    curtains=("#a8c0b0", "#d0a0a0", "#b0b8d8", "#e0d0a0")[pl.seed % 4]
                    if style != "wood" else None)
        if style == "wood":
            ceiling_lights(pl, rm, 1, lamp_on)
        far_w = min(bw * 0.34, 260 * u)
        fx0 = other_x0 - far_w if left else other_x0
        if kind == "home" or (style == "wood" and pl.seed % 2 == 0):
            bookshelf(pl, fx0, fx0 + far_w, h * 0.2, rm.by1, rng)
            sofa(pl, (wx0 + wwid / 2 + (fx0 + far_w / 2)) / 2, rm.by1 + 6 * u, min(bw * 0.42, 380 * u),
                 ("#8aa0b8", "#b88a7a", "#9ab08a")[pl.seed % 3])
            lx = wx0 + wwid + 60 * u if left else wx0 - 60 * u
            floor_lamp(pl, lx, rm.by1 + 4 * u, 330 * u, lamp_on)
        else:
            # door on the far side, picture between
            dx0 = fx0 + far_w * 0.2
            dx1 = dx0 + min(far_w * 0.75, 170 * u)
            rect(c, dx0 - 10 * u, h * 0.24 - 10 * u, dx1 + 10 * u, rm.by1, pal.i("#f0ece2"))
            rect(c, dx0, h * 0.24, dx1, rm.by1, pal.i("#8a6a50"))
            rect(c, dx0 + 14 * u, h * 0.27, dx1 - 14 * u, h * 0.42, pal.i("#7a5c44"))
            rect(c, dx0 + 14 * u, h * 0.45, dx1 - 14 * u, rm.by1 - 20 * u, pal.i("#7a5c44"))
            c.drawCircle(dx1 - 20 * u if not left else dx0 + 20 * u, h * 0.45, 6 * u,
                         paint(pal.i("#d8b860")))
            gap0, gap1 = (dx1 + 20 * u, wx0 - 60 * u) if left is False else (wx0 + wwid + 60 * u, dx0 - 20 * u)
            if gap1 - gap0 > 150 * u:
                picture(pl, (gap0 + gap1) / 2, h * 0.28, min(140 * u, (gap1 - gap0) * 0.6), 90 * u, rng)
            plant(pl, (wx0 + wwid + 50 * u) if left else (wx0 - 50 * u), rm.by1, 110 * u)
        # rug
        rug = poly([(w * 0.28, rm.by1 + 30 * u), (w * 0.72, rm.by1 + 30 * u), (w * 0.86, h * 0.95),
                    (w * 0.14, h * 0.95)])
        c.drawPath(rug, paint(pal.i(("#b06a5a", "#6a86a8", "#a89868")[pl.seed % 3], alpha=0.55)))
    if not lamp_on and kind not in ("office", "shop", "palace"):
        # sunlight patch on the floor from the window
        sx0, sx1 = wx0, wx0 + wwid
        shift = 160 * u * (1 if left else -1)
        patch = poly([(sx0, rm.by1 + 4 * u), (sx1, rm.by1 + 4 * u), (sx1 + shift * 1.8, h * 0.86),
                      (sx0 + shift * 1.8, h * 0.86)])
        c.drawPath(patch, paint(argb(pal.light, 0.16)))
    if lamp_on and pal.night and kind not in ("office", "shop", "palace"):
        # warm pool of lamp light on the floor
        glow(c, w * 0.5, h * 0.8, w * 0.6, pal.glow, 0.12)


def _palace_hall(pl: Plate, rm: Room) -> None:
    """Throne-hall interior: red columns, lattice screens, a dais, hanging lanterns."""
    c, h, u, pal = pl.canvas, pl.h, pl.u, pl.pal
    bw = rm.bx1 - rm.bx0
    n = max(3, int(bw / (170 * u)))
    lat = []
    for k in range(n):
        x0 = rm.bx0 + bw * k / n + 20 * u
        x1 = rm.bx0 + bw * (k + 1) / n - 20 * u
        rect(c, x0, h * 0.18, x1, rm.by1, pal.i("#7a2e28"))
        y = h * 0.2
        while y < rm.by1 - 10 * u:
            lat += [skia.Point(x0, y), skia.Point(x1, y)]
            y += 18 * u
        x = x0
        while x < x1:
            lat += [skia.Point(x, h * 0.18), skia.Point(x, rm.by1)]
            x += 18 * u
    c.drawPoints(skia.Canvas.kLines_PointMode, lat, paint(pal.i("#4e1f1a"), stroke=3 * u))
    if pal.time != "day":
        rect(c, rm.bx0, h * 0.18, rm.bx1, rm.by1, argb(pal.glow, 0.12))
    rect(c, rm.bx0, rm.by0, rm.bx1, h * 0.16, pal.i("#2f5e5a"))
    rect(c, rm.bx0, h * 0.15, rm.bx1, h * 0.158, pal.i("#d8b04a"))
    for k in range(n + 1):
        x = rm.bx0 + bw * k / n
        rect(c, x - 18 * u, rm.by0, x + 18 * u, rm.by1 + 6 * u, pal.i("#b03a2e"))
        rect(c, x - 18 * u, rm.by0, x - 8 * u, rm.by1, argb((1, 1, 1), 0.12))
        rect(c, x - 24 * u, rm.by1 - 4 * u, x + 24 * u, rm.by1 + 10 * u, pal.i("#c9b48a"))
    # dais and throne
    cx = pl.w / 2
    rect(c, cx - 150 * u, rm.by1 - 40 * u, cx + 150 * u, rm.by1 + 8 * u, pal.i("#c9a040"))
    rect(c, cx - 70 * u, rm.by1 - 190 * u, cx + 70 * u, rm.by1 - 40 * u, pal.i("#8a2a22"))
    rect(c, cx - 90 * u, rm.by1 - 110 * u, cx + 90 * u, rm.by1 - 40 * u, pal.i("#d0a84a"))
    for d in (-1, 1):
        lx = cx + d * bw * 0.3
        ly = rm.by0 + 60 * u
        c.drawLine(lx, rm.by0, lx, ly, paint(pal.i("#2a2a2a"), stroke=3 * u))
        if pal.time != "day":
            glow(c, lx, ly + 35 * u, 160 * u, (1.0, 0.5, 0.3), 0.45)
        c.drawOval(skia.Rect(lx - 30 * u, ly, lx + 30 * u, ly + 70 * u), paint(pal.i("#d8402e")))
    _ = vgrad
