"""Built-in offline TTS backend: espeak-ng voices (English and Mandarin)."""

from __future__ import annotations

from typing import Any

import numpy as np


class EspeakTTS:
    """``tts.espeak``: fast, offline, distinct voices through espeak-ng."""

    name = "espeak"
    #: the package files whose code makes its output (part of every clip's cache key)
    code_paths = ("backends/espeak.py", "audio/tts.py", "audio/textnorm.py", "audio/voices.py",
                  "audio/analysis.py", "audio/kokoro_voices.py")

    def __init__(self, **config: Any) -> None:
        self.config = {"engine": "espeak-ng", **config}

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Speak ``text`` with the espeak voice described by ``voice`` (a VoiceSpec dict)."""
        from manju.audio.kokoro_voices import espeak_voice
        from manju.audio.tts import synthesize
        from manju.audio.voices import SR, VoiceSpec

        # A voice cast for the neural engine is drafted with the espeak voice standing in for it.
        voice = espeak_voice(voice)
        fields = {k: v for k, v in voice.items() if k in VoiceSpec.__dataclass_fields__}
        return synthesize(text, VoiceSpec(**fields)), SR
