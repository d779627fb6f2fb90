"""Golden stills: one frame per framing and per style, compared with the approved pictures in
tests/render/golden/ by a perceptual hash and a mean pixel difference.

After a deliberate change to the drawing, look at the new pictures and approve them with
``pytest tests/render/test_golden.py --regen-golden``.
"""

from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
import skia
from scipy.fft import dctn

from manju.render.character_design import design_look
from manju.render.shot import CueSpec, ShotRenderer, ShotSpec

GOLDEN = Path(__file__).parent / "golden"
W, H = 270, 480
# Room for font hinting and anti-aliasing of other library versions, not for a moved figure or
# balloon (a 2 px shift is ~9 mean difference, a reworded balloon ~1.5, another framing 12+ bits;
# the hash is grey, so a style change shows in the mean difference only).
MAX_BITS = 4  # of 64 hash bits that may flip
MAX_MEAN_DIFF = 1.0  # mean absolute difference per channel, 0-255


def _cue(text, speaker="a", emotion="neutral", kind="dialogue"):
    return CueSpec(line="l", kind=kind, text=text, speaker=speaker, emotion=emotion,
                   start=0.0, end=1.0)


def _spec(name, **kw):
    looks = {"a": asdict(design_look("mara", "female", "young", ["long black hair"])),
             "b": asdict(design_look("elias", "male", "adult", ["navy suit"]))}
    base = dict(id=name, width=W, height=H, fps=10, lang="en", framing="two_shot", duration=1.0,
                subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={"a": "happy", "b": "neutral"}, looks=looks,
                setting={"kind": "home", "time": "day", "weather": "clear", "interior": True,
                         "seed": 3},
                camera={"move": "static", "zoom_from": 1.0, "zoom_to": 1.0, "easing": "linear"},
                cues=[_cue("You're late. The tea went cold.")])
    base.update(kw)
    return ShotSpec(**base)


FRAMINGS = {
    "wide": _spec("wide", framing="wide",
                  setting={"kind": "street", "time": "dusk", "weather": "clear",
                           "interior": False, "seed": 11},
                  cues=[_cue("The city never sleeps.", speaker=None, kind="narration")]),
    "medium": _spec("medium", framing="medium", subjects=["b"], focus="b",
                    cues=[_cue("Sit down. We need to talk.", speaker="b")]),
    "two_shot": _spec("two_shot"),
    "over_shoulder": _spec("over_shoulder", framing="over_shoulder", subjects=["b", "a"],
                           focus="b", sides={"b": "right", "a": "left"},
                           cues=[_cue("Where were you last night?", speaker="b")]),
    "close_up": _spec("close_up", framing="close_up", subjects=["a"], focus="a",
                      expressions={"a": "surprised"},
                      cues=[_cue("What?!", emotion="shout")]),
    "reaction": _spec("reaction", framing="reaction", subjects=["b"], focus="b",
                      expressions={"b": "sad"}, cues=[]),
    "insert": _spec("insert", framing="insert", subjects=[], focus=None, props=["cup"],
                    cues=[_cue("The tea had gone cold.", speaker=None, kind="narration")]),
}
STYLES = {
    style: _spec(f"style_{style}", style=style, framing="two_shot",
                 setting={"kind": "forest", "time": "day", "weather": "clear",
                          "interior": False, "seed": 5},
                 expressions={"a": "neutral", "b": "smug"}, focus="b",
                 cues=[_cue("I wonder where the path goes...", speaker="b", emotion="thought")])
    for style in ("flat", "ink", "pastel", "noir")
}
CASES = {**{f"framing_{k}": v for k, v in FRAMINGS.items()},
         **{f"style_{k}": v for k, v in STYLES.items()}}


def middle_still(spec: ShotSpec) -> np.ndarray:
    """The shot's middle frame as an RGBA array."""
    r = ShotRenderer(spec)
    r.begin()
    buf = np.zeros((spec.height, spec.width, 4), np.uint8)
    surface = skia.Surface(buf, colorType=skia.kRGBA_8888_ColorType,
                           alphaType=skia.kUnpremul_AlphaType)
    r.frame(spec.frames // 2, surface.getCanvas())
    surface.flushAndSubmit()
    r.finish()
    return buf


def _grey32(rgba: np.ndarray) -> np.ndarray:
    """Luma averaged over a 32 x 32 grid of cells (area downscale)."""
    rgb = rgba[..., :3].astype(np.float64)
    grey = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    h, w = grey.shape
    rows = np.linspace(0, h, 33).astype(int)[:-1]
    cols = np.linspace(0, w, 33).astype(int)[:-1]
    sums = np.add.reduceat(np.add.reduceat(grey, rows, axis=0), cols, axis=1)
    counts = np.outer(np.diff(np.append(rows, h)), np.diff(np.append(cols, w)))
    return sums / counts


def phash(rgba: np.ndarray) -> np.ndarray:
    """64-bit DCT perceptual hash: the 8 x 8 lowest frequencies of the 32 x 32 grey image,
    each above or below their median (the DC term, the mean brightness, excluded)."""
    co = dctn(_grey32(rgba), norm="ortho")[:8, :8].ravel()
    ac = co[1:]
    return np.concatenate([[True], ac > np.median(ac)])


def _load(path: Path) -> np.ndarray:
    img = skia.Image.open(str(path))
    return img.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)


def _save(path: Path, rgba: np.ndarray) -> None:
    img = skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType)
    img.save(str(path), skia.kPNG)


def test_hash_sees_a_different_picture():
    a = middle_still(FRAMINGS["two_shot"])
    b = middle_still(FRAMINGS["close_up"])
    assert np.count_nonzero(phash(a) != phash(b)) > 2 * MAX_BITS
    assert np.count_nonzero(phash(a) != phash(a.copy())) == 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_still_matches_golden(name, request):
    still = middle_still(CASES[name])
    path = GOLDEN / f"{name}.png"
    if request.config.getoption("--regen-golden", default=False):
        GOLDEN.mkdir(exist_ok=True)
        _save(path, still)
        pytest.skip(f"wrote {path.name}")
    assert path.exists(), f"no golden {path.name}: run pytest {__file__} --regen-golden"
    golden = _load(path)
    assert golden.shape == still.shape
    bits = int(np.count_nonzero(phash(still) != phash(golden)))
    mean = float(np.abs(still[..., :3].astype(int) - golden[..., :3].astype(int)).mean())
    assert bits <= MAX_BITS and mean <= MAX_MEAN_DIFF, (
        f"{name}: {bits} hash bits and {mean:.2f} mean difference from the golden still; "
        "if the change is intended, look at the new still and rerun with --regen-golden")
