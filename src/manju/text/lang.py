"""Language detection (Chinese vs English) by script counts."""

from __future__ import annotations


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def detect_language(text: str) -> str:
    """Return ``"zh"`` if CJK ideographs dominate the letters of ``text``, else ``"en"``.

    Only the first 20,000 characters are looked at, so this is cheap on whole novels.
    """
    sample = text[:20000]
    cjk = 0
    latin = 0
    for ch in sample:
        if _is_cjk(ch):
            cjk += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    # a Chinese character carries about as much as a short English word (~4 letters)
    return "zh" if cjk * 4 >= latin and cjk > 0 else "en"
