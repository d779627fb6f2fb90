"""A prop held in a character's hand is drawn at the hand, moves with the figure through the
camera move, and is not drawn where the hand is out of shot."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pytest
import skia

from manju.render.character import Pose, character_sprite
from manju.render.character_design import design_look
from manju.render.shot import ShotRenderer, ShotSpec, still


def _spec(**kw):
    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male"))}
    base = dict(id="s", width=270, height=480, fps=6, lang="en", framing="two_shot",
                duration=2.0, subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={}, looks=looks,
                setting={"kind": "home", "time": "day", "weather": "clear", "interior": True},
                camera={"move": "push_in", "zoom_from": 1.0, "zoom_to": 1.15, "easing": "linear"})
    base.update(kw)
    return ShotSpec(**base)


def _pixels(img):
    rgba = img.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    return np.asarray(rgba)[..., :3].astype(int)


def _changed_box(a, b):
    diff = np.abs(_pixels(a) - _pixels(b)).sum(axis=2) > 40
    ys, xs = np.nonzero(diff)
    return xs.min(), ys.min(), xs.max(), ys.max()


def _hand_on_screen(spec, at):
    """Where figure ``b``'s hand is in the frame at fraction ``at`` of the shot."""
    r = ShotRenderer(spec)
    r.begin()
    p = next(q for q in r.places if q.cid == "b")
    img, anc = r._sprite(p, "neutral", "closed", 1.0)
    ox, oy = r._sprite_origin(p, img)
    idx = min(spec.frames - 1, int(spec.frames * at))
    view = r.camera.interpolate(idx / max(1, spec.frames - 1))
    x, y = r._to_screen(view, ox + anc.hand[0], oy + anc.hand[1])
    r.finish()
    return x, y, anc.hand[2] * view.zoom


def test_the_hold_gesture_puts_a_hand_in_front_of_the_body():
    look = design_look("a", "female")
    img, anc = character_sprite(look, Pose(gesture="hold", facing="right"), 400)
    assert anc.hand is not None
    x, y, scale = anc.hand
    assert 0.5 * img.width() < x < 0.85 * img.width()  # on the side the figure faces
    assert 0.55 * img.height() < y < 0.9 * img.height()  # chest height, below the chin
    assert scale == pytest.approx(0.4, rel=0.05)
    assert character_sprite(look, Pose(), 400)[1].hand is None


@pytest.mark.parametrize("at", [0.0, 0.99])
def test_a_held_prop_is_drawn_at_the_hand_through_the_camera_move(at):
    bare = _spec()
    holding = _spec(props=["cup"], held={"cup": "b"})
    hx, hy, scale = _hand_on_screen(holding, at)
    x0, y0, x1, y1 = _changed_box(still(bare, at), still(holding, at))
    # What changed (the arm, the hand, the cup) is round the hand, the cup standing in it:
    # nothing floats away from the figure.
    assert x0 - 4 <= hx <= x1 + 4 and y0 - 4 <= hy <= y1 + 4
    # The cup stands in the hand: it rises above it, by about its height and no more.
    assert 40 * scale < hy - y0 < 0.2 * holding.height
    assert x1 - x0 < 0.45 * holding.width


def test_the_prop_is_not_set_dressing_and_not_drawn_out_of_shot():
    # A close-up shows the face: the hand, and what it holds, are below the frame.
    close = _spec(framing="close_up", subjects=["b"], focus="b", camera={"move": "static"})
    held = _spec(framing="close_up", subjects=["b"], focus="b", camera={"move": "static"},
                 props=["sword"], held={"sword": "b"})
    r = ShotRenderer(held)
    r.begin()
    assert r.holding == {"b": "sword"} and len(r._figures(-1)) == 1
    r.finish()
    # The figure's arm is raised (its pose changes) but no sword and no blurred insert.
    a, b = _pixels(still(close)), _pixels(still(held))
    top = held.height * 2 // 3
    assert np.abs(a[:top] - b[:top]).sum() == 0


def test_a_shot_without_held_props_keeps_its_cache_key():
    assert "held" not in _spec().to_json()
    assert _spec(props=["cup"], held={"cup": "b"}).to_json()["held"] == {"cup": "b"}
    assert ShotSpec.from_json(_spec(held={"cup": "b"}, props=["cup"]).to_json()).held == {"cup": "b"}


def test_frames_through_the_composed_set_match_the_still():
    spec = _spec(props=["umbrella"], held={"umbrella": "b"}, camera={"move": "static"})
    r = ShotRenderer(spec)
    r.begin()
    frame = next(iter(r.frames())).copy()
    r.finish()
    ref = _pixels(still(spec, at=0.0))
    assert np.abs(frame[..., :3].astype(int) - ref).mean() < 2.0
