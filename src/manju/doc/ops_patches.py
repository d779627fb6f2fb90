"""The partial values operations set (``after``) and record (``before``), with their checks.

Re-exported by :mod:`manju.doc.ops`; a field left unset in a patch is not touched.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from manju.doc.model import (
    Accessory,
    Age,
    Asset,
    Emotion,
    Gender,
    HairStyle,
    Mood,
    Outfit,
    Style,
    TimeOfDay,
    Weather,
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
#: Colour words a user may type instead of a hex value.
COLOUR_NAMES = {
    "black": "#1b1b1f", "white": "#f4f4f0", "grey": "#8a8a8a", "gray": "#8a8a8a",
    "silver": "#c0c0c8", "red": "#c0392b", "crimson": "#a01c2c", "pink": "#e58fa5",
    "orange": "#d9733a", "yellow": "#e8c547", "gold": "#d4a537", "green": "#2e8b57",
    "teal": "#1f9c8a", "blue": "#3a6fc4", "navy": "#22315a", "purple": "#8e5ab5",
    "brown": "#6b4226", "blonde": "#e3c16f", "auburn": "#8d3b1f", "beige": "#d8c3a0",
}
#: Places a scene's background can show (the renderer's kinds, see manju.render.background).
SCENE_KINDS = ("home", "office", "street", "shop", "forest", "mountain", "palace", "coast", "sky",
               "room_generic")

#: The fields of a ScenePatch that live on the scene's setting (the others are on the scene).
SETTING_FIELDS = ("kind", "time", "weather", "interior")


def colour(value: str) -> str:
    """A colour as ``#rrggbb`` from a hex value or a colour word (ValueError otherwise)."""
    v = value.strip().lower()
    if v in COLOUR_NAMES:
        return COLOUR_NAMES[v]
    if not _HEX.match(v):
        raise ValueError(f"{value!r} is not a colour (use #rrggbb or a word such as "
                         f"{', '.join(list(COLOUR_NAMES)[:6])})")
    if len(v) == 4:
        v = "#" + "".join(ch * 2 for ch in v[1:])
    return v


class Patch(BaseModel):
    """Base of the partial values an operation sets; unset fields are not touched."""

    model_config = ConfigDict(extra="forbid")

    def values(self) -> dict[str, Any]:
        """Only the fields that were given."""
        return self.model_dump(exclude_unset=True)


class LookPatch(Patch):
    """Fields of a character's :class:`~manju.doc.model.Look`."""

    skin: str | None = None
    hair_color: str | None = None
    hair_style: HairStyle | None = None
    eye_color: str | None = None
    outfit: Outfit | None = None
    outfit_color: str | None = None
    accent_color: str | None = None
    accessory: Accessory | None = None
    build: float | None = Field(None, ge=0.7, le=1.4)

    @field_validator("skin", "hair_color", "eye_color", "outfit_color", "accent_color")
    @classmethod
    def _colour(cls, v: str | None) -> str | None:
        return None if v is None else colour(v)


class VoicePatch(Patch):
    """Fields of a character's :class:`~manju.doc.model.Voice`."""

    engine: str | None = None
    voice: str | None = None
    pitch: int | None = Field(None, ge=0, le=99)
    speed: int | None = Field(None, ge=80, le=450)
    lang: str | None = None
    reference: str | None = None
    reference_sha256: str | None = None
    clone: str | None = None
    clone_backend: str | None = None


class RefPatch(Patch):
    """A character's reference sheets (see :mod:`manju.stages.refsheet`), by view or
    expression, and the sheets taken away (``remove``; the next ``make`` with an image
    backend draws them again). Given as ``None``, a sheet is taken away too."""

    front: Asset | None = None
    three_quarter: Asset | None = None
    side: Asset | None = None
    happy: Asset | None = None
    sad: Asset | None = None
    angry: Asset | None = None
    remove: list[str] | None = None

    @field_validator("remove")
    @classmethod
    def _sheets(cls, v: list[str] | None) -> list[str] | None:
        bad = [k for k in v or [] if k not in REF_SHEETS]
        if bad:
            raise ValueError(f"no sheet {bad[0]!r} (one of {', '.join(REF_SHEETS)})")
        return v


#: The sheets a RefPatch holds (manju.stages.refsheet.SHEETS).
REF_SHEETS = ("front", "three_quarter", "side", "happy", "sad", "angry")


class LinePatch(Patch):
    """Fields of a :class:`~manju.doc.model.Line`."""

    text: str | None = Field(None, min_length=1)
    speaker: str | None = None
    addressee: str | None = None
    emotion: Emotion | None = None
    parenthetical: str | None = None


class SettingsPatch(Patch):
    """Project-wide choices of :class:`~manju.doc.model.RenderSettings`."""

    style: Style | None = None
    music: bool | None = None
    sfx: bool | None = None


class CharacterPatch(Patch):
    """Who a character is (not how they look)."""

    gender: Gender | None = None
    age: Age | None = None


class ScenePatch(Patch):
    """A scene's place and time (its :class:`~manju.doc.model.Setting`), its heading and the
    mood its music is scored for."""

    kind: str | None = None
    time: TimeOfDay | None = None
    weather: Weather | None = None
    interior: bool | None = None
    mood: Mood | None = None
    heading: str | None = Field(None, min_length=1)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str | None) -> str | None:
        if v is not None and v not in SCENE_KINDS:
            raise ValueError(f"{v!r} is not a kind of place (one of {', '.join(SCENE_KINDS)})")
        return v


class MovePatch(Patch):
    """Where a moved shot goes in its scene: just before shot ``before`` or just after shot
    ``after`` (ids or numbers); neither puts it at the end of the scene."""

    before: str | None = None
    after: str | None = None


class BatchItem(Patch):
    """One operation of a batch as a front end sends it (``op``, ``target``, ``after``)."""

    op: str
    target: str
    after: dict[str, Any] = Field(default_factory=dict)


class OpBase(BaseModel):
    """Base of every operation: strict fields."""

    model_config = ConfigDict(extra="forbid")
