"""Edits are typed operations on the project document, recorded for undo and redo.

An operation is one member of the discriminated union :data:`Operation` (``op`` names the
kind). Each records what it changes (``after``) and exactly what it replaced (``before``), so
undo restores the document exactly. The CLI, the studio and the plain-language editor all
produce the same operations; :func:`operation_schema` publishes their JSON schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from manju.doc.model import Asset, Camera, Character, Line, Project, Scene, Shot, ShotPatch, Voice
from manju.doc.ops_layout import (
    LAYOUT_CLASSES,
    LAYOUT_KINDS,
    LAYOUT_PATCHES,
    AddProp,
    InsertShot,
    MergeShots,
    RemoveProp,
    Retime,
    SplitShot,
    apply_layout,
    make_layout,
)
from manju.doc.ops_patches import (
    COLOUR_NAMES,
    SCENE_KINDS,
    SETTING_FIELDS,
    BatchItem,
    CharacterPatch,
    LinePatch,
    LookPatch,
    MovePatch,
    OpBase,
    Patch,
    RefPatch,
    ScenePatch,
    SettingsPatch,
    VoicePatch,
    colour,
)
from manju.doc.ops_shots import (
    DeleteShot,
    MoveShot,
    apply_structure,
    make_delete,
    make_move,
    scene_exists,
)
from manju.errors import InputError, ProjectError

__all__ = [
    "COLOUR_NAMES", "KINDS", "SCENE_KINDS", "AddProp", "Batch", "CharacterPatch", "DeleteShot",
    "InsertShot", "LinePatch", "LookPatch", "MergeShots", "MovePatch", "MoveShot", "Operation",
    "Patch", "RefPatch", "RemoveProp", "Retime", "ScenePatch", "SetLine", "SetLook", "SetRef",
    "SetScene", "SetSettings", "SetShot", "SetVoice", "SettingsPatch", "SplitShot", "VoicePatch", "apply",
    "colour", "describe", "dump", "edit", "find_character", "find_line", "find_scene",
    "find_shot", "make", "operation_schema", "parse", "rebuild", "record", "redo",
    "target_exists", "undo",
]



class SetLook(OpBase):
    """Change a character's design."""

    op: Literal["set_look"] = "set_look"
    target: str
    after: LookPatch
    before: LookPatch = Field(default_factory=LookPatch)


class SetVoice(OpBase):
    """Change a character's voice."""

    op: Literal["set_voice"] = "set_voice"
    target: str
    after: VoicePatch
    before: VoicePatch = Field(default_factory=VoicePatch)


class SetRef(OpBase):
    """Give a character a reference sheet (a picture of one's own, or another one), or take
    one away."""

    op: Literal["set_ref"] = "set_ref"
    target: str
    after: RefPatch
    before: RefPatch = Field(default_factory=RefPatch)


class SetShot(OpBase):
    """Change a shot's framing, camera, subjects or transition; kept as an override that every
    rebuild of the storyboard re-applies. ``prior`` is the override it replaced and ``shot``
    the shot's values before, so undo restores both."""

    op: Literal["set_shot"] = "set_shot"
    target: str
    after: ShotPatch
    prior: ShotPatch | None = None
    shot: ShotPatch | None = None


class SetLine(OpBase):
    """Change a line's text, speaker, addressee, emotion or parenthetical."""

    op: Literal["set_line"] = "set_line"
    target: str
    after: LinePatch
    before: LinePatch = Field(default_factory=LinePatch)


class SetSettings(OpBase):
    """Change the project's drawing style, music or sound effects."""

    op: Literal["set_settings"] = "set_settings"
    target: Literal["project"] = "project"
    after: SettingsPatch
    before: SettingsPatch = Field(default_factory=SettingsPatch)


class SetScene(OpBase):
    """Change a scene's place (background kind, inside or out), time of day, weather, heading
    or the mood its music is scored for."""

    op: Literal["set_scene"] = "set_scene"
    target: str
    after: ScenePatch
    before: ScenePatch = Field(default_factory=ScenePatch)


Simple = Annotated[SetLook | SetVoice | SetRef | SetShot | SetLine | SetSettings | SetScene | DeleteShot
                   | MoveShot | SplitShot | MergeShots | InsertShot | Retime | AddProp
                   | RemoveProp, Field(discriminator="op")]


class Batch(OpBase):
    """Several operations made as one edit (one instruction): applied in order, undone in
    reverse order, in one step. ``note`` says what asked for them."""

    op: Literal["batch"] = "batch"
    target: Literal["project"] = "project"
    ops: list[Simple] = Field(min_length=1)
    note: str = ""


Operation = Annotated[SetLook | SetVoice | SetRef | SetShot | SetLine | SetSettings | SetScene | DeleteShot
                      | MoveShot | SplitShot | MergeShots | InsertShot | Retime | AddProp
                      | RemoveProp | Batch, Field(discriminator="op")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Operation)
KINDS = ("set_look", "set_voice", "set_ref", "set_shot", "set_line", "set_settings", "set_scene",
         "delete_shot", "move_shot", *LAYOUT_KINDS, "batch")
_PATCH: dict[str, type[Any]] = {
    "set_look": LookPatch, "set_voice": VoicePatch, "set_ref": RefPatch, "set_shot": ShotPatch, "set_line": LinePatch,
    "set_settings": SettingsPatch, "set_scene": ScenePatch, "move_shot": MovePatch,
    **LAYOUT_PATCHES}
#: The fields set_shot sets (the others of a ShotPatch have their own operations).
SET_SHOT_FIELDS = ("framing", "camera", "subjects", "transition")
#: Operation classes by kind.
CLASSES: dict[str, type[Any]] = {
    "set_look": SetLook, "set_voice": SetVoice, "set_ref": SetRef, "set_shot": SetShot, "set_line": SetLine,
    "set_settings": SetSettings, "set_scene": SetScene, "delete_shot": DeleteShot,
    "move_shot": MoveShot, **LAYOUT_CLASSES, "batch": Batch}


def operation_schema() -> dict[str, Any]:
    """The JSON schema of an operation (what the studio and the editor emit)."""
    return _ADAPTER.json_schema()


def _bad(e: ValidationError, prefix: str = "bad operation at ") -> InputError:
    first = e.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    msg = str(first.get("ctx", {}).get("error") or first["msg"])
    return InputError(f"{prefix}{where}: {msg}")


def parse(raw: Any) -> Any:
    """An operation from its JSON form (InputError naming the problem when it is not one)."""
    if isinstance(raw, dict) and raw.get("op") not in KINDS:
        raise InputError(f"unknown operation {raw.get('op')!r} (known: {', '.join(KINDS)})")
    from manju.doc.upgrade import upgrade_nodes

    try:
        raw = upgrade_nodes(raw)
    except ProjectError as e:
        raise InputError(f"bad operation: {e}") from None
    try:
        return _ADAPTER.validate_python(raw)
    except ValidationError as e:
        raise _bad(e) from None


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
    if not shots:
        raise InputError("the project has no storyboard yet: run `manju make` first")
    if target.isdigit() and not any(s.id == target for s in shots):
        n = int(target)
        if 1 <= n <= len(shots):
            return shots[n - 1]
        raise InputError(f"no shot number {n} (the storyboard has {len(shots)} shots)")
    for s in shots:
        if s.id == target:
            return s
    raise InputError(f"no shot {target!r} (see storyboard.png for shot ids and numbers)")


def find_scene(p: Project, target: str) -> Scene:
    """A scene by id, or by its number in story order ("2" is the second scene)."""
    scenes = p.scenes()
    if target.isdigit() and not any(s.id == target for s in scenes):
        n = int(target)
        if 1 <= n <= len(scenes):
            return scenes[n - 1]
        raise InputError(f"no scene number {n} (the story has {len(scenes)} scenes)")
    for s in scenes:
        if s.id == target:
            return s
    raise InputError(f"no scene {target!r} (see script.fountain for the scenes)")


def find_line(p: Project, target: str) -> Line:
    """A line by id (InputError otherwise)."""
    try:
        return p.line(target)
    except KeyError:
        raise InputError(f"no line {target!r} (see project.json for line ids)") from None


def target_exists(p: Project, op: Any) -> bool:
    """Whether what ``op`` edits is still in the document."""
    try:
        if op.op in ("set_look", "set_voice", "set_ref"):
            return any(c.id == op.target for c in p.characters)
        if op.op == "set_shot":
            return any(s.id == op.target for s in p.shots())
        if op.op == "set_line":
            p.line(op.target)
        if op.op == "set_scene":
            return scene_exists(p, op.target)
        if op.op in ("delete_shot", "move_shot", *LAYOUT_KINDS):
            return scene_exists(p, op.scene)
        if op.op == "batch":
            return all(o.op == "set_shot" or target_exists(p, o) for o in op.ops)
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


def _scene_values(sc: Scene, keys: list[str]) -> dict[str, Any]:
    return {k: getattr(sc.setting if k in SETTING_FIELDS else sc, k) for k in keys}


def _apply_scene(sc: Scene, values: dict[str, Any]) -> None:
    setting = {k: v for k, v in values.items() if k in SETTING_FIELDS}
    if setting:
        sc.setting = sc.setting.model_copy(update=setting)
    _set_fields(sc, {k: v for k, v in values.items() if k not in SETTING_FIELDS})


def _apply_shot(project: Project, op: SetShot, inverse: bool) -> None:
    overrides = dict(project.overrides)
    if inverse:
        if op.prior is None:
            overrides.pop(op.target, None)
        else:
            overrides[op.target] = op.prior
        project.overrides = overrides
        if op.shot is not None and target_exists(project, op):
            _set_fields(project.shot(op.target), op.shot.values())
        return
    base = op.prior.model_copy(deep=True) if op.prior else ShotPatch()
    overrides[op.target] = base.model_copy(update=op.after.values())
    project.overrides = overrides
    if target_exists(project, op):
        from manju.stages.board import apply_patch, board_shots

        patch = overrides[op.target]
        if patch.steps or patch.hold is not None or patch.pace is not None:
            # Timing and cuts are made from the scene's lines: board the scene again.
            scene = project.scene_of_shot(op.target)
            scene.shots = board_shots(project, scene)
        else:
            apply_patch(project.shot(op.target), patch)


def apply(project: Project, op: Any, *, inverse: bool = False) -> None:
    """Apply ``op`` (or undo it with ``inverse``) to the project in place."""
    if op.op == "batch":
        for sub in (reversed(op.ops) if inverse else op.ops):
            apply(project, sub, inverse=inverse)
    elif op.op in ("delete_shot", "move_shot"):
        apply_structure(project, op, inverse)
    elif op.op in LAYOUT_KINDS:
        apply_layout(project, op, inverse)
    elif op.op == "set_shot":
        _apply_shot(project, op, inverse)
    else:
        values = (op.before if inverse else op.after).values()
        if op.op == "set_look":
            c = project.character(op.target)
            if c.look is None:
                raise InputError(f"{c.name} has no design yet: run `manju make` first")
            c.look = c.look.model_copy(update=values)
        elif op.op == "set_voice":
            c = project.character(op.target)
            c.voice = (c.voice or Voice()).model_copy(update=values)
        elif op.op == "set_ref":
            c = project.character(op.target)
            gone = values.pop("remove", None) or []
            c.refs = {k: v for k, v in {**c.refs, **values}.items() if k not in gone}
        elif op.op == "set_line":
            _set_fields(project.line(op.target), values)
        elif op.op == "set_settings":
            _set_fields(project.settings, values)
        elif op.op == "set_scene":
            _apply_scene(find_scene(project, op.target), values)
        else:  # pragma: no cover - parse() refuses unknown kinds
            raise InputError(f"unknown operation {op.op!r}")


def _patch(name: str, after: dict[str, Any]) -> Any:
    try:
        return _PATCH[name](**after)
    except ValidationError as e:
        raise _bad(e, prefix="") from None


def _no_values(name: str, after: dict[str, Any]) -> Any:
    from manju.doc.ops_layout import MergePatch

    if after:
        raise InputError(f"{name} takes no values (got {', '.join(after)})")
    return MergePatch()


def _make_batch(project: Project, items: list[Any], note: str) -> Batch:
    """Each operation is made on the document as the ones before it left it, so a second edit
    of the same field records the first one's value; the document is left as it was."""
    made: list[Any] = []
    try:
        for raw in items:
            item = raw if isinstance(raw, BatchItem) else BatchItem(**raw)
            if item.op == "batch":
                raise InputError("a batch cannot hold another batch")
            op = make(project, item.op, item.target, **item.after)
            apply(project, op)
            made.append(op)
    finally:
        for op in reversed(made):
            apply(project, op, inverse=True)
    return Batch(ops=made, note=note)


def make(project: Project, name: str, target: str, **after: Any) -> Any:
    """Build operation ``name`` on ``target`` (an id, a name, or a shot or scene number) from
    the values to set, recording what they replace. Values are validated (InputError when
    wrong). ``delete_shot`` takes no values; ``batch`` takes ``ops`` (a list of ``op``,
    ``target``, ``after``) and an optional ``note``."""
    if name not in KINDS:
        raise InputError(f"unknown edit {name!r}; known: {', '.join(KINDS)}")
    if name == "batch":
        if not after.get("ops"):
            raise InputError("batch: no operations")
        return _make_batch(project, list(after["ops"]), str(after.get("note", "")))
    if name == "delete_shot":
        return make_delete(project, find_shot(project, target), target)
    if name == "move_shot":
        return make_move(project, find_shot(project, target), target, _patch(name, after),
                         find_shot)
    if name in LAYOUT_KINDS:
        values = _patch(name, after) if name in LAYOUT_PATCHES else _no_values(name, after)
        return make_layout(project, name, find_shot(project, target), values, find_character)
    if not after:
        raise InputError(f"{name}: nothing to change")
    patch = _patch(name, after)
    keys = list(patch.values())
    if name == "set_look":
        c = find_character(project, target)
        return SetLook(target=c.id, after=patch, before=LookPatch(**_look_values(c, keys)))
    if name == "set_voice":
        c = find_character(project, target)
        return SetVoice(target=c.id, after=patch, before=VoicePatch(**_voice_values(c, keys)))
    if name == "set_ref":
        return _make_ref(find_character(project, target), patch)
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
    if name == "set_scene":
        sc = find_scene(project, target)
        return SetScene(target=sc.id, after=patch, before=ScenePatch(**_scene_values(sc, keys)))
    extra = [k for k in patch.values() if k not in SET_SHOT_FIELDS]
    if extra:
        raise InputError(f"set_shot sets {', '.join(SET_SHOT_FIELDS)}; {', '.join(extra)} "
                         "have their own edits (retime, add_prop, remove_prop)")
    if patch.steps is not None:
        raise InputError("set_shot does not cut shots: use split_shot, merge_shots or insert_shot")
    sh = find_shot(project, target)
    prior = project.overrides.get(sh.id)
    return SetShot(target=sh.id, after=patch, prior=prior.model_copy(deep=True) if prior else None,
                   shot=_shot_values(sh))


def _make_ref(c: Character, patch: RefPatch) -> SetRef:
    """A set_ref edit on ``c``: sheets given as None are taken away, and what each sheet was
    (or that it was missing) is recorded."""
    given = {k: getattr(patch, k) for k in patch.model_fields_set if k != "remove"}
    put = {k: v for k, v in given.items() if v is not None}
    gone = sorted({k for k, v in given.items() if v is None} | set(patch.remove or []))
    touched = [*put, *gone]
    had = {k: c.refs[k] for k in touched if k in c.refs}
    missing = [k for k in touched if k not in c.refs]
    after = RefPatch(**put, **({"remove": gone} if gone else {}))
    before = RefPatch(**had, **({"remove": missing} if missing else {}))
    return SetRef(target=c.id, after=after, before=before)


def brief(op: Any) -> dict[str, Any]:
    """What a front end sends for ``op``: ``op``, ``target`` and ``after`` (for a batch,
    ``ops`` and ``note``), without the recorded values."""
    if op.op == "batch":
        return {"op": "batch", "target": "project", "ops": [brief(o) for o in op.ops],
                "note": op.note}
    after = op.after.values()
    if isinstance(op.after, ShotPatch):
        after = {k: (v.fields() if isinstance(v, Camera) else v) for k, v in after.items()}
    if isinstance(op.after, RefPatch):
        after = {k: (v.model_dump(mode="json", by_alias=True) if isinstance(v, Asset) else v)
                 for k in op.after.model_fields_set if (v := getattr(op.after, k)) is not None}
    return {"op": op.op, "target": op.target, "after": after}


def rebuild(project: Project, op: Any) -> Any:
    """``op`` made afresh on the document: what it replaces is read from the document, never
    taken from the caller."""
    b = brief(op)
    if op.op == "batch":
        return make(project, "batch", "project", ops=b["ops"], note=b["note"])
    return make(project, op.op, op.target, **b["after"])


def record(project: Project, op: Any) -> Any:
    """Apply ``op``, push it on the history and clear the redo stack."""
    apply(project, op)
    project.history = [*project.history, dump(op)]
    project.future = []
    return op


def edit(project: Project, name: str, target: str, **after: Any) -> Any:
    """Make an edit, record it in the history and clear the redo stack."""
    return record(project, make(project, name, target, **after))


def _check_target(project: Project, op: Any, verb: str) -> None:
    if op.op != "set_shot" and not target_exists(project, op):
        raise InputError(f"cannot {verb} {describe(op)}: {op.target} is no longer in the story")


def undo(project: Project) -> Any:
    """Revert the last edit (InputError when there is none)."""
    if not project.history:
        raise InputError("nothing to undo")
    op = parse(project.history[-1])
    _check_target(project, op, "undo")
    apply(project, op, inverse=True)
    project.history = project.history[:-1]
    project.future = [*project.future, dump(op)]
    return op


def redo(project: Project) -> Any:
    """Re-apply the last undone edit (InputError when there is none)."""
    if not project.future:
        raise InputError("nothing to redo")
    op = parse(project.future[-1])
    _check_target(project, op, "redo")
    apply(project, op)
    project.future = project.future[:-1]
    project.history = [*project.history, dump(op)]
    return op


def describe(op: Any) -> str:
    """One line saying what an edit does."""
    if op.op == "batch":
        inner = "; ".join(describe(o) for o in op.ops)
        return f"{op.note}: {inner}" if op.note else inner
    if op.op == "delete_shot":
        return f"delete_shot {op.target} ({len(op.lines)} line{'s' * (len(op.lines) != 1)})"
    if op.op == "merge_shots":
        return f"merge_shots {op.target} with the next shot of its scene"
    after = ", ".join(f"{k}={_shown(v)}" for k, v in op.after.values().items())
    if op.op == "move_shot":
        return f"move_shot {op.target}: {after or 'to the end of its scene'}"
    return f"{op.op} {op.target}: {after}" if after else f"{op.op} {op.target}"


def _shown(value: Any) -> Any:
    """A value of an edit as :func:`describe` writes it."""
    if isinstance(value, Camera):
        return value.fields()
    if isinstance(value, Asset):
        return value.path
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        return value["path"]  # a picture (a reference sheet)
    return value
