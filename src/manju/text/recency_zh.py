"""Who the 他/她 of a speech tag is in a first-person Chinese story.

There the narration's 他 and 她 are never the narrator, and the person the narrator spends the
chapter with is often called only 她 while others are named in passing, so a tag's pronoun is
resolved against the latest mentions of its sex, weighted by how much the story names them.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .cast import Cast
from .cast_zh import given_name_gender
from .referents_zh import KIN_AFTER, preposition_object


def tag_referent(cast: Cast, pos: list[int], cids: list[int], at: int, gender: str,
                 narrator: int | None = None, called: list[tuple[int, int]] | None = None,
                 relatives_of: dict[int, str] | None = None, text: str = "") -> int | None:
    """Who the 他/她 of sex ``gender`` of a tag at ``at`` is: of the two latest characters of
    that sex mentioned before it, the one the story names more (else the latest of unknown
    sex whose given name is not of the other sex), never the narrator; a person of ``gender``
    addressed by a quote after that mention (“阿！闰土哥，——你来了？” …… 他叫道) is more recent."""
    k = bisect_left(pos, at)
    unknown = None
    others = acted_on(text, pos, cids, at, gender, narrator) if text else set()
    was_called = {cid for c_at, cid in called or [] if c_at < at}
    found, found_at = None, -1
    governed = None
    turned_to: set[int] = set()
    for j in range(k - 1, max(-1, k - 15), -1):
        if cids[j] == narrator or (relatives_of or {}).get(cids[j]) == gender or cids[j] in others:
            continue  # (nor 他父亲, when the 他 is the son)
        g = cast.gender(cids[j])
        if cids[j] in turned_to or (text and found is None and preposition_object(text, pos[j])):
            # 和李兰香姥姥应答了几句，……她第一句话就说: the one a clause without a subject
            # of its own turns to last is not who the narration goes on with
            turned_to.add(cids[j])
            governed = governed if governed is not None or g != gender else cids[j]
            continue
        if g == gender:
            if found is None:
                found, found_at = cids[j], pos[j]
                continue
            if cids[j] != found:
                # of the two latest of that sex, the one the story names more: somebody
                # named in passing (戏单上的名字是小月红。她看了……) is seldom the 她 of a tag
                if cast.chars[cids[j]].mentions > cast.chars[found].mentions:
                    found, found_at = cids[j], pos[j]
                break
            continue
        if g == "unknown" and given_name_gender(cast.chars[cids[j]].name) not in ("unknown", gender):
            continue  # 月英, of a sex the votes left open, is no 他
        if g == "unknown" and (unknown is None or unknown not in was_called and cids[j] in was_called):
            # of those whose sex is unknown, one a line called by name (“纬甫，是你么？”)
            # before a thing the narration names (油豆腐也煮得十分好)
            unknown = cids[j]
    for c_at, cid in reversed(called or []):
        if c_at >= at:
            continue
        if c_at <= found_at:
            break
        if cid != narrator and cast.gender(cid) == gender:
            return cid
    return found if found is not None else governed if governed is not None else unknown


_OTHERS = "我你"
#: verbs whose object is a clause of its own, where 他/她 may be the subject again
_EMBEDS = re.compile("知道|觉得|以为|想|说|是|希望|相信|明白|晓得|记得|认为|怕|听说|似乎|好像")
#: (a web novel breaks lines at commas too: a line's end is no sentence's)
_SENTENCE_END = "。！？；”」"
_CLAUSE_END = _SENTENCE_END + "，,：:\n"
#: what after 他/她 makes it no object: 们, 的, 自己, 家, and kin (他祖母 may be the subject's own)
_OWNS = "们的自家"


def acted_on(text: str, pos: list[int], cids: list[int], at: int, gender: str,
             narrator: int | None, reach: int = 400) -> set[int]:
    """People a 他/她 of ``gender`` cannot be at ``at``: those whose latest sentence has them
    act on that pronoun (姥姥和李兰香……，非但不出来替她说一句话): a clause's subject is not
    its own object, and the 她 the narration goes on with is that object."""
    lo = max(0, at - reach, text.rfind("”", 0, at) + 1)
    form = "他" if gender == "male" else "她"
    last: dict[int, int] = {}
    for j in range(bisect_left(pos, lo), bisect_left(pos, at)):
        last[cids[j]] = pos[j]
    out: set[int] = set()
    for p in range(lo, at):
        if (text[p] != form or text[p - 1 : p] in _CLAUSE_END or text[p + 1 : p + 2] in _OWNS
                or KIN_AFTER.match(text, p + 1)):
            continue  # a pronoun opening its clause is a subject; 他的, 他祖母 may be its own
        stop = max(lo, max(text.rfind(c, lo, p) for c in _SENTENCE_END) + 1)
        e = p
        while e > stop:  # back over the sentence's clauses to the nearest one a subject opens
            c0 = max(stop, max(text.rfind(c, stop, e) for c in _CLAUSE_END) + 1)
            if any(ch in text[c0:p] for ch in _OTHERS) or _EMBEDS.search(text, c0, p):
                break  # somebody else (我, 你) in between, or a clause of its own (知道……笑的她)
            j = bisect_left(pos, c0)
            if j < len(pos) and pos[j] < e and pos[j] - c0 <= 2:
                group = [cids[j]]
                while j + 1 < len(pos) and pos[j + 1] < p and text[pos[j + 1] - 1] in "和与同跟、":
                    j += 1
                    group.append(cids[j])
                if narrator not in group:
                    out.update(c for c in group if last.get(c, -1) < p)
                break
            if text[c0 : c0 + 1] in "我你他她":
                break
            e = c0 - 1
    return out
