"""The backend registry: every backend, built-in or third-party, comes from ``manju.backends``
entry points named ``KIND.NAME`` (e.g. ``tts.espeak``)."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from manju.errors import BackendError

KINDS = ("llm", "image", "video", "tts", "music", "embed")


def available(kind: str | None = None) -> dict[str, Any]:
    """Entry points by ``KIND.NAME`` (not loaded), optionally only one kind."""
    found = {ep.name: ep for ep in entry_points(group="manju.backends")}
    if kind:
        found = {k: v for k, v in found.items() if k.split(".", 1)[0] == kind}
    return found


def load(kind: str, name: str, **config: Any) -> Any:
    """Instantiate backend ``kind.name`` with ``config``; clear error when missing or broken."""
    key = f"{kind}.{name}"
    eps = available(kind)
    if key not in eps:
        names = ", ".join(sorted(k.split(".", 1)[1] for k in eps)) or "none"
        raise BackendError(f"no {kind} backend named {name!r} (installed: {names})")
    try:
        cls = eps[key].load()
    except ImportError as e:
        raise BackendError(f"{kind} backend {name!r} needs a missing package: {e.name or e}") from None
    return cls(**config)
