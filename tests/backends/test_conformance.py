"""Every registered backend, built-in or not, satisfies the protocol of its kind."""

from __future__ import annotations

import numpy as np
import pytest

from manju.backends import registry
from manju.backends.protocols import LLMBackend, MusicBackend, TTSBackend

PROTOCOLS = {"tts": TTSBackend, "music": MusicBackend, "llm": LLMBackend}
# Backends that need a configured service to be constructed at all.
NEEDS_SERVICE = {"tts.openai": {"base_url": "http://127.0.0.1:9/v1"},
                 "llm.openai": {"base_url": "http://127.0.0.1:9/v1", "model": "m"}}


@pytest.mark.parametrize("key", sorted(registry.available()))
def test_registered_backend_satisfies_its_protocol(key):
    kind, name = key.split(".", 1)
    assert kind in registry.KINDS
    backend = registry.load(kind, name, **NEEDS_SERVICE.get(key, {}))
    if kind in PROTOCOLS:
        assert isinstance(backend, PROTOCOLS[kind])
    assert backend.name == name and isinstance(backend.config, dict)
    import json

    json.dumps(backend.config)  # recorded with every asset: must be JSON
    assert "api_key" not in json.dumps(backend.config).lower()


def test_builtin_entry_points_include_the_test_doubles():
    names = set(registry.available())
    assert {"tts.espeak", "tts.fake", "music.synth", "music.fake"} <= names


def test_fake_backends_are_deterministic_and_well_formed():
    tts = registry.load("tts", "fake")
    a, sr = tts.synthesize("Hello there.", {"pitch": 50})
    b, _ = tts.synthesize("Hello there.", {"pitch": 50})
    assert a.dtype == np.float32 and a.ndim == 1 and np.array_equal(a, b)
    assert np.abs(a).max() <= 1.0 and sr > 0
    music = registry.load("music", "fake").score("calm", 1.5, 48000, 3)
    assert music.shape == (72000, 2) and music.dtype == np.float32
