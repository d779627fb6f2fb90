"""Minor Chinese characters known only by a description that speaks (一个蟹壳脸的问, 胖子说).

Stories name bystanders by what they look like or do: a description that is the subject of
a speech tag becomes a character, so its later tags and mentions ("蟹壳脸道") refer to one
person. When such a person gives a name in the quote the tag belongs to ("“我叫X。”胖子说"),
the description becomes an alias of that named character instead.
"""

from __future__ import annotations

import re
from collections import Counter

from .names_zh import BODY_PARTS
from .things_zh import PERSON_END, is_noun, said_of_known, words

_CJK = "\u4e00-\u9fff"
#: determiners before a description (一个蟹壳脸的, 那个女人)
_DET = "(?:一个|那个|这个|一位|那位|这位|那|这)"
_NOT_START = set("很他她伊我你您它谁每各某有没不一二三两几些此其该众诸所的了着著是在就也都又便却还只但而")
#: what a sentence that opens with a new subject follows
_SENT_START = set("。！？!?…”」』\n —")
_PRONOUNS = re.compile("[他她我你您它们]")
#: "我叫X" / "我是X" inside a quote: the speaker gives their name
_SELF_NAME = re.compile("(?:我|俺|小人|在下)(?:就)?(?:叫|是)([" + _CJK + "]{2,4}?)(?=[。！，,…？]|$)")


#: the man, the woman (那女的道): people the tags name by their sex alone
_MAN_OR_WOMAN = ("女的", "男的")
#: a gesture between a speaker and the speech verb (老妇摇摇头说, 胖子笑了一笑道)
_GESTURE = ("(?:摇摇头|摇了摇头|点点头|点了点头|笑了笑|笑了一笑|想了想|想了一想|叹了口气|愣了愣|顿了顿|抬起头|低下头"
            # 家人上来回说, 王家小斯走来说: who comes in to say it
            "|(?:走|跑)?(?:上来|进来|出来|过来|走来|跑来|跑进来|走进来)(?:回|便|就)?)")


def _ends_in_noun(w: str, plain_start: bool = True) -> bool:
    """Whether jieba's last word of ``w`` is a noun (蟹壳|脸, 白须白发的|大员), as a
    description's head is; ``plain_start`` also asks that it open with no adverb, adjective,
    verb or state word (not 同情的说)."""
    toks = words(w)
    return (bool(toks) and toks[-1].flag.startswith("n")
            and (not plain_start or toks[0].flag[:1] not in "advz"))


def _does_something(w: str) -> bool:
    """Whether ``w`` is a verb and its object (拿刀, 拉车, 卖菜): with 的, somebody who does it."""
    toks = words(w)
    return len(toks) == 2 and toks[0].flag == "v" and toks[1].flag.startswith("n")


def _acts(w: str) -> bool:
    """Whether ``w`` holds a verb with 着, 了 or 过 after it (挑着担子), not a word for a person
    that happens to hold one of those characters (过客, 过路人)."""
    at = 0
    for t in words(w):
        at += len(t.word)
        if t.flag.startswith("v") and (w[at : at + 1] in ("着", "著", "了", "过") or t.word[-1] in "着著"):
            return True
    return False


def tag_descriptions(text: str, narr: bytearray, starts: list[int], verb: str, adverbial: str,
                     exclude: set[str], known: set[str]) -> dict[str, str | None]:
    """Descriptions that are the subject of a speech tag, each with the known name it is
    equated with ("我叫X" in its own quote), else None."""
    rx = re.compile(
        rf"(?:{_DET})?([{_CJK}]{{2,4}}?)(的)?(?:{adverbial}|[^，。！？“”「」]{{0,4}}?地|{_GESTURE})?{verb}"
        # 军人说了话：, 老汉问了一声：
        r"(?:着|了(?:话|声|一声|句|一句))?(?=[，,。：:！？“「\s]|$)"
    )
    seen: Counter = Counter()
    named: dict[str, str] = {}
    for d in doers(text, narr, verb):
        seen[d] = 1  # first, so that a shorter tag of the same person joins it
    for p in starts:
        m = rx.match(text, p)
        if m is None or not all(narr[p : m.end()]) or (p > 0 and text[p - 1] not in _SENT_START):
            continue  # after a comma the subject is still the sentence's (…，小心翼翼地问)
        d = m.group(1)
        determined = m.start(1) > p
        if (d[0] in _NOT_START or _PRONOUNS.search(d) or d in known
                or any(k in d or d in k for k in known if len(k) >= 2)
                or re.fullmatch(adverbial, d)):
            continue  # 小声说: how it is said, nobody who says it
        if d in exclude and not determined:
            continue  # a bare 女人 or 孩子 is anybody; 那个女人 is somebody
        if d.endswith(BODY_PARTS):
            continue  # 拍了拍她的肩膀道: a part of somebody, who is the one speaking
        if m.group(2) and re.fullmatch(f"姓[{_CJK}]", d):
            d += "的"  # 姓李的道: the one whose surname is 李
        elif m.group(2) and determined and _does_something(d):
            d += "的"  # 那拿刀的说: the one who holds the knife
        elif not (_ends_in_noun(d) and determined if m.group(2) else is_noun(d)
                  or determined and d in _MAN_OR_WOMAN):
            continue  # 胖子说, 一个蟹壳脸的问; not 同情的说 (的 for 地)
        seen[d] += 1
        q = _quote_before(text, p)
        s = _SELF_NAME.search(q) if q else None
        if s and s.group(1) in known:
            named[d] = s.group(1)
    for d in seen:
        if d not in named:
            eq = _equated(text, d, known)
            if eq is not None:
                named[d] = eq
    for d in list(seen):
        # 横肉的人只是嚷 of 一个满脸横肉的人: the one known by the longer description
        longer = [k for k in seen if d != k and d in k and k.endswith("的人")]
        if d not in named and len(longer) == 1:
            named[d] = longer[0]
    return {d: named.get(d) for d in seen}


#: "一个喝酒的人" / "那个卖菜的人": somebody known by what they do or how old they are
_DOER = re.compile(rf"(?:一个|那个|这个|一位|那位|这位)([{_CJK}]{{2,6}}?的(?:人|女人|男人|汉子|老头|老婆子"
                   r"|少年|老人|老者|老妇人|姑娘|妇人|孩子|小孩|学生|老辈|女子|男子|和尚|客人))")


#: an arrival right before a description (突然闯进了一个满脸横肉的人): a newcomer of the scene
_ARRIVES = re.compile("(?:闯进了?|走进了?|进来了?|走来了?|来了|跑进了?)$")


def doers(text: str, narr: bytearray, verb: str) -> list[str]:
    """Descriptions such as 一个喝酒的人 in the narration sentence of a speech tag (一个喝酒的
    人说道, 一个三十多岁的人，……说道): one person, named after the description."""
    out: list[str] = []
    tail = re.compile(rf"[^。！？“”「」]{{0,40}}?{verb}(?:着)?[，,：:]?\s*[“「]")
    for m in _DOER.finditer(text):
        d = m.group(1)
        if (not narr[m.start()] or d in out or d[0] in "的了是在就也都又便却还只很" or _PRONOUNS.search(d)
                or re.search("[，。！？]", d)):
            continue
        # the tag's subject, or the subject right after a quote ("……”坐在后排的一个X的人，……")
        if tail.match(text, m.end()) or re.search(r"[”」][^。！？“”「」，,]{0,8}$", text[: m.start()]) or (
                _ARRIVES.search(text, max(0, m.start() - 4), m.start())):
            out.append(d)
    return out


def _equated(text: str, d: str, known: set[str]) -> str | None:
    """The one known name the narration equates with ``d`` ("那胖子就是X", "X是个胖子")."""
    names = "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))
    if not names:
        return None
    found = {m.group(1) for m in re.finditer(
        rf"{re.escape(d)}(?:原来|其实|便|也)?(?:(?:就是|便是|正是)[^，。！？“”]{{0,8}}?|是)({names})"
        r"(?=[，。！？；…\s]|$)", text)}
    found |= {m.group(1) for m in re.finditer(
        rf"({names})(?:原来|其实|便|也)?(?:就是|便是|正是|是)(?:一个|个|那个|这个)?{re.escape(d)}"
        r"(?![\u4e00-\u9fff])", text)}
    return found.pop() if len(found) == 1 else None


def _quote_before(text: str, p: int) -> str:
    """The quotation that ends right before ``p`` ("“……”胖子说"), if any."""
    if p == 0 or text[p - 1] not in "”」":
        return ""
    open_at = text.rfind("“" if text[p - 1] == "”" else "「", 0, p - 1)
    return text[open_at + 1 : p - 1] if open_at >= 0 else ""


#: a determiner that singles somebody out of several (又一位大员, 另个小伙子, 第二个兵):
#: part of that person's name
_OTHER_DET = "(?:又一(?:个|位|名)|另一(?:个|位|名)|另(?:个|位)|别一(?:个|位)|第[一二三四五六七八九十](?:个|位|名))"
#: a person's description: what describes them up to 的, and a noun for a person (中年的车夫)
_DESCRIPTION = rf"(?:[^，。！？：“”「」\s]{{1,10}}?的)?[{_CJK}]{{1,3}}?[{''.join(sorted(PERSON_END))}]"
#: a determined description (its speech verb follows, see _said_in_sentence)
_LONG_DESC = rf"(?:(?P<other>{_OTHER_DET})|一个|那个|这个|一位|那位|这位|一名)(?P<d>{_DESCRIPTION})"


def _said_in_sentence(verb: str, reach: int) -> str:
    """A lookahead for the speech verb within ``reach`` characters of the same sentence,
    over clauses that name nobody new (一位白须白发的大员，这时觉得……，便把心一横，……抗议道)."""
    return rf"(?=(?:[^。！？“”「」，,\s]|[，,](?![他她我])){{0,{reach}}}?(?:{verb}))"


def determined_descriptions(text: str, narr: bytearray, verb: str) -> dict[str, str]:
    """People the narration knows by a description who speak: one a determiner singles out as
    the subject of a speech verb in the same sentence (一个中年的车夫问, 又一位大员说, 另个小伙子
    把话接过去), named by the description, or with the determiner kept when it tells one of
    several apart; the one it says spoke (说话的大约是回来的伤兵); one of a group who speaks for
    it (两个便衣之中的一个). Maps the form written to the name (另个小伙子 and 另一个小伙子 are one
    另一个小伙子)."""
    rx = re.compile(_LONG_DESC + _said_in_sentence(verb, 40))
    out: dict[str, str] = {}
    for m in rx.finditer(text):
        at = m.start()
        if not narr[at] or (at > 0 and text[at - 1] not in _SENT_START and text[at - 1] not in "，,"):
            continue
        d, end = m.group("d"), m.end("d")
        while (end < len(text) and text[end] in PERSON_END and len(d) < 14
               and _ends_in_noun(d + text[end], plain_start=False)):
            d, end = d + text[end], end + 1  # 胖大官员, not 胖大官 (nor 小胡子将 of 小胡子将他一拉)
        if (_PRONOUNS.search(d) or d.endswith(BODY_PARTS) or d[0] in "的是" or re.match(verb, d)
                or not _ends_in_noun(d, plain_start=False)):  # 一个说是举人的: what is said of him, nobody
            continue
        if "的" in d and _acts(d[d.rindex("的") + 1 :]):
            continue  # 一个卖馄饨的挑着担子: what he does after 的, no part of who he is
        other = m.group("other")
        if not other or "的" in d:
            # 另一位花白须发的大员 is told apart by what describes him
            form = name = d
        else:
            form, name = other + d, re.sub("^(另|别)(?=[个位])", r"\1一", other) + d
        if len(form) >= 3 or (len(form) == 2 and form[-1] != "人"):
            out.setdefault(form, name)  # 一个侏儒跪着说 (not 一个行人: anybody)
    for m in re.finditer(_DOES_DE + _said_in_sentence(verb, 40), text):
        d, at = m.group("d"), m.start()
        nxt = words(text[m.end("d") : m.end("d") + 4])
        if (narr[at] and (at == 0 or text[at - 1] in _SENT_START or text[at - 1] in "，,")
                and _does_something(d[:-1]) and not _PRONOUNS.search(d)
                and not (nxt and nxt[0].flag.startswith("n"))):
            # 一个卖馄饨的走过来，对他说: the one who sells wontons (not 给了一个卖馄饨的几个钱,
            # whom the subject pays, nor 一个拿刀的家伙, a fellow of a description above)
            out.setdefault(d, d)
    for m in _WHO_SPOKE.finditer(text):
        if narr[m.start()] and not _PRONOUNS.search(m.group("d")):
            out.setdefault(m.group("d"), m.group("d"))  # 说话的大约是回来的伤兵
    for m in re.finditer(_ONE_OF + _said_in_sentence(verb, 20), text):
        group = m.group("g")
        counted = m.start("g") > m.start()  # 两个便衣之中: 便 opens a noun, not "then"
        if (not narr[m.start()] or _PRONOUNS.search(group) or group[0] in _NOT_START and not counted
                or group[-1] in "那这哪着著了" or "在" in group):
            # 坐在那里的一个: a place; 指著内中一个: one a verb points at
            continue
        name = group + "人" if group.endswith("的") else group.removesuffix("们")
        if len(name) >= 2:
            out.setdefault(m.group(0), name)  # 两个便衣之中的一个: one of the 便衣 speaks
    return out


#: somebody introduced by what they do and 的 alone (一个卖馄饨的, 那个拿木棍的)
_DOES_DE = rf"(?:一个|那个|这个|一位|那位|这位)(?P<d>[{_CJK}]{{2,4}}的)(?![{_CJK}]*?的)"
#: the narration saying who spoke (说话的大约是回来的伤兵, 开口的原来是那个胖子)
_WHO_SPOKE = re.compile(
    rf"(?:说话|问话|答话|回话|开口|发话|喊话)的(?:人)?(?:大约|大概|分明|原来|正|就|却|竟|也|乃)?是(?:一个|那个|那位|个)?"
    rf"(?P<d>{_DESCRIPTION})(?=[，。！？；“\s]|$)")
#: one of a group (大员中的一个, 两个便衣之中的一个, 报录的内中有一个人): a member speaks
_ONE_OF = (rf"(?:(?:那|这)?[两三四五六七八九几]个|那些|这些)?(?P<g>[{_CJK}]{{1,5}}?)"
           r"(?:之中|当中|内中|中|内|里)(?:的|有)?(?:一个|一位|一名)人?")


#: an indefinite introduction of somebody by a description (一个黑衣人, 一位胖子)
_INTRODUCED = re.compile(rf"(?<![从像如似])(?:一个|一位|一名)([{_CJK}]{{1,3}}?[人者子汉婆妇女客鬼兵士])(?![子儿人])(?![{_CJK}]{{0,2}}的)")


def introduced(text: str, narr: bytearray, starts: list[int], exclude: set[str],
               known: set[str]) -> list[str]:
    """Descriptions the narration introduces (一个黑衣人从树后走了出来) and then uses as the
    subject of at least two clauses (黑衣人闷哼一声): one person known by the description."""
    start_set = set(starts)
    out: list[str] = []
    for m in _INTRODUCED.finditer(text):
        d = m.group(1)
        if (not narr[m.start()] or d in out or d in exclude or d in known or len(d) < 2
                or _PRONOUNS.search(d) or any(d in k or k in d for k in known if len(k) >= 2)
                or not _ends_in_noun(d)):
            continue
        if said_of_known(text, m.start()):
            continue  # 她只是一个女孩子
        subj = 0
        for o in re.finditer(re.escape(d), text):
            at = o.start()
            if at > m.start(1) and narr[at] and (at in start_set or text[at - 1] in "那这"):
                subj += 1
        if subj >= 2 or _speaks_next(text, m.start(), m.end()):
            out.append(d)
    return out


#: the rest of a paragraph (over the lines a web novel breaks it into) and the quote that
#: opens the next one
_THEN_QUOTE = re.compile(r"[^“”「」]*?\n\s*[“「]")


def _speaks_next(text: str, start: int, end: int) -> bool:
    """Whether the introduction is in the last sentence of its paragraph and the next
    paragraph is a line of speech (一个圆脸少女跑上台阶，气喘吁吁。 / “师姐！”): the newcomer
    says it."""
    m = _THEN_QUOTE.match(text, end)
    return m is not None and not re.search("[。！？][^\n]", text[end : m.end()])

