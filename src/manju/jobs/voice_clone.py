"""Voice cloning as a paid job: a character's voice cloned from a recording, once.

:func:`check_reference` reads the recording first (it must exist, be audio in a format the
provider takes, and last and weigh what the provider allows), so nothing is paid for a file
the provider would refuse. :func:`clone_voice` runs the clone through the job ledger
(``DIR/jobs.sqlite``), keyed by the recording's sha256, the provider and its model:

- a finished row gives its voice id with no clone (checked to be still there where the
  provider can tell; MiniMax deletes a clone unused for 7 days, which is then cloned anew);
- where the provider lets the caller choose the id, the id is in the row before the request
  is sent, and a row a killed run left half-sent is resolved by asking the provider whether
  that voice exists: it is never cloned twice;
- otherwise the row is written (``submitting``), the clone sent, and the returned voice id
  recorded before anything else; a provider that assigns the id is asked, after a run killed
  while the request was out, for a clone by the name the request gave it (``find_clone``).

:func:`set_cloned_voice` is what ``manju cast DIR set NAME --voice-ref CLIP`` does: the
recording is copied into the project, cloned, and the character's voice set to the clone by
an ordinary ``set_voice`` edit (undone like any other).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manju.backends.protocols import CloneLimits
from manju.cache import content_hash
from manju.errors import BackendError, InputError
from manju.jobs.ledger import Job, Ledger

KIND = "voice_clone"
#: container names (as FFmpeg gives them) -> the format a provider's limits name
_FORMATS = {"wav": "wav", "mp3": "mp3", "mov": "m4a", "mp4": "m4a", "m4a": "m4a",
            "flac": "flac", "ogg": "ogg", "aac": "aac"}


@dataclass(frozen=True)
class Reference:
    """A checked reference recording: its bytes, format, length and checksum."""

    path: Path
    data: bytes
    format: str
    seconds: float
    sha256: str

    @property
    def filename(self) -> str:
        """The name it is uploaded under (the provider reads the format from it)."""
        return f"reference.{self.format}"


def probe_audio(path: Path) -> tuple[str, float]:
    """The format (``wav``, ``mp3``, ``m4a``...) and length in seconds of an audio file;
    InputError when it is not audio."""
    import av

    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                raise InputError(f"{path} has no sound in it (a recording is needed: wav, mp3 "
                                 "or m4a)")
            names = str(container.format.name).split(",")
            fmt = next((_FORMATS[n] for n in names if n in _FORMATS), names[0])
            seconds = float(container.duration) / 1e6 if container.duration else 0.0
            if seconds <= 0.0:
                # No length in the header: count the decoded samples.
                stream = streams[0]
                n = sum(frame.samples for frame in container.decode(stream))
                seconds = n / float(stream.rate or 1)
    except (av.FFmpegError, ValueError, OSError) as e:
        raise InputError(f"{path} is not an audio file that can be read ({e})") from None
    return fmt, seconds


def check_reference(clip: str | Path, limits: CloneLimits) -> Reference:
    """``clip`` read and checked against what the provider takes (InputError otherwise)."""
    path = Path(clip)
    if not path.exists():
        raise InputError(f"--voice-ref: no file {path}")
    if not path.is_file():
        raise InputError(f"--voice-ref: {path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"--voice-ref: {path} is empty")
    if size > limits.max_bytes:
        raise InputError(f"--voice-ref: {path} is {size / 1e6:.1f} MB; the provider takes at "
                         f"most {limits.max_bytes / 1e6:.0f} MB (shorten it or lower its "
                         "bitrate)")
    fmt, seconds = probe_audio(path)
    if fmt not in limits.formats:
        raise InputError(f"--voice-ref: {path} is {fmt}; the provider takes "
                         f"{', '.join(limits.formats)}")
    if not limits.min_seconds <= seconds <= limits.max_seconds:
        raise InputError(f"--voice-ref: {path} lasts {seconds:.1f} s; the provider needs "
                         f"{limits.min_seconds:g} s to {limits.max_seconds:g} s of speech")
    data = path.read_bytes()
    return Reference(path, data, fmt, round(seconds, 3), hashlib.sha256(data).hexdigest())


def can_clone(backend: Any) -> bool:
    """Whether ``backend`` clones voices (see :class:`~manju.backends.protocols.VoiceCloningBackend`)."""
    return isinstance(getattr(backend, "clone_limits", None), CloneLimits) and all(
        callable(getattr(backend, m, None))
        for m in ("clone", "has_voice", "planned_voice_id", "clone_cost", "clone_config"))


def clone_key(backend: Any, reference_sha256: str) -> str:
    """The clone job's key: the recording, the provider and what it clones for (its model and
    account, never the key)."""
    return content_hash(f"{KIND}-job", backend.name, backend.clone_config(), reference_sha256)


def clone_voice(ledger: Ledger, backend: Any, ref: Reference, *, purpose: str = "",
                stored: str = "", notice: Callable[[str], None] | None = None) -> tuple[str, Job]:
    """The provider's voice id for ``ref``, cloned at most once (see the module docstring).
    ``stored`` is where the project keeps the recording (the row's result)."""
    say = notice or (lambda msg: None)
    key = clone_key(backend, ref.sha256)
    label = f"{backend.name} voice clone {key[:10]}" + (f" ({purpose})" if purpose else "")
    job = ledger.get(key)
    if job is not None and job.task_id and job.state in ("done", "submitted"):
        if backend.has_voice(job.task_id) is not False:
            if job.state != "done":
                ledger.done(key, stored, ref.sha256, {"voice_id": job.task_id})
            row = ledger.get(key)
            assert row is not None
            return job.task_id, row
        say(f"jobs: the provider no longer has voice {job.task_id} of {label} (a clone unused "
            "for 7 days is deleted); cloning it again")
    planned = backend.planned_voice_id(key)
    if planned and backend.has_voice(planned):
        # A run stopped after the clone went through, or another project cloned the same
        # recording on this account: the voice is there, nothing is sent.
        if job is None:
            ledger.begin(key, kind=KIND, provider=backend.name,
                         model=str(backend.clone_config().get("model", "")), purpose=purpose,
                         params=_params(ref, planned), cost=0.0)
        ledger.submitted(key, planned)
        ledger.done(key, stored, ref.sha256, {"voice_id": planned, "found": True})
        row = ledger.get(key)
        assert row is not None
        return planned, row
    find = getattr(backend, "find_clone", None)
    if job is not None and job.state == "submitting" and not planned and callable(find):
        # The provider names nothing in advance, but the clone carries a name made from the
        # recording: a request a stopped run sent is found by it.
        found = find(ref.sha256)
        if found:
            ledger.submitted(key, str(found))
            ledger.done(key, stored, ref.sha256, {"voice_id": str(found), "found": True})
            row = ledger.get(key)
            assert row is not None
            return str(found), row
    if job is not None and job.state == "submitting":
        say(f"jobs: {label} was being sent when a run stopped and did not reach the provider; "
            "sending it again" if planned else
            f"jobs: {label} was being sent when a run stopped; sending it again (the provider "
            "may count both)")
    ledger.begin(key, kind=KIND, provider=backend.name,
                 model=str(backend.clone_config().get("model", "")), purpose=purpose,
                 params=_params(ref, planned), cost=float(backend.clone_cost()))
    try:
        voice_id = str(backend.clone(ref.data, ref.filename, planned))
    except BackendError as e:
        ledger.failed(key, str(e))
        raise
    # Written before anything else: a restart from here on reuses the voice.
    ledger.submitted(key, voice_id)
    ledger.done(key, stored, ref.sha256, {"voice_id": voice_id})
    row = ledger.get(key)
    assert row is not None
    return voice_id, row


def _params(ref: Reference, planned: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": ref.sha256, "format": ref.format, "seconds": ref.seconds,
                           "bytes": len(ref.data)}
    if planned:
        out["voice_id"] = planned
    return out


def set_cloned_voice(session: Any, target: str, clip: str | Path) -> tuple[Any, Job]:
    """Clone ``target``'s voice from ``clip`` with the project's speech backend and make it
    the character's voice (a ``set_voice`` edit); the edit and the ledger row."""
    from manju.doc.ops import find_character

    c = find_character(session.project, target)
    if not Path(clip).exists():
        raise InputError(f"--voice-ref: no file {clip}")
    backend = session.backend("tts")
    if not can_clone(backend):
        raise InputError(f"the project speaks with tts.{backend.name}, which cannot clone a voice "
                         "from a recording; choose a speech backend that can (`manju make STORY "
                         "--out DIR --tts minimax`, see docs/backends.md)")
    ref = check_reference(clip, backend.clone_limits)
    from manju.cache import Cache

    cache = Cache(session.out_dir / ".cache")
    path = cache.put_bytes("remote", "voiceref_" + ref.sha256[:20], f".{ref.format}", ref.data)
    stored = session.project.relative(path)
    with Ledger.for_project(session.out_dir) as ledger:
        voice_id, job = clone_voice(ledger, backend, ref, purpose=f"voice of {c.name}",
                                    stored=stored, notice=session.progress.notice)
    op = session.edit("set_voice", c.id, reference=stored, reference_sha256=ref.sha256,
                      clone=voice_id, clone_backend=f"tts.{backend.name}")
    return op, job
