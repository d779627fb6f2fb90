"""Built-in offline music backend: numpy synthesis of a score per mood."""

from __future__ import annotations

from typing import Any

import numpy as np


class SynthMusic:
    """``music.synth``: generated pads, bass and melody; deterministic per seed."""

    name = "synth"
    #: the package files whose code makes its output (part of every score's cache key)
    code_paths = ("backends/synth.py", "audio/music.py")

    def __init__(self, **config: Any) -> None:
        self.config = {"engine": "numpy-synth", **config}

    def score(self, mood: str, duration: float, sr: int, seed: int) -> np.ndarray:
        """Stereo music for ``mood`` lasting ``duration`` seconds."""
        from manju.audio.music import score

        return score(mood, duration, sr=sr, seed=seed)

    def loop(self, mood: str, sr: int, seed: int) -> np.ndarray:
        """The seamless loop ``score`` tiles (the costly part, the same at any length)."""
        from manju.audio.music import score_loop

        return score_loop(mood, sr=sr, seed=seed)

    def fit(self, loop: np.ndarray, duration: float, sr: int) -> np.ndarray:
        """``score`` made from its :meth:`loop`: the same samples."""
        from manju.audio.music import fit

        return fit(loop, duration, sr)
