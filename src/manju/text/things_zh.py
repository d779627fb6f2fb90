"""What a Chinese name candidate may be instead of a person: a place the story goes to
(东梓关, 钱塘江), a thing somebody has or handles (祁老人的小眼睛, 拿着铜酒壶), common words put
together (高粱米粥), or a hand and what it does (左手举). :mod:`.names_zh` drops them."""

from __future__ import annotations

import re

#: what a clause starts after (a pause, a full stop, a quote mark, 的 of a description)
BOUND = set("\n，。！？；：、”」』…—“「 \u3000的")


def only_owned(text: str, w: str, surnamed: bool) -> bool:
    """Whether every place that writes ``w`` has 的 right before it (祁老人的小眼睛, 他的胡子):
    something somebody has, not somebody (a surnamed full name excepted)."""
    if len(w) == 3 and surnamed:
        return False  # 敏捷精悍的吕纬甫: a full name written once after its description
    occ = [m.start() for m in re.finditer(re.escape(w), text)]
    return bool(occ) and all(at > 0 and text[at - 1] == "的" for at in occ)


def said_of_known(text: str, at: int) -> bool:
    """Whether the description at ``at`` is what a 他/她 already known is (她只是一个女孩子):
    ``是`` right before it, in a clause a pronoun opens or holds; nobody new."""
    if text[at - 1 : at] != "是":
        return False
    lo = max(text.rfind(c, 0, at) for c in "，,。！？；：\n”") + 1
    return re.search("[他她我你您]", text[lo:at]) is not None


#: what stands before a thing more than before a person: 把/拿着/提着 a thing, 一个/的 a thing
_BEFORE_THING = set("把拿提抱握举端背挂用被着起个只的")


def a_thing(text: str, w: str, spoken: int, kin_end: bool) -> bool:
    """Whether a name candidate is a thing of the story (他的蝇甩子, 拿着铜酒壶, 那个时计): written
    three times or more, at least half of them after a word that takes an object or an owner,
    never the subject of a speech verb (``spoken`` times), and no kinship word ends it
    (斜对门的杨二嫂)."""
    occ = [m.start() for m in re.finditer(re.escape(w), text)]
    if len(occ) < 3 or kin_end:
        return False
    owned = sum(1 for a in occ if a > 0 and text[a - 1] in _BEFORE_THING)
    return 2 * owned >= len(occ) and spoken == 0


#: characters a word for a person ends in (车夫, 先生, 姑娘, 麻面婆)
PERSON_END = set("人子夫汉婆妇女娘姐嫂爷翁叟生员官兵丁役差客匠工手孩童郎哥弟妹伯叔姑婶妈奶仆者计柜士尚民家吏卒僧尼医师将帅鬟儒监婢倌")


def words(w: str) -> list:  # type: ignore[type-arg]
    """jieba's words of ``w`` with their parts of speech (``.word``, ``.flag``)."""
    import jieba.posseg as pseg

    return list(pseg.cut(w))


def is_noun(w: str) -> bool:
    """Whether jieba's dictionary tags ``w`` as one common noun (胖子, 船家, 老头子)."""
    import jieba.posseg as pseg

    return pseg.dt.word_tag_tab.get(w, "") == "n"


def a_compound_thing(text: str, narr: bytearray, w: str, spoken: int, toks: list) -> bool:  # type: ignore[type-arg]
    """Whether ``w`` (jieba's ``toks``) is common words put together (高粱|米粥, 柳条|枝,
    窗外|面) that end as no word for a person does, never say a line and are never named in
    one: a thing."""
    if len(toks) < 2 or any(t.flag not in ("n", "t", "q", "s", "f", "ng") for t in toks):
        return False
    said = any(not narr[m.start()] for m in re.finditer(re.escape(w), text))
    return w[-1] not in PERSON_END and not said and spoken == 0


def ends_in_an_act(w: str, toks: list) -> bool:  # type: ignore[type-arg]
    """Whether jieba reads ``w`` (its ``toks``) as a word and then a one-character verb
    (左手|举, 正|想, 母亲|翻, 忽|见), an adverb (酒|已经), a pronoun (声音|有些) or a numeral
    (像|一): somebody's hand and what is done, not a name (老拱 and a surname's 邝海|如 are
    names)."""
    if len(toks) < 2 or toks[0].flag.startswith("nr"):
        return False
    last = toks[-1]
    if len(last.word) == 1 and last.flag.startswith("v"):
        return w[0] not in "老小阿"
    # 酒|已经, 花|完全, 声音|有些, 像|一, 但|四: an adverb, a pronoun or a numeral after a
    # word is what follows somebody or something, not a name's end
    return ((len(last.word) >= 2 and last.flag in ("d", "ad")) or last.flag == "r"
            or (len(last.word) == 1 and last.word in "一二三四五六七八九十两几第"))


#: words that put a place after them (到庞庄去, 在城里, 从北京回来)
_LOCATIVE = set("在到去从往回进离")
#: what follows a place at a clause start rather than an action (庞庄，; 庞庄的)
_NOT_ACTION = set("，。、；：！？…的了到”」")


#: what ends the names of places (关, 江, 埠头, 镇)
_PLACE_END = set("关江河湖山岭桥港镇村庄埠岸口湾滩寺庙街巷城县府省")
#: what follows a person one goes to (到李江家去, 在张山那里): a person, not a place
_AT_SOMEBODY = set("家那这身处跟")


def is_place(text: str, narr: bytearray, w: str, spoken: int, surnamed: bool) -> bool:
    """A place, not a person: after 在/到/去/从 at least once and never the subject of an
    action in the narration (a clause start followed by something other than a pause or 的);
    ``spoken`` counts the speech verbs it is the subject of."""
    located = agent = 0
    for m in re.finditer(re.escape(w), text):
        at, e = m.start(), m.end()
        if at > 0 and text[at - 1] in _LOCATIVE and text[e : e + 1] not in _AT_SOMEBODY:
            located += 1
        elif narr[at] and (at == 0 or text[at - 1] in BOUND) and e < len(text) and text[e] not in _NOT_ACTION:
            agent += 1
    # 东梓关, 钱塘江, 埠头: a word that ends as places do, gone to or come from, is one even
    # when a clause opens with it (东梓关的人……)
    return located >= 1 and (agent == 0 or (w[-1] in _PLACE_END and not surnamed and spoken == 0))
