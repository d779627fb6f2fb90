"""Emoji in lettered text: find emoji clusters (a pictograph with its skin tone, variation
selector, keycap, flag pair or zero-width-joined sequence), split text around them and strip
them when no colour emoji font is installed."""

from __future__ import annotations

import re

# Characters drawn as emoji by default (Unicode Emoji_Presentation, grouped into ranges; a few
# text-default pictographs inside the big blocks come along, which only matters for fonts).
_PRESENTATION = (
    "\u231a-\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd-\u25fe\u2614-\u2615\u2648-\u2653\u267f"
    "\u2693\u26a1\u26aa-\u26ab\u26bd-\u26be\u26c4-\u26c5\u26ce\u26d4\u26ea\u26f2-\u26f3"
    "\u26f5\u26fa\u26fd\u2705\u270a-\u270b\u2728\u274c\u274e\u2753-\u2755\u2757"
    "\u2795-\u2797\u27b0\u27bf\u2b1b-\u2b1c\u2b50\u2b55"
    "\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f200-\U0001f2ff"
    "\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f7e0-\U0001f7eb\U0001f90c-\U0001f9ff"
    "\U0001fa70-\U0001faff"
)
# Symbols that are text by default and become emoji only when followed by U+FE0F (❤️, ☀️, ™️).
_TEXT_DEFAULT = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9-\u21aa\u2300-\u23ff\u24c2"
    "\u25aa-\u25fe\u2600-\u27bf\u2934-\u2935\u2b00-\u2bff\u3030\u303d\u3297\u3299"
)
_MODIFIER = "\U0001f3fb-\U0001f3ff"
_TAGS = "\U000e0020-\U000e007f"

_ELEMENT = (
    f"(?:[{_PRESENTATION}]\ufe0f?[{_MODIFIER}]?"
    f"|[{_TEXT_DEFAULT}]\ufe0f[{_MODIFIER}]?"
    f"|[#*0-9]\ufe0f?\u20e3)[{_TAGS}]*"
)
_JOINED = f"(?:[{_PRESENTATION}{_TEXT_DEFAULT}]\ufe0f?[{_MODIFIER}]?)"
EMOJI = re.compile(
    f"[\U0001f1e6-\U0001f1ff]{{2}}|{_ELEMENT}(?:\u200d{_JOINED})*|[{_MODIFIER}]"
)
_SPACES = re.compile(r"[ \t]{2,}")


def has_emoji(text: str) -> bool:
    """Whether ``text`` holds at least one emoji."""
    return EMOJI.search(text) is not None


def split_emoji(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs ``(piece, is_emoji)`` in order; each emoji cluster is one run."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in EMOJI.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def strip_emoji(text: str) -> str:
    """``text`` without its emoji (and without the double spaces their removal leaves)."""
    if not has_emoji(text):
        return text
    lines = [_SPACES.sub(" ", EMOJI.sub("", line)).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()
