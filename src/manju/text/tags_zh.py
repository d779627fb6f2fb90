"""Chinese speech tags: the speech verbs (X道, X说, X笑道), the adverbials between a
name and its verb (冷冷地, 笑着), and the name a tag's clause opens with.

Used by :mod:`.chinese` to find speakers and by :mod:`.cast_zh` to find described ones.
"""

from __future__ import annotations

import re

from .lexicon_zh import SURNAMES

SPEECH_VERB = (
    r"(?:(?<![听小])说道|(?<![听小])说是|(?<![听小])说|问道|问|笑道|答道|回答道|回答|应道|喊道|叫道|喝道|怒道|叹道|嚷道|骂道|哭道|"
    r"低声道|轻声道|冷声道|沉声道|柔声道|淡淡道|冷笑道|冷哼道|开口道|开口|接口道|插嘴道|"
    r"嘀咕道|补充道|吼道|斥道|惊道|急道|催道|劝道|嗔道|提醒道|提醒|"
    # verbs of saying that need no 道 (矮子命令着, 他嘟囔着, 老头子吩咐)
    r"命令|吩咐|嘱咐|嘟囔|嘟哝|叨唠|念叨|吆喝|嚷|骂|答应|央告|哀求|恳求|喃喃|抱怨|埋怨|追问|反问|"
    r"质问|责问|申斥|叱喝|呵斥|喝斥|嘀咕|插嘴|搭讪|"
    # taking the talk over from the one before (另个小伙子把话接过去, 小伙子接过来：“……”)
    r"把话接过[去来]|接过话[头茬]?来?|接上话|搭腔|答腔|接茬|接过来(?=[：:]\s*[“「])|"
    # reporting right before the colon and the quote (店家来报：, 差人飞奔也似的跑来报：)
    r"报(?=[：:]\s*[“「])|"
    r"叫|喊|吼|(?<![知难味街轨])道)"
)
ADVERBIAL = (
    r"(?:[冷淡轻低沉柔缓慢幽闷]{1}[冷淡轻低沉柔缓慢幽声]?(?:地)?|笑着|笑了笑|微笑着|哭着|叹了口气|"
    r"叹息着|皱眉|皱着眉|摇摇头|摇了摇头|点点头|点了点头|点头|摇头|想了想|顿了顿|忍不住|连忙|急忙|赶紧|又|也|便|才|就|却|只|还|终于|"
    r"看着他|看着她|看着我|对他|对她|对我|向他|向她|冲他|冲她|抬头|低头|一愣|愣了愣|"
    r"咬牙|咬着牙|厉声|大声|高声|小声|悄声|怒|冷冷|淡淡|缓缓|慢慢|轻轻|轻声|低声|沉声|闷声)"
)
#: a thought quoted as if said (心里暗暗地想，“……”)
_THINKS = r"(?:想道|心想|(?:心里|心中|暗暗地?|暗暗的|暗自|默默地?)想)"
VERB_END = re.compile(rf"(?:{SPEECH_VERB}[了着]?|{_THINKS})(?:我们|他们|她们|我|他|她)?\s*[：:，,]?\s*—*\s*$")
#: a colon ending a lead-in, or a dash right after its speech verb (叱咤道——)
COLON_END = re.compile(r"(?:[：:]\s*—*|(?<=[道说问叫喊嚷])—+)\s*$")
VERB_AFTER = re.compile(rf"^[，,]?\s*([^。！？!?“”「」]{{0,20}}?){SPEECH_VERB}(?=[。，,！!？?…：:]|$)")


def _strip_adverbial(seg: str) -> str:
    prev = None
    while prev != seg:
        prev = seg
        seg = re.sub(rf"{ADVERBIAL}$", "", seg)
        seg = seg.rstrip("，, 　")
    return seg


def last_sentence(before: str) -> str:
    """The part of ``before`` after its last full stop (all of it when there is none)."""
    cut = max(before.rfind(c) for c in "。！？!?…")
    return before[cut + 1 :] if cut >= 0 else before


def subject_before(before: str) -> str | None:
    """The name a lead-in ending in a speech verb opens with (林晚冷冷地说：), if any."""
    m = VERB_END.search(before)
    if not m:
        return None
    for seg in re.split("[，,；;]", before[: m.start()]):
        name = _name_prefix(_strip_adverbial(seg))
        if name:
            return name
    return None


#: what follows a surname as a person's name in the narration (祁老人, 钱先生, 白巡长)
_SURNAME_TITLES = {"老人", "先生", "太太", "老爷", "大爷", "奶奶", "小姐", "师傅", "老太太", "少爷",
                   "老头", "老头儿", "巡长", "大夫", "掌柜", "经理", "科长", "老师"}


def _name_prefix(seg: str) -> str | None:
    """The person name a short clause is ("顾言", "林晚小声") if any, by jieba."""
    if not seg:
        return None
    if len(seg) >= 3 and seg[0] in "那这" and seg[1] in "老小" and seg[2] in SURNAMES:
        return seg[1:3]  # 那老董叹口气道: 老董, the one this man is called by
    if 4 <= len(seg) <= 5 and seg[0] in "那这" and seg[1] in SURNAMES:
        return _name_prefix(seg[1:])  # 那崔大器问道: the man just introduced, 崔大器
    if len(seg) <= 3:
        return seg
    import jieba.posseg as pseg

    toks = list(pseg.cut(seg))
    if toks and toks[0].flag.startswith("nr") and 2 <= len(toks[0].word) <= 3:
        return str(toks[0].word)
    if len(toks) >= 2 and len(toks[0].word) == 1 and toks[1].word in _SURNAME_TITLES and toks[0].word in SURNAMES:
        return str(toks[0].word + toks[1].word)  # 祁老人只晓得……，只慨叹着说
    return None


def subject_after(after: str) -> str | None:
    """The name of a tag right after a quote (，顾言低声道。), if any."""
    m = VERB_AFTER.match(after)
    if not m:
        return None
    return _name_prefix(_strip_adverbial(m.group(1).strip("，, ")))
