"""A cache for the pictures the sheets are made of (storyboard stills, webtoon and comic
panels), keyed like shot segments, so redrawing the sheets after an edit only draws the
panels of the shots the edit touched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import skia

from manju.cache import Cache, code_fingerprint, content_hash
from manju.doc.model import Project

# The code that lays out and letters a sheet's panels (the drawing itself is in the spec key).
EXPORT_CODE = ("export/pages.py", "export/sheets.py", "export/stills.py")


def cached_picture(project: Project, kind: str, spec: Any, extra: Any,
                   draw: Callable[[], tuple[skia.Image, dict[str, Any]]]
                   ) -> tuple[skia.Image, dict[str, Any]]:
    """``draw()``'s picture and JSON-able facts, from the project's cache when the same shot
    spec was drawn the same way before (``extra``: size and anything else that matters)."""
    if project.root is None:
        return draw()
    from manju.stages.render import spec_key

    cache = Cache(project.root / ".cache")
    key = content_hash(kind, spec_key(spec), code_fingerprint(*EXPORT_CODE), extra)
    png, meta = cache.get("stills", key, ".png"), cache.get("stills", key, ".json")
    if png is not None and meta is not None:
        image = _read_png(png)
        if image is not None:
            return image, json.loads(meta.read_text(encoding="utf-8"))
    image, facts = draw()
    cache.put_bytes("stills", key, ".json", json.dumps(facts).encode("utf-8"))
    cache.put_bytes("stills", key, ".png", quick_png(image))
    return image, facts


def _read_png(path: Path) -> skia.Image | None:
    """A picture :func:`quick_png` wrote, as the drawn one was: 8-bit BGRA without a colour
    space (Skia's own decoder tags it sRGB, and the PDF writer then embeds a colour profile),
    premultiplied when opaque (a drawn surface's snapshot)."""
    import numpy as np

    from manju.render.opencv import cv2 as opencv

    cv2 = opencv()
    pixels = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if pixels is None or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        return None
    opaque = pixels.shape[2] == 3
    bgra = cv2.cvtColor(pixels, cv2.COLOR_BGR2BGRA) if opaque else pixels
    return skia.Image.fromarray(np.ascontiguousarray(bgra), colorType=skia.kBGRA_8888_ColorType,
                                alphaType=skia.kPremul_AlphaType if opaque
                                else skia.kUnpremul_AlphaType)


def quick_png(image: skia.Image) -> bytes:
    """``image`` as a PNG with the lightest compression: a cache file, read back soon. (Skia's
    encoder compresses harder: about 0.13 s a panel, most of the time the sheets took.)"""
    import numpy as np

    from manju.render.opencv import cv2 as opencv

    cv2 = opencv()
    rgba = image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    # An opaque picture is stored without its alpha channel: read back, it is opaque again, so
    # a PDF page drawn from the cache is the same file as one drawn from the fresh picture
    # (the PDF writer adds a soft mask for a picture that has an alpha channel).
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = cv2.cvtColor(np.ascontiguousarray(rgba),
                          cv2.COLOR_RGBA2BGR if opaque else cv2.COLOR_RGBA2BGRA)
    ok, data = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise ValueError("could not encode a panel as PNG")
    return data.tobytes()
