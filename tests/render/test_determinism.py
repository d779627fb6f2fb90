"""A shot's frames depend on its spec alone, not on what the process drew before: the shot
cache is keyed by the spec, so anything else leaking in would make cached segments lie."""

from dataclasses import asdict

import numpy as np
import pytest

from manju.render.character_design import design_look
from manju.render.shot import CueSpec, ShotRenderer, ShotSpec


def _cue(text, speaker="a", emotion="neutral", kind="dialogue", start=0.0, end=0.6):
    return CueSpec(line="l", kind=kind, text=text, speaker=speaker, emotion=emotion,
                   start=start, end=end)


def _spec(**kw):
    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male"))}
    base = dict(id="s", width=180, height=320, fps=10, lang="en", framing="two_shot", duration=0.6,
                subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={"a": "happy"}, looks=looks,
                setting={"kind": "home", "time": "day", "weather": "clear", "interior": True},
                camera={"move": "push_in", "zoom_from": 1.0, "zoom_to": 1.1, "easing": "linear"},
                cues=[_cue("Hello there.", start=0.1)])
    base.update(kw)
    return ShotSpec(**base)


def _others():
    """Shots unlike the reference one in every way the renderer caches something by."""
    elders = {"c": asdict(design_look("c", "male", "old", ["white robe, long beard, crown"])),
              "d": asdict(design_look("d", "female", "young", ["red hair, glasses, hat"]))}
    return [
        _spec(id="b", framing="close_up", style="ink", subjects=["c", "d"], focus="c",
              sides={"c": "left", "d": "right"}, looks=elders, expressions={"c": "angry"},
              setting={"kind": "street", "time": "night", "weather": "rain", "interior": False,
                       "seed": 7},
              cues=[_cue("Watch out! Thunder!", speaker="c", emotion="shout")]),
        _spec(id="c", lang="zh", framing="wide", style="pastel", gestures={"a": "bow"},
              setting={"kind": "palace", "time": "dusk", "weather": "snow", "interior": False},
              cues=[_cue("你好，我们走吧。剑声铛铛！", emotion="whisper")]),
        _spec(id="d", framing="over_shoulder", style="noir", width=320, height=180,
              gestures={"b": "point"}, camera={"move": "pan_left", "zoom_from": 1.1,
                                               "zoom_to": 1.0, "easing": "ease_in_out_cubic"},
              setting={"kind": "forest", "time": "night", "weather": "fog", "interior": False},
              cues=[_cue("The door slammed.", speaker=None, kind="narration", end=0.3),
                    _cue("I wonder... 😀", speaker="b", emotion="thought", start=0.3)]),
        _spec(id="e", framing="insert", props=["sword"], transition="fade",
              setting={"kind": "office", "time": "day", "weather": "clear", "interior": True}),
        _spec(id="f", framing="reaction", lang="zh", expressions={"b": "surprised"},
              cues=[_cue("什么？！", speaker="b", emotion="shout")]),
    ]


def _frames(spec):
    r = ShotRenderer(spec)
    r.begin()
    try:
        return np.stack([f.copy() for f in r.frames()])
    finally:
        r.finish()


def _assert_same(a, b, what):
    assert a.shape == b.shape, what
    diff = np.argwhere(a != b)
    assert diff.size == 0, f"{what}: {len(diff)} values differ, first at {tuple(diff[0])}"


# Long enough at a low frame rate for everyone to blink once (the first blink falls in 0.6-2.5 s).
BLINKING = dict(fps=5, duration=2.6)


def test_same_spec_three_times_in_a_row():
    spec = _spec(id="row", cues=[_cue("Knock knock! 🎉", emotion="happy", start=0.1)], **BLINKING)
    first = _frames(spec)
    for k in (2, 3):
        _assert_same(first, _frames(ShotSpec.from_json(spec.to_json())), f"render {k}")


def test_a_shot_is_the_same_after_rendering_other_shots():
    spec = _spec(id="a", **BLINKING)
    before = _frames(spec)
    others = [(s, _frames(s)) for s in _others()]
    _assert_same(before, _frames(spec), "after other shots")
    # …and the other shots did not depend on their order either.
    for s, frames in reversed(others):
        _assert_same(frames, _frames(s), f"shot {s.id} rendered again")


def test_weather_table_is_shared_read_only():
    from manju.render.background import _particles

    x = _particles("rain", 3, 180, 320)[0]
    with pytest.raises(ValueError):
        x += 1.0
    spec = _spec(id="w", style="ink",
                 setting={"kind": "street", "time": "night", "weather": "rain", "interior": False})
    _assert_same(_frames(spec), _frames(spec), "rain")
