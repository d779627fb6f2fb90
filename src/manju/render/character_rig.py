"""The character "rig": proportions, colours and view maths derived from a Look + Pose.

All drawing happens in a *design space* 1000 units tall (head top near y=0, waist at
y=1000, body centred on x=0). Head parts are drawn in *head space*: origin at the centre
of the cranium, same units, scaled by ``head_scale`` (children get bigger heads).

Three-quarter views are done with a tiny bit of 3-D: a feature sitting at angle ``a`` on
the head (0 = the middle of the face) is drawn at ``x = r * sin(a + yaw)`` and
foreshortened by ``cos(a + yaw) / cos(a)``, so the far eye narrows and slides toward the
silhouette while the near eye moves to the middle, exactly as in a real turn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from manju.render.character_style import RGB, ink_for, light, mix, rgb, shade

YAW = 0.40  # radians of head turn for facing left/right
SKULL_R = 160.0  # half-width of the skull in head space
SKULL_RY = 172.0  # half-height of the skull (top of the head at -SKULL_RY)
CHIN_Y = 205.0  # chin in head space

# Per-expression parameters.
#   brow: (inner_dy, outer_dy, arch) for the two brows (screen-left, screen-right)
#   eye: openness factor; tilt (>0: inner corner lowered = angry, <0: sad);
#        iris size factor; happy_arc (closed ^ ^ eyes)
#   mouth: mood curve (+ smile), base openness, style tag, asymmetry
EXPR: dict[str, dict[str, Any]] = {
    "neutral": dict(brows=((0, 0, 5), (0, 0, 5)), open=1.0, tilt=0.0, iris=1.0,
                    mood=0.25, base=0.0, style="plain", asym=0.0),
    "happy": dict(brows=((-8, -4, 10), (-8, -4, 10)), open=1.0, tilt=0.0, iris=1.0,
                  happy_arc=True, mood=1.0, base=0.0, style="smile", asym=0.0, blush=0.55),
    "sad": dict(brows=((-20, 10, -3), (-20, 10, -3)), open=0.78, tilt=-0.8, iris=0.95,
                mood=-0.9, base=0.0, style="frown", asym=0.0, tear=True, look_dy=6),
    "angry": dict(brows=((18, -12, 0), (18, -12, 0)), open=0.8, tilt=0.9, iris=0.78,
                  mood=-0.5, base=0.0, style="teeth", asym=0.0, vein=True),
    "surprised": dict(brows=((-30, -24, 14), (-30, -24, 14)), open=1.18, tilt=0.0,
                      iris=0.66, mood=0.0, base=0.38, style="round", asym=0.0),
    "scared": dict(brows=((-24, 6, 3), (-24, 6, 3)), open=1.12, tilt=-0.45, iris=0.56,
                   mood=-0.6, base=0.15, style="wavy", asym=0.0, sweat=True, gloom=True),
    "disgusted": dict(brows=((14, 2, 0), (-12, -16, 8)), open=0.6, tilt=0.5, iris=0.85,
                      mood=-0.7, base=0.0, style="grimace", asym=0.55, gloom=True, look_dx=1),
    "smug": dict(brows=((4, -2, 8), (-6, -16, 12)), open=0.56, tilt=0.15, iris=0.95,
                 mood=0.7, base=0.0, style="smirk", asym=0.8, blush=0.25, look_dx=1,
                 flat_lid=True),
}

MOUTH_OPEN = {"closed": 0.0, "small": 0.33, "open": 0.68, "wide": 1.0}


@dataclass
class Rig:
    """Everything the drawing functions need, computed once per draw."""

    look: Any
    pose: Any
    # colours
    skin: RGB
    skin_sh: RGB
    skin_line: RGB
    hair: RGB
    hair_sh: RGB
    hair_hi: RGB
    hair_line: RGB
    eye: RGB
    cloth: RGB
    cloth_sh: RGB
    cloth_line: RGB
    accent: RGB
    blush: RGB
    # flags
    female: bool
    male: bool
    child: bool
    old: bool
    # view
    dir: int
    yaw: float
    # proportions (design space)
    head_scale: float
    head_y: float
    neck_w: float
    neck_top: float
    neck_base: float
    shoulder_w: float
    shoulder_y: float
    # line widths (design units)
    lw: float
    lw2: float
    lw3: float
    expr: dict[str, Any]

    def proj(self, a: float, r: float = SKULL_R) -> float:
        """Screen x (head space) of a feature at angle ``a`` on a head of radius ``r``."""
        return r * math.sin(a + self.yaw)

    def fore(self, a: float) -> float:
        """Horizontal foreshortening for a feature at angle ``a``."""
        return max(0.25, math.cos(a + self.yaw)) / max(0.25, math.cos(a))

    def visible(self, a: float) -> bool:
        """Whether a feature at angle ``a`` faces the viewer enough to draw."""
        return math.cos(a + self.yaw) > -0.3

    def warp(self, x: float, y: float) -> tuple[float, float]:
        """Turn a front-view face-contour point (head space) into the current view."""
        if self.dir == 0:
            return x, y
        s = math.sin(self.yaw)
        t = max(0.0, min(1.0, y / CHIN_Y))
        if x * self.dir > 0:
            x *= 1.0 - 0.06 * t
        return x + 108.0 * s * t**1.25, y

    def head_to_design(self, x: float, y: float) -> tuple[float, float]:
        """Map a head-space point into design space."""
        return x * self.head_scale, self.head_y + y * self.head_scale


def make_rig(look: Any, pose: Any) -> Rig:
    """Derive the rig for a Look and Pose (unknown strings fall back to safe defaults)."""
    female = look.gender == "female"
    male = look.gender == "male"
    age = look.age if look.age in ("child", "young", "adult", "old") else "adult"
    child, old = age == "child", age == "old"
    facing = {"left": -1, "right": 1}.get(pose.facing, 0)
    expr = EXPR.get(pose.expression, EXPR["neutral"])
    if pose.gesture == "bow":
        # eyes lowered in a bow (a closed-eye expression stays closed)
        expr = dict(expr, open=expr["open"] * 0.62, look_dy=expr.get("look_dy", 0) + 9,
                    flat_lid=True)

    skin = rgb(look.skin)
    hair = rgb(look.hair_color)
    cloth = rgb(look.outfit_color)
    hs = {"child": 1.17, "young": 1.04, "adult": 1.0, "old": 1.0}[age]
    # Keep the top of the hair near y=55 whatever the head size.
    head_y = 55.0 + 195.0 * hs
    chin = head_y + CHIN_Y * hs
    build = max(0.8, min(1.2, float(look.build)))
    sw = (258.0 if male else 212.0 if female else 232.0) * build
    if child:
        sw *= 0.8
    elif old:
        sw *= 0.96
    nw = 46.0 if male else 36.0 if female else 40.0
    if child:
        nw = 33.0
    neck_top = chin - 60.0 * hs
    neck_base = chin + (42.0 if not child else 30.0)
    shoulder_y = neck_base + 38.0
    return Rig(
        look=look, pose=pose,
        skin=skin, skin_sh=shade(skin, 0.85), skin_line=mix(ink_for(skin), skin, 0.12),
        hair=hair, hair_sh=shade(hair, 1.0 if sum(hair) > 0.5 else 0.6),
        hair_hi=light(hair, 0.30 if sum(hair) > 1.2 else 0.22), hair_line=ink_for(hair),
        eye=rgb(look.eye_color),
        cloth=cloth, cloth_sh=shade(cloth, 1.0), cloth_line=ink_for(cloth),
        accent=rgb(look.accent_color),
        blush=(0.96, 0.50, 0.52),
        female=female, male=male, child=child, old=old,
        dir=facing, yaw=YAW * facing,
        head_scale=hs, head_y=head_y,
        neck_w=nw, neck_top=neck_top, neck_base=neck_base,
        shoulder_w=sw, shoulder_y=shoulder_y,
        lw=7.0, lw2=4.6, lw3=3.0,
        expr=expr,
    )
