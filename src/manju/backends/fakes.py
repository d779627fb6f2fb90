"""Test doubles registered like any backend (``tts.fake``, ``music.fake``): deterministic,
instant and free of system dependencies, so the whole pipeline runs on a machine without
espeak-ng. Like diffusers' tiny test components, they exercise the real code paths around
them; they are not meant to sound good."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np


class FakeTTS:
    """``tts.fake``: a voiced-sounding buzz whose length follows the text and whose pitch
    follows the voice, so lip sync, timing and mixing behave as with real speech."""

    name = "fake"
    code_paths = ("backends/fakes.py",)

    def __init__(self, sr: int = 16000, seconds_per_char: float = 0.06, **config: Any) -> None:
        self.sr = int(sr)
        self.seconds_per_char = float(seconds_per_char)
        self.config = {"engine": "fake", "sr": self.sr, "seconds_per_char": self.seconds_per_char,
                       **config}
        self.calls = 0

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Samples in [-1, 1] at ``self.sr``: syllable-like bursts, about 60 ms a character."""
        self.calls += 1
        n = max(1, round(max(0.4, len(text.strip()) * self.seconds_per_char) * self.sr))
        seed = int(hashlib.sha256(f"{text}|{sorted(voice.items())}".encode()).hexdigest()[:8], 16)
        f0 = 90.0 + 2.2 * float(voice.get("pitch", 50))
        t = np.arange(n) / self.sr
        rng = np.random.default_rng(seed)
        carrier = np.sin(2 * np.pi * f0 * t) + 0.3 * np.sin(2 * np.pi * 2 * f0 * t)
        syll = 0.5 + 0.5 * np.sin(2 * np.pi * (3.5 + rng.random()) * t - np.pi / 2)
        x = 0.3 * carrier * syll
        fade = min(n // 4, int(0.02 * self.sr))
        if fade:
            ramp = np.linspace(0.0, 1.0, fade)
            x[:fade] *= ramp
            x[-fade:] *= ramp[::-1]
        return x.astype(np.float32), self.sr


class FakeMusic:
    """``music.fake``: a quiet stereo chord per mood, deterministic per seed."""

    name = "fake"
    code_paths = ("backends/fakes.py",)

    def __init__(self, **config: Any) -> None:
        self.config = {"engine": "fake", **config}

    def score(self, mood: str, duration: float, sr: int, seed: int) -> np.ndarray:
        """Stereo float32 samples of shape (n, 2)."""
        n = max(1, round(duration * sr))
        t = np.arange(n) / sr
        root = 110.0 * (1 + (sum(map(ord, mood)) + seed) % 7 / 12)
        x = sum(np.sin(2 * np.pi * root * r * t) for r in (1.0, 1.25, 1.5)) * 0.05
        return np.stack([x, x], axis=1).astype(np.float32)
