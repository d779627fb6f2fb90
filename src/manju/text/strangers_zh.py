"""Strangers the narration brings in by a description (小路上又来了一个女人, 开门的是一个小丫头,
一位白发老人): somebody new to the scene, whom the definite forms after it refer to (那老女人,
那人点一点头) until another stranger with the same head noun comes in.

Only the positions after the introduction are references: a generic noun such as 女人 or
老人 is never a form the whole text is searched for (他的女人 before the stranger comes is
somebody else), so the stranger joins the cast after the search for names. When the
narration says who the stranger is (……一个男人，是她的大哥X; 这少年便是X; X走进来，是一个
青年), the references are that character's. Nothing here names a person of any story.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .cast import Cast
from .lexicon_zh import SURNAMES
from .names_zh import ACTS_SOON
from .referents_zh import CROWD_WORDS
from .things_zh import PERSON_END, said_of_known, words

_CJK = "\u4e00-\u9fff"
#: head nouns of a description that is a person, with the sex they tell (longest first)
_HEADS = {
    "老太婆": "female", "老婆子": "female", "小丫头": "female", "老头子": "male",
    "小伙子": "male", "女人": "female", "男人": "male", "妇人": "female", "女子": "female",
    "少女": "female", "姑娘": "female", "丫头": "female", "老妇": "female", "婆子": "female",
    "男子": "male",
    "老头": "male", "汉子": "male", "大汉": "male", "少年": "male", "后生": "male",
    "老人": "unknown", "老者": "unknown", "青年": "unknown", "孩子": "unknown",
    "女孩": "female", "男孩": "male", "小孩": "unknown",
}
_HEAD_RX = "|".join(sorted(_HEADS, key=len, reverse=True))
#: an indefinite introduction: 一个 + what the stranger looks like (up to one 的, or up to three
#: characters: 一个黑胡子老头儿) + the head; or 一 right before the head (见一老者, old style)
_INTRO = re.compile(
    rf"(?:一个|一位|一名|(?<![第唯统万单同])一(?=(?:{_HEAD_RX})))"
    rf"((?:[^，,。！？；：“”「」\s的]{{1,8}}的)?[{_CJK}]{{0,3}}?)({_HEAD_RX})儿?"
    rf"(?![{_CJK}]*?的)"
)
#: what a word for somebody's trade or station ends in (农夫, 夫役, 店员, 差官, 兵丁)
_TRADE_END = "夫役工匠员差客计吏卒僧医师兵丁倌官"
#: of those, the ones men plied (农夫, 兵丁, 狱卒)
_MEN_TRADES = "夫丁卒吏僧兵"
#: an indefinite introduction of somebody by their trade or station (一个夫役拉着垃圾车来到门口):
#: a word of the dictionary for a person, not a head noun above
_INTRO_ROLE = re.compile(
    rf"(?:一个|一位|一名)((?:[^，,。！？；：“”「」\s的]{{1,8}}的)?)([{_CJK}][{_TRADE_END}])(?![{_CJK}]*?的)"
)
#: somebody the narration presents as a person and no more (只见一个人，戴了亮蓝顶子; 才有一个
#:人出来说; 当头来了一个过路人; ……。一个人道：): 那人 after it is them (not 一个人也没有: nobody)
_PRESENTED = re.compile(
    rf"(?:有|来了|只见|见是|进来|出来|走来|走过来|走出|(?<=[，,。！？；：\n”」]))(?P<det>一个|一位)"
    rf"((?:[^，,。！？；：“”「」\s的]{{1,8}}的)?[{_CJK}]{{0,2}}?)(人)(?![{_CJK}]*?的)(?![也都]?[没不])"
)
#: a description the lead-in into a quote addresses (女人们便开始问那个女孩：“……”): the one who
#: answers, when the story has brought them in no other way
_ADDRESSED = re.compile(
    rf"(?:问|对|向|朝|跟|同)(?:那个|这个|那位|这位|那|这)((?:[^，,。！？；：“”「」\s的]{{1,8}}的)?"
    rf"[{_CJK}]{{0,2}}?)({_HEAD_RX})儿?(?![{_CJK}]*?的)"
)
#: a word for a person's trade or place the lead-in into a quote addresses with no determiner
#: (就去问汽车夫，他说：“……”; 我问短工：“……”)
_ADDRESSED_ROLE = re.compile(rf"(?:问|对|向|朝|跟|同)([{_CJK}]{{1,2}}[{''.join(sorted(PERSON_END))}])(?=[，,：:]|说|道)")
#: how far after its introduction a stranger is still referred to by a definite form (a
#: bare 女人 opening a clause is not one: it may be anybody, and on the development texts it
#: only cost a line)
_SPAN = 4000
#: 那人 / 这人 opening a clause: the last stranger, when they came in this close before
_THAT_ONE = re.compile("(?:那|这)(?:个)?人")
_THAT_ONE_SPAN = 1500
_BOUND = set("，。！？；：、”」…—\n \u3000")
#: the rest of an introduction's sentence leads into a quote (……跑到他们跟前说：“)
_LEADS_ON = re.compile("[^。！？\n“”「」]{0,12}?[：:]?\\s*[“「]")
_LEADS_IN = re.compile("[^。！？\n“”「」]{0,20}?(?:说|道|问|叫|喊|嚷)[^。！？\n“”「」]{0,3}?[：:，,]?\\s*[“「]")


def _one_noun(w: str) -> bool:
    """Whether jieba reads ``w`` as one noun (短工, 汽车夫; not 他人)."""
    toks = words(w)
    return len(toks) == 1 and toks[0].flag.startswith("n") and not toks[0].flag.startswith("nr")


def _opens_clause(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in _BOUND


def add_strangers(text: str, narr: bytearray, cast: Cast,
                  refs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Add each stranger the narration introduces and refers to again (or who speaks right
    after coming in) as a character; return ``refs`` with the stranger's references added."""
    taken = bytearray(len(text))
    ref_at = {a: c for a, _e, c in refs if c >= 0}
    for a, e, _c in refs:
        taken[a:e] = b"\x01" * (e - a)
    intros = []
    addressed = []  # processed after the introductions, whose later forms they may be
    merged: dict[int, int] = {}
    trades: set[int] = set()  # where a trade brings somebody in (一个夫役)
    for m in _INTRO.finditer(text):
        if narr[m.start()] and taken[m.start(2)]:
            # a description the cast already holds (进来一个……的老头儿，是常来的X): X
            known = ref_at.get(m.start(1), ref_at.get(m.start(2)))
            named = _equated(text, [(m.start(1), m.end())], ref_at)
            if known is not None and named is not None and named != known and known not in merged:
                merged[known] = named
                for form in cast.chars[known].aliases:
                    cast.by_form[form] = named
                    if form not in cast.chars[named].aliases:
                        cast.chars[named].aliases.append(form)
            continue
        if not narr[m.start()]:
            continue
        mod, head = m.group(1), m.group(2)
        if re.search("[他她我你]的|们", mod) or said_of_known(text, m.start()):
            continue  # (nor 她只是一个女孩子: what somebody known is)
        toks = words(mod) if "的" in mod else []
        if any(toks[k].flag.startswith("n") and toks[k + 1].flag.startswith("v") for k in range(len(toks) - 1)):
            continue  # 一个生地方遇见生面的男子: the 一个 is the place's, a clause tells of the man
        intros.append((m.start(), m.start(1), m.end(), head))
    for m in _INTRO_ROLE.finditer(text):
        head = m.group(2)
        if (narr[m.start()] and not taken[m.start(2)] and head not in _HEADS and _one_noun(head)
                and not re.search("[他她我你]的|们", m.group(1)) and not said_of_known(text, m.start())):
            intros.append((m.start(), m.start(1), m.end(), head))
            trades.add(m.start())
    for m in _PRESENTED.finditer(text):
        if narr[m.start("det")] and not taken[m.start(3)] and not re.search("[他她我你]的|们", m.group(2)):
            intros.append((m.start("det"), m.start(2), m.end(), "人"))
    intros.sort()
    for m in _ADDRESSED.finditer(text):
        if narr[m.start()] and not taken[m.start(2)] and _LEADS_ON.match(text, m.end()):
            addressed.append((m.start() + 1, m.start(1), m.end(), m.group(2)))
    for m in _ADDRESSED_ROLE.finditer(text):
        role = m.group(1)
        if (narr[m.start()] and not taken[m.start(1)] and cast.lookup(role) is None
                and _LEADS_ON.match(text, m.end()) and _one_noun(role)
                and not re.fullmatch(CROWD_WORDS + "|人家|别人|旁人|大伙", role)):  # not 问大家
            addressed.append((m.start(1), m.start(1), m.end(1), role))
    added: list[tuple[int, int, int]] = []
    mine: set[int] = set()
    for k, (at, d_start, d_end, head) in enumerate(intros + addressed):
        if k >= len(intros) and (taken[d_start] or taken[d_end - 1]):
            continue
        stop = min((a for a, *_r, h in intros[k + 1 :] if h == head), default=len(text))
        stop = min(stop, d_end + _SPAN)
        later: list[tuple[int, int]] = []
        definite = re.compile(rf"(?:那|这)(?:个|位)?(?:[{_CJK}]{{0,3}}?)(?:{re.escape(head)})" if head != "人"
                              else "(?:那|这)(?:个|位)?人")
        for o in definite.finditer(text, d_end, stop):
            if narr[o.start()] and not taken[o.start()] and not taken[o.end() - 1]:
                later.append((o.start(), o.end()))
        if at in trades:
            # 夫役接过畚箕来: a trade opening a clause is the one who plies it, 那 or not
            later.extend((o.start(), o.end()) for o in re.compile(re.escape(head)).finditer(text, d_end, stop)
                         if narr[o.start()] and _opens_clause(text, o.start())
                         and not taken[o.start()] and not taken[o.end() - 1])
            later.sort()
        nxt = text.find("\n", d_end)
        speaks = nxt >= 0 and text[nxt:].lstrip()[:1] in ("“", "「") and not re.search(
            "[。！？][^\n]", text[d_end:nxt])
        # 有一个顽皮的孩子跑到他们跟前说：“……”: the one who comes in says the line right there
        speaks = speaks or _LEADS_IN.match(text, d_end) is not None
        if not later and not speaks:
            continue
        name = text[d_start:d_end]
        if name == "人":  # 只见一个人: told only as 那人, each one somebody of their own
            name = _free_that_one(cast)
        cid = _equated(text, [(d_start, d_end), *later], ref_at)
        if cid is None and text[max(0, at - 1) : at] == "是":
            cid = _sentence_subject(text, at, ref_at)
        sex = _HEADS.get(head) or ("male" if at in trades and head[-1] in _MEN_TRADES else "unknown")
        if cid is not None and sex != "unknown":
            cast.gender_votes[cid][sex] += 2  # 这少年便是X: X is a boy
        if cid is None:
            if cast.lookup(name) not in (None, *mine):
                continue  # a description the cast already holds (黑衣人 told by its tags)
            # one more stranger told alike is the same character (they seldom meet); the name
            # joins the cast after the text was searched for names, so only these places refer
            cid = cast.add(name, gender=sex)
            mine.add(cid)
        chars = cast.chars[cid]
        for form in (text[at:d_end], *(text[a:e] for a, e in later)):
            if form not in chars.aliases and form != head:
                chars.aliases.append(form)
        added.append((d_start, d_end, cid))
        added.extend((a, e, cid) for a, e in later)
        for o in _THAT_ONE.finditer(text, d_end, min(stop, d_end + _THAT_ONE_SPAN)):
            a = o.start()
            if narr[a] and _opens_clause(text, a) and not taken[a]:
                added.append((a, o.end(), cid))
        for a, e, _c in added:
            taken[a:e] = b"\x01" * (e - a)
    added.extend(_that_one(text, narr, cast, sorted(refs + added), taken))
    added.extend(_unintroduced(text, narr, cast, taken))
    added.extend(_running(text, narr, cast, taken))
    if merged:
        refs = [(a, e, merged.get(c, c)) for a, e, c in refs]
    if not added:
        return refs
    return sorted(refs + added)


def _that_one(text: str, narr: bytearray, cast: Cast, refs: list[tuple[int, int, int]],
              taken: bytearray) -> list[tuple[int, int, int]]:
    """那人 / 这人 opening a clause soon after the latest mention of somebody the story knows
    by a description (一个穿白制服的人……向余氏问道：“……”……那人道, 一个三十左右的男子): that
    person."""
    described = {c for c, ch in enumerate(cast.chars) if "的" in ch.name[1:] and ch.name[-1] in PERSON_END}
    if not described:
        return []
    out: list[tuple[int, int, int]] = []
    seen = [(a, c) for a, _e, c in refs if c in described]  # refs are sorted
    for o in _THAT_ONE.finditer(text):
        a = o.start()
        if not narr[a] or not _opens_clause(text, a) or taken[a]:
            continue
        k = bisect_left(seen, (a, -1))
        if k and a - seen[k - 1][0] <= _THAT_ONE_SPAN:
            out.append((a, o.end(), seen[k - 1][1]))
            taken[a : o.end()] = b"\x01" * (o.end() - a)
    return out


def _free_that_one(cast: Cast) -> str:
    """A name for one more stranger told only as 那人: 那人, then 那人（2）, 那人（3）…"""
    n = 1
    while cast.lookup("那人" if n == 1 else f"那人（{n}）") is not None:
        n += 1
    return "那人" if n == 1 else f"那人（{n}）"


#: 那人 opening a lead-in: ……，就问他：“贵姓？”那人道：“……”
_THAT_ONE_SAYS = re.compile("[^，,。！？“”「」]{0,6}?(?:道|说|问|答)")


def _unintroduced(text: str, narr: bytearray, cast: Cast, taken: bytearray) -> list[tuple[int, int, int]]:
    """那人 / 这人 who speaks (看柜台里边的人，约有五十多岁光景，就问他：“贵姓？”那人道：“……”)
    when the narration brought them in no way the cast knows: somebody of their own, one for
    each stretch of text where the 那人 follow each other closely."""
    at = [(o.start(), o.end()) for o in _THAT_ONE.finditer(text)
          if narr[o.start()] and _opens_clause(text, o.start()) and not taken[o.start()]]
    out: list[tuple[int, int, int]] = []
    k = 0
    while k < len(at):
        j = k
        while j + 1 < len(at) and at[j + 1][0] - at[j][0] <= _THAT_ONE_SPAN:
            j += 1
        run = at[k : j + 1]
        if sum(1 for a, e in run if _THAT_ONE_SAYS.match(text, e)) >= 2:
            name = _free_that_one(cast)
            cid = cast.add(name)
            for a, e in run:
                if text[a:e] not in cast.chars[cid].aliases:
                    cast.chars[cid].aliases.append(text[a:e])  # what the text calls them
            out.extend((a, e, cid) for a, e in run)
        k = j + 1
    return out


#: how often a bare description must open a clause, and act in it, to be somebody
_RUNNING_OPENS, _RUNNING_ACTS = 3, 2


def _running(text: str, narr: bytearray, cast: Cast, taken: bytearray) -> list[tuple[int, int, int]]:
    """A description the narration keeps using for one person it brought in some other way
    (……出来一个人，钱默吟先生。/ 老人的脸很黑很瘦。……老人又笑了一下。……老人一边说): opening
    three clauses of the narration and acting in two, it is that person's name in this text,
    a character of its own unless the cast already holds the form."""
    out: list[tuple[int, int, int]] = []
    for head, sex in _HEADS.items():
        at = [m.start() for m in re.finditer(head, text) if narr[m.start()] and _opens_clause(
            text, m.start()) and not taken[m.start()] and text[m.end() : m.end() + 1] != "们"]
        if len(at) < _RUNNING_OPENS or sum(
                1 for a in at if ACTS_SOON.match(text, a + len(head))) < _RUNNING_ACTS:
            continue
        cid = cast.lookup(head)
        if cid is None:
            cid = cast.add(head, gender=sex)
        out.extend((a, a + len(head), cid) for a in at)
    return out


#: the narration says who the stranger is (门外站着一个……男人，是她的大哥X; 这少年便是X)
_IS = re.compile(r"(?:[，,]\s*)?(?:原来|其实|就|便|也|正)?(?:就是|便是|正是|是)")


def _equated(text: str, spans: list[tuple[int, int]], ref_at: dict[int, int]) -> int | None:
    """The one named character the narration equates with the stranger right after one of
    its references, or None."""
    found: set[int] = set()
    for _a, e in spans:
        m = _IS.match(text, e)
        if m is None:
            continue
        for d in range(m.end(), m.end() + 8):
            if d >= len(text) or text[d] in "，,。！？；“”「」\n":
                break
            if d in ref_at:
                found.add(ref_at[d])
                break
    return found.pop() if len(found) == 1 else None


def _sentence_subject(text: str, at: int, ref_at: dict[int, int]) -> int | None:
    """The named subject of the clause whose predicate introduces the stranger (耕柱子恰恰从
    堂屋里走到，是一个很精神的青年), or None (开门的是一个小丫头)."""
    end = at - 1
    if end > 0 and text[end - 1] in "，,":
        end -= 1  # ……走到，是一个……: the clause before the comma
    cs = max(text.rfind(c, 0, end) for c in "，,。！？；\n”」") + 1
    while cs < end and text[cs] in " \u3000":
        cs += 1
    return ref_at.get(cs)


#: a line in which the speaker gives their surname (不错呀，我姓廖。, 敝姓王)
_MY_SURNAME = re.compile("(?:(?:我|俺|敝人|在下|小人)(?:就|也)?姓|敝姓|贱姓)([\u4e00-\u9fff])(?=[。，,！!；\\s]|$)")


def named_by_surname(quotes: list[tuple[str, int | None]], cast: Cast) -> dict[int, int]:
    """Strangers who give their surname in a line of their own (一个三十左右的男子 …… “不错呀，
    我姓廖。”) when the cast holds one named person of that surname (廖成), or, when they are
    known by a description (那拿刀的), who say the name of a person of the cast as their own
    (“小人就是华山大王小穷奇”): ``{stranger: person}``. ``quotes`` are each line's words and
    speaker id."""
    out: dict[int, int] = {}
    for words_, cid in quotes:
        if cid is None or cid in out:
            continue
        name = cast.chars[cid].name
        if name[:1] in SURNAMES and "的" not in name:
            continue  # somebody with a name of their own
        m = _MY_SURNAME.search(words_)
        if m is None or m.group(1) not in SURNAMES:
            own = _own_name(words_, cast, cid) if "的" in name or name.endswith(tuple(_HEADS)) else None
            if own is not None:
                out[cid] = own  # 小人就是华山大王小穷奇: the one with the knife says who he is
            continue
        holders = [k for k, c in enumerate(cast.chars) if k != cid and c.name[:1] == m.group(1)
                   and 2 <= len(c.name) <= 3 and "的" not in c.name]
        if len(holders) == 1:
            out[cid] = holders[0]
    return out


#: a line in which the speaker says who they are (小人就是华山大王X, 我叫X), the name last
#: (a note's number after it, as an annotated edition prints it)
_MY_NAME = re.compile(f"(?:^|[，,。！!？?；…—\\s])(?:我|俺|小人|在下|本人)(?:就|便|正|乃)?(?:是|叫|名叫|叫做)"
                      f"([{_CJK}]{{2,10}}?)(?:[（(][^）)]{{0,6}}[）)])?(?=[。，,！!？?；…）)\\s]|$)")


def _own_name(words_: str, cast: Cast, cid: int) -> int | None:
    """The person of the cast a stranger's line names as the speaker (我就是X), or None."""
    m = _MY_NAME.search(words_)
    if m is None:
        return None
    said = m.group(1)
    for n in (4, 3, 2):
        k = cast.by_form.get(said[-n:]) if len(said) >= n else None
        if k is not None and k != cid:
            name = cast.chars[k].name
            # (a name, not a word for people: 我是他们的人, 我是个男子)
            return k if 2 <= len(name) <= 4 and "的" not in name and name[-1] not in "们子人" else None
    return None

