"""Shared drawing helpers for procedural backgrounds: palettes, colour grading, sky, vignette.

Internal module of :mod:`manju.render.background`; the public API lives there.
Colours are handled as float RGB tuples in 0..1 and graded through a :class:`Palette`
(time-of-day tint, weather, desaturation, atmospheric perspective) before they reach skia,
so every plate stays softer than the characters drawn over it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import skia

RGB = tuple[float, float, float]


def hexrgb(value: str) -> RGB:
    """Parse ``"#rrggbb"`` into a float RGB tuple."""
    value = value.lstrip("#")
    return (int(value[0:2], 16) / 255.0, int(value[2:4], 16) / 255.0, int(value[4:6], 16) / 255.0)


def mix(a: RGB, b: RGB, k: float) -> RGB:
    """Linear blend of two colours (``k=0`` gives ``a``, ``k=1`` gives ``b``)."""
    k = min(1.0, max(0.0, k))
    return (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k)


def mul(a: RGB, b: RGB) -> RGB:
    """Component-wise product of two colours."""
    return (a[0] * b[0], a[1] * b[1], a[2] * b[2])


def argb(c: RGB, alpha: float = 1.0) -> int:
    """Float RGB (+alpha) to a skia 32-bit colour."""

    def q(v: float) -> int:
        return max(0, min(255, int(round(v * 255))))

    return skia.ColorSetARGB(q(alpha), q(c[0]), q(c[1]), q(c[2]))


def luma(c: RGB) -> float:
    """Rec.601 luma of a colour."""
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


@dataclass
class Palette:
    """Colour grading for one plate: sky gradient, ambient tint, haze and light colours."""

    time: str
    weather: str
    sky: tuple[RGB, RGB, RGB]  # top, middle, horizon
    ambient: RGB  # multiplies surface colours
    haze: RGB  # atmospheric-perspective target colour
    light: RGB  # sun / lamp colour
    glow: RGB  # lit windows, lamps at night
    desat: float = 0.18
    haze_gain: float = 1.0

    @property
    def night(self) -> bool:
        """True for night plates (lit windows, moon, stars)."""
        return self.time == "night"

    def c(self, rgb: RGB | str, far: float = 0.0) -> RGB:
        """Grade a base (daylight) colour: desaturate, apply ambient tint, fade toward haze by ``far``."""
        if isinstance(rgb, str):
            rgb = hexrgb(rgb)
        y = luma(rgb)
        r = mix(rgb, (y, y, y), self.desat)
        r = mul(r, self.ambient)
        far = min(1.0, far * self.haze_gain + (0.12 if self.weather == "fog" else 0.0) * (far > 0))
        return mix(r, self.haze, far)

    def i(self, rgb: RGB | str, far: float = 0.0, alpha: float = 1.0) -> int:
        """Like :meth:`c` but returns a skia colour int."""
        return argb(self.c(rgb, far), alpha)


_SKIES: dict[str, tuple[str, str, str]] = {
    "day": ("#5f9fd8", "#9cc8ea", "#dcecf4"),
    "dusk": ("#4a4f8c", "#d9868a", "#f6c48a"),
    "night": ("#0b1330", "#1b2b55", "#34466e"),
}
_AMBIENT: dict[str, str] = {"day": "#ffffff", "dusk": "#f2cdb8", "night": "#5a6a9c"}
_LIGHT: dict[str, str] = {"day": "#fff6e0", "dusk": "#ffb070", "night": "#dfe6ff"}


def make_palette(time: str, weather: str) -> Palette:
    """Build the palette for a time of day and weather."""
    top, mid, hor = (hexrgb(x) for x in _SKIES.get(time, _SKIES["day"]))
    ambient = hexrgb(_AMBIENT.get(time, "#ffffff"))
    light = hexrgb(_LIGHT.get(time, "#fff6e0"))
    glow = hexrgb("#ffd27a")
    haze = hor
    haze_gain = 1.0
    desat = 0.18
    if weather in ("rain", "snow", "fog"):
        grey = {"rain": hexrgb("#7d8792"), "snow": hexrgb("#c9d2dc"), "fog": hexrgb("#c4cbd0")}[weather]
        if time == "night":
            grey = mul(grey, hexrgb("#3c4868"))
        elif time == "dusk":
            grey = mul(grey, hexrgb("#d8b8b0"))
        k = {"rain": 0.75, "snow": 0.7, "fog": 0.8}[weather]
        top, mid, hor = mix(top, grey, k), mix(mid, grey, k), mix(hor, grey, k * 0.9)
        haze = hor
        desat = 0.35
        if weather == "rain":
            ambient = mul(ambient, hexrgb("#b4bac4"))
        elif weather == "snow":
            ambient = mul(ambient, hexrgb("#e6ecf4"))
        else:
            ambient = mul(ambient, hexrgb("#dde0e2"))
            haze_gain = 1.7
    return Palette(time, weather, (top, mid, hor), ambient, haze, light, glow, desat, haze_gain)


@dataclass
class Plate:
    """Everything a kind painter needs: canvas, size, palette, rng, layout lines."""

    canvas: skia.Canvas
    w: float
    h: float
    pal: Palette
    rng: random.Random
    horizon: float  # y of the horizon / wall-floor line
    light_deg: float  # direction toward the key light (0 = right, 90 = up)
    seed: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def u(self) -> float:
        """Size unit: 1/1000 of the plate height (objects scale with character size)."""
        return self.h / 1000.0

    @property
    def light_left(self) -> bool:
        """True when the key light comes from the left half of the screen."""
        return math.cos(math.radians(self.light_deg)) < 0


# ----------------------------------------------------------------------------- primitives


def paint(color: int, *, stroke: float = 0.0, aa: bool = True) -> skia.Paint:
    """A fill paint, or a stroke paint when ``stroke`` > 0."""
    p = skia.Paint(Color=color, AntiAlias=aa)
    if stroke > 0:
        p.setStyle(skia.Paint.kStroke_Style)
        p.setStrokeWidth(stroke)
    return p


def rect(canvas: skia.Canvas, x0: float, y0: float, x1: float, y1: float, color: int) -> None:
    """Fill an axis-aligned rectangle."""
    canvas.drawRect(skia.Rect(x0, y0, x1, y1), paint(color, aa=False))


def vgrad(canvas: skia.Canvas, x0: float, y0: float, x1: float, y1: float, colors: list[int],
          pos: list[float] | None = None) -> None:
    """Fill a rectangle with a vertical linear gradient."""
    shader = skia.GradientShader.MakeLinear(
        [skia.Point(0, y0), skia.Point(0, y1)], colors, pos)
    canvas.drawRect(skia.Rect(x0, y0, x1, y1), skia.Paint(Shader=shader))


def glow(canvas: skia.Canvas, x: float, y: float, r: float, color: RGB, alpha: float) -> None:
    """A soft radial glow (light pool, halo)."""
    shader = skia.GradientShader.MakeRadial(
        skia.Point(x, y), r, [argb(color, alpha), argb(color, alpha * 0.35), argb(color, 0.0)],
        [0.0, 0.45, 1.0])
    canvas.drawCircle(x, y, r, skia.Paint(Shader=shader))


def poly(points: list[tuple[float, float]]) -> skia.Path:
    """A closed polygon path."""
    path = skia.Path()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    return path


def ridge_path(rng: random.Random, w: float, base: float, amp: float, bottom: float,
               freq: float = 1.0, sharp: float = 0.5, steps: int = 48) -> skia.Path:
    """A filled mountain/hill silhouette: a noisy ridge line from x=0..w above ``base``."""
    phases = [rng.uniform(0, math.tau) for _ in range(4)]
    path = skia.Path()
    path.moveTo(-2, bottom)
    for i in range(steps + 1):
        x = w * i / steps
        t = x / w * freq
        v = (math.sin(t * 2.1 + phases[0]) * 0.55 + math.sin(t * 4.3 + phases[1]) * 0.28
             + math.sin(t * 9.7 + phases[2]) * 0.12 * (1 + sharp)
             + abs(math.sin(t * 6.1 + phases[3])) * 0.25 * sharp)
        path.lineTo(x, base - amp * (0.5 + 0.5 * v))
    path.lineTo(w + 2, bottom)
    path.close()
    return path


def peaks_path(rng: random.Random, w: float, base: float, amp: float, bottom: float,
               n: int, steps: int = 72) -> tuple[skia.Path, list[tuple[float, float]]]:
    """A mountain range made of ``n`` sharp peaks (returns the path and the peak tips)."""
    spacing = w / max(1, n)
    peaks = [(rng.uniform(-0.15, 1.15) * w, base - amp * rng.uniform(0.45, 1.0),
              rng.uniform(0.55, 1.0) * amp / spacing) for _ in range(n)]
    ph = rng.uniform(0, 6.3)
    path = skia.Path()
    path.moveTo(-2, bottom)
    for i in range(steps + 1):
        x = w * i / steps
        y = min(py + abs(x - px) * s for px, py, s in peaks)
        y += math.sin(x / spacing * 9.0 + ph) * amp * 0.025
        path.lineTo(x, min(y, base))
    path.lineTo(w + 2, bottom)
    path.close()
    return path, [(px, py) for px, py, _ in peaks]


# ----------------------------------------------------------------------------- sky


def sun_position(pl: Plate, top: float, bottom: float) -> tuple[float, float]:
    """Screen position of the sun/moon for the plate's key light, inside [top, bottom]."""
    a = math.radians(pl.light_deg)
    x = pl.w * (0.5 + 0.36 * math.cos(a))
    elev = max(0.0, math.sin(a))
    y = bottom - (bottom - top) * (0.25 + 0.65 * elev)
    if pl.pal.time == "dusk":
        y = bottom - (bottom - top) * 0.18
    return x, y


def draw_sky(pl: Plate, top: float, bottom: float, *, bodies: bool = True, clouds: int = 3) -> None:
    """Sky gradient from ``top`` to ``bottom`` with sun/moon, stars and a few clouds."""
    c = pl.canvas
    pal = pl.pal
    s0, s1, s2 = pal.sky
    vgrad(c, 0, top, pl.w, bottom, [argb(s0), argb(s1), argb(s2)], [0.0, 0.55, 1.0])
    overcast = pal.weather != "clear"
    u = pl.u
    span = bottom - top
    if pal.night and not overcast:
        rng = random.Random(pl.seed * 7 + 3)
        pts = [skia.Point(rng.uniform(0, pl.w), top + span * rng.random() ** 1.6 * 0.85)
               for _ in range(int(60 * pl.w / pl.h + 30))]
        sp = paint(argb((0.9, 0.92, 1.0), 0.75), stroke=max(1.0, 2.2 * u))
        sp.setStrokeCap(skia.Paint.kRound_Cap)
        c.drawPoints(skia.Canvas.kPoints_PointMode, pts, sp)
    if bodies and not overcast:
        x, y = sun_position(pl, top + span * 0.08, bottom)
        if pal.night:
            r = 34 * u
            glow(c, x, y, r * 3.2, (0.75, 0.82, 1.0), 0.28)
            moon = skia.Path()
            moon.addCircle(x, y, r)
            bite = skia.Path()
            bite.addCircle(x + r * 0.45, y - r * 0.3, r * 0.85)
            crescent = skia.Op(moon, bite, skia.PathOp.kDifference_PathOp) or moon
            c.drawPath(crescent, paint(argb(hexrgb("#f3ecd0"))))
        elif pal.time == "dusk":
            r = 60 * u
            glow(c, x, y, r * 4.5, (1.0, 0.75, 0.45), 0.55)
            c.drawCircle(x, y, r, paint(argb(hexrgb("#ffe2a8"))))
        else:
            r = 38 * u
            glow(c, x, y, r * 4.0, (1.0, 0.98, 0.9), 0.55)
            c.drawCircle(x, y, r, paint(argb(hexrgb("#fffdf2"), 0.95)))
    if clouds:
        rng = random.Random(pl.seed * 13 + 5)
        n = clouds + (2 if overcast else 0)
        for k in range(n):
            cx = pl.w * (k + rng.uniform(0.1, 0.9)) / n
            cy = top + span * rng.uniform(0.15, 0.75)
            size = (55 + 40 * rng.random()) * u * (1.6 if overcast else 1.0)
            draw_cloud(pl, cx, cy, size, rng, alpha=0.8 if pal.night else 0.92)


def cloud_colors(pal: Palette) -> tuple[RGB, RGB]:
    """Body and shade colour of clouds for a palette."""
    s0, s1, s2 = pal.sky
    if pal.weather != "clear":
        return mix(s1, (0.95, 0.95, 0.97), 0.25), mix(s1, (0.35, 0.38, 0.45), 0.3)
    if pal.night:
        return mix(s1, (0.6, 0.65, 0.85), 0.35), mix(s0, s1, 0.6)
    if pal.time == "dusk":
        return hexrgb("#f7b9a0"), hexrgb("#b5788f")
    return (0.98, 0.99, 1.0), hexrgb("#c4d8ea")


def draw_cloud(pl: Plate, cx: float, cy: float, size: float, rng: random.Random,
               alpha: float = 0.92) -> None:
    """A flat-bottomed cumulus made of overlapping circles, with a shaded underside."""
    body, shade = cloud_colors(pl.pal)
    path = skia.Path()
    n = rng.randint(4, 6)
    width = size * 3.2
    for j in range(n):
        t = j / (n - 1)
        x = cx - width / 2 + width * t
        r = size * (0.45 + 0.55 * math.sin(math.pi * t)) * rng.uniform(0.8, 1.1)
        path.addCircle(x, cy - r * 0.35, r)
    path.addRect(skia.Rect(cx - width / 2, cy - size * 0.3, cx + width / 2, cy + size * 0.05))
    c = pl.canvas
    c.save()
    c.clipRect(skia.Rect(0, -1e5, pl.w, cy + size * 0.05))
    c.drawPath(path, paint(argb(shade, alpha)))
    c.translate(0, -size * 0.16)
    c.drawPath(path, paint(argb(body, alpha)))
    c.restore()


def vignette(pl: Plate, strength: float = 0.28) -> None:
    """Subtle dark vignette toward the corners."""
    cx, cy = pl.w / 2, pl.h * 0.46
    r = math.hypot(pl.w, pl.h) * 0.62
    shader = skia.GradientShader.MakeRadial(
        skia.Point(cx, cy), r, [argb((0, 0, 0), 0.0), argb((0, 0, 0), 0.0),
                                argb((0.03, 0.03, 0.08), strength)], [0.0, 0.55, 1.0])
    pl.canvas.drawRect(skia.Rect(0, 0, pl.w, pl.h), skia.Paint(Shader=shader))
