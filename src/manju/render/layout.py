"""Where characters stand in a frame for each kind of shot (framing grammar)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    """A character in a shot: bottom-centre (x, y) in frame pixels, drawn ``height`` tall."""

    cid: str
    x: float
    y: float
    height: float
    facing: str
    silhouette: bool = False  # a foreground figure seen from behind (over-the-shoulder)


def _facing(side: str) -> str:
    # Characters look toward the centre: the left one turns right and vice versa.
    return "right" if side == "left" else "left"


def place_characters(framing: str, subjects: list[str], sides: dict[str, str], focus: str | None,
                     width: int, height: int) -> list[Placement]:
    """Placements for ``subjects`` in a ``framing`` shot of a ``width`` x ``height`` frame.

    Sizes are relative to the shorter side so 9:16, 16:9 and 1:1 all frame alike.
    """
    W, H = float(width), float(height)
    short = min(W, H)
    portrait = H >= W
    out: list[Placement] = []
    if not subjects:
        return out
    if framing in ("close_up", "reaction"):
        cid = subjects[0]
        h = short * (1.55 if portrait else 1.05)
        side = sides.get(cid, "left")
        x = W * (0.5 if portrait else (0.42 if side == "left" else 0.58))
        out.append(Placement(cid, x, H + h * 0.30, h, _facing(side)))
        return out
    if framing == "over_shoulder" and len(subjects) >= 2:
        speaker, listener = subjects[0], subjects[1]
        s_side = sides.get(speaker, "right")
        l_side = "left" if s_side == "right" else "right"
        h = short * (1.05 if portrait else 0.85)
        sx = W * (0.66 if s_side == "right" else 0.34)
        out.append(Placement(speaker, sx, H + h * 0.14, h, _facing(s_side)))
        # The listener's back: big, in the near corner, cut by the frame, never over the face.
        lh = h * 1.3
        lx = W * (0.0 if l_side == "left" else 1.0)
        out.append(Placement(listener, lx, H + lh * 0.38, lh, _facing(l_side), silhouette=True))
        return out
    if framing == "medium" or len(subjects) == 1:
        cid = subjects[0]
        side = sides.get(cid, "left")
        h = short * (1.15 if portrait else 0.92)
        off = 0.06 if portrait else 0.14
        x = W * (0.5 - off if side == "left" else 0.5 + off)
        if framing == "wide":
            h *= 0.62
        out.append(Placement(cid, x, H + h * (0.12 if framing != "wide" else 0.02), h, _facing(side)))
        return out
    # Two or three characters: each on their side of the 180-degree line.
    scale = 0.62 if framing == "wide" else 0.92
    base = short * (1.05 if portrait else 0.85) * scale
    ordered = sorted(subjects, key=lambda c: 0 if sides.get(c, "left") == "left" else 1)
    n = len(ordered)
    xs = {2: [0.28, 0.72], 3: [0.2, 0.5, 0.8]}[min(3, n)] if portrait else \
        {2: [0.3, 0.7], 3: [0.22, 0.5, 0.78]}[min(3, n)]
    for i, cid in enumerate(ordered[:3]):
        h = base * (1.06 if cid == focus else 0.96)
        side = sides.get(cid, "left" if xs[i] < 0.5 else "right")
        facing = _facing(side)  # three-quarter views keep every face on the same model sheet
        out.append(Placement(cid, W * xs[i], H + h * 0.06, h, facing))
    # Draw the focus last so the speaker overlaps the listener, not the reverse.
    out.sort(key=lambda p: p.cid == focus)
    return out
