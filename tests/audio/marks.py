"""Shared pytest marks for the audio tests."""

import pytest

from manju.audio.tts import espeak_available

needs_espeak = pytest.mark.skipif(
    not espeak_available(), reason="espeak-ng is not installed (apt-get install espeak-ng)"
)
