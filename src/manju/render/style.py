"""Looks (``--style``): how plates and characters are drawn, never what is in the story.

A style is applied once per cached layer (the background plate, each character sprite), so it
costs nothing per frame.
"""

from __future__ import annotations

import numpy as np
import skia

STYLES = ("flat", "ink", "pastel", "noir")

# Rec. 601 luma weights.
_LUMA = (0.299, 0.587, 0.114)


def _matrix(rows: list[list[float]]) -> skia.ColorFilter:
    flat = [v for row in rows for v in row]
    return skia.ColorFilters.Matrix(flat)


def _grey(contrast: float, bias: float, tint: tuple[float, float, float] = (1, 1, 1)) -> skia.ColorFilter:
    r, g, b = _LUMA
    rows = []
    for t in tint:
        rows.append([r * contrast * t, g * contrast * t, b * contrast * t, 0, bias])
    rows.append([0, 0, 0, 1, 0])
    return _matrix(rows)


def _pastel() -> skia.ColorFilter:
    # Desaturate by half and lift toward white.
    s, lift = 0.55, 0.22
    r, g, b = _LUMA
    rows = []
    for i in range(3):
        row = [(1 - s) * r, (1 - s) * g, (1 - s) * b]
        row[i] += s
        rows.append([v * (1 - lift) for v in row] + [0, lift])
    rows.append([0, 0, 0, 1, 0])
    return _matrix(rows)


def color_filter(style: str, layer: str) -> skia.ColorFilter | None:
    """The colour filter for a ``layer`` ("plate" or "sprite") in ``style`` (None for flat)."""
    if style == "ink":
        return _grey(1.25 if layer == "sprite" else 1.1, -0.08 if layer == "sprite" else 0.02)
    if style == "noir":
        return _grey(1.25, -0.38, (0.92, 0.97, 1.1)) if layer == "plate" else _grey(1.35, -0.16)
    if style == "pastel":
        return _pastel()
    return None


def _filtered(img: skia.Image, cf: skia.ColorFilter) -> skia.Image:
    surf = skia.Surface(img.width(), img.height())
    c = surf.getCanvas()
    c.clear(skia.ColorTRANSPARENT)
    c.drawImage(img, 0, 0, skia.SamplingOptions(), skia.Paint(ColorFilter=cf))
    return surf.makeImageSnapshot()


def _screentone(img: skia.Image, pitch: int) -> skia.Image:
    """Manga screentone: mid-tones become a dot pattern, darks stay solid, lights paper."""
    rgba = img.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    # Weighted sum written out, not a matmul: BLAS picks kernels (and splits work over threads)
    # at run time, and their different rounding would make the same plate differ by a grey level.
    rgb = rgba[..., :3].astype(np.float32)
    lum = rgb[..., 0] * np.float32(_LUMA[0])
    lum += rgb[..., 1] * np.float32(_LUMA[1])
    lum += rgb[..., 2] * np.float32(_LUMA[2])
    h, w = lum.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Distance to the nearest dot centre on a 45-degree grid, normalised to [0, 1].
    u = (xx + yy) / (pitch * 1.414)
    v = (xx - yy) / (pitch * 1.414)
    d = np.hypot(u - np.round(u), v - np.round(v)) / 0.7071
    # Light tones stay paper and only the mid-tones get dots, as on a printed page.
    darkness = np.clip((1.0 - lum / 255.0 - 0.22) / 0.7, 0.0, 1.0)
    ink = d < np.sqrt(darkness) * 0.9
    out = np.where(darkness > 0.85, 20, np.where(ink, 35, 250)).astype(np.uint8)
    # Keep soft edges of lines: blend a little of the grey image back.
    out = (0.75 * out + 0.25 * lum).astype(np.uint8)
    arr = np.dstack([out, out, out, rgba[..., 3]])
    return skia.Image.fromarray(np.ascontiguousarray(arr), colorType=skia.kRGBA_8888_ColorType)


def style_plate(img: skia.Image, style: str) -> skia.Image:
    """The background plate as drawn in ``style``."""
    cf = color_filter(style, "plate")
    if cf is None:
        return img
    out = _filtered(img, cf)
    if style == "ink":
        out = _screentone(out, pitch=max(4, round(img.width() / 110)))
    return out


def style_sprite(img: skia.Image, style: str) -> skia.Image:
    """A character sprite as drawn in ``style``."""
    cf = color_filter(style, "sprite")
    return img if cf is None else _filtered(img, cf)


def silhouette(img: skia.Image) -> skia.Image:
    """A figure seen from behind, out of focus in the foreground: dark and soft."""
    surf = skia.Surface(img.width(), img.height())
    c = surf.getCanvas()
    c.clear(skia.ColorTRANSPARENT)
    sigma = max(1.0, img.height() / 260)
    paint = skia.Paint(
        # One flat dark tone: from behind, no face shows.
        ColorFilter=skia.ColorFilters.Matrix([0, 0, 0, 0, 0.08,
                                              0, 0, 0, 0, 0.08,
                                              0, 0, 0, 0, 0.11,
                                              0, 0, 0, 1, 0]),
        ImageFilter=skia.ImageFilters.Blur(sigma, sigma))
    c.drawImage(img, 0, 0, skia.SamplingOptions(), paint)
    return surf.makeImageSnapshot()


def check_style(style: str) -> str:
    """``style`` if known, else ValueError naming the choices."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    return style
