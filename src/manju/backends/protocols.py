"""One protocol per backend kind. Built-in and third-party backends implement the same ones."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

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

    # A backend that holds a model in memory may also offer ``release()``: the voice stage
    # calls it when the stage ends, so the model's memory is back before the render workers
    # start (they are forked from this process and would each count it again).


@runtime_checkable
class MusicBackend(Protocol):
    """Makes background music for a mood. A backend whose music is a loop tiled to length may
    also offer ``loop(mood, sr, seed)`` and ``fit(loop, duration, sr)`` (``score`` being
    ``fit(loop(...), ...)``): the loop is then cached apart, so a scene that changes length
    is not composed again."""

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


@dataclass(frozen=True)
class ImageRequest:
    """One picture to make: text to image, or image(s) to image.

    ``init`` is a PNG the result should follow (layout guidance: where things are, for img2img
    or a control net), weighted by ``strength`` (0: keep it, 1: ignore it); ``references`` are
    PNGs whose subjects or style the result should carry (character sheets); ``mask`` is a PNG
    whose transparent pixels an edit may change. ``mode`` is ``"generate"`` or ``"edit"``.
    Images travel as bytes, never as URLs.
    """

    prompt: str
    width: int
    height: int
    seed: int = 0
    negative: str = ""
    init: bytes | None = None
    strength: float = 0.6
    references: tuple[bytes, ...] = ()
    mask: bytes | None = None
    mode: Literal["generate", "edit"] = "generate"

    def fingerprint(self) -> dict[str, Any]:
        """A JSON-able description of the request, images as their sha256 (part of job keys)."""
        def digest(b: bytes | None) -> str | None:
            return hashlib.sha256(b).hexdigest() if b is not None else None

        return {"prompt": self.prompt, "width": self.width, "height": self.height,
                "seed": self.seed, "negative": self.negative, "init": digest(self.init),
                "strength": round(float(self.strength), 4),
                "references": [digest(r) for r in self.references], "mask": digest(self.mask),
                "mode": self.mode}


@dataclass
class ImageResult:
    """A finished picture: PNG bytes and what the provider said about it (its task id, the
    model that made it, a revised prompt)."""

    png: bytes
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class VideoRequest:
    """One clip to make from a still: the ``first_frame`` PNG (the shot as manju draws it,
    without lettering), optionally a ``last_frame``, reference PNGs (character sheets) and a
    ``motion`` reference clip (MP4 bytes); ``duration`` in seconds, ``width``/``height`` give
    the shape. A backend's ``capabilities`` say which of these it takes
    (:func:`manju.backends.video_common.fit_request` trims a request to them)."""

    prompt: str
    width: int
    height: int
    duration: float
    first_frame: bytes | None = None
    last_frame: bytes | None = None
    references: tuple[bytes, ...] = ()
    motion: bytes | None = None
    seed: int = 0
    negative: str = ""

    def fingerprint(self) -> dict[str, Any]:
        """A JSON-able description of the request, media as their sha256 (part of job keys)."""
        def digest(b: bytes | None) -> str | None:
            return hashlib.sha256(b).hexdigest() if b is not None else None

        return {"prompt": self.prompt, "width": self.width, "height": self.height,
                "duration": round(float(self.duration), 3),
                "first_frame": digest(self.first_frame), "last_frame": digest(self.last_frame),
                "references": [digest(r) for r in self.references], "motion": digest(self.motion),
                "seed": self.seed, "negative": self.negative}


@dataclass
class VideoResult:
    """A finished clip: MP4 bytes and what the provider said about it."""

    mp4: bytes
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobStatus:
    """Where a submitted job stands: ``queued``, ``running``, ``done`` (with ``result``),
    ``failed`` (with ``error``) or ``expired`` (the provider no longer knows the task id)."""

    state: Literal["queued", "running", "done", "failed", "expired"]
    result: ImageResult | VideoResult | None = None
    error: str = ""
    retry_after: float | None = None


@runtime_checkable
class ImageBackend(Protocol):
    """Makes pictures: text to image, image plus references to image, and edits.

    ``config`` (never a secret) is recorded with every picture it makes and is part of the
    job key. ``capabilities`` says what a request may carry: ``{"init": bool, "references":
    int, "mask": bool, "sizes": [...] | None}``. ``cost(request)`` is the expected price in US
    dollars (0 for a local server). ``generate`` makes the picture and returns it, raising
    :class:`~manju.errors.BackendError` with a clear message when it cannot.
    """

    name: str
    config: dict[str, Any]
    capabilities: dict[str, Any]

    def cost(self, request: ImageRequest) -> float:
        """Expected price of ``request`` in US dollars."""
        ...

    def generate(self, request: ImageRequest) -> ImageResult:
        """Make the picture (blocking)."""
        ...


@runtime_checkable
class AsyncImageBackend(ImageBackend, Protocol):
    """An image backend whose provider queues work under a task id: the job ledger records
    the id returned by ``submit`` before it polls, so a restarted run polls the same task
    instead of paying for a new one."""

    def submit(self, request: ImageRequest) -> str:
        """Queue the request; the provider's task id."""
        ...

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands (one request, no waiting)."""
        ...

    def cancel(self, task_id: str) -> None:
        """Ask the provider to stop the task (best effort)."""
        ...

    def deadline(self, request: ImageRequest) -> float:
        """Seconds of running time after which a task of this size counts as lost."""
        ...


@runtime_checkable
class VideoBackend(Protocol):
    """Turns a still into a clip (image to video), asynchronously: the provider queues the
    work under a task id, which the job ledger records before it polls.

    ``capabilities`` is the model's row of its capability table: ``{"durations": [5, 10],
    "aspects": ["9:16", ...], "first_frame": bool, "last_frame": bool, "references": int,
    "motion": bool, "audio": bool}``; a request is trimmed to it before it is sent.
    """

    name: str
    config: dict[str, Any]
    capabilities: dict[str, Any]

    def cost(self, request: VideoRequest) -> float:
        """Expected price of ``request`` in US dollars."""
        ...

    def submit(self, request: VideoRequest) -> str:
        """Queue the request; the provider's task id."""
        ...

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands; a ``VideoResult`` when done."""
        ...

    def cancel(self, task_id: str) -> None:
        """Ask the provider to stop the task (best effort)."""
        ...

    def deadline(self, request: VideoRequest) -> float:
        """Seconds of running time after which the task counts as lost."""
        ...


@dataclass(frozen=True)
class CloneLimits:
    """What a provider takes as a reference recording for voice cloning: container formats
    (``"wav"``, ``"mp3"``, ``"m4a"``), the shortest and longest duration in seconds and the
    largest file in bytes."""

    formats: tuple[str, ...]
    min_seconds: float
    max_seconds: float
    max_bytes: int


@runtime_checkable
class VoiceCloningBackend(TTSBackend, Protocol):
    """A speech backend that can clone a voice from a reference recording.

    Cloning is paid work: :func:`manju.jobs.voice_clone.clone_voice` runs it through the job
    ledger, so a recording is cloned once per provider and model. ``clone`` uploads the
    recording (as data, never a URL) and returns the provider's voice id; a voice dict whose
    ``"clone"`` is that id is then spoken in the cloned voice. ``planned_voice_id`` is the id
    to ask for where the provider lets the caller choose it (None where it assigns one), so
    the ledger holds it before the request is sent; ``has_voice`` says whether the provider
    still knows a voice (None where it cannot tell). A backend whose provider assigns the id
    may offer ``find_clone(reference_sha256) -> str | None``: the voice an earlier request for
    that recording made, found by the name it was given.
    """

    clone_limits: CloneLimits

    def clone_cost(self) -> float:
        """Expected price of one clone in US dollars."""
        ...

    def clone_config(self) -> dict[str, Any]:
        """What a clone depends on besides the recording (provider account, model): part of
        the clone job's key."""
        ...

    def planned_voice_id(self, key: str) -> str | None:
        """The voice id to ask for, made from the job key, or None."""
        ...

    def clone(self, clip: bytes, filename: str, voice_id: str | None) -> str:
        """Upload ``clip`` and clone it; the provider's voice id."""
        ...

    def has_voice(self, voice_id: str) -> bool | None:
        """Whether the provider still knows ``voice_id`` (None: cannot tell)."""
        ...
