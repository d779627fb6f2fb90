"""Generated pictures get the camera's motion: in the hybrid look the generated plate lies
behind manju's figures and follows less of a push-in or pan than they do (parallax), starting
from the storyboard's own layout; in the generated look the whole panel moves as a vector set
would."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from pathlib import Path

import numpy as np
import skia

from manju.render.character_design import design_look
from manju.render.shot import PLATE_DEPTH, ShotRenderer, ShotSpec, still

W, H = 400, 320
GREY = 70
#: the markers painted on the test plate, far from where the figures stand
MARKS = ((0.15, 0.12), (0.85, 0.2))


def _plate(path: Path) -> dict[str, str]:
    """A flat grey picture with two magenta squares (easy to find in a frame)."""
    surf = skia.Surface(W, H)
    c = surf.getCanvas()
    c.clear(skia.Color(GREY, GREY, GREY))
    for fx, fy in MARKS:
        c.drawRect(skia.Rect.MakeXYWH(fx * W - 5, fy * H - 5, 10, 10),
                   skia.Paint(Color=skia.Color(255, 0, 255)))
    surf.makeImageSnapshot().save(str(path))
    return {"path": str(path), "sha256": "0" * 64}


def _spec(tmp_path: Path, move: str, **kw) -> ShotSpec:
    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male"))}
    zoom = (1.0, 1.2) if move == "push_in" else (1.1, 1.1)
    base = dict(id="s", width=W, height=H, fps=10, lang="en", framing="wide", duration=1.0,
                subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={}, looks=looks,
                setting={"kind": "street", "time": "day", "weather": "clear", "interior": False},
                camera={"move": move, "zoom_from": zoom[0], "zoom_to": zoom[1],
                        "easing": "linear"},
                style="ink", plate=_plate(tmp_path / "plate.png"))
    base.update(kw)
    return ShotSpec(**base)


def _frames(spec: ShotSpec) -> list[np.ndarray]:
    r = ShotRenderer(spec)
    r.begin()
    out = [f[..., :3].astype(np.int16) for f in r.frames()]
    r.finish()
    return out


def _marks(frame: np.ndarray) -> np.ndarray:
    """The centres of the two magenta squares, left one first."""
    mask = (frame[..., 0] > 180) & (frame[..., 1] < 90) & (frame[..., 2] > 180)
    ys, xs = np.nonzero(mask)
    assert xs.size > 20, "the plate's markers are not in the frame"
    left = xs < W / 2
    return np.array([[xs[left].mean(), ys[left].mean()], [xs[~left].mean(), ys[~left].mean()]])


def _figures(frame: np.ndarray) -> np.ndarray:
    """Pixels that are neither the grey plate nor its markers."""
    plate = (np.abs(frame - GREY).max(axis=2) < 12)
    # the markers' edges too, blended with the grey by the warp
    magenta = (frame[..., 0] - frame[..., 1] > 40) & (frame[..., 2] - frame[..., 1] > 40)
    return ~plate & ~magenta


def _heads(frame: np.ndarray) -> np.ndarray:
    """The centres of the tops of the two figures' heads (their top 12 rows), left first."""
    mask = _figures(frame)
    mask[: int(0.3 * H)] = False  # where the markers are: the heads are lower
    out = []
    for half in (mask[:, : W // 2], mask[:, W // 2:]):
        rows = np.nonzero(half.any(axis=1))[0]
        ys, xs = np.nonzero(half[rows[0]: rows[0] + 12])
        out.append([xs.mean() + (W // 2 if out else 0), ys.mean() + rows[0]])
    return np.array(out)


def test_push_in_the_plate_grows_less_than_the_figures(tmp_path):
    frames = _frames(_spec(tmp_path, "push_in", style="flat"))
    first, last = frames[0], frames[-1]
    a, b = _marks(first), _marks(last)
    plate_zoom = np.linalg.norm(b[1] - b[0]) / np.linalg.norm(a[1] - a[0])
    c, d = _heads(first), _heads(last)
    figure_zoom = np.linalg.norm(d[1] - d[0]) / np.linalg.norm(c[1] - c[0])
    assert figure_zoom > 1.15  # the figures follow the whole push (1.0 -> 1.2)
    assert 1.04 < plate_zoom < 1.0 + 0.2 * PLATE_DEPTH + 0.03  # the plate about half of it
    assert plate_zoom < figure_zoom - 0.06


def test_pan_the_plate_slides_less_than_the_figures(tmp_path):
    spec = _spec(tmp_path, "pan_right", style="flat")
    frames = _frames(spec)
    first, last = frames[0], frames[-1]
    plate_dx = float((_marks(last) - _marks(first))[:, 0].mean())
    figure_dx = float((_heads(last) - _heads(first))[:, 0].mean())
    assert figure_dx > 0.02 * W  # twice 1.5% of the width, as the camera pans
    assert 0.3 * figure_dx < plate_dx < 0.8 * figure_dx


def test_the_first_frame_is_the_layout_and_stills_agree_with_frames(tmp_path):
    spec = _spec(tmp_path, "push_in", style="flat")
    frames = _frames(spec)
    # At the start the plate lies exactly where the storyboard put it under the figures: the
    # same picture as without parallax (the frame a clip or a generated panel starts from).
    r = ShotRenderer(spec)
    r.begin()
    assert r.depth == PLATE_DEPTH
    r.depth = 1.0
    surf = skia.Surface(W, H)
    r.frame(0, surf.getCanvas())
    r.finish()
    flat = surf.makeImageSnapshot().toarray(colorType=skia.kRGBA_8888_ColorType)
    assert np.abs(flat[..., :3].astype(np.int16) - frames[0]).mean() < 1.5
    # A still (drawn by skia) and the composed frame (warped by OpenCV) show the same thing.
    img = still(dataclasses.replace(spec, cues=[]), at=1.0)
    drawn = img.toarray(colorType=skia.kRGBA_8888_ColorType)[..., :3].astype(np.int16)
    assert np.abs(drawn - frames[-1]).mean() < 3
    assert np.abs(_marks(drawn) - _marks(frames[-1])).max() < 1.0


def test_generated_panels_and_vector_sets_move_whole(tmp_path):
    spec = _spec(tmp_path, "push_in", style="flat")
    # The generated look: the panel is the whole picture, it follows the whole push.
    panel = dataclasses.replace(spec, panel=spec.plate, plate=None)
    r = ShotRenderer(panel)
    r.begin()
    assert r.depth == 1.0
    r.finish()
    frames = _frames(panel)
    a, b = _marks(frames[0]), _marks(frames[-1])
    zoom = np.linalg.norm(b[1] - b[0]) / np.linalg.norm(a[1] - a[0])
    assert abs(zoom - 1.2) < 0.03
    # A shot without figures (an insert) and manju's own set have no depth to show.
    for other in (dataclasses.replace(spec, subjects=[]), dataclasses.replace(spec, plate=None)):
        r = ShotRenderer(other)
        r.begin()
        assert r.depth == 1.0
        r.finish()


def test_a_parallax_layer_with_one_matrix_is_the_plain_composition(tmp_path):
    from manju.render.set_layer import SetLayer, camera_matrix

    spec = _spec(tmp_path, "push_in", style="flat")
    r = ShotRenderer(spec)
    r.begin()
    rest = r._figures(-1)
    plain, layered = SetLayer(r.plate, rest), SetLayer(r.plate, rest, parallax=True)
    m = camera_matrix(1.13, W * 0.3, H * 0.4, 3.0)
    a = plain.compose(r._figures(5), m)
    b = layered.compose(r._figures(5), m, plate_matrix=m)
    r.finish()
    # Over the plate moved alike, the figures' own layer gives the same frame (to rounding).
    assert np.abs(a[..., :3].astype(np.int16) - b[..., :3]).max() <= 2
