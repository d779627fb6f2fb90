"""Lettering must be readable: OCR every balloon and caption of the bundled examples with
tesseract and require a character error rate of at most 5% per language.

Each line of the adapted example is lettered as it would be in a 540x960 frame
(``manju.render.lettering.letter``), its outline is cut away, the glyphs are scaled to about
35 px, binarised and read by tesseract (``eng``, or ``chi_sim`` for Chinese). Needs the
Debian packages tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-chi-sim; skipped without
them.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FRAME_W = 540
GLYPH_PX = 35          # target glyph height for tesseract
MAX_CER = 0.05
TESS_LANG = {"en": "eng", "zh": "chi_sim"}


def _tesseract_langs() -> set[str]:
    if shutil.which("tesseract") is None:
        return set()
    r = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return {ln.strip() for ln in (r.stdout + r.stderr).splitlines()[1:]}


pytestmark = pytest.mark.skipif(
    not {"eng", "chi_sim"} <= _tesseract_langs(),
    reason="tesseract with eng and chi_sim not installed (apt-get install tesseract-ocr "
           "tesseract-ocr-eng tesseract-ocr-chi-sim)")

# Punctuation that OCR (or the text) may give in either width or either curl.
_PUNCT = str.maketrans({"。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'",
                        "—": "-", "–": "-", "「": '"', "」": '"', "『": '"', "』": '"',
                        "～": "~", "·": ".", "•": "."})


def normalise(text: str) -> str:
    """Compare text ignoring whitespace and the width/curl of punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    return "".join(ch for ch in text if not ch.isspace())


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _text_box(lettered, size: float) -> tuple[float, float, float, float]:
    """Where ``letter`` put the text inside its image (its padding rules, per kind)."""
    pad = lettered.pad
    bw, bh = lettered.width - 2 * pad, lettered.height - 2 * pad
    if lettered.kind == "caption":
        padx, pady = size * 0.7, size * 0.5
    elif lettered.kind == "shout":
        tw, th = (bw - 1.2 * size) / 1.72, (bh - 1.2 * size) / 1.72
        padx, pady = tw * 0.36 + size * 0.6, th * 0.36 + size * 0.6
    else:
        padx, pady = size * 1.0, size * 0.75
    slack = size * 0.3  # glyph overhang and italic slant
    return (pad + padx - slack, pad + pady - slack, bw - 2 * padx + 2 * slack, bh - 2 * pady + 2 * slack)


def ocr_lines(lettered, size: float, lang: str = "en") -> list[np.ndarray]:
    """The balloon's text as clean black-on-white images, one per text line, for OCR: the
    text box composited on white (whispers straightened), scaled so glyphs are ~GLYPH_PX
    tall, binarised, anything
    touching the box's edge (the balloon outline) cleared, then split at blank rows."""
    import skia
    from scipy import ndimage

    img = lettered.image
    scale = GLYPH_PX / size
    x, y, bw, bh = _text_box(lettered, size)
    src = skia.Rect.MakeXYWH(max(0.0, x), max(0.0, y), min(bw, img.width() - x), min(bh, img.height() - y))
    w, h = int(src.width() * scale), int(src.height() * scale)
    # English whispers are slanted (synthetic italic, skew -1/4): straighten them as a reader
    # would. Chinese whispers are upright (only the balloon is dashed).
    slant = 0.25 if lettered.kind == "whisper" and lang != "zh" else 0.0
    surf = skia.Surface(w + int(slant * h) + 2, h)
    c = surf.getCanvas()
    c.clear(skia.ColorWHITE)
    c.skew(slant, 0)
    c.drawImageRect(img, src, skia.Rect.MakeWH(w, h),
                    skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kNone))
    grey = surf.makeImageSnapshot().toarray()[..., :3].mean(axis=2)
    ink = grey < 150
    labels, _ = ndimage.label(ink, structure=np.ones((3, 3)))
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    ink &= ~np.isin(labels, edge[edge > 0])
    rows = np.flatnonzero(ink.any(axis=1))
    lines: list[np.ndarray] = []
    if rows.size == 0:
        return lines
    breaks = np.flatnonzero(np.diff(rows) > GLYPH_PX * 0.12)
    for lo, hi in zip(np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]], strict=True):
        if hi - lo < GLYPH_PX * 0.25:
            continue  # a speck, not a line of text
        part = ink[lo:hi + 1]
        cols = np.flatnonzero(part.any(axis=0))
        part = part[:, cols[0]:cols[-1] + 1]
        out = np.full((part.shape[0] + 40, part.shape[1] + 40), 255, np.uint8)
        out[20:-20, 20:-20][part] = 0
        lines.append(out)
    return lines


def _save_grey(arr: np.ndarray, path: Path) -> None:
    import skia

    rgba = np.dstack([arr, arr, arr, np.full(arr.shape, 255, np.uint8)])
    skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType).save(
        str(path), skia.kPNG)


def _balloons(story: Path):
    """(reference text, lettered image, font size) for every line of an adapted example."""
    from manju.pipeline import new_project
    from manju.render.lettering import letter
    from manju.stages.adapt import adapt

    project = adapt(new_project(story))
    out = []
    for ln in project.lines():
        if ln.kind == "narration":
            kind, size = "caption", max(14.0, FRAME_W * 0.040)
        else:
            kind = {"shout": "shout", "whisper": "whisper"}.get(ln.emotion, "speech")
            size = max(14.0, FRAME_W * 0.046)
        out.append((ln.text, letter(ln.text, project.lang, kind, FRAME_W), size))
    return project.lang, out


def _ocr_all(images: list[Path], lang: str, work: Path) -> list[str]:
    """OCR many one-line images in one tesseract run (pages come back split by form feeds)."""
    listing = work / "images.txt"
    listing.write_text("\n".join(str(p) for p in images) + "\n", encoding="utf-8")
    r = subprocess.run(["tesseract", str(listing), "-", "-l", TESS_LANG[lang], "--psm", "7"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    pages = r.stdout.split("\f")
    return [p.strip() for p in pages[:len(images)]]


@pytest.mark.parametrize("example", ["the_keeper.md", "lin_wan.txt"])
def test_lettering_reads_back(example, tmp_path):
    lang, balloons = _balloons(EXAMPLES / example)
    assert balloons
    paths: list[list[Path]] = []
    for i, (_, lettered, size) in enumerate(balloons):
        paths.append([])
        for k, line in enumerate(ocr_lines(lettered, size, lang)):
            p = tmp_path / f"b{i:03d}_{k}.png"
            _save_grey(line, p)
            paths[-1].append(p)
    flat = [p for ps in paths for p in ps]
    read = iter(_ocr_all(flat, lang, tmp_path))
    errors = total = 0
    worst = []
    for (ref, lettered, _), ps in zip(balloons, paths, strict=True):
        got = "".join(next(read) for _ in ps)
        r, g = normalise(ref), normalise(got)
        d = levenshtein(r, g)
        errors += d
        total += len(r)
        if d:
            worst.append((d / max(1, len(r)), lettered.kind, ref, got))
    cer = errors / max(1, total)
    worst.sort(reverse=True)
    print(f"{example}: CER {cer:.4f} over {len(balloons)} balloons, {total} characters")
    for rate, kind, ref, got in worst[:6]:
        print(f"  {rate:.2f} {kind}: {ref!r} -> {got!r}")
    assert cer <= MAX_CER, f"CER {cer:.3f} > {MAX_CER}: worst {worst[:3]}"
