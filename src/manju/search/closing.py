"""The closing shot of an answer video: a still made by the configured image backend from a
prompt built from the query and the top moment, shown with a slow push-in and the answer's
closing caption lettered by manju. The picture is asked for through the answer folder's job
ledger, so running the same answer again never pays for it twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from manju.search.engine import Hit
from manju.search.text import is_chinese

#: Seconds the closing shot stays on screen, and how far the camera pushes in over them.
SECONDS = 3.5
ZOOM = 0.08


@dataclass
class Closing:
    """The generated still (a PNG in the answer folder's cache) and its ledger row."""

    image: Path
    job: str
    caption: str
    prompt: str
    reused: bool


def prompt(query: str, top: Hit) -> str:
    """The picture's prompt: what was asked, and the top moment's story, speakers and words;
    no text in the picture (the caption is lettered by manju)."""
    who = f" {', '.join(top.speakers)} in the scene." if top.speakers else ""
    words = " ".join(top.line.split())[:240]
    return (f"A closing still for a short video answering “{query.strip()}”, from the story "
            f"“{top.title}”.{who} The moment: {words} Painted motion-comic style, cinematic "
            "light, vertical frame, one calm image; no text, letters, captions or speech "
            "bubbles.")


def caption(query: str, hits: list[Hit]) -> str:
    """The answer's closing caption, in the query's language."""
    q = query.strip().rstrip("。.!?！？")
    titles = list(dict.fromkeys(h.title for h in hits))
    if is_chinese(query):
        return f"“{q}” —— 来自{'、'.join(f'《{t}》' for t in titles)}"
    return f"“{q}” — from {', '.join(titles)}"


def generate(query: str, hits: list[Hit], backend: Any, out_dir: Path, size: tuple[int, int],
             *, budget: float | None = None,
             notice: Callable[[str], None] | None = None) -> Closing:
    """Ask ``backend`` for the closing still through ``out_dir``'s job ledger (a rerun with
    the same query, moments and backend takes the finished picture from the cache)."""
    from manju.backends.protocols import ImageRequest
    from manju.cache import Cache
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner

    text = prompt(query, hits[0])
    width, height = size
    request = ImageRequest(text, width, height, seed=0,
                           negative="text, letters, watermark, speech bubble")
    with Ledger.for_project(out_dir) as ledger:
        runner = JobRunner(ledger, Cache(out_dir / ".cache"), out_dir, budget=budget,
                           notice=notice)
        path, job = runner.run(backend, request, purpose="answer closing shot")
        reused = runner.reused > 0
    return Closing(path, job.key, caption(query, hits), text, reused)


def frames(still: Path, caption_band: np.ndarray, width: int, height: int,
           n: int) -> Iterator[np.ndarray]:
    """``n`` RGBA frames of ``still`` filling the frame (cropped to its shape), the camera
    pushing in slowly towards the centre, with ``caption_band`` over it."""
    import cv2

    from manju.search.answer import _over

    img = _read_rgba(still)
    h0, w0 = img.shape[:2]
    cover = max(width / w0, height / h0)
    for i in range(n):
        z = cover * (1.0 + ZOOM * (i / max(1, n - 1)))
        # the still's centre stays at the frame's centre while it grows
        m = np.array([[z, 0.0, width / 2 - z * w0 / 2], [0.0, z, height / 2 - z * h0 / 2]])
        frame = cv2.warpAffine(img, m, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
        frame[..., 3] = 255
        yield _over(frame, caption_band)


def _read_rgba(path: Path) -> np.ndarray:
    import skia

    img = skia.Image.open(str(path))
    return np.ascontiguousarray(img.toarray(colorType=skia.kRGBA_8888_ColorType))
