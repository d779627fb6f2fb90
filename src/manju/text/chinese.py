"""Chinese analysis for the shared attribution: one :class:`QuoteInfo` per quotation.

:func:`analyze_chinese` builds the cast (:mod:`.cast_zh`), finds every referent
(:mod:`.referents_zh`) and reads each line's tag (:mod:`.tags_zh`): who the tag or the
narration around the line names as its speaker, an anonymous voice, vocatives, terms in
quotation marks and turn cues.
"""

from __future__ import annotations

import re
from collections import Counter

from .address_zh import called_as, given_name_prefix, subject_roles, surname_addressed
from .after_zh import next_paragraph_speaker
from .beats_zh import after_silent_beat, answers_other, cry_subject, is_cry
from .cast import Cast
from .cast_zh import (
    NOT_NAMES,
    add_described,
    add_relatives,
    build_zh_cast,
    inert_characters,
    men_by_default,
)
from .coref_zh import others_named, spouses, tag_addressee, title_votes, vocatives, vote_genders
from .descriptions_zh import described_refs, sex_from_forms
from .dialogue import GOES_ON, Mentions, QuoteInfo, named_lately
from .kin_zh import kin_refs, parents_called, pronouns_relatives
from .leadins_zh import (
    FOLLOWS,
    anybody_between,
    led_by,
    looked_at,
    opens_with_person,
    previous_tag,
    revealed_before,
    self_named,
    sentence_opener,
)
from .lexicon_zh import KIN_ROLES, SINGLE_KIN
from .names_zh import discover_names, ends_in_next_word, is_pronoun
from .narration_zh import narration_mask, verse_mask
from .oldstyle_zh import modern_text
from .presence_zh import absent_by_quote, exits
from .quotes import Paragraph, Quote
from .rare_names_zh import (
    alias_honorifics,
    bare_surname_rx,
    bare_surnames,
    drop_acting_forms,
    latin_names,
    single_names,
    tag_only_names,
    tag_surname_name,
    titled_names,
    wives_by_husband,
)
from .recency_zh import tag_referent
from .referents_zh import (
    _LINKS_ONLY,
    ASKS_PRONOUN,
    CLAUSE_BOUND,
    CROWD_WORDS,
    PRON_ZH,
    RELATIVES,
    TOGETHER,
    after_links,
    asker_of,
    clause_start,
    clause_subject,
    crowd_voices,
    first_ref,
    is_object,
    last_subject,
    pronoun_clause_subject,
    pronoun_said_to,
    referents,
    spoken_to,
    unnamed_hero,
    verb_clause_subject,
)
from .strangers_zh import add_strangers
from .tags_zh import (
    COLON_END,
    SPEECH_VERB,
    VERB_AFTER,
    VERB_END,
    last_sentence,
    subject_after,
    subject_before,
)

_CJK = r"\u4e00-\u9fff"
#: a speech verb with how much was said, right before the quote (单说了一句“……”)
_SAID_ONCE = re.compile(r"(?:说|问|叫|喊|嚷|骂|答|道|喝)了?(?:一句|一声|声|几句|两句)[，,：:]?\s*$")
#: a negation right before the speech verb (他不回答, X没有说): no tag
_NEGATED = re.compile("(?:不|没有|没|未|不曾|并不)(?:多|再|曾|肯|敢)?$")
#: where an unseen voice comes from (只听堂上喝道, 楼下有几个人在说)
_PLACES = "堂上|堂下|里面|里边|里头|外面|外边|外头|门外|窗外|楼下|楼上|隔壁"
#: a speech tag whose subject is an unnamed voice or a crowd
_ANONYMOUS = re.compile(
    rf"(?:^|[，,。])\s*(?:[^，,。“”]{{0,10}}有人|[^，,。“”对向跟朝问给叫喊分]{{0,4}}(?:(?<!了)一个(?![^，,。]*的)|的人都|(?<![低高轻了])声音|{CROWD_WORDS}))"
    rf"[^，,。“”]{{0,8}}?{SPEECH_VERB}"
    # 只听堂上嚷道, 里面说: a voice from a place, nobody named (骂了一个狗血喷头道: how much,
    # not one of them)
    rf"|(?:^|[，,。])\s*(?:[^，,。“”]{{0,4}}?(?:听|听得|听见)|只|又|忽)?(?:{_PLACES})"
    rf"(?:有?几个人)?[^，,。“”他她我]{{0,4}}?{SPEECH_VERB}"
    # 小厮们回说: several people
    rf"|(?:^|[，,。])\s*[^，,。“”对向跟朝和同问给叫]{{0,6}}[\u4e00-\u9fff]们[^，,。“”]{{0,6}}?{SPEECH_VERB}"
)
#: one of a group says it (邻居内一个人道, 内中一人问X道): nobody the story names, even after
#: a group the cast holds
_ONE_OF_GROUP = re.compile(rf"(?:内|中|里|当中|其中)一(?:个|人|位)[^，,。“”]{{0,8}}?{SPEECH_VERB}")
#: the last clause of a narration paragraph meets somebody (正好撞见X。, 门外站着……X。)
_MET_LAST = re.compile(r"(?:撞见|遇见|碰见|碰上|迎面|门外站着|门口站着)([^。！？“”\n]*)[。！？…]*\s*$")
#: a clause whose subject does not answer (X没有作声, X不答, X不理她)
_SILENT = re.compile(r"(?:^|(?<=[。！？；\n]))[^。！？；，,\n“”]{1,12}?"
                     r"(?:没有作声|没作声|不作声|没有回答|没回答|不回答|不答|没有说话|不说话|没吭声|不吭声|不理|没话|无话"
                     r"|没言语|不言语|没出声|不出声"
                     r"|一动不动|没有动|没动)"
                     # 小军趴在桌上，眼睛盯着灯苗，一动不动。: the last clause of its sentence
                     r"|(?:^|(?<=[。！？；\n]))[^。！？；\n“”]{1,30}?[，,](?:半天)?(?:一动不动|没有动|没动"
                     r"|没有作声|不作声|没吭声|不吭声|没有说话|不说话)(?=[。！…]*(?:$|\n))")
#: a look that finds who spoke (推开窗户一看，是X; 回头一望，原来是X)
_LOOKS = "(?:一看|一瞧|一望|看时|望去|看去)"
_FOUND_IS = "[，,]?(?:原来|却|正|就|便|倒|竟)*是"
_SEEN_IS = re.compile(f"(?:{_LOOKS}|这?说话的人?){_FOUND_IS}")
#: a later sentence of the same paragraph opened by a pronoun (……。她拿起铅笔): an action
_ACTS_AFTER = re.compile("[。！？；][他她]")
#: a clause of somebody coming back to those who stayed (X回来了, X又跑了回来); one who
#: walks in for the first time mostly speaks first (班长X走了进来。/“哟，你俩干啥呢？”)
_BACK = "回来了|跑了回来|赶了回来"
_ARRIVES = re.compile(rf"(?:^|(?<=[。！？；，,\n]))[^。！？；，,\n“”]{{1,12}}?(?:{_BACK})")
#: somebody coming in, in the clause their name opens (林涛拎着两箱牛奶进门)
_ENTERS = re.compile(rf"[^，,。！？；“”\n]{{0,12}}?(?:进门|进来|走进|进屋|推门|{_BACK})")
#: a determiner right before a referent: 一个胖子说 is somebody the story tells of
_DETERMINED = re.compile("(?:一个|那个|这个|一位|那位|这位)$")
#: a place or description before the subject right after a quote (……”壁角的驼背忽然高兴起来)
_MODIFIER_ONLY = re.compile(r"[^，,。！？“”「」他她我]{1,6}的(?:一个|那个)?")
#: "这是X到了", "似乎是X的声音" right after a quote: the narration names who said it
_VOICE_IS = re.compile(r"[，,]?\s*(?:这|那)?(?:声音)?(?:原来|似乎|大约|大概|分明|正|却|就|倒|便)?(?:是|正是)")
#: a clause after the one somebody hears in, that acts and then speaks (，便抢出房门，……骂道)
_GOES_ON_ACTING = re.compile(r"[，,；;](?:便|就|遂|于是|连忙|赶紧|立刻)[^，,。]*[，,][^。！？]*$")
#: “……”我抬头看时，是X棹着小船: whoever the one who looked up saw said it
_LOOKED_IS = re.compile(f"[^，,。！？“”「」]{{0,8}}?{_LOOKS}{_FOUND_IS}")
#: a lead-in whose subject is somebody the story has not named (那人便焦急起来，嚷道):
#: the name earlier in the paragraph is somebody else
_STRANGER = re.compile("(?:那|这)(?:人|个人|位)"
                       # 那白俄说: a noun after 那/这 (what describes it before) and the verb
                       "|(?:那|这)(?:个|位)?(?:[^，,。！？的]{1,8}的)?[^才就便也又却时里边样么些是一，,。！？的]"
                       "[\u4e00-\u9fff]{0,2}(?:又|也|便|就|却|才|只|还|连忙|忙|笑着|大声|低声)?"
                       "(?:说|道|问|嚷|叫|骂)"
                       "|[^，,。]{1,6}的人[，,]?[^，,。]{0,6}(?:说|道|问|嚷|叫)"
                       # 周文的女人说: his wife, whom the cast does not hold
                       f"|[^，,。的]{{1,4}}的{RELATIVES}[^，,。]{{0,6}}(?:说|道|问|嚷|叫)")
#: what opens a clause of time before the main one (等X……，却……道)
_WHEN = re.compile("等|等到|待|待到|直到|趁")
#: a hearing verb whose object the speech verb after it is (杨杏园听他这样说)
_HEARD_SAY = re.compile("听[^，,。]*$")
#: 我 right before a lead-in's end (骂我说：, 催问我：): the object of the verb there, or not
_ME_AT_END = re.compile(r"我(?:说道|说|道|问道|告诉|问)?[：:，,]?\s*$")
#: a sentence or a long clause of narration before the lead-in's own clause
_SCENE_BEFORE = re.compile("[^“”]{12,}[，,。！？；][^，,。！？；“”]*$")
#: a lead-in that answers (笑答道：, 答：): somebody else than who asked
_ANSWERS = re.compile(r"(?:^|[，,。；;\s])[^，,。；;“”]{0,4}?(?:回答|答应|答)(?:道|说)?[：:，,]?\s*$")
#: a bare lead-in that asks (问：, 又问道：): a turn of its own
_ASKS = re.compile(r"[又便就因再复]?(?:笑|追)?问(?:道|说)?[：:，,]?")
#: a perception verb before 有人: the perceiver hears somebody else speak
_HEARS_SOMEBODY = re.compile("[^，,。！？]{0,8}(?:听得|听见|听到|觉得)[^，,。]{0,3}(?:有人|一个声音|一种声音|人声"
                             f"|(?:{_PLACES})有?几个人)")


def _leads_next_in(text: str, after: str, a_off: int) -> bool:
    """Whether the narration ``after`` a quote is one clause ending in a colon right before
    the next quote (“……”X点点头：“……”): that quote's lead-in."""
    return (after.rstrip()[-1:] in ("：", ":") and not re.search("[。！？!?；]", after)
            and text[a_off + len(after) : a_off + len(after) + 1] in ("“", "「"))


def analyze_chinese(
    text: str, paras: list[Paragraph], quotes: list[Quote], cast: Cast
) -> tuple[list[QuoteInfo], Mentions, int | None]:
    """Find names, tags and vocatives in a Chinese text for the shared attribution."""
    text = modern_text(text)
    narr = narration_mask(text, quotes)
    ctx_before: list[str] = []
    ctx_after: list[str] = []
    # a term in quote marks (交还了“老畜生”；……嘴里说道：) is narration: it bounds no tag
    spoken = [j for j, q in enumerate(quotes) if not _is_term(text, q)]
    prev_of = {j: (spoken[k - 1] if k > 0 else None) for k, j in enumerate(spoken)}
    next_of = {j: (spoken[k + 1] if k + 1 < len(spoken) else None) for k, j in enumerate(spoken)}
    for i, q in enumerate(quotes):
        p = paras[q.paragraph]
        pi, ni = prev_of.get(i, i - 1 if i > 0 else None), next_of.get(i, i + 1 if i + 1 < len(quotes) else None)
        lo = quotes[pi].end + 1 if pi is not None and quotes[pi].paragraph == q.paragraph else p.start
        hi = quotes[ni].start - 1 if ni is not None and quotes[ni].paragraph == q.paragraph else p.end
        if lo == p.start and q.start - 1 <= p.start and q.paragraph > 0 and not q.continued:
            # "……他的母亲端过一碟，轻轻说：" closing a paragraph that holds a quote, and the
            # quote opening the next one: the lead-in is this quote's
            pp = paras[q.paragraph - 1]
            if COLON_END.search(text, pp.start, pp.end):
                lo = quotes[pi].end + 1 if pi is not None and quotes[pi].paragraph == q.paragraph - 1 else pp.start
        ctx_before.append(text[lo : max(lo, q.start - 1)])
        ctx_after.append(text[min(q.end + 1, hi) : hi] if not q.unclosed else "")
    names = discover_names(text, narr, NOT_NAMES)
    latin = latin_names(text, narr)
    for f, n in latin.items():
        names.setdefault(f, n)
    for f, n in titled_names(text, narr, NOT_NAMES).items():
        names.setdefault(f, n)
    one_char = single_names(text, narr)
    names.update(one_char)
    names.update(tag_only_names(text, narr, names, NOT_NAMES))
    for i in range(len(quotes)):
        for seg in (subject_before(last_sentence(ctx_before[i])), subject_after(ctx_after[i])):
            if seg and len(seg) == 3 and ends_in_next_word(text, seg):
                seg = seg[:2]  # 张顺进来说: 进 opens 进来, the name is 张顺
            if seg and tag_surname_name(text, seg, names, NOT_NAMES):
                names[seg] += 1
        m_after = VERB_AFTER.match(ctx_after[i]) if ctx_after[i] else None
        given = given_name_prefix(m_after.group(1).strip("，, "), text, NOT_NAMES) if m_after else None
        if given and given not in names and not any(given in n for n in names):
            names[given] += 1  # "立德忽然抬起头来问" of 孙立德: the given name alone
    drop_acting_forms(names)
    wives_by_husband(text, narr, names)  # 王善保家的, somebody of her own
    roles = subject_roles(text, narr)
    aka = called_as(text, narr)
    for alias, full in aka.items():
        names[full] += 1
        names[alias] += 1
    build_zh_cast(names, roles, cast, text, narr, aka)
    for form, g in surname_addressed(text, narr).items():
        if cast.lookup(form) is None and not any(form in f for f in cast.by_form):
            cast.add(form, gender=g)
    alias_honorifics(text, cast)  # k君 of k
    add_described(text, narr, cast)
    add_relatives(text, narr, cast)

    # a first-person story: its narrator is a character from the start, and a 我 that opens
    # a clause of narration is a mention of them (a candidate for untagged replies)
    verse = verse_mask(text, paras)
    me = sum(1 for m in re.finditer("我", text) if narr[m.start()] and not verse[m.start()])
    # a third-person story that quotes a poem or a letter in its narration has a few 我 among
    # many 他/她: no narrator of its own
    first_person = me >= 3 and me >= 0.25 * sum(1 for m in re.finditer("[他她]", text) if narr[m.start()])
    narrator = None
    if first_person:
        mine = cast.lookup("我")
        narrator = mine if mine is not None else cast.add("我")
        for form in narrator_called(text, quotes, ctx_before):
            if cast.lookup(form) is None:
                cast.alias(narrator, form)  # “惜官，……” said to 我 again and again: my name

    aliases = sorted((a for a in cast.by_form if len(a) >= 2), key=len, reverse=True)
    alias_rx = re.compile("|".join(re.escape(a) for a in aliases)) if aliases else None
    bare = bare_surnames(text, narr, cast)
    for c, cid in bare.items():
        cast.alias(cid, c)
    singles = [(c, bare_surname_rx(c)) for c in bare] + [
        (r, SINGLE_KIN[r]) for r in SINGLE_KIN if cast.lookup(r) is not None] + [
        (c, re.compile(c)) for c in one_char if cast.lookup(c) is not None] + [
        (c, re.compile(rf"(?<![A-Za-z]){c}(?![A-Za-z])")) for c in latin if len(c) == 1 and cast.lookup(c) is not None]
    refs = referents(text, alias_rx, singles, cast, narr, narrator)
    refs = unnamed_hero(text, narr, cast, refs, narrator)  # 沉沦's 他
    refs = add_strangers(text, narr, cast, refs)
    vote_genders(text, refs, narr, cast)
    title_votes(text, cast)
    refs = spouses(text, refs, narr, cast)
    parents_called(text, narr, cast)  # 妈 / 爸 of 王桂香带着女儿刘小梅
    sex_from_forms(cast)
    refs = described_refs(text, narr, refs, cast)  # 老汉叹了口气: the one old man of the scene
    refs = kin_refs(text, narr, refs, cast)  # 看着儿子 of 儿子高进财
    pos: list[int] = []
    cids: list[int] = []
    inert = inert_characters(text, narr, cast)
    for at, _end, cid in refs:
        if cid < 0:
            continue
        cast.chars[cid].mentions += 1
        if not narr[at] or cid in inert:
            continue  # (inert: somebody only for the tags that name them)
        pos.append(at)
        cids.append(cid)
    ref_at = {at: (end, cid) for at, end, cid in refs}
    relatives_of = pronouns_relatives(text, narr, refs)  # 他父亲 of a story whose 他 is the son
    away = absent_by_quote([q.start for q in quotes], exits(text, refs, narr, narrator), refs,
                           text, narr, cast.gender)
    ref_starts = [r[0] for r in refs]

    def refs_in(lo: int, hi: int) -> list[tuple[int, int, int]]:
        from bisect import bisect_left

        return refs[bisect_left(ref_starts, lo) : bisect_left(ref_starts, hi)]

    infos: list[QuoteInfo] = []
    called: list[tuple[int, int]] = []  # (quote start, person it addresses), in text order
    bare_q_and_a: set[int] = set()  # quotes led in by a bare 问： or 答：
    for i, q in enumerate(quotes):
        info = QuoteInfo(q.start, q.end, q.paragraph, continued=q.continued,
                         after_scene=_SCENE_BEFORE.search(ctx_before[i]) is not None)
        before, after = ctx_before[i], ctx_after[i]
        # “哦！”“他总仍旧是偷……”: a quote right after another in one paragraph answers it
        info.new_turn = i > 0 and quotes[i - 1].paragraph == q.paragraph and not before.strip()
        info.exclaims = text[q.start : q.start + 1] in ("啊", "唉", "咳", "嗳", "哎", "噢", "哦", "呵")
        b_off = q.start - 1 - len(before)
        a_off = q.end + 1
        last = last_sentence(before)
        l_off = b_off + len(before) - len(last)
        m_after = VERB_AFTER.match(after) if after else None
        if m_after and not after[m_after.end():].strip("，,：: \n\u3000") and (
                text[a_off + len(after) : a_off + len(after) + 1] in ("“", "「")
                or after.rstrip()[-1:] in ("：", ":")):
            # "……”七爷也一路点头，说道“请请”", "……”他对契默说：/“……”: the next quote's lead-in
            m_after = None
        if m_after and after[m_after.end() : m_after.end() + 2] == "话的":
            m_after = None  # “……”这说话的是X: who the speaker was, said below
        if m_after and (_NEGATED.search(m_after.group(1)) or _HEARD_SAY.search(m_after.group(1))):
            # "……”他不回答，对柜里说": who did not answer said nothing here; "……”杨杏园听他这样
            # 说: who heard it did not say it
            m_after = None
        hit = None
        asked: int | str | None = None
        if m_after and COLON_END.search(last) and VERB_END.search(last):
            # X道：“……”Y也不多说 — a quote its lead-in gives to somebody: the verb after it
            # belongs to what happens next
            # (他很和蔼地对慧儿说：“……”慧儿不晓得要怎样回答: a 他/她 leads it in as well as a name)
            h = verb_clause_subject(text, last, l_off, ref_at, narr) or first_ref(
                text, l_off, l_off + len(last), ref_at, narr, strict=False)
            if h is not None and (h[0] == "cid" or h[1] in ("male", "female")):
                m_after = None
        if m_after:
            info.tag_text = after[: m_after.end()]
            # 从牛宅出来，老二对大哥说: the speech verb's own clause names who says it
            cut = max(after.rfind(c, 0, m_after.end()) for c in "，,") + 1
            hit = first_ref(text, a_off + cut, a_off + m_after.end(), ref_at, narr, strict=True) if cut else None
            if hit is None:
                hit = first_ref(text, a_off, a_off + m_after.end(), ref_at, narr, strict=False)
            if TOGETHER.search(info.tag_text):
                info.anonymous, hit = True, None  # “……”长衫人物都吆喝说: several at once
        lead_in = bool(VERB_END.search(last) or COLON_END.search(last)
                       or _SAID_ONCE.search(last))
        stranger = voice = False
        answered = None
        if hit is not None and hit[0] == "pron" and hit[1] in ("male", "female") and lead_in:
            # "X……劝他吃辣椒：“……”他说": the lead-in names whom the 他 after the quote is
            h = verb_clause_subject(text, last, l_off, ref_at, narr) or first_ref(
                text, l_off, l_off + len(last), ref_at, narr, strict=False)
            if h is not None and h[0] == "cid" and cast.gender(h[1]) in (hit[1], "unknown"):
                hit = h
        if hit is None and lead_in:
            info.tag_text = last
            # 那姑娘……顺便在炕上坐下，问家树道: the one asked says nothing here
            asked = spoken_to(text, last, l_off, ref_at)
            hit = verb_clause_subject(text, last, l_off, ref_at, narr)
            if hit is not None and hit[0] == "cid" and hit[1] == asked:
                hit = None  # 凤喜……，对屋子里的老妈子道: the one spoken to is the verb's object
            if hit is not None and hit[0] == "crowd":
                info.anonymous, hit, lead_in = True, None, False
            if hit is None and not info.anonymous:
                hit = pronoun_clause_subject(text, last, l_off, ref_at, narr, cast.gender)
            if hit is None and not info.anonymous:
                hit = asker_of(text, last, l_off, refs_in, cast)
            if hit is None and not info.anonymous:
                hit = first_ref(text, l_off, l_off + len(last), ref_at, narr, strict=False)
                if hit is not None and _WHEN.fullmatch(text, clause_start(text, hit[2], l_off), hit[2]):
                    hit = None  # 等玉和自己也倒茶喝，却笑着……道: who a time clause names waits
                if hit is not None and hit[0] == "cid":
                    # 伊人对她行了一个礼，她……，就对伊人说：the one spoken to is not the speaker
                    hit = pronoun_said_to(text, last, l_off, ref_at, narr, hit[1]) or hit
            # 那人便焦急起来，嚷道: somebody the cast does not hold, not a name said before
            stranger = hit is None and bool(_STRANGER.match(last.lstrip()))
            voice = bool(_ANONYMOUS.search(last))  # 窗户外头有人压着嗓子喊：nobody named
            if hit is None and len(last) < len(before) and not (info.anonymous or stranger or voice):
                # "……单四嫂子暗地纳罕，心里计算：……。但总免不了着急，便局局促促的说：" —
                # a lead-in sentence without a subject goes on from the sentence before it
                hit = last_subject(text, b_off, l_off, ref_at, narr) or first_ref(
                    text, b_off, b_off + len(before), ref_at, narr, strict=True)
                c_at = clause_start(text, hit[2], b_off) if hit is not None else 0
                if hit is not None and "是" in text[c_at : hit[2]] and not _LINKS_ONLY.fullmatch(text, c_at, hit[2]):
                    hit = None  # 那么，这是他的车夫了。于是走向前……道: who he is (not 还是X), not who speaks
            elif hit is None and not (info.anonymous or stranger or voice) and q.paragraph > 0 and not (
                    i > 0 and quotes[i - 1].paragraph >= q.paragraph - 1) and not any(
                    cid >= 0 and not is_object(text, a, l_off) for a, _e, cid in refs_in(l_off, l_off + len(last))):
                # the same, with the lead-in on a line of its own (web layout): the last
                # subject of the narration line before it (看见佩芳进来，……笑道: 佩芳 is seen)
                pp = paras[q.paragraph - 1]
                hit = last_subject(text, pp.start, pp.end, ref_at, narr)
            if hit is None and not (info.anonymous or stranger or voice) and i > 0 and (
                    l_off - quotes[i - 1].end < 300) and b_off > quotes[i - 1].end + 1 and last_subject(
                    text, l_off, l_off + len(last), ref_at, narr) is None and not opens_with_person(last):
                # the same in a web novel, whose narration sentence runs over several lines
                # before its lead-in: the last subject since the quote before
                hit = last_subject(text, quotes[i - 1].end + 1, l_off, ref_at, narr)
            if hit is None and not (info.anonymous or stranger or voice) and i > 0 and (
                    q.start - quotes[i - 1].end < 100) and not anybody_between(
                    text, quotes[i - 1].end + 1, q.start, refs_in, narr) and not (
                    opens_with_person(last, nouns=True) or _ANONYMOUS.search(last)):
                # X道：“……”因问：“……” / X道：“……”说着，举了一举。又指着Y道：“……” — a
                # lead-in with nobody in it, soon after a quote, and nobody new in between:
                # whoever spoke that quote goes on, unless it answers (问：“……”答：“……”)
                hit = previous_tag(infos[i - 1])
                answers = _ANSWERS.search(last) is not None
                if hit is not None and answers:
                    asked = hit[1] if hit[0] == "cid" else None
                    hit = None
                if answers or _ASKS.fullmatch(last.strip()):
                    # 问：“……”答：“……”问：“……”: each a turn of its own
                    info.new_turn = quotes[i - 1].paragraph == q.paragraph
                    bare_q_and_a.add(i)
        m_me = _ME_AT_END.search(last) if lead_in else None
        to_me = m_me is not None and is_object(text, l_off + m_me.start(), l_off)
        if to_me and hit is not None and text[hit[2]] == "我" and hit[2] < l_off:
            hit = None  # ……，怒目的大声骂我说: 我 is spoken to; the 我 before is no subject here
        m_looked = _LOOKED_IS.match(after) if after else None
        m_is = m_looked or (_VOICE_IS.match(after) if after else None)
        # “……”这是驼背五少爷到了 / 似乎是蓝皮阿五的声音: the narration says who spoke (a short
        # description may stand before the name)
        at_is = next((a_off + m_is.end() + d for d in range(4) if m_is
                      and a_off + m_is.end() + d in ref_at and ref_at[a_off + m_is.end() + d][1] >= 0
                      and re.fullmatch(f"[{_CJK}]*", text[a_off + m_is.end() : a_off + m_is.end() + d])),
                     None)
        if at_is is not None:
            end, cid = ref_at[at_is]
            if m_looked or re.match("的声音|到了|来了|了?[。，,；]", text[end : end + 3]):
                hit, info.anonymous, stranger = ("cid", cid, at_is), False, False
                info.tag_text = text[a_off : end + 3]
        if hit is None and after and not (info.anonymous or stranger or lead_in) and crowd_voices(after):
            info.anonymous = True  # “万岁！”他们都拍掌欢呼起来: the crowd right after it cried it
            info.tag_text = after[:12]
        if hit is None and after and not (info.anonymous or stranger or lead_in):
            h = first_ref(text, a_off, a_off + len(after), ref_at, narr, strict=True)
            if h is not None and (h[2] == a_off or _MODIFIER_ONLY.fullmatch(text, a_off, h[2])):
                # 瑞丰立起来。“……”大赤包点了点头：“……”: one clause after this line leads the
                # next one in, so the sentence before this line tells who says it
                hit = (last_subject(text, b_off, b_off + len(before), ref_at, narr)
                       if before.strip() and _leads_next_in(text, after, a_off) else h)
        if hit is None and before.strip() and not (info.anonymous or stranger or voice):
            hit = first_ref(text, b_off, b_off + len(before), ref_at, narr, strict=True)
        if hit is None and after and not (info.anonymous or stranger or lead_in):
            hit = first_ref(text, a_off, a_off + len(after), ref_at, narr, strict=True)
        if hit is None and not after.strip() and not before.strip() and not (
                info.anonymous or stranger) and q.paragraph + 1 < len(paras):
            # a quote alone in its paragraph: the paragraph after it may say who said it
            quote_next = i + 1 < len(quotes) and quotes[i + 1].paragraph == q.paragraph + 1
            said = next_paragraph_speaker(text, paras[q.paragraph + 1], ref_at, narr, refs_in, not quote_next)
            if said is not None:
                hit, info.tag_text = said
        if hit is None and not after.strip() and not before.strip() and not (
                info.anonymous or stranger) and q.paragraph > 0 and not (
                i > 0 and quotes[i - 1].paragraph == q.paragraph - 1):
            # 林涛端着盘子出来，正好撞见二姐。/ “这次回来待几天？”: the one met at the end of
            # the narration speaks first
            pp = paras[q.paragraph - 1]
            m_met = _MET_LAST.search(text, pp.start, pp.end)
            if m_met is not None:
                met = [(a, c) for a, _e, c in refs_in(m_met.start(1), pp.end) if c >= 0 and narr[a]]
                if met:
                    hit = ("cid", met[-1][1], met[-1][0])
                    info.tag_text = text[m_met.start() : pp.end]
            m_fol = FOLLOWS.search(text, pp.start, pp.end) if hit is None else None
            if m_fol is not None:
                # 文斌跟着她走到走廊上。/ “家里还好吧？”: the one who leads the way speaks
                led = led_by(text, m_fol, pp, refs_in, cast)
                if led is not None:
                    hit = ("cid", led, m_fol.start(1))
                    info.tag_text = text[m_fol.start() : m_fol.end()]
        if info.tag_text and (_ONE_OF_GROUP.search(info.tag_text) or _ANONYMOUS.search(info.tag_text) and (
                hit is None or not (clause_subject(text, hit[2]) or _DETERMINED.search(
                    text, max(0, hit[2] - 2), hit[2])))):
            info.anonymous, hit = True, None  # "有人说", "一个说": nobody the story names
        m_hears = _HEARS_SOMEBODY.match(after) or _HEARS_SOMEBODY.search(
            last if lead_in or re.search(r"[，,：:]\s*$", last) else "")
        if m_hears and m_hears.string is last and _GOES_ON_ACTING.search(last, m_hears.end()):
            m_hears = None  # 吴国梁听到有人喝骂，便抢出房门，……骂道: who heard it goes on to speak
        if m_hears:
            info.anonymous, hit = True, None  # "X听得有人问他": the one who hears is asked
            if "声" in m_hears.group(0):
                # 忽然间听得一个声音，“……”……向外一望，那X便在柜台下: the one the narration
                # then finds is the voice
                # (up to the next quote, on the lines after it too in a web novel)
                pe = quotes[i + 1].start if i + 1 < len(quotes) else len(text)
                seen = next(((a, c) for a, _e, c in refs_in(q.end, min(pe, q.end + 150))
                             if c >= 0 and c != narrator and narr[a]), None)
                if seen is not None:
                    hit, info.anonymous = ("cid", seen[1], seen[0]), False
        if info.anonymous and hit is None and not stranger:
            # “军娃！”……玉兰推开窗户一看，是邻居家的二狗: the narration then says whose voice
            pe = quotes[i + 1].start if i + 1 < len(quotes) else len(text)
            m_seen = _SEEN_IS.search(text, q.end, min(pe, q.end + 120))
            if m_seen is not None:
                # the last name of that clause (是白桂英的哥哥白大福: her brother)
                seen = next(((a, c) for a, _e, c in reversed(refs_in(m_seen.end(), min(pe, m_seen.end() + 12)))
                             if c >= 0 and narr[a]
                             and re.fullmatch(f"[{_CJK}]*的?", text[m_seen.end() : a])), None)
                if seen is not None:
                    hit, info.anonymous = ("cid", seen[1], seen[0]), False
        if (lead_in or info.anonymous) and i > 0 and quotes[i - 1].paragraph == q.paragraph and (
                infos[i - 1].anonymous != info.anonymous):
            # 有的叫道，“……”X不理，对伙计说，“……” / X道：“……”只听里面说：“……”: a voice and
            # somebody with a lead-in of their own are two turns
            info.new_turn = True
        if hit is None and COLON_END.search(last) and not (info.anonymous or stranger) and i > 0 and (
                quotes[i - 1].paragraph == q.paragraph) and before.strip() and opens_with_person(last, nouns=True):
            # 家树道：“……”姑娘低了头，微笑道：“……”: a lead-in whose own subject the cast
            # does not hold is somebody else's turn, not more of the line before
            info.new_turn = info.led_in = True
        if stranger:
            info.anonymous = True  # somebody the cast does not hold says it
        if info.anonymous:
            info.tag_gender = "anonymous"  # a named speaker's line after it is a turn of its own
        own = None
        if hit is None and not info.anonymous and not stranger:
            own = self_named(text[q.start : q.end], cast, quotes[i - 1] if i > 0 else None, text)
            if own is not None:
                hit = ("cid", own, q.start)  # “我叫吴小平，……”: who introduces themselves
        if not info.tag_text:
            info.tag_text = before[-12:] + after[:12]
        if hit is None and first_person and not to_me and answers_other(
                i, quotes, infos, ctx_before, ctx_after, narrator) and narrator is not None and (
                named_lately(pos, cids, narrator, q.start)):
            # (not in a story the narrator tells of others, with no 我 in its narration lately)
            hit = ("pron", "narrator", q.start)  # a bare reply in a first-person story
        if hit is not None and asked is not None and (hit[1] == asked or (asked == "narrator" and (
                text[hit[2]] == "我" or (hit[0] == "cid" and hit[1] == narrator)))):
            hit = None
        if hit is not None and lead_in and i - 1 in bare_q_and_a and quotes[i - 1].paragraph == q.paragraph:
            info.new_turn = True  # 答：“……”子平说：“……”: the one named asks again
        if (cry := cry_subject(text, q, refs_in, narr)) is not None:
            hit = cry  # 她也“哟”了一声
        if hit is not None and hit[0] == "pron" and hit[1] in ("male", "female"):
            opener = sentence_opener(text, hit[2], refs_in, narr, cast)
            if opener is None:
                opener = revealed_before(text, hit[2], refs_in, narr, cast, hit[1])
            hit = hit if opener is None else ("cid", opener, hit[2])
        if hit is not None:
            kind, val, at = hit
            info.tag_pos = at
            if kind == "cid":
                info.tag_cid = val
                g = cast.gender(val)
                info.tag_gender = g if g != "unknown" else None
            elif first_person and val in ("male", "female") and (referent := tag_referent(
                    cast, pos, cids, at, val, narrator, called, relatives_of, text)) is not None:
                # 他/她 is never "我"
                info.tag_cid = referent
                info.tag_gender = val
            else:
                info.tag_pronoun = val
                info.tag_gender = val  # “……”她说。“……”我说: two speakers in one paragraph
                between = text[quotes[i - 1].end + 1 : at].strip() if i > 0 else ""
                info.goes_on = i > 0 and (
                    (GOES_ON.match(text, at) is not None and not between)
                    # “……”/ 又举起了头，迟疑了一会，他才笑着问说: the one who spoke goes on
                    or (q.paragraph - quotes[i - 1].paragraph <= 1 and _AGAIN.match(between) is not None
                        and not refs_in(quotes[i - 1].end + 1, at - 1)))
                after_named = (i > 0 and quotes[i - 1].paragraph == q.paragraph
                               and infos[i - 1].tag_cid is not None and at < q.start)
                if after_named and _ANSWERS.search(last):
                    info.new_turn = True  # X问Y说：“……”Y听见……。他回答说: an answer is another's
                    answered = infos[i - 1].tag_cid
                elif after_named and any(
                        c >= 0 and c != infos[i - 1].tag_cid and narr[a] and text[a - 1] in _CLAUSE_BOUND
                        and cast.gender(c) in (val, "unknown") for a, _e, c in refs_in(quotes[i - 1].end + 1, at)):
                    # X道：“……”一会儿，Y……回来了。她道：“……”: the 她 after another woman
                    # opens a clause of the narration between is a new turn
                    info.new_turn = True
                if val == "narrator" and narrator is None:
                    narrator = cast.lookup("我") if cast.lookup("我") is not None else cast.add("我")
        info.term = _is_term(text, q)
        if lead_in and (m_to := ASKS_PRONOUN.search(last)) is not None:
            info.to_pronoun = PRON_ZH[m_to.group(1)]  # 又对她说: she answers, once known
        # 老刘哥，吃了没有？: a name with a word of address after it calls that person too
        info.vocatives = [v for v in vocatives(text[q.start : q.end], cast, alias_rx, singles, titled=True)
                          if v != own]  # “陈卫红。” answering 叫啥名字: a name given, nobody called
        called.extend((q.start, v) for v in info.vocatives)
        if info.tag_cid is not None and info.tag_cid in info.vocatives:
            # nobody calls themselves by name: the tag's first name is the one spoken to
            # ("X身边的助理Y小声提醒：“X总，……”"); the next person of the tag speaks
            hi = a_off + len(after) if info.tag_pos >= a_off else b_off + len(before)
            h = first_ref(text, ref_at[info.tag_pos][0], hi, ref_at, narr, strict=False)
            if h is not None and h[0] == "cid" and h[1] not in info.vocatives:
                info.tag_cid, info.tag_pos = h[1], h[2]
                g = cast.gender(h[1])
                info.tag_gender = g if g != "unknown" else None
            else:
                info.tag_cid, info.tag_pos, info.tag_gender = None, -1, None
        info.not_speaker = others_named(text, q, refs_in, info, hit)
        if answered is not None:
            info.not_speaker.append(answered)
        if to_me and narrator is not None and hit is None and narrator not in info.not_speaker:
            info.not_speaker.append(narrator)  # 临走时向我告诉: 我 is told, somebody else speaks
        who_asked = narrator if asked == "narrator" else asked
        if isinstance(who_asked, int) and who_asked not in info.not_speaker:
            info.not_speaker.append(who_asked)
        if i > 0 and quotes[i - 1].paragraph == q.paragraph and (
                (who_asked is not None and infos[i - 1].tag_cid == who_asked)
                or (asked == "narrator" and infos[i - 1].tag_pronoun == "narrator")):
            info.new_turn = True  # X道：“……”只见Y回来，向X道：“……”: the one who spoke is asked
        if not before.strip() and q.paragraph > 0 and not (
                i > 0 and quotes[i - 1].paragraph == q.paragraph - 1):
            # 五叔没有作声。/ “你倒是说句话呀。”: who just kept silent does not say the next line
            pp = paras[q.paragraph - 1]
            for m_sil in _SILENT.finditer(text, pp.start, pp.end):
                if _ACTS_AFTER.search(text, m_sil.end(), pp.end):
                    continue  # 玉兰不说话了。她拿起铅笔，……: silent, then busy: she goes on
                h = first_ref(text, m_sil.start(), m_sil.end(), ref_at, narr, strict=True)
                if h is not None and h[0] == "cid" and h[1] not in info.not_speaker and (
                        h[1] != info.tag_cid):
                    info.not_speaker.append(h[1])
            # 不多时，周仲甫回来了，脸色很难看。/ “怎么了？”: the one who just came in is asked
            if text[q.start : q.end].rstrip("”」").endswith(("？", "?")):
                for m_arr in _ARRIVES.finditer(text, pp.start, pp.end):
                    h = first_ref(text, m_arr.start(), m_arr.end(), ref_at, narr, strict=True)
                    if h is not None and h[0] == "cid" and h[1] not in info.not_speaker and (
                            h[1] != info.tag_cid):
                        info.not_speaker.append(h[1])
        # somebody who walked out (X跑出去了) says no line until the narration names them again
        info.not_speaker.extend(c for c in away[i] if c != info.tag_cid and c not in info.not_speaker)
        if (narrator is not None and info.tag_pronoun in ("male", "female")
                and narrator not in info.not_speaker):
            info.not_speaker.append(narrator)  # 他/她 of a first-person story is never "我"
        if info.tag_cid is not None and not info.vocatives and info.to_pronoun is None:
            info.vocatives = tag_addressee(text, info, refs_in, narrator)
            if not info.vocatives and q.paragraph > 0 and not (
                    i > 0 and quotes[i - 1].paragraph >= q.paragraph - 1):
                # 林涛拎着牛奶进门的时候，屋里忽然安静了。/ “哟，回来了。”二姐说: the one who
                # just came in is spoken to, and answers
                pp = paras[q.paragraph - 1]
                came = [c for a, _e, c in refs_in(pp.start, pp.end) if c >= 0 and narr[a]
                        and c != info.tag_cid and _ENTERS.match(text, a, pp.end)]
                if came:
                    info.vocatives = [came[-1]]
        elif (hit is None and not info.vocatives and not before.strip() and not after.strip()
              and q.paragraph > 0 and not (i > 0 and quotes[i - 1].paragraph == q.paragraph - 1)):
            # 文斌回到教室里，晓燕和建国都看着他。/ “老师跟你说啥了？”: the one looked at is
            # asked, and answers next
            looked = looked_at(text, paras[q.paragraph - 1], refs_in, cast)
            if looked is not None:
                info.vocatives = [looked]
        info.resumes = first_person and after_silent_beat(text, i, quotes, paras, before)
        if (narrator is not None and info.tag_pronoun in ("male", "female") and i > 0
                and quotes[i - 1].paragraph == q.paragraph and infos[i - 1].tag_cid == narrator):
            info.new_turn = True  # “我……？”……她微微的叹著说：“……”: she answers "me"
        p = paras[q.paragraph]
        if text[p.start] in "他她" and not (i > 0 and quotes[i - 1].paragraph == q.paragraph):
            info.ctx_pronoun = PRON_ZH[text[p.start]]
        elif (q.start - 1 <= p.start and q.paragraph > 0 and not q.continued
              and not (i > 0 and quotes[i - 1].paragraph >= q.paragraph - 1)):
            # 他只是摇头。/ “非常难。……”: a web novel's line of his beat before his words
            pp = paras[q.paragraph - 1]
            if (text[pp.start] in "他她" and pp.end - pp.start <= 16
                    and not re.search("[。！？；]", text[pp.start : pp.end - 1])
                    and not any(c >= 0 for _a, _e, c in refs_in(pp.start, pp.end))
                    and not _SILENT.match(text, pp.start)):  # (他没言语。: not his words next)
                info.ctx_pronoun = PRON_ZH[text[pp.start]]
                if narrator is not None and narrator not in info.not_speaker:
                    info.not_speaker.append(narrator)  # 他 is never "我"
        infos.append(info)
    men_by_default(cast, Counter(info.tag_cid for info in infos if info.tag_cid is not None))
    minor = frozenset(at for at in pos if _SUBORDINATE_CLAUSE.match(text, at)
                      or _REPORTED_THOUGHT.search(text, max(0, at - 30), at))
    # 刘妈看看太太，太太点了点头。: who only nods or keeps silent is no subject that speaks next
    # (……，而李文卿却……: a linking word before the subject leaves it the clause's opener)
    opens = frozenset(at for at in pos if (at == 0 or text[at - 1] in _CLAUSE_BOUND
                                           or after_links(text, at, 0, CLAUSE_BOUND))
                      and not _NODS.match(text, at))
    # 一个横眉怒目的门丁 / 扑通扑通的霍斯敬: a subject after what describes it
    subjects = opens | frozenset(at for at in pos if at > 0 and text[at - 1] == "的")
    pron_opens = [(a, "male" if text[a] == "他" else "female") for a, _e, c in refs if c < 0 and text[a] in "他她"
                  and narr[a] and (a == 0 or text[a - 1] in _CLAUSE_BOUND) and text[a + 1 : a + 2] != "们"]
    return infos, Mentions(pos, cids, minor, opens, subjects, relatives_of, pron_opens), narrator


#: narration that opens with what the one who just spoke does again (又举起了头，……他才问说)
_AGAIN = re.compile("(?:又|接着|随即|随后又)(?!对|向|跟|问)")
#: a clause whose subject only nods, shakes the head or keeps silent
_NODS = re.compile(r"[^，,。！？；“”\n]{1,6}?(?:也|又|便|就|只|只是|轻轻|微微)?(?:点了点头|点点头|点头|摇了摇头|摇摇头|"
                   r"没有作声|没作声|不作声|没有说话|不说话|没吭声|不吭声)[。！，,；]")
#: what a clause's subject follows
_CLAUSE_BOUND = set("\n，,。！？；：”」…— ")


_TERM_END = re.compile("[。！？!?…]")
#: words before a quote that make it spoken after all (叫一声“先生”, 答应了一声“是”, 吩咐“要小心”)
_SAYING = re.compile("[叫说道喊声问答嚷骂念应咐嘱]")


#: a clause that only sets the time of the main one ("X走出来的时候，", "X还没来得及答话，")
_SUBORDINATE_CLAUSE = re.compile(r"[^，,。！？；“”]{1,16}(?:的时候|之时|之后|以后|还没来得及[^，,。]{0,4})[，,]")


#: a mention inside a thought the narration reports after a colon (心里计算：宝儿该有活命了) or
#: after 他想， (他想，瑞宣的来历一定大得很)
_REPORTED_THOUGHT = re.compile(r"(?:(?:想|计算|以为|觉得|心里)[^。！？“”]{0,3}[：:]|[他她我]想[，,])[^。！？“”]*$")


#: a lead-in that turns to the narrator (握着我的手说, 问我道)
_TO_NARRATOR = re.compile("(?:对|向|问|朝|冲|跟|握着|拉着|望着|看着|叫)我[^，。！？“”]{0,8}"
                          "(?:说|道|问|叫|喊)[^，。！？“”]{0,3}[：:，,]?\\s*$")
#: a name called at a quote's head (“惜官，……)
_CALLED_AT_HEAD = re.compile("([\u4e00-\u9fff]{2,3})[，！,!]")


def narrator_called(text: str, quotes: list[Quote], ctx_before: list[str]) -> list[str]:
    """Names a first-person story's people call the narrator by: the name at the head of a
    quote whose lead-in turns to 我 (……握着我的手说：“惜官，……”), said at least twice."""
    seen: Counter = Counter()
    for q, before in zip(quotes, ctx_before, strict=True):
        m = _CALLED_AT_HEAD.match(text, q.start)
        if m is not None and _TO_NARRATOR.search(last_sentence(before)) and not is_pronoun(m.group(1)):
            seen[m.group(1)] += 1
    return [f for f, n in seen.items() if n >= 2 and f not in KIN_ROLES]


def _is_term(text: str, q: Quote) -> bool:
    """A short quotation inside a narration sentence, with no speech word before it: a
    term, a name or a scare quote (接过“屁塞”，坐下), not a line anyone speaks."""
    inner = text[q.start : q.end]
    if q.unclosed or len(inner) > 8 or _TERM_END.search(inner) or q.start < 2:
        return False
    before = text[q.start - 2]
    if not re.match(f"[{_CJK}]", before) or is_cry(text, q):
        return False  # 她也“哟”了一声: a cry somebody utters
    return not _SAYING.search(text, max(0, q.start - 5), q.start - 1)
