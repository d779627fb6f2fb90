"""Upgrades: old documents are brought to the current schema node by node.

Each node type has its own version in its ``schema`` label (``"Character.1"``). An upgrade
function registered for ``(name, version)`` turns the raw JSON of that node into the next
version, as OpenTimelineIO does for its schema. The document as a whole also has a ``version``;
a document or node newer than this release is refused, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manju.errors import ProjectError

Raw = dict[str, Any]
_UPGRADES: dict[tuple[str, int], Callable[[Raw], Raw]] = {}


def upgrader(name: str, from_version: int) -> Callable[[Callable[[Raw], Raw]], Callable[[Raw], Raw]]:
    """Register a function that upgrades a raw ``name`` node from ``from_version`` to the next."""

    def register(fn: Callable[[Raw], Raw]) -> Callable[[Raw], Raw]:
        _UPGRADES[(name, from_version)] = fn
        return fn

    return register


def _upgrade_node(node: Any, origin: str) -> Any:
    from manju.doc.model import current_version

    if isinstance(node, list):
        return [_upgrade_node(x, origin) for x in node]
    if not isinstance(node, dict):
        return node
    label = node.get("schema")
    if isinstance(label, str) and "." in label:
        name, _, ver = label.partition(".")
        try:
            version = int(ver)
        except ValueError:
            raise ProjectError(f"{origin}: unknown schema label {label!r}") from None
        target = current_version(name)
        if target and version > target:
            raise ProjectError(f"{origin} holds a {label} node, newer than this manju understands "
                               f"({name}.{target}); upgrade manju")
        while target and version < target:
            fn = _UPGRADES.get((name, version))
            if fn is None:
                raise ProjectError(f"{origin}: no upgrade from {name}.{version}")
            node = fn(dict(node))
            version += 1
            node["schema"] = f"{name}.{version}"
    return {k: (v if k in ("metadata", "history", "future") else _upgrade_node(v, origin))
            for k, v in node.items()}


def upgrade_nodes(raw: Any, origin: str = "history") -> Any:
    """The labelled nodes inside ``raw`` (an operation kept in the history) brought to this
    release's versions; the history is stored as written, so it is upgraded when read."""
    return _upgrade_node(raw, origin)


def upgrade(raw: Raw, target: int, origin: str = "project.json") -> Raw:
    """Bring a raw project document to version ``target``; refuse newer documents."""
    version = raw.get("version", 0)
    if not isinstance(version, int):
        raise ProjectError(f"{origin} is broken at version: not a whole number")
    if version > target:
        raise ProjectError(f"{origin} is version {version}, newer than this manju understands "
                           f"({target}); upgrade manju")
    if version < 1:
        # Version 0 documents predate the schema labels; they are otherwise version 1.
        raw = {**raw, "schema": "Project.1"}
    if "schema" not in raw:
        raw = {**raw, "schema": f"Project.{max(1, version)}"}
    raw = _upgrade_node(raw, origin)
    raw["version"] = target
    return raw


# -- version 1 -> 2: typed looks, voices, settings, segments and overrides ------------------

_EMOTIONS = ("neutral", "happy", "sad", "angry", "surprised", "scared", "shout", "whisper", "smug",
             "disgusted", "thought")


@upgrader("Project", 1)
def _project_1(raw: Raw) -> Raw:
    meta = dict(raw.get("metadata") or {})
    narrator = meta.pop("narrator_voice", None)
    if narrator:
        raw["narrator_voice"] = {"schema": "Voice.1", **narrator}
    outputs = meta.pop("outputs", None)
    if outputs:
        raw["outputs"] = {"schema": "Outputs.1", **outputs}
    # Version 1 shot ids were positions; version 2 derives them from the shot's first line, so
    # the user's shot edits are re-keyed to the id the storyboard will now give that shot.
    shots = _v2_shot_ids(raw)
    # Version 1 operations named characters by name or alias; version 2 by id.
    people: dict[str, str] = {}
    for c in raw.get("characters", []):
        for form in [c.get("name"), *(c.get("aliases") or [])]:
            if form:
                people.setdefault(str(form), str(c.get("id")))
    overrides: dict[str, Any] = {}
    for ep in raw.get("episodes", []):
        for sc in ep.get("scenes", []):
            smeta = dict(sc.get("metadata") or {})
            for sid, ov in (smeta.pop("shot_overrides", None) or {}).items():
                keep = {k: v for k, v in ov.items() if k in ("framing", "camera", "subjects", "transition")}
                overrides[shots.get(sid, sid)] = {"schema": "ShotPatch.1", **keep}
            sc["metadata"] = smeta
    raw["overrides"] = overrides
    raw["metadata"] = meta
    # Version 1 operations were untyped dicts of the same shape; shot edits gain the override
    # they replaced (unknown before, so undo removes it).
    for stack in ("history", "future"):
        raw[stack] = [_v1_op(op, shots, people) for op in raw.get(stack, []) if isinstance(op, dict)]
    return raw


def _v2_shot_ids(raw: Raw) -> dict[str, str]:
    """Old positional shot id -> the id version 2's storyboard gives the same shot."""
    rename: dict[str, str] = {}
    for ep in raw.get("episodes", []):
        for sc in ep.get("scenes", []):
            prev = ""
            for sh in sc.get("shots", []):
                cues = sh.get("cues") or []
                if cues:
                    new = "sh_" + str(cues[0].get("line", "")).split("_", 1)[-1]
                elif sh.get("framing") == "wide":
                    new = f"sh_{str(sc.get('id', '')).split('_', 1)[-1]}e"
                else:
                    new = f"{prev}r"
                rename[str(sh.get("id"))] = new
                prev = new
    return rename


def _v1_op(op: Raw, shots: dict[str, str], people: dict[str, str]) -> Raw:
    """A version 1 operation (an untyped dict of the same shape) as a typed one."""
    kind = op.get("op")
    if kind == "set_shot":
        after = {k: v for k, v in (op.get("after") or {}).items()
                 if k in ("framing", "camera", "subjects", "transition")}
        # The override it replaced was not recorded: undo removes it.
        return {"op": kind, "target": shots.get(op.get("target", ""), op.get("target")),
                "after": after, "prior": None}
    if kind in ("set_look", "set_voice", "set_line"):
        target = op.get("target", "")
        return {"op": kind, "target": people.get(target, target) if kind != "set_line" else target,
                "after": {k: v for k, v in (op.get("after") or {}).items() if v is not None},
                "before": {k: v for k, v in (op.get("before") or {}).items() if v is not None}}
    return op


@upgrader("Character", 1)
def _character_1(raw: Raw) -> Raw:
    for key, label in (("look", "Look.1"), ("voice", "Voice.1")):
        value = raw.get(key)
        raw[key] = {"schema": label, **value} if value else None
    return raw


@upgrader("Line", 1)
def _line_1(raw: Raw) -> Raw:
    meta = dict(raw.get("metadata") or {})
    raw["action"] = meta.pop("action", "")
    raw["metadata"] = meta
    if raw.get("emotion") not in _EMOTIONS:
        raw["emotion"] = "neutral"
    return raw


@upgrader("Line", 2)
def _line_2(raw: Raw) -> Raw:
    # Line 3 only adds the emotion "laugh": every Line.2 is a Line.3 as it stands.
    return raw


@upgrader("Shot", 1)
def _shot_1(raw: Raw) -> Raw:
    meta = dict(raw.get("metadata") or {})
    meta.pop("segment", None)  # re-found in the cache by the render stage
    meta.pop("frames", None)
    raw["metadata"] = meta
    return raw


@upgrader("Scene", 1)
def _scene_1(raw: Raw) -> Raw:
    raw["setting"] = {"schema": "Setting.1", **(raw.get("setting") or {})}
    return raw


# -- Versions that only added optional fields, unset in an older document: ShotPatch 1 -> 2
# (props, hold, pace, steps), ShotStep 1 -> 2 (a step may move its shot), Shot 2 -> 3 and
# ShotPatch 2 -> 3 (props held in a hand), Voice 1 -> 2 (a voice cloned from a recording),
# Outputs 1 -> 2 (the cached soundtrack) -----------------------------------------------------

def _unchanged(raw: Raw) -> Raw:
    return raw


for _kind, _version in (("ShotPatch", 1), ("ShotStep", 1), ("Shot", 2), ("ShotPatch", 2),
                        ("Voice", 1), ("Outputs", 1)):
    upgrader(_kind, _version)(_unchanged)


# -- Character 2 -> 3: reference sheets move from metadata to the typed ``refs`` field ------

@upgrader("Character", 2)
def _character_2(raw: Raw) -> Raw:
    meta = dict(raw.get("metadata") or {})
    sheets = meta.pop("reference_sheets", None)
    refs: dict[str, Any] = {}
    if isinstance(sheets, dict):
        for view, asset in sheets.items():
            # A broken record was never used (it was skipped when read): it is dropped.
            if isinstance(asset, dict) and isinstance(asset.get("path"), str):
                refs[str(view)] = {"schema": "Asset.1", **asset}
    raw["refs"] = refs
    raw["metadata"] = meta
    return raw
