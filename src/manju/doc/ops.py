"""Edits are typed operations on the project document, recorded for undo and redo.

An operation is one member of the discriminated union :data:`Operation` (``op`` names the
kind). Each records what it changes (``after``) and exactly what it replaced (``before``), so
undo restores the document exactly. The CLI, the studio and the plain-language editor all
produce the same operations; :func:`operation_schema` publishes their JSON schema.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from manju.doc.model import (
    Accessory,
    Age,
    Camera,
    Character,
    Emotion,
    Gender,
    HairStyle,
    Line,
    Outfit,
    Project,
    Shot,
    ShotPatch,
    Style,
    Voice,
)
from manju.errors import InputError

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
#: Colour words a user may type instead of a hex value.
COLOUR_NAMES = {
    "black": "#1b1b1f", "white": "#f4f4f0", "grey": "#8a8a8a", "gray": "#8a8a8a",
    "silver": "#c0c0c8", "red": "#c0392b", "crimson": "#a01c2c", "pink": "#e58fa5",
    "orange": "#d9733a", "yellow": "#e8c547", "gold": "#d4a537", "green": "#2e8b57",
    "teal": "#1f9c8a", "blue": "#3a6fc4", "navy": "#22315a", "purple": "#8e5ab5",
    "brown": "#6b4226", "blonde": "#e3c16f", "auburn": "#8d3b1f", "beige": "#d8c3a0",
}


def colour(value: str) -> str:
    """A colour as ``#rrggbb`` from a hex value or a colour word (InputError otherwise)."""
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


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SetLook(_Op):
    """Change a character's design."""

    op: Literal["set_look"] = "set_look"
    target: str
    after: LookPatch
    before: LookPatch = Field(default_factory=LookPatch)


class SetVoice(_Op):
    """Change a character's voice."""

    op: Literal["set_voice"] = "set_voice"
    target: str
    after: VoicePatch
    before: VoicePatch = Field(default_factory=VoicePatch)


class SetShot(_Op):
    """Change a shot's framing, camera, subjects or transition; kept as an override that every
    rebuild of the storyboard re-applies. ``prior`` is the override it replaced and ``shot``
    the shot's values before, so undo restores both."""

    op: Literal["set_shot"] = "set_shot"
    target: str
    after: ShotPatch
    prior: ShotPatch | None = None
    shot: ShotPatch | None = None


class SetLine(_Op):
    """Change a line's text, speaker, addressee, emotion or parenthetical."""

    op: Literal["set_line"] = "set_line"
    target: str
    after: LinePatch
    before: LinePatch = Field(default_factory=LinePatch)


class SetSettings(_Op):
    """Change the project's drawing style, music or sound effects."""

    op: Literal["set_settings"] = "set_settings"
    target: Literal["project"] = "project"
    after: SettingsPatch
    before: SettingsPatch = Field(default_factory=SettingsPatch)


Operation = Annotated[SetLook | SetVoice | SetShot | SetLine | SetSettings, Field(discriminator="op")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Operation)
KINDS = ("set_look", "set_voice", "set_shot", "set_line", "set_settings")
_PATCH = {"set_look": LookPatch, "set_voice": VoicePatch, "set_shot": ShotPatch,
          "set_line": LinePatch, "set_settings": SettingsPatch}


def operation_schema() -> dict[str, Any]:
    """The JSON schema of an operation (what the studio and the editor emit)."""
    return _ADAPTER.json_schema()


def parse(raw: Any) -> Any:
    """An operation from its JSON form (InputError naming the problem when it is not one)."""
    if isinstance(raw, dict) and raw.get("op") not in KINDS:
        raise InputError(f"unknown operation {raw.get('op')!r} (known: {', '.join(KINDS)})")
    try:
        return _ADAPTER.validate_python(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"bad operation at {where}: {first['msg']}") from None


def dump(op: Any) -> dict[str, Any]:
    """The JSON form of an operation, as stored in the history."""
    return op.model_dump(mode="json", by_alias=True, exclude_unset=False, exclude_none=True)


# -- targets ----------------------------------------------------------------------------------

def find_character(p: Project, target: str) -> Character:
    """A character by id, name or alias (InputError listing the cast otherwise)."""
    for c in p.characters:
        if target in (c.id, c.name) or target in c.aliases:
            return c
    low = target.casefold()
    for c in p.characters:
        if low in (c.name.casefold(), *(a.casefold() for a in c.aliases)):
            return c
    names = ", ".join(c.name for c in p.characters) or "none"
    raise InputError(f"no character {target!r} (characters: {names})")


def find_shot(p: Project, target: str) -> Shot:
    """A shot by id, or by its number in story order ("3" is the third shot)."""
    shots = p.shots()
    if target.isdigit() and not any(s.id == target for s in shots):
        n = int(target)
        if 1 <= n <= len(shots):
            return shots[n - 1]
        raise InputError(f"no shot number {n} (the storyboard has {len(shots)} shots)")
    for s in shots:
        if s.id == target:
            return s
    raise InputError(f"no shot {target!r} (see storyboard.png for shot ids and numbers)")


def find_line(p: Project, target: str) -> Line:
    """A line by id (InputError otherwise)."""
    try:
        return p.line(target)
    except KeyError:
        raise InputError(f"no line {target!r} (see project.json for line ids)") from None


def target_exists(p: Project, op: Any) -> bool:
    """Whether what ``op`` edits is still in the document."""
    try:
        if op.op in ("set_look", "set_voice"):
            return any(c.id == op.target for c in p.characters)
        if op.op == "set_shot":
            return any(s.id == op.target for s in p.shots())
        if op.op == "set_line":
            p.line(op.target)
        return True
    except KeyError:
        return False


# -- applying ---------------------------------------------------------------------------------

def _set_fields(node: Any, values: dict[str, Any]) -> None:
    for k, v in values.items():
        setattr(node, k, v)


def _look_values(c: Character, keys: list[str]) -> dict[str, Any]:
    if c.look is None:
        raise InputError(f"{c.name} has no design yet: run `manju make` (or adapt) first")
    return {k: getattr(c.look, k) for k in keys}


def _voice_values(c: Character, keys: list[str]) -> dict[str, Any]:
    voice = c.voice or Voice()
    return {k: getattr(voice, k) for k in keys}


def _shot_values(sh: Shot) -> ShotPatch:
    return ShotPatch(framing=sh.framing, camera=sh.camera.model_copy(deep=True),
                     subjects=list(sh.subjects), transition=sh.transition)


def apply(project: Project, op: Any, *, inverse: bool = False) -> None:
    """Apply ``op`` (or undo it with ``inverse``) to the project in place."""
    if op.op == "set_look":
        c = project.character(op.target)
        values = (op.before if inverse else op.after).values()
        if c.look is None:
            raise InputError(f"{c.name} has no design yet: run `manju make` first")
        c.look = c.look.model_copy(update=values)
    elif op.op == "set_voice":
        c = project.character(op.target)
        values = (op.before if inverse else op.after).values()
        c.voice = (c.voice or Voice()).model_copy(update=values)
    elif op.op == "set_line":
        _set_fields(project.line(op.target), (op.before if inverse else op.after).values())
    elif op.op == "set_settings":
        _set_fields(project.settings, (op.before if inverse else op.after).values())
    elif op.op == "set_shot":
        overrides = dict(project.overrides)
        if inverse:
            if op.prior is None:
                overrides.pop(op.target, None)
            else:
                overrides[op.target] = op.prior
            project.overrides = overrides
            if op.shot is not None and target_exists(project, op):
                _set_fields(project.shot(op.target), op.shot.values())
        else:
            merged = {**(op.prior.values() if op.prior else {}), **op.after.values()}
            overrides[op.target] = ShotPatch(**merged)
            project.overrides = overrides
            if target_exists(project, op):
                from manju.stages.board import apply_patch

                apply_patch(project.shot(op.target), overrides[op.target])
    else:  # pragma: no cover - parse() refuses unknown kinds
        raise InputError(f"unknown operation {op.op!r}")


def make(project: Project, name: str, target: str, **after: Any) -> Any:
    """Build operation ``name`` on ``target`` (an id, a name, or a shot number) from the values
    to set, recording what they replace. Values are validated (InputError when wrong)."""
    if name not in KINDS:
        raise InputError(f"unknown edit {name!r}; known: {', '.join(KINDS)}")
    if not after:
        raise InputError(f"{name}: nothing to change")
    try:
        patch = _PATCH[name](**after)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        msg = str(first.get("ctx", {}).get("error") or first["msg"])
        raise InputError(f"{field}: {msg}") from None
    keys = list(patch.values())
    if name == "set_look":
        c = find_character(project, target)
        return SetLook(target=c.id, after=patch, before=LookPatch(**_look_values(c, keys)))
    if name == "set_voice":
        c = find_character(project, target)
        return SetVoice(target=c.id, after=patch, before=VoicePatch(**_voice_values(c, keys)))
    if name == "set_line":
        ln = find_line(project, target)
        values = patch.values()
        for role in ("speaker", "addressee"):
            if values.get(role):
                values[role] = find_character(project, values[role]).id
        patch = LinePatch(**values)
        return SetLine(target=ln.id, after=patch,
                       before=LinePatch(**{k: getattr(ln, k) for k in keys}))
    if name == "set_settings":
        st = project.settings
        return SetSettings(after=patch, before=SettingsPatch(**{k: getattr(st, k) for k in keys}))
    sh = find_shot(project, target)
    prior = project.overrides.get(sh.id)
    return SetShot(target=sh.id, after=patch, prior=prior.model_copy(deep=True) if prior else None,
                   shot=_shot_values(sh))


def record(project: Project, op: Any) -> Any:
    """Apply ``op``, push it on the history and clear the redo stack."""
    apply(project, op)
    project.history = [*project.history, dump(op)]
    project.future = []
    return op


def edit(project: Project, name: str, target: str, **after: Any) -> Any:
    """Make an edit, record it in the history and clear the redo stack."""
    return record(project, make(project, name, target, **after))


def undo(project: Project) -> Any:
    """Revert the last edit (InputError when there is none)."""
    if not project.history:
        raise InputError("nothing to undo")
    op = parse(project.history[-1])
    if not target_exists(project, op) and op.op != "set_shot":
        raise InputError(f"cannot undo {describe(op)}: {op.target} is no longer in the story")
    apply(project, op, inverse=True)
    project.history = project.history[:-1]
    project.future = [*project.future, dump(op)]
    return op


def redo(project: Project) -> Any:
    """Re-apply the last undone edit (InputError when there is none)."""
    if not project.future:
        raise InputError("nothing to redo")
    op = parse(project.future[-1])
    if not target_exists(project, op) and op.op != "set_shot":
        raise InputError(f"cannot redo {describe(op)}: {op.target} is no longer in the story")
    apply(project, op)
    project.future = project.future[:-1]
    project.history = [*project.history, dump(op)]
    return op


def describe(op: Any) -> str:
    """One line saying what an edit does."""
    after = ", ".join(f"{k}={v.fields() if isinstance(v, Camera) else v}"
                      for k, v in op.after.values().items())
    return f"{op.op} {op.target}: {after}"
