"""One protocol per backend kind. Built-in and third-party backends implement the same ones."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class TTSBackend(Protocol):
    """Speaks a line of text in a voice.

    ``config`` is a frozen, JSON-able description recorded with every clip it makes.
    """

    name: str
    config: dict[str, Any]

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Mono float32 samples in [-1, 1] and their sample rate."""
        ...


@runtime_checkable
class MusicBackend(Protocol):
    """Makes background music for a mood."""

    name: str
    config: dict[str, Any]

    def score(self, mood: str, duration: float, sr: int, seed: int) -> np.ndarray:
        """Stereo float32 samples of shape (n, 2)."""
        ...
