"""Chinese character discovery: surnames, repeated clause-initial strings, roles and kinship.

Web-novel names are mostly missing from jieba's dictionary, so names are found as
strings that start clauses in the narration, recur with varied continuations, and are not
common dictionary words; role and kinship words (奶奶, 皇上, 掌柜) become characters
when they are used as a clause subject, and an appositive role right before a name
(父亲陈建国, 秘书林芳) becomes that name's alias.
"""

from __future__ import annotations

import re
from collections import Counter

from .lexicon_zh import APPOSITIVE, COMPOUND_SURNAMES, KIN_ROLES, SURNAMES
from .things_zh import BOUND as _BOUND
from .things_zh import (
    a_compound_thing,
    a_thing,
    ends_in_an_act,
    is_noun,
    is_place,
    only_owned,
    words,
)

_NOT_START = set("他她伊我你您它这那谁每各某有没不一二三两几些此其该众诸所的了是在就也都又便却还只很和与跟同被把向对朝冲往比们因给替着著由从自")
#: surnames that are also a verb or an adverb opening a clause (来上海, 常可以)
_VERB_SURNAMES = set("来到常于")
#: surnames that are also function words (向, 和, 都): a name only on strong evidence
_SURNAME_OR_WORD = set("向和都")
#: numerals that open rural and family names (二牛, 三妹) when no measure word follows
_NAME_NUMERALS = set("二三")
_MEASURE = set("一二三四五六七八九十百千万两个人位天年月日次回遍条只把张件些点分元块头匹口间座层")
#: jieba word classes that open a phrase, never a name: a verb, an interjection, an adverb,
#: a preposition, a conjunction, a particle, a pronoun (站|起身, 哈哈|大, 进来|一个)
_PHRASE_FLAGS = ("v", "o", "d", "p", "c", "u", "r", "e", "y")


def bad_start(w: str) -> bool:
    """Whether ``w`` cannot open a name: a function word, or a numeral before a measure."""
    if w[0] in _NAME_NUMERALS:
        return len(w) < 2 or w[1] in _MEASURE
    return w[0] in _NOT_START


def _function_char(ch: str) -> bool:
    """Whether jieba reads ``ch`` alone as a function word (向, 因, 于, 便, 和), not a noun or a name."""
    import jieba.posseg as pseg

    return pseg.dt.word_tag_tab.get(ch, "")[:1] in ("p", "c", "d", "u", "r")


def _clause(w: str) -> bool:
    """Whether jieba reads ``w`` as a little clause, a noun and then a verb (电车|停, 羊|叫)."""
    import jieba.posseg as pseg

    toks = list(pseg.cut(w))
    return len(toks) >= 2 and toks[0].flag.startswith("n") and toks[-1].flag.startswith("v")


def is_phrase(w: str, spoken: int = 0) -> bool:
    """Whether ``w`` is a phrase or a function word by jieba, no name: an adverb, a conjunction
    or a preposition (仍复, 通夜, 原来日本), two verbs (要|想), or, with no surname first, a
    word opening with a verb, an interjection or a function word ("站起身", "哈哈大", "进来一个");
    a time word (上半夜) unless it is the subject of ``spoken`` speech tags, two or more (清秋道);
    a word of place or direction (口内便说)."""
    if len(w) < 2:
        return False
    import jieba.posseg as pseg

    from .tags_zh import ADVERBIAL

    if re.fullmatch(ADVERBIAL, w):
        return True  # 大声嚷着: how it is said
    surnamed = _has_surname(w)
    toks = list(pseg.cut(w))
    if len(toks) > 1 and toks[0].flag[:1] in ("c", "p") and toks[1].flag[:1] in ("c", "p", "d", "v"):
        return True  # 但因为, 但据: a conjunction or a preposition and what it joins
    tag = pseg.dt.word_tag_tab.get(w)
    if len(w) == 2 and tag is None:
        toks = list(pseg.cut(w))
        if len(toks) == 1:
            return toks[0].flag in ("d", "c", "p", "u")  # 仍复, read as one adverb
        return not surnamed and all(t.flag.startswith("v") for t in toks)  # 要|想, not 来|福, 有|才
    if tag is not None and (tag[:1] in ("d", "c", "p", "s", "f") or tag[:1] == "t" and spoken < 2):
        return True  # 通夜; 上半夜, a time (not 清秋 of 清秋道, again and again: a name)
    if len(w) == 2:
        return not surnamed and tag is not None and tag.startswith("v")  # 站起, 进来
    first = next(iter(pseg.cut(w)), None)
    if first is None or len(first.word) >= len(w):
        return False
    if surnamed:
        # 原来日本: a surname character that opens an adverb or a conjunction of the dictionary
        return len(w) >= 4 and len(first.word) >= 2 and first.flag[:1] in ("d", "c", "p")
    rest = list(pseg.cut(w[len(first.word):]))
    if spoken and len(first.word) == 1 and len(rest) == 1 and rest[0].flag == "nrt":
        return False  # 准|陀罗说: a foreign name whose first sound the dictionary reads alone
    return first.flag.startswith(_PHRASE_FLAGS)
#: ("跑到", "看见她": a verb with its result or object is no name)
_BAD_END = set("的了着著过在把被给对向和与跟说道笑看是也又都就便却还才正已不没这那上下里中前后来去地得么吗呢吧啊呀们忙等"
               "到他她你我它从而会听")  # (羊会伤著自己: a thing and what it will do)
#: a longer candidate ending in a manner word or an adverb is a name plus what follows it
#: ("墨子很", "道统大嚷道"); one ending in a thing's head noun is no person ("葵绿色")
_ADVERB_END = set("很忽倒更最真竟仍终曾再到一大高低轻冷怒先只")
#: of those, the ones a given name may end in (公孙高): a name when the rest never stands alone
_NAME_OR_ADVERB = set("大高低轻冷怒")
_THING_END = set("色树斗声间底片角厅门窗桌椅碗锅船车屋店楼院圈壳外内旁边")
#: kinship suffixes that make another person of a name: 七斤 and 七斤嫂 are man and wife
_KIN_SUFFIX = set("嫂婶妈娘太爷叔伯公婆哥姐")
#: two-character words after a name that make the holder's wife or mother of it (天佑太太)
_KIN_SUFFIX2 = ("太太", "奶奶", "媳妇", "嫂子", "婶子", "大嫂", "大娘", "大妈", "老婆", "女人", "妈妈")
_SPEECH_AFTER = re.compile(r"(?:[^，。！？“”]{0,6}?[地的]|[又也便就才却还只忙]{1,2})?(?:说|道|问|答|叫|喊|嚷|笑|想)")
#: a clause that leads straight into a quote by a colon (高第压不住了怒气：“……”)
_LEADS_IN = re.compile(r"[^，。！？；“”：:\n]{0,10}[：:]\s*“")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COMMON_FREQ = 50
#: conjunctions that may open a clause right before a name (但敏明说, 而加陵却)
CONJ_START = set("但而且并若则虽乃")
#: what may stand before a name at a clause's start and is no part of it (于是祖父, 连老厨子也)
_LEADS = ("于是", "可是", "但是", "只是", "还是", "就是", "然而", "因此", "所以", *CONJ_START, "连")
#: a name made of one character and a kinship title (有二伯, 小三爷, 老二婶)
_KIN_NAME = re.compile("[\u4e00-\u9fff](?:[大二三四五六七八九小老])?(?:伯|爷|叔|婶|娘|妈|嫂|哥|姐|姑|舅|奶奶|东家)")


def is_common_word(w: str) -> bool:
    """Whether jieba knows ``w`` as a frequent word that is not a person name."""
    import jieba

    d = jieba.dt
    if not d.initialized:
        d.initialize()
    import jieba.posseg as pseg

    tag = pseg.dt.word_tag_tab.get(w, "")
    return d.FREQ.get(w, 0) >= _COMMON_FREQ and not tag.startswith("nr")


def _word_freq() -> dict[str, int]:
    """jieba's dictionary word frequencies (loading the dictionary the first time)."""
    import jieba

    if not jieba.dt.initialized:
        jieba.dt.initialize()
    return jieba.dt.FREQ


def _dictionary_tag(w: str) -> str:
    """The part of speech jieba's dictionary gives ``w`` ("" when it holds no such word)."""
    import jieba.posseg as pseg

    return pseg.dt.word_tag_tab.get(w, "")


def is_pronoun(w: str) -> bool:
    """Whether the dictionary reads ``w`` as a pronoun or a demonstrative (这样, 那么, 自己)."""
    return _dictionary_tag(w)[:1] == "r"


def _function_parts(w: str) -> bool:
    """Whether jieba reads a particle, a conjunction, a preposition, a direction word, an
    interjection or a sound in ``w`` (平日|所, 小|得|远, 于|虚伪, 初|到|北,
    呜呜|呜): a phrase, no name."""
    return any(t.flag in ("ud", "uj", "ul", "uz", "c", "p", "f", "o", "e", "y") for t in words(w))


def opens_with_adverb(w: str) -> bool:
    """Whether ``w`` opens with a two-character adverb, conjunction, preposition or numeral
    of the dictionary (连忙问, 于是说): how a clause goes on, no surname and given name."""
    return _dictionary_tag(w[:2])[:1] in ("d", "c", "p", "m")


#: adverbs between a person opening a clause and what they do (也, 便, 连忙, 忽然, 一面)
PERSON_ADVERBS = r"(?:[也又便就才却还只都正已忙再早仍不没]{0,2}(?:连忙|赶紧|急忙|慢慢|忽然|终于|接着|一面|一边|这样|那样|这么|那么)?)"
#: what people do right after they open a clause (说, 觉得, 点头, 站, 跪)
PERSON_VERBS = (r"(?:说|道|问|答|回答|笑|哭|叫|喊|嚷|骂|想|觉得|知道|记得|看|望|瞪|听|走|跑|站|坐|点|摇|"
                r"叹|抬|低|拉|推|拍|伸|拿|接|吃|喝|醒|睁|爬|跪)")
_ACTS = re.compile(PERSON_ADVERBS + PERSON_VERBS)
#: what a person does within the clause they open (女娲猛然醒来, 老人仿佛是放了心，低声的说)
ACTS_SOON = re.compile(PERSON_ADVERBS + "[^，。！？“”]{0,8}?" + PERSON_VERBS)


def _is_verb(w: str) -> bool:
    """Whether jieba's dictionary tags ``w`` as a verb."""
    return _dictionary_tag(w).startswith("v")


def _gesture_or_time(w: str) -> bool:
    """Whether a two-character ``w`` is a body part and what it does (头戴, 手举), 将 and
    what it moves (将身), or a word and 时 that opens no surname (说时, 此时); or whether ``w``
    opens with a day (次日早起, 明日): the opening of a clause, no name."""
    return (len(w) == 2 and (w[0] == "将" or (w[0] in "头手脚身" and _is_verb(w[1]))
                             or (w[1] == "时" and w[0] not in SURNAMES))) or _DAY.match(w) is not None


#: a day named by its place in time (次日, 明天, 当晚): what opens a clause before its subject
_DAY = re.compile("[次明今昨前后当那这翌是隔][日天晚早夜]")


def _has_surname(w: str) -> bool:
    if w[:2] in COMPOUND_SURNAMES:
        return len(w) >= 3
    if w[0] in SURNAMES:
        return True
    return w[0] in "老小大阿" and len(w) == 2 and w[1] in SURNAMES


def clause_starts(text: str, narr: bytearray) -> list[int]:
    """Offsets in the narration where a clause starts (after punctuation, a line or 的)."""
    out: list[int] = []
    for i, ch in enumerate(text):
        if not narr[i] or not _CJK.match(ch):
            continue
        if i == 0 or text[i - 1] in _BOUND or not narr[i - 1]:
            out.append(i)
    return out


_APPOS_RX: re.Pattern | None = None
_AFTER_NAME = set("在把被向对和跟的正已又便却就也都从站坐走说笑看见听忙")


def _after_role_names(text: str, narr: bytearray) -> Counter:
    """Names right after an appositive role (管家福伯在…), even when they occur once."""
    global _APPOS_RX
    if _APPOS_RX is None:
        _APPOS_RX = re.compile("|".join(sorted(APPOSITIVE, key=len, reverse=True)))
    out: Counter = Counter()
    for m in _APPOS_RX.finditer(text):
        e = m.end()
        if not narr[m.start()] or e + 3 > len(text) or text[m.start() - 1 : m.start()] == "比":
            continue  # 他比父亲小六岁: a comparison, no apposition
        for n in (2, 3):
            w = text[e : e + n]
            nxt = text[e + n : e + n + 1]
            cw = text.count(w)
            # 科长孙子良踱了进来, 听差老刘探进头来: a surnamed name after a role, said once
            surnamed = (n == 3 and w[0] in SURNAMES) or (n == 2 and w[0] in "老小阿" and w[1] in SURNAMES)
            if _NOT_NAME_PART.search(w):
                break  # 老师连这个都知道, 他比父亲小六岁: a phrase after the role
            if all(_CJK.match(c) for c in w) and (
                nxt in _AFTER_NAME or not _CJK.match(nxt or "x")
                or (cw > max(1, text.count(w + nxt)) and not _shared_head(text, w))
                or (surnamed and text.count(w[:2]) == cw)
                or (n == 3 and w[0] in SURNAMES and _shared_head(text, w[:2]))
            ):
                if (not bad_start(w) and w not in KIN_ROLES and w not in APPOSITIVE
                        and w[0] != w[1] and not is_phrase(w) and not is_phrase(w + nxt)):
                    out[w] += 1
                break
    return out


#: two people told as one (母女俩, 父子俩, 老两口): no one person
_PAIR = re.compile("(?:俩|两口|二人|两个|[三四五六七八九十几]人)$")
#: what no name holds: a pronoun or a demonstrative, an age or a count (小六岁, 连这个)
_NOT_NAME_PART = re.compile("[这那他她我你它]|[一二三四五六七八九十两几][岁个年次]")


def _shared_head(text: str, w: str) -> bool:
    """Whether a surnamed ``w`` of two characters only opens longer names (李德 of 李德全 and
    李德贵: siblings share the generation character) and never stands alone."""
    if len(w) != 2 or w[0] not in SURNAMES:
        return False
    import jieba

    ends = [m.end() for m in re.finditer(re.escape(w), text) if m.end() < len(text)]
    if not ends or any(not _CJK.match(text[e]) or text[e] in _AFTER_NAME for e in ends):
        return False
    # the character after it ends a name (李德全|蹲在), it does not open a word (林芳|快步)
    tails = {text[e] for e in ends if len(next(iter(jieba.cut(text[e : e + 3])), "")) == 1}
    return len(tails) >= 2 and len(tails) >= 0.7 * len({text[e] for e in ends})


#: kin words that may stand before a full name (女儿刘小梅去地里)
_KIN_BEFORE = {"女儿", "儿子", "闺女", "侄女", "侄子", "外甥", "孙女", "媳妇", "男人", "老婆"}


#: adverbs, after which a surname character is a verb, never a name written out (很信祖凤)
_ADVERB_BEFORE = set("很也都就便却又还不没最更太真才再已曾只")


def _given_name_full(text: str, narr: bytearray, starts: list[int], exclude: set[str]) -> Counter:
    """Three-character full names the text writes once or twice (李建平从公社回来) and then
    calls by their two-character given name (建平把布包递给她, 建平脱了鞋): the full name,
    counted with the given name's mentions, even when the given name is a dictionary word."""
    freq = _word_freq()
    given_at: Counter = Counter()
    in_word: Counter = Counter()  # 老先|生: the two characters begin a longer dictionary word
    conts: dict[str, set[str]] = {}
    for p in starts:
        w = text[p : p + 2]
        if len(w) == 2 and all(_CJK.match(c) for c in w):
            given_at[w] += 1
            in_word[w] += freq.get(text[p : p + 3], 0) > 0
            conts.setdefault(w, set()).add(text[p + 2 : p + 3])
    # where each two characters stand right after a surname character (one pass over the text)
    after_surname: dict[str, list[int]] = {}
    for at, ch in enumerate(text[:-2]):
        if ch in SURNAMES and narr[at]:
            after_surname.setdefault(text[at + 1 : at + 3], []).append(at)
    out: Counter = Counter()
    for g, n in given_at.items():
        if g not in after_surname or bad_start(g) or g[-1] in _BAD_END or g in exclude:
            continue
        if g in KIN_ROLES or g in APPOSITIVE or g[0] == g[1] or is_tail(g) or 2 * in_word[g] > n:
            continue  # 朱老先生 is 朱 and 老先生, no 老先 of a 朱老先
        if (n < 2 or len(conts[g]) < 2) and (n < 1 or is_common_word(g) or _has_surname(g)):
            continue  # a dictionary word (建平, 建国) must open two clauses to be a name
        if _dictionary_tag(g) in ("n", "nz", "ng") and not any(text.startswith(g, p) and ACTS_SOON.match(text, p + 2)
                                           for p in starts) and not _tag_subject(text, narr, g):
            continue  # and act in one (白床单 …… 床单有突起的花纹: a thing)
        fulls: Counter = Counter()
        for at in after_surname[g]:
            if at > 0 and text[at - 1] in _ADVERB_BEFORE:
                continue  # 她很信祖凤那副好身手: after an adverb, a verb and its object
            if at > 0 and _CJK.match(text[at - 1]) and text[at - 1] not in _BOUND \
                    and text[at - 2 : at] not in APPOSITIVE and text[at - 1 : at] not in APPOSITIVE \
                    and text[at - 2 : at] not in KIN_ROLES and text[at - 2 : at] not in _KIN_BEFORE \
                    and not _word_starts_at(text, at):
                continue  # inside a longer word, not a name written out
            fulls[text[at : at + 3]] += 1
        if len(fulls) == 1 and not is_phrase(g):
            f, k = fulls.most_common(1)[0]
            if not is_common_word(f) and not bad_start(f):
                out[f] = k + n
    return out


def _token_at(text: str, at: int, tagged: bool = False):  # type: ignore[no-untyped-def]
    """The word jieba's segmentation (``tagged``: its tagger) of the clause around ``at``
    starts at ``at``: ``(word, flag)``, or None when ``at`` falls inside a word."""
    import jieba
    import jieba.posseg as pseg

    lo = at
    while lo > 0 and at - lo < 12 and text[lo - 1] not in _BOUND:
        lo -= 1
    hi = at + 3
    while hi < len(text) and hi - at < 12 and text[hi] not in _BOUND:
        hi += 1
    pos = lo
    words = ((t.word, t.flag) for t in pseg.cut(text[lo:hi])) if tagged else (
        (w, "") for w in jieba.cut(text[lo:hi]))
    for word, flag in words:
        if pos == at:
            return word, flag
        if pos > at:
            return None
        pos += len(word)
    return None


def _word_starts_at(text: str, at: int) -> bool:
    """Whether jieba's segmentation of the clause around ``at`` starts a word there (二弟|孙|福田,
    拖拉机手|张二虎: a role noun the lists do not hold before a name written out)."""
    return _token_at(text, at) is not None


#: a quote that opens with a two-character name alone (“桂珍，……”, “卫红？好名字。”), maybe
#: after an interjection (“阿，——纬甫，是你么？”)
_VOCATIVE_OPEN = re.compile(r"[“「](?:[啊阿呀哎嗳唉哦噢喂咦][，,！!—…]*)?([\u4e00-\u9fff]{2})[，,！!？?。…]")


def _corroborated_full_names(text: str, narr: bytearray, starts: list[int],
                             accepted: dict[str, int], exclude: set[str]) -> Counter:
    """Three-character full names written once in the narration (会计吴有才背着手……) that jieba
    tags as a person name and the text backs up: their given name calls somebody at the head
    of a quote (“桂珍，……”) or opens a clause of the narration, or 老/小 and the surname
    address them (老吴)."""
    called = Counter(m.group(1) for m in _VOCATIVE_OPEN.finditer(text))
    opens = Counter(text[p : p + 2] for p in starts)
    addressed: dict[str, bool] = {}
    out: Counter = Counter()
    seen: set[str] = set()
    for at, ch in enumerate(text[:-2]):
        if ch not in SURNAMES or ch in _NOT_START or not narr[at]:
            continue
        w = text[at : at + 3]
        if w in seen or w in accepted or w in exclude or not all(_CJK.match(c) for c in w):
            continue
        seen.add(w)
        g = w[1:]
        if bad_start(g) or g[-1] in _BAD_END or g in KIN_ROLES or g[0] == g[1]:
            continue
        if ch not in addressed:
            addressed[ch] = ("老" + ch) in text or ("小" + ch) in text
        if not (called[g] or opens[g] or addressed[ch]):
            continue
        if any(w in a or a in w for a in accepted):
            continue
        # jieba splits some names (冯|春生): a quote that calls the given name vouches for them
        if not (_tagged_name(text, at) or (called[g] > 0 and _word_starts_at(text, at))):
            continue
        out[w] = text.count(w) + called[g]
    return out


#: characters that end a time or place phrase (说话时, 门后, 屋里) far more often than they
#: are surnames
_PHRASE_TAILS = set("时后里中内外")


def ends_in_next_word(text: str, w: str, ends: list[int] | None = None) -> bool:
    """Whether the last character of ``w`` mostly makes a frequent word of the dictionary that
    is no noun with the character after it (冰如微笑道, 张顺进来说, 倒有些): no part of a name.
    ``ends``: where the occurrences of ``w`` end, when the caller has them."""
    import jieba.posseg

    freq, tags = _word_freq(), jieba.posseg.dt.word_tag_tab
    occ = ends if ends is not None else [m.end() for m in re.finditer(re.escape(w), text)]
    heads = sum(1 for e in occ if freq.get(text[e - 1 : e + 1], 0) >= 100
                and tags.get(text[e - 1 : e + 1], "") not in ("n", "ns", "nz", "ng", "nt"))
    return 2 * heads > len(occ)


def _tail_of_word_before(text: str, w: str) -> bool:
    """Whether the first character of ``w`` mostly ends an adverb, a time word or a
    conjunction of the dictionary with the character before it (一时 of 一时贾琏) or a time or
    place phrase (说话时贾琏): no surname, the name is the rest (not 儿孙 of 女儿孙小红)."""
    import jieba.posseg

    occ = [m.start() for m in re.finditer(re.escape(w), text)]
    tags = jieba.posseg.dt.word_tag_tab
    tails = sum(1 for at in occ if at > 0 and (
        (tags.get(text[at - 1 : at + 1]) or "n")[:1] in ("d", "r", "c", "t", "p")
        or (w[0] in _PHRASE_TAILS and _CJK.match(text[at - 1]))))
    return 2 * tails > len(occ)


#: parts of a body (大手, 小眼睛, 薄嘴唇, 肩膀), even before a speech verb (拍着她的肩膀道): what a
#: person moves, no person (faces, noses and beards make nicknames: 三角脸, 红鼻子, 大胡子)
BODY_PARTS = ("手", "脚", "腿", "眼睛", "眉毛", "嘴唇", "耳朵", "肩膀", "肩", "腰", "胸", "膝",
               "胳膊", "脖子", "腕", "腕子", "指头", "胸口", "额角", "额头")


def _tagged_name(text: str, at: int) -> bool:
    """Whether jieba's tagger reads the three characters at ``at`` as one person name."""
    tok = _token_at(text, at, tagged=True)
    return tok is not None and len(tok[0]) == 3 and tok[1].startswith("nr")


#: what stands before a verb and seldom before a person (不明白, 没有豫备, 想张罗)
_MODAL_BEFORE = re.compile("(?:不|没|没有|要|想|会|能|得|可以|应该|已经|正在)$")


def _act_or_place(text: str, w: str, spoken: int) -> bool:
    """Whether a candidate never the subject of a speech verb and written three times or more
    is an act (two-character, two in three of its places after a negation or a modal, or
    before 了/过: 不明白, 正在豫备) or a place (half of them right after 在, 离, 到, 往 or 从:
    在埠头立了几分钟, 离埠头不远), which the dictionary does not know in this spelling."""
    if spoken:
        return False
    occ = [m.start() for m in re.finditer(re.escape(w), text)]
    if len(occ) < 3:
        return False
    verbal = sum(1 for at in occ if _MODAL_BEFORE.search(text, max(0, at - 3), at)
                 or text[at + 2 : at + 3] in ("了", "过"))
    where = sum(1 for at in occ if at > 0 and text[at - 1] in "在离到往从")
    return (len(w) == 2 and 3 * verbal >= 2 * len(occ)) or 2 * where >= len(occ)


def _no_person(text: str, narr: bytearray, w: str, spoken: int) -> bool:
    """Whether an accepted candidate turns out to be a thing, a body part or an act
    (``spoken``: how often it is the subject of a speech verb)."""
    if (w.endswith(BODY_PARTS) or only_owned(text, w, w[0] in SURNAMES)
            or a_thing(text, w, spoken, w[-1] in _KIN_SUFFIX) or _act_or_place(text, w, spoken)):
        return True
    toks = words(w)
    # 高第道, 高第问 again and again: a surname and a given name jieba reads as 高|第
    # (高第压不住了怒气：“……” leads in a line of hers as well)
    surnamed_speaker = w[0] in SURNAMES and (spoken >= 2 or _tag_subject(text, narr, w, lead_ins=True) >= 2)
    return (ends_in_an_act(w, toks) and not surnamed_speaker) or a_compound_thing(
        text, narr, w, spoken, toks)


def discover_names(text: str, narr: bytearray, exclude: set[str]) -> Counter:
    """Person-name strings of the text with their counts (see the module docstring)."""
    starts = clause_starts(text, narr)
    at_start: Counter = Counter()
    acting: Counter = Counter()  # clauses a candidate opens by doing what people do
    said: dict[str, int] = {}

    def spoken(w: str) -> int:
        """How often ``w`` is the subject of a speech verb (one scan of the text per form)."""
        if w not in said:
            said[w] = _tag_subject(text, narr, w)
        return said[w]

    after_role = _after_role_names(text, narr)
    for p in starts:
        for n in (2, 3, 4):
            w = text[p : p + n]
            if len(w) < n or not all(_CJK.match(c) for c in w):
                break
            at_start[w] += 1
            acting[w] += bool(ACTS_SOON.match(text, p + n))
    for w in after_role:
        at_start.setdefault(w, 0)
    accepted: dict[str, int] = {}
    for w, ns in at_start.items():
        if _gesture_or_time(w):
            continue
        if (w[0] in _NOT_START and w[0] not in "他她我你您它这那" and _KIN_NAME.fullmatch(w)
                and spoken(w) >= 2 and w not in exclude):
            accepted[w] = text.count(w)  # 有二伯说 again and again: a kinship title's name
            continue
        if (w[0] in _SURNAME_OR_WORD and len(w) <= 3 and ns >= 3 and acting[w] >= 2
                and spoken(w) >= 2 and not is_common_word(w) and w not in exclude):
            accepted[w] = text.count(w)  # 向高 opening clauses, acting and speaking: 向 is his surname
            continue
        if w[-1] in _BAD_END and len(w) == 3 and w[0] in SURNAMES and not bad_start(w) \
                and text.count(w) >= 0.8 * text.count(w[:2]) and (spoken(w) >= 2 or (
                    text.count(w) == text.count(w[:2]) >= 2 and spoken(w) >= 1
                    and not is_phrase(w[:2]))):  # not 马上就
            # 严致和道: 和 ends the given name, it joins nothing (张济才 is never 张济 alone)
            accepted[w] = text.count(w)
            continue
        if (w[-1] in _BAD_END and len(w) == 2 and not bad_start(w) and not is_common_word(w)
                and (spoken(w) >= 3 or (spoken(w) >= 2 and ns >= 5)) and not is_phrase(w)):
            # not 笑着说, 笑着问道 (玉和 opening five clauses and two tags is somebody)
            accepted[w] = text.count(w)  # 伯和道, 伯和笑道, again and again: a given name
            continue
        if (bad_start(w) or w[-1] in _BAD_END or w in exclude or w in KIN_ROLES or _PAIR.search(w)
                or "着" in w[1:] or "著" in w[1:]):  # 红着脸道, 指著: a verb with 着, and what
            # it does, are nobody
            continue
        if (w[-1] in _THING_END and spoken(w) < 2) or (
                len(w) >= 3 and w[-1] in _ADVERB_END
                and (w[-1] not in _NAME_OR_ADVERB or text.count(w[:-1]) > text.count(w))):
            continue  # "墨子很" is 墨子 plus an adverb; "公孙高" (never without 高) is a name
        kin = next((n for n in (3, 2) if len(w) > n and w[:n] in KIN_ROLES), 0)
        if kin and _is_verb(w[kin:]):
            continue  # 祖母看见: a kinship word and what that person does
        if len(w) == 4 and _is_verb(w[2:]) and text.count(w[:2]) >= 2 * text.count(w):
            continue  # 难胜看见: a name met more often alone, and what that person does
        if len(w) == 2 and w[0] == w[1]:
            continue  # 齐齐, 默默: reduplication, or a nickname handled as an alias
        if len(w) == 3 and w[0] in _VERB_SURNAMES and is_common_word(w[1:]) and spoken(w) < 2:
            continue  # 来上海, 来一个, 常可以: a verb or an adverb and a word, not a name
        occ = [m.end() for m in re.finditer(re.escape(w), text)]
        if ends_in_next_word(text, w, occ):
            continue  # 冰如微|笑道, 张顺进|来说, 倒有|些: its last character starts the next word
        right = {text[e] if e < len(text) else "" for e in occ}
        if 2 * sum(1 for e in occ if e < len(text) and text[e] in _THING_END) >= len(occ):
            continue  # mostly the modifier of a thing ("葵绿" of "葵绿色")
        if after_role.get(w) and not is_common_word(w) and not _function_parts(w):
            accepted[w] = len(occ)
            continue
        if len(occ) < 2 or len(right) < 2:
            continue
        if _has_surname(w) and len(w) <= 3:
            pass
        elif ns < 2:
            continue
        if len(w) == 2 and ACTS_SOON.match(w) is None and 2 * acting[w] >= ns and (
                (ns >= 8 and spoken(w) >= 2) or (ns >= 5 and spoken(w) >= 3)
                or (ns >= 6 and acting[w] >= 4 and spoken(w) >= 1 and not is_common_word(w))):
            # 可为 opening 25 clauses and acting in 17, 承欢 opening six and speaking four
            # times: a name, word or not (a rare word opening six, acting in four and speaking
            # once is one too; 而且 of the same class is too common a word to be a name)
            accepted[w] = len(occ)
            continue
        if is_common_word(w) and (_is_verb(w) or spoken(w) < 2) and not (
                ns >= 5 and acting[w] >= 3 and (is_noun(w) or _dictionary_tag(w) == "nz") and not w.endswith(BODY_PARTS)):
            # "回答道" has a speech verb after it, but 回答 is a verb itself; a noun that opens
            # five clauses and acts in three of them (老子连忙勒住青牛) is somebody
            continue
        if (is_place(text, narr, w, spoken(w), _has_surname(w)) or is_phrase(w, spoken(w))
                or (not _has_surname(w) and _clause(w))):
            continue
        tag = _dictionary_tag(w)
        if (tag == "ns" or (len(w) == 2 and tag[:1] in ("v", "a"))) and acting[w] == 0 and spoken(w) == 0:
            # 冷嘲 (这又来冷嘲我), 麻木, 闸北: a verb, an adjective or a place the dictionary
            # knows, that never acts nor speaks
            continue
        if len(w) == 2 and w[1] == "家" and w[0] in SURNAMES:
            continue  # 何家, 赵家: a household or its house, nobody who speaks
        if _function_parts(w) and spoken(w) < 2:
            continue  # 父亲平日所读的书: a phrase, unless it speaks again and again (向高说)
        accepted[w] = len(occ)
    for f, n in _given_name_full(text, narr, starts, exclude).items():
        if f not in accepted and not _function_parts(f):
            accepted[f] = n
    for f, n in _corroborated_full_names(text, narr, starts, accepted, exclude).items():
        accepted[f] = n
    for w in [w for w in accepted if _no_person(text, narr, w, spoken(w))]:
        del accepted[w]
    for w in [w for w in accepted if len(w) >= 3 and w[1:] in accepted and (
            _tail_of_word_before(text, w) or (w[0] in "但由连全时" or _function_char(w[0]))
            and 6 * text.count(w) <= text.count(w[1:]))]:
        # 一时|贾琏: 时 ends the word before; 但宝儿, 连晓荷, 说话时贾琏: a word before a
        # name that is six times as frequent without it
        accepted[w[1:]] += accepted.pop(w)
    heads = {a[0] for a in accepted if len(a) >= 3 and a[0] in SURNAMES}
    for w in [w for w in accepted if len(w) in (2, 3, 4) and len(set(w)) == len(w)
              and all(c in SURNAMES for c in w) and sum(c in heads for c in w) >= 2]:
        del accepted[w]  # 曾邝两人, 曾邝于三人 of 曾季生, 邝海如, 于质夫: surnames side by side
    for w in list(accepted):
        # 但敏明 of 敏明, 于是祖父 of 祖父, 连老厨 of 老厨子: a conjunction or 连 before a name
        lead = next((c for c in _LEADS if w.startswith(c) and len(w) > len(c) + 1), None)
        if (lead is None and len(w) >= 3 and w[1] in SURNAMES and accepted.get(w[1:], 0) >= accepted[w]
                and _function_char(w[0])):
            lead = w[0]  # 向平儿 of 平儿: a preposition before the name (not 赵 of 赵卫东)
        if lead is None:
            continue
        rest = w[len(lead):]
        whole = next((a for a in accepted if a != w and a.startswith(rest)), None)
        if whole is not None or rest in KIN_ROLES:
            n = accepted.pop(w)
            if whole is not None:
                accepted[whole] += n
    # a name and the same name plus one character: keep the one that is really a word
    for w in sorted(accepted, key=len, reverse=True):
        if w not in accepted:
            continue
        for k in range(2, len(w)):
            pre = w[:k]
            if pre in accepted:
                if (len(w) == k + 1 and w[-1] in _KIN_SUFFIX or w[k:] in _KIN_SUFFIX2) and accepted[w] >= 2:
                    continue  # two people: the name and its holder's wife, aunt, ... (天佑太太)
                if accepted[w] >= 0.7 * accepted[pre] or _shared_head(text, pre):
                    del accepted[pre]
                else:
                    del accepted[w]
                    break
    opens = set(starts)
    for w in [w for w in accepted if len(w) == 2 and not _has_surname(w)]:
        if _called_with_de(text, w, opens):
            accepted[w + "的"] = accepted.pop(w)  # 当差的说: the one who serves, 当差的
    return Counter(accepted)


def _called_with_de(text: str, w: str, opens: set[int]) -> bool:
    """Whether a person-word is written with 的 after it nearly always and opens clauses so
    (``opens``: where clauses start; 当差的说, 当差的又引了……): what does a job, 的 belongs
    to the name."""
    occ = [m.end() for m in re.finditer(re.escape(w), text)]
    de = [e for e in occ if text.startswith("的", e)]
    opening = sum(1 for e in de if e - len(w) in opens)
    return 5 * len(de) >= 4 * len(occ) and opening >= 2


def is_tail(w: str) -> bool:
    """Whether ``w`` ends the way no name does (a particle, an adverb, a thing's noun)."""
    return w[-1] in _BAD_END or w[-1] in _THING_END or (len(w) >= 3 and w[-1] in _ADVERB_END)


def _tag_subject(text: str, narr: bytearray, w: str, lead_ins: bool = False) -> int:
    """How often ``w`` starts a clause of narration as the subject of a speech verb
    ("墨子说", "道统大嚷道"; with ``lead_ins`` also a clause it opens that leads into a quote
    by a colon): a common word used so is somebody's name in this text."""
    n = 0
    for m in re.finditer(re.escape(w), text):
        at = m.start()
        if not narr[at] or (at > 0 and text[at - 1] not in _BOUND):
            continue
        if _SPEECH_AFTER.match(text, m.end()) or (lead_ins and _LEADS_IN.match(text, m.end())):
            n += 1
    return n
