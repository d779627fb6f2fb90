"""Chinese names the clause-start search of :mod:`.names_zh` cannot see: names in Latin
letters (阿Q, 小D, Tony), names of one character (羿, 禹 of old tales), names with a title of
address that seldom open a clause (六一公公), and the forms that are a name with what it does
next (羿忽然, 禹回答).
"""

from __future__ import annotations

import re
from collections import Counter

from .cast import Cast
from .names_zh import (
    _BAD_END,
    _BOUND,
    _CJK,
    _KIN_SUFFIX,
    _NOT_NAME_PART,
    _NOT_START,
    _SURNAME_OR_WORD,
    BODY_PARTS,
    KIN_ROLES,
    PERSON_ADVERBS,
    PERSON_VERBS,
    SURNAMES,
    _token_at,
    bad_start,
    ends_in_next_word,
    is_common_word,
    is_phrase,
    is_pronoun,
    is_tail,
    opens_with_adverb,
)
from .tags_zh import ADVERBIAL, SPEECH_VERB

#: a name written in Latin letters, alone or after 阿/小/老 (阿Q, 小D, Tony, K), or one
#: lower-case letter as older fiction writes people (k, o, c夫人): not an acronym in capitals
#: (CEO, KTV), nor a place so written (S城, a地)
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])((?:[阿小老])?(?:[A-Z][a-z]{1,11}|[A-Z]|[a-z](?:夫人|太太|小姐|女士)?))"
                         r"(?![A-Za-z])(?![地城县镇村省市府门港湾路街国])")
#: an honorific after a one-letter name that is the same person (k君, y先生)
_LETTER_HONORIFIC = ("君", "先生")
#: what follows a person who opens a clause: an adverb or an act (阿Q说, Tony笑了, 小D也, N愈说)
_LATIN_ACT = re.compile(PERSON_ADVERBS + rf"(?:[\u4e00-\u9fff]?{PERSON_VERBS}|[回进出把向对跟和的在是被便又也却])")


def latin_names(text: str, narr: bytearray) -> Counter:
    """People written in Latin letters in a Chinese text (阿Q, 小D, Tony): a form that opens a
    clause of the narration at least twice, acting there at least once."""
    opens: Counter = Counter()
    acts: Counter = Counter()
    for m in _LATIN_NAME.finditer(text):
        at = m.start(1)
        if not narr[at] or (at > 0 and text[at - 1] not in _BOUND and not text[at - 1].isspace()):
            continue
        w = m.group(1)
        opens[w] += 1
        e = m.end(1)
        e += next((len(t) for t in _LETTER_HONORIFIC if len(w) == 1 and text.startswith(t, e)), 0)
        acts[w] += bool(_LATIN_ACT.match(text, e))  # y君说 acts as y
    return Counter({w: text.count(w) for w, n in opens.items() if n >= 2 and acts[w] >= 1})


def alias_honorifics(text: str, cast: Cast) -> None:
    """A one-letter name with an honorific after it (k君) is that person's form too."""
    for form in [f for f in cast.by_form if len(f) == 1 and f.isascii() and f.isalpha()]:
        for title in _LETTER_HONORIFIC:
            if form + title in text and cast.lookup(form + title) is None:
                cast.alias(cast.by_form[form], form + title)


def _opens(text: str, narr: bytearray, at: int) -> bool:
    """Whether ``at`` opens a clause of the narration."""
    return bool(narr[at]) and (at == 0 or text[at - 1] in _BOUND)


#: how rare a character must be in jieba's dictionary to be a name on its own (羿, 禹, 舜):
#: common characters (门, 马, 王) are words or surnames far more often
_RARE_CHAR = 1000


def single_names(text: str, narr: bytearray) -> Counter:
    """One-character names (羿, 禹 of old tales): a character rare as a word that opens a
    clause of the narration three times or more and acts there, a word of its own to jieba
    each time."""
    import jieba

    jieba.initialize()
    freq = jieba.dt.FREQ
    opens: Counter = Counter()
    for m in _CJK.finditer(text):
        at, c = m.start(), m.group(0)
        if (not _opens(text, narr, at) or c in _NOT_START
                or c in _KIN_SUFFIX or freq.get(c, 0) >= _RARE_CHAR):
            continue
        if _LATIN_ACT.match(text, at + 1) and _token_at(text, at) == (c, ""):
            opens[c] += 1
    return Counter({c: text.count(c) for c, n in opens.items() if n >= 3})


def drop_acting_forms(names: Counter) -> None:
    """Remove from ``names`` each form that is another name plus an adverb, a conjunction, a
    preposition or a verb of the dictionary (羿忽然, 禹回答, 常居士听): the name acting, no
    other person."""
    for w in [w for w in names if any(
            w.startswith(n) and len(w) > len(n) and _act_after_name(w[len(n):]) for n in names)]:
        del names[w]


def _act_after_name(rest: str) -> bool:
    """Whether what follows a name inside a longer candidate is an adverb, a conjunction, a
    preposition or a verb of the dictionary (忽然, 回答, 听, 将)."""
    import jieba.posseg as pseg

    tag = pseg.dt.word_tag_tab.get(rest)
    if tag is None and len(rest) > 1:
        toks = list(pseg.cut(rest))
        tag = toks[0].flag if toks and len(toks[0].word) == len(rest) else None
    return tag is not None and tag[:1] in ("d", "c", "p", "v")


#: a bare speech verb with its colon and the quote it opens (青钿道：“……”)
_BARE_TAG = re.compile(r"(?:道|说道|问道|笑道|答道|说)[：:]\s*[“「]")


#: where a sentence opens
_OPENS = r"(?:^|(?<=[。！？”」\n]))\s*"


def _opens_sentences(text: str, w: str) -> int:
    """How many sentences of the text ``w`` opens."""
    return len(re.findall(_OPENS + re.escape(w), text))


def leads_a_line_in(text: str, w: str) -> bool:
    """Whether ``w`` opens a sentence as the subject of a bare tag (……。彩云道：“……”)."""
    return re.search(_OPENS + re.escape(w) + f"(?={_BARE_TAG.pattern})", text) is not None


def tag_only_names(text: str, narr: bytearray, names: Counter, exclude: set[str]) -> Counter:
    """Names written only as the subject of a bare tag that opens a sentence (……。青钿道：
    “……”), as a story with a crowd of speakers writes its minor ones: a word jieba does not
    know as common, that is no known name with what follows it (凤喜因道) and no gesture."""
    out: Counter = Counter()
    acts: dict[str, bool] = {}
    for m in re.finditer(_OPENS + r"([\u4e00-\u9fff]{2,3}?)(?=" + _BARE_TAG.pattern + ")", text):
        w, at = m.group(1), m.start(1)
        if (not narr[at] or w in names or w in exclude or bad_start(w) or w[-1] in _BAD_END
                or any(n in w or w in n for n in names if len(n) >= 2)):
            continue
        if w not in acts:
            # a word that opens three sentences or more is somebody who acts (清秋一想……, 清秋
            # 一听这话), though the dictionary knows it as a word (a clear autumn)
            acts[w] = _opens_sentences(text, w) >= 3
        if ((is_common_word(w) and not acts[w]) or is_phrase(w, spoken=2 if acts[w] else 0)
                or re.fullmatch(ADVERBIAL, w) or any(b in w for b in BODY_PARTS)
                or re.search("[着了过口脸头]", w) or ends_in_next_word(text, w)
                or any(w.startswith(x) for x in exclude if len(x) >= 2)):  # 心里|想道
            continue
        out[w] += 1
    return out


#: what old fiction calls people by, after a name or a nickname of one or two characters (all
#: of two characters)
#: (六一公公, 单四嫂子, 王九妈 has a surname and is found without this)
_ADDRESS_TITLES = ("公公", "婆婆", "老爹", "大爷", "奶奶", "大娘", "嫂子", "老太", "太太", "老爷")


def titled_names(text: str, narr: bytearray, exclude: set[str]) -> Counter:
    """Somebody called by a name and a title of address (六一公公), written three times or more
    in the narration, never after 的 (他的公公 is a relation, not a name)."""
    out: Counter = Counter()
    for m in re.finditer(f"(?:{'|'.join(_ADDRESS_TITLES)})", text):
        for n in (2, 1):
            at = m.start() - n
            if at < 0 or not narr[at]:
                continue
            w = text[at : m.end()]
            head = text[at : m.start()]
            if not all(_CJK.match(c) for c in head) or bad_start(w) or _NOT_NAME_PART.search(head) \
                    or head[0] in "老小大的" or (at > 0 and text[at - 1] == "的"):
                continue
            out[w] += 1
    # 到石太太 of 石太太: a word before a name that is twice as frequent without it; 佑太太 of
    # 天佑太太: the name cut short
    longer = {w[1:]: c for w, c in out.items() if len(w) == 4}
    return Counter({w: c for w, c in out.items() if c >= 3 and w not in exclude
                    and not is_phrase(w[:-2]) and 2 * c > out.get(w[1:], 0)
                    and 2 * longer.get(w, 0) <= c})


#: titles after a surname that make a person of it (雷先生, 黄太太)
_SURNAME_TITLES = ("先生", "太太", "老头", "老爷", "小姐", "老板", "师傅", "奶奶", "大爷", "大娘")


def bare_surnames(text: str, narr: bytearray, cast: Cast) -> dict[str, int]:
    """A surname written alone for the one character the cast holds with that surname and a
    title (黄先生 …… 黄这样问他; 雷先生 …… 雷阻止他说), as some authors name their people: the
    surname opening two clauses of the narration or more, a word of its own there, and acting.
    Only such places refer to the person: 黄 and 雷 are common words elsewhere."""
    out: dict[str, int] = {}
    held: dict[str, set[int]] = {}
    for form, cid in cast.by_form.items():
        for t in _SURNAME_TITLES:
            if len(form) == len(t) + 1 and form.endswith(t) and form[0] in SURNAMES:
                held.setdefault(form[0], set()).add(cid)
    for c, cids in held.items():
        if len(cids) != 1 or cast.lookup(c) is not None:
            continue
        opens = sum(1 for m in re.finditer(c, text) if _opens(text, narr, m.start())
                    and (_LATIN_ACT.match(text, m.end()) or _SAYS_SOON_RX.match(text, m.end()))
                    and _token_at(text, m.start()) == (c, ""))
        if opens >= 2:
            out[c] = next(iter(cids))
    return out


def bare_surname_rx(c: str) -> re.Pattern[str]:
    """Where a bare surname refers to its person: opening a clause, and acting; or spoken to
    (他对黄说：)."""
    bounds = re.escape("".join(sorted(_BOUND)))
    # (黄很诚恳地说, 雷阻止他说: the speech verb of a tag a few words on)
    return re.compile(rf"(?:(?<=^)|(?<=[{bounds}])|(?<=但是|于是|可是|然而|只是|所以|因此)){c}"
                      rf"(?={_LATIN_ACT.pattern}|{_SAYS_SOON})"
                      rf"|(?<=[对向跟朝]){c}(?=[说道问])", re.M)


#: a speech verb a few words on in the same clause (很诚恳地说, 阻止他说)
_SAYS_SOON = rf"[^，,。！？；“”\n的]{{0,6}}?{SPEECH_VERB}"
_SAYS_SOON_RX = re.compile(_SAYS_SOON)


#: a wife called by her husband's name (周瑞家的, 王善保家的), opening a clause and acting
_WIFE_OF = re.compile(r"家的(?=[^，,。！？“”「」]{0,6}?(?:道|说|问|笑|听|便|也|又|忙|因|却|只|走|来|去))")


def wives_by_husband(text: str, narr: bytearray, names: Counter) -> None:
    """Add to ``names`` each wife the story calls by her husband's name and 家的 (王善保家的
    笑道), opening clauses of the narration twice or more: somebody other than him; a name cut
    before its 的 (周瑞家) gives way to the whole form."""
    for n in [n for n in names if 2 <= len(n) <= 4]:
        head = n[:-1] if n.endswith("家") else n
        hits = sum(1 for m in re.finditer(re.escape(head) + "(?=家的)", text)
                   if _opens(text, narr, m.start()) and _WIFE_OF.match(text, m.end()))
        if hits >= 2:
            names[head + "家的"] += hits
            if n.endswith("家"):
                del names[n]


def tag_surname_name(text: str, seg: str, names: Counter, exclude: set[str]) -> bool:
    """Whether the subject of one tag (孙立德说, 老董叹口气道) is a name of its own: two or
    three characters from a surname on (or 老/小 and a surname), none of them a known name
    with what it does next."""
    surname = seg[0] in SURNAMES or (len(seg) == 2 and seg[0] in "老小" and seg[1] in SURNAMES)  # 老董
    return (2 <= len(seg) <= 3 and surname and seg not in names
            and not is_tail(seg) and not opens_with_adverb(seg)
            and seg not in exclude and seg not in KIN_ROLES and not is_common_word(seg)
            and all(_CJK.match(c) for c in seg)
            and not any(seg in n for n in names)
            and not is_pronoun(seg[1:])  # 黄这样问他: how he asks, no given name
            and seg[1:] not in names  # 但敏明说 of 敏明, 向桂英打拱 of 桂英
            # 李婶叫 of a story that knows 李婶: the name and the verb after it
            and not any(seg.startswith(n) for n in names if len(n) >= 2)
            # 向老董说道 once: 向 is "to", said to 老董 (向高 again and again is a surname)
            and not (seg[0] in _SURNAME_OR_WORD and text.count(seg) < 2))
