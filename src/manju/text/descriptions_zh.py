"""Descriptions that stand for a named person in Chinese narration (老汉叹了口气, 后生不吭声了,
女人趁机又说): each is the one person of the scene whose sex and age it fits.

Realist fiction names its people once and then tells them by what they are: the old man, the
young fellow, the woman. A description that opens a clause of the narration is taken for the
one character named in the last stretch of the text that fits it (the only old man, the only
woman), and becomes a mention of that character; where two fit, it is left alone. Nothing here
names a person: only words of sex and age are listed.
"""

from __future__ import annotations

import bisect

from .cast import Cast

#: description -> (sex or None, age or None)
DESCRIPTIONS: dict[str, tuple[str | None, str | None]] = {
    "老人": (None, "old"), "老人家": (None, "old"), "老汉": ("male", "old"), "老头": ("male", "old"),
    "老头子": ("male", "old"), "老头儿": ("male", "old"), "老爷子": ("male", "old"),
    "老者": ("male", "old"), "老太太": ("female", "old"), "老太婆": ("female", "old"),
    "老婆子": ("female", "old"), "老妇人": ("female", "old"), "老婆婆": ("female", "old"),
    "后生": ("male", "young"), "小伙子": ("male", "young"), "小伙": ("male", "young"),
    "年轻人": (None, "young"), "少年": ("male", "young"), "姑娘": ("female", "young"),
    "闺女": ("female", "young"), "丫头": ("female", "young"), "女人": ("female", None),
    "妇人": ("female", None), "婆娘": ("female", None), "男人": ("male", None),
    "汉子": ("male", None),
}
#: forms that make a person old or young in their story (父亲, 老吴 / 儿子, 小军)
_OLD = ("父亲", "母亲", "爹", "娘", "爸", "妈", "爷爷", "奶奶", "大爷", "大娘", "老爷", "太太",
        "大伯", "伯父", "伯母", "公公", "婆婆", "老汉", "老头", "老太太", "老婆子", "大婶", "大叔")
_YOUNG = ("儿子", "女儿", "弟弟", "妹妹", "侄子", "孙子", "孙女", "后生", "小伙子", "姑娘", "儿媳")
#: what a clause's subject follows
_OPENS = set("\n，,。！？；：”」… ")
#: how far back the people a description may mean were named
_WINDOW = 1200


def sex_from_forms(cast: Cast) -> None:
    """A character of unknown sex known by a form that ends in a description of one sex
    (高老汉, 李家婆娘) is of that sex."""
    for cid, ch in enumerate(cast.chars):
        if cast.gender(cid) != "unknown":
            continue
        for f in ch.aliases:
            g = next((DESCRIPTIONS[d][0] for d in DESCRIPTIONS if f.endswith(d) and DESCRIPTIONS[d][0]),
                     None)
            if g is not None:
                ch.gender = g
                break


def _age(cast: Cast, cid: int) -> str | None:
    forms = cast.chars[cid].aliases
    if any(f in _OLD or f.endswith(_OLD) or (len(f) == 2 and f[0] == "老") for f in forms):
        return "old"
    if any(f in _YOUNG or (len(f) == 2 and f[0] == "小") for f in forms):
        return "young"
    return None


def described_refs(text: str, narr: bytearray, refs: list[tuple[int, int, int]],
                   cast: Cast) -> list[tuple[int, int, int]]:
    """``refs`` with a mention added for each description that opens a clause of the narration
    and fits exactly one person named in the stretch before it."""
    taken = bytearray(len(text))
    for a, e, _c in refs:
        taken[a:e] = b"\x01" * (e - a)
    starts = [r[0] for r in refs]
    words = sorted((d for d in DESCRIPTIONS if cast.lookup(d) is None), key=len, reverse=True)
    added: list[tuple[int, int, int]] = []
    for at in range(len(text)):
        if not narr[at] or taken[at] or (at > 0 and text[at - 1] not in _OPENS and not _after_that(text, at)):
            continue
        d = next((w for w in words if text.startswith(w, at)), None)
        if d is None or text[at + len(d) : at + len(d) + 1] in ("的", "们", "家"):
            continue
        sex, age = DESCRIPTIONS[d]
        k = bisect.bisect_left(starts, at)
        recent: list[int] = []
        for a, _e, c in reversed(refs[:k]):
            if at - a > _WINDOW:
                break
            if c >= 0 and c not in recent:
                recent.append(c)
        cid = _one_fit(recent, sex, age, cast)
        if cid is not None:
            added.append((at, at + len(d), cid))
    return sorted(refs + added) if added else refs


def _after_that(text: str, at: int) -> bool:
    """Whether a demonstrative that opens a clause stands right before ``at`` (那老人家, 这位老者)."""
    for d in ("那", "这", "那个", "这个", "那位", "这位"):
        lo = at - len(d)
        if lo >= 0 and text.startswith(d, lo) and (lo == 0 or text[lo - 1] in _OPENS):
            return True
    return False


def _one_fit(recent: list[int], sex: str | None, age: str | None, cast: Cast) -> int | None:
    """The one of ``recent`` whose known sex and age fit, else the one that does not go
    against them; None when none or several do."""
    def fits(c: int, strict: bool) -> bool:
        g, a = cast.gender(c), _age(cast, c)
        if sex is not None and (g != sex if strict else g not in (sex, "unknown")):
            return False
        return age is None or (a == age if strict else a in (age, None))

    for strict in (True, False):
        ok = [c for c in recent if fits(c, strict)]
        if len(ok) == 1:
            return ok[0]
        if len(ok) > 1:
            return None
    return None
