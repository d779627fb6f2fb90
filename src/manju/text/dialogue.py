"""Speaker attribution over a conversation: tags, pronouns, context, vocatives, turn-taking.

Language modules fill one :class:`QuoteInfo` per quotation; :func:`attribute` assigns the
speakers. Everything here is linear in the number of quotes and mentions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .cast import Cast

#: how far back (characters) a first-person narration's last 我 may be for a bare reply to be
#: the narrator's: a story inside the story (头发的故事's N talking) leaves 我 out for long
NARRATOR_NEAR = 1500


def named_lately(pos: list[int], cids: list[int], cid: int, at: int, reach: int = NARRATOR_NEAR) -> bool:
    """Whether ``cid`` is among the narration mentions (``pos``, ``cids``, sorted by position)
    in the ``reach`` characters before ``at``."""
    return cid in cids[bisect.bisect_left(pos, at - reach) : bisect.bisect_left(pos, at)]


#: whether the self-trained ranker revises the rules' guesses (off: the rules alone)
RANK: list = [True]


@dataclass
class QuoteInfo:
    """What the language module found around one quotation."""

    start: int
    end: int
    paragraph: int
    continued: bool = False
    tag_cid: int | None = None        # explicit speaker from a name/nominal tag
    tag_pronoun: str | None = None    # "male" | "female" | "narrator" for pronoun tags
    tag_pos: int = -1                 # where the tag is (for pronoun resolution)
    tag_text: str = ""                # tag/context text for emotion cues
    vocatives: list[int] = field(default_factory=list)
    #: gender of a pronoun that starts the paragraph ("She turned. 'Hi.'"), if any
    ctx_pronoun: str | None = None
    #: gender of the speech tag's subject ("male"/"female"), when the tag tells it
    tag_gender: str | None = None
    #: the tag names an unnamed voice or a crowd ("有人说", "came a voice"): no speaker
    anonymous: bool = False
    #: a word or name in quote marks inside narration (接过“屁塞”): nobody says it
    term: bool = False
    #: people who cannot be the speaker: named in the quote in the third person, or the
    #: object of the tag's own clause ("他转身向了X") (filled by the Chinese analyzer)
    not_speaker: list[int] = field(default_factory=list)
    #: the quote follows the one before it in its paragraph with nothing between
    #: (“……”“……”, filled by the Chinese analyzer): another speaker's turn
    new_turn: bool = False
    #: the tag's 他/她 goes on from the line before (“……”他说着，……笑道): its speaker's
    goes_on: bool = False
    #: a bare line after the first-person narrator's silent beat (我走过去。 / 我摇摇头。):
    #: the one who spoke before the beat goes on (filled by the Chinese analyzer)
    resumes: bool = False
    #: narration of a sentence or more opens the quote's paragraph before its lead-in
    #: (正谈到这里，他的老母走出来了，……说：“……”): the exchange before is not this one's
    after_scene: bool = False
    #: the quote opens with a cry (啊, 唉 …): one person's exclamation, often to themselves
    exclaims: bool = False
    #: the quote's own lead-in has a subject the cast does not hold (姑娘低了头，微笑道：):
    #: somebody other than whoever spoke before in its paragraph, and than whoever a named
    #: lead-in after it gives the next line to
    led_in: bool = False
    #: sex of a 他/她 the lead-in speaks to (又对她说): the one who answers, once known
    to_pronoun: str | None = None
    speaker: int | None = None
    addressee: int | None = None
    method: str = ""


@dataclass
class Mentions:
    """Narration mentions of characters, sorted by position."""

    pos: list[int]
    cid: list[int]
    #: positions of mentions in a subordinate clause ("X走出来的时候，"): no paragraph's subject
    minor: frozenset = frozenset()
    #: positions of mentions that open a clause (its subject: X把烟锅磕了磕, not 看着X)
    opens: frozenset = frozenset()
    #: positions of mentions that are the subject of their clause, also after what describes
    #: them (一个横眉怒目的门丁): the antecedents 他/她 look for
    subjects: frozenset = frozenset()
    #: people known mostly as a 他's or a 她's relative (他父亲), with that pronoun's sex
    relatives_of: dict = field(default_factory=dict)
    #: 他/她 opening a clause of the narration, with the sex they tell, in text order
    pron_opens: list = field(default_factory=list)

    def before(self, pos: int) -> int:
        """Index one past the last mention starting before ``pos``."""
        return bisect.bisect_left(self.pos, pos)

    def between(self, lo: int, hi: int) -> list[int]:
        """Character ids mentioned in ``[lo, hi)`` in order."""
        i = bisect.bisect_left(self.pos, lo)
        j = bisect.bisect_left(self.pos, hi)
        return self.cid[i:j]


@dataclass
class _Turn:
    quotes: list[int]
    paragraph: int
    speaker: int | None = None
    method: str = ""


def attribute(
    quotes: list[QuoteInfo],
    mentions: Mentions,
    cast: Cast,
    para_spans: list[tuple[int, int]],
    narrator: int | None = None,
) -> None:
    """Fill ``speaker``/``addressee``/``method`` of every quote in place."""
    turns = _make_turns(quotes, pronoun_lead_ins=True)
    talking = _talking(quotes)
    # 1. explicit tags (a turn takes the first explicit tag among its quotes); a turn tagged
    #    with an unnamed voice keeps no speaker
    for t in turns:
        if quotes[t.quotes[0]].anonymous:
            t.method = "anonymous"
            continue
        for qi in t.quotes:
            if quotes[qi].tag_cid is not None:
                t.speaker, t.method = quotes[qi].tag_cid, "explicit"
                break
    # 2. pronoun tags
    for k, t in enumerate(turns):
        if t.speaker is not None or t.method == "anonymous":
            continue
        for qi in t.quotes:
            q = quotes[qi]
            if q.tag_pronoun is None:
                continue
            if q.tag_pronoun == "narrator":
                if narrator is not None:
                    t.speaker, t.method = narrator, "pronoun"
                break
            cid = _resolve_pronoun(k, q, turns, quotes, mentions, cast, para_spans, talking)
            if cid is not None:
                t.speaker, t.method = cid, "pronoun"
            break
    _pronoun_addressees(turns, quotes, mentions, cast)
    # 3. narration in the same paragraph names the speaker
    for t in turns:  # noqa: B007
        if t.speaker is not None or t.method == "anonymous" or quotes[t.quotes[0]].new_turn:
            continue  # an answer right after another quote: the narration is not about it
        ps, pe = para_spans[t.paragraph]
        q0 = quotes[t.quotes[0]]
        if q0.ctx_pronoun in ("male", "female"):
            probe = QuoteInfo(q0.start, q0.end, q0.paragraph, tag_pronoun=q0.ctx_pronoun,
                              tag_pos=ps)
            cid = _resolve_pronoun(turns.index(t), probe, turns, quotes, mentions, cast,
                                   para_spans, talking)
            if cid is not None:
                t.speaker, t.method = cid, "context"
                continue
        voc = {v for qi in t.quotes for v in quotes[qi].vocatives + quotes[qi].not_speaker}
        cands = _narration_cids(t, quotes, mentions, ps, pe)
        cands = [c for c in cands if c not in voc]
        if cands:
            t.speaker, t.method = cands[0], "context"
    # 4. vocatives and turn-taking, forward and backward, until stable
    named = {bisect.bisect_right(para_spans, (p, float("inf"))) - 1 for p in mentions.pos}
    silent = {t.paragraph + 1 for t in turns} - {t.paragraph for t in turns} - named
    for _ in range(3):
        changed = False
        for k, t in enumerate(turns):
            if t.speaker is not None or t.method == "anonymous":
                continue
            cid, how = _from_neighbours(k, turns, quotes, silent)
            if cid is not None:
                t.speaker, t.method = cid, how
                changed = True
        if not changed:
            break
    # 5. fallback: the subject of the narration paragraph just before, else the most
    #    recent character other than the previous speaker and the people addressed
    quote_paras = {t.paragraph for t in turns}
    for k, t in enumerate(turns):
        if t.speaker is not None or t.method == "anonymous":
            continue
        prev = turns[k - 1].speaker if k > 0 else None
        voc = {v for qi in t.quotes for v in quotes[qi].vocatives + quotes[qi].not_speaker}
        q = quotes[t.quotes[0]]
        if narrator is not None and narrator not in voc and _bare_reply(k, turns, quotes, para_spans, narrator) and (
                named_lately(mentions.pos, mentions.cid, narrator, q.start)):
            # (not in a story the narrator tells of others, with no 我 in its narration lately)
            t.speaker, t.method = narrator, "narrator"  # a first-person story: "I" answer
            continue
        pp = t.paragraph - 1
        if narrator is not None and k > 0 and pp >= 0 and pp not in quote_paras:
            # “你过来。” 我走过去。“……”: the narrator acted without a word, so the one who
            # spoke before goes on
            ps, pe = para_spans[pp]
            here = mentions.between(ps, pe)
            before = turns[k - 1]
            if (quotes[t.quotes[0]].resumes and here and set(here) == {narrator}
                    and before.paragraph == pp - 1
                    and before.speaker not in (None, narrator) and before.speaker not in voc):
                t.speaker, t.method = before.speaker, "turn"
                continue
        if (pp >= 1 and pp not in quote_paras and pp - 1 not in quote_paras
                and not mentions.between(*para_spans[pp])):
            # 周仲甫……拿起帽子就走。/ 走到门口，又回过头来。/ “……”: a line of narration with
            # nobody in it goes on from the line before (web novels break a paragraph so)
            pp -= 1
            went_on = True
        else:
            went_on = False
        if pp >= 0 and pp not in quote_paras:
            ps, pe = para_spans[pp]
            # 我 opens most narration of a first-person story: the narrator speaks by a tag
            # or as a bare reply, not for being the subject of the paragraph before
            i0, i1 = mentions.before(ps), mentions.before(pe)
            cands = [mentions.cid[j] for j in range(i0, i1) if mentions.pos[j] not in mentions.minor]
            cands = [c for c in cands or mentions.between(ps, pe) if c not in voc and c != narrator]
            # 建平上了炕，父亲把烟锅磕了磕。/ “……”: the subject of the paragraph's last clause
            # that has one is the one who goes on to speak
            last = [mentions.cid[j] for j in range(i0, i1) if mentions.pos[j] in mentions.opens
                    and mentions.pos[j] not in mentions.minor and mentions.cid[j] in cands]
            if last and len(set(cands)) > 1 and not went_on:
                allc, cands = cands, [last[-1]]
                lp = max(mentions.pos[j] for j in range(i0, i1) if mentions.cid[j] == last[-1])
                pr = [(p, g) for p, g in mentions.pron_opens if lp < p < pe]
                if pr and cast.gender(last[-1]) != pr[-1][1]:
                    # 母亲……。大家围住了瑞丰。他非常的得意。/ “……”: the 他 who goes on is the
                    # latest man named before him, not the last named subject
                    fit = [mentions.cid[j] for j in range(i0, i1) if mentions.pos[j] < pr[-1][0]
                           and cast.gender(mentions.cid[j]) == pr[-1][1] and mentions.cid[j] in allc]
                    if fit:
                        cands = [fit[-1]]
            lastall = [mentions.cid[j] for j in range(i0, i1) if mentions.pos[j] in mentions.opens
                       and mentions.pos[j] not in mentions.minor]
            if narrator is not None and narrator not in voc and lastall and lastall[-1] == narrator and q.exclaims:
                # 我却想起了昨天的事情，……起了一层忧郁的微波。/ “啊啊，……”: the narrator's cry
                t.speaker, t.method = narrator, "narrator"
                continue
            js = [j for j in range(i0, i1) if mentions.cid[j] == cands[0]] if cands else []
            if js and not any(mentions.pos[j] in mentions.opens for j in js):
                # 她跪在灶王爷前边……。/ 她站起来，……。/ “……”: who is named only as what the
                # 她 acts on is no speaker; the latest woman named before is
                alt = _pronoun_since(mentions, cast, js[-1], mentions.pos[js[-1]], q.start,
                                     mentions.minor, {narrator, *voc})
                cands = [alt] if alt is not None else cands
            if cands:
                t.speaker, t.method = cands[0], "previous"
                continue
        called = _last_called(k, turns, quotes, prev) if k > 0 and _adjacent(turns[k - 1], t) else None
        if called is not None and called not in voc and called != narrator:
            # “建平，你跟我出来一下。” …… “你心里是不是怨我？”父亲问。/ “……”: the one the
            # last speaker called by name a few lines back is who answers them
            t.speaker, t.method = called, "vocative"
            continue
        i = mentions.before(q.start)
        s2 = turns[k - 2].speaker if (k >= 2 and _adjacent(turns[k - 1], t)
                                      and _adjacent(turns[k - 2], turns[k - 1])) else None
        # a time clause or a reported thought names nobody of the exchange, unless nobody else
        for skip in (mentions.minor, frozenset()):
            for j in range(i - 1, max(-1, i - 40), -1):
                if mentions.pos[j] in skip:
                    continue
                if mentions.cid[j] != prev and mentions.cid[j] not in voc:
                    if (s2 not in (None, prev, mentions.cid[j]) and s2 not in voc
                            and mentions.pos[j] < quotes[turns[k - 2].quotes[0]].start):
                        # nobody named since the exchange began: it goes on between the two
                        # who spoke last
                        t.speaker, t.method = s2, "turn"
                    else:
                        t.speaker, t.method = mentions.cid[j], "nearest"
                        # 饭是给陈老汉做的，她……。/ “……”: a name no clause opens yields to the
                        # latest one of the sex of the 他/她 that goes on after the line before
                        since = max(mentions.pos[j], quotes[turns[k - 1].quotes[-1]].end if k else 0)
                        c = None if mentions.pos[j] in mentions.opens else _pronoun_since(
                            mentions, cast, j, since, q.start, skip, {narrator, *voc})
                        if c is not None:
                            t.speaker = c
                    break
            if t.speaker is not None:
                break
        # nobody the narration named is free: the other party of the exchange before (“你在工厂
        # 里做的是什么工作？”我问她 / “是包纸烟的。”: she, never named but as 她); when the line
        # before is not next to this one, the one who spoke it goes on first
        other = None if t.speaker is not None else next(
            (turns[j].speaker for j in range(k - 1, max(-1, k - 5), -1)
             if turns[j].speaker not in (None, prev) and turns[j].speaker not in voc), None)
        if other is not None and _adjacent(turns[k - 1], t):
            t.speaker, t.method = other, "turn"
        if t.speaker is None and prev is not None and prev not in voc:
            # everybody else is barred (the other one just kept silent): the speaker goes on
            t.speaker, t.method = prev, "nearest"
        if t.speaker is None and other is not None:
            t.speaker, t.method = other, "turn"
    # 6. each untagged run of lines is one two-person exchange: its phase is chosen whole
    from .runs_zh import revise_runs

    revise_runs(turns, quotes, _adjacent)
    # 6b. a 他/她 tag right after an untagged line: that line's speaker is known only now,
    #     and a new turn's 他说 is seldom the one who just spoke (“真的？”/“骗你干啥。”他说)
    for k, t in enumerate(turns):
        if t.method != "pronoun" or k == 0 or not _adjacent(turns[k - 1], t):
            continue
        if turns[k - 1].method in ("explicit", "pronoun", "anonymous", ""):
            continue
        q = next(quotes[qi] for qi in t.quotes if quotes[qi].tag_pronoun is not None)
        prev = turns[k - 1].speaker
        if q.tag_pronoun not in ("male", "female") or t.speaker != prev or k < 2 or q.goes_on:
            continue
        barred = {v for qi in t.quotes for v in quotes[qi].vocatives + quotes[qi].not_speaker}
        other = turns[k - 2].speaker if _adjacent(turns[k - 2], turns[k - 1]) else None
        if other not in (None, prev) and other not in barred and cast.gender(other) in (q.tag_pronoun, "unknown"):
            t.speaker, t.method = other, "turn"
    # 7. the ranker, fitted on this text's own tagged turns, revises the guesses
    if RANK[0]:
        from .decode_zh import rank_turns

        rank_turns(turns, quotes, mentions, cast, para_spans)
    write_back(turns, quotes, _adjacent)


def _last_called(k: int, turns: list[_Turn], quotes: list[QuoteInfo], prev: int | None) -> int | None:
    """The one person whom ``prev``, the speaker of turn ``k - 1``, called by name in one of
    their last few lines, when nobody else has spoken in between."""
    if prev is None:
        return None
    for j in range(k - 1, max(-1, k - 4), -1):
        if turns[j].speaker != prev:
            return None
        vs = {v for qi in turns[j].quotes for v in quotes[qi].vocatives if v != prev}
        if len(vs) == 1:
            return vs.pop()
        if vs:
            return None
    return None


def _bare_reply(k: int, turns: list[_Turn], quotes: list[QuoteInfo],
                para_spans: list[tuple[int, int]], narrator: int) -> bool:
    """Whether turn ``k`` is a paragraph of speech alone that answers the adjacent turn
    before it, said by somebody other than the narrator."""
    t = turns[k]
    if k == 0 or not _adjacent(turns[k - 1], t):
        return False
    prev = turns[k - 1].speaker
    if prev is None or prev == narrator:
        return False
    ps, pe = para_spans[t.paragraph]
    qs = [quotes[qi] for qi in t.quotes]
    if any(qs[j + 1].paragraph == qs[j].paragraph and qs[j + 1].start - qs[j].end > 2
           for j in range(len(qs) - 1)):
        return False  # narration between its quotes
    return qs[0].start - 1 <= ps and qs[-1].end + 1 >= pe - 1


def name_narrator(quotes: list[QuoteInfo], narrator: int) -> int | None:
    """Guess which character the first-person narrator is from how others address them.

    Lines next to the narrator's own lines that call someone by name ("Jake, come here")
    usually address the narrator; the most frequent such name wins.
    """
    votes: dict[int, int] = {}
    for i, q in enumerate(quotes):
        if q.speaker != narrator:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(quotes) and quotes[j].speaker not in (None, narrator):
                if abs(quotes[j].paragraph - q.paragraph) == 1:
                    for v in quotes[j].vocatives:
                        if v != quotes[j].speaker and v != narrator:
                            votes[v] = votes.get(v, 0) + 1
    if not votes:
        return None
    best = max(votes, key=lambda c: votes[c])
    total = sum(votes.values())
    second = max((v for c, v in votes.items() if c != best), default=0)
    if votes[best] >= 3 and (votes[best] >= 0.3 * total or votes[best] >= 2 * second):
        return best
    return None


#: a lead-in that says its speaker has just spoken (说着，他打开了簿子，问……): the same one
#: a 他/她 that goes on from the line before (他说着, 她一面说着话)
GOES_ON = re.compile(r"\s*[他她]?(?:一面|一边)?说(?:着|罢|完|毕)")


def _pronoun_addressees(turns: list[_Turn], quotes: list[QuoteInfo], mentions: Mentions, cast: Cast) -> None:
    """A lead-in that speaks to 他/她 (他……又对她说) calls the one of that sex who spoke last
    in the exchange before, else the one of that sex the narration named last: they answer."""
    for k, t in enumerate(turns):
        if t.speaker is None:
            continue
        q = next((quotes[qi] for qi in t.quotes if quotes[qi].to_pronoun), None)
        if q is None or q.vocatives:
            continue
        g = q.to_pronoun
        spoke = [turns[j].speaker for j in range(k - 1, max(-1, k - 7), -1)]
        who = next((c for c in spoke if c is not None and c != t.speaker and cast.gender(c) == g), None)
        if who is None:
            i = mentions.before(q.start)
            who = next((mentions.cid[j] for j in range(i - 1, max(-1, i - 30), -1)
                        if mentions.cid[j] != t.speaker and cast.gender(mentions.cid[j]) == g), None)
        if who is not None and who not in q.not_speaker:
            q.vocatives = [who]


def _make_turns(quotes: list[QuoteInfo], pronoun_lead_ins: bool = False) -> list[_Turn]:
    """Group quotes into turns. ``pronoun_lead_ins`` (Chinese): a 他/她 lead-in of its own
    after a named tag whose sex is not known starts a turn of its own."""
    turns: list[_Turn] = []
    for i, q in enumerate(quotes):
        if q.term:
            continue
        if turns and (q.paragraph == turns[-1].paragraph or q.continued):
            # a new explicit tag for a different speaker inside one paragraph starts a new turn
            last = turns[-1]
            tagged = [quotes[j].tag_cid for j in last.quotes if quotes[j].tag_cid is not None]
            genders = {quotes[j].tag_gender for j in last.quotes} - {None}
            if not q.continued and (
                q.new_turn
                or (q.tag_cid is not None and tagged and q.tag_cid != tagged[0])
                # 她道：“……”杨艳华叫道：“……”: a named tag after a 他/她 tag is a turn of its own
                or (q.tag_cid is not None and not tagged
                    and any(quotes[j].tag_pronoun in ("male", "female") for j in last.quotes))
                # 'Mr. Bounderby said, "Your health!" she answered, "Thank you."'
                or (q.tag_gender is not None and genders and q.tag_gender not in genders)
                # 姑娘……微笑道：“……”家树笑道：“……”: two lead-ins, two people
                or (q.tag_cid is not None and not tagged and quotes[last.quotes[0]].led_in
                    and 0 <= q.tag_pos < q.start)
                # 王孙笑道：“……”她……笑道：“……”: a 他/她 lead-in of its own after a named
                # tag whose sex is not known is a turn of its own too
                or (pronoun_lead_ins and q.tag_pronoun in ("male", "female") and tagged
                    and not genders and 0 <= q.tag_pos < q.start and not GOES_ON.match(q.tag_text))
            ):
                turns.append(_Turn([i], q.paragraph))
                continue
            last.quotes.append(i)
            last.paragraph = q.paragraph if q.continued else last.paragraph
            continue
        turns.append(_Turn([i], q.paragraph))
    return turns


def write_back(turns: list, quotes: list[QuoteInfo], adjacent) -> None:  # type: ignore[no-untyped-def]
    """Copy each turn's speaker to its quotes; the addressee is a vocative, else the other
    participant of the exchange (``adjacent`` says whether two turns belong together)."""
    for k, t in enumerate(turns):
        for qi in t.quotes:
            q = quotes[qi]
            q.speaker, q.method = t.speaker, t.method
            voc = [v for v in q.vocatives if v != t.speaker]
            if voc:
                q.addressee = voc[0]
            elif k > 0 and adjacent(turns[k - 1], t) and turns[k - 1].speaker != t.speaker:
                q.addressee = turns[k - 1].speaker
            elif k + 1 < len(turns) and adjacent(t, turns[k + 1]):
                if turns[k + 1].speaker != t.speaker:
                    q.addressee = turns[k + 1].speaker


def _adjacent(a: _Turn, b: _Turn) -> bool:
    return b.paragraph - a.paragraph <= 1


def _narration_cids(t: _Turn, quotes, mentions: Mentions, ps: int, pe: int) -> list[int]:
    out: list[int] = []
    pos = ps
    for qi in t.quotes:
        q = quotes[qi]
        if q.start - 1 > pos:
            out.extend(mentions.between(pos, q.start - 1))
        pos = q.end + 1
    if pos < pe:
        out.extend(mentions.between(pos, pe))
    return out


def newcomer(t: _Turn, quotes: list[QuoteInfo], mentions: Mentions, cast: Cast,
             para_spans: list[tuple[int, int]]) -> int | None:
    """科长孙子良踱了进来。/ “……”他说: the one person the narration line right before the
    turn names, of a sex not known yet, whom its 他/她 tag means."""
    if t.paragraph == 0 or any(quotes[qi].paragraph == t.paragraph - 1
                               for qi in range(max(0, t.quotes[0] - 2), t.quotes[0])):
        return None
    ps, pe = para_spans[t.paragraph - 1]
    before = set(mentions.between(ps, pe))
    if len(before) != 1:
        return None
    c = before.pop()
    first = mentions.pos[bisect.bisect_left(mentions.pos, ps)]
    sexes = {quotes[qi].tag_pronoun for qi in t.quotes}
    if any(ps <= p < first and sex in sexes for p, sex in mentions.pron_opens):
        return None  # 他手里拿着蝇甩子，……: the 他 before it in the line is somebody else
    return c if cast.gender(c) == "unknown" else None


def _talking(quotes: list[QuoteInfo]) -> set[int]:
    """Everybody a tag names as a speaker or a line calls by name somewhere in the text."""
    return {q.tag_cid for q in quotes if q.tag_cid is not None} | {v for q in quotes for v in q.vocatives}


def _may_be(cast: Cast, mentions: Mentions, cid: int, g: str | None) -> bool:
    """Whether a 他/她 of sex ``g`` may be ``cid``: one of that sex not known mostly as a
    他's or 她's relative (他父亲 of a story whose 他 is the son is no 他 it goes on about)."""
    return cast.gender(cid) == g and mentions.relatives_of.get(cid) != g


def _of_sex(mentions: Mentions, cast: Cast, lo: int, hi: int, g: str | None, barred: set[int],
            subjects: bool = False) -> list[int]:
    """The people of sex ``g`` mentioned in ``[lo, hi)``, in text order, none of ``barred``;
    with ``subjects`` only where they are their clause's subject (not a time clause's)."""
    i0, i1 = bisect.bisect_left(mentions.pos, lo), bisect.bisect_left(mentions.pos, hi)
    return [mentions.cid[j] for j in range(i0, i1)
            if _may_be(cast, mentions, mentions.cid[j], g) and mentions.cid[j] not in barred
            and (not subjects or (mentions.pos[j] in mentions.subjects and mentions.pos[j] not in mentions.minor))]


#: how many lines of narration before a tag's own a web novel's paragraph may have had
WEB_LINES = 3


def _pronoun_since(mentions: Mentions, cast: Cast, j: int, start: int, end: int, skip, avoid) -> int | None:  # type: ignore[no-untyped-def]
    """The person a clause-opening 他/她 of the narration between ``start`` and ``end`` stands
    for, when its sex is not the sex of the one mention ``j`` names: the latest named person of
    its sex before mention ``j``."""
    lo = bisect.bisect_right(mentions.pron_opens, (start, "~"))
    hi = bisect.bisect_left(mentions.pron_opens, (end, ""))
    if lo >= hi or cast.gender(mentions.cid[j]) == mentions.pron_opens[hi - 1][1]:
        return None
    sex = mentions.pron_opens[hi - 1][1]
    for jj in range(j - 1, max(-1, j - 40), -1):
        c = mentions.cid[jj]
        if mentions.pos[jj] not in skip and c not in avoid and cast.gender(c) == sex:
            return c
    return None


def _resolve_pronoun(k, q: QuoteInfo, turns, quotes, mentions: Mentions, cast: Cast, para_spans,
                     talking: frozenset[int] | set[int] = frozenset()):
    g = q.tag_pronoun
    t = turns[k]
    ps, _pe = para_spans[t.paragraph]
    prev = turns[k - 1].speaker if k > 0 and _adjacent(turns[k - 1], t) else None
    # the people this turn addresses or names as others never say it
    barred = {v for qi in t.quotes for v in quotes[qi].vocatives + quotes[qi].not_speaker}
    last = turns[k - 1].speaker if k > 0 else None
    if q.goes_on and last is not None and last not in barred and cast.gender(last) in (g, "unknown"):
        return last  # 马子良笑道：“……”他说着话，就……笑道: he goes on
    # mentions in this paragraph's narration before the tag; somebody who speaks or is spoken
    # to in the text before a thing named in the same sentence (他手里拿着蝇甩子……他就说)
    here = _of_sex(mentions, cast, ps, q.tag_pos, g, barred)
    quoted = {quotes[qi].paragraph for qi in range(max(0, t.quotes[0] - 3), t.quotes[0])}
    if here:
        # the latest clause subject of that sex who talks in the text (矮子挑选了一块，……。他也
        # 笑了一下), not somebody the narration only acts on (向老太太笑了一下) or a thing
        subj = [c for c in _of_sex(mentions, cast, ps, q.tag_pos, g, barred, subjects=True) if c in talking]
        if subj:
            return subj[-1]
        pp = t.paragraph - 1
        if pp >= 0 and pp not in quoted and para_spans[pp][1] - para_spans[pp][0] <= 40:
            # a web novel's line before (李老人决定不便客气。/ 一见冠晓荷摆架子，他就……): its
            # subject, not the one this line only sees, is the 他
            lo, hi = para_spans[pp]
            before = _of_sex(mentions, cast, lo, hi, g, barred, subjects=True)
            if before and before[-1] not in here:
                return before[-1]
        # 他时时的到门外来立着，……他看到了富善先生在门外叩门，……他吐着舌头跑进去: the 他 the
        # paragraph opens with, whom nobody named after it replaces as a clause's opener, goes
        # on; the lines before tell who he is
        i0, i1 = bisect.bisect_left(mentions.pos, ps), bisect.bisect_left(mentions.pos, q.tag_pos)
        chain = not any(p in mentions.opens for p in mentions.pos[i0:i1]) and any(
            ps <= p < mentions.pos[i0] and sex == g for p, sex in mentions.pron_opens)
        if not chain:
            # (听见了李四的话，又看了张三一眼，他笑道 after 张三's own line: 李四 answers)
            talk = _away_from(prev, [c for c in reversed(here) if c in talking])
            return talk[0] if talk else here[-1]
    pp = t.paragraph - 1
    reach = WEB_LINES
    opens = {p for p, sex in mentions.pron_opens if sex == g}
    fallback: int | None = None
    while pp >= 0 and pp not in quoted and t.paragraph - pp <= reach:
        if reach < 2 * WEB_LINES and any(p in opens for p in range(para_spans[pp][0], para_spans[pp][0] + 3)):
            reach += 1  # 长顺快走到大门。/ ……/ 他加快了脚步。/ 他到了门外。/ 他问了声：the 他 goes on
        # a web novel's lines of narration right before (侦探露出点狡猾的笑意。/ 他一脚迈进去：
        # “……”): their subjects of that sex are the paragraph's, as in print, the nearest first
        subj = _of_sex(mentions, cast, para_spans[pp][0], para_spans[pp][1], g, barred, subjects=True)
        if subj:
            if any(c in talking for c in subj):
                return subj[-1]
            # 瑞丰动了心。/ 哥哥总是哥哥。/ 他往外退了一步，……说：a line whose subjects of
            # that sex never talk in the story (哥哥) yields to one a line or two back whose
            # subject does
            if fallback is None:
                fallback = subj[-1]
            pp -= 1
            continue
        lo, hi = (bisect.bisect_left(mentions.pos, x) for x in para_spans[pp])
        if any(p in mentions.subjects for p in mentions.pos[lo:hi]):
            break  # a line whose subject is somebody else (主任郑德明走了进来。): farther is no more his
        pp -= 1
    if fallback is not None:
        return fallback
    # recent candidates: narration mentions and earlier speakers, most recent first
    cands: list[int] = []
    i = mentions.before(ps)
    lo = max(0, i - 60)
    events: list[tuple[int, int]] = [(mentions.pos[j], mentions.cid[j]) for j in range(lo, i)]
    for kk in range(k - 1, max(-1, k - 8), -1):
        sp = turns[kk].speaker
        if sp is not None:
            events.append((quotes[turns[kk].quotes[0]].start, sp))
    events.sort(reverse=True)
    for _pos, c in events:
        if c not in cands:
            cands.append(c)
    cands = [c for c in cands if c not in barred]
    new = newcomer(t, quotes, mentions, cast, para_spans)
    if new is not None and new not in barred and new != prev:
        return new
    known = [c for c in cands if _may_be(cast, mentions, c, g)]
    known = [c for c in known if c in talking] + [c for c in known if c not in talking]
    known = _away_from(prev, known)
    if known:
        return known[0]
    unknown = [c for c in cands if cast.gender(c) == "unknown" and c != prev]
    if unknown:
        return unknown[0]
    # nobody of that sex named lately (她 of a story that names her twice in a chapter): the
    # one of that sex the text names most
    main = [c for c in range(len(cast.chars)) if _may_be(cast, mentions, c, g) and c not in barred]
    if main:
        return max(main, key=lambda c: cast.chars[c].mentions)
    # nobody of that sex at all: a story that never names its 他 (沉沦) has him speak as 他
    if g not in ("male", "female"):
        return None
    form = "他" if g == "male" else "她"
    cid = cast.lookup(form)
    return cid if cid is not None else cast.add(form, gender=g)


def _away_from(prev: int | None, cands: list[int]) -> list[int]:
    """``cands`` with ``prev`` moved last when it comes first and others follow: a new turn's
    他说 right after a line of his own is seldom his again; the one of that sex he was talking
    with answers."""
    if prev is not None and len(cands) > 1 and cands[0] == prev:
        return cands[1:] + [prev]
    return cands


def _from_neighbours(k: int, turns: list[_Turn], quotes, silent: set[int]) -> tuple[int | None, str]:
    t = turns[k]
    prev1 = turns[k - 1] if k >= 1 and _adjacent(turns[k - 1], t) else None
    # 合船都沉默了，只是看他们。: a paragraph of narration that names nobody keeps the exchange
    # before it going
    prev2 = turns[k - 2] if prev1 is not None and k >= 2 and (_adjacent(turns[k - 2], prev1) or (
        prev1.paragraph - turns[k - 2].paragraph == 2 and turns[k - 2].paragraph + 1 in silent)) else None
    # narration that opens the next line's paragraph (正谈到这里，他的老母走出来了，……说：)
    # starts another exchange: this line is not read back from it
    next1 = (turns[k + 1] if k + 1 < len(turns) and _adjacent(t, turns[k + 1])
             and not quotes[turns[k + 1].quotes[0]].after_scene else None)
    next2 = (
        turns[k + 2] if next1 is not None and k + 2 < len(turns) and _adjacent(next1, turns[k + 2])
        else None
    )
    own = {v for qi in t.quotes for v in quotes[qi].vocatives + quotes[qi].not_speaker}
    cid, how = _alternation(prev1, prev2, next1, next2, quotes)
    if cid is not None and cid in own:
        return None, ""  # the person this line calls by name is not the one saying it
    return cid, how


def _alternation(prev1, prev2, next1, next2, quotes) -> tuple[int | None, str]:  # type: ignore[no-untyped-def]
    # the previous line addressed someone by name: they answer
    if prev1 is not None:
        for qi in prev1.quotes:
            for v in quotes[qi].vocatives:
                if v != prev1.speaker:
                    return v, "vocative"
    if prev1 is not None and prev2 is not None and prev2.speaker is not None:
        if prev1.speaker is not None and prev1.speaker != prev2.speaker:
            return prev2.speaker, "turn"
    if next1 is not None and next2 is not None and next2.speaker is not None:
        if next1.speaker is not None and next1.speaker != next2.speaker:
            return next2.speaker, "turn"
    return None, ""
