"""The public entry point :func:`analyze`: quotes, characters and speakers for a text."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .cast import Cast
from .dialogue import QuoteInfo, attribute, name_narrator
from .emotion import classify_emotion
from .lang import detect_language
from .model import Character, TextAnalysis, Utterance
from .quotes import Paragraph, Quote, find_quotes, split_paragraphs

_SENT_EN = re.compile(r"[^.!?]+(?:[.!?]+[\"'’”)]*|$)", re.S)
_SENT_ZH = re.compile(r"[^。！？!?…]+(?:[。！？!?…]+[”’」』]*|$)", re.S)


#: what the calibration writes: each method's share of right speakers on the development sets
_CONFIDENCE_FILE = Path(__file__).with_name("data") / "confidence.json"
#: the start before any calibration (a file that is missing or unreadable)
_FALLBACK = {
    "zh": {"explicit": 0.93, "vocative": 0.88, "turn": 0.83, "pronoun": 0.72, "_other": 0.5},
    "en": {"explicit": 0.92, "pronoun": 0.9, "turn": 0.8, "vocative": 0.8, "_other": 0.5},
}
#: lines below this confidence are the ones an editor (or a language model) should review:
#: the methods that give more than three lines in ten to the wrong speaker
LOW_CONFIDENCE = 0.7


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, dict[str, float]]:
    """``{lang: {method: confidence}}`` as :mod:`manju.eval.calibrate` measured and shipped it."""
    try:
        table = json.loads(_CONFIDENCE_FILE.read_text(encoding="utf-8"))["confidence"]
    except (OSError, ValueError, KeyError, TypeError):
        return _FALLBACK
    if isinstance(table, dict) and all(isinstance(table.get(k), dict) for k in ("zh", "en")):
        return table
    return _FALLBACK


def speaker_confidence(method: str, lang: str, attributed: bool) -> float:
    """How likely a quote's speaker found by ``method`` is right: the share of the speakers
    that method chose that were right on the development sets (0 when nobody was found,
    unless the tag itself says the voice is unnamed)."""
    if not attributed and method != "anonymous":
        return 0.0
    row = confidence_table()["zh" if lang == "zh" else "en"]
    return float(row.get(method, row.get("_other", 0.5)))


def analyze(text: str, lang: str | None = None, known: list[Character] | None = None) -> TextAnalysis:
    """Find every quotation in ``text`` and attribute a speaker to each.

    ``lang`` is ``"en"`` or ``"zh"`` (detected when None). ``known`` seeds characters
    (e.g. from a previous chapter) so that their names and aliases stay the same.
    Returns dialogue and narration utterances in text order plus the characters found,
    most important first.
    """
    lang = lang or detect_language(text)
    paras = split_paragraphs(text)
    quotes = find_quotes(text, paras)
    # Chinese writes 他 and 她 apart, so a plain majority of the votes settles a sex there
    cast = Cast(majority_settles=lang == "zh")
    for c in known or []:
        cid = cast.add(c.name, list(c.aliases), gender=c.gender)
        cast.chars[cid].age = c.age
        cast.chars[cid].description = list(c.description)
    if lang == "zh":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for users
        from .chinese import analyze_chinese

        infos, mentions, narrator = analyze_chinese(text, paras, quotes, cast)
        attribute(infos, mentions, cast, [(p.start, p.end) for p in paras], narrator)
        from .strangers_zh import named_by_surname

        lines = [(text[q.start : q.end], i.speaker) for q, i in zip(quotes, infos, strict=True)]
        for src, dst in named_by_surname(lines, cast).items():
            # the stranger who says 我姓廖 is 廖成: his description and sex are 廖成's
            _merge_into(cast, infos, src, dst, keep_name=True)
    else:
        from .english import analyze_english

        # the English pipeline attributes speakers itself (conversation-aware)
        infos, mentions, narrator = analyze_english(text, paras, quotes, cast)
    if narrator is not None and cast.chars[narrator].name in ("Narrator", "我"):
        real = name_narrator(infos, narrator)
        if real is not None:
            _merge_into(cast, infos, narrator, real)
    cast.finalize_genders()
    from .profile import describe_characters

    describe_characters(text, cast, lang)
    utterances = _build_utterances(text, paras, quotes, infos, cast, lang)
    for u in utterances:
        if u.kind == "dialogue" and u.speaker is not None:
            c = cast.chars[cast.by_form[u.speaker]]
            c.lines += 1
    seeded = {c.name for c in known or []}
    chars = [c for c in cast.chars if c.lines >= 0 and (c.mentions > 0 or c.lines > 0 or c.name in seeded)]
    chars.sort(key=lambda c: -(c.mentions + 2 * c.lines))
    return TextAnalysis(lang=lang, utterances=utterances, characters=chars)


def _merge_into(cast: Cast, infos: list[QuoteInfo], src: int, dst: int, keep_name: bool = False) -> None:
    """Fold character ``src`` (e.g. the anonymous narrator) into ``dst``; with ``keep_name``
    (a stranger's description) ``src``'s name becomes an alias and its sex ``dst``'s if unknown."""
    for info in infos:
        if info.speaker == src:
            info.speaker = dst
        if info.addressee == src:
            info.addressee = dst
    a, b = cast.chars[src], cast.chars[dst]
    for alias in a.aliases:
        if alias != a.name:
            cast.by_form[alias] = dst
            if alias not in b.aliases:
                b.aliases.append(alias)
    if keep_name:
        cast.by_form[a.name] = dst
        if a.name not in b.aliases:
            b.aliases.append(a.name)
        if b.gender == "unknown":
            b.gender = cast.gender(src)
    b.mentions += a.mentions
    a.mentions = 0
    a.lines = -1  # dropped from the character list


def _build_utterances(
    text: str, paras: list[Paragraph], quotes: list[Quote], infos: list[QuoteInfo],
    cast: Cast, lang: str,
) -> list[Utterance]:
    out: list[Utterance] = []
    sent = _SENT_ZH if lang == "zh" else _SENT_EN
    qi = 0
    for pi, p in enumerate(paras):
        pos = p.start
        while qi < len(quotes) and quotes[qi].paragraph == pi:
            q, info = quotes[qi], infos[qi]
            _narration(text, pos, max(pos, q.start - 1), pi, sent, out)
            speaker = cast.chars[info.speaker].name if info.speaker is not None else None
            addressee = cast.chars[info.addressee].name if info.addressee is not None else None
            words = text[q.start : q.end]
            out.append(Utterance(
                start=q.start, end=q.end, text=words.strip(), kind="dialogue", speaker=speaker,
                addressee=addressee, emotion=classify_emotion(info.tag_text, words, lang),
                paragraph=pi, method=info.method,
                confidence=speaker_confidence(info.method, lang, speaker is not None),
            ))
            pos = q.end + (0 if q.unclosed else 1)
            qi += 1
        _narration(text, pos, p.end, pi, sent, out)
    return out


def _narration(text: str, start: int, end: int, para: int, sent: re.Pattern, out: list) -> None:
    if end <= start:
        return
    for m in sent.finditer(text, start, end):
        s, e = m.span()
        chunk = text[s:e]
        stripped = chunk.strip(" \t\n\r\u3000,，;；:：—–-")
        if len(stripped) < 2 or not any(ch.isalnum() for ch in stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        out.append(Utterance(
            start=s + lead, end=e - trail, text=" ".join(chunk.split()) if " " in chunk else chunk.strip(),
            kind="narration", speaker=None, paragraph=para,
        ))
