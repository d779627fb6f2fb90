"""Upgrade functions: each turns a raw document of version N into version N+1."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manju.errors import ProjectError

Raw = dict[str, Any]
_UPGRADES: dict[int, Callable[[Raw], Raw]] = {}


def upgrader(from_version: int) -> Callable[[Callable[[Raw], Raw]], Callable[[Raw], Raw]]:
    """Register a function that upgrades a raw document from ``from_version`` to the next."""

    def register(fn: Callable[[Raw], Raw]) -> Callable[[Raw], Raw]:
        _UPGRADES[from_version] = fn
        return fn

    return register


def upgrade(raw: Raw, target: int) -> Raw:
    """Apply registered upgrades until ``raw`` reaches ``target``; refuse newer documents."""
    version = int(raw.get("version", 0))
    if version > target:
        raise ProjectError(
            f"project.json is version {version}, newer than this manju understands ({target}); "
            "upgrade manju"
        )
    while version < target:
        fn = _UPGRADES.get(version)
        if fn is None:
            raise ProjectError(f"no upgrade from project version {version}")
        raw = fn(dict(raw))
        version += 1
        raw["version"] = version
    return raw


@upgrader(0)
def _v0_to_v1(raw: Raw) -> Raw:
    # Version 0 documents predate the schema label; they are otherwise identical.
    raw.setdefault("schema", "Project.1")
    return raw
