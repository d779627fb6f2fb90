"""Chinese pipeline: jieba person names, speech tags (X道/X说/X笑道), titles and kinship."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .cast import Cast
from .dialogue import Mentions, QuoteInfo
from .quotes import Paragraph, Quote

_CJK = r"\u4e00-\u9fff"
SPEECH_VERB = (
    r"(?:说道|说|问道|问|笑道|答道|回答道|回答|应道|喊道|叫道|喝道|怒道|叹道|嚷道|骂道|哭道|"
    r"低声道|轻声道|冷声道|沉声道|柔声道|淡淡道|冷笑道|冷哼道|开口道|开口|接口道|插嘴道|"
    r"嘀咕道|补充道|吼道|斥道|惊道|急道|催道|劝道|嗔道|叫|喊|吼|道)"
)
ADVERBIAL = (
    r"(?:[冷淡轻低沉柔缓慢幽]{1}[冷淡轻低沉柔缓慢幽声]?(?:地)?|笑着|笑了笑|微笑着|哭着|叹了口气|"
    r"叹息着|皱眉|皱着眉|点头|摇头|忍不住|连忙|急忙|赶紧|又|也|便|才|就|却|只|还|终于|"
    r"看着他|看着她|看着我|对他|对她|对我|向他|向她|冲他|冲她|抬头|低头|一愣|愣了愣|"
    r"咬牙|咬着牙|厉声|大声|高声|小声|悄声|怒|冷冷|淡淡|缓缓|慢慢|轻轻|轻声|低声|沉声)"
)
_VERB_END = re.compile(rf"{SPEECH_VERB}\s*[：:，,]?\s*$")
_VERB_AFTER = re.compile(rf"^[，,]?\s*([^。！？!?“”「」]{{0,20}}?){SPEECH_VERB}(?=[。，,！!？?…：:]|$)")
FEMALE_TITLES = (
    "师姐", "师妹", "小姐", "姑娘", "娘娘", "夫人", "女士", "姐姐", "妹妹", "姐", "妹", "嫂",
    "母亲", "娘", "妈", "阿姨", "婆婆", "太太", "公主", "贵妃", "皇后", "太后", "郡主", "丫头",
)
MALE_TITLES = (
    "师兄", "师弟", "先生", "公子", "少爷", "老爷", "哥哥", "哥", "弟弟", "弟", "兄", "叔",
    "伯", "爷", "父亲", "爹", "皇上", "王爷", "殿下", "陛下", "将军", "大人", "掌门", "公公",
)
NEUTRAL_TITLES = ("总监", "总裁", "经理", "总", "长老", "师父", "师尊", "老师", "医生", "主任", "董")
_TITLES = sorted(FEMALE_TITLES + MALE_TITLES + NEUTRAL_TITLES, key=len, reverse=True)
_NOT_NAMES = set(
    """他们 她们 我们 你们 自己 大家 众人 所有人 有人 对方 那人 这人 此人 一个 两人 二人 什么 怎么
    这个 那个 时候 知道 没有 不是 可是 但是 于是 然后 只是 如果 因为 所以 已经 还是 就是 不过 这样
    那样 一声 一下 一眼 轻轻 淡淡 冷冷 微微 缓缓 慢慢 突然 忽然 终于 连忙 赶紧 笑着 看着 声音 目光
    心里 脸上 眼中 身后 面前 少年 少女 老人 男人 女人 孩子 姑娘 小姐 先生 公子 夫人 师兄 师姐
    师父 师尊 长老 皇上 娘娘 王爷 殿下 陛下 大人 老爷 少爷 总监 总裁 经理 老师 医生 主任""".split()
)
#: role words that name one person in a story when used as a tag subject (宫廷/修仙)
ROLE_WORDS = {
    "皇上": "male", "皇帝": "male", "皇后": "female", "太后": "female", "王爷": "male",
    "师父": "unknown", "师尊": "unknown", "掌门": "unknown", "公公": "male", "老夫人": "female",
    "老爷": "male", "夫人": "female", "少爷": "male", "陛下": "unknown", "殿下": "unknown",
}
_FEMALE_CHARS = set("雪晚念婉柔娟丽芳燕萍玲娜婷琳蓉瑶颖霞凤兰梅莲秀珠翠薇娇妍怡静雅欣璐菲嫣媛姝妃娥嫦琴黛蕊")
_MALE_CHARS = set("霄龙虎刚强伟军峰磊杰斌浩鹏辰宇轩勇毅雄彪豪坤乾武昊铭骁")
_PRON_ZH = {"他": "male", "她": "female", "我": "narrator"}
_GENDER_PRON = re.compile("[他她]")


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


def _name_candidates(text: str, paras: list[Paragraph], quotes: list[Quote]) -> Counter:
    """Person-name candidates from jieba (nr) over the narration, with counts."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    narr: list[str] = []
    qi = 0
    for pi, p in enumerate(paras):
        pos = p.start
        while qi < len(quotes) and quotes[qi].paragraph == pi:
            narr.append(text[pos : max(pos, quotes[qi].start - 1)])
            pos = quotes[qi].end + 1
            qi += 1
        narr.append(text[pos : p.end])
    counts: Counter = Counter()
    for w, flag in pseg.cut("\n".join(narr)):
        if flag == "nr" and 2 <= len(w) <= 4 and w not in _NOT_NAMES:
            counts[w] += 1
    return counts


def analyze_chinese(
    text: str, paras: list[Paragraph], quotes: list[Quote], cast: Cast
) -> tuple[list[QuoteInfo], Mentions, int | None]:
    """Find names, tags and vocatives in a Chinese text for the shared attribution."""
    nr = _name_candidates(text, paras, quotes)
    # tag contexts around each quote
    ctx_before: list[str] = []
    ctx_after: list[str] = []
    tag_subjects: Counter = Counter()
    for i, q in enumerate(quotes):
        p = paras[q.paragraph]
        lo = quotes[i - 1].end + 1 if i > 0 and quotes[i - 1].paragraph == q.paragraph else p.start
        hi = quotes[i + 1].start - 1 if i + 1 < len(quotes) and quotes[i + 1].paragraph == q.paragraph else p.end
        before = text[lo : max(lo, q.start - 1)]
        cut = max(before.rfind(c) for c in "。！？!?…")
        before = before[cut + 1 :] if cut >= 0 else before
        after = text[min(q.end + 1, hi) : hi]
        ctx_before.append(before)
        ctx_after.append(after)
        for seg in (_subject_before(before), _subject_after(after)):
            if seg in ROLE_WORDS:
                tag_subjects[seg] += 1
            elif seg and 2 <= len(seg) <= 4 and seg not in _NOT_NAMES and seg[0] not in "他她我你这那":
                tag_subjects[seg] += 1
    forms: Counter = Counter()
    for w, n in nr.items():
        if n >= 2 or w in tag_subjects:
            forms[w] += n
    for w, n in tag_subjects.items():
        if re.fullmatch(rf"[{_CJK}]+", w):
            forms[w] += n
    for c in cast.chars:
        for a in c.aliases:
            forms[a] += 1
    # titled forms: 陆师兄, 苏总监, 念姐
    titled: Counter = Counter()
    rx_t = re.compile(rf"([{_CJK}])({'|'.join(_TITLES)})")
    for m in rx_t.finditer(text):
        if m.start() > 0 and text[m.start() - 1 : m.start() + 1] in forms:
            continue  # "云霄师兄": the full name carries the title
        titled[m.group(0)] += 1
    _build_zh_cast(forms, titled, cast, text)

    aliases = sorted(cast.by_form, key=len, reverse=True)
    aliases = [a for a in aliases if len(a) >= 2]
    mask = bytearray(len(text))
    for q in quotes:
        mask[q.start : q.end] = b"\x01" * (q.end - q.start)
    pos: list[int] = []
    cids: list[int] = []
    if aliases:
        rx = re.compile("|".join(re.escape(a) for a in aliases))
        for m in rx.finditer(text):
            cid = cast.by_form[m.group(0)]
            cast.chars[cid].mentions += 1
            if not mask[m.start()]:
                pos.append(m.start())
                cids.append(cid)
                nxt = _GENDER_PRON.search(text, m.end(), min(len(text), m.end() + 30))
                if nxt and text[nxt.start() - 1] not in "，。！？；：、\n”」":
                    nxt = None  # an object pronoun ("看着她") is somebody else
                if nxt:
                    cast.gender_votes[cid]["male" if nxt.group(0) == "他" else "female"] += 1
        alias_rx = rx
    else:
        alias_rx = None

    infos: list[QuoteInfo] = []
    narrator = None
    for i, q in enumerate(quotes):
        info = QuoteInfo(q.start, q.end, q.paragraph, continued=q.continued)
        before, after = ctx_before[i], ctx_after[i]
        found = None
        if not q.unclosed and _VERB_AFTER.match(after):
            found = (after[: _VERB_AFTER.match(after).end()], q.end + 1)
        elif _VERB_END.search(before):
            found = (before, q.start - 1 - len(before))
        if found is not None:
            seg, at = found
            info.tag_text = seg
            info.tag_pos = at
            m = alias_rx.search(seg) if alias_rx else None
            first_pron = re.search("[他她我]", seg)
            if m and (first_pron is None or m.start() <= first_pron.start()):
                info.tag_cid = cast.by_form[m.group(0)]
            elif first_pron:
                g = _PRON_ZH[first_pron.group(0)]
                info.tag_pronoun = g
                if g == "narrator" and narrator is None:
                    narrator = cast.lookup("我") if cast.lookup("我") is not None else cast.add("我")
        else:
            info.tag_text = before[-12:] + after[:12]
        info.vocatives = _vocatives(text[q.start : q.end], cast, alias_rx)
        p = paras[q.paragraph]
        if text[p.start] in "他她" and not (i > 0 and quotes[i - 1].paragraph == q.paragraph):
            info.ctx_pronoun = _PRON_ZH[text[p.start]]
        infos.append(info)
    return infos, Mentions(pos, cids), narrator


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
    """The person name a clause starts with ("陆沉走了进来" -> "陆沉"), if any."""
    if not seg:
        return None
    if len(seg) <= 3:
        return seg
    for role in ROLE_WORDS:
        if seg.startswith(role):
            return role
    import jieba.posseg as pseg

    for w, flag in pseg.cut(seg):
        if flag.startswith("nr") and 2 <= len(w) <= 4:
            return w
        if 2 <= len(w) <= 3 and flag in ("x", "n", "nz") and re.fullmatch(rf"[{_CJK}]+", w):
            return w if flag != "n" else None
        return None
    return None


def _subject_after(after: str) -> str | None:
    m = _VERB_AFTER.match(after)
    if not m:
        return None
    return _name_prefix(_strip_adverbial(m.group(1).strip("，, ")))


def _vocatives(quote: str, cast: Cast, alias_rx) -> list[int]:
    out: list[int] = []
    if alias_rx is None:
        return out
    head = re.match(r"^[^，,。！!？?…]{1,6}(?=[，,。！!？?…])", quote)
    tail = re.search(r"[，,]([^，,。！!？?…]{1,6})[。！!？?…]*$", quote)
    for seg in (head.group(0) if head else "", tail.group(1) if tail else ""):
        m = alias_rx.fullmatch(seg) if seg else None
        if m:
            cid = cast.by_form[m.group(0)]
            if cid not in out:
                out.append(cid)
    return out


def _build_zh_cast(forms: Counter, titled: Counter, cast: Cast, text: str) -> None:
    """Cluster Chinese name forms: full names, titled forms, given-name nicknames."""
    names = [f for f, _ in forms.most_common() if f not in _NOT_NAMES or f in ROLE_WORDS]
    # drop forms that are a prefix/suffix fragment of a more frequent longer name
    full: list[str] = []
    for f in names:
        if any(f != g and f in g and forms[g] >= forms[f] * 0.5 for g in names if len(g) > len(f)):
            continue
        full.append(f)
    for f in full:
        if cast.lookup(f) is None:
            g = ROLE_WORDS.get(f) or _title_gender(f)
            if g == "unknown" and 2 <= len(f) <= 3:
                g = "female" if f[-1] in _FEMALE_CHARS else "male" if f[-1] in _MALE_CHARS else g
            cast.add(f)
            if g != "unknown":
                cast.gender_votes[cast.lookup(f)][g] += 2
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for f in full:
        if 2 <= len(f) <= 3 and _title_gender(f) == "unknown":
            by_surname[f[0]].append(f)
            by_given[f[-1]].append(f)
    for f in names:
        if f not in full and cast.lookup(f) is None:
            longer = [g for g in full if f in g]
            if len(longer) == 1:
                cast.alias(cast.lookup(longer[0]), f)
    for form, n in titled.items():
        ch, title = form[0], form[1:]
        if cast.lookup(form) is not None:
            continue
        surname = by_surname.get(ch, [])
        given = by_given.get(ch, [])
        target = None
        if title in ("姐", "哥", "妹", "弟", "儿") and len(given) == 1:
            target = given[0]
        elif len(surname) == 1:
            target = surname[0]
        elif len(given) == 1 and title in FEMALE_TITLES + MALE_TITLES:
            target = given[0]
        if target is not None:
            cid = cast.lookup(target)
            cast.alias(cid, form)
            g = _title_gender(form)
            if g != "unknown" and cast.chars[cid].gender == "unknown":
                cast.chars[cid].gender = g
        elif n >= 2 and title not in ("总", "姐", "哥", "妹", "弟", "兄", "叔", "伯", "爷", "娘", "妈", "董"):
            cast.add(form, gender=_title_gender(form))
    # doubled given name (晚晚 -> 林晚) and two-character given name (清雪 -> 林清雪)
    givens = Counter(f[1:] for f in full if len(f) == 3 and f not in ROLE_WORDS)
    for f in full:
        if f in ROLE_WORDS:
            continue
        if len(f) in (2, 3):
            dd = f[-1] * 2
            if dd in text and cast.lookup(dd) is None:
                cast.alias(cast.lookup(f), dd)
        if len(f) == 3 and givens[f[1:]] == 1 and cast.lookup(f[1:]) is None and f[1:] in text:
            cast.alias(cast.lookup(f), f[1:])
