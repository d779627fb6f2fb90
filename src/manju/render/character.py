"""Procedural, consistent comic characters drawn with skia.

A :class:`Look` is a character's fixed design (palette, hair, outfit, age, gender), made
deterministically from a seed and words from the story by
:func:`manju.render.character_design.design_look`. A :class:`Pose` is what changes from
frame to frame (expression, lip-sync mouth, blink, facing, gesture). :func:`draw_character`
draws a waist-up figure in a clean flat-colour anime/webtoon style and returns
:class:`Anchors` (face box, mouth) for speech bubbles; :func:`character_sprite` renders the same onto a transparent image for caching.

Same Look + Pose always gives a pixel-identical drawing. The drawing code lives in
``character_face``, ``character_hair``, ``character_body``, ``character_wear`` (crowns,
hats) and ``character_bow`` (the bow gesture) (parts) and ``character_rig`` (proportions,
view maths).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import skia

from manju.render import character_body as _body
from manju.render import character_bow as _bow
from manju.render import character_face as _face
from manju.render import character_hair as _hair
from manju.render import character_hold as _hold
from manju.render import character_wear as _wear
from manju.render.character_rig import SKULL_RY, Rig, make_rig

__all__ = [
    "EXPRESSIONS",
    "MOUTHS",
    "FACINGS",
    "GESTURES",
    "HAIR_STYLES",
    "OUTFITS",
    "ACCESSORIES",
    "Look",
    "Pose",
    "Anchors",
    "draw_character",
    "draw_grip",
    "character_sprite",
]

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "surprised", "scared", "disgusted", "smug")
MOUTHS = ("closed", "small", "open", "wide")
FACINGS = ("front", "left", "right")
GESTURES = ("none", "point", "arms_crossed", "hand_raised", "bow", "hold")
HAIR_STYLES = ("short", "long", "bun", "ponytail", "bob", "spiky", "bald", "long_tied")
OUTFITS = ("shirt", "suit", "dress", "hoodie", "robe", "uniform", "coat")
ACCESSORIES = ("none", "glasses", "hairpin", "earrings", "beard", "scar", "crown", "hat")


@dataclass(frozen=True)
class Look:
    """A character's fixed design; same Look -> identical drawing in every shot."""

    skin: str
    hair_color: str
    hair_style: str
    eye_color: str
    outfit: str
    outfit_color: str
    accent_color: str
    gender: str
    age: str
    accessory: str = "none"
    build: float = 1.0


@dataclass(frozen=True)
class Pose:
    """What changes between frames: expression, lip-sync mouth, blink, facing, gesture."""

    expression: str = "neutral"
    mouth: str = "closed"
    eyes_open: float = 1.0
    facing: str = "front"
    gesture: str = "none"


@dataclass(frozen=True)
class Anchors:
    """Where things landed, in the coordinates of the canvas (or sprite) drawn on.

    ``face`` is the head box (hair included, long back hair excluded) that bubbles must not
    cover; ``mouth`` is where a bubble tail should point; ``head_top`` is the y of the top
    of the hair; ``body`` is the bounding box of the whole figure (x, y, w, h).
    """

    face: tuple[float, float, float, float]
    mouth: tuple[float, float]
    head_top: float
    body: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))
    #: with the ``hold`` gesture: the centre of the closed hand and the pixels per design
    #: unit there (for :func:`draw_grip` and the size of what it holds)
    hand: tuple[float, float, float] | None = None


# --------------------------------------------------------------------------- drawing
def _head_top(rig: Rig) -> float:
    name, st = _hair.style_for(rig)
    top = -(SKULL_RY + st.volume)
    if st.spiky:
        top *= 1.16
    if name == "bun":
        top = -236.0
    elif name == "long_tied":
        top = -230.0
    elif name == "bald":
        top = -SKULL_RY
    wear = _wear.headwear_top(rig)
    return min(top, wear) if wear is not None else top


def draw_character(canvas: skia.Canvas, look: Look, pose: Pose, x: float, y: float,
                   height: float) -> Anchors:
    """Draw the upper body (head, hair, neck, torso to the waist, arms).

    The figure's bottom-centre is at (x, y) and it is ``height`` pixels tall (head top to
    waist/bottom edge; tall headwear counts, so a crowned look is drawn a little smaller,
    the same in every pose); it is about 0.9 * height wide. Returns where the face and mouth
    are, in canvas coordinates, so speech bubbles can point at the mouth and avoid the face.
    """
    rig = make_rig(look, pose)
    # Tall headwear: shrink the whole figure (same for every pose of the look) to fit.
    wear_top = _wear.headwear_top(rig)
    design_top = rig.head_y + rig.head_scale * wear_top if wear_top is not None else 0.0
    s = height / (1000.0 - min(0.0, design_top - 6.0))
    body_m = _bow.body_matrix(rig)
    head_m = _bow.head_matrix(rig)
    canvas.save()
    canvas.translate(x, y)
    canvas.scale(s, s)
    canvas.translate(0.0, -1000.0)

    def head_space() -> None:
        canvas.save()
        canvas.concat(head_m)
        canvas.translate(0.0, rig.head_y)
        canvas.scale(rig.head_scale, rig.head_scale)

    head_space()
    _bow.hang_hair(canvas, rig)
    _hair.draw_hair_back(canvas, rig)
    canvas.restore()
    canvas.save()
    canvas.concat(head_m)
    _body.draw_neck(canvas, rig)
    canvas.restore()
    canvas.save()
    canvas.concat(body_m)
    _body.draw_body(canvas, rig)
    if pose.gesture == "hold":
        _hold.draw_hold_arm(canvas, rig)
    if _bow.is_bow(rig):
        _bow.draw_bow_arms(canvas, rig)
    canvas.restore()

    head_space()
    face = _face.face_path(rig)
    _face.draw_ears(canvas, rig)
    _face.draw_face_base(canvas, rig, face)
    _hair.bangs_shadow(canvas, rig, face)
    _face.draw_blush(canvas, rig)
    _face.draw_wrinkles(canvas, rig)
    _face.draw_beard(canvas, rig)
    _face.draw_nose(canvas, rig)
    _face.draw_mouth(canvas, rig)
    for side in (-1, 1):
        if rig.visible(side * _face.EYE_A):
            _face.draw_eye(canvas, rig, side)
    _face.draw_scar(canvas, rig)
    _hair.draw_hair_front(canvas, rig)
    _face.draw_brows(canvas, rig)
    _face.draw_glasses(canvas, rig)
    _wear.draw_headwear(canvas, rig)
    _face.draw_fx(canvas, rig, face)
    canvas.restore()
    canvas.restore()

    def to_canvas(hx: float, hy: float) -> tuple[float, float]:
        p = head_m.mapXY(*rig.head_to_design(hx, hy))
        return x + p.x() * s, y + (p.y() - 1000.0) * s

    _, st = _hair.style_for(rig)
    half = (_face.SKULL_R + max(st.volume, 8.0) + 8.0)
    if look.accessory == "hat":
        half = max(half, _face.SKULL_R + st.volume + (100.0 if look.outfit == "robe" else 62.0))
    cx = -rig.dir * 7.0
    # A rounded box (superellipse) around head and headwear: stays snug when the head tilts.
    top, bottom = _head_top(rig), 212.0
    my0, ry = (top + bottom) / 2, (bottom - top) / 2
    outline = []
    for i in range(32):
        t = i * math.pi / 16
        c, sn = math.cos(t), math.sin(t)
        outline.append(to_canvas(cx + half * math.copysign(abs(c) ** 0.5, c),
                                 my0 + ry * math.copysign(abs(sn) ** 0.5, sn)))
    x0, x1 = min(p[0] for p in outline), max(p[0] for p in outline)
    y0, y1 = min(p[1] for p in outline), max(p[1] for p in outline)
    mx, my = to_canvas(*_face.mouth_centre(rig))
    top = y0
    hand = None
    if pose.gesture == "hold":
        h = body_m.mapXY(*_hold.hand_point(rig))
        hand = (x + h.x() * s, y + (h.y() - 1000.0) * s, s)
    return Anchors(face=(x0, y0, x1 - x0, y1 - y0), mouth=(mx, my), head_top=top,
                   body=(x - 0.45 * height, top, 0.9 * height, y - top), hand=hand)


def draw_grip(canvas: skia.Canvas, look: Look, pose: Pose, hand: tuple[float, float, float]) -> None:
    """The fingers of a ``hold`` figure's hand, to draw over what it holds (``hand`` is the
    figure's :attr:`Anchors.hand`, moved to where the figure is drawn)."""
    _hold.draw_grip(canvas, make_rig(look, pose), *hand)


def character_sprite(look: Look, pose: Pose, height: int) -> tuple[skia.Image, Anchors]:
    """Render to a transparent image ``round(0.9 * height)`` wide, bottom-centred.

    Anchors are relative to the image. Handy for caching: the same Look + Pose + height is
    always the same image.
    """
    height = max(8, int(height))
    width = max(8, int(round(0.9 * height)))
    surface = skia.Surface(width, height)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    a = draw_character(canvas, look, pose, width / 2.0, float(height), float(height))
    fx, fy, fw, fh = a.face
    x0, y0 = max(0.0, fx), max(0.0, fy)
    x1, y1 = min(float(width), fx + fw), min(float(height), fy + fh)
    anchors = Anchors(face=(x0, y0, x1 - x0, y1 - y0), mouth=a.mouth,
                      head_top=max(0.0, a.head_top), body=a.body, hand=a.hand)
    return surface.makeImageSnapshot(), anchors
