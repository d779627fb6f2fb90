"""Colours from a reference picture: skin, hair and outfit for a character's design."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from manju.errors import InputError


def _kmeans(px: np.ndarray, k: int, iters: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Tiny deterministic k-means: centres and the size of each cluster."""
    order = np.argsort(px.sum(axis=1))
    centres = px[order[np.linspace(0, len(px) - 1, k).astype(int)]].astype(np.float32)
    for _ in range(iters):
        d = ((px[:, None, :] - centres[None]) ** 2).sum(-1)
        lab = d.argmin(1)
        for j in range(k):
            sel = px[lab == j]
            if len(sel):
                centres[j] = sel.mean(0)
    lab = (((px[:, None, :] - centres[None]) ** 2).sum(-1)).argmin(1)
    return centres, np.bincount(lab, minlength=k)


def _hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(v))) for v in np.clip(rgb, 0, 255))
    return f"#{r:02x}{g:02x}{b:02x}"


def _is_skin(px: np.ndarray) -> np.ndarray:
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    mx, mn = px.max(1), px.min(1)
    return (r > 90) & (r >= g) & (g >= b * 0.9) & (r - b > 20) & (r - b < 140) & \
        ((mx - mn) / np.maximum(mx, 1) < 0.6) & (g > 50)


def load_rgba(path: str | Path, size: int = 160) -> np.ndarray:
    """A reference image as a small RGBA array (clear error for unreadable files)."""
    import skia

    path = Path(path)
    if not path.exists():
        raise InputError(f"no such image: {path}")
    img = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(path.read_bytes()))
    if img is None:
        raise InputError(f"{path} is not an image skia can read (use PNG or JPEG)")
    scale = size / max(img.width(), img.height())
    w, h = max(1, round(img.width() * scale)), max(1, round(img.height() * scale))
    img = img.resize(w, h, skia.SamplingOptions(skia.FilterMode.kLinear))
    return img.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)


def colours_from_image(path: str | Path) -> dict[str, str]:
    """Skin, hair and outfit colours of the figure in a picture, as ``#rrggbb``.

    The background is the colour of the border (or transparency); skin is found by hue; hair is
    the main non-skin colour of the figure's top part, outfit that of its bottom part.
    """
    arr = load_rgba(path).astype(np.float32)
    h, w = arr.shape[:2]
    rgb, alpha = arr[..., :3], arr[..., 3]
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    bg = np.median(border, axis=0)
    fg = (alpha > 128) & (np.abs(rgb - bg).sum(-1) > 40)
    if fg.sum() < 30:
        raise InputError(f"{path}: cannot find a figure in the picture (is it blank?)")
    ys, xs = np.nonzero(fg)
    top, bottom = ys.min(), ys.max()
    span = max(1, bottom - top)
    out: dict[str, str] = {}
    skin_mask = fg.copy()
    skin_mask[fg] = _is_skin(rgb[fg])
    if skin_mask.sum() > 10:
        out["skin"] = _hex(np.median(rgb[skin_mask], axis=0))
    rest = fg & ~skin_mask
    rows = np.arange(h)[:, None]
    for part, lo, hi in (("hair", 0.0, 0.35), ("outfit", 0.6, 1.0)):
        sel = rest & (rows >= top + lo * span) & (rows <= top + hi * span)
        px = rgb[sel]
        if len(px) < 10:
            continue
        centres, sizes = _kmeans(px, min(3, len(px)))
        out[part] = _hex(centres[int(sizes.argmax())])
    return out
