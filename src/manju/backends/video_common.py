"""What the video backends share: trimming a request to a model's capabilities, pictures as
base64 and data URLs, and a tiny MP4 maker for the fake servers."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from manju.backends.protocols import VideoRequest


def fit_request(caps: dict[str, Any], req: VideoRequest) -> tuple[VideoRequest, list[str]]:
    """``req`` trimmed to what the model takes (per its capability row), and one note per
    change: a last frame, references or a motion clip the model cannot take are left out (so
    are references when the row says ``references_alone`` and the request has a frame), and
    the duration becomes the shortest allowed one that covers it, else the longest (from
    ``reference_durations`` when references go with the request and the row has them)."""
    notes: list[str] = []
    changes: dict[str, Any] = {}
    if req.first_frame is not None and not caps.get("first_frame", True):
        changes["first_frame"] = None
        notes.append("first frame left out (text to video only)")
    if req.last_frame is not None and not caps.get("last_frame"):
        changes["last_frame"] = None
        notes.append("last frame left out (the model takes none)")
    most = int(caps.get("references") or 0)
    if len(req.references) > most:
        changes["references"] = tuple(req.references[:most])
        notes.append(f"{len(req.references) - most} reference pictures left out (the model "
                     f"takes {most})")
    refs = changes.get("references", req.references)
    framed = (changes.get("first_frame", req.first_frame) is not None
              or changes.get("last_frame", req.last_frame) is not None)
    if refs and framed and caps.get("references_alone"):
        # Seedance and Veo 3.1 take references only in their reference mode, never with a
        # first or last frame: the frame carries the storyboard's layout, so it wins.
        changes["references"] = refs = ()
        notes.append(f"{len(req.references)} reference pictures left out (the model takes "
                     "them only without a first or last frame)")
    if req.motion is not None and not caps.get("motion"):
        changes["motion"] = None
        notes.append("motion reference left out (the model takes none)")
    allowed = caps.get("reference_durations") if refs else None
    durations = sorted(float(d) for d in allowed or caps.get("durations") or [])
    if durations and req.duration not in durations:
        fit = next((d for d in durations if d >= req.duration - 1e-6), durations[-1])
        changes["duration"] = fit
        notes.append(f"duration {req.duration:g} s -> {fit:g} s (the model makes "
                     f"{', '.join(f'{d:g}' for d in durations)} s"
                     f"{' with references' if allowed else ''})")
    return (dataclasses.replace(req, **changes) if changes else req), notes


def reference_room(caps: dict[str, Any], framed: bool) -> int:
    """How many reference pictures the model takes in a request that has (``framed``) or has
    not a first or last frame the model keeps: its ``references``, none when the row says
    ``references_alone`` and the request is framed (the same rule as :func:`fit_request`)."""
    if framed and caps.get("references_alone"):
        return 0
    return int(caps.get("references") or 0)


def obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (for reading answers whose
    fields may be missing or null)."""
    return value if isinstance(value, dict) else {}


def b64(data: bytes) -> str:
    """Plain base64 text."""
    return base64.b64encode(data).decode("ascii")


def data_url(data: bytes, mime: str = "image/png") -> str:
    """A ``data:`` URL, for APIs that take pictures inline that way."""
    return f"data:{mime};base64,{b64(data)}"


def aspect_name(width: int, height: int, choices: list[str]) -> str:
    """The aspect ratio in ``choices`` (``"9:16"``) nearest ``width``/``height``."""
    want = width / max(1, height)

    def off(r: str) -> float:
        a, b = (int(v) for v in r.split(":"))
        return abs(a / b - want)

    return min(choices, key=off)


def tiny_mp4(width: int = 32, height: int = 56, frames: int = 6, fps: int = 6,
             seed: int = 0) -> bytes:
    """A small valid H.264 MP4 (for fake servers and tests)."""
    import io

    import av
    import numpy as np

    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(frames):
            shade = (seed * 37 + i * 20) % 256
            arr = np.full((height, width, 3), shade, np.uint8)
            arr[:, : width // 2, 0] = 255 - shade
            for packet in stream.encode(av.VideoFrame.from_ndarray(arr, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buf.getvalue()
