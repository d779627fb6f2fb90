"""Chinese pipeline: discovered names, speech tags (X道/X说/X笑道), action beats, titles, kinship."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .beats_zh import after_silent_beat
from .cast import Cast
from .coref_zh import others_named, spouses, tag_addressee, title_votes, vocatives, vote_genders
from .dialogue import Mentions, QuoteInfo
from .household_zh import bare_titles, one_mother
from .minor_zh import introduced, tag_descriptions
from .names_zh import (
    KIN_ROLES,
    SINGLE_KIN,
    SURNAMES,
    appositives,
    bad_start,
    clause_starts,
    discover_names,
    given_name_prefix,
    is_common_word,
    is_tail,
    subject_roles,
    surname_addressed,
)
from .quotes import Paragraph, Quote

_CJK = r"\u4e00-\u9fff"
SPEECH_VERB = (
    r"(?:说道|说|问道|问|笑道|答道|回答道|回答|应道|喊道|叫道|喝道|怒道|叹道|嚷道|骂道|哭道|"
    r"低声道|轻声道|冷声道|沉声道|柔声道|淡淡道|冷笑道|冷哼道|开口道|开口|接口道|插嘴道|"
    r"嘀咕道|补充道|吼道|斥道|惊道|急道|催道|劝道|嗔道|提醒道|提醒|叫|喊|吼|道)"
)
ADVERBIAL = (
    r"(?:[冷淡轻低沉柔缓慢幽闷]{1}[冷淡轻低沉柔缓慢幽声]?(?:地)?|笑着|笑了笑|微笑着|哭着|叹了口气|"
    r"叹息着|皱眉|皱着眉|点头|摇头|忍不住|连忙|急忙|赶紧|又|也|便|才|就|却|只|还|终于|"
    r"看着他|看着她|看着我|对他|对她|对我|向他|向她|冲他|冲她|抬头|低头|一愣|愣了愣|"
    r"咬牙|咬着牙|厉声|大声|高声|小声|悄声|怒|冷冷|淡淡|缓缓|慢慢|轻轻|轻声|低声|沉声|闷声)"
)
_VERB_END = re.compile(rf"{SPEECH_VERB}\s*[：:，,]?\s*$")
_COLON_END = re.compile(r"[：:]\s*$")
_VERB_AFTER = re.compile(rf"^[，,]?\s*([^。！？!?“”「」]{{0,20}}?){SPEECH_VERB}(?=[。，,！!？?…：:]|$)")
FEMALE_TITLES = (
    "师姐", "师妹", "小姐", "姑娘", "娘娘", "夫人", "女士", "姐姐", "妹妹", "姐", "妹", "嫂",
    "母亲", "娘", "妈", "阿姨", "婆婆", "太太", "公主", "贵妃", "皇后", "太后", "郡主", "丫头",
    "婶", "嫔", "妃", "老太",
)
MALE_TITLES = (
    "师兄", "师弟", "先生", "公子", "少爷", "老爷", "哥哥", "哥", "弟弟", "弟", "兄", "叔",
    "伯", "爷", "父亲", "爹", "皇上", "王爷", "殿下", "陛下", "将军", "大人", "掌门", "公公",
)
NEUTRAL_TITLES = (
    "总监", "总裁", "经理", "总", "长老", "师父", "师尊", "老师", "医生", "主任", "董", "队",
    "警官", "同学", "仙师", "秘书",
)
_TITLES = sorted(FEMALE_TITLES + MALE_TITLES + NEUTRAL_TITLES, key=len, reverse=True)
_NOT_NAMES = set(
    """他们 她们 我们 你们 自己 大家 众人 所有人 有人 对方 那人 这人 此人 一个 两人 二人 什么 怎么
    这个 那个 时候 知道 没有 不是 可是 但是 于是 然后 只是 如果 因为 所以 已经 还是 就是 不过 这样
    那样 一声 一下 一眼 轻轻 淡淡 冷冷 微微 缓缓 慢慢 突然 忽然 终于 连忙 赶紧 笑着 看着 声音 目光
    心里 脸上 眼中 身后 面前 少年 少女 老人 男人 女人 孩子 姑娘 小姐 先生 公子 夫人 师兄 师姐
    师父 师尊 长老 皇上 娘娘 王爷 殿下 陛下 大人 老爷 少爷 总监 总裁 经理 老师 医生 主任
    政府 衙门 学校 公司 银行 报馆 医院 书铺 店家 官厅""".split()
)
_FEMALE_CHARS = set(
    "雪晚念婉柔娟丽芳燕萍玲娜婷琳蓉瑶颖霞凤兰梅莲秀珠翠薇娇妍怡静雅欣璐菲嫣媛姝妃娥嫦琴黛蕊"
    "桐晴露糖慧悦禾绡烟棠蛮嫔环桃妹姐婶娘妈婆"
)
_MALE_CHARS = set("霄龙虎刚强伟军峰磊杰斌浩鹏辰宇轩勇毅雄彪豪坤乾武昊铭骁寒鸿烈铮砚屿墨泽稷伯爷叔哥兄")
_PRON_ZH = {"他": "male", "她": "female", "我": "narrator"}
_GENDER_PRON = re.compile("[他她]")
_CLAUSE_BOUND = "，。！？；：、…—,.!?;: \u3000\n”」"
#: "X退下后，" / "X走的时候，": X is the subject of a time clause, not of the tag
_SUBORDINATE = re.compile(r"[^，,。！？：:]{0,8}(?:之后|以后|后|时|的时候)[，,]")
#: a speech tag whose subject is an unnamed voice or a crowd
_ANONYMOUS = re.compile(
    r"(?:^|[，,。])\s*[^，,。“”]{0,4}(?:有人|一个(?![^，,。]*的)|众人|大家|人们|许多人|几个人|的人都|声音)"
    rf"[^，,。“”]{{0,8}}?{SPEECH_VERB}"
)
#: characters before a name that make it an object, not the subject (在X面前, 看着X, 把X)
_OBJECT_BEFORE = set("在对向朝给跟和与把被见着了过替叫")
#: kinship suffixes that make a name another person (七斤 / 七斤嫂): never merged by surname
_KIN_WIFE = set("嫂婶妈娘太婆")
#: a preposition or a verb of looking earlier in the clause: the name after it is its object
_OBJECT_PHRASE = re.compile("向着|对着|朝着|望着|看着|盯着|瞪着|指着|[向对朝跟给替把被]")
#: a determiner right before a referent: 一个胖子说 is somebody the story tells of
_DETERMINED = re.compile("(?:一个|那个|这个|一位|那位|这位)$")
#: a clause whose subject is a crowd (吃饭的人都, 众人, 大家)
_CROWD = re.compile(r"[^，,。]{0,8}?(?:的人都|的人们|们都|众人|大家|人们|许多人|几个人)")
#: a place or description before the subject right after a quote (……”壁角的驼背忽然高兴起来)
_MODIFIER_ONLY = re.compile(r"[^，,。！？“”「」他她我]{1,6}的(?:一个|那个)?")
#: "这是X到了", "似乎是X的声音" right after a quote: the narration names who said it
_VOICE_IS = re.compile(r"[，,]?\s*(?:这|那)?(?:原来|似乎|大约|大概|分明|正|却|就|倒)?(?:是|正是)")
#: a speech verb's clause opened by a crowd or by 他们/有的 (some of them): nobody named
_CROWD_SUBJECT = re.compile(r"\s*(?:他们|她们|有的|旁人|别人|众人|大家|人们|许多人|几个人)")
#: a lead-in whose subject is somebody the story has not named (那人便焦急起来，嚷道):
#: the name earlier in the paragraph is somebody else
_STRANGER = re.compile("(?:那|这)(?:人|个人|位)|[^，,。]{1,6}的人[，,]?[^，,。]{0,6}(?:说|道|问|嚷|叫)")
#: a perception verb before 有人: the perceiver hears somebody else speak
_HEARS_SOMEBODY = re.compile("[^，,。！？]{0,8}(?:听得|听见|听到|觉得)[^，,。]{0,3}有人")
_LISTENER = re.compile(r".{0,3}?(?:听了|听到|听见|闻言|一愣|愣住|愣了|怔)")


#: what follows 伊 used as "she" (伊的, 伊说, 伊又); not a name's next character (伊凡, 伊藤)
_YI_PRONOUN = re.compile("伊(?=[的说道笑又也便却就正还在是们一不已很都看想听走坐站用把对向给叫哭])")


def _modern_pronouns(text: str) -> str:
    """The text with 伊 read as 她 where older fiction uses it so (three times or more); the
    offsets do not change."""
    if len(_YI_PRONOUN.findall(text)) < 3:
        return text
    return _YI_PRONOUN.sub("她", text)


def _title_gender(form: str) -> str:
    for t in _TITLES:
        if form.endswith(t) and len(form) > len(t):
            if t in FEMALE_TITLES:
                return "female"
            if t in MALE_TITLES:
                return "male"
            return "unknown"
    return "unknown"


def _strip_adverbial(seg: str) -> str:
    prev = None
    while prev != seg:
        prev = seg
        seg = re.sub(rf"{ADVERBIAL}$", "", seg)
        seg = seg.rstrip("，, 　")
    return seg


def _narration_mask(text: str, quotes: list[Quote]) -> bytearray:
    narr = bytearray(b"\x01" * len(text))
    for q in quotes:
        lo = max(0, q.start - 1)
        hi = min(len(text), q.end + (0 if q.unclosed else 1))
        narr[lo:hi] = b"\x00" * (hi - lo)
    return narr


def analyze_chinese(
    text: str, paras: list[Paragraph], quotes: list[Quote], cast: Cast
) -> tuple[list[QuoteInfo], Mentions, int | None]:
    """Find names, tags and vocatives in a Chinese text for the shared attribution."""
    text = _modern_pronouns(text)
    narr = _narration_mask(text, quotes)
    ctx_before: list[str] = []
    ctx_after: list[str] = []
    for i, q in enumerate(quotes):
        p = paras[q.paragraph]
        lo = quotes[i - 1].end + 1 if i > 0 and quotes[i - 1].paragraph == q.paragraph else p.start
        hi = quotes[i + 1].start - 1 if i + 1 < len(quotes) and quotes[i + 1].paragraph == q.paragraph else p.end
        ctx_before.append(text[lo : max(lo, q.start - 1)])
        ctx_after.append(text[min(q.end + 1, hi) : hi] if not q.unclosed else "")
    names = discover_names(text, narr, _NOT_NAMES)
    for i in range(len(quotes)):
        for seg in (_subject_before(_last_sentence(ctx_before[i])), _subject_after(ctx_after[i])):
            if (seg and 2 <= len(seg) <= 3 and seg[0] in SURNAMES and seg not in names
                    and not is_tail(seg)
                    and seg not in _NOT_NAMES and seg not in KIN_ROLES and not is_common_word(seg)
                    and re.fullmatch(rf"[{_CJK}]+", seg) and not any(seg in n for n in names)):
                names[seg] += 1
        m_after = _VERB_AFTER.match(ctx_after[i]) if ctx_after[i] else None
        given = given_name_prefix(m_after.group(1).strip("，, "), text, _NOT_NAMES) if m_after else None
        if given and given not in names and not any(given in n for n in names):
            names[given] += 1  # "立德忽然抬起头来问" of 孙立德: the given name alone
    roles = subject_roles(text, narr)
    _build_zh_cast(names, roles, cast, text, narr)
    for form, g in surname_addressed(text, narr).items():
        if cast.lookup(form) is None and not any(form in f for f in cast.by_form):
            cast.add(form, gender=g)
    _add_described(text, narr, cast)

    # a first-person story: its narrator is a character from the start, and a 我 that opens
    # a clause of narration is a mention of them (a candidate for untagged replies)
    first_person = sum(1 for m in re.finditer("我", text) if narr[m.start()]) >= 3
    narrator = None
    if first_person:
        narrator = cast.lookup("我") if cast.lookup("我") is not None else cast.add("我")

    aliases = sorted((a for a in cast.by_form if len(a) >= 2), key=len, reverse=True)
    alias_rx = re.compile("|".join(re.escape(a) for a in aliases)) if aliases else None
    singles = [(r, SINGLE_KIN[r]) for r in SINGLE_KIN if cast.lookup(r) is not None]
    refs = _referents(text, alias_rx, singles, cast, narr, narrator)
    vote_genders(text, refs, narr, cast)
    title_votes(text, cast)
    refs = spouses(text, refs, narr, cast)
    pos: list[int] = []
    cids: list[int] = []
    for at, _end, cid in refs:
        if cid < 0:
            continue
        cast.chars[cid].mentions += 1
        if not narr[at]:
            continue
        pos.append(at)
        cids.append(cid)
    ref_at = {at: (end, cid) for at, end, cid in refs}
    ref_starts = [r[0] for r in refs]

    def refs_in(lo: int, hi: int) -> list[tuple[int, int, int]]:
        from bisect import bisect_left

        return refs[bisect_left(ref_starts, lo) : bisect_left(ref_starts, hi)]

    infos: list[QuoteInfo] = []
    for i, q in enumerate(quotes):
        info = QuoteInfo(q.start, q.end, q.paragraph, continued=q.continued)
        before, after = ctx_before[i], ctx_after[i]
        # “哦！”“他总仍旧是偷……”: a quote right after another in one paragraph answers it
        info.new_turn = i > 0 and quotes[i - 1].paragraph == q.paragraph and not before.strip()
        b_off = q.start - 1 - len(before)
        a_off = q.end + 1
        last = _last_sentence(before)
        l_off = b_off + len(before) - len(last)
        m_after = _VERB_AFTER.match(after) if after else None
        if m_after and not after[m_after.end():].strip("，,：: ") and text[a_off + len(after) : a_off + len(after) + 1] in ("“", "「"):
            m_after = None  # "……”七爷也一路点头，说道“请请”": the next quote's lead-in
        hit = None
        if m_after:
            info.tag_text = after[: m_after.end()]
            hit = _first_ref(text, a_off, a_off + m_after.end(), ref_at, narr, strict=False)
        lead_in = bool(_VERB_END.search(last) or _COLON_END.search(last))
        stranger = False
        if hit is not None and hit[0] == "pron" and hit[1] in ("male", "female") and lead_in:
            # "X……劝他吃辣椒：“……”他说": the lead-in names whom the 他 after the quote is
            h = _verb_clause_subject(text, last, l_off, ref_at, narr) or _first_ref(
                text, l_off, l_off + len(last), ref_at, narr, strict=False)
            if h is not None and h[0] == "cid" and cast.gender(h[1]) in (hit[1], "unknown"):
                hit = h
        if hit is None and lead_in:
            info.tag_text = last
            hit = _verb_clause_subject(text, last, l_off, ref_at, narr)
            if hit is not None and hit[0] == "crowd":
                info.anonymous, hit, lead_in = True, None, False
            if hit is None and not info.anonymous:
                hit = _asker_of(text, last, l_off, refs_in, cast)
            if hit is None and not info.anonymous:
                hit = _first_ref(text, l_off, l_off + len(last), ref_at, narr, strict=False)
            # 那人便焦急起来，嚷道: somebody the cast does not hold, not a name said before
            stranger = hit is None and bool(_STRANGER.match(last.lstrip()))
            if hit is None and len(last) < len(before) and not (info.anonymous or stranger):
                # "……单四嫂子暗地纳罕，心里计算：……。但总免不了着急，便局局促促的说：" —
                # a lead-in sentence without a subject goes on from the sentence before it
                hit = _last_subject(text, b_off, l_off, ref_at, narr) or _first_ref(
                    text, b_off, b_off + len(before), ref_at, narr, strict=True)
            elif hit is None and not (info.anonymous or stranger) and q.paragraph > 0 and not (
                    i > 0 and quotes[i - 1].paragraph >= q.paragraph - 1) and not any(
                    cid >= 0 for _a, _e, cid in refs_in(l_off, l_off + len(last))):
                # the same, with the lead-in on a line of its own (web layout): the last
                # subject of the narration line before it
                pp = paras[q.paragraph - 1]
                hit = _last_subject(text, pp.start, pp.end, ref_at, narr)
        if (lead_in or info.anonymous) and (hit is not None or info.anonymous) and i > 0 and (
                quotes[i - 1].paragraph == q.paragraph) and infos[i - 1].anonymous != info.anonymous:
            info.new_turn = True  # 有的叫道，“……”X不理，对伙计说，“……”: a voice, then X
        m_is = _VOICE_IS.match(after) if after else None
        # “……”这是驼背五少爷到了 / 似乎是蓝皮阿五的声音: the narration says who spoke (a short
        # description may stand before the name)
        at_is = next((a_off + m_is.end() + d for d in range(4) if m_is
                      and a_off + m_is.end() + d in ref_at and ref_at[a_off + m_is.end() + d][1] >= 0
                      and re.fullmatch(f"[{_CJK}]*", text[a_off + m_is.end() : a_off + m_is.end() + d])),
                     None)
        if at_is is not None:
            end, cid = ref_at[at_is]
            if re.match("的声音|到了|来了|[。，,；]", text[end : end + 3]):
                hit, info.anonymous, stranger = ("cid", cid, at_is), False, False
                info.tag_text = text[a_off : end + 3]
        if hit is None and after and not (info.anonymous or stranger):
            h = _first_ref(text, a_off, a_off + len(after), ref_at, narr, strict=True)
            if h is not None and (h[2] == a_off or _MODIFIER_ONLY.fullmatch(text, a_off, h[2])):
                hit = h
        if hit is None and before.strip() and not (info.anonymous or stranger):
            hit = _first_ref(text, b_off, b_off + len(before), ref_at, narr, strict=True)
        if hit is None and after and not (info.anonymous or stranger):
            hit = _first_ref(text, a_off, a_off + len(after), ref_at, narr, strict=True)
        if info.tag_text and _ANONYMOUS.search(info.tag_text) and (
                hit is None or not (_clause_subject(text, hit[2]) or _DETERMINED.search(
                    text, max(0, hit[2] - 2), hit[2]))):
            info.anonymous, hit = True, None  # "有人说", "一个说": nobody the story names
        if _HEARS_SOMEBODY.match(after) or _HEARS_SOMEBODY.search(last if lead_in else ""):
            info.anonymous, hit = True, None  # "X听得有人问他": the one who hears is asked
        if stranger:
            info.anonymous = True  # somebody the cast does not hold says it
        if info.anonymous:
            info.tag_gender = "anonymous"  # a named speaker's line after it is a turn of its own
        if not info.tag_text:
            info.tag_text = before[-12:] + after[:12]
        if hit is None and first_person and _answers_other(i, quotes, infos, ctx_before, ctx_after,
                                                         narrator):
            hit = ("pron", "narrator", q.start)  # a bare reply in a first-person story
        if hit is not None:
            kind, val, at = hit
            info.tag_pos = at
            if kind == "cid":
                info.tag_cid = val
                g = cast.gender(val)
                info.tag_gender = g if g != "unknown" else None
            elif first_person and val in ("male", "female") and _recent(
                    cast, pos, cids, at, val, narrator) is not None:
                info.tag_cid = _recent(cast, pos, cids, at, val, narrator)  # 他/她 is never "我"
                info.tag_gender = val
            else:
                info.tag_pronoun = val
                info.tag_gender = val  # “……”她说。“……”我说: two speakers in one paragraph
                if val == "narrator" and narrator is None:
                    narrator = cast.lookup("我") if cast.lookup("我") is not None else cast.add("我")
        info.term = _is_term(text, q)
        info.vocatives = vocatives(text[q.start : q.end], cast, alias_rx, singles)
        if info.tag_cid is not None and info.tag_cid in info.vocatives:
            # nobody calls themselves by name: the tag's first name is the one spoken to
            # ("X身边的助理Y小声提醒：“X总，……”"); the next person of the tag speaks
            hi = a_off + len(after) if info.tag_pos >= a_off else b_off + len(before)
            h = _first_ref(text, ref_at[info.tag_pos][0], hi, ref_at, narr, strict=False)
            if h is not None and h[0] == "cid" and h[1] not in info.vocatives:
                info.tag_cid, info.tag_pos = h[1], h[2]
                g = cast.gender(h[1])
                info.tag_gender = g if g != "unknown" else None
            else:
                info.tag_cid, info.tag_pos, info.tag_gender = None, -1, None
        info.not_speaker = others_named(text, q, refs_in, info, hit)
        if info.tag_cid is not None and not info.vocatives:
            info.vocatives = tag_addressee(text, info, refs_in)
        info.resumes = first_person and after_silent_beat(text, i, quotes, paras, before)
        p = paras[q.paragraph]
        if text[p.start] in "他她" and not (i > 0 and quotes[i - 1].paragraph == q.paragraph):
            info.ctx_pronoun = _PRON_ZH[text[p.start]]
        infos.append(info)
    minor = frozenset(at for at in pos if _SUBORDINATE_CLAUSE.match(text, at)
                      or _THOUGHT_AFTER_COLON.search(text, max(0, at - 30), at))
    return infos, Mentions(pos, cids, minor), narrator


_TERM_END = re.compile("[。！？!?…]")
#: words before a quote that make it spoken after all (叫一声“先生”, 答应了一声“是”)
_SAYING = re.compile("[叫说道喊声问答嚷骂念应]")


#: a clause that only sets the time of the main one ("X走出来的时候，", "X还没来得及答话，")
_SUBORDINATE_CLAUSE = re.compile(r"[^，,。！？；“”]{1,16}(?:的时候|之时|之后|以后|还没来得及[^，,。]{0,4})[，,]")


#: a mention inside a thought the narration reports after a colon (心里计算：宝儿该有活命了)
_THOUGHT_AFTER_COLON = re.compile(r"(?:想|计算|以为|觉得|心里)[^。！？“”]{0,3}[：:][^。！？“”]*$")


def _is_term(text: str, q: Quote) -> bool:
    """A short quotation inside a narration sentence, with no speech word before it: a
    term, a name or a scare quote (接过“屁塞”，坐下), not a line anyone speaks."""
    inner = text[q.start : q.end]
    if q.unclosed or len(inner) > 8 or _TERM_END.search(inner) or q.start < 2:
        return False
    before = text[q.start - 2]
    if not re.match(f"[{_CJK}]", before):
        return False
    return not _SAYING.search(text, max(0, q.start - 5), q.start - 1)


def _verb_clause_subject(text: str, last: str, l_off: int, ref_at: dict, narr: bytearray):
    """The referent that opens the clause holding a lead-in's speech verb (七斤们连忙招呼，
    七爷也微笑着说): that clause's subject speaks, not a person named earlier in the sentence."""
    body = last.rstrip("，,：: \u3000\n")
    cut = max(body.rfind(c) for c in "，,；;")
    if _CROWD_SUBJECT.match(body, cut + 1):
        return ("crowd", None, l_off + cut + 1)  # 有的叫道, 他们又高声嚷道, 旁人便又问道
    if cut < 0:
        return None
    lo = l_off + cut + 1
    hit = _first_ref(text, lo, l_off + len(body), ref_at, narr, strict=True)
    if hit is not None:
        return hit
    # no subject of its own: the nearest clause before it with one; a crowd there
    # ("吃饭的人都站起身，拿筷子点着饭碗说") is nobody the story names
    for m in reversed(list(re.finditer("[^，,；;]+", body[:cut]))):
        a, b = l_off + m.start(), l_off + m.end()
        if _CROWD.match(text, a, b):
            return ("crowd", None, a)
        h = _first_ref(text, a, b, ref_at, narr, strict=True)
        if h is not None:
            # after a semicolon a new sentence starts: its clause's subject speaks
            # ("小栓……咳嗽；康大叔走上前，拍他肩膀说")
            return h if h[0] == "cid" and _after_semicolon(body, m.start()) else None
    return None


def _after_semicolon(body: str, at: int) -> bool:
    """Whether the clause at ``at`` of a sentence follows a semicolon, not a comma."""
    k = at - 1
    while k >= 0 and body[k] in " \u3000":
        k -= 1
    return k >= 0 and body[k] in "；;"


#: a lead-in whose speech verb has 他/她 as its object ("问他说", "对她道")
_ASKS_PRONOUN = re.compile(rf"(?:问|对|向|朝|冲|跟|和)([他她])(?:{SPEECH_VERB})?[，,：:\s]*$")


def _asker_of(text: str, last: str, l_off: int, refs_in, cast: Cast):  # type: ignore[no-untyped-def]
    """"……看见他的女人非常高兴，问他说": 他 is asked, so the speaker is the first person of
    the other sex the sentence names."""
    m = _ASKS_PRONOUN.search(last)
    if m is None:
        return None
    asked = _PRON_ZH[m.group(1)]
    for at, _end, cid in refs_in(l_off, l_off + m.start()):
        if cid >= 0 and cast.gender(cid) not in (asked, "unknown"):
            return ("cid", cid, at)
    return None


def _clause_start(text: str, at: int, lo: int) -> int:
    """Where the clause holding ``at`` starts (not before ``lo``)."""
    k = at
    while k > lo and text[k - 1] not in _CLAUSE_BOUND:
        k -= 1
    return k


def _clause_subject(text: str, at: int) -> bool:
    """Whether the referent at ``at`` starts its clause (it is the tag's subject)."""
    return at == 0 or text[at - 1] in _CLAUSE_BOUND


def _answers_other(i: int, quotes: list[Quote], infos: list[QuoteInfo], before: list[str],
                   after: list[str], narrator: int | None) -> bool:
    """A bare quote paragraph right after a line tagged to somebody other than the narrator."""
    q = quotes[i]
    if i == 0 or before[i].strip() or after[i].strip() or q.continued:
        return False
    prev = quotes[i - 1]
    if prev.paragraph != q.paragraph - 1:
        return False

    def tag_of(para: int) -> int | str | None:
        for j in range(i - 1, -1, -1):
            if quotes[j].paragraph < para:
                break
            if quotes[j].paragraph == para:
                if infos[j].tag_cid is not None:
                    return infos[j].tag_cid
                if infos[j].tag_pronoun:
                    return infos[j].tag_pronoun
        return None

    tag = tag_of(prev.paragraph)
    if tag is None or tag in (narrator, "narrator"):
        return False
    # a third person spoke just before that line: the exchange is theirs, not "mine"
    before_tag = tag_of(prev.paragraph - 1)
    return not (isinstance(before_tag, int) and before_tag not in (tag, narrator))


def _recent(cast: Cast, pos: list[int], cids: list[int], at: int, gender: str,
            narrator: int | None = None) -> int | None:
    """The most recently mentioned character of ``gender`` (else of unknown gender) before
    ``at``, never the narrator."""
    from bisect import bisect_left

    k = bisect_left(pos, at)
    unknown = None
    for j in range(k - 1, max(-1, k - 15), -1):
        if cids[j] == narrator:
            continue
        g = cast.gender(cids[j])
        if g == gender:
            return cids[j]
        if g == "unknown" and unknown is None:
            unknown = cids[j]
    return unknown


def _last_sentence(before: str) -> str:
    cut = max(before.rfind(c) for c in "。！？!?…")
    return before[cut + 1 :] if cut >= 0 else before


def _referents(text: str, alias_rx, singles, cast: Cast, narr: bytearray,
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
                at == 0 or text[at - 1] in _CLAUSE_BOUND)
            out.append((at, m.end(), narrator if me and narrator is not None else -1))
    out.sort()
    return out


def _first_ref(text: str, lo: int, hi: int, ref_at: dict, narr: bytearray, strict: bool):
    """The first character referent in ``text[lo:hi]``: ``("cid", cid, pos)`` or a pronoun.

    ``strict`` asks for a referent that starts a clause (an action beat's subject);
    "X的Y" takes the role/name Y, and "X听了" (the listener reacting) is skipped.
    """
    i = lo
    while i < hi:
        if i not in ref_at or not narr[i]:
            i += 1
            continue
        end, cid = ref_at[i]
        ch = text[i]
        at_bound = i == lo or text[i - 1] in _CLAUSE_BOUND or text[i - 1] == "的"
        if ch == "我" and end in ref_at and ref_at[end][1] >= 0 and ref_at[end][1] != cid:
            i = end  # "我娘": the kin word is the subject
            continue
        if cid < 0:
            if ch in "他她" and i > lo and text[i - 1] not in _CLAUSE_BOUND and text[i - 1] != "的":
                i += 1  # an object pronoun ("看着她")
                continue
        if strict and not at_bound:
            return None
        if not strict and cid >= 0 and (text[i - 1] in _OBJECT_BEFORE or _OBJECT_PHRASE.search(
                text, _clause_start(text, i, lo), i)):
            i = end  # "搡在七斤的面前道", "向着一个尖下巴的少爷道": an object does not speak
            continue
        if text[end : end + 1] == "的" and end + 1 in ref_at and ref_at[end + 1][1] >= 0:
            i = end + 1  # "林雅的妈妈"
            continue
        if cid < 0 and text[end : end + 1] == "的" and _named_in_clause(text, end, hi, ref_at):
            i = end  # "她的曾孙女儿六斤捏着……说": the one she owns is the subject
            continue
        if _LISTENER.match(text, end) or _SUBORDINATE.match(text, end):
            i = end
            continue
        if cid < 0:
            return ("pron", _PRON_ZH[ch], i)
        return ("cid", cid, i)
    return None


def _last_subject(text: str, lo: int, hi: int, ref_at: dict, narr: bytearray):
    """The last character in ``text[lo:hi]`` that opens a clause after a comma or a full stop
    (not after a colon: "心里计算：宝儿该……" is a thought, not the story's subject)."""
    for at in range(hi - 1, lo - 1, -1):
        if at in ref_at and narr[at] and ref_at[at][1] >= 0 and (
                at == lo or text[at - 1] in "，,。！？；;\n"):
            return ("cid", ref_at[at][1], at)
    return None


def _named_in_clause(text: str, at: int, hi: int, ref_at: dict) -> bool:
    """Whether a character is named between ``at`` and the end of its clause."""
    k = at
    while k < hi and text[k] not in _CLAUSE_BOUND:
        if k in ref_at and ref_at[k][1] >= 0:
            return True
        k += 1
    return False


def _subject_before(before: str) -> str | None:
    m = _VERB_END.search(before)
    if not m:
        return None
    for seg in re.split("[，,；;]", before[: m.start()]):
        name = _name_prefix(_strip_adverbial(seg))
        if name:
            return name
    return None


def _name_prefix(seg: str) -> str | None:
    """The person name a short clause is ("顾言", "林晚小声") if any, by jieba."""
    if not seg:
        return None
    if len(seg) <= 3:
        return seg
    import jieba.posseg as pseg

    for w, flag in pseg.cut(seg):
        if flag.startswith("nr") and 2 <= len(w) <= 3:
            return w
        return None
    return None


def _subject_after(after: str) -> str | None:
    m = _VERB_AFTER.match(after)
    if not m:
        return None
    return _name_prefix(_strip_adverbial(m.group(1).strip("，, ")))


def _in_narration(text: str, form: str) -> bool:
    """Whether ``form`` occurs outside “” and 「」 quotes (roughly: by nesting depth)."""
    depth = 0
    for m in re.finditer(rf"[“”「」]|{re.escape(form)}", text):
        tok = m.group(0)
        if tok in "“「":
            depth += 1
        elif tok in "”」":
            depth = max(0, depth - 1)
        elif depth == 0:
            return True
    return False


def _given_name_gender(name: str) -> str:
    """The gender a name's last character suggests (雪, 婷 / 龙, 刚), if any."""
    if 2 <= len(name) <= 4 and _title_gender(name) == "unknown" and name not in KIN_ROLES:
        return "female" if name[-1] in _FEMALE_CHARS else "male" if name[-1] in _MALE_CHARS else "unknown"
    return "unknown"


def _add_described(text: str, narr: bytearray, cast: Cast) -> None:
    """Speakers known by a description (一个蟹壳脸的问, 胖子说): new characters, or aliases of
    the name they give themselves."""
    known = {f for f in cast.by_form if len(f) >= 2}
    found = tag_descriptions(text, narr, clause_starts(text, narr), SPEECH_VERB, ADVERBIAL,
                             _NOT_NAMES, known)
    for d in introduced(text, narr, clause_starts(text, narr), _NOT_NAMES, known):
        found.setdefault(d, None)
    for d, name in found.items():
        if name is None and d.endswith("的人"):
            # 一个满脸横肉的人 of a story that already knows 横肉 (横肉的人只是嚷): one person
            inside = {cast.by_form[k] for k in known if len(k) >= 2 and k in d}
            name = cast.chars[inside.pop()].name if len(inside) == 1 else None
        cid = cast.lookup(name) if name else None
        if cid is not None:
            cast.alias(cid, d)
        elif cast.lookup(d) is None:
            g = "female" if re.search("[女妇婆娘姑嫂妈]", d) else "male" if re.search(
                "[男汉爷翁叔伯哥]", d) else "unknown"
            cid = cast.add(d, gender=g)
            # 黄胖子 of a story with one 胖子: a surname before the description is its name
            holders = {m.group(0) for m in re.finditer(f"[{''.join(SURNAMES)}]{re.escape(d)}", text)
                       if cast.lookup(m.group(0)) is None}
            if len(holders) == 1:
                cast.alias(cid, holders.pop())


def _build_zh_cast(names: Counter, roles: Counter, cast: Cast, text: str, narr: bytearray) -> None:
    """Cluster Chinese name forms: full names, roles, appositions, titles and nicknames."""
    full = [f for f, _ in names.most_common()]
    cid: int | None
    # 七爷 and 赵七爷: a form is the same person as the one form that adds a surname to it
    with_surname: dict[str, str] = {}
    for f in full:
        longer = [g for g in full if len(g) == len(f) + 1 and g[1:] == f and g[0] in SURNAMES]
        if len(f) >= 2 and len(longer) == 1 and f[-1] not in _KIN_WIFE:
            with_surname[f] = longer[0]
    for f in full:
        if f in with_surname:
            continue
        if cast.lookup(f) is None:
            cid = cast.add(f, gender=KIN_ROLES.get(f) or _title_gender(f))
            g = _given_name_gender(f)
            if g != "unknown":
                cast.gender_votes[cid][g] += 1  # a given name's character is weak evidence
    for f, g2 in with_surname.items():
        cid = cast.lookup(g2)
        if cid is not None and cast.lookup(f) is None:
            cast.alias(cid, f)
    for role, name, g in appositives(text, full, narr):
        cid = cast.lookup(name)
        assert cid is not None  # ``name`` is one of ``full``, all in the cast by now
        if cast.lookup(role) is None and role not in roles:
            cast.alias(cid, role)
        elif role in roles and cast.lookup(role) is None:
            cast.alias(cid, role)
        if g != "unknown" and cast.chars[cid].gender == "unknown":
            cast.chars[cid].gender = g
    for role, _n in roles.most_common():
        if cast.lookup(role) is None:
            # 掌柜的 of a story whose one 掌柜 has a surname (王掌柜) is that man
            bare = role[:-1] if role.endswith("的") and len(role) > 2 else role
            holders = {cast.by_form[f] for f in cast.by_form
                       if len(f) == len(bare) + 1 and f[1:] == bare and f[0] in SURNAMES}
            mother = one_mother(role, text, narr, cast)
            if len(holders) == 1:
                cast.alias(holders.pop(), role)
            elif mother is not None:
                cast.alias(mother, role)
            else:
                cast.add(role, gender=KIN_ROLES.get(role, "unknown"))
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for f in full:
        if 2 <= len(f) <= 3 and _title_gender(f) == "unknown":
            sur = f[1] if f[0] in "老小大阿" and len(f) == 2 else f[0]
            by_surname[sur].append(f)
            by_given[f[-1]].append(f)
    # titled forms: 陆师兄, 苏总监, 念姐, and 小唐 / 老陈
    rx_t = re.compile(rf"([{_CJK}])({'|'.join(_TITLES)})")
    titled: Counter = Counter()
    for m in rx_t.finditer(text):
        if any(text.startswith(f, m.start() - len(f) + 1) for f in full if len(f) >= 2):
            continue  # "云霄师兄": the full name carries the title
        titled[m.group(0)] += 1
    for m in re.finditer(rf"[小老阿]([{_CJK}])", text):
        if m.group(1) in by_surname and len(by_surname[m.group(1)]) == 1:
            titled[m.group(0)] += 1
    for form, n in titled.items():
        if cast.lookup(form) is not None or bad_start(form) or form in KIN_ROLES:
            continue  # "的母亲", "和爹": a function word before a title
        ch, title = (form[1], "") if form[0] in "小老阿" and len(form) == 2 else (form[0], form[1:])
        surname, given = by_surname.get(ch, []), by_given.get(ch, [])
        target = None
        if title in ("姐", "哥", "妹", "弟", "儿") and len(given) == 1:
            target = given[0]
        elif len(surname) == 1:
            target = surname[0]
        elif len(given) == 1 and title in FEMALE_TITLES + MALE_TITLES:
            target = given[0]
        if target is not None:
            cid = cast.lookup(target)
            assert cid is not None  # ``target`` is one of ``full``
            cast.alias(cid, form)
            g = _title_gender(form)
            if g != "unknown" and cast.chars[cid].gender == "unknown":
                cast.chars[cid].gender = g
        elif n >= 2 and title and _in_narration(text, form) and title not in ("总", "姐", "哥", "妹", "弟", "兄", "叔", "伯", "爷", "娘", "妈", "董", "队"):
            cast.add(form, gender=_title_gender(form))
    # doubled given name (晚晚 -> 林晚) and two-character given name (清雪 -> 林清雪)
    givens = Counter(f[1:] for f in full if len(f) == 3)
    for f in full:
        if len(f) in (2, 3):
            dd = f[-1] * 2
            if dd in text and cast.lookup(dd) is None:
                cid = cast.lookup(f)
                assert cid is not None  # every form of ``full`` is in the cast
                cast.alias(cid, dd)
        g2 = f[1:]
        if len(f) == 3 and givens[g2] == 1 and cast.lookup(g2) is None and g2 in text:
            if not is_common_word(g2) or re.search(rf"[“「『]{g2}[，,。！？…]", text):
                cid = cast.lookup(f)
                assert cid is not None  # every form of ``full`` is in the cast
                cast.alias(cid, f[1:])
    bare_titles(text, narr, cast)
