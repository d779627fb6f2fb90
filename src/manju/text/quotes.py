"""Paragraph segmentation and quotation detection (English and Chinese quote styles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_LINE = re.compile(r"[^\n]+")
# an opening single quote: at a word start, followed by something that is not a space
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=[^\s'‘’])", re.M)


@dataclass
class Paragraph:
    """A paragraph of the text as character offsets ``[start, end)``."""

    start: int
    end: int


@dataclass
class Quote:
    """A quotation: ``[start, end)`` is its content, without the marks."""

    start: int
    end: int
    paragraph: int
    #: True when this quote continues the previous one (multi-paragraph speech)
    continued: bool = False
    #: True when the quote reached the paragraph end without a closing mark
    unclosed: bool = False


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs.

    Texts with blank lines between paragraphs (hard-wrapped novels) are split on blank
    lines; texts without them (typical web novels, Chinese) are split on every line.
    """
    lines = text.count("\n") + 1
    blanks = len(_BLANK_LINE.findall(text))
    paras: list[Paragraph] = []
    if blanks >= max(2, lines // 10):
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            _add_para(text, pos, m.start(), paras)
            pos = m.end()
        _add_para(text, pos, len(text), paras)
        # "……便局局促促的说：" then a blank line, then the quote: one paragraph all the same
        paras = join_web_lines(text, paras)
    else:
        for m in _LINE.finditer(text):
            _add_para(text, m.start(), m.end(), paras)
        paras = join_web_lines(text, paras)
    return paras


#: a line that leads into what follows: ends with a comma or a colon ("他笑着说：", "她抬起头，");
#: full-width marks only: English lines ending so were measured to read better left apart
_LEAD_IN = re.compile(r"[，：、]$")
_OPENS_QUOTE = re.compile(r"[\"“「『]")


def join_web_lines(text: str, paras: list[Paragraph]) -> list[Paragraph]:
    """Join the lines web novels break mid-sentence: a narration line ending in a comma or
    colon belongs with the next line ("他笑着说：" / "“好！”", "她慢慢地抬起头，" / "看着他。").

    Only narration lines are joined (no quote mark on the line), so a line of dialogue
    stays a paragraph of its own and turn-taking is unchanged."""
    out: list[Paragraph] = []
    for k, p in enumerate(paras):
        if out:
            prev = out[-1]
            body = text[prev.start : prev.end]
            if _LEAD_IN.search(body) and not _OPENS_QUOTE.match(body):
                out[-1] = Paragraph(prev.start, p.end)
                continue
            if _still_open(body) and _inside_then_closed(text, paras[k : k + 4]):
                # 唐敖道：“……但面上无雪； / 谁知……。”多九公道: a quotation that runs over a
                # line break (a poem, a list) goes on in the next line, which closes it
                out[-1] = Paragraph(prev.start, p.end)
                continue
            if body.endswith(("”", "」")) and _tag_line(text[p.start : p.end]):
                # “哥，今天把话说清楚吧。” / 福田先开了口。: the tag of the line before it
                out[-1] = Paragraph(prev.start, p.end)
                continue
        out.append(p)
    return out


_CURLY = re.compile("[“”「」]")


def _still_open(body: str) -> bool:
    """Whether a line leaves a “ or 「 open at its end."""
    marks = _CURLY.findall(body)
    return bool(marks) and marks[-1] in "“「"


def _closes_first(line: str) -> bool:
    """Whether the first quotation mark of a line closes one (” or 」)."""
    m = _CURLY.search(line)
    return m is not None and m.group(0) in "”」"


def _inside_then_closed(text: str, lines: list[Paragraph]) -> bool:
    """Whether the first of ``lines`` that has a quotation mark, the first line among them
    included, opens with a closing one (the middle lines of a poem, then its last)."""
    for q in lines:
        line = text[q.start : q.end]
        if _CURLY.search(line):
            return _closes_first(line)
    return False


_TAG_LINE: re.Pattern | None = None


def _tag_line(line: str) -> bool:
    """Whether a Chinese narration line only says that its subject has just spoken
    (福田先开了口。 老头说。 她小声问了一句。)."""
    global _TAG_LINE
    if len(line) > 16 or _OPENS_QUOTE.search(line):
        return False
    if _TAG_LINE is None:
        from .tags_zh import SPEECH_VERB

        _TAG_LINE = re.compile(rf"[^，,。！？：:]{{1,12}}?(?:开了口|开口了|说了一句|说了话|问了一句|"
                               rf"答了一句|应了一声|{SPEECH_VERB})了?[。！…]+")
    return _TAG_LINE.fullmatch(line) is not None


def _add_para(text: str, start: int, end: int, out: list[Paragraph]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Paragraph(start, end))


def quote_style(text: str) -> str:
    """Guess the dominant quote style: ``"double"`` or ``"single"`` (British novels)."""
    sample = text[:200000]
    doubles = sample.count('"') + sample.count("“") + sample.count("「") + sample.count("『")
    singles = len(_SINGLE_OPEN.findall(sample))
    if singles >= 2 and singles > doubles:
        return "single"
    return "double"


def find_quotes(text: str, paras: list[Paragraph], style: str | None = None) -> list[Quote]:
    """Find every quotation in ``text``, paragraph by paragraph, in text order."""
    style = style or quote_style(text)
    out: list[Quote] = []
    carry = False  # previous paragraph ended inside an open quote
    for pi, p in enumerate(paras):
        if style == "single":
            spans, still_open = _single_spans(text, p.start, p.end)
        else:
            spans, still_open = _double_spans(text, p.start, p.end)
        for k, (s, e, unclosed) in enumerate(spans):
            q = Quote(s, e, pi, unclosed=unclosed)
            if k == 0 and carry and s <= p.start + 1:
                q.continued = True
            if s < e and text[s:e].strip():
                out.append(q)
        carry = still_open
    return out


_OPENERS = {"“": "”", "「": "」", "『": "』"}
_DOUBLE_MARK = re.compile("[\"“”「」『』]")


def _double_spans(text: str, start: int, end: int) -> tuple[list[tuple[int, int, bool]], bool]:
    """Quote spans in one paragraph for curly/corner/straight double quotes."""
    spans: list[tuple[int, int, bool]] = []
    depth = 0
    closer = ""
    qstart = -1
    for m in _DOUBLE_MARK.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if depth == 0:
            if ch == '"':
                depth, closer, qstart = 1, '"', i + 1
            elif ch in "“「『":
                depth, closer, qstart = 1, _OPENERS[ch] or "", i + 1
            # stray closers outside a quote are ignored
        else:
            if ch == closer:
                depth -= 1
                if depth == 0:
                    spans.append((qstart, i, False))
            elif closer != '"' and ch in "“「『" and _OPENERS[ch] == closer:
                depth += 1  # nested same-type quote
    if depth > 0:
        e = end
        spans.append((qstart, e, True))
        return spans, True
    return spans, False


def _single_spans(text: str, start: int, end: int) -> tuple[list[tuple[int, int, bool]], bool]:
    """Quote spans in one paragraph for single-quote (British) style."""
    spans: list[tuple[int, int, bool]] = []
    i = start
    qstart = -1
    while i < end:
        ch = text[i]
        if ch in "'‘’":
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < end else " "
            if qstart < 0:
                if ch != "’" and (prev.isspace() or prev in "([—–-" or i == start) and not nxt.isspace():
                    qstart = i + 1
            else:
                is_closer = (
                    ch != "‘"
                    and not prev.isspace()
                    and (nxt.isspace() or nxt in ".,;:!?—–-)" or i + 1 >= end)
                )
                # "the boys' toys": a plural possessive, not a closing mark
                if is_closer and prev == "s" and nxt == " " and i + 2 < end and text[i + 2].islower():
                    if not _looks_like_tag(text, i + 1, end):
                        is_closer = False
                if is_closer:
                    spans.append((qstart, i, False))
                    qstart = -1
        i += 1
    if qstart >= 0:
        spans.append((qstart, end, True))
        return spans, True
    return spans, False


_TAG_START = re.compile(r"\s+(?:said|says|asked|cried|replied|answered|he|she|I|they|whispered)\b")


def _looks_like_tag(text: str, pos: int, end: int) -> bool:
    return bool(_TAG_START.match(text, pos, end))
