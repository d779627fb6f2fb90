"""Sound-effect lettering: big outlined onomatopoeia (BOOM!, 砰！) that pops in when a line
names a sound, drawn with begin / interpolate(alpha) / finish like every animation."""

from __future__ import annotations

import random

import skia

from manju.render.animation import Animation
from manju.render.fonts import typeface

WORDS = {
    "knock": ("KNOCK KNOCK", "咚咚"), "slam": ("SLAM!", "砰！"), "footsteps": ("TAP TAP", "嗒嗒"),
    "thunder": ("BOOM!", "轰隆！"), "sword_clash": ("CLANG!", "铛！"), "sword_draw": ("SHING!", "锵！"),
    "horn": ("HOOONK", "呜——"), "crowd": ("MURMUR", "嗡嗡"),
}
COLOURS = {"thunder": (255, 214, 64), "sword_clash": (235, 235, 245), "sword_draw": (220, 235, 255),
           "slam": (255, 120, 60), "horn": (255, 190, 90)}
DURATION = 1.3  # seconds on screen


def word_for(effect: str, lang: str) -> str | None:
    """The onomatopoeia lettered for ``effect`` (None for ambient sounds like rain)."""
    pair = WORDS.get(effect)
    return None if pair is None else pair[1 if lang == "zh" else 0]


class SoundWord(Animation):
    """A sound word that overshoots into place, holds and fades."""

    def __init__(self, text: str, effect: str, frame_w: int, lang: str, seed: str) -> None:
        super().__init__("ease_out_cubic")
        self.text, self.effect = text, effect
        rng = random.Random(seed)
        self.angle = rng.uniform(-12, 12)
        self.size = frame_w * (0.12 if lang == "zh" else 0.10)
        self.font = skia.Font(typeface("WenQuanYi Micro Hei" if lang == "zh" else "DejaVu Sans"),
                              self.size)
        self.font.setEmbolden(True)
        self.width = self.font.measureText(text)

    def box(self) -> tuple[float, float]:
        """Width and height of the lettering before rotation."""
        return self.width + self.size * 0.4, self.size * 1.3

    def interpolate(self, alpha: float) -> tuple[float, float]:
        """(scale, opacity) at progress ``alpha`` of its time on screen."""
        if alpha < 0.18:
            a = alpha / 0.18
            return 0.4 + 0.75 * self.ease(a), 1.0
        if alpha < 0.3:
            return 1.15 - 0.15 * (alpha - 0.18) / 0.12, 1.0
        return 1.0, max(0.0, min(1.0, (1.0 - alpha) / 0.3))

    def draw(self, canvas: skia.Canvas, cx: float, cy: float, alpha: float) -> None:
        """Draw centred at (cx, cy)."""
        scale, opacity = self.interpolate(alpha)
        if opacity <= 0:
            return
        r, g, b = COLOURS.get(self.effect, (255, 240, 120))
        canvas.save()
        canvas.translate(cx, cy)
        canvas.rotate(self.angle)
        canvas.scale(scale, scale)
        x, y = -self.width / 2, self.size * 0.35
        a = int(255 * opacity)
        stroke = skia.Paint(AntiAlias=True, Color=skia.Color(20, 20, 24, a),
                            Style=skia.Paint.kStroke_Style, StrokeWidth=self.size * 0.16,
                            StrokeJoin=skia.Paint.kRound_Join)
        canvas.drawString(self.text, x + self.size * 0.05, y + self.size * 0.06, self.font, stroke)
        canvas.drawString(self.text, x, y, self.font, stroke)
        canvas.drawString(self.text, x, y, self.font, skia.Paint(AntiAlias=True, Color=skia.Color(r, g, b, a)))
        canvas.restore()


def spot(frame: tuple[int, int], size: tuple[float, float], avoid: list[tuple[float, float, float, float]]
         ) -> tuple[float, float]:
    """A centre for the sound word in the upper part of the frame, clear of faces and balloons."""
    W, H = frame
    w, h = size
    best: tuple[float, float, float] | None = None
    for fy in (0.16, 0.3, 0.44, 0.08):
        for fx in (0.3, 0.7, 0.5):
            cx = min(max(w / 2 + 8, W * fx), W - w / 2 - 8)
            cy = H * fy
            rect = (cx - w / 2, cy - h / 2, w, h)
            cover = sum(max(0.0, min(rect[0] + w, r[0] + r[2]) - max(rect[0], r[0])) *
                        max(0.0, min(rect[1] + h, r[1] + r[3]) - max(rect[1], r[1])) for r in avoid)
            if best is None or cover < best[0]:
                best = (cover, cx, cy)
    assert best is not None
    return best[1], best[2]


def sound_words(cues: list, lang: str, frame_w: int, shot_id: str) -> list[tuple[float, SoundWord]]:
    """(start time, word) for every cue whose line names a sound with a lettered word."""
    from manju.audio.sfx import sfx_for_lines

    out = []
    for k, name in sfx_for_lines([(c.text, lang) for c in cues]):
        text = word_for(name, lang)
        if text:
            out.append((cues[k].start, SoundWord(text, name, frame_w, lang, f"{shot_id}:{k}")))
    return out
