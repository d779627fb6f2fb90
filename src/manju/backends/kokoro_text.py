"""Text for ``tts.kokoro``: the phonemes a line is spoken from and how they are cut.

English goes through espeak-ng phonemes (kokoro-onnx's tokenizer); Mandarin through manju's
pinyin (polyphones, 一/不 sandhi, see :mod:`manju.audio.textnorm`) turned into Kokoro's
phonemes by misaki's pinyin-to-IPA, one IPA word per jieba word, English words inside it
through espeak-ng. A line is spoken phrase by phrase: cut at every sentence and clause
boundary (:func:`phrases`; pieces longer than the model takes cut further at words), a
phrase of fewer than about three words spoken with its neighbour, and joined with silences whose
length :func:`pause_after` gives (per emotion, scaled by the delivery's pause factors).
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["HAN", "clean", "speakable", "py2ipa", "zh_phonemes", "chunks", "phrases",
           "pause_after", "SENTENCE_PAUSE", "CLAUSE_PAUSE"]

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""A Chinese character."""
_STYLE_ROWS = 510  # Kokoro's longest input in tokens
_MAX_CHUNK = 300  # phonemes a chunk aims at (the model takes at most 510)
_MIN_CHUNK = 12  # a chunk shorter than this is joined to its neighbour
# A phrase shorter than this (about three words, four Chinese syllables) is spoken with its
# neighbour: on its own the model garbles a short list item ("cheese and honey." was heard
# as "She's in honey.").
_MIN_PHRASE = 20
SENTENCE_PAUSE = 0.3
"""Seconds of silence after a sentence within a line (neutral, at the voice's own speed)."""
CLAUSE_PAUSE = 0.14
"""Seconds of silence after a clause (a comma, semicolon, colon or dash)."""
_WORD_PAUSE = 0.04
_SENTENCE_END = ".!?…"
_CLAUSE_END = ",;:—"


_ZH_PUNCT = str.maketrans({"，": ", ", "、": ", ", "；": "; ", "：": ": ", "。": ". ",
                           "！": "! ", "？": "? ", "…": "… ", "—": "— ", "～": ", ",
                           "（": ", ", "）": ", ", "·": " "})
_DROP = re.compile(r"[^\w\s,.;:!?…—'-]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:\s+[A-Za-z][A-Za-z0-9'’-]*)*")


def clean(text: str) -> str:
    from manju.render.emoji import strip_emoji

    return " ".join(strip_emoji(text).split())


def speakable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _retone(p: str) -> str:
    """Tone letters -> Kokoro v1.0's tone marks (as misaki's ZHG2P.retone)."""
    p = p.replace("˧˩˧", "↓").replace("˧˥", "↗").replace("˥˩", "↘").replace("˥", "→")
    return p.replace(chr(635) + chr(809), "ɨ").replace(chr(633) + chr(809), "ɨ")


@functools.lru_cache(maxsize=4096)
def py2ipa(syllable: str) -> str:
    """Kokoro phonemes of one tone-numbered pinyin syllable ("hao3" -> "xau↓"), "" if none."""
    from misaki.transcription import pinyin_to_ipa

    try:
        ipa = "".join(_retone(p) for p in pinyin_to_ipa(syllable)[0])
    except (ValueError, KeyError, IndexError, AssertionError):
        return ""
    return ipa.replace(chr(815), "").replace(chr(809), "")


def _syllable_ipa(syl: str, char: str) -> str:
    ipa = py2ipa(syl)
    if not ipa and char.strip():
        from pypinyin import Style, lazy_pinyin

        ipa = "".join(py2ipa(p) for p in lazy_pinyin(char, style=Style.TONE3,
                                                     neutral_tone_with_five=True))
    return ipa


def _han_ipa(run: str) -> str:
    """Kokoro phonemes of a run of Hanzi: manju's pinyin, one IPA word per jieba word."""
    from manju.audio import textnorm

    pairs = textnorm._han_pinyin(run)
    words = textnorm._jieba().lcut(run, HMM=True)
    if sum(len(w) for w in words) != len(pairs):
        words = [run]
    out, i = [], 0
    for w in words:
        chunk = pairs[i:i + len(w)]
        i += len(w)
        out.append("".join(_syllable_ipa(syl, ch) for ch, syl in chunk))
    return " ".join(w for w in out if w)


def zh_phonemes(text: str, english: Any) -> str:
    """Kokoro phonemes for a Mandarin line (English words through ``english``)."""
    from manju.audio.textnorm import normalize_en, normalize_zh

    t = normalize_zh(text)
    pieces: list[str] = []
    pos = 0
    runs = [(m.start(), m.end()) for m in re.finditer(HAN.pattern + "+", t)]
    for a, b in [*runs, (len(t), len(t))]:
        other = t[pos:a].translate(_ZH_PUNCT)
        last = 0
        for m in _LATIN.finditer(other):
            pieces.append(_DROP.sub(" ", other[last:m.start()]))
            pieces.append(" " + english(normalize_en(m.group(0))).strip(" .,;:!?") + " ")
            last = m.end()
        pieces.append(_DROP.sub(" ", other[last:]))
        if b > a:
            pieces.append(" " + _han_ipa(t[a:b]) + " ")
        pos = b
    ph = "".join(pieces).replace(chr(815), "")
    ph = re.sub(r"\s+([,.;:!?…])", r"\1", ph)
    return " ".join(ph.split()).strip(" ,;:")


def _split(ph: str, limit: int, pattern: str) -> list[str]:
    return [p for p in re.split(pattern, ph) if p.strip()]


def chunks(ph: str, limit: int = _MAX_CHUNK) -> list[str]:
    """Cut a phoneme string into pieces of at most ``limit`` at sentence, then clause, then
    word boundaries; pieces shorter than a few phonemes (one Chinese syllable) are joined to
    a neighbour. A string within ``limit`` stays whole."""
    ph = " ".join(ph.split())
    if len(ph) <= limit:
        return [ph] if ph else []
    out: list[str] = []

    def pack(parts: list[str], level: int) -> None:
        cur = ""
        for part in parts:
            if len(part) > limit:
                if cur:
                    out.append(cur)
                    cur = ""
                if level == 0:
                    pack(_split(part, limit, r"(?<=[,;:—])\s+"), 1)
                elif level == 1:
                    pack(_split(part, limit, r"\s+"), 2)
                else:
                    out.extend(part[i:i + limit] for i in range(0, len(part), limit))
                continue
            if cur and len(cur) + 1 + len(part) > limit:
                out.append(cur)
                cur = part
            else:
                cur = f"{cur} {part}" if cur else part
        if cur:
            out.append(cur)

    pack(_split(ph, limit, r"(?<=[.!?…])\s+"), 0)
    return _merge_scraps(out)


def _merge_scraps(pieces: list[str], least: int = _MIN_CHUNK) -> list[str]:
    """Join a piece shorter than ``least`` phonemes to its neighbour."""
    merged: list[str] = []
    for piece in pieces:
        if merged and (len(piece) < least or len(merged[-1]) < least) \
                and len(merged[-1]) + 1 + len(piece) <= _STYLE_ROWS - 2:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def phrases(ph: str, limit: int = _MAX_CHUNK) -> list[str]:
    """Cut a phoneme string at every sentence and clause boundary, so the silence between
    them is the line's to choose (:func:`pause_after`); a phrase longer than ``limit`` is cut
    further as :func:`chunks` does, and a phrase of fewer than about three words (four
    Chinese syllables) is joined to a neighbour."""
    ph = " ".join(ph.split())
    out: list[str] = []
    for part in _split(ph, limit, rf"(?<=[{_SENTENCE_END}{_CLAUSE_END}])\s+"):
        out.extend(chunks(part, limit) if len(part) > limit else [part])
    return _merge_scraps(out, _MIN_PHRASE)


def pause_after(piece: str, sentence: float = 1.0, clause: float = 1.0) -> float:
    """Seconds of silence after ``piece``, by how it ends: a sentence, a clause or a word (a
    cut inside an over-long clause); ``sentence`` and ``clause`` scale the first two (an
    emotion's pauses: longer when sad, shorter when angry)."""
    end = piece.rstrip()[-1:]
    if end and end in _SENTENCE_END:
        return SENTENCE_PAUSE * sentence
    if end and end in _CLAUSE_END:
        return CLAUSE_PAUSE * clause
    return _WORD_PAUSE
