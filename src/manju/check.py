"""``manju check``: does every character look the same in every shot of a rendered video?

For each shot, the middle frame of the finished ``video.mp4`` is decoded and each visible
character's face is cut out of it, using the face boxes the shot renderer computes for that
moment of the camera move (no re-render). The crops of one character are scaled to 64x64
(which also normalises close-ups against wide shots) and compared pairwise with

* an HSV colour-histogram intersection (skin, hair and eye colours), and
* a 64-bit DCT perceptual hash (shape; robust to small changes such as an open mouth),

combined as their mean. A pair is compared as drawn and mirrored, taking the better, so a
character turned the other way (the 180-degree rule flips sides between scenes) is not
mistaken for a different design. The report gives each character's minimum and mean over
pairs and its number of crops; the check passes when the overall minimum is at least 0.9.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

THRESHOLD = 0.9
CROP = 64
MIN_VISIBLE = 0.85  # a face box must be at least this much inside the frame to be used


@dataclass
class FaceCrop:
    """One character's face cut from one frame of the video."""

    character: str
    shot: str
    frame: int
    pixels: np.ndarray  # CROP x CROP x 3 uint8


@dataclass
class Report:
    """Per-character similarity figures and the overall minimum."""

    characters: dict[str, dict[str, Any]] = field(default_factory=dict)
    min: float | None = None
    threshold: float = THRESHOLD

    @property
    def ok(self) -> bool:
        """True when every compared pair is at least ``threshold`` similar."""
        return self.min is None or self.min >= self.threshold

    def to_json(self) -> dict[str, Any]:
        """{"characters": {name: {"min", "mean", "crops"}}, "min": overall}."""
        return {"characters": self.characters, "min": self.min}


# -- image measures -------------------------------------------------------------------------
def resize(rgb: np.ndarray, size: int = CROP) -> np.ndarray:
    """Scale an RGB crop to ``size`` x ``size`` with area-like (mipmapped) filtering."""
    import skia

    h, w = rgb.shape[:2]
    rgba = np.dstack([rgb, np.full((h, w), 255, np.uint8)])
    img = skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType)
    img = img.withDefaultMipmaps()
    out = np.zeros((size, size, 4), np.uint8)
    surf = skia.Surface(out, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    sampling = skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kLinear)
    surf.getCanvas().drawImageRect(img, skia.Rect.MakeWH(size, size), sampling)
    surf.flushAndSubmit()
    return out[..., :3].copy()


def _hsv(rgb: np.ndarray) -> np.ndarray:
    """RGB uint8 -> HSV floats in [0, 1]."""
    x = rgb.astype(np.float64) / 255.0
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    mx, mn = x.max(axis=-1), x.min(axis=-1)
    d = mx - mn
    safe = np.where(d == 0, 1.0, d)
    h = np.where(mx == r, ((g - b) / safe) % 6, np.where(mx == g, (b - r) / safe + 2, (r - g) / safe + 4))
    h = np.where(d == 0, 0.0, h / 6.0)
    s = np.where(mx == 0, 0.0, d / np.where(mx == 0, 1.0, mx))
    return np.stack([h, s, mx], axis=-1)


def head_mask(size: int = CROP) -> np.ndarray:
    """The ellipse inscribed in a face box: the head, without the background in its corners."""
    yy, xx = np.mgrid[0:size, 0:size]
    c = (size - 1) / 2
    return ((xx - c) / (size / 2)) ** 2 + ((yy - c) / (size / 2)) ** 2 <= 1.0


def hsv_histogram(rgb: np.ndarray, bins: tuple[int, int, int] = (36, 8, 8),
                  soft: float = 1.0) -> np.ndarray:
    """Normalised joint HSV histogram of the head ellipse (sums to 1).

    The histogram is soft-binned (smoothed by ``soft`` bins, hue wrapping round): with hard
    bins a skin tone sitting on a bin edge (skin hue is near 20 degrees) splits differently
    from frame to frame, and two crops of the same face scored only ~0.85."""
    from scipy.ndimage import gaussian_filter

    hsv = _hsv(rgb)
    if rgb.shape[0] == rgb.shape[1]:
        hsv = hsv[head_mask(rgb.shape[0])]
    hsv = hsv.reshape(-1, 3)
    hist, _ = np.histogramdd(hsv, bins=bins, range=((0, 1), (0, 1), (0, 1)))
    if soft > 0:
        hist = gaussian_filter(hist, soft, mode=("wrap", "nearest", "nearest"))
    return hist.ravel() / max(1e-9, hist.sum())


def histogram_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Histogram intersection of two crops' HSV histograms, in [0, 1]."""
    return float(np.minimum(hsv_histogram(a), hsv_histogram(b)).sum())


def phash(rgb: np.ndarray, n: int = 6) -> np.ndarray:
    """DCT perceptual hash of a crop: the ``n`` x ``n`` lowest frequencies of its 32x32 grey
    image (head ellipse only), without the DC term. ``phash_bits`` thresholds it at its median
    for the classic 64-bit form."""
    from scipy.fft import dctn

    small = resize(rgb, 32).astype(np.float64)
    grey = small @ np.array([0.299, 0.587, 0.114])
    inside = head_mask(32)
    grey[~inside] = grey[inside].mean()  # the background around the head does not count
    return np.asarray(dctn(grey, norm="ortho")[:n, :n].ravel()[1:])


def phash_bits(rgb: np.ndarray) -> np.ndarray:
    """The classic 64-bit pHash: 8x8 DCT coefficients above their median (DC bit always 1)."""
    co = phash(rgb, 8)
    return np.concatenate([[True], co > np.median(co)])


def hash_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Similarity of two crops' perceptual hashes: the correlation of their low-frequency DCT
    coefficients, clipped to [0, 1].

    The coefficients are compared as numbers, not as median-thresholded bits: with bits, a
    coefficient near the median flips on a blink, and two drawings of the same design (one
    smiling) scored as low as 0.56 while different characters reached 0.94."""
    x, y = phash(a), phash(b)
    denom = float(np.linalg.norm(x) * np.linalg.norm(y))
    return max(0.0, float(np.dot(x, y)) / denom) if denom > 0 else 0.0


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Mean of histogram and hash similarity, the better of ``b`` as drawn and mirrored."""
    best = 0.0
    for other in (b, b[:, ::-1]):
        best = max(best, (histogram_similarity(a, other) + hash_similarity(a, other)) / 2)
    return best


# -- crops from a rendered video ------------------------------------------------------------
def _decode(video: Path, wanted: set[int]) -> dict[int, np.ndarray]:
    import av

    out: dict[int, np.ndarray] = {}
    last = max(wanted) if wanted else -1
    with av.open(str(video)) as c:
        for i, f in enumerate(c.decode(video=0)):
            if i in wanted:
                out[i] = f.to_ndarray(format="rgb24")
            if i >= last:
                break
    return out


def face_crops(project: Any, video: Path) -> list[FaceCrop]:
    """Each visible character's face from the middle frame of every shot it appears in."""
    from manju.export.timeline import timeline
    from manju.render.shot import ShotRenderer
    from manju.stages.render import shot_spec

    fps = project.settings.fps
    timed = {t.shot: t for t in timeline(project).shots}
    boxes: list[tuple[str, str, int, tuple[float, float, float, float], np.ndarray]] = []
    for scene in project.scenes():
        for shot in scene.shots:
            if not shot.subjects:
                continue
            spec = shot_spec(project, scene, shot)
            spec.cues = []  # only the characters' placement and the camera matter here
            t = timed[shot.id]
            k = t.frames // 2
            r = ShotRenderer(spec)
            r.begin()
            view = r.camera.interpolate(k / max(1, spec.frames - 1))
            backs = {p.cid for p in r.places if getattr(p, "silhouette", False)}
            for cid, box in r._faces(view).items():
                if cid not in backs:
                    boxes.append((cid, shot.id, round(t.start * fps) + k, box, _coverage(r, cid, view)))
            r.finish()
    frames = _decode(video, {b[2] for b in boxes})
    crops = []
    for cid, sid, index, (x, y, w, h), mask in boxes:
        img = frames.get(index)
        if img is None or w < 4 or h < 4:
            continue
        H, W = img.shape[:2]
        x0, y0 = max(0, math.floor(x)), max(0, math.floor(y))
        x1, y1 = min(W, math.ceil(x + w)), min(H, math.ceil(y + h))
        if x1 <= x0 or y1 <= y0 or (x1 - x0) * (y1 - y0) < MIN_VISIBLE * w * h:
            continue  # mostly out of frame: not a fair sample of the face
        # Only the character's own pixels count: the same face in front of a night sky and a
        # snowy forest is the same face.
        patch = np.where(mask[y0:y1, x0:x1, None], img[y0:y1, x0:x1], 128).astype(np.uint8)
        crops.append(FaceCrop(cid, sid, index, resize(patch)))
    return crops


def _coverage(r: Any, cid: str, view: Any) -> np.ndarray:
    """Where character ``cid`` is drawn in the frame (bool H x W), from its sprite's alpha."""
    import skia

    p = next(q for q in r.places if q.cid == cid)
    img, _ = r._sprite(p, "neutral", "closed", 1.0)
    ox, oy = r._sprite_origin(p, img)
    buf = np.zeros((r.H, r.W, 4), np.uint8)
    surf = skia.Surface(buf, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    c = surf.getCanvas()
    c.translate(view.cx + view.dx * r.W, view.cy)
    c.scale(view.zoom, view.zoom)
    c.translate(-view.cx, -view.cy)
    c.drawImage(img, ox, oy)
    surf.flushAndSubmit()
    return np.asarray(buf[..., 3] > 128)


def consistency(project: Any, video: Path, threshold: float = THRESHOLD) -> Report:
    """Pairwise face similarity per character across the shots of ``video``."""
    crops = face_crops(project, video)
    report = Report(threshold=threshold)
    names = {c.id: c.name for c in project.characters}
    overall: list[float] = []
    for ch in project.characters:
        mine = [c for c in crops if c.character == ch.id]
        sims = [similarity(a.pixels, b.pixels) for a, b in combinations(mine, 2)]
        entry: dict[str, Any] = {"min": None, "mean": None, "crops": len(mine)}
        if sims:
            entry["min"] = round(min(sims), 4)
            entry["mean"] = round(sum(sims) / len(sims), 4)
            overall.append(min(sims))
        report.characters[names.get(ch.id, ch.id)] = entry
    report.min = round(min(overall), 4) if overall else None
    return report


def check_dir(out_dir: Path, threshold: float = THRESHOLD) -> Report:
    """Run the consistency check on a ``manju make`` output directory."""
    from manju.doc import io
    from manju.errors import ProjectError

    out_dir = Path(out_dir)
    doc, video = out_dir / "project.json", out_dir / "video.mp4"
    if not doc.exists():
        raise ProjectError(f"{doc} not found: run manju make first")
    if not video.exists():
        raise ProjectError(f"{video} not found: run manju make first")
    return consistency(io.load(doc), video, threshold)


def run_cli(out_dir: str, as_json: bool = False, threshold: float = THRESHOLD) -> int:
    """``manju check DIR [--json]``: print the figures; exit 0 when they pass, else 1."""
    import sys

    report = check_dir(Path(out_dir), threshold)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for name, e in report.characters.items():
            if e["min"] is None:
                print(f"{name}: {e['crops']} crop(s), nothing to compare")
            else:
                print(f"{name}: min {e['min']:.3f}  mean {e['mean']:.3f}  ({e['crops']} crops)")
        shown = "n/a" if report.min is None else f"{report.min:.3f}"
        print(f"overall min {shown} (threshold {threshold:.2f})")
    if not report.ok:
        worst = min((e["min"], n) for n, e in report.characters.items() if e["min"] is not None)[1]
        sys.stderr.write(f"manju: check failed: face consistency {report.min:.3f} is below "
                         f"{threshold:.2f} (worst: {worst})\n")
        return 1
    return 0
