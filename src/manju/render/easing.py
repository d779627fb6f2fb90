"""Named easing functions mapping progress alpha in [0, 1] to eased progress in [0, 1]."""

from __future__ import annotations

import math
from collections.abc import Callable

Easing = Callable[[float], float]


def linear(a: float) -> float:
    """No easing."""
    return a


def ease_in_quad(a: float) -> float:
    """Accelerate from rest."""
    return a * a


def ease_out_quad(a: float) -> float:
    """Decelerate to rest."""
    return 1 - (1 - a) * (1 - a)


def ease_in_out_sine(a: float) -> float:
    """Gentle start and stop."""
    return 0.5 - 0.5 * math.cos(math.pi * a)


def ease_out_cubic(a: float) -> float:
    """Quick start, long settle."""
    return 1 - (1 - a) ** 3


def ease_in_out_cubic(a: float) -> float:
    """Smooth start and stop, faster in the middle."""
    return 4 * a**3 if a < 0.5 else 1 - (-2 * a + 2) ** 3 / 2


EASINGS: dict[str, Easing] = {f.__name__: f for f in (
    linear, ease_in_quad, ease_out_quad, ease_in_out_sine, ease_out_cubic, ease_in_out_cubic)}


def get(name: str) -> Easing:
    """The easing called ``name`` (ValueError listing the known ones otherwise)."""
    try:
        return EASINGS[name]
    except KeyError:
        raise ValueError(f"unknown easing {name!r}; known: {', '.join(EASINGS)}") from None
