"""Fonts for lettering: a comic Latin face with CJK and colour emoji fallback, found through
fontconfig."""

from __future__ import annotations

import functools
import os
import threading

# Shots are drawn on several threads at once (see manju.executor): the font manager is made
# once under a lock (its making points this process's stderr elsewhere for a moment), and
# each thread lays out text with its own font collection (Skia's keeps unlocked caches).
_LOCK = threading.Lock()
_LOCAL = threading.local()

LATIN_FAMILIES = ["Comic Neue", "DejaVu Sans"]
CJK_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "LXGW WenKai", "Noto Sans SC"]
EMOJI_FAMILIES = ["Noto Color Emoji"]


def font_manager():  # type: ignore[no-untyped-def]
    """The system font manager. Its first use starts fontconfig, whose bundled copy in skia
    warns about newer system config files; that noise is kept off the user's stderr."""
    with _LOCK:
        return _font_manager()


@functools.lru_cache(maxsize=1)
def _font_manager():  # type: ignore[no-untyped-def]
    import skia

    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            mgr = skia.FontMgr()
            skia.Typeface.MakeFromName("", skia.FontStyle.Normal())
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    return mgr


def font_collection():  # type: ignore[no-untyped-def]
    """This thread's skia textlayout font collection, backed by the system fonts (with
    fallback)."""
    fc = getattr(_LOCAL, "collection", None)
    if fc is None:
        import skia

        fc = skia.textlayout.FontCollection()
        fc.setDefaultFontManager(font_manager())
        _LOCAL.collection = fc
    return fc


@functools.lru_cache(maxsize=8)
def typeface(family: str = "", bold: bool = True):  # type: ignore[no-untyped-def]
    """A typeface by family (first installed of the defaults when empty)."""
    import skia

    font_manager()
    style = skia.FontStyle.Bold() if bold else skia.FontStyle.Normal()
    for fam in ([family] if family else []) + LATIN_FAMILIES + CJK_FAMILIES:
        tf = skia.Typeface.MakeFromName(fam, style)
        if tf is not None and tf.getFamilyName() == fam:
            return tf
    return skia.Typeface.MakeDefault()


@functools.lru_cache(maxsize=1)
def emoji_typeface():  # type: ignore[no-untyped-def]
    """The installed colour emoji typeface, or None when there is none."""
    import skia

    font_manager()
    for fam in EMOJI_FAMILIES:
        tf = skia.Typeface.MakeFromName(fam, skia.FontStyle.Normal())
        if tf is not None and tf.getFamilyName() == fam:
            return tf
    return None


def families(lang: str) -> list[str]:
    """Font families to letter text of ``lang`` in, in fallback order."""
    text = (CJK_FAMILIES + LATIN_FAMILIES) if lang == "zh" else (LATIN_FAMILIES + CJK_FAMILIES)
    return text + EMOJI_FAMILIES


def emoji_families(lang: str) -> list[str]:
    """Font families for an emoji run: the emoji font first, so a text face's monochrome
    pictographs (DejaVu Sans has some) do not win over the colour ones."""
    return EMOJI_FAMILIES + families(lang)
