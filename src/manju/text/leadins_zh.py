"""What the narration around a Chinese quote says of its speaker when no tag names one:
a lead-in that names nobody (因问：, 说着，又指着X道：) goes on from the quote before unless a
description opens it; the one a paragraph ends looking at, or who leads the way, is spoken to
or speaks; a line that gives its own name (我叫吴小平) is its speaker's.
"""

from __future__ import annotations

import re

from .cast import Cast
from .cast_zh import FEMALE_TITLES, MALE_TITLES, NEUTRAL_TITLES
from .dialogue import QuoteInfo
from .names_zh import KIN_ROLES, SURNAMES
from .quotes import Paragraph, Quote
from .referents_zh import is_object

_CJK = r"\u4e00-\u9fff"

def anybody_between(text: str, lo: int, hi: int, refs_in, narr: bytearray) -> bool:  # type: ignore[no-untyped-def]
    """Whether the narration between ``lo`` and ``hi`` names or points at anybody other than
    as an object (向吴春圃笑道 names nobody new)."""
    return any(narr[a] and not is_object(text, a, lo) for a, _e, _c in refs_in(lo, hi))


_DESCRIBED: re.Pattern | None = None


#: how a lead-in with nobody in it may open that the dictionary reads as a noun (因道, 问)
_NOT_A_SUBJECT = re.compile("[因又便就乃遂再问笑答叫说道]")


def opens_with_person(seg: str, nouns: bool = False) -> bool:
    """Whether a lead-in opens with a description of a person (老头子看了车一眼，……：), its
    own subject though nobody the cast holds; with ``nouns``, with any noun of two characters
    or more too (彩云道：, 娘子胡氏道：), a dictionary word that may be a name."""
    import jieba.posseg as pseg

    from .descriptions_zh import DESCRIPTIONS

    first = next(iter(pseg.cut(seg.lstrip())), None)
    if first is not None and (first.word in DESCRIPTIONS or first.word in KIN_ROLES
                              or first.flag.startswith("nr")):
        return True
    if nouns and first is not None and first.flag.startswith("n") and len(first.word) >= 2 \
            and not _NOT_A_SUBJECT.match(first.word):
        return True
    # 被泼的男人低头看了看……：the man the clause's description ends in
    global _DESCRIBED
    if _DESCRIBED is None:
        _DESCRIBED = re.compile(f"的(?:{'|'.join(DESCRIPTIONS)}|人)")
    return _DESCRIBED.search(re.split("[，,：:]", seg.lstrip(), maxsplit=1)[0]) is not None


def previous_tag(prev: QuoteInfo) -> tuple | None:
    """The speaker the previous quote's tag named, as a tag hit (None if it named nobody)."""
    if prev.tag_cid is not None:
        return ("cid", prev.tag_cid, prev.tag_pos)
    if prev.tag_pronoun is not None:
        return ("pron", prev.tag_pronoun, prev.tag_pos)
    return None


#: a narration line that ends looking at somebody (都看着他。 盯着X。)
_LOOKS_AT = re.compile(r"(?:看着|望着|盯着|瞅着|瞧着)([他她]|[\u4e00-\u9fff]{1,4}?)[。！…]*$")


def looked_at(text: str, pp: Paragraph, refs_in, cast: Cast) -> int | None:  # type: ignore[no-untyped-def]
    """The one a narration paragraph ends looking at: a name, or a 他/她 meaning the person of
    that sex named in an earlier clause of the paragraph (not the onlookers)."""
    m = _LOOKS_AT.search(text, pp.start, pp.end)
    if m is None:
        return None
    named = [(a, c) for a, _e, c in refs_in(pp.start, m.start(1)) if c >= 0]
    who = text[m.start(1) : m.end(1)]
    if who not in "他她":
        found = [c for a, _e, c in refs_in(m.start(1), m.end(1)) if c >= 0]
        return found[0] if found else None
    clause = max(text.rfind(b, pp.start, m.start()) for b in "，,；。") + 1
    g = "male" if who == "他" else "female"
    earlier = [c for a, c in named if a < clause and cast.gender(c) in (g, "unknown")
               and c not in {c2 for a2, c2 in named if a2 >= clause}]
    return earlier[-1] if len(set(earlier)) == 1 else None


#: the last clause of a paragraph: somebody following another (跟着她走到走廊上, 跟在X后面进了屋)
FOLLOWS = re.compile(r"跟(?:着|在)([他她]|[\u4e00-\u9fff]{1,4}?)(?:后面|身后|后头)?"
                      r"(?:走|来|进|出|到|上|下)[^，,。！？；“”\n]*[。！？…]*\s*$")


def led_by(text: str, m: re.Match, pp: Paragraph, refs_in, cast: Cast) -> int | None:  # type: ignore[no-untyped-def]
    """Whom a paragraph ends following: the name after 跟着, or for 他/她 the last person of
    that sex the text named before the clause who is not the one following."""
    sent = max(text.rfind(b, pp.start, m.start()) for b in "。！？；") + 1
    follower = {c for _a, _e, c in refs_in(max(sent, pp.start), m.start()) if c >= 0}
    who = m.group(1)
    if who not in "他她":
        named = [c for _a, _e, c in refs_in(m.start(1), m.end(1)) if c >= 0 and c not in follower]
        return named[0] if named else None
    g = "male" if who == "他" else "female"
    for _a, _e, c in reversed(refs_in(max(0, pp.start - 400), max(sent, pp.start))):
        if c >= 0 and c not in follower and cast.gender(c) == g:
            return c
    return None


#: a line that gives the speaker's own name (我叫X, 我是X, 俺叫X, ……是我！X！)
_I_AM = re.compile(f"(?:(?:^|(?<=[，,。！!？?…—]))(?:我|俺)(?:就)?(?:叫|是)|是我[！!，,]\\s*)([{_CJK}]{{2,4}}?)"
                   f"(?=[。！!，,…？?]|$)")
_TITLE_WORDS = set(FEMALE_TITLES + MALE_TITLES + NEUTRAL_TITLES)
#: a line asking somebody's name (叫啥名字？ 你叫什么？ 贵姓？)
_ASKS_NAME = re.compile("名字|叫什么|叫啥|贵姓|姓什么|姓啥")


def self_named(quote: str, cast: Cast, prev: Quote | None, text: str) -> int | None:
    """The character a line names as its own speaker anywhere in it (“我叫吴小平，……”,
    “钱伯伯！是我！祁瑞宣！”), not by a title (“是我，先生”: whom it speaks to); or a name said
    alone (“陈卫红。”) right after a line that asked for it."""
    for m in _I_AM.finditer(quote):
        name = m.group(1)
        if name in KIN_ROLES or name in _TITLE_WORDS:
            continue
        cid = cast.lookup(name)
        if cid is None and len(name) == 3 and name[0] in SURNAMES:
            cid = cast.lookup(name[1:])  # 祁瑞宣 of a story that calls him 瑞宣
        if cid is not None:
            return cid
    bare = quote.strip().rstrip("。！!…")
    if prev is not None and 2 <= len(bare) <= 4 and _ASKS_NAME.search(text, prev.start, prev.end):
        return cast.lookup(bare)
    return None


#: what may stand before the subject that opens a sentence (于是凤喜……)
_SENTENCE_LINKS = re.compile("(?:于是|但是|可是|然而|这时|那时|后来|接着|随后|但|可|而)?")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts: after the last full stop, line break or
    closing quote before it."""
    return max(text.rfind(c, 0, at) for c in "。！？!?\n”」") + 1


def _before_blanks(text: str, k: int) -> int:
    """``k``, or the last place before it that is no blank nor line break (a web novel's
    line before, on a line of its own)."""
    while k > 0 and text[k] in " \u3000\n":
        k -= 1
    return k


def sentence_opener(text: str, at: int, refs_in, narr: bytearray, cast: Cast) -> int | None:  # type: ignore[no-untyped-def]
    """For the 他/她 of a tag at ``at``: the person whose sex is not known yet who opens the
    pronoun's sentence, with nobody else named between (凤喜也在身上一掏，掏出一个报纸包儿，……，
    她就递给家树道), or None."""
    lo = _sentence_start(text, at)
    k = _before_blanks(text, lo - 1)
    if k >= 1 and text[k] == "”" and text[k - 1] in "，," and (op := text.rfind("“", 0, k)) > 0:
        # 阿发一面跳，一面说道，“且慢，……，”他于是……说道: a line that ends in a comma leaves
        # its sentence going on, so the one who opened it opens this one (its lead-in on a
        # line of its own in a web novel)
        lo = _sentence_start(text, op)
        m = _before_blanks(text, op - 1)
        if not text[lo:op].strip() and text[m] in "，,：:":
            lo = _sentence_start(text, m)
    while lo < at and text[lo] in " \u3000":
        lo += 1
    named = [(a, c) for a, _e, c in refs_in(lo, at) if narr[a] and c >= 0]
    if not named or not _SENTENCE_LINKS.fullmatch(text, lo, named[0][0]):
        return None
    cid = named[0][1]
    if cast.gender(cid) != "unknown" or any(c != cid for _a, c in named) or text[named[0][0]] == "我":
        return None  # (我还记得，……，她……高兴地说道: she is never 我)
    if text[at] in text[named[0][0] : at]:
        return None  # 伊人对她行了一个礼，她……就对伊人说: who acts on her is not her
    return cid


#: a sentence that reveals who somebody is (一回头，原来是孟继祖站在身后)
_REVEALED = re.compile("(?:原来|却|竟|正)是")


def revealed_before(text: str, at: int, refs_in, narr: bytearray, cast: Cast, sex: str) -> int | None:  # type: ignore[no-untyped-def]
    """For the 他/她 of a tag at ``at`` that opens its sentence: the person the sentence before
    reveals (燕西一回头，原来是孟继祖笑嘻嘻地站在身后。他道), of that sex or of one not known,
    or None."""
    lo = _sentence_start(text, at)
    while lo < at and text[lo] in " \u3000":
        lo += 1
    k = _before_blanks(text, lo - 1)  # (a web novel's sentence before, on a line of its own)
    if lo != at or k <= 0 or text[k] not in "。！？!?":
        return None
    s0 = _sentence_start(text, k)
    m = next(reversed(list(_REVEALED.finditer(text, s0, lo))), None)  # the sentence's last
    if m is None:
        return None
    named = [(a, c) for a, _e, c in refs_in(m.end(), lo) if narr[a] and c >= 0]
    if not named or named[0][0] > m.end() + 1 or any(c != named[0][1] for _a, c in named):
        return None
    cid = named[0][1]
    return cid if cast.gender(cid) in (sex, "unknown") else None
