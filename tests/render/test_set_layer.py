from dataclasses import asdict

import numpy as np
import skia

from manju.render.character_design import design_look
from manju.render.set_layer import SetLayer, camera_matrix
from manju.render.shot import CueSpec, ShotRenderer, ShotSpec

IDENTITY = camera_matrix(1.0, 0.0, 0.0, 0.0)


def _spec(**kw):
    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male"))}
    base = dict(id="s", width=180, height=320, fps=10, lang="en", framing="two_shot", duration=3.0,
                subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={"a": "happy"}, looks=looks,
                setting={"kind": "home", "time": "day", "weather": "rain", "interior": False},
                camera={"move": "push_in", "zoom_from": 1.0, "zoom_to": 1.1, "easing": "linear"},
                cues=[CueSpec(line="l", kind="dialogue", text="Hello there.", speaker="a",
                              emotion="happy", start=0.2, end=1.2)])
    base.update(kw)
    return ShotSpec(**base)


def _image(w, h, draw):
    surf = skia.Surface(w, h)
    c = surf.getCanvas()
    c.clear(skia.ColorTRANSPARENT)
    draw(c)
    return surf.makeImageSnapshot()


def _plate():
    def draw(c):
        c.clear(skia.Color(40, 90, 160))
        c.drawRect(skia.Rect(0, 120, 200, 200), skia.Paint(Color=skia.Color(120, 80, 40)))
        # A see-through patch: a frame shows it over black.
        c.drawRect(skia.Rect(150, 10, 190, 40), skia.Paint(Color=skia.Color(255, 255, 255, 100)))
    return _image(200, 200, draw)


def _sprite(mouth: int):
    def draw(c):
        c.drawOval(skia.Rect(10, 10, 70, 110), skia.Paint(AntiAlias=True, Color=skia.Color(230, 190, 160)))
        c.drawRect(skia.Rect(30, 70 + mouth, 50, 76 + mouth), skia.Paint(Color=skia.Color(120, 0, 0)))
    return _image(80, 120, draw)


def _fresh(plate, figures):
    return SetLayer(plate, figures).compose(figures, IDENTITY)


def test_a_changed_figure_is_repainted_with_overlaps_kept():
    plate = _plate()
    a0, a1, b0, b1 = _sprite(0), _sprite(12), _sprite(0), _sprite(20)
    # b stands in front of a and covers its mouth area: a's repaint must not paint over b.
    rest = [(a0, 20.5, 40.25), (b0, 45.0, 60.0)]
    layer = SetLayer(plate, rest)
    for figures in ([(a1, 20.5, 40.25), (b0, 45.0, 60.0)],
                    [(a1, 20.5, 40.25), (b1, 45.0, 60.0)],
                    [(a0, 20.5, 40.25), (b1, 45.0, 60.0)],
                    rest):
        got = layer.compose(figures, IDENTITY)
        assert np.array_equal(got, _fresh(plate, figures))
    assert got[25, 170, 3] == 255  # opaque everywhere, the see-through patch included
    assert np.array_equal(got[25, 170, :3], _fresh(plate, rest)[25, 170, :3])


def test_the_camera_is_one_warp_of_the_composed_set():
    plate = _plate()
    rest = [(_sprite(0), 60.0, 40.0)]
    layer = SetLayer(plate, rest)
    still = layer.compose(rest, IDENTITY)
    zoomed = layer.compose(rest, camera_matrix(1.2, 100.0, 100.0, 0.0))
    assert not np.array_equal(still, zoomed)
    assert np.abs(zoomed[100, 100].astype(int) - still[100, 100]).max() <= 1  # the fixed point
    slid = layer.compose(rest, camera_matrix(1.0, 0.0, 0.0, 10.0))
    assert np.array_equal(slid[:, 10:], still[:, :-10])
    assert (slid[:, :10, :3] == 0).all() and (slid[:, :10, 3] == 255).all()  # black beyond the set


def test_a_shot_drawn_through_the_layer_matches_the_direct_drawing():
    spec = _spec()  # long enough for a blink, in the rain
    frames = {}
    for mode in ("layer", "direct"):
        r = ShotRenderer(spec)
        r.begin()
        if mode == "direct":
            r._layered = False
        frames[mode] = [f.copy() for f in r.frames()]
        assert (r.layer is not None) == (mode == "layer")
        r.finish()
    diffs = [np.abs(a[..., :3].astype(int) - b[..., :3]).mean()
             for a, b in zip(frames["layer"], frames["direct"], strict=True)]
    # Only resampling differs (bilinear instead of nearest for the plate): edges, not content.
    assert max(diffs) < 2.0
    seq = frames["layer"]
    moved = [np.abs(seq[i + 1].astype(int) - seq[i]).sum() for i in range(len(seq) - 1)]
    assert min(moved) > 0  # the camera moves every frame


def test_fog_and_clips_keep_the_direct_drawing():
    setting = {"kind": "street", "time": "night", "weather": "fog", "interior": False}
    r = ShotRenderer(_spec(setting=setting))
    r.begin()
    next(r.frames())
    assert r.layer is None
    r.finish()
