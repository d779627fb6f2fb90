"""Emotion labels for utterances from speech verbs, adverbs and punctuation near the tag.

A line said laughing ("she laughed", "chuckling", 笑道, 哈哈大笑地说) is ``laugh``; one said
smiling or glad is ``happy``."""

from __future__ import annotations

import re

_EN_RULES: list[tuple[str, str]] = [
    ("shout", r"shout|yell|scream|bellow|roar|hollo|bawl|thunder|called out|cried out|exclaim"),
    ("whisper", r"whisper|murmur|mutter|under (?:his|her|their) breath|softly|in a low voice|breath"),
    ("laugh", r"laugh|chuckl|giggl|guffaw|cackl|chortl|titter|snicker|snigger"),
    ("happy", r"smil|grin|beam|cheerful|gaily|merrily|happily|delight|joyful"),
    ("sad", r"sob|wept|weep|sigh|tearful|sadly|mournful|sorrowful|miserabl|wail|moan|groan"),
    ("angry", r"snap|growl|snarl|angri|furious|fierce|savage|hiss|indignant|sharply|impatient|crossly|irritabl|bark"),
    ("surprised", r"gasp|astonish|surpris|amaz|startl|wonder|exclaimed"),
    ("scared", r"trembl|afraid|fear|terrif|frighten|nervous|shudder|stammer|falter|quaver|anxious"),
    ("smug", r"sneer|smirk|mock|scorn|contempt|drawl|dry|drily|dryly|ironic|sarcastic"),
    ("disgusted", r"disgust|revolt|loath|sickened"),
]
_ZH_RULES: list[tuple[str, str]] = [
    ("angry", r"冷冷|冷声|冷笑|怒|喝道|厉声|咬牙|骂|斥|吼道|愤"),
    ("shout", r"大喊|喊|大叫|叫道|嚷|吼|高声|大声"),
    ("whisper", r"低声|轻声|小声|悄声|耳语|喃喃|嘀咕"),
    ("laugh", r"(?<![冷嗤苦讥奸狞干陪假微])笑道|大笑|哈哈|嘻嘻|咯咯|呵呵|笑出声|笑起来|笑个不停|笑得"),
    ("happy", r"笑着|笑了|微笑|轻笑|开心|高兴|欢喜|笑"),
    ("sad", r"哭|泣|哽咽|叹|伤心|难过|含泪|落泪"),
    ("surprised", r"惊|诧异|愣|吃惊|震惊|讶"),
    ("scared", r"颤抖|发抖|害怕|恐惧|哆嗦|战战兢兢|惶恐"),
    ("smug", r"得意|嗤笑|讥|嘲|哼了一声|轻蔑|不屑"),
    ("disgusted", r"厌恶|嫌弃|恶心"),
]
_EN = [(e, re.compile(p, re.I)) for e, p in _EN_RULES]
_ZH = [(e, re.compile(p)) for e, p in _ZH_RULES]


def classify_emotion(tag_text: str, quote_text: str, lang: str) -> str:
    """Pick one emotion label for a quote from its tag/context text and its own punctuation."""
    rules = _ZH if lang == "zh" else _EN
    if tag_text:
        for label, rx in rules:
            if rx.search(tag_text):
                return label
    q = quote_text.strip()
    if q.endswith(("!!", "！！")) or (q.endswith(("!", "！")) and q.isupper() and len(q) > 3):
        return "shout"
    if q.endswith(("?!", "!?", "？！", "！？")):
        return "surprised"
    if q.endswith(("!", "！")):
        return "surprised" if len(q) < 12 else "angry" if _looks_angry(q, lang) else "surprised"
    return "neutral"


_ANGRY_WORDS = re.compile(r"\b(?:damn|fool|idiot|get out|how dare|shut up|stop)\b|滚|混账|闭嘴|放肆|找死", re.I)


def _looks_angry(q: str, lang: str) -> bool:
    return bool(_ANGRY_WORDS.search(q))
