"""Chinese coreference helpers: genders from 他/她 after a name, "他的女人" as the spouse,
and the people a quote names who therefore do not say it."""

from __future__ import annotations

import re

from .cast import Cast
from .dialogue import QuoteInfo
from .lexicon_zh import SURNAMES
from .names_zh import is_common_word
from .quotes import Quote
from .referents_zh import CLAUSE_PREPOSITIONS, preposition_object

_PRON = {"他": "male", "她": "female"}
#: a conjunction that opens a clause before its subject (，因为她父亲刚去世: 她 opens it)
_CONJ_BEFORE = re.compile("[，。！？；：、…\n](?:因为|但是|但|可是|而且|而|于是|所以|因此|只是|虽然|然而)$")


#: prepositions whose object opening a clause casts no sex vote (在X口里, 被X): more than those
#: a clause without a subject turns to
_VOTELESS_PREPOSITIONS = CLAUSE_PREPOSITIONS + "在被把从让"


def vote_genders(text: str, refs: list[tuple[int, int, int]], narr: bytearray, cast: Cast) -> None:
    """Gender votes from 他/她 after a name: the next subject pronoun within the same
    narration or the same quotation (“我在等X。他说……”), when nobody else is named between."""
    ends = {e for _a, e, c in refs if c >= 0}
    for k, (at, end, cid) in enumerate(refs):
        if cid < 0 or cast.chars[cid].gender != "unknown":
            continue
        if text[at - 1 : at] == "当" and at - 1 in ends:
            # Y当X走过来的时候，她就站了起来: the 她 is Y, whom the time clause waits on
            continue
        # 她的视线同伊人的视线冲混了。她……: a 他/她 of the name's own sentence is somebody else
        lo = max(0, at - 200)  # (bounded: a novel holds thousands of names)
        s0 = max(lo, max(text.rfind(c, lo, at) for c in "。！？\n“”") + 1)
        c0 = max(s0, max(text.rfind(c, s0, at) for c in "，,；：") + 1)
        j = k - 1
        while j >= 0 and refs[j][0] >= c0 and (refs[j][2] < 0 or refs[j][2] == cid):
            j -= 1
        if j >= 0 and refs[j][0] >= c0:
            continue  # 沈国英对凤喜的情爱……，他不便哭: the 他 goes on with the clause's subject
        if preposition_object(text, at, _VOTELESS_PREPOSITIONS):
            continue  # 在桂英口里，他久已知道: whom a clause's preposition takes is not the 他 after
        acted_on: set[str] = {c for c in "他她" if c in text[s0:at]}
        last_end = end  # the name's latest mention: the clause a pronoun object shares with it
        for at2, end2, cid2 in refs[k + 1 :]:
            # a line break is no bar: web novels print every sentence on a line of its own
            if at2 >= end + 30 or narr[at2] != narr[at] or re.search("[“”「」]", text[end:at2]):
                break
            if cid2 >= 0:
                if cid2 != cid:
                    break
                last_end = end2
                continue
            ch = text[at2]
            if ch in "他她" and (text[at2 - 1] in "，。！？；：、…\n"
                                or _CONJ_BEFORE.search(text, max(0, at2 - 4), at2)):
                # (他们 is a group, not him; 伊人就在先头走了，她也……跟了来: 也, somebody else)
                if text[at2 + 1 : at2 + 2] not in ("们", "也") and ch not in acted_on:
                    cast.gender_votes[cid]["male" if ch == "他" else "female"] += 1
                break
            if ch in "他她" and text[at2 + 1 : at2 + 2] != "们" and not re.search("[，。！？；：…\n]", text[last_end:at2]):
                # 伊人对她行了一个礼，她……: whom the name acts on is somebody else, and so is
                # the same pronoun opening the next clause
                acted_on.add(ch)


#: "我叫X", "我是X": a name the speaker gives as their own
#: 我就是夷羿, 我是东野梦鹿 (a surname of two before the given name the cast knows)
_SELF_NAMING = re.compile("(?:我|俺|在下|小人)(?:就)?(?:叫|是|姓)[^说跟和与同给替为对向的，,。！？\\s]{0,2}$")


def others_named(text: str, q: Quote, refs_in, info: QuoteInfo, hit) -> list[int]:  # type: ignore[no-untyped-def]
    """People who do not say the quote: named inside it in the third person (not addressed,
    not "我叫X"), and, for a 他/她 tag, people named after the pronoun in its own clause."""
    out: list[int] = []
    for at, _end, cid in refs_in(q.start, q.end):
        if cid < 0 or cid in info.vocatives or cid in out:
            continue
        if _SELF_NAMING.search(text, max(q.start, at - 5), at):
            continue
        out.append(cid)
    if hit is not None and hit[0] == "pron" and hit[1] in ("male", "female"):
        at = hit[2]
        stop = at
        while stop < len(text) and text[stop] not in "。！？!?“”「」\n":
            stop += 1
        out.extend(cid for _a, _e, cid in refs_in(at + 1, stop) if cid >= 0 and cid not in out)
    return out



#: "他的女人": the wife (or husband) of the person before 的
_SPOUSE = re.compile("的(女人|妻子|老婆|媳妇|太太|男人|丈夫)")
_WIFE_FORMS = ("{n}嫂", "{n}嫂子", "{n}婶", "{n}奶奶", "{n}媳妇", "{s}太太", "{s}奶奶", "{s}大嫂", "{s}婶", "{s}大娘", "{s}大妈")


def _spouse_of(cast: Cast, owner: int, wife: bool) -> int | None:
    """The character the naming customs make the spouse of ``owner`` (七斤 / 七斤嫂,
    四铭 / 四太太), if the cast has exactly that form."""
    name = cast.chars[owner].name
    if wife:
        for f in _WIFE_FORMS:
            cid = cast.lookup(f.format(n=name, s=name[0]))
            if cid is not None and cid != owner and cast.gender(cid) != "male":
                return cid
        return None
    for f in _WIFE_FORMS:
        head = f.split("}")[1]
        if name.endswith(head) and len(name) > len(head):
            base = name[: -len(head)]
            for c in cast.chars:
                if c.name == base or (f.startswith("{s}") and len(c.name) >= 2 and c.name[0] == base):
                    cid = cast.lookup(c.name)
                    if cid is not None and cid != owner and cast.gender(cid) != "female":
                        return cid
    return None


def spouses(text: str, refs: list[tuple[int, int, int]], narr: bytearray, cast: Cast) -> list[tuple[int, int, int]]:
    """Add "X的女人" / "他的妻子" as a reference to X's spouse (a 他/她 owner is the person of
    that gender named last in the narration)."""
    out = list(refs)
    last: dict[str, int] = {}
    by_end = {end: (at, cid) for at, end, cid in refs}
    for at, end, cid in refs:
        if cid >= 0 and narr[at]:
            g = cast.gender(cid)
            for want in ("male", "female"):
                if g in (want, "unknown"):
                    last[want] = cid  # a person of unknown sex may be the 他 or the 她
        m = _SPOUSE.match(text, end)
        if m is None or end not in by_end:
            continue
        owner = cid if cid >= 0 else last.get(_PRON.get(text[at], ""), -1)
        if owner < 0:
            continue
        wife = m.group(1) not in ("男人", "丈夫")
        spouse = _spouse_of(cast, owner, wife)
        if spouse is not None:
            out.append((m.start() + 1, m.end(), spouse))
    out.sort()
    return out


#: titles and kinship words said right after a name (明远兄, 秀英姐, 王先生)
_MALE_AFTER = ("先生", "少爷", "老爷", "公子", "兄", "哥", "君", "叔", "伯", "爷", "弟")
_FEMALE_AFTER = ("小姐", "太太", "夫人", "姑娘", "女士", "姐", "妹", "嫂", "婶", "娘")


def title_votes(text: str, cast: Cast) -> None:
    """Gender votes from a title or kinship word said right after a character's name."""
    forms = [f for f in cast.by_form if len(f) >= 2]
    if not forms:
        return
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    titles = "|".join(_MALE_AFTER + _FEMALE_AFTER)
    rx = re.compile(f"({alt})({titles})(?![\u4e00-\u9fff])")
    for m in rx.finditer(text):
        form, title = m.group(1), m.group(2)
        cid = cast.by_form[form]
        if cast.chars[cid].gender != "unknown" or form + title in cast.by_form:
            continue  # 七斤嫂 is a person of her own
        cast.gender_votes[cid]["male" if title in _MALE_AFTER else "female"] += 2
    # 吴先生 of a story whose one 吴 is 吴一粟: he is a man
    one = {s: cids[0] for s, cids in _full_names(cast).items() if len(cids) == 1}
    if not one:
        return
    longest = max(len(f) for f in cast.by_form)
    for m in re.finditer(f"(?<![\u4e00-\u9fff])[{''.join(sorted(one))}](?:{'|'.join(_SURNAME_TITLES)})", text):
        form, at = m.group(0), m.start()
        if form in cast.by_form or any(text[at : at + k] in cast.by_form for k in range(len(form) + 1, longest + 1)):
            continue  # 林君如走进屋来: a given name that opens with 君, no 林君
        cid = one[form[0]]
        if cast.chars[cid].gender == "unknown":
            cast.gender_votes[cid][_SURNAME_TITLES[form[1:]]] += 2


#: a verb or preposition that makes the person after it the one spoken to
_TO_WHOM = re.compile("对|向|朝|冲|跟|问|看|望|瞪|盯着|认识|认出|叫住|拉住|走到")


#: 我 right after a verb or preposition of address: the narrator is spoken to
_TO_ME = re.compile("(?<=[对向朝冲跟问])我")


def tag_addressee(text: str, info: QuoteInfo, refs_in,  # type: ignore[no-untyped-def]
                  narrator: int | None = None) -> list[int]:
    """The person a named speaker's tag turns to ("X认识他是自己的学生Y，便问", "X对Y说"):
    the one who answers, as if called by name; in a first-person story "他就对我说" turns
    to the narrator."""
    lo = info.tag_pos
    hi = lo
    while hi < len(text) and text[hi] not in "。！？!?“”「」\n":
        hi += 1
    found = [(at, cid) for at, _end, cid in refs_in(lo + 1, hi) if cid >= 0 and cid != info.tag_cid]
    if narrator is not None and narrator != info.tag_cid:
        found += [(m.start(), narrator) for m in _TO_ME.finditer(text, lo + 1, hi)]
    for at, cid in sorted(found):
        if _TO_WHOM.search(text, lo, at):
            return [cid]
    return []


#: an interjection that opens a quote before the name it calls (阿！X，…; 喂，X！)
_INTERJECTION = re.compile(r"^(?:阿呀|哎呀|啊呀|哎哟|阿|啊|哦|喂|唉|哎|嗳|呀|咦|嘿|哈|哟|噢)[！!，,…—]+")
#: a word of address after a name (X哥, X大叔, X先生)
_ADDRESS_SUFFIX = re.compile("(?:大哥|大姐|大叔|大婶|大伯|大爷|大娘|先生|哥|姐|叔|婶|伯|兄|弟|妹|嫂|爷)$")


#: what a child calls a parent, and the narration's words for them
_FATHER = ("父亲", "爸爸", "爸", "爹", "爹爹")
_MOTHER = ("母亲", "妈妈", "妈", "娘")
_KIN_SAME: dict[str, tuple[str, ...]] = {w: _FATHER for w in _FATHER} | {w: _MOTHER for w in _MOTHER}
#: what a younger sibling or in-law calls them, and the narration's words for them (哥，……
#: of 大哥孙福堂)
_ELDER = (("哥", "哥哥", "大哥", "二哥", "三哥"), ("姐", "姐姐", "大姐", "二姐", "三姐"),
          ("嫂子", "嫂", "大嫂", "二嫂"))
for _forms in _ELDER:
    # the plain word calls any of them; 二哥 calls 二哥 alone, not the 大哥 of the story
    _KIN_SAME.update({w: (_forms if w[0] not in "大二三" else (w,)) for w in _forms})
#: a kinship word said alone, and the suffix that makes it part of somebody's name (婶子，……
#: to 张婶; 嫂子 to 七斤嫂; 大爷 to 王大爷)
_KIN_SUFFIX_OF = {"婶子": "婶", "婶婶": "婶", "婶": "婶", "嫂子": "嫂", "嫂": "嫂", "大娘": "大娘",
                  "大爷": "大爷", "大伯": "大伯", "大叔": "大叔", "叔叔": "叔", "叔": "叔",
                  "大妈": "大妈", "大婶": "大婶", "奶奶": "奶奶", "爷爷": "爷爷", "阿姨": "阿姨",
                  "姨": "姨", "舅舅": "舅", "舅": "舅", "姑姑": "姑", "老爷": "老爷", "太太": "太太"}

#: polite titles after a bare surname, with the sex they give (吴先生, 蜜司郑 aside)
_SURNAME_TITLES = {"先生": "male", "君": "male", "小姐": "female", "女士": "female"}


def surname_titled(form: str, cast: Cast) -> int | None:
    """The one person of the cast with a full name of that surname whom a polite title
    after the bare surname calls (吴先生 of 吴一粟), of a sex the title allows."""
    if len(form) < 2 or form[0] not in SURNAMES or form in cast.by_form:
        return None
    sex = _SURNAME_TITLES.get(form[1:])
    if sex is None:
        return None
    named = _full_names(cast).get(form[0], [])
    fits = [cid for cid in named if cast.gender(cid) in (sex, "unknown")]
    return fits[0] if len(named) == 1 and len(fits) == 1 else None


def _full_name(name: str) -> bool:
    """Whether ``name`` is a surname and a two-character given name (吴一粟), not a surname
    with a word for a person (王大妈, 马车夫, 高个子)."""
    return len(name) == 3 and name[0] in SURNAMES and not is_common_word(name[1:])


def _full_names(cast: Cast) -> dict[str, list[int]]:
    """The characters whose name is a full name, by surname."""
    out: dict[str, list[int]] = {}
    for cid, c in enumerate(cast.chars):
        if _full_name(c.name):
            out.setdefault(c.name[0], []).append(cid)
    return out


#: a segment of a quote between two commas (不用了，顾总，我等出租车)
_MID = re.compile(r"(?<=[，,])([^，,。！!？?…—“”]{1,6})(?=[，,])")


def vocatives(quote: str, cast: Cast, alias_rx, singles,  # type: ignore[no-untyped-def]
              titled: bool = False) -> list[int]:
    """People a quote calls by name at its head or its tail ("念姐，你来了。"); ``titled``
    also takes a name with a word of address after it (闰土哥)."""
    out: list[int] = []
    quote = _INTERJECTION.sub("", quote, count=1)  # 阿！闰土哥，——你来了？
    head = re.match(r"^[^，,。！!？?…—]{1,6}(?=[，,。！!？?…—])", quote)  # 小栓——你坐着
    tail = re.search(r"[，,—]([^，,。！!？?…—]{1,6})[。！!？?…]*$", quote)
    # 不用了，顾总，我等出租车: a name standing alone between commas inside the quote
    mids = [m.group(1) for m in _MID.finditer(quote)]
    for seg in (head.group(0) if head else "", tail.group(1) if tail else "", *mids):
        if not seg:
            continue
        cid = None
        m = alias_rx.fullmatch(seg) if alias_rx is not None else None
        if m is None and alias_rx is not None and seg.endswith("好") and len(seg) > 1:
            m = alias_rx.fullmatch(seg[:-1])  # 舅舅好。 / 师母好: a greeting calls that person
        if titled and m is None and alias_rx is not None and _ADDRESS_SUFFIX.search(seg):
            m = alias_rx.fullmatch(_ADDRESS_SUFFIX.sub("", seg))  # 闰土哥: the name and a title
        if m:
            cid = cast.by_form[m.group(0)]
        else:
            for form, _rx in singles:
                if seg in (form, form + "好"):
                    cid = cast.by_form[form]
        if cid is None:
            # 爸，…… of a story whose narration says 父亲: the one the family calls so
            same = {cast.by_form[f] for f in _KIN_SAME.get(seg.removesuffix("好"), ())
                    if f in cast.by_form}
            cid = same.pop() if len(same) == 1 else None
        if cid is None and titled:
            cid = surname_titled(seg, cast)
        if cid is None and seg.removesuffix("好") in _KIN_SUFFIX_OF:
            # 婶子，…… of a story with one 张婶: the one whose name ends so
            suf = _KIN_SUFFIX_OF[seg.removesuffix("好")]
            named = {c for f, c in cast.by_form.items() if len(f) > len(suf) and f.endswith(suf)}
            cid = named.pop() if len(named) == 1 else None
        if cid is not None and cid not in out:
            out.append(cid)
    return out
