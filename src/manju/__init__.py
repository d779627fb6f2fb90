"""manju: turn a story into a motion comic, offline.

``manju.Session`` is the one API the command line, the studio and the editor use (imported
lazily, so ``import manju`` and ``manju --help`` do no work).
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["Session", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Session":
        from manju.session import Session

        return Session
    raise AttributeError(f"module 'manju' has no attribute {name!r}")
