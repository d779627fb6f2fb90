"""What the paragraph right after a quote that stands alone says of who said it.

A story may give a line first and its speaker after it, in a paragraph of narration of its
own: 老拱……，说着，向间壁努一努嘴 (the one who has just spoken goes on), 胖孩子……在店门前叫喊
(the one who called it out), 是同班的张晓燕 (whose voice it was).
"""

from __future__ import annotations

import re

from .quotes import Paragraph
from .referents_zh import first_ref, is_object

_CJK = r"\u4e00-\u9fff"
#: a narration paragraph that opens by saying its subject has just spoken (X……，说着，……,
#: X一边说着，……, X说了这一句谢词)
_SAID_THEN = re.compile(r"[^。！？；“”「」]{0,30}?(?:[，,]\s*(?:一面|一边)?|一面|一边)说(?:着|完|罢|毕)(?:了)?[，,]"
                        # 文朴说了这一句谢词，……: who said these words
                        r"|[^，,。！？；“”「」]{0,6}?说了这(?:一)?(?:句|番|些|几句)")
#: the first sentence of a paragraph that calls something out (……在店门前叫喊。)
_VOICED = re.compile(r"[^。！？；“”「」\n]{0,40}?(?:叫喊|喊|嚷|长呼|吆喝|喝采|喝彩|大叫|叫道|说|问)(?:着|了|道)?[。！；]")
#: a first sentence that is only a tag (质夫又对邝夫人说。): it tells of the line before even
#: when a line of speech follows in its paragraph
_TAG_ALONE = re.compile(r"[^，,。！？；“”「」\n]{1,14}?(?:说|道|问)(?:了一句|了一声|着)?。")
#: a name opening the paragraph after a quote, then its words or voice (X的话就像……, X的声音)
_WORDS_OF = re.compile(r"(?:的话|的声音|这话|这句话|的这句话)")
#: the paragraph after a quote saying for whom those words were (这话在X，就好像……): X's
_THESE_WORDS = re.compile(r"(?:这话|这句话|这些话)(?:在|出自)")
#: 这话在X听来, 在X耳里: the one who heard it
_HEARD_BY = ("听", "耳", "看来", "心里")
#: a line right after a quote that says whose it was (是同班的X。 原来是X。)
_NEXT_IS = re.compile(r"(?:原来|正|却)?是")
#: the first sentence after a quote saying who was heard or seen (一听声音就知道是X, 谁都知道这是
#: X的声音, 大家看时，是X)
_KNOWN_IS = re.compile(r"[^。！？；“”「」\n]{0,20}?(?:知道|听出|认出|晓得|看时[，,]|看时候[，,])"
                       r"(?:这|那)?(?:就|便|正|原来)?是")


def next_paragraph_speaker(text: str, np_: Paragraph, ref_at: dict, narr: bytearray, refs_in,  # type: ignore[no-untyped-def]
                           voiced: bool):
    """``(hit, tag_text)`` for the quote before paragraph ``np_``, or None. ``voiced`` allows
    the "called it out" reading (not when the paragraph after is itself a line of speech)."""
    m_said = _SAID_THEN.match(text, np_.start, np_.end)
    if m_said is not None:
        # “……” / 老拱……，说着，向间壁努一努嘴
        hit = first_ref(text, np_.start, m_said.end(), ref_at, narr, strict=False)
        if hit is not None:
            return hit, text[np_.start : m_said.end()]
    # (with a line of speech after it in the paragraph, only a sentence that is a bare tag)
    m_voice = _VOICED.match(text, np_.start, np_.end) if voiced else _TAG_ALONE.match(text, np_.start, np_.end)
    if m_voice is not None:
        # “热的包子咧！” / 胖孩子……在路旁的店门前叫喊。: in the paragraph's first sentence
        h = first_ref(text, np_.start, m_voice.end(), ref_at, narr, strict=True)
        if h is not None and h[0] == "cid" and not is_object(text, h[2], np_.start):
            return h, text[np_.start : m_voice.end()]
    h = first_ref(text, np_.start, np_.start + 12, ref_at, narr, strict=True)
    if h is not None and h[0] == "cid" and h[2] == np_.start:
        end = ref_at[h[2]][0]
        if _WORDS_OF.match(text, end):
            return h, text[np_.start : end + 3]  # “……” / 陈姑妈的话就像……: hers
    m_this = _THESE_WORDS.match(text, np_.start, np_.end)
    if m_this is not None and m_this.end() in ref_at and ref_at[m_this.end()][1] >= 0 \
            and not text.startswith(_HEARD_BY, ref_at[m_this.end()][0]):  # not 这话在X听来
        return ("cid", ref_at[m_this.end()][1], m_this.end()), text[np_.start : m_this.end() + 3]
    m_is = _NEXT_IS.match(text, np_.start, np_.end) or _KNOWN_IS.match(text, np_.start, np_.end)
    if m_is is not None:
        # “马文斌，你还没走？” / 是同班的张晓燕。
        for a, e, c in refs_in(m_is.end(), min(np_.end, m_is.end() + 10)):
            if c >= 0 and narr[a] and re.fullmatch(f"[{_CJK}]*的?", text[m_is.end() : a]) \
                    and (text[e : e + 1] in "。，,；！" or text.startswith("的声音", e)):
                return ("cid", c, a), text[np_.start : e]
            break
    return None
