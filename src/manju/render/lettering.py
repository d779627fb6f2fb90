"""Lettering: speech, shout, whisper bubbles and narration captions, sized to their text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import skia

from manju.render import fonts
from manju.render.emoji import split_emoji, strip_emoji
from manju.render.fonts import emoji_families, families, font_collection

INK = skia.Color(20, 20, 24)
PAPER = skia.Color(255, 255, 255)
CAPTION_BG = skia.Color(255, 246, 214)

Rect = tuple[float, float, float, float]  # x, y, w, h


@dataclass
class Lettered:
    """A lettered balloon or caption rendered once; placed and tailed per frame."""

    image: skia.Image
    kind: str
    pad: float           # margin around the body inside the image (room for outline/jags)

    @property
    def width(self) -> int:
        return self.image.width()

    @property
    def height(self) -> int:
        return self.image.height()


def paragraph(text: str, lang: str, size: float, width: float, color: int = INK,
              bold: bool = True, italic: bool = False) -> skia.textlayout.Paragraph:
    """Shape and wrap ``text`` centred within ``width`` (ICU line breaking keeps CJK
    closing punctuation off line starts). Emoji are drawn in colour, or left out when no
    colour emoji font is installed (a missing glyph would show as a box)."""
    tl = skia.textlayout
    text = lettered_text(text)
    weight = skia.FontStyle.kBold_Weight if bold else skia.FontStyle.kNormal_Weight
    slant = skia.FontStyle.kItalic_Slant if italic else skia.FontStyle.kUpright_Slant
    ts = _text_style(families(lang), size, color, skia.FontStyle(
        weight, skia.FontStyle.kNormal_Width, slant))
    ps = tl.ParagraphStyle()
    ps.setTextAlign(tl.TextAlign.kCenter)
    ps.setTextStyle(ts)
    builder = tl.ParagraphBuilder(ps, font_collection(), skia.Unicode())
    builder.pushStyle(ts)
    # The emoji font has one regular face: a bold or italic request could get a synthetic one.
    emoji_ts = _text_style(emoji_families(lang), size, color, skia.FontStyle.Normal())
    for piece, is_emoji in split_emoji(text):
        if is_emoji:
            builder.pushStyle(emoji_ts)
            builder.addText(piece)
            builder.pop()
        else:
            builder.addText(piece)
    para = builder.Build()
    para.layout(width)
    return para


def _text_style(fams: list[str], size: float, color: int,
                style: skia.FontStyle) -> skia.textlayout.TextStyle:
    ts = skia.textlayout.TextStyle()
    ts.setFontFamilies(fams)
    ts.setFontSize(size)
    ts.setColor(color)
    ts.setFontStyle(style)
    ts.setHeight(1.18)
    ts.setHeightOverride(True)
    return ts


def lettered_text(text: str) -> str:
    """``text`` as it will be lettered: emoji removed when no colour emoji font is installed
    (an emoji-only line becomes an ellipsis so its balloon is not empty)."""
    if fonts.emoji_typeface() is not None:
        return text
    stripped = strip_emoji(text)
    return stripped if stripped or not text.strip() else "…"


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0xFFFF or 0x20000 <= o <= 0x3FFFF


def _has_cjk(text: str) -> bool:
    return any(_is_cjk(ch) for ch in text)


def _measurer(lang: str, size: float):  # type: ignore[no-untyped-def]
    """Advance width of a run of text in the fonts the paragraph will use."""
    from manju.render.fonts import CJK_FAMILIES, LATIN_FAMILIES, typeface

    cjk = skia.Font(typeface(CJK_FAMILIES[0]), size)
    latin = cjk if lang == "zh" else skia.Font(typeface(LATIN_FAMILIES[0]), size)
    emoji_tf = fonts.emoji_typeface()
    emoji = skia.Font(emoji_tf, size) if emoji_tf is not None else latin

    def measure(s: str) -> float:
        total = 0.0
        for piece, is_emoji in split_emoji(s):
            if is_emoji:
                # A cluster (skin tone, joined sequence) is drawn as one glyph.
                total += emoji.measureText(piece[0])
                continue
            for run in re.findall(r"[\u2e80-\uffff\U00020000-\U0003ffff]+|"
                                  r"[^\u2e80-\uffff\U00020000-\U0003ffff]+", piece):
                total += (cjk if _has_cjk(run) else latin).measureText(run)
        return total

    return measure


def _fit(text: str, lang: str, size: float, max_width: float, color: int = INK,
         italic: bool = False) -> tuple[skia.textlayout.Paragraph, float]:
    """Lay out at max width, then shrink the box to the longest line so short lines make small
    balloons. Text with CJK is broken by our own kinsoku-aware wrapper first."""
    text = lettered_text(text)
    if _has_cjk(text):
        from manju.render.linebreak import wrap

        text = "\n".join(wrap(text, max_width * 0.97, _measurer(lang, size)))
        max_width += size  # slack: the shaper must not break the lines again
    para = paragraph(text, lang, size, max_width, color, italic=italic)
    longest = para.LongestLine if math.isfinite(para.LongestLine) else 0.0  # -inf when empty
    w = min(max_width, math.ceil(longest) + 2)
    para = paragraph(text, lang, size, w, color, italic=italic)
    return para, w


def _shout_path(x: float, y: float, w: float, h: float, spikes: int = 18) -> skia.Path:
    """A jagged burst around an ellipse."""
    path = skia.Path()
    cx, cy = x + w / 2, y + h / 2
    for i in range(spikes * 2):
        a = math.pi * 2 * i / (spikes * 2)
        r = 1.0 if i % 2 == 0 else 0.86
        px, py = cx + math.cos(a) * w / 2 * r, cy + math.sin(a) * h / 2 * r
        if i == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    return path


def _draw_cloud(c: skia.Canvas, x: float, y: float, w: float, h: float, fill: skia.Paint,
                line: skia.Paint) -> None:
    """A thought cloud: overlapping puffs around an ellipse, outlined as one shape."""
    cx, cy = x + w / 2, y + h / 2
    r = min(w, h) * 0.26
    n = max(8, int(math.pi * (w + h) / 2 / (r * 1.25)))
    puffs = [(cx + math.cos(2 * math.pi * i / n) * (w / 2 - r),
              cy + math.sin(2 * math.pi * i / n) * (h / 2 - r), r * (0.92 + 0.16 * (i % 2)))
             for i in range(n)]
    for px, py, pr in puffs:
        c.drawCircle(px, py, pr, line)
    for px, py, pr in puffs:
        c.drawCircle(px, py, pr, fill)
    c.drawOval(skia.Rect.MakeXYWH(x + r * 0.6, y + r * 0.6, w - r * 1.2, h - r * 1.2), fill)


def letter(text: str, lang: str, kind: str, frame_w: int, frame_h: int | None = None) -> Lettered:
    """Render a balloon (speech/shout/whisper/thought) or caption for a ``frame_w`` x ``frame_h``
    frame (portrait when the height is not given). Type scales with the frame's short side, so
    16:9 and 1:1 frames get the same proportions as 9:16."""
    short = min(frame_w, frame_h) if frame_h else frame_w
    size = max(14.0, short * (0.046 if kind != "caption" else 0.040))
    stroke = max(1.5, short * 0.0045)
    max_w = min(frame_w * {"caption": 0.84, "shout": 0.5}.get(kind, 0.62),
                short * {"caption": 1.3, "shout": 0.5}.get(kind, 0.75))
    # Chinese marks a whisper with the dashed balloon alone: slanted Hanzi read badly.
    para, tw = _fit(text, lang, size, max_w, italic=(kind == "whisper" and lang != "zh"))
    th = para.Height
    if kind == "caption":
        padx, pady = size * 0.7, size * 0.5
    elif kind == "thought":
        padx, pady = tw * 0.12 + size * 1.0, th * 0.2 + size * 1.0
    elif kind == "shout":
        # Text must sit inside the burst's inner ellipse: scale the box by sqrt(2)/inner radius.
        padx, pady = tw * 0.36 + size * 0.6, th * 0.36 + size * 0.6
    else:
        padx, pady = size * 1.0, size * 0.75
    bw, bh = tw + 2 * padx, th + 2 * pady
    margin = stroke * 2 + 2
    surf = skia.Surface(int(math.ceil(bw + 2 * margin)), int(math.ceil(bh + 2 * margin)))
    c = surf.getCanvas()
    c.clear(skia.ColorTRANSPARENT)
    fill = skia.Paint(AntiAlias=True, Color=PAPER if kind != "caption" else CAPTION_BG)
    line = skia.Paint(AntiAlias=True, Color=INK, Style=skia.Paint.kStroke_Style, StrokeWidth=stroke)
    body = skia.Rect.MakeXYWH(margin, margin, bw, bh)
    if kind == "caption":
        c.drawRect(body, fill)
        c.drawRect(body, line)
    elif kind == "thought":
        _draw_cloud(c, margin, margin, bw, bh, fill, line)
    elif kind == "shout":
        path = _shout_path(margin, margin, bw, bh)
        c.drawPath(path, fill)
        c.drawPath(path, line)
    else:
        rr = skia.RRect.MakeRectXY(body, min(bw, bh) * 0.48, min(bw, bh) * 0.48)
        c.drawRRect(rr, fill)
        if kind == "whisper":
            line.setPathEffect(skia.DashPathEffect.Make([stroke * 3, stroke * 2.2], 0))
        c.drawRRect(rr, line)
    para.paint(c, margin + padx, margin + pady)
    return Lettered(image=surf.makeImageSnapshot(), kind=kind, pad=margin)


def _thought_trail(canvas: skia.Canvas, lettered: Lettered, centre: tuple[float, float],
                   size: tuple[float, float], tip: tuple[float, float], face: Rect | None) -> None:
    """Three shrinking bubbles from the cloud toward the thinker's head."""
    (cx, cy), (bw, bh) = centre, size
    tx, ty = tip
    if face is not None:
        tx, ty = face[0] + face[2] / 2, face[1]
    dx, dy = tx - cx, ty - cy
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    start = min(bw, bh) * 0.5
    reach = min(dist - start, bh * 1.2)
    stroke = max(1.5, lettered.pad / 2 - 1)
    r0 = max(3.0, min(bw, bh) * 0.09)
    for i, frac in enumerate((0.3, 0.62, 0.9)):
        px, py = cx + ux * (start + reach * frac), cy + uy * (start + reach * frac)
        r = r0 * (1 - i * 0.28)
        canvas.drawCircle(px, py, r, skia.Paint(AntiAlias=True, Color=PAPER))
        canvas.drawCircle(px, py, r, skia.Paint(AntiAlias=True, Color=INK,
                                                Style=skia.Paint.kStroke_Style, StrokeWidth=stroke))


def body_rect(lettered: Lettered, x: float, y: float) -> Rect:
    """The balloon body's rect when its image is drawn at (x, y)."""
    p = lettered.pad
    return (x + p, y + p, lettered.width - 2 * p, lettered.height - 2 * p)


def overlap(a: Rect, b: Rect) -> float:
    """Area shared by two rects."""
    ox = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    oy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ox * oy


def place(lettered: Lettered, frame: tuple[int, int], mouth: tuple[float, float] | None,
          head_top: float | None, faces: list[Rect], avoid: list[Rect] | None = None) -> tuple[float, float]:
    """Choose where a balloon goes: near the speaker, above the head, never over a face.

    Candidates are scored by face overlap first, then distance from the speaker's mouth.
    """
    W, H = frame
    w, h = lettered.width, lettered.height
    m = W * 0.03
    top_limit = m + H * 0.02
    mx, my = mouth if mouth else (W / 2, H * 0.4)
    ht = head_top if head_top is not None else my - H * 0.15
    xs = [mx - w / 2, mx - w * 0.85, mx - w * 0.15, m, W - m - w, (W - w) / 2]
    ys = [ht - h - H * 0.015, ht - h * 0.6, top_limit, top_limit + h * 1.1, my - h / 2]
    best: tuple[float, float, float, float] | None = None
    blockers = list(faces) + list(avoid or [])
    for y in ys:
        y = min(max(top_limit, y), H - m - h)
        for x in xs:
            x = min(max(m, x), W - m - w)
            r = (x, y, w, h)
            cover = sum(overlap(r, f) for f in blockers)
            dist = math.hypot(x + w / 2 - mx, y + h - my)
            # Comics put balloons above the speaker's head; beside the face only if no room.
            beside = H * 0.25 if y + h > ht + H * 0.01 else 0.0
            score = cover * 10 + dist + beside
            if best is None or score < best[0]:
                best = (score, x, y, cover)
    assert best is not None
    return best[1], best[2]


def draw_with_tail(canvas: skia.Canvas, lettered: Lettered, x: float, y: float,
                   tip: tuple[float, float] | None, face: Rect | None = None) -> None:
    """Draw a placed balloon with a tail toward ``tip`` (stopping outside ``face``)."""
    bx, by, bw, bh = body_rect(lettered, x, y)
    cx, cy = bx + bw / 2, by + bh / 2
    if tip is None or lettered.kind == "caption":
        canvas.drawImage(lettered.image, x, y)
        return
    if lettered.kind == "thought":
        _thought_trail(canvas, lettered, (cx, cy), (bw, bh), tip, face)
        canvas.drawImage(lettered.image, x, y)
        return
    tx, ty = tip
    if face is not None:
        # Stop the tail at the edge of the face box so it points at the mouth without covering it.
        fx, fy, fw, fh = face
        for _ in range(24):
            if not (fx < tx < fx + fw and fy < ty < fy + fh):
                break
            tx, ty = tx + (cx - tx) * 0.08, ty + (cy - ty) * 0.08
    dx, dy = tx - cx, ty - cy
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    # Cap the tail so a far speaker still reads as a pointer, not a spear.
    longest = bh * 0.5 + max(bh * 1.4, lettered.width * 0.25)
    if dist > longest:
        tx, ty = cx + ux * longest, cy + uy * longest
    tip_x, tip_y = tx, ty
    base_half = max(6.0, min(bw, bh) * 0.16)
    px, py = -uy, ux
    root_x, root_y = cx + ux * min(bw, bh) * 0.2, cy + uy * min(bw, bh) * 0.2
    path = skia.Path()
    path.moveTo(root_x + px * base_half, root_y + py * base_half)
    path.quadTo((root_x + tip_x) / 2 + px * base_half * 0.3, (root_y + tip_y) / 2 + py * base_half * 0.3,
                tip_x, tip_y)
    path.quadTo((root_x + tip_x) / 2 - px * base_half * 0.1, (root_y + tip_y) / 2 - py * base_half * 0.1,
                root_x - px * base_half, root_y - py * base_half)
    path.close()
    stroke = max(1.5, lettered.pad / 2 - 1)
    # Outline the tail (twice as wide: the white fill below covers its inner half), lay the
    # balloon over its root, then fill the tail white outside the text area so the balloon's
    # outline opens where the tail joins it.
    line = skia.Paint(AntiAlias=True, Color=INK, Style=skia.Paint.kStroke_Style,
                      StrokeWidth=stroke * 2)
    if lettered.kind == "whisper":
        line.setPathEffect(skia.DashPathEffect.Make([stroke * 3, stroke * 2.2], 0))
    canvas.drawPath(path, line)
    canvas.drawImage(lettered.image, x, y)
    inner = skia.Rect.MakeXYWH(bx + stroke, by + stroke, bw - 2 * stroke, bh - 2 * stroke)
    keep = skia.Path()
    if lettered.kind == "shout":
        keep.addOval(skia.Rect.MakeXYWH(bx + bw * 0.1, by + bh * 0.1, bw * 0.8, bh * 0.8))
    else:
        r = min(bw, bh) * 0.48 - stroke
        keep.addRRect(skia.RRect.MakeRectXY(inner, r, r))
    canvas.save()
    canvas.clipPath(keep, skia.ClipOp.kDifference, True)
    canvas.drawPath(path, skia.Paint(AntiAlias=True, Color=PAPER))
    canvas.restore()
