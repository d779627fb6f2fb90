"""Who the 他/她 of a speech tag is in a first-person Chinese story.

There the narration's 他 and 她 are never the narrator, and the person the narrator spends the
chapter with is often called only 她 while others are named in passing, so a tag's pronoun is
resolved against the latest mentions of its sex, weighted by how much the story names them.
"""

from __future__ import annotations

from bisect import bisect_left

from .cast import Cast
from .cast_zh import given_name_gender


def tag_referent(cast: Cast, pos: list[int], cids: list[int], at: int, gender: str,
                 narrator: int | None = None, called: list[tuple[int, int]] | None = None,
                 relatives_of: dict[int, str] | None = None) -> int | None:
    """Who the 他/她 of sex ``gender`` of a tag at ``at`` is: of the two latest characters of
    that sex mentioned before it, the one the story names more (else the latest of unknown
    sex whose given name is not of the other sex), never the narrator; a person of ``gender``
    addressed by a quote after that mention (“阿！闰土哥，——你来了？” …… 他叫道) is more recent."""
    k = bisect_left(pos, at)
    unknown = None
    was_called = {cid for c_at, cid in called or [] if c_at < at}
    found, found_at = None, -1
    for j in range(k - 1, max(-1, k - 15), -1):
        if cids[j] == narrator or (relatives_of or {}).get(cids[j]) == gender:
            continue  # (nor 他父亲, when the 他 is the son)
        g = cast.gender(cids[j])
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
    return found if found is not None else unknown
