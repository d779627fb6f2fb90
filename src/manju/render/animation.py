"""Animations follow begin / interpolate(alpha) / finish; the camera move is one of them."""

from __future__ import annotations

from dataclasses import dataclass

from manju.render import easing as easings


class Animation:
    """Something that changes over a shot. Subclasses implement ``interpolate``."""

    def __init__(self, easing: str = "linear") -> None:
        self.ease = easings.get(easing)

    def begin(self) -> None:
        """Prepare (called once before the first frame)."""

    def interpolate(self, alpha: float) -> object:
        """State at raw progress ``alpha`` in [0, 1] (easing applied by the subclass)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Clean up (called once after the last frame)."""


@dataclass(frozen=True)
class View:
    """Camera state: zoom around a focus point, plus a horizontal offset (fractions of width)."""

    zoom: float
    cx: float
    cy: float
    dx: float = 0.0


class CameraMove(Animation):
    """Zoom between two values around a focus, optionally panning sideways."""

    def __init__(self, move: str, zoom_from: float, zoom_to: float, focus: tuple[float, float],
                 easing: str = "ease_in_out_cubic", pan: float = 0.03) -> None:
        super().__init__(easing)
        self.move = move
        self.zoom_from, self.zoom_to = zoom_from, zoom_to
        self.focus = focus
        self.pan = pan if move in ("pan_left", "pan_right") else 0.0
        self.sign = -1.0 if move == "pan_left" else 1.0

    def interpolate(self, alpha: float) -> View:
        """The camera view at progress ``alpha``."""
        e = self.ease(min(1.0, max(0.0, alpha)))
        zoom = self.zoom_from + (self.zoom_to - self.zoom_from) * e
        dx = self.sign * self.pan * (e - 0.5) * 2 if self.pan else 0.0
        return View(zoom=zoom, cx=self.focus[0], cy=self.focus[1], dx=dx)
