import numpy as np
import pytest
import skia

from manju.render.lettering import body_rect, draw_with_tail, letter, place


@pytest.mark.parametrize("kind", ["speech", "shout", "whisper", "thought", "caption"])
@pytest.mark.parametrize("text,lang", [("The road flooded. I had to walk the last mile!", "en"),
                                       ("念姐，你早就知道，对不对？", "zh")])
def test_every_kind_letters_inside_the_frame(kind, text, lang):
    b = letter(text, lang, kind, 540)
    assert 40 < b.width <= 540 and 20 < b.height < 400
    arr = b.image.toarray()
    assert arr[..., 3].max() == 255  # something opaque was drawn


def test_balloon_avoids_faces_and_tail_reaches_toward_mouth():
    b = letter("Hello there.", "en", "speech", 400)
    face = (150.0, 300.0, 100.0, 110.0)
    x, y = place(b, (400, 700), (200, 380), 290, [face])
    bx, by, bw, bh = body_rect(b, x, y)
    assert by + bh <= face[1] or bx + bw <= face[0] or bx >= face[0] + face[2]
    s = skia.Surface(400, 700)
    c = s.getCanvas()
    c.clear(skia.ColorWHITE)
    draw_with_tail(c, b, x, y, (200, 380), face)
    arr = s.makeImageSnapshot().toarray()
    # Ink between the balloon and the face: the tail.
    gap = arr[int(by + bh) + 2 : int(face[1]) - 2, 150:250, :3]
    assert gap.size and (gap < 100).any()
    # …but nothing drawn inside the face box.
    inside = arr[int(face[1]) + 2 : int(face[1] + face[3]), int(face[0]) : int(face[0] + face[2]), :3]
    assert np.all(inside == 255)
