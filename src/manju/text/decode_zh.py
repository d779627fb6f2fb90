"""Left-to-right decoding of untagged turns with the self-trained ranker of :mod:`.ranker_zh`.

A first pass decodes with the prior weights and collects the text's explicitly tagged turns
as silver examples (their own tag hidden); the weights are refitted on them and a second
pass decodes with the text's own weights.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from . import ranker_zh
from .cast import Cast
from .dialogue import WEB_LINES, newcomer

#: methods of the hand rules whose answer the ranker may replace
RANKED = ("pronoun",)
#: when a list, silver examples ``(features, label index)`` are appended to it (training)
COLLECT: list = [None]
#: a web novel's layout: this share of its paragraphs or more is one line this short or shorter
_WEB_LINE_CHARS, _WEB_SHARE = 60, 0.7


def rank_turns(turns, quotes, mentions, cast: Cast, para_spans, adapt: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Replace the rules' guess for untagged turns by the ranker's choice, in place."""
    w0 = ranker_zh.prior()
    top = max((c.mentions for c in cast.chars), default=1) or 1
    sal = {cid: c.mentions / top for cid, c in enumerate(cast.chars)}
    quote_paras = {t.paragraph for t in turns}
    guesses = [t.speaker for t in turns]
    methods = [t.method for t in turns]
    silver: list[tuple[np.ndarray, int]] = []
    # in a web novel's layout, who talks in the story (a tag names them, or a line calls them)
    talk = ({q.tag_cid for q in quotes} | {v for q in quotes for v in q.vocatives}
            if _web_lines(para_spans) else None)
    _decode(turns, quotes, mentions, cast, para_spans, quote_paras, sal, w0, silver, guesses, methods,
            talk)
    sink = COLLECT[0]
    if sink is not None:
        sink.extend(silver)
    if adapt and silver:
        w = ranker_zh.fit(silver, w0, ranker_zh.ADAPT_L2)
        _decode(turns, quotes, mentions, cast, para_spans, quote_paras, sal, w, None, guesses,
                methods, talk)


def _decode(turns, quotes, mentions, cast, para_spans, quote_paras, sal, w, silver, guesses,  # type: ignore[no-untyped-def]
            methods, talk) -> None:
    lines: Counter = Counter()
    for k, t in enumerate(turns):
        explicit = methods[k] == "explicit"
        ranked = methods[k] in RANKED and (methods[k] != "pronoun" or (_far_pronoun(
            t, quotes, mentions, cast, para_spans, talk) and not any(quotes[qi].goes_on for qi in t.quotes)))
        if not explicit and not ranked:
            if t.speaker is not None:
                lines[t.speaker] += 1
            continue
        q0 = quotes[t.quotes[0]]
        hide = q0.tag_pos if explicit else -1
        for qi in t.quotes:
            if explicit and quotes[qi].tag_cid is not None:
                hide = quotes[qi].tag_pos
                break
        ctx = _context(k, turns, quotes, mentions, cast, para_spans, quote_paras, sal, lines, hide)
        if explicit:
            gold = guesses[k]
            if silver is not None:
                for pron in (None, cast.gender(gold)):
                    if pron == "unknown":
                        continue
                    ctx.pron = pron
                    cands = ranker_zh.candidates(ctx)
                    if gold in cands and len(cands) >= 2:
                        silver.append((ranker_zh.features(ctx, cands, cast.gender), cands.index(gold)))
            lines[gold] += 1
            continue
        cands = ranker_zh.candidates(ctx)
        barred = {c for qi in t.quotes for c in quotes[qi].not_speaker}
        cands = [c for c in cands if c not in barred]  # all barred: the rules' guess stands
        if ctx.pron in ("male", "female"):  # 他 is never a woman of the story
            cands = [c for c in cands if cast.gender(c) in (ctx.pron, "unknown")
                     and mentions.relatives_of.get(c) != ctx.pron]  # nor 他父亲 for 他
        if not cands:
            t.speaker, t.method = guesses[k], methods[k]
        else:
            s = ranker_zh.features(ctx, cands, cast.gender) @ w
            t.speaker = cands[int(np.argmax(s))]
            t.method = methods[k] if t.speaker == guesses[k] and methods[k] else "ranked"
        if t.speaker is not None:
            lines[t.speaker] += 1


def _context(k, turns, quotes, mentions, cast, para_spans, quote_paras, sal, lines, hide):  # type: ignore[no-untyped-def]
    t = turns[k]
    q0 = quotes[t.quotes[0]]

    def adj(a, b) -> bool:  # type: ignore[no-untyped-def]
        return b.paragraph - a.paragraph <= 1

    prev1 = turns[k - 1] if k >= 1 and adj(turns[k - 1], t) else None
    prev2 = turns[k - 2] if prev1 is not None and k >= 2 and adj(turns[k - 2], prev1) else None
    next1 = turns[k + 1] if k + 1 < len(turns) and adj(t, turns[k + 1]) else None
    next2 = turns[k + 2] if next1 is not None and k + 2 < len(turns) and adj(next1, turns[k + 2]) else None
    ps, pe = para_spans[t.paragraph]
    recent: list[int] = []
    i = mentions.before(q0.start)
    for j in range(i - 1, max(-1, i - 40), -1):
        if mentions.pos[j] == hide:
            continue
        c = mentions.cid[j]
        if c not in recent:
            recent.append(c)
            if len(recent) >= 6:
                break
    here = [c for p, c in _mentions_in(mentions, ps, pe) if p != hide and not _in_quotes(p, t, quotes)]
    pp: list[int] = []
    if t.paragraph - 1 >= 0 and t.paragraph - 1 not in quote_paras:
        lo, hi = para_spans[t.paragraph - 1]
        pp = [c for _p, c in _mentions_in(mentions, lo, hi)]
    gap = bool(here)

    def voc(turn) -> list[int]:  # type: ignore[no-untyped-def]
        return [v for qi in turn.quotes for v in quotes[qi].vocatives] if turn is not None else []

    def tagged(turn) -> int | None:  # type: ignore[no-untyped-def]
        if turn is None:
            return None
        return next((quotes[qi].tag_cid for qi in turn.quotes if quotes[qi].tag_cid is not None), None)

    pron = None
    if hide < 0:
        pron = next((quotes[qi].tag_pronoun for qi in t.quotes if quotes[qi].tag_pronoun), None)
        pron = pron or q0.ctx_pronoun
    return ranker_zh.Context(
        recent=recent, p1=prev1.speaker if prev1 else None, p2=prev2.speaker if prev2 else None,
        gap=gap, voc_p1=voc(prev1), voc_own=voc(t), n1=tagged(next1), n2=tagged(next2),
        voc_n1=voc(next1), here=here, pp=pp, pron=pron, sal=sal, lines=dict(lines),
    )


def _far_pronoun(t, quotes, mentions, cast, para_spans, talk) -> bool:  # type: ignore[no-untyped-def]
    """A 他/她 tag whose referent is not named earlier in its own paragraph (in a web novel's
    layout, nor as somebody of ``talk`` in the lines of narration right before): the rules
    only guessed it from farther back, so the ranker may weigh the candidates."""
    q = next((quotes[qi] for qi in t.quotes if quotes[qi].tag_pronoun in ("male", "female")), None)
    if q is None:
        return False
    ps, _pe = para_spans[t.paragraph]
    if t.speaker is not None and t.speaker == newcomer(t, quotes, mentions, cast, para_spans):
        return False  # the one the line before brought in, whose sex is not known yet
    if any(cast.gender(c) == q.tag_pronoun for _p, c in _mentions_in(mentions, ps, q.tag_pos)):
        return False
    if talk is None:
        return True
    # a web novel's lines of narration right before belong to the tag's paragraph, as the rules
    # read them (富善先生在暑假里也不肯离开北平。/ 他以为……/ “噗！”他先喷一口气。), when the one
    # they name there talks in the story (not 蝇甩子赶着苍蝇)
    quoted = {quotes[qi].paragraph for qi in range(max(0, t.quotes[0] - 3), t.quotes[0])}
    pp, lo = t.paragraph - 1, ps
    while pp >= 0 and pp not in quoted and t.paragraph - pp <= WEB_LINES:
        lo, pp = para_spans[pp][0], pp - 1
    return not any(cast.gender(c) == q.tag_pronoun and c in talk for _p, c in _mentions_in(mentions, lo, ps))


def _web_lines(para_spans) -> bool:  # type: ignore[no-untyped-def]
    """Whether the text is laid out as a web novel: nearly every paragraph one short line."""
    short = sum(1 for a, b in para_spans if b - a <= _WEB_LINE_CHARS)
    return short >= _WEB_SHARE * len(para_spans)


def _mentions_in(mentions, lo: int, hi: int) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    import bisect

    i = bisect.bisect_left(mentions.pos, lo)
    j = bisect.bisect_left(mentions.pos, hi)
    return list(zip(mentions.pos[i:j], mentions.cid[i:j], strict=True))


def _in_quotes(p: int, t, quotes) -> bool:  # type: ignore[no-untyped-def]
    return any(quotes[qi].start <= p < quotes[qi].end for qi in t.quotes)
