"""Text normalisation for speech: what the synthesizer should actually read.

English (:func:`normalize_en`): numbers become words ("42" -> "forty-two", "3.5" ->
"three point five"), years ("1999" -> "nineteen ninety-nine"), ordinals ("21st"),
currency ("$3.50" -> "three dollars and fifty cents"), percentages, clock times ("10:30"),
and abbreviations ("Mr." -> "Mister", "St." -> "Saint"/"Street", "Dr." -> "Doctor").

Mandarin (:func:`normalize_zh`, :func:`zh_to_pinyin`): numbers become Hanzi readings
("2024年" -> "二零二四年", "3.5" -> "三点五", "第3章" -> "第三章", "50%" -> "百分之五十",
"10:30" -> "十点三十分", "2个" -> "两个"); then Hanzi become tone-numbered pinyin
("船长" -> "chuan2 zhang3") with ``pypinyin``'s phrase dictionary on ``jieba`` words, plus
rules for what a dictionary cannot know: 得 (de5 / dei3 / de2), adverbial 地 (de5) and the
tone sandhi of 一 and 不. espeak-ng's ``cmn-latn-pinyin`` voice reads this pinyin (and does
the third-tone sandhi itself), so polyphones come out right.

:func:`speech_segments` splits a line into ``(lang, text)`` runs for the synthesizer:
English words inside Chinese that espeak would mistake for pinyin ("Alice", "man", "CEO")
become their own English run. Nothing is loaded at import time; the dictionaries load on
first use.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "normalize_en", "normalize_zh", "zh_to_pinyin", "speech_segments",
    "number_en", "ordinal_en", "year_en", "number_zh", "digits_zh",
]

# ---------------------------------------------------------------------------- English

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _under_1000(n: int) -> str:
    words = []
    if n >= 100:
        words.append(f"{_ONES[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return " ".join(words)


def number_en(n: int) -> str:
    """Cardinal number in words: 1215 -> "one thousand two hundred and fifteen"."""
    if n < 0:
        return "minus " + number_en(-n)
    if n >= 10**15:
        return " ".join(_ONES[int(d)] for d in str(n))
    parts = []
    for value, name in _SCALES:
        if n >= value:
            parts.append(f"{_under_1000(n // value)} {name}")
            n %= value
    if n or not parts:
        if parts and n < 100:
            parts.append("and")
        parts.append(_under_1000(n))
    return " ".join(parts)


_ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def ordinal_en(n: int) -> str:
    """Ordinal in words: 21 -> "twenty-first"."""
    words = number_en(n)
    head, sep, last = words.rpartition("-") if "-" in words.rsplit(" ", 1)[-1] else (
        *words.rpartition(" ")[:2], words.rpartition(" ")[2])
    if last in _ORD_IRREGULAR:
        last = _ORD_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year_en(n: int) -> str:
    """A year as people say it: 1999 -> "nineteen ninety-nine", 2005 -> "two thousand five"."""
    if n < 1000 or n >= 10000 or 2000 <= n <= 2009:
        return number_en(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return f"{number_en(hi)} hundred"
    return f"{number_en(hi)} {'oh ' + _ONES[lo] if lo < 10 else number_en(lo)}"


def _decimal_en(s: str) -> str:
    whole, _, frac = s.partition(".")
    out = number_en(int(whole or "0"))
    if frac:
        out += " point " + " ".join(_ONES[int(d)] for d in frac)
    return out


_ABBREV = [
    (r"\bMrs\.", "Missus"), (r"\bMr\.", "Mister"), (r"\bMs\.", "Miz"),
    (r"\bProf\.", "Professor"), (r"\bCapt\.", "Captain"), (r"\bGen\.", "General"),
    (r"\bCol\.", "Colonel"), (r"\bLt\.", "Lieutenant"), (r"\bSgt\.", "Sergeant"),
    (r"\bGov\.", "Governor"), (r"\bRev\.", "Reverend"), (r"\bMt\.", "Mount"),
    (r"\bAve\.", "Avenue"), (r"\bRd\.", "Road"), (r"\bJr\.", "Junior"),
    (r"\bvs\.", "versus"), (r"\betc\.", "et cetera"), (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"), (r"\bapprox\.", "approximately"),
    (r"\bNo\.(?=\s*\d)", "number"), (r"\bno\.(?=\s*\d)", "number"),
]
_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
             "€": ("euro", "euros", "cent", "cents"), "¥": ("yen", "yen", "sen", "sen")}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|of|since|by|from|until|till|to|year|circa|before|after|during|summer|winter|"
    r"spring|autumn|fall|January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+[\w-]+)?,?\s+)$", re.I)


def _money_en(m: re.Match[str]) -> str:
    sym, amount, scale = m.group(1), m.group(2).replace(",", ""), m.group(3)
    one, many, sub1, subn = _CURRENCY[sym]
    if scale:
        return f"{_decimal_en(amount)} {scale} {many}"
    whole, _, frac = amount.partition(".")
    w = int(whole or "0")
    out = f"{number_en(w)} {one if w == 1 else many}"
    if frac:
        c = int((frac + "0")[:2])
        if c:
            out += f" and {number_en(c)} {sub1 if c == 1 else subn}"
    return out


def _time_en(m: re.Match[str]) -> str:
    h, mi, ampm = int(m.group(1)), int(m.group(2)), m.group(3)
    if mi == 0:
        out = f"{number_en(h)} o'clock" if not ampm else number_en(h)
    elif mi < 10:
        out = f"{number_en(h)} oh {_ONES[mi]}"
    else:
        out = f"{number_en(h)} {number_en(mi)}"
    if ampm:
        out += " " + " ".join(ampm.replace(".", "").upper())
    return out


def _number_token_en(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    raw, suffix = m.group(1), m.group(2) or ""
    digits = raw.replace(",", "")
    if suffix.lower() in ("st", "nd", "rd", "th"):
        return ordinal_en(int(digits))
    if suffix == "s" and re.fullmatch(r"1\d\d0|20\d0", digits):  # the 1990s
        y = year_en(int(digits))
        return (y[:-1] + "ies") if y.endswith("y") else y + "s"
    if "." in digits:
        return _decimal_en(digits) + suffix
    n = int(digits)
    after = text[m.end():m.end() + 12]
    is_year = len(digits) == 4 and "," not in raw and (
        _YEAR_CONTEXT.search(text[max(0, start - 20):start])
        or re.match(r"\s*(?:AD|BC|BCE|CE)\b", after)
        or (1900 <= n <= 2099 and not re.match(r"\s+[a-z]", after)))
    if is_year:
        return year_en(n) + suffix
    if len(digits) > 1 and digits.startswith("0"):
        return " ".join(_ONES[int(d)] for d in digits) + suffix
    return number_en(n) + suffix


def normalize_en(text: str) -> str:
    """English text with numbers, money, times and abbreviations spelled out for speech."""
    t = text.replace("&", " and ")
    for pat, rep in _ABBREV:
        t = re.sub(pat, rep, t)
    t = re.sub(r"\bDr\.(?=\s+[A-Z])", "Doctor", t)
    t = re.sub(r"\bDr\.", "Drive", t)
    t = re.sub(r"\bSt\.(?=\s+[A-Z])", "Saint", t)
    t = re.sub(r"\bSt\.", "Street", t)
    t = re.sub(r"([$£€¥])\s?(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion|trillion|thousand)\b)?",
               _money_en, t)
    t = re.sub(r"\b(\d{1,2}):(\d{2})(?:\s*([ap]\.?m\.?)(?=\W|$))?", _time_en, t, flags=re.I)
    t = re.sub(rf"\b({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)",
               lambda m: f"{m.group(1)} {ordinal_en(int(m.group(2)))}", t)
    t = re.sub(r"(\d+(?:\.\d+)?)\s?%", lambda m: _decimal_en(m.group(1)) + " percent", t)
    t = re.sub(r"(?<![\w.])-(?=\d)", "minus ", t)
    t = re.sub(r"(\d+)/(\d+)", lambda m: f"{number_en(int(m.group(1)))} over "
               f"{number_en(int(m.group(2)))}", t)
    t = re.sub(r"\b(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th|s)?\b",
               _number_token_en, t)
    return " ".join(t.split())


# ---------------------------------------------------------------------------- Mandarin

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_NUMERAL = set(_ZH_DIGITS) | set("十百千万亿两〇")
# measure words after which a lone 2 reads 两
_LIANG_MW = set("个只件本张位条次种把辆头匹块杯碗根双名人天年岁颗首份场盏间座封句步层扇棵台部")


def digits_zh(s: str) -> str:
    """Digit by digit: "2024" -> "二零二四"."""
    return "".join(_ZH_DIGITS[int(d)] for d in s if d.isdigit())


def _zh_under_10k(n: int, lead: bool) -> str:
    out: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out.append("零")
            zero = False
            if not (lead and not out and value == 10 and d == 1):
                out.append(_ZH_DIGITS[d])
            out.append(unit)
        elif out:
            zero = True
    return "".join(out)


def number_zh(n: int) -> str:
    """Cardinal in Hanzi: 105 -> "一百零五", 12 -> "十二", 20000 -> "两万" is not used (二万)."""
    if n < 0:
        return "负" + number_zh(-n)
    if n == 0:
        return "零"
    if n >= 10**16:
        return digits_zh(str(n))
    groups = []
    for unit in ("", "万", "亿", "万亿"):
        groups.append((n % 10000, unit))
        n //= 10000
        if not n:
            break
    out = ""
    prev_small = False
    for i, (g, unit) in enumerate(reversed(groups)):
        if g == 0:
            prev_small = bool(out)
            continue
        if out and (prev_small or g < 1000):
            out += "零"
        out += _zh_under_10k(g, lead=(i == 0)) + unit
        prev_small = False
    return out


def _decimal_zh(s: str) -> str:
    whole, _, frac = s.partition(".")
    out = number_zh(int(whole or "0"))
    return out + ("点" + digits_zh(frac) if frac else "")


def _num_zh(m: re.Match[str]) -> str:
    raw = m.group(0).replace(",", "")
    text, a, b = m.string, m.start(), m.end()
    after = text[b:b + 1]
    if "." in raw:
        return _decimal_zh(raw)
    if (len(raw) >= 7 and "," not in m.group(0)) or (len(raw) > 1 and raw.startswith("0")):
        return digits_zh(raw)  # phone numbers, codes
    if after == "年" and len(raw) >= 3:
        return digits_zh(raw)  # years
    n = int(raw)
    if n == 2 and after in _LIANG_MW and text[a - 1:a] != "第":
        return "两"
    return number_zh(n)


def normalize_zh(text: str) -> str:
    """Chinese text with Arabic numbers, times, percentages and money as Hanzi readings."""
    t = text.translate({0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF05: 0x25, 0xFF0E: 0x2E,
                                                                    0xFF1A: 0x3A})
    t = re.sub(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)",
               lambda m: f"{digits_zh(m.group(1))}年{number_zh(int(m.group(2)))}月"
               f"{number_zh(int(m.group(3)))}日", t)

    def clock(m: re.Match[str]) -> str:
        h, mi = int(m.group(1)), int(m.group(2))
        hz = "两" if h == 2 else number_zh(h)
        if mi == 0:
            return f"{hz}点"
        return f"{hz}点{'零' if mi < 10 else ''}{number_zh(mi)}分"

    t = re.sub(r"(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)", clock, t)
    t = re.sub(r"(\d+(?:\.\d+)?)\s?%", lambda m: "百分之" + _decimal_zh(m.group(1)), t)
    t = re.sub(r"[¥￥]\s?(\d[\d,]*(?:\.\d+)?)", lambda m: _num_zh_plain(m.group(1)) + "元", t)
    t = re.sub(r"\$\s?(\d[\d,]*(?:\.\d+)?)", lambda m: _num_zh_plain(m.group(1)) + "美元", t)
    t = re.sub(r"(?<![\d/])(\d+)/(\d+)(?![\d/])",
               lambda m: f"{number_zh(int(m.group(2)))}分之{number_zh(int(m.group(1)))}", t)
    t = re.sub(r"(?<![\w.])-(?=\d)", "负", t)
    t = re.sub(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", _num_zh, t)
    return t


def _num_zh_plain(s: str) -> str:
    return _decimal_zh(s.replace(",", ""))


# Chinese punctuation -> what espeak pauses on
_ZH_PUNCT = str.maketrans({"，": ", ", "、": ", ", "；": "; ", "：": ": ", "。": ". ",
                           "！": "! ", "？": "? ", "…": ".", "—": ", ", "～": ", ",
                           "“": " ", "”": " ", "‘": " ", "’": " ", "「": " ", "」": " ",
                           "『": " ", "』": " ", "《": " ", "》": " ", "（": ", ", "）": ", ",
                           "【": " ", "】": " ", "·": " "})
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SYL = re.compile(r"^([a-zü]+)([1-5])$")
_PRONOUNS = {"我", "你", "您", "他", "她", "它", "我们", "你们", "他们", "她们", "咱们", "咱",
             "大家", "谁", "人", "自己", "也", "还", "就", "都", "总", "总是", "可", "又", "真",
             "可能", "必须", "现在", "今天", "明天", "今晚", "马上", "那", "这", "那么"}
# words whose 得 means "obtain" (de2); every other 得 ending a word is the particle de5
_DE2_WORDS = {"获得", "取得", "赢得", "难得", "心得", "所得", "应得", "得到", "使得", "博得",
              "求得", "习得", "不得", "得了", "免得", "省得", "得意", "得罪", "得知", "得失",
              "得分", "得手", "得逞", "得胜", "得救", "得体", "得力", "得益", "贏得"}


# phrases pypinyin reads wrongly when jieba hands them over alone
_PHRASES = {"还钱": "huan2 qian2", "还债": "huan2 zhai4", "还清": "huan2 qing1",
            "还账": "huan2 zhang4", "还剑": "huan2 jian4", "得亏": "dei3 kui1",
            "数一数": "shu3 yi5 shu3", "睡着了": "shui4 zhao2 le5", "朝阳": "zhao1 yang2",
            "长老": "zhang3 lao3", "少爷": "shao4 ye5", "丫头": "ya1 tou5", "师父": "shi1 fu5"}


@functools.lru_cache(maxsize=1)
def _jieba():
    """A private jieba tokenizer (the shared one is left as other modules set it up)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for w in ("地说", "地问", "地笑", "地喊", "地叫", "地哭", "地想", "地看"):
        tk.del_word(w)  # 高兴地说 is 高兴/地/说, not 高兴/地说
    return tk


def _word_pinyin(word: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    # pypinyin accepts an ``errors`` callback returning a list (one item per character);
    # its stubs only allow one returning a str
    return lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True,
                       errors=_each_char)  # type: ignore[arg-type]


def _each_char(chars: str) -> list[str]:
    return list(chars)


def _tone(syl: str) -> int:
    return int(syl[-1]) if syl[-1:].isdigit() else 0


def _han_pinyin(run: str) -> list[tuple[str, str]]:
    """(char, syllable) pairs for a run of Hanzi, with context rules applied."""
    words = _jieba().lcut(run, HMM=True)
    pairs: list[tuple[str, str]] = []
    bounds: list[int] = []  # index of each word's first char in pairs
    for w in words:
        bounds.append(len(pairs))
        sy = _word_pinyin(w)
        if len(sy) != len(w):
            sy = [s for ch in w for s in _word_pinyin(ch)]
        pairs.extend(zip(w, sy, strict=True))
    out = [list(p) for p in pairs]
    for phrase, reading in _PHRASES.items():
        for m in re.finditer(phrase, run):
            for k, syl in enumerate(reading.split()):
                out[m.start() + k][1] = syl
    for wi, w in enumerate(words):
        i0 = bounds[wi]
        prev = words[wi - 1] if wi else ""
        nxt = words[wi + 1] if wi + 1 < len(words) else ""
        if w == "得":
            if prev in _PRONOUNS and nxt and nxt not in ("了", "到"):
                out[i0][1] = "dei3"  # modal: 你得走 / 我们得快点
            elif nxt in ("了", "到") or not prev:
                out[i0][1] = "de2"
            else:
                out[i0][1] = "de5"  # complement: 跑得快
        elif len(w) >= 2 and w.endswith("得") and w not in _DE2_WORDS and out[i0 + len(w) - 1][1] == "de2":
            out[i0 + len(w) - 1][1] = "de5"  # 长得 / 觉得 / 记得
        elif w == "地" and len(prev) >= 2 and nxt:
            out[i0][1] = "de5"  # adverbial: 高兴地说 / 慢慢地走
        elif len(w) >= 3 and w.endswith("地") and w[-2] == w[-3]:
            out[i0 + len(w) - 1][1] = "de5"  # 慢慢地 as one word
    # tone sandhi of 一 and 不 (espeak does the third-tone sandhi itself)
    for i, (ch, syl) in enumerate(out):
        nxt_syl = out[i + 1][1] if i + 1 < len(out) else ""
        nxt_tone = _tone(nxt_syl) if _SYL.match(nxt_syl or "-") else 0
        if ch == "不" and syl == "bu4" and nxt_tone == 4:
            out[i][1] = "bu2"
        elif ch == "一" and syl == "yi1":
            prev_ch = out[i - 1][0] if i else ""
            next_ch = out[i + 1][0] if i + 1 < len(out) else ""
            if (prev_ch == "第" or prev_ch in _ZH_NUMERAL or next_ch in _ZH_DIGITS + "十两〇"
                    or next_ch in "月号" or (next_ch == "日" and prev_ch == "月")):
                continue  # ordinals, digit strings and dates keep yi1
            if prev_ch and prev_ch == next_ch:
                out[i][1] = "yi5"  # 看一看
            elif nxt_tone == 4 or next_ch == "个":
                out[i][1] = "yi2"  # 一样, 一个
            elif nxt_tone in (1, 2, 3):
                out[i][1] = "yi4"  # 一天, 一起, 一百
    return [(c, s) for c, s in out]


def zh_to_pinyin(text: str) -> str:
    """Tone-numbered pinyin for espeak's ``cmn-latn-pinyin`` voice.

    Numbers are normalised first (:func:`normalize_zh`); Hanzi become space-separated
    syllables ("船长" -> "chuan2 zhang3"); Chinese punctuation becomes ASCII punctuation;
    Latin words (English names) are normalised with :func:`normalize_en` and kept.
    """
    t = normalize_zh(text)
    parts: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(t):
        if m.start() > pos:
            parts.append(_latin_part(t[pos:m.start()]))
        if _have_pypinyin():
            parts.append(" " + " ".join(s for _, s in _han_pinyin(m.group(0))) + " ")
        else:  # without pypinyin espeak reads the Hanzi itself (polyphones unchecked)
            parts.append(m.group(0))
        pos = m.end()
    if pos < len(t):
        parts.append(_latin_part(t[pos:]))
    out = "".join(parts)
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"([,;:])(?=[,.;:!?])", "", out)
    return " ".join(out.split()).strip(" ,;:")


def _latin_part(s: str) -> str:
    s = s.translate(_ZH_PUNCT)
    return normalize_en(s) if re.search(r"[A-Za-z0-9]", s) else s


@functools.lru_cache(maxsize=1)
def _have_pypinyin() -> bool:
    try:
        import pypinyin  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    syl: set[str] = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            syl.add(to_normal(r).replace("ü", "v"))
    return frozenset(s for s in syl if s.isascii() and s.isalpha())


@functools.lru_cache(maxsize=2048)
def looks_like_pinyin(word: str) -> bool:
    """True when a Latin word splits wholly into pinyin syllables ("Alice" = a-li-ce), so
    espeak's Mandarin voice would read it as pinyin instead of English."""
    w = word.lower()
    if not w.isascii() or not w.isalpha() or not _have_pypinyin():
        return False
    syl = _pinyin_syllables()
    ok = [True] + [False] * len(w)
    for i in range(1, len(w) + 1):
        ok[i] = any(ok[j] and w[j:i] in syl for j in range(max(0, i - 6), i))
    return ok[-1]


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def speech_segments(text: str, lang: str) -> list[tuple[str, str]]:
    """Split a line into ``(lang, speakable text)`` runs, ``lang`` "en" or "zh".

    English lines give one normalised "en" run. Chinese lines give "zh" runs of
    tone-numbered pinyin (:func:`zh_to_pinyin`); English words that espeak's Mandarin voice
    would misread as pinyin (names like "Alice", acronyms like "CEO") are split out as "en"
    runs, other English words stay inline (espeak switches to English for them itself).
    """
    lang = "zh" if (lang or "").lower().startswith(("zh", "cmn")) else "en"
    if lang == "en" or not re.search(f"[{_HAN}]", text):
        if lang == "zh" and re.search(r"[A-Za-z]", text) is None:
            p = zh_to_pinyin(text)
            return [("zh", p)] if p else []
        if lang == "en":
            s = normalize_en(text)
            return [("en", s)] if s else []
    t = normalize_zh(text)
    runs: list[tuple[str, str]] = []
    pos = 0
    for m in _LATIN_WORD.finditer(t):
        word = m.group(0).rstrip(".'’-")
        if not (looks_like_pinyin(word) or (word.isupper() and len(word) >= 2)):
            continue
        # extend over directly following Latin words (a full English name/phrase)
        end = m.start() + len(word)
        tail = re.match(r"(?:[ ]+[A-Za-z][A-Za-z'’]*)+", t[end:])
        if tail:
            end += tail.end()
        if m.start() < pos:
            continue
        runs.append(("zh", t[pos:m.start()]))
        runs.append(("en", t[m.start():end]))
        pos = end
    runs.append(("zh", t[pos:]))
    out: list[tuple[str, str]] = []
    for kind, chunk in runs:
        s = zh_to_pinyin(chunk) if kind == "zh" else normalize_en(chunk)
        if not re.search(r"[A-Za-z0-9]", s):
            continue
        if out and out[-1][0] == kind:
            out[-1] = (kind, f"{out[-1][1]} {s}")
        else:
            out.append((kind, s))
    return out
