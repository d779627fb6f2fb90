"""English speaker attribution: one left-to-right pass over conversations, then repairs.

The shared :func:`manju.text.dialogue.attribute` works from fixed sieves; English novels
need more context: who is taking part in the current exchange, which of them a pronoun or a
description ("his wife", "the old man") can mean, and strict alternation between two
speakers. :func:`attribute_english` keeps that state while it walks the turns in order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .asides_en import aside_gender, pronoun_gender, pronoun_mentions, protagonists, salience
from .beats_en import (
    REPORTED,
    SPEECH,
    WORDLESS,
    acting,
    narrated,
    person_vocatives,
    revealed,
    silent,
)
from .cast import Cast
from .chain_en import decode_chain
from .dialogue import Mentions, QuoteInfo, _make_turns, _narration_cids, _Turn, write_back
from .ranker_en import COLLECT, Context, active, candidates, features
from .relations_en import nominal_gender
from .resolve_en import (
    BEAT_GENDER,
    BEAT_PRON,
    Scene,
    last_sentence,
    resolve_nominal,
    resolve_pronoun,
)
from .salience_en import blank_quotes, subject_flags

#: methods whose answer is only a guess (later passes may overwrite them)
_WEAK = {"turn", "nearest", "previous", "vocative", "fallback", ""}
#: first-pass methods whose turns get the learned ranker's opinion (a prior for _decode)
_RANKED = {"turn", "nearest", "previous", "vocative", ""}
#: weight of the ranker's log-probability in the joint decoding of an exchange
PRIOR_WEIGHT = 0.5
#: how far back (characters) someone last named or heard still counts as in the scene
PRESENT = 2000


def attribute_english(
    quotes: list[QuoteInfo],
    nominals: list[str],
    mentions: Mentions,
    cast: Cast,
    para_spans: list[tuple[int, int]],
    narrator: int | None = None,
    text: str = "",
) -> None:
    """Fill ``speaker``/``addressee``/``method`` of every quote in place.

    ``nominals[i]`` is the lower-case descriptive tag of quote ``i`` ("his wife", "the old
    man") or ``""``.
    """
    turns = _split_adjacent([_LTurn(t.quotes, t.paragraph, first=quotes[t.quotes[0]].paragraph)
                            for t in _make_turns(quotes)],
                            quotes, text)
    n = len(turns)
    # places and things picked up as names never speak and have no gender
    tagged = {q.tag_cid for q in quotes if q.tag_cid is not None}
    keep = [c in tagged or cast.gender(c) != "unknown" for c in range(len(cast.chars))]
    all_mentions = mentions
    sel = [i for i, c in enumerate(mentions.cid) if keep[c]]
    mentions = Mentions([mentions.pos[i] for i in sel], [mentions.cid[i] for i in sel])
    person_vocatives(quotes, keep, narrator, text, all_mentions, [c.name for c in cast.chars])
    _link_exchanges(turns, mentions, para_spans)
    narr = blank_quotes(text, quotes) if text else ""
    subj = subject_flags(narr, mentions) if text else [True] * len(mentions.pos)

    def gender3(c: int) -> str:
        # the first-person narrator is "I" in the narration, never "he" or "she"
        return "narrator" if c == narrator else cast.gender(c)

    first: dict[str, int] = {}  # gender -> where someone of it is first named
    for pos, c in zip(mentions.pos, mentions.cid, strict=True):
        first.setdefault(gender3(c), pos)
    ranker = active()
    lines: Counter = Counter()
    sal = salience(mentions, narrator, gender3)
    prons = pronoun_mentions(narr, mentions, gender3, protagonists(sal[0], gender3)) if text else None
    for k in range(n):
        t = turns[k]
        if k > 0 and not t.linked:
            t.linked = acting(k, turns, quotes, mentions, para_spans, _adjacent)
        scene = _scene(k, turns, quotes, mentions, para_spans, subj, prons)
        scene.gender = gender3
        scene.first = first
        scene.text = text
        scene.narr = narr
        scene.subj = subj
        cid, how = _attribute_turn(k, t, scene, turns, quotes, nominals, mentions, cast,
                                   para_spans, narrator)
        sink = COLLECT[0]
        if how == "pronoun" and scene.weak and ranker is not None:
            cid = _rank_pronoun(k, t, cid, scene, turns, quotes, mentions, para_spans, lines,
                                narrator, sal, ranker)
        # "I said" names the first-person narrator as surely as a name names anyone else
        silver = how == "explicit" or (how == "pronoun" and cid is not None and cid == narrator)
        if (how in _RANKED and ranker is not None) or (silver and sink is not None):
            ctx = _context(k, turns, quotes, mentions, para_spans, scene, lines, narrator, text)
            ctx.sal, ctx.top_g = sal
            if silver:
                # what the rules would say were the tag hidden
                own_voc = {v for qi in t.quotes for v in quotes[qi].vocatives}
                ctx.guess = _fallback(k, scene, turns, quotes, own_voc, para_spans, mentions)
            else:
                ctx.guess = (cid, how)
            cands = candidates(ctx)
            if len(cands) >= 2 and silver:
                if cid in cands:
                    sink.append((features(ctx, cands, gender3), cands.index(cid)))
            elif len(cands) >= 2:
                # not silver, so only ``how in _RANKED and ranker is not None`` got us here
                assert ranker is not None
                p = ranker.probs(features(ctx, cands, gender3))
                t.prior = dict(zip(cands, p.tolist(), strict=True))
        t.speaker, t.method = cid, how
        if cid is not None:
            lines[cid] += 1
    # backward repair: weak guesses at the start of an exchange follow the alternation
    # of the strong turns after them
    for k in range(n - 1, -1, -1):
        t = turns[k]
        if t.method not in _WEAK:
            continue
        nx1 = turns[k + 1] if k + 1 < n and _adjacent(t, turns[k + 1]) else None
        nx2 = turns[k + 2] if nx1 is not None and k + 2 < n and _adjacent(nx1, turns[k + 2]) else None
        if nx1 is None:
            continue
        own = {v for qi in t.quotes for v in quotes[qi].vocatives}
        # the next line addresses someone by name: that is usually who spoke before
        voc = [v for qi in nx1.quotes for v in quotes[qi].vocatives if v != nx1.speaker]
        voc = [v for v in voc if v not in own]
        if voc and t.method in ("nearest", "previous", "fallback", ""):
            t.speaker, t.method = voc[0], "vocative"
            continue
        if nx2 is not None and nx1.speaker is not None and nx2.speaker is not None:
            if nx1.speaker != nx2.speaker and t.speaker != nx2.speaker and nx2.speaker not in own:
                if t.method == "previous" and t.speaker != nx1.speaker:
                    # the one the narration just before is about speaks first; the next two
                    # lines may bring in a third person
                    continue
                if t.method in ("nearest", "previous", "fallback", "") or (
                    t.method == "turn" and nx1.method not in _WEAK and nx2.method not in _WEAK
                ):
                    t.speaker, t.method = nx2.speaker, "turn"
    _decode(turns, quotes, nominals, cast, text, gender3, (mentions, subj, para_spans))
    write_back(turns, quotes, _adjacent)


def _rank_pronoun(k, t, cid, scene, turns, quotes, mentions, para_spans, lines, narrator,
                  sal, ranker) -> int | None:
    """The ranker's pick among the people a "he"/"she" tag resolved by turn-taking can mean.

    "Well," she said -- with nobody named around it, the alternation's answer (the speaker
    before last, who has that gender) is a guess; the ranker weighs everyone of that gender.
    """
    g = scene.weak
    ctx = _context(k, turns, quotes, mentions, para_spans, scene, lines, narrator, scene.text)
    ctx.sal, ctx.top_g = sal
    ctx.guess = (cid, "pronoun")
    ctx.ctx_g = g
    cands = [c for c in candidates(ctx) if scene.gender(c) == g]
    if len(cands) < 2:
        return cid
    p = ranker.probs(features(ctx, cands, scene.gender))
    t.prior = dict(zip(cands, p.tolist(), strict=True))
    return cands[int(p.argmax())]


def _cue(t: _Turn, quotes: list[QuoteInfo], nominals: list[str]) -> str | None:
    """Gender implied by the turn's pronoun or descriptive tag, if any."""
    for qi in t.quotes:
        q = quotes[qi]
        if q.tag_cid is not None and not nominals[qi]:
            return None
        if nominals[qi]:
            g = nominal_gender(nominals[qi].split()[-1])
            return g if g != "unknown" else None
        if q.tag_pronoun in ("male", "female"):
            return q.tag_pronoun
    q0 = quotes[t.quotes[0]]
    return q0.ctx_pronoun if q0.ctx_pronoun in ("male", "female") else None


_ADDR_MALE = re.compile(r"\b(?:sir|papa|father|uncle|my lord|my good man)\b[,.!?;—-]")
_ADDR_FEMALE = re.compile(r"\b(?:ma'am|madam|mamma|mama|mother|aunt|my lady|my dear girl)\b[,.!?;—-]")


def _addressed(t: _Turn, quotes: list[QuoteInfo], text: str) -> str | None:
    """Gender of whom the turn addresses by a form of address ("Yes, sir.")."""
    male = female = False
    for qi in t.quotes:
        q = quotes[qi]
        seg = text[q.start : min(q.end, q.start + 400)]
        male = male or bool(_ADDR_MALE.search(seg))
        female = female or bool(_ADDR_FEMALE.search(seg))
    if male != female:
        return "male" if male else "female"
    return None


def _decode(turns: list[_LTurn], quotes: list[QuoteInfo], nominals: list[str],
            cast: Cast, text: str, gender3, where=None) -> None:
    """Re-decode every exchange (a run of linked turns) as a whole."""
    k = 0
    n = len(turns)
    while k < n:
        if turns[k].method == "anonymous":
            k += 1  # an unnamed voice is no one of the exchange: decode around it
            continue
        j = k + 1
        while (j < n and _adjacent(turns[j - 1], turns[j])
               and turns[j].method != "anonymous"):
            j += 1
        if j - k >= 2:
            chain = turns[k:j]
            vocs = [[v for qi in t.quotes for v in quotes[qi].vocatives] for t in chain]
            tight = [False] + [b.first - a.paragraph <= 1 for a, b in zip(chain, chain[1:], strict=False)]
            cues = [_cue(t, quotes, nominals)
                    or (aside_gender(t, quotes, nominals, text, where[2]) if where else None)
                    for t in chain]
            addressed = [_addressed(t, quotes, text) for t in chain]
            beats = [None] + [_beat(a, b, quotes, nominals, text, where)
                              for a, b in zip(chain, chain[1:], strict=False)]
            new = decode_chain([t.speaker for t in chain], [t.method for t in chain], vocs, tight,
                               cues, gender3, addressed, cast.gender,
                               [t.prior for t in chain], PRIOR_WEIGHT, beats)
            for t, sp in zip(chain, new, strict=True):
                if sp != t.speaker and sp is not None and t.method not in ("explicit", "anonymous"):
                    t.speaker, t.method = sp, "turn"
        k = j


def _beat(a: _Turn, b: _LTurn, quotes: list[QuoteInfo], nominals: list[str], text: str,
          where) -> tuple[str, object] | None:
    """The subject of a beat of narration between turns ``a`` and ``b``, if ``b`` is untagged.

    ``"..." She walked to the window. "..."`` -- an action, no speech verb, whose subject
    opens the paragraph: by name (``("cid", c)``) or by pronoun (``("gender", g)``).
    """
    if where is None or not text or b.first - a.paragraph != 2:
        return None
    for qi in b.quotes:
        q = quotes[qi]
        if q.tag_cid is not None or q.tag_pronoun is not None or nominals[qi]:
            return None
    mentions, subj, para_spans = where
    lo, hi = para_spans[b.first - 1]
    seg = text[lo:hi]
    pre = "silent-" if len(seg.strip()) < 90 and (WORDLESS.search(seg) or narrated(seg)) else ""
    if not pre and SPEECH.search(seg):
        return None
    m = BEAT_PRON.match(text, lo, hi)
    if m:
        g = BEAT_GENDER[m.group(1)]
        return pre + "gender", g
    i = mentions.before(lo)
    if i < len(mentions.pos) and mentions.pos[i] < hi and subj[i]:
        head = text[lo : mentions.pos[i]].strip(" \n\t\"'“‘")
        if not head or head.lower() in ("mr.", "mrs.", "miss", "dr.", "the"):
            return pre + "cid", mentions.cid[i]
    if i >= len(mentions.pos) or mentions.pos[i] >= hi:
        # nobody named: "There was a smile on her face. She seemed ..." is about whoever
        # its pronouns (of one gender only) mean
        pg = pronoun_gender(text, lo, hi)
        if pg is not None:
            return pre + "gender", pg
    return None


def _split_adjacent(turns: list[_LTurn], quotes: list[QuoteInfo], text: str) -> list[_LTurn]:
    """Split a turn where one quotation directly follows another with nothing between.

    ``"... the whole history." "The whole history," repeated Anne.`` -- one speaker would
    have gone on inside the same quotation marks, so the second is an answer.
    """
    if not text:
        return turns
    out: list[_LTurn] = []
    for t in turns:
        cur = [t.quotes[0]]
        for a, b in zip(t.quotes, t.quotes[1:], strict=False):
            qa, qb = quotes[a], quotes[b]
            if (not qb.continued and qa.paragraph == qb.paragraph
                    and (not text[qa.end + 1 : qb.start - 1].strip()
                         or _other_tag(qb, [quotes[x] for x in cur]))):
                out.append(_LTurn(cur, quotes[cur[-1]].paragraph, first=quotes[cur[0]].paragraph))
                cur = []
            cur.append(b)
        out.append(_LTurn(cur, t.paragraph, first=quotes[cur[0]].paragraph))
    return out


def _other_tag(q: QuoteInfo, before: list[QuoteInfo]) -> bool:
    """``q``'s speech tag names someone else than a tag of the quotes ``before`` it.

    ``"No," I said. We went down-stairs. ... "This is a good place," he said.`` -- two
    speakers in one paragraph.
    """
    for p in before:
        if q.tag_cid is not None and p.tag_cid is not None:
            return q.tag_cid != p.tag_cid
        if q.tag_cid is None and p.tag_cid is None and q.tag_pronoun and p.tag_pronoun:
            return q.tag_pronoun != p.tag_pronoun
    return False


def _link_exchanges(turns: list[_LTurn], mentions: Mentions, para_spans) -> None:
    """Mark turns that continue the exchange of the turn before them.

    Consecutive paragraphs always do; up to two narration paragraphs between them do too
    when that narration names nobody ("This was invitation enough.").
    """
    for k in range(1, len(turns)):
        a, b = turns[k - 1], turns[k]
        gap = b.first - a.paragraph
        ok = gap <= 1
        if not ok and gap <= 3:
            lo = para_spans[a.paragraph + 1][0]
            hi = para_spans[b.first - 1][1]
            ok = not mentions.between(lo, hi)
        b.linked = ok


@dataclass
class _LTurn(_Turn):
    """A turn that knows whether it continues the exchange of the turn before it."""

    first: int = -1  # the paragraph of its first quote (a speech may run on over several)
    linked: bool = False
    prior: dict | None = None  # the learned ranker's probability per candidate, if it ran


def _adjacent(a: _Turn, b: _LTurn) -> bool:
    return b.first - a.paragraph <= 1 or b.linked


def _scene(k: int, turns: list[_LTurn], quotes, mentions: Mentions, para_spans,
           subj: list[bool], prons: Mentions | None = None) -> Scene:
    t = turns[k]
    p1 = turns[k - 1] if k >= 1 and _adjacent(turns[k - 1], t) else None
    p2 = turns[k - 2] if p1 is not None and k >= 2 and _adjacent(turns[k - 2], p1) else None
    ps = para_spans[t.first][0]
    i = mentions.before(ps)
    # an object ("talk to McBryde") counts as older than the subject of the same sentence
    events: list[tuple[int, int]] = [(mentions.pos[j] - (0 if subj[j] else 200), mentions.cid[j])
                                     for j in range(max(0, i - 40), i)]
    if prons is not None and events:
        # "She ..." in the narration: whom it means is as recent as a name there
        lo = min(p for p, _ in events)
        j = prons.before(ps)
        while j > 0 and prons.pos[j - 1] >= lo:
            j -= 1
            events.append((prons.pos[j], prons.cid[j]))
    for kk in range(k - 1, max(-1, k - 10), -1):
        sp = turns[kk].speaker
        if sp is not None:
            events.append((quotes[turns[kk].quotes[0]].start, sp))
    events.sort(reverse=True)
    recent: list[int] = []
    seen: dict[int, int] = {}
    for pos, c in events:
        if c not in recent:
            recent.append(c)
            seen[c] = pos
    voc1 = tuple(v for qi in p1.quotes for v in quotes[qi].vocatives) if p1 else ()
    pp_narr = t.first > 0 and (k == 0 or turns[k - 1].paragraph != t.first - 1)
    return Scene(p1.speaker if p1 else None, p2.speaker if p2 else None, recent, voc1=voc1,
                 pp_narr=pp_narr, seen=seen, start=ps)


def _context(k: int, turns: list[_LTurn], quotes: list[QuoteInfo], mentions: Mentions,
             para_spans, sc: Scene, lines: Counter, narrator, text: str) -> Context:
    """Everything the ranker may see about turn ``k`` -- nothing of its own speech tag."""
    t = turns[k]
    prev: list = []
    j = k
    while j > 0 and len(prev) < 3 and _adjacent(turns[j - 1], turns[j]):
        j -= 1
        prev.append(turns[j])
    chain_len = len(prev)
    while j > 0 and chain_len < 8 and _adjacent(turns[j - 1], turns[j]):
        j -= 1
        chain_len += 1
    nxt = turns[k + 1] if k + 1 < len(turns) and _adjacent(t, turns[k + 1]) else None
    vocs = [tuple(v for qi in p.quotes for v in quotes[qi].vocatives) for p in prev]
    ps = para_spans[t.first][0]
    pp: list[int] = []
    pp_subj: list[int] = []
    if sc.pp_narr:
        a, b = para_spans[t.first - 1]
        pp = list(dict.fromkeys(mentions.between(a, b)))
        pp_subj = _subjects(mentions, sc.subj, a, b)
    lo = para_spans[max(0, t.first - 4)][0]
    i = mentions.before(ps)
    dist: dict[int, int] = {}
    for x in range(i - 1, max(-1, i - 60), -1):
        dist.setdefault(mentions.cid[x], ps - mentions.pos[x])
    for p in prev:
        if p.speaker is not None:
            d = ps - quotes[p.quotes[0]].start
            dist[p.speaker] = min(dist.get(p.speaker, d), d)
    addr = [_addressed(p, quotes, text) for p in prev[:1]]
    if nxt is not None:
        addr.append(_addressed(nxt, quotes, text))
    return Context(
        prev=[p.speaker for p in prev], prev_voc=vocs,
        own_voc={v for qi in t.quotes for v in quotes[qi].vocatives},
        next_voc={v for qi in nxt.quotes for v in quotes[qi].vocatives} if nxt else set(),
        recent=sc.recent, pp=pp, ctx_g=quotes[t.quotes[0]].ctx_pronoun, addr=addr,
        chain_len=chain_len, gap=t.first - prev[0].paragraph if prev else 99,
        counts=Counter(mentions.between(lo, ps)), dist=dist, lines=lines, narrator=narrator,
        pp_subj=pp_subj)


def _subjects(mentions: Mentions, subj, lo: int, hi: int) -> list[int]:
    """The characters mentioned in ``[lo, hi)`` as the subject of their sentence."""
    i, j = mentions.before(lo), mentions.before(hi)
    return list(dict.fromkeys(mentions.cid[x] for x in range(i, j) if subj is None or subj[x]))


def _attribute_turn(k, t: _LTurn, sc: Scene, turns, quotes, nominals, mentions, cast: Cast,
                    para_spans, narrator) -> tuple[int | None, str]:
    # a speech that runs on over several paragraphs may tell a story of its own: a tag two
    # paragraphs or more into it ('"Take him away," said I.') is the story's, not the turn's
    tagged = [qi for qi in t.quotes if quotes[qi].paragraph <= t.first + 1]
    if any(quotes[qi].anonymous for qi in tagged) and all(
            quotes[qi].tag_cid is None and quotes[qi].tag_pronoun is None for qi in tagged):
        # 0. "came a voice from the hall", "someone said": an unnamed speaker -- unless
        # the line before called someone by name ("Helen!" -- "Yes!" replied a voice)
        own = {v for qi in t.quotes for v in quotes[qi].vocatives}
        called = [v for v in sc.voc1 if v != sc.s1 and v not in own]
        if called:
            return called[0], "vocative"
        shown = revealed(k, turns, quotes, sc, mentions, para_spans, own)
        return (shown, "context") if shown is not None else (None, "anonymous")
    # 1. a name in a speech tag
    for qi in tagged:
        if quotes[qi].tag_cid is not None and not nominals[qi]:
            return quotes[qi].tag_cid, "explicit"
    # 2. a description or a pronoun in a speech tag
    for qi in tagged:
        q = quotes[qi]
        if nominals[qi]:
            cid = resolve_nominal(nominals[qi], q, t, sc, mentions, cast, para_spans)
            if cid is not None:
                return cid, "nominal"
            g = nominal_gender(nominals[qi].split()[-1])
            own = {v for x in t.quotes for v in quotes[x].vocatives}
            called = [v for v in sc.voc1 if v != sc.s1 and v not in own
                      and (g == "unknown" or sc.gender(v) in (g, "unknown"))]
            if called and nominals.index(nominals[qi]) == qi:
                # "Mr. Wells, who would inherit?" -- "The lawyer hesitated, and replied:"
                # the one addressed answers, under a description of their calling (the
                # first time the book uses it: later it may mean someone else)
                return called[0], "nominal"
            if q.tag_cid is not None:
                return q.tag_cid, "explicit"
            break
        if q.tag_pronoun == "narrator":
            if narrator is not None:
                return narrator, "pronoun"
            break
        if q.tag_pronoun in ("male", "female"):
            cid = resolve_pronoun(q.tag_pronoun, q.tag_pos, t, sc, mentions, cast, para_spans)
            if cid is None:
                cid = _forward(q.tag_pronoun, q.tag_pos, mentions, sc)
            if cid is not None:
                return cid, "pronoun"
            break
    voc = {v for qi in t.quotes for v in quotes[qi].vocatives}
    ps, pe = para_spans[t.first][0], para_spans[t.paragraph][1]
    if k + 1 < len(turns) and turns[k + 1].first == t.paragraph:
        pe = quotes[turns[k + 1].quotes[0]].start  # the rest belongs to the next speaker
    # 3. the paragraph's narration names or points at the speaker
    q0 = quotes[t.quotes[0]]
    if q0.ctx_pronoun in ("male", "female"):
        cid = resolve_pronoun(q0.ctx_pronoun, ps, t, sc, mentions, cast, para_spans)
        if cid is not None and cid not in voc:
            return cid, "context"
    cands = [c for c in _narration_cids(t, quotes, mentions, ps, pe) if c not in voc]
    if cands and sc.subj is not None:
        i, j = mentions.before(ps), mentions.before(pe)
        subs = [mentions.cid[x] for x in range(i, j) if sc.subj[x] and mentions.cid[x] in cands]
        # a long narration before the line: its last subject leads into it
        before = [mentions.cid[x] for x in range(i, mentions.before(q0.start))
                  if sc.subj[x] and mentions.cid[x] in cands]
        if before:
            return before[-1], "context"
        if subs:
            return subs[0], "context"
    if cands:
        return cands[0], "context"
    return _fallback(k, sc, turns, quotes, voc, para_spans, mentions)


def _forward(g: str, pos: int, mentions: Mentions, sc: Scene, window: int = 3000) -> int | None:
    """Whom "she said" means at the opening of a story, before anyone of her sex is named:
    the first one named after it ("... she said. ... His aunt Polly stood surprised")."""
    if sc.first.get(g, pos) < pos:
        return None  # someone before it: a pronoun looks back, not ahead
    for j in range(mentions.before(pos), len(mentions.pos)):
        if mentions.pos[j] > pos + window:
            break
        if sc.gender(mentions.cid[j]) == g:
            return mentions.cid[j]
    return None


def _other_party(k: int, turns: list[_LTurn], s1: int | None) -> int | None:
    """The last speaker of turn ``k``'s exchange, a few turns back, who is not ``s1``."""
    j = k - 1
    while j > 0 and k - j < 6 and _adjacent(turns[j - 1], turns[j]):
        j -= 1
        if turns[j].speaker is not None and turns[j].speaker != s1:
            return turns[j].speaker
    return None


def _fallback(k, sc: Scene, turns, quotes, voc, para_spans, mentions) -> tuple[int | None, str]:
    """Steps 4 and 5: who speaks a line that neither its tag nor its paragraph names."""
    text = sc.text
    t = turns[k]
    # 3b. a beat of narration between two lines ("He rose up, and walked across the room.")
    # is mostly an action of whoever speaks next: of the two talking, the one whose gender
    # its opening pronoun has
    if sc.pp_narr and k > 0 and t.first - turns[k - 1].paragraph <= 3:
        a, b = para_spans[t.first - 1]
        m = BEAT_PRON.match(text, a, b)
        g = BEAT_GENDER[m.group(1)] if m else None
        if g is None and not mentions.between(a, b):
            # no name and no opening pronoun: "There was a smile on her face."
            g = pronoun_gender(text, a, b)
        if g is not None:
            p1 = turns[k - 1].speaker
            p2 = next((c for c in sc.recent if c != p1), None)
            if k > 1 and turns[k - 1].linked and turns[k - 2].speaker not in (None, p1):
                p2 = turns[k - 2].speaker
            match = [c for c in (p1, p2) if c is not None and sc.gender(c) == g]
            if len(match) == 1 and match[0] not in voc:
                return match[0], "previous"
    if (sc.s1 is None and sc.s2 is not None and sc.s2 not in voc and k > 0
            and turns[k - 1].method in ("", "anonymous")):
        # an unnamed voice spoke last: the one who spoke before it answers
        return sc.s2, "turn"
    # 4. the exchange goes on: the person just addressed answers, or the other party
    if sc.s1 is not None:
        p1 = turns[k - 1]
        for qi in p1.quotes:
            for v in quotes[qi].vocatives:
                if v != sc.s1 and v not in voc:
                    return v, "vocative"
        if sc.s2 is not None and sc.s2 != sc.s1 and sc.s2 not in voc:
            return sc.s2, "turn"
        if sc.s2 is not None and sc.s2 != sc.s1 and sc.s2 in voc and sc.s1 not in voc:
            # "I've suffered tortures, John!" -- the one the alternation would pick is the
            # one addressed: the speaker before goes on
            return sc.s1, "turn"
        if sc.s2 == sc.s1:
            # the last line went on from the one before it: the other party is whoever
            # spoke before them in the exchange
            other = _other_party(k, turns, sc.s1)
            if other is not None and other not in voc:
                return other, "turn"
        for c in sc.recent:
            if c != sc.s1 and c not in voc:
                if not sc.present(c, PRESENT):
                    # nobody else named or heard for pages: someone unnamed answers
                    # (the other party is filled in from later tags by the repair)
                    break
                return c, "turn"
    pp = t.first - 1
    # 4b. a short paragraph of silence ("Cohn said nothing.") right after a line: the one
    # who kept silent is not who speaks next, the speaker before goes on ("nodded" is
    # left out: the nodder mostly goes on to speak)
    if k > 0 and pp >= 1 and turns[k - 1].paragraph == pp - 1:
        prev = turns[k - 1].speaker
        if prev is not None and prev not in voc and silent(text, *para_spans[pp]):
            return prev, "previous"
    # 5. the subject of the narration just before, else the most recent other character
    if pp >= 0 and (k == 0 or turns[k - 1].paragraph != pp):
        a, b = para_spans[pp]
        ls = last_sentence(text, a, b)
        cands = [c for c in mentions.between(ls, b) if c not in voc]
        m = BEAT_PRON.match(text, ls, b)
        if not cands and m:
            # "But I felt sorry for him. He had it badly." -- the one the closing "he" means
            g = BEAT_GENDER[m.group(1)]
            for c in [*mentions.between(a, b), *sc.recent[:4]]:
                if sc.gender(c) in (g, "unknown"):
                    # someone of unknown gender may be the one meant: no guess
                    cands = [c] if sc.gender(c) == g and c not in voc else []
                    break
        cands += [c for c in mentions.between(a, b) if c not in voc]
        i = mentions.before(ls)
        rep = REPORTED.search(text, ls, b)
        if (rep and i < len(mentions.pos) and mentions.pos[i] < rep.start() and sc.subj
                and sc.subj[i] and text[a:b].rstrip()[-1:] in ".!?"):
            # "Lucy said that this was most kind." -- her words are told; the line that
            # follows is the answer of someone else
            cands = [c for c in [*cands, *sc.recent] if c != mentions.cid[i]]
        if cands:
            return cands[0], "previous"
    for c in sc.recent:
        if c != sc.s1 and c not in voc:
            if sc.s1 is not None and not sc.present(c, PRESENT):
                break
            return c, "nearest"
    return None, ""
