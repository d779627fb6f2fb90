"""Who the words of a Chinese tag or narration refer to.

Every character form and 他/她/我 in the text is a referent (:func:`referents`); the speaker of
a line is the referent that opens the right clause of its tag (:func:`first_ref`,
:func:`verb_clause_subject`), skipping objects (看着她, 把X), listeners (X听了) and the
subjects of time clauses (X走的时候).
"""

from __future__ import annotations

import re

from .cast import Cast
from .tags_zh import SPEECH_VERB

PRON_ZH = {"他": "male", "她": "female", "我": "narrator"}
CLAUSE_BOUND = "，。！？；：、…—,.!?;: \u3000\n”」"
#: "X退下后，" / "X走的时候，": X is the subject of a time clause, not of the tag
_SUBORDINATE = re.compile(r"[^，,。！？：:]{0,8}(?:之后|以后|后|时|的时候)[，,]")
#: characters before a name that make it an object, not the subject (在X面前, 看着X, 把X)
_OBJECT_BEFORE = set("在对向朝给跟和与把被见着著了过替叫问拉推扶拍劝骂搀看望瞧指到命")
#: of those, the prepositions and the verbs that act on a person: not the ones of seeing or
#: pointing, nor the particles (看见X高兴: X acts)
_ACTS_ON = _OBJECT_BEFORE - set("见看望瞧指着著了过到")
#: a word that presents the one after it on the scene (只见X回来): X is the clause's subject
_PRESENTS = re.compile("(?:只|但|忽|忽然|却|又|便|正|恰)见")
#: a sentence that opens by seeing, with no subject of its own (见房东陈太太来了, 一见加陵进来):
#: who is seen is its object; the one who sees goes on from the sentence before (not 只见X回来,
#: nor a clause after a comma: 看见他的女人非常高兴，问他说, where who is seen so acts next)
_SEES = re.compile("(?:一|及|待)?(?:看|瞧)?见")
#: a preposition or a verb of looking earlier in the clause: the name after it is its object
_OBJECT_PHRASE = re.compile("[向对朝望看盯瞪指][着著]|走至|[走跑送追]到|[向对朝跟给替把被将]")
#: a verb of reporting or finding right before a name (回探春说, 看见是杨杏园): not 这回X说
_OBJECT_VERB = re.compile("(?:(?<![这那一几两三每来去])回|[见看]是)$")
#: a clause whose subject is a crowd (吃饭的人都, 众人, 大家)
#: words for several people at once (众邻居, 那些孩子们, 那三个人, 二位), not 大众 or 群众
CROWD_WORDS = (r"众人|大家|人们|许多人|几个人|(?<![大民公观听群])众(?=[\u4e00-\u9fff])"
               r"|(?:那|这)些[^，,。“”]{0,3}?人|(?:那|这)?[两三四五六七八九十几]个人"
               # 两个挑担子的, 两个老妈子, 两个孩子: a count of people so described (not what
               # a verb takes: 拿了两个三弦子)
               r"|(?<![了着过拿给送买有是])(?:那|这)?[两三四五六七八九十几]个[\u4e00-\u9fff]{1,4}?(?:的|子)(?![\u4e00-\u9fff]*?的)"
               r"|[二两三四五六七八九十几](?:位|人)(?![\u4e00-\u9fff]*的)")
_CROWD = re.compile(rf"[^，,。]{{0,8}}?(?:的人都|的人们|们都|{CROWD_WORDS})")
#: a speech verb's clause opened by a crowd, by 他们/有的 (some of them) or by 有人 (就有人说了):
#: nobody named
_CROWD_SUBJECT = re.compile(rf"\s*(?:就|又|便|也|还|却|忽然)?(?:有人|他们|她们|我们|咱们|有的|旁人|别人|{CROWD_WORDS}"
                            # a plural of people opening the clause (女人们便开始问)
                            r"|[^\W\d_他她我你咱在对向问跟和与给把被替告叫朝冲同将从于到的了着]{1,3}?们(?![\u4e00-\u9fff]*?的))")
#: a crowd opening the narration right after a line and voicing something in that clause
#: (他们都拍掌欢呼起来, 孩子们一齐嚷着)
_CROWD_VOICES = re.compile(_CROWD_SUBJECT.pattern + r"[^，,。！？；“”]{0,8}?(?:欢呼|喊|叫|嚷|哄笑|说|道|问|答应|附和|应和)")


def crowd_voices(after: str) -> bool:
    """Whether the narration right after a line opens with a crowd that voices something in
    that clause (“万岁！”他们都拍掌欢呼起来): the crowd said the line, nobody of the cast."""
    return _CROWD_VOICES.match(after) is not None


#: what makes a crowd the object of its clause (叫众人起去, 看了大家, 对这母女两人)
_CROWD_OBJECT = re.compile("[叫喊问让请带领看望瞧对向朝跟给替把被将分]")
#: a hearing verb right before a name (就听了石太太骂道): the one heard is who speaks
_HEARD = re.compile("听(?:了|见|到|得)?$")
_SAYS_NEXT = re.compile(rf"[^，,。！？“”]{{0,6}}?(?:{SPEECH_VERB}|答话)")
#: several people saying it at once (同声问道, 一齐说, 长衫人物都吆喝说, 二公皆……答道, 且走且说)
TOGETHER = re.compile(r"同声|齐声|一齐(?![起站跪拜])(?=[^，,。]{0,3}(?:说|道|嚷|叫|喊|吆喝|问|答))|异口同声|不约而同|"
                      r"(?:(?<![他她我你])(?:都|俱|皆)|(?<=[们子人家])全(?![身家部然体力心神]))(?:[^，,。]{0,6})?(?:说|道|嚷|叫|喊|吆喝|问|答)|"
                      r"且[^，,。]且说")
_LISTENER = re.compile(r".{0,3}?(?:听了|听到|听见|闻言|一愣|愣住|愣了|怔)")


def _lead_in_body(last: str) -> str:
    """A lead-in without what ends it (its colon or comma, a dash, white space)."""
    return last.rstrip("，,：: \u3000\n—")


#: what may stand before the subject that opens a clause (一个丫鬟, 那位老者)
_DETERMINERS = {"一个", "那个", "这个", "一位", "那位", "这位", "一名"}


#: what makes two people named side by side one subject (皆笑道, 都说, 两个)
_BOTH = re.compile("都|皆|一齐|齐声|一同|同声|两个|两人|二人|俩")


def _pair_at(text: str, hit, hi: int, ref_at: dict) -> bool:  # type: ignore[no-untyped-def]
    """Whether the referent ``hit`` (``("cid", cid, at)``) opens a subject of two or more named
    people: a second name right after, joined by 、 (史进、李忠), or by 与/和/同/跟 or nothing
    with 都, 皆, 两个 ... in the clause (小顺儿与妞子都嚷, 宝钗李纨皆笑道)."""
    if hit is None or hit[0] != "cid":
        return False
    at = hit[2]
    end = ref_at[at][0]
    sep = text[end] if end < hi and text[end] in "、与和同跟及" else ""
    nxt = end + len(sep)
    if nxt not in ref_at or ref_at[nxt][1] < 0 or ref_at[nxt][1] == ref_at[at][1]:
        return False
    return sep == "、" or _BOTH.search(text, ref_at[nxt][0], hi) is not None


def verb_clause_subject(text: str, last: str, l_off: int, ref_at: dict, narr: bytearray):
    """The referent that opens the clause holding a lead-in's speech verb (七斤们连忙招呼，
    七爷也微笑着说): that clause's subject speaks, not a person named earlier in the sentence."""
    body = _lead_in_body(last)
    cut = max(body.rfind(c) for c in "，,；;")
    if _CROWD_SUBJECT.match(body, cut + 1) or TOGETHER.search(body, cut + 1):
        return ("crowd", None, l_off + cut + 1)  # 有的叫道, 他们又高声嚷道, 旁人便又问道
    if cut < 0:
        h = first_ref(text, l_off, l_off + len(body), ref_at, narr, strict=True)
        if _pair_at(text, h, l_off + len(body), ref_at):
            return ("crowd", None, h[2])  # 史进、李忠抱住劝道: two at once
        return None
    lo = l_off + cut + 1
    hit = first_ref(text, lo, l_off + len(body), ref_at, narr, strict=True)
    if _pair_at(text, hit, l_off + len(body), ref_at):
        return ("crowd", None, hit[2])  # 宝钗李纨皆笑道, 史进、李忠抱住劝道: two at once
    if hit is not None:
        return hit
    if text.startswith("被", lo) and lo + 1 in ref_at and ref_at[lo + 1][1] >= 0:
        return ("cid", ref_at[lo + 1][1], lo + 1)  # 瑞丰想跑，被老大拦住：the one who stops him
    if text[lo : lo + 2] in _DETERMINERS and lo + 2 in ref_at and ref_at[lo + 2][1] >= 0:
        return ("cid", ref_at[lo + 2][1], lo + 2)  # 二位吃了茶，一个丫鬟来说: the one it brings in
    # no subject of its own: the nearest clause before it with one; a crowd there
    # ("吃饭的人都站起身，拿筷子点着饭碗说") is nobody the story names
    for m in reversed(list(re.finditer("[^，,；;]+", body[:cut]))):
        a, b = l_off + m.start(), l_off + m.end()
        h = first_ref(text, a, b, ref_at, narr, strict=True)
        m_crowd = _CROWD.match(text, a, b)
        if h is None and m_crowd and not _CROWD_OBJECT.search(text, a, m_crowd.end()):
            # not 叫众人起去, 看了大家吃饭: the crowd somebody bids or looks at is no subject
            return ("crowd", None, a)
        if _pair_at(text, h, b, ref_at):
            return ("crowd", None, h[2])  # 那明月、清风，暗自夸称不尽道
        if h is None and (agent := _passive_agent(text, a, b, ref_at)) is not None:
            return agent  # 有一回给沈四太太看到了，大声说道: who saw it goes on to speak
        if h is not None:
            # the latest clause that names its subject: a subject named after a comma takes
            # the sentence over ("凤喜……正要向外走，家树一手将她拉住，笑道"), as one after a
            # semicolon does ("小栓……咳嗽；康大叔走上前，拍他肩膀说")
            opens = h[2] == a or _opens_clause(text, a, h[2])
            return h if h[0] == "cid" and opens else None  # not 看了看门外的李二
    m_words = _WORDS_MOVE.match(body)
    if m_words is not None and l_off + m_words.end() in ref_at and ref_at[l_off + m_words.end()][1] >= 0:
        # 这一句话，把家树提醒了，笑道: what was said moves the one it names, who answers
        return ("cid", ref_at[l_off + m_words.end()][1], l_off + m_words.end())
    return None


#: a sentence whose subject is what somebody said, acting on a person (这一句话，把家树提醒了)
_WORDS_MOVE = re.compile(r"\s*(?:这|那|只这)?一?[句篇番席段]?话[，,]?(?:倒|却|就|又|也|便|才)?[把将]")


#: the verb after a passive 给/叫/让 and its agent: one of seeing or hearing (给X看到了), not
#: 给X看 (showing X something)
_PERCEIVED = re.compile("[^，,；;]{0,3}?[看听瞧撞碰遇望瞥发][见到着觉]")


def _passive_agent(text: str, a: int, b: int, ref_at: dict):  # type: ignore[no-untyped-def]
    """The named agent of a passive clause (被老大拦住, 给X看到了) in ``text[a:b]``, or None."""
    for p in range(a + 1, b):
        if p not in ref_at or ref_at[p][1] < 0:
            continue
        end, cid = ref_at[p]
        if text[p - 1] == "被" or (text[p - 1] in "给叫让" and _PERCEIVED.match(text, end, b)):
            return ("cid", cid, p)
    return None


def pronoun_clause_subject(text: str, last: str, l_off: int, ref_at: dict, narr: bytearray,
                           gender_of):  # type: ignore[no-untyped-def]
    """A lead-in whose later clause opens with 他/她 of the other sex than the sentence's
    first subject (母亲叫闰土坐，他迟疑了一回，……说): the pronoun, who speaks, is the
    nearest person of its sex named before it in the sentence, else the pronoun itself."""
    body = _lead_in_body(last)
    first = first_ref(text, l_off, l_off + len(body), ref_at, narr, strict=False)
    if first is None or first[0] != "cid":
        return None
    # the narrator's 我 is of no sex here: any 他/她 opening a later clause is somebody else
    # (我又追上去叫她等一等，她到了楼梯底下，……轻轻地说)
    me = text[first[2]] == "我"
    if not me and gender_of(first[1]) not in ("male", "female"):
        return None
    for m in reversed(list(re.finditer("[^，,；;]+", body))):
        at = l_off + m.start()
        if at <= first[2]:
            return None
        h = first_ref(text, at, l_off + m.end(), ref_at, narr, strict=True)
        if h is None or h[0] == "pron" and text[h[2] + 1 : h[2] + 2] == "的":
            continue  # (她的父母, ……: her parents, not she, are that clause's subject)
        if h[0] != "pron" or h[1] not in ("male", "female") or (not me and h[1] == gender_of(first[1])):
            return None
        for k in range(h[2] - 1, first[2] - 1, -1):
            if k in ref_at and narr[k] and ref_at[k][1] >= 0 and gender_of(ref_at[k][1]) == h[1] and (
                    ref_at[k][1] != first[1]):
                return ("cid", ref_at[k][1], h[2])
        return h  # nobody of that sex in the sentence: the pronoun, resolved as a tag's
    return None


#: a lead-in whose speech verb has 他/她 as its object ("问他说", "对她道")
ASKS_PRONOUN = re.compile(rf"(?:问|对|向|朝|冲|跟|和)([他她])(?:{SPEECH_VERB})?[，,：:\s]*$")


#: whom a lead-in's speech verb is said to, then the verb, at the lead-in's end
_TO_AND_VERB = rf"(?P<to>[^，,；;：:。]{{1,8}}?)[^，,；;：:。]{{0,4}}?{SPEECH_VERB}[：:，,]?\s*$"
#: the one a lead-in's speech verb is said to (……，就对伊人说：): never its speaker
_SAID_TO = re.compile(rf"(?:对|向|跟|朝|冲)着?{_TO_AND_VERB}")
#: the one a lead-in's speech verb is said to, or asked (向凤姐道, 问家树道, 对我说：)
_TO_WHOM_END = re.compile(rf"(?:(?:对|向|跟|朝|冲)着?|问){_TO_AND_VERB}")


#: an order given to somebody at a lead-in's end (即命老者：“……”): the one ordered is no speaker
_ORDERS_END = re.compile(r"(?:喝命|命|吩咐|嘱咐)(?P<to>[^，,；;：:。]{1,6}?)\s*$")


def spoken_to(text: str, last: str, l_off: int, ref_at: dict) -> int | str | None:
    """The character the lead-in ``last`` speaks to, or asks (那姑娘……，问家树道: 家树 is
    asked, not who asks), "narrator" for 我, else None."""
    body = _lead_in_body(last)
    m = _TO_WHOM_END.search(body) or _ORDERS_END.search(body)
    if m is None:
        return None
    at = l_off + m.start("to")
    if text[at] == "我" and at + 1 == l_off + m.end("to"):
        return "narrator"
    if at in ref_at and ref_at[at][1] >= 0:
        return ref_at[at][1]
    # 向着镜里的何小姐说: the one named after what describes where they are
    de = text.find("的", at, l_off + m.end("to") + 4)
    return ref_at[de + 1][1] if de >= 0 and de + 1 in ref_at and ref_at[de + 1][1] >= 0 else None


def pronoun_said_to(text: str, last: str, l_off: int, ref_at: dict, narr: bytearray, cid: int):
    """For a lead-in whose speech verb is said to ``cid`` (伊人对她行了一个礼，她……就对伊人说):
    the 他/她 that opens the verb's clause or the last clause before it, who speaks; else None."""
    body = _lead_in_body(last)
    m = _SAID_TO.search(body)
    if m is None:
        return None
    to = l_off + m.start("to")
    if ref_at.get(to, (0, -2))[1] != cid:
        return None
    for c in reversed(list(re.finditer("[^，,；;]+", body[: m.start()] + "，"))):
        a = l_off + c.start()
        if text[a] in "他她" and narr[a] and a in ref_at and ref_at[a][1] < 0:
            return ("pron", "male" if text[a] == "他" else "female", a)
    return None


def asker_of(text: str, last: str, l_off: int, refs_in, cast: Cast):  # type: ignore[no-untyped-def]
    """"……看见他的女人非常高兴，问他说": 他 is asked, so the speaker is the first person of
    the other sex the sentence names."""
    m = ASKS_PRONOUN.search(last)
    if m is None:
        return None
    asked = PRON_ZH[m.group(1)]
    for at, _end, cid in refs_in(l_off, l_off + m.start()):
        if cid >= 0 and cast.gender(cid) not in (asked, "unknown"):
            return ("cid", cid, at)
    return None


#: a relative named after 他/她 (他父亲, 她的丈夫): that person, not the pronoun's
#: kin words a person or a pronoun may own (他父亲, 周文的女人)
KIN_WORDS = ("父亲", "母亲", "爸爸", "妈妈", "爸", "妈", "爹", "娘", "哥哥", "姐姐", "弟弟", "妹妹", "妻子",
             "丈夫", "老婆", "男人", "媳妇", "儿子", "女儿", "爷爷", "奶奶", "祖父", "祖母", "叔叔", "婶婶",
             "舅舅", "姑姑", "太太")
KIN_AFTER = re.compile(f"的?(?:{'|'.join(KIN_WORDS)})")
#: what may stand before a clause's subject: conjunctions and linking adverbs (所以她, 于是他)
_LINKS_ONLY = re.compile("(?:所以|于是|但是|可是|然而|因此|不过|只是|而且|接着|随后|后来|还是|但|可|而"
                         # (大家都没理会他，除了丁约翰……: the one the crowd leaves out)
                         "|除了|只有|唯有|惟有"
                         # and the time words a clause may open with (最后他拿出一枝纸烟来)
                         "|最后|然后|这时候|这时|那时候|那时|忽然|突然|同时|当时|此时|刚才|一会儿|不一会)+")


#: a determiner or a place before a clause's subject (那尚师长忽然……, 那边何丽娜问道)
_WHERE_OR_THAT = re.compile(r"\s*(?:那边|这边|那头|外面|外边|里面|里边|门外|屋里|旁边|那|这)")


def _opens_clause(text: str, start: int, at: int) -> bool:
    """Whether only linking words, time words, a determiner or a place stand between a
    clause's start and the referent at ``at`` (于是他, 那尚师长, 那边何丽娜); a kin word's
    他/她/我 (他父亲只摇摇头) is part of the referent."""
    back = at - 1 if text[at - 1 : at] == "的" else at
    if back > start and text[back - 1] in "他她我" and KIN_AFTER.match(text, at):
        at = back - 1
    return (at == start or _LINKS_ONLY.fullmatch(text, start, at) is not None
            or _WHERE_OR_THAT.fullmatch(text, start, at) is not None)


def clause_start(text: str, at: int, lo: int) -> int:
    """Where the clause holding ``at`` starts (not before ``lo``)."""
    k = at
    while k > lo and text[k - 1] not in CLAUSE_BOUND:
        k -= 1
    return k


def is_object(text: str, at: int, lo: int) -> bool:
    """Whether the name at ``at`` is the object of its clause (在X面前, 看着X, 把X, 向着X): a
    preposition, a verb of looking or a particle right before it, or earlier in the clause."""
    start = clause_start(text, at, lo)
    if _PRESENTS.fullmatch(text, start, at):
        return False  # 只见周瑞家的回来，向凤姐道: who is seen coming back acts and speaks
    if _SEES.match(text, start, at) and (start == 0 or text[start - 1] in "。！？；\n"):
        return True
    if at - 3 >= max(lo, start) and text[at - 2 : at] in ("他的", "她的") and text[at - 3] in _ACTS_ON:
        # 大声骂她的父亲说: whom the verb takes, with its owner before it (not 看见他的女人非常
        # 高兴，问他说: who is seen so goes on to speak)
        return True
    return at > lo and (text[at - 1] in _OBJECT_BEFORE or _OBJECT_PHRASE.search(
        text, start, at) is not None or _OBJECT_VERB.search(text[max(start, at - 3) : at]) is not None)


def clause_subject(text: str, at: int) -> bool:
    """Whether the referent at ``at`` starts its clause (it is the tag's subject)."""
    return at == 0 or text[at - 1] in CLAUSE_BOUND

def referents(text: str, alias_rx, singles, cast: Cast, narr: bytearray,
               narrator: int | None) -> list[tuple[int, int, int]]:
    """``(start, end, cid)`` of every character form in the text (cid -1: a pronoun; a 我
    opening a clause of a first-person narration is the narrator)."""
    out: list[tuple[int, int, int]] = []
    taken = bytearray(len(text))
    if alias_rx is not None:
        for m in alias_rx.finditer(text):
            out.append((m.start(), m.end(), cast.by_form[m.group(0)]))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for form, rx in singles:
        for m in rx.finditer(text):
            if not taken[m.start()]:
                out.append((m.start(), m.end(), cast.by_form[form]))
                taken[m.start()] = 1
    for m in re.finditer("[他她我]", text):
        at = m.start()
        if not taken[at]:
            me = narrator is not None and m.group(0) == "我" and narr[at] and (
                at == 0 or text[at - 1] in CLAUSE_BOUND)
            out.append((at, m.end(), narrator if me and narrator is not None else -1))
    out.sort()
    return out


#: a kinsman, a friend or a servant a name may own (周文的女人, 他的伙计)
RELATIVES = f"(?:{'|'.join((*KIN_WORDS, '女人', '朋友', '孩子', '伙计', '仆人', '丫头', '丫鬟', '老妈子'))})"
_RELATIVE = re.compile(f"的{RELATIVES}(?![的\u4e00-\u9fff]{{0,3}}的)")


#: 那/这 with what describes the person a 他/她 owns (他那年老的娘, 她这个女儿)
_OWNED_BY_THAT = re.compile("[那这](?:[位个])?(?:[^，,。！？；;：:“”\n的他她]{1,6}的)?")


#: what ends a word for a part of somebody's face or head (胖脸, 小干脑袋, 白眉)
_FACE = re.compile("(?:脸|脑袋|眉|眼|嘴|鼻子|头发|胡子)$")


def first_ref(text: str, lo: int, hi: int, ref_at: dict, narr: bytearray, strict: bool):
    """The first character referent in ``text[lo:hi]``: ``("cid", cid, pos)`` or a pronoun.

    ``strict`` asks for a referent that starts a clause (an action beat's subject);
    "X的Y" takes the role/name Y, and "X听了" (the listener reacting) is skipped.
    """
    i = lo
    timed = None  # the subject of a time clause, when no other subject follows it
    listener = None  # X听了: the one who heard, when nobody else follows to speak
    while i < hi:
        if i not in ref_at or not narr[i]:
            i += 1
            continue
        end, cid = ref_at[i]
        ch = text[i]
        at_bound = (i == lo or text[i - 1] in CLAUSE_BOUND or text[i - 1] == "的"
                    or (text[i - 1] in "他她" and i - 1 >= lo and KIN_AFTER.match(text, i)
                        and (i - 1 == lo or text[i - 2] in CLAUSE_BOUND)))  # ，他娘却又……说
        if ch == "我" and end in ref_at and ref_at[end][1] >= 0 and ref_at[end][1] != cid:
            i = end  # "我娘": the kin word is the subject
            continue
        own = re.match("们?家的?", text[end : end + 3]) if ch in "我他她" else None
        if own and end + own.end() in ref_at and ref_at[end + own.end()][1] >= 0:
            i = end + own.end()  # 我家的有二伯说: the one of the house is the subject
            continue
        if cid < 0 and ch in "他她" and KIN_AFTER.match(text, i + 1):
            i += 1  # 他父亲说: the father speaks, not 他
            continue
        if cid < 0:
            if ch in "他她我" and i > lo and text[i - 1] not in CLAUSE_BOUND and text[i - 1] != "的" \
                    and not _LINKS_ONLY.fullmatch(text, clause_start(text, i, lo), i):
                i += 1  # an object pronoun ("看着她"), not one after 所以 or 于是 ("所以她又用劲说")
                continue
        if cid >= 0 and _HEARD.search(text, max(lo, i - 3), i) and _SAYS_NEXT.match(text, end):
            return ("cid", cid, i)  # 接着听了石太太骂道: the one heard is who speaks
        if strict and not at_bound and not _opens_clause(text, clause_start(text, i, lo), i):
            return None
        if strict and cid >= 0 and text[i - 1 : i] == "的" and i > lo and is_object(text, i, lo):
            i = end  # 对拿钥匙来开门的茶房问了一声: whom the one who speaks turns to
            continue
        if not strict and cid >= 0 and is_object(text, i, lo):
            i = end  # "搡在七斤的面前道", "向着一个尖下巴的少爷道": an object does not speak
            continue
        if (text[end : end + 1] == "的" and end + 1 in ref_at and ref_at[end + 1][1] >= 0
                and not _FACE.search(text, end + 1, ref_at[end + 1][0])):
            i = end + 1  # "林雅的妈妈" (not 瑞丰太太的胖脸: a part of her, and she acts)
            continue
        if cid >= 0 and _RELATIVE.match(text, end):
            i = end  # 周文的女人说: his wife speaks, somebody the cast does not hold
            continue
        if cid < 0 and text[end : end + 1] == "的" and _named_in_clause(text, end, hi, ref_at):
            i = end  # "她的曾孙女儿六斤捏着……说": the one she owns is the subject
            continue
        m_own = _OWNED_BY_THAT.match(text, end) if cid < 0 and ch in "他她" else None
        if m_own and m_own.end() in ref_at and ref_at[m_own.end()][1] >= 0:
            i = m_own.end()  # 他那年老的娘，……说: the one he owns, so described, is the subject
            continue
        if _LISTENER.match(text, end):
            if listener is None:
                listener = ("pron", PRON_ZH[ch], i) if cid < 0 else ("cid", cid, i)
            i = end
            continue
        if (listener is not None and not at_bound and not _opens_clause(text, clause_start(text, i, lo), i)
                and "有" not in text[clause_start(text, i, lo) : i]):
            # 契默听见他说认识邦秀，……只说: who heard goes on, not the one they know (but 我听见
            # 门口有一个邮差似的人在催着说: who is there speaks)
            i = end
            continue
        if _SUBORDINATE.match(text, end):
            if timed is None and not strict:
                timed = ("pron", PRON_ZH[ch], i) if cid < 0 else ("cid", cid, i)
            i = end
            continue
        if cid < 0:
            return ("pron", PRON_ZH[ch], i)
        return ("cid", cid, i)
    # 最后他拿出一枝纸烟来吸的时候，同时便面朝着二楼上叫了两声: the time clause's subject
    # is the one who speaks when the main clause has none of its own; 凤姐听了笑道: so is
    # the one who heard
    return timed if timed is not None else listener


def after_links(text: str, at: int, lo: int, bounds: str) -> bool:
    """Whether only linking words stand between the clause start and ``at`` (还是桂英)."""
    start = clause_start(text, at, lo)
    return _LINKS_ONLY.fullmatch(text, start, at) is not None and text[start - 1 : start] in bounds


def last_subject(text: str, lo: int, hi: int, ref_at: dict, narr: bytearray):
    """The last character in ``text[lo:hi]`` that opens a clause after a comma or a full stop
    (not after a colon: "心里计算：宝儿该……" is a thought, not the story's subject)."""
    bounds = "，,。！？；;\n"
    for at in range(hi - 1, lo - 1, -1):
        if at not in ref_at or not narr[at]:
            continue
        # (还是桂英想到……: a linking word before a named subject)
        if at == lo or text[at - 1] in bounds or (ref_at[at][1] >= 0 and after_links(text, at, lo, bounds)):
            end = ref_at[at][0]
            if text[end : end + 1] == "的":
                # 晚香的领家李大娘听了这话: the one the 的 leads to is the subject
                own = next((k for k in range(end + 1, min(hi, end + 6))
                            if k in ref_at and ref_at[k][1] >= 0 and narr[k]), None)
                if own is not None and not any(c in bounds for c in text[end:own]):
                    return ("cid", ref_at[own][1], own)
                if ref_at[at][1] >= 0:
                    return None
            if ref_at[at][1] >= 0:
                return ("cid", ref_at[at][1], at)
            if text[at] in "他她" and not KIN_AFTER.match(text, at + 1):
                # 她看了我这个样子，……。脸上就……叹著说: she goes on
                return ("pron", PRON_ZH[text[at]], at)
    return None


def _named_in_clause(text: str, at: int, hi: int, ref_at: dict) -> bool:
    """Whether a character is named between ``at`` and the end of its clause."""
    k = at
    while k < hi and text[k] not in CLAUSE_BOUND:
        if k in ref_at and ref_at[k][1] >= 0:
            return True
        k += 1
    return False


#: an unnamed hero: at least this many clause-opening 他 (or 她) of the narration, and this
#: many times the mentions of the person of that sex (or of a sex not known yet) the text
#: names most
_HERO_OPENS, _HERO_RATIO = 40, 10


def unnamed_hero(text: str, narr: bytearray, cast: Cast, refs: list[tuple[int, int, int]],
                 narrator: int | None) -> list[tuple[int, int, int]]:
    """A third-person story whose hero the narration never names (沉沦: 他 opens a hundred
    clauses, while 梅林 and a farmer are named a few times): the hero joins the cast as 他 (or
    她), and a 他 opening a clause of the narration is a mention of him, as 我 is of a
    first-person narrator. Returns ``refs`` so rewritten (unchanged for any other story)."""
    if narrator is not None:
        return refs
    named: dict[int, int] = {}
    for a, _e, c in refs:
        if c >= 0 and narr[a]:
            named[c] = named.get(c, 0) + 1
    for form, sex in (("他", "male"), ("她", "female")):
        opens = [k for k, (a, _e, c) in enumerate(refs) if c < 0 and text[a] == form and narr[a]
                 and clause_subject(text, a) and text[a + 1 : a + 2] != "们"]
        most = max((n for c, n in named.items() if cast.gender(c) in (sex, "unknown")), default=0)
        if len(opens) < _HERO_OPENS or len(opens) < _HERO_RATIO * most:
            continue
        hero = cast.lookup(form)
        if hero is None:
            hero = cast.add(form, gender=sex)
        out = list(refs)
        for k in opens:
            a, e, _c = out[k]
            out[k] = (a, e, hero)
        return out
    return refs


#: a preposition that opens a clause with no subject of its own (和X应答, 对X说)
CLAUSE_PREPOSITIONS = "和跟同与对向朝替给"
#: words those characters open that are no preposition (同时, 向来)
_NOT_PREPOSITION = ("同时", "向来", "对于", "给予")


def preposition_object(text: str, at: int, prepositions: str = CLAUSE_PREPOSITIONS) -> bool:
    """Whether the mention at ``at`` is the object of a preposition that opens its clause, with
    at most a few characters of a longer name between (和李兰香姥姥: 姥姥 is the mention)."""
    for p in range(at, max(0, at - 4), -1):
        if p < at and not "\u4e00" <= text[p] <= "\u9fff":
            return False
        if (p >= 1 and text[p - 1] in prepositions and (p == 1 or text[p - 2] in CLAUSE_BOUND)
                and text[p - 1 : p + 1] not in _NOT_PREPOSITION):
            return True
    return False
