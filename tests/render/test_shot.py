from dataclasses import asdict

import numpy as np

from manju.render.character_design import design_look
from manju.render.shot import CueSpec, ShotRenderer, ShotSpec, still


def _spec(**kw):
    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male"))}
    base = dict(id="s", width=180, height=320, fps=10, lang="en", framing="two_shot", duration=1.5,
                subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"},
                expressions={"a": "happy"}, looks=looks,
                setting={"kind": "home", "time": "day", "weather": "clear", "interior": True},
                camera={"move": "push_in", "zoom_from": 1.0, "zoom_to": 1.1, "easing": "linear"},
                cues=[CueSpec(line="l", kind="dialogue", text="Hello there.", speaker="a",
                              emotion="happy", start=0.2, end=1.2)])
    base.update(kw)
    return ShotSpec(**base)


def test_frames_count_and_motion():
    spec = _spec()
    r = ShotRenderer(spec)
    r.begin()
    frames = [f.copy() for f in r.frames()]
    r.finish()
    assert len(frames) == spec.frames == 15
    assert frames[0].shape == (320, 180, 4)
    assert np.abs(frames[-1].astype(int) - frames[0].astype(int)).mean() > 1  # the camera moved


def test_balloon_stays_off_faces():
    spec = _spec()
    r = ShotRenderer(spec)
    r.begin()
    (x, y), b = r.positions[0], r.balloons[0]
    faces = r._faces(r.camera.interpolate(1.0)).values()
    for fx, fy, fw, fh in faces:
        assert x + b.width <= fx or fx + fw <= x or y + b.height <= fy or fy + fh <= y


def test_still_is_deterministic_and_spec_roundtrips():
    spec = _spec()
    a = still(spec).toarray()
    b = still(ShotSpec.from_json(spec.to_json())).toarray()
    assert np.array_equal(a, b)


def test_every_framing_and_aspect_renders():
    for framing in ("wide", "medium", "two_shot", "close_up", "reaction"):
        for w, h in ((180, 320), (320, 180), (240, 240)):
            img = still(_spec(framing=framing, width=w, height=h))
            arr = img.toarray()
            assert arr.shape[:2] == (h, w) and arr[..., :3].std() > 10


def test_styles_change_the_drawing_not_the_layout():
    base = still(_spec()).toarray()
    for style in ("ink", "pastel", "noir"):
        r = ShotRenderer(_spec(style=style))
        r.begin()
        ref = ShotRenderer(_spec())
        ref.begin()
        assert r.positions == ref.positions  # balloons and faces stay where they were
        arr = still(_spec(style=style)).toarray()
        assert np.abs(arr.astype(int) - base.astype(int)).mean() > 5, style
    grey = still(_spec(style="ink")).toarray()[..., :3].astype(int)
    assert np.abs(grey[..., 0] - grey[..., 1]).mean() < 2  # ink is monochrome


def test_named_sounds_are_lettered_clear_of_faces():
    cue = CueSpec(line="l", kind="narration", text="Thunder crashed over the sea.", speaker=None,
                  emotion="neutral", start=0.1, end=1.2)
    r = ShotRenderer(_spec(cues=[cue]))
    r.begin()
    assert [w.text for _, w, _, _ in r.words] == ["BOOM!"]
    _, word, cx, cy = r.words[0]
    w, h = word.box()
    for fx, fy, fw, fh in r._faces(r.camera.interpolate(1.0)).values():
        assert cx + w / 2 <= fx or fx + fw <= cx - w / 2 or cy + h / 2 <= fy or fy + fh <= cy - h / 2
    assert word.interpolate(0.01)[0] < 0.6 < word.interpolate(0.17)[0]  # pops in
    assert word.interpolate(0.99)[1] < 0.1  # and fades out
