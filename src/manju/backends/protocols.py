"""One protocol per backend kind. Built-in and third-party backends implement the same ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from pydantic import BaseModel


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


@runtime_checkable
class LLMBackend(Protocol):
    """A language model that answers with JSON validated against a pydantic model.

    ``messages`` are OpenAI-style chat messages (``{"role": ..., "content": ...}``). An
    implementation must return an instance of ``schema`` or raise a ``BackendError``; it should
    cache answers so a re-run never re-bills. ``config`` (never a secret) is recorded with
    everything made from its answers. See :class:`manju.backends.openai_llm.OpenAILLM`.
    """

    name: str
    config: dict[str, Any]

    def complete_json(self, messages: list[dict[str, Any]], schema: type[BaseModel]) -> BaseModel:
        """One JSON object matching ``schema``, validated."""
        ...
