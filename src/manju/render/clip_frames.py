"""Frames of a generated clip, read in order and scaled to cover the shot's frame."""

from __future__ import annotations

from typing import Any

import numpy as np
import skia


class ClipFrames:
    """Decodes an MP4 sequentially; :meth:`at` gives the frame shown at time ``t`` (the last
    frame is held when the shot is longer than the clip)."""

    def __init__(self, path: str, width: int, height: int) -> None:
        import av

        self.W, self.H = width, height
        self._container: Any = av.open(path)
        stream = self._container.streams.video[0]
        self._frames = self._container.decode(stream)
        self._next: Any = None
        self._current: skia.Image | None = None
        self._done = False

    def _image(self, frame: Any) -> skia.Image:
        rgba = np.ascontiguousarray(frame.to_ndarray(format="rgba"))
        img = skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType)
        scale = max(self.W / img.width(), self.H / img.height())
        w, h = img.width() * scale, img.height() * scale
        surf = skia.Surface(self.W, self.H)
        surf.getCanvas().drawImageRect(img, skia.Rect.MakeXYWH((self.W - w) / 2,
                                                               (self.H - h) / 2, w, h),
                                       skia.SamplingOptions(skia.FilterMode.kLinear))
        return surf.makeImageSnapshot()

    def _pull(self) -> Any:
        if self._done:
            return None
        try:
            return next(self._frames)
        except StopIteration:
            self._done = True
            return None

    def at(self, t: float) -> skia.Image:
        """The frame at ``t`` seconds (times must not go backwards)."""
        if self._next is None and self._current is None:
            self._next = self._pull()
        while self._next is not None and (self._current is None or
                                          float(self._next.time or 0.0) <= t + 1e-6):
            self._current = self._image(self._next)
            self._next = self._pull()
        if self._current is None:
            raise ValueError("the clip has no frames")
        return self._current

    def close(self) -> None:
        """Close the file."""
        self._container.close()
