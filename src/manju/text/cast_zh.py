"""Chinese cast building: discovered name forms clustered into characters.

Full names, roles, appositions (秘书林芳), titled forms (陆师兄, 念姐, 小唐), doubled and bare
given names become one character each, and speakers known only by a description (胖子说)
join the cast; a title or a given name's last character hints at the gender.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .address_zh import appositives
from .cast import Cast
from .household_zh import bare_titles, one_mother
from .minor_zh import determined_descriptions, introduced, tag_descriptions
from .names_zh import (
    _ACTS,
    _KIN_SUFFIX,
    APPOSITIVE,
    KIN_ROLES,
    SURNAMES,
    _tag_subject,
    bad_start,
    clause_starts,
    is_common_word,
)
from .rare_names_zh import leads_a_line_in
from .referents_zh import CLAUSE_BOUND
from .tags_zh import ADVERBIAL, SPEECH_VERB
from .things_zh import PERSON_END

_CJK = r"\u4e00-\u9fff"

FEMALE_TITLES = (
    "师姐", "师妹", "小姐", "姑娘", "娘娘", "夫人", "女士", "姐姐", "妹妹", "姐", "妹", "嫂",
    "母亲", "娘", "妈", "阿姨", "婆婆", "太太", "公主", "贵妃", "皇后", "太后", "郡主", "丫头",
    "婶", "嫔", "妃", "老太", "妻",
)
MALE_TITLES = (
    "师兄", "师弟", "先生", "公子", "少爷", "老爷", "哥哥", "哥", "弟弟", "弟", "兄", "叔",
    "伯", "爷", "父亲", "爹", "皇上", "王爷", "殿下", "陛下", "将军", "大人", "掌门", "公公",
)
NEUTRAL_TITLES = (
    "总监", "总裁", "经理", "总", "长老", "师父", "师尊", "老师", "医生", "主任", "董", "队",
    "警官", "同学", "仙师", "秘书",
)
_TITLES = sorted(FEMALE_TITLES + MALE_TITLES + NEUTRAL_TITLES, key=len, reverse=True)
NOT_NAMES = set(
    """他们 她们 我们 你们 自己 大家 众人 所有人 有人 对方 那人 这人 此人 一个 两人 二人 什么 怎么
    这个 那个 时候 知道 没有 不是 可是 但是 于是 然后 只是 如果 因为 所以 已经 还是 就是 不过 这样
    那样 一声 一下 一眼 轻轻 淡淡 冷冷 微微 缓缓 慢慢 突然 忽然 终于 连忙 赶紧 笑着 看着 声音 目光
    心里 脸上 眼中 身后 面前 少年 少女 老人 男人 女人 孩子 小孩 小孩子 姑娘 小姐 先生 公子 夫人 师兄 师姐
    师父 师尊 长老 皇上 娘娘 王爷 殿下 陛下 大人 老爷 少爷 总监 总裁 经理 老师 医生 主任
    政府 衙门 学校 公司 银行 报馆 医院 书铺 官厅 人家 别人 旁人 咱们 咱家 俺们""".split()
)
_FEMALE_CHARS = set(
    "雪晚念婉柔娟丽芳燕萍玲娜婷琳蓉瑶颖霞凤兰梅莲秀珠翠薇娇妍怡静雅欣璐菲嫣媛姝妃娥嫦琴黛蕊"
    "桐晴露糖慧悦禾绡烟棠蛮嫔环桃妹姐婶娘妈婆姑妞英香芬珍莉菊艳娣"
)
_MALE_CHARS = set("霄龙虎刚强伟军峰磊杰斌浩鹏辰宇轩勇毅雄彪豪坤乾武昊铭骁寒鸿烈铮砚屿墨泽稷伯爷叔哥兄爸爹")
#: a girl's name that wishes for a son next (招弟, 来弟, 盼弟, 引弟)
_WISH_FOR_A_SON = re.compile("[\u4e00-\u9fff]?[招来盼引望]弟")
#: name endings that are words for one sex (a girl, a kinsman), not merely usual in names
_SEX_WORDS = set("妞妹姐婶娘妈婆姑伯爷叔哥兄爸爹")
#: a pet name: a given name's last character and 娃 / 子 / 儿 (平娃, 涛子, 春儿)
_PET_NAME = re.compile("[\u4e00-\u9fff](?:娃|子|儿)(?=[，,。！？…”])")
#: birth order before a kinship word (二爸, 三婶): no surname, so 二妈 is not 二爸's title
_ORDINALS = set("二三四五六七八九")
#: kinship suffixes that make a name another person (七斤 / 七斤嫂): never merged by surname
_KIN_WIFE = set("嫂婶妈娘太婆")


#: kinship words of one sex that end in no title (祖父, 岳母)
_KIN_SEX = {"祖父": "male", "外祖父": "male", "叔父": "male", "舅父": "male", "岳父": "male",
            "祖母": "female", "外祖母": "female", "伯母": "female", "叔母": "female",
            "舅母": "female", "姑母": "female", "岳母": "female", "继母": "female", "后母": "female",
            "师母": "female"}


#: what only a woman's description or name ends in, from three characters on
_FEMALE_ENDS = ("奶奶", "姥姥", "婆", "妈子")


def _title_gender(form: str) -> str:
    if form in _KIN_SEX:
        return _KIN_SEX[form]
    if _WISH_FOR_A_SON.fullmatch(form):
        return "female"  # 招弟, 来弟: a daughter named in the hope of a brother, not 老弟
    if form.endswith("氏") and 2 <= len(form) <= 3:
        return "female"  # 朱氏, 王氏: a woman known by her family name
    for t in _TITLES:
        if form.endswith(t) and len(form) > len(t):
            if t in FEMALE_TITLES:
                return "female"
            if t in MALE_TITLES:
                return "male"
            return "unknown"
    if len(form) >= 3 and form.endswith(_FEMALE_ENDS):
        return "female"  # 陈二奶奶, 收生婆, 老妈子 (not titles: 奶奶 alone is a grandmother)
    return "unknown"


def _clause_subject(text: str, narr: bytearray, form: str) -> int:
    """How many clauses of the narration ``form`` opens (建平把布包递给她)."""
    n = 0
    for m in re.finditer(re.escape(form), text):
        at = m.start()
        if narr[at] and (at == 0 or text[at - 1] in "\n，。！？；：”」…"):
            n += 1
    return n


def _in_narration(text: str, form: str) -> bool:
    """Whether ``form`` occurs outside “” and 「」 quotes (roughly: by nesting depth)."""
    depth = 0
    for m in re.finditer(rf"[“”「」]|{re.escape(form)}", text):
        tok = m.group(0)
        if tok in "“「":
            depth += 1
        elif tok in "”」":
            depth = max(0, depth - 1)
        elif depth == 0:
            return True
    return False


def given_name_gender(name: str) -> str:
    """The gender a name's last character suggests (雪, 婷 / 龙, 刚), if any."""
    if 2 <= len(name) <= 4 and _title_gender(name) == "unknown" and name not in KIN_ROLES:
        return "female" if name[-1] in _FEMALE_CHARS else "male" if name[-1] in _MALE_CHARS else "unknown"
    return "unknown"


#: characters of the words for a woman that a description ends in (胖女人, 老婆子)
_WOMAN_WORDS = "女妇婆娘姑嫂妈"
#: characters a name may hold that hint at a woman (玉芝, 少奶奶, 王妈), over and above the
#: usual ones of given names
_WOMANLY = _FEMALE_CHARS | set(_WOMAN_WORDS) | set("奶姨太")
#: how often the tags must name somebody as a speaker before they are taken for a man
_MAN_BY_DEFAULT_TAGS = 3


def men_by_default(cast: Cast, tagged: Counter) -> None:
    """A person the tags name as a speaker three times or more (``tagged``: explicit tags per
    character), whose sex nothing in the text tells (no vote from a 他/她 after the name or a
    title) and whose name holds nothing of a woman's (no latin letter, no pet name in 儿), is
    taken for a man."""
    # Fiction of this kind tells its men by name and leaves their sex unsaid far more often
    # than its women's (老残, 孙侦探, 老和尚: dozens of lines, no 他 right after the name);
    # unknown, they are nobody's 他, and his 他说 went to another man
    for cid, n in tagged.items():
        c = cast.chars[cid]
        votes = cast.gender_votes[cid]
        if (n >= _MAN_BY_DEFAULT_TAGS and cast.gender(cid) == "unknown"
                and not votes.get("male") and not votes.get("female")
                and re.fullmatch(f"[{_CJK}]{{2,}}", c.name) and not c.name.endswith("儿")
                and not set(c.name) & _WOMANLY):
            c.gender = "male"


def described_gender(d: str) -> str:
    """The sex a description of a person says (一个胖女人, 女学生 / 老汉, 男学生), if any."""
    return "female" if re.search(f"[{_WOMAN_WORDS}]", d) else "male" if re.search(
        "[男汉爷翁叔伯哥]", d) else "unknown"


#: trades that name the one person of a scene who plies them, with the sex they usually are:
#: those that also stand before names (茶房老王) have theirs in APPOSITIVE
_TRADES = {**{w: APPOSITIVE[w] for w in ("茶房", "伙计", "听差", "账房", "门房", "巡警", "车夫", "女仆",
                                          "厨子", "护士", "医生")},
           "堂倌": "male", "跑堂": "male", "短工": "male", "老妈子": "female", "和尚": "male",
           "尼姑": "female", "道士": "male", "邮差": "male", "店伙": "male", "侍者": "unknown",
           "看护": "female", "掌舵的": "male", "差人": "male", "地保": "male", "书吏": "male",
           "衙役": "male"}
_TRADE_TAG = re.compile(r"(?:那|这|那个|这个|一个)?(" + "|".join(_TRADES) + r")(?=[^，,。！？；“”「」\n]{0,10}?"
                        + SPEECH_VERB + r"[^，,。！？“”]{0,3}[：:，,]?\s*[“「]"
                        # 那茶房却迎了上来，又歪了歪嘴，……对我说：the sentence it opens turns to somebody and speaks
                        + r"|[^，,。！？；“”「」\n]{0,10}?[，,][^。！？；“”「」\n]{0,40}?(?:对|向|跟|朝)(?:我|他|她)"
                        + SPEECH_VERB + r"[：:，,]?\s*[“「])")


#: a clause that opens by seeing or hearing whom it then tells of (又见老妈子说, 忽听店中伙计报道)
_SEES = re.compile("(?:又|忽|只|但|忽然|却|正|便)?(?:见|听|听得|听见)(?:店中|店里|外面|外边|门外|门口|堂上|堂下)?")


def trade_speakers(text: str, narr: bytearray) -> list[str]:
    """Trades (茶房, 伙计, 短工) that open the clause of a speech tag leading into a quote
    (茶房又笑了一笑回答我说：“……”): somebody of the story, known by the trade."""
    out: list[str] = []
    for m in _TRADE_TAG.finditer(text):
        at = m.start()
        start = max(text.rfind(c, 0, at) for c in "，,。！？；：\n”") + 1
        if (narr[at] and (at == 0 or text[at - 1] in "，,。！？；：\n　 ”的" or _SEES.fullmatch(text, start, at))
                and m.group(1) not in out
                and not re.search("[对向跟和给问叫把被同]", text[start:at])):  # not 对……的茶房问
            out.append(m.group(1))
    return out


def add_described(text: str, narr: bytearray, cast: Cast) -> None:
    """Speakers known by a description (一个蟹壳脸的问, 胖子说): new characters, or aliases of
    the name they give themselves."""
    known = {f for f in cast.by_form if len(f) >= 2}
    found = tag_descriptions(text, narr, clause_starts(text, narr), SPEECH_VERB, ADVERBIAL,
                             NOT_NAMES, known)
    for d in introduced(text, narr, clause_starts(text, narr), NOT_NAMES, known):
        found.setdefault(d, None)
    forms = determined_descriptions(text, narr, SPEECH_VERB)
    for d in forms.values():
        if d not in known:
            found.setdefault(d, None)
    for d in trade_speakers(text, narr):
        if d not in known:
            found.setdefault(d, None)
    for d, name in found.items():
        if name is None and d.endswith("的人"):
            # 一个满脸横肉的人 of a story that already knows 横肉 (横肉的人只是嚷): one person
            inside = {cast.by_form[k] for k in known if len(k) >= 2 and k in d}
            name = cast.chars[inside.pop()].name if len(inside) == 1 else None
        cid = cast.lookup(name) if name else None
        if cid is not None:
            cast.alias(cid, d)
        elif cast.lookup(d) is None:
            cid = cast.add(d, gender=_TRADES.get(d) or described_gender(d))
            # 黄胖子 of a story with one 胖子: a surname before the description is its name
            holders = {m.group(0) for m in re.finditer(f"[{''.join(SURNAMES)}]{re.escape(d)}", text)
                       if cast.lookup(m.group(0)) is None}
            if len(holders) == 1:
                cast.alias(cid, holders.pop())
    for form, d in forms.items():
        cid = cast.lookup(d)
        if cid is not None and cast.lookup(form) is None:
            cast.alias(cid, form)  # 另个小伙子 of 另一个小伙子
    # 那男子 of the one 三十左右的男子: the description's head noun, with 那 or 这
    by_head: dict[str, list[int]] = defaultdict(list)
    for d in found:
        cid, head = cast.lookup(d), d.rpartition("的")[2]
        if cid is not None and "的" in d and len(head) >= 2:
            by_head[head].append(cid)
    for head, cids in by_head.items():
        if len(set(cids)) == 1:
            for det in ("那", "这", "那个", "这个", "那位", "这位"):
                if cast.lookup(det + head) is None and det + head in text:
                    cast.alias(cids[0], det + head)


#: titles after a surname that call the one person of a story with that surname and a
#: given name (李先生 of 李南泉, 杨小姐 of 杨艳华); not 太太 or 老爷 (a wife, a father)
_POLITE_TITLES = ("先生", "小姐")


def _titled_full_names(full: list[str], text: str) -> set[str]:
    """The surname-and-title forms (李先生) whose surname one full name holds, never in one
    sentence of the narration with it: that person, whom the titled-form pass below joins to
    the name instead of a person of their own (吴先生坐着，吴家栋站着 are two)."""
    out = set()
    sentences: list[str] | None = None
    for f in full:
        if len(f) == 3 and f[1:] in _POLITE_TITLES and f[0] in SURNAMES:
            named = [g for g in full if g != f and 2 <= len(g) <= 3 and g[0] == f[0]
                     and _title_gender(g) == "unknown" and g not in KIN_ROLES]
            if len(named) != 1:
                continue
            if sentences is None:
                sentences = re.split("[。！？\n]", re.sub("“[^”]*”", "", text))
            if not any(f in s and named[0] in s for s in sentences):
                out.add(f)
    return out


#: titles a man is called by politely, in the narration and to his face (陈君, 陈先生)
_POLITE_MALE = ("君", "先生")


def _polite_twin(cast: Cast, form: str) -> int | None:
    """The character already called by ``form``'s surname and the other polite title (陈君
    for 陈先生): one man, named twice politely."""
    for t in _POLITE_MALE:
        if len(form) == len(t) + 1 and form.endswith(t) and form[0] in SURNAMES:
            for other in _POLITE_MALE:
                if other != t and cast.lookup(form[0] + other) is not None:
                    return cast.lookup(form[0] + other)
    return None


def _name_before(text: str, form: str) -> str | None:
    """The titled form with the one character that stands before it two times in three or
    more (藤|野先生): the name's first character, cut off by the title search."""
    before = Counter(text[m.start() - 1] for m in re.finditer(re.escape(form), text) if m.start() > 0)
    if not before:
        return None
    c, k = before.most_common(1)[0]
    if (3 * k >= 2 * sum(before.values()) and k >= 2 and re.match(f"[{_CJK}]", c) and not bad_start(c + form)
            and c not in "个位只把张件些点头匹口间座层条"):  # not 一个|中国同学
        return c + form
    return None


#: characters right after a name that are what the person does next (拿, 猛, 只, 有)
_ACT_AFTER_NAME = set("拿猛只有就便也都又还却倒才正已不没")


def build_zh_cast(names: Counter, roles: Counter, cast: Cast, text: str, narr: bytearray,
                  aka: dict[str, str] | None = None) -> None:
    """Cluster Chinese name forms: full names, roles, appositions, titles and nicknames;
    ``aka`` maps what people call somebody to their full name (高老汉 -> 高满堂)."""
    aka = aka or {}
    full = [f for f, _ in names.most_common()]
    # 胡二拿着东西, 那师父猛抬头, 父亲只说: a name met three times as often without the
    # character after it, and that character a verb or an adverb, is the name and what follows
    full = [f for f in full if not (len(f) == 3 and f[2] in _ACT_AFTER_NAME and f[:2] in names
                                    and text.count(f[:2]) >= 3 * text.count(f))]
    cid: int | None
    # 七爷 and 赵七爷: a form is the same person as the one form that adds a surname to it
    with_surname: dict[str, str] = {}
    for f in full:
        longer = [g for g in full if len(g) == len(f) + 1 and g[1:] == f and g[0] in SURNAMES]
        if len(f) >= 2 and len(longer) == 1 and f[-1] not in _KIN_WIFE:
            with_surname[f] = longer[0]
        elif len(f) == 2 and f[0] in "老小" and f[1] in SURNAMES:
            # 老黄 of a story whose one man of that surname is 黄胜: what people call him
            bearers = [g for g in full if 2 <= len(g) <= 3 and g[0] == f[1] and g != f
                       and _title_gender(g) == "unknown"]
            if len(bearers) == 1:
                with_surname[f] = bearers[0]
    # 二爸 found as a clause subject, and written once before a name (二爸李德贵): his
    appos = appositives(text, full, narr)
    held = {role: {n for r, n, _g in appos if r == role} for role, _n, _g in appos if role in full}
    by_title = _titled_full_names(full, text)
    for f in full:
        if f in with_surname or len(held.get(f, ())) == 1 or f in aka or f in by_title:
            continue
        twin = _polite_twin(cast, f) if cast.lookup(f) is None else None
        if twin is not None:
            cast.alias(twin, f)
        elif cast.lookup(f) is None:
            g = KIN_ROLES.get(f) or _title_gender(f)
            if g == "unknown" and f[0] in "女男" and len(f) >= 3:
                g = described_gender(f[0])  # 女学生, 男仆人: a word for a person, not a name
            cid = cast.add(f, gender=g)
            g = given_name_gender(f)
            if g != "unknown":
                # a given name's character is weak evidence; a word for a girl or a kinsman
                # ending it (虎妞, 二叔) is strong
                cast.gender_votes[cid][g] += 3 if f[-1] in _SEX_WORDS else 1
    for f, g2 in aka.items():
        cid = cast.lookup(g2)
        if cid is not None and cast.lookup(f) is None:
            cast.alias(cid, f)
    for f, g2 in with_surname.items():
        cid = cast.lookup(g2)
        if cid is not None and cast.lookup(f) is None:
            cast.alias(cid, f)
    for role, name, g in appos:
        cid = cast.lookup(name)
        if cid is None:
            continue  # a kin word held by another name (二爸 of 二爸李德贵)
        if cast.lookup(role) is None and role not in roles:
            cast.alias(cid, role)
        elif role in roles and cast.lookup(role) is None:
            cast.alias(cid, role)
        if g != "unknown" and cast.chars[cid].gender == "unknown":
            cast.chars[cid].gender = g
    for role, _n in roles.most_common():
        if cast.lookup(role) is None:
            # 掌柜的 of a story whose one 掌柜 has a surname (王掌柜) is that man
            bare = role[:-1] if role.endswith("的") and len(role) > 2 else role
            holders = {cast.by_form[f] for f in cast.by_form
                       if len(f) == len(bare) + 1 and f[1:] == bare and f[0] in SURNAMES}
            mother = one_mother(role, text, narr, cast)
            # 掌柜 and 掌柜的 of one story: the one who keeps the shop, called both ways
            same = cast.lookup(bare if bare != role else role + "的")
            if same is not None:
                cast.alias(same, role)
            elif len(holders) == 1:
                cast.alias(holders.pop(), role)
            elif mother is not None:
                cast.alias(mother, role)
            else:
                cast.add(role, gender=KIN_ROLES.get(role, "unknown"))
    by_surname: dict[str, list[str]] = defaultdict(list)
    by_given: dict[str, list[str]] = defaultdict(list)
    for f in full:
        if 2 <= len(f) <= 3 and _title_gender(f) == "unknown" and f[0] not in _ORDINALS:
            sur = f[1] if f[0] in "老小大阿" and len(f) == 2 else f[0]
            if sur not in "老小大阿":  # 小福子 has no surname 小 (小弟弟 is nobody's title)
                by_surname[sur].append(f)
            by_given[f[-1]].append(f)
    # titled forms: 陆师兄, 苏总监, 念姐, and 小唐 / 老陈
    rx_t = re.compile(rf"([{_CJK}])({'|'.join(_TITLES)})")
    titled: Counter = Counter()
    for m in rx_t.finditer(text):
        if any(text.startswith(f, m.start() - len(f) + 1) for f in full if len(f) >= 2):
            continue  # "云霄师兄": the full name carries the title
        titled[m.group(0)] += 1
    for m in re.finditer(rf"[小老阿]([{_CJK}])", text):
        if m.group(1) in by_surname and len(by_surname[m.group(1)]) == 1:
            titled[m.group(0)] += 1
    # the sexes the titles of each surname tell (尚师长 and 尚太太: a man and his wife)
    sexes: dict[str, set[str]] = defaultdict(set)
    for form in titled:
        sexes[form[0]].add(_title_gender(form))
    for form, n in titled.items():
        if cast.lookup(form) is not None or bad_start(form) or form in KIN_ROLES:
            continue  # "的母亲", "和爹": a function word before a title
        ch, title = (form[1], "") if form[0] in "小老阿" and len(form) == 2 else (form[0], form[1:])
        surname, given = by_surname.get(ch, []), by_given.get(ch, [])
        target = None
        if title in ("姐", "哥", "妹", "弟", "儿") and len(given) == 1:
            target = given[0]
        elif len(surname) == 1:
            target = surname[0]
        elif len(given) == 1 and title in FEMALE_TITLES + MALE_TITLES:
            target = given[0]
            if title in ("嫂", "婶"):
                cast.add(form, gender="female")  # 三嫂 of 赵三: his wife, as 七斤嫂 is 七斤's
                continue
        elif title and not surname and ch in SURNAMES:
            # 冠先生 of a story that knows him as 晓荷 and writes 冠晓荷 once: his surname
            bearers = [f for f in full if len(f) == 2 and f[0] not in SURNAMES and ch + f in text]
            target = bearers[0] if len(bearers) == 1 else None
        g = _title_gender(form)
        if target is not None and title and ch == form[0] and is_common_word(form):
            continue  # 姑娘, 姑爷 and 姑妈 are words of their own, not 银姑's titles
        if target is not None and g != "unknown" and (
                (_in_narration(text, form) and cast.chars[cast.by_form[target]].gender not in (g, "unknown"))
                # 常先生 and 常女士 of one surname: a man and a woman
                or (g == "female" and "male" in sexes[form[0]] and len(form) == 3)):
            # 田婶 of a story whose 田福海 is 田叔 too, told in the narration: his wife
            cast.add(form, gender=g)
            continue
        if target is not None:
            cid = cast.lookup(target)
            assert cid is not None  # ``target`` is one of ``full``
            cast.alias(cid, form)
            if g != "unknown" and cast.chars[cid].gender == "unknown":
                cast.chars[cid].gender = g
        elif n >= 2 and title and _in_narration(text, form) and title not in ("总", "姐", "哥", "妹", "弟", "兄", "叔", "伯", "爷", "娘", "妈", "董", "队"):
            grown = _name_before(text, form)
            again = _name_before(text, grown) if grown else None
            grown = again or grown  # 尖|下|巴少爷
            polite = _polite_twin(cast, form)
            if polite is not None and not grown:
                cast.alias(polite, form)
                continue
            cid = cast.add(grown or form, gender=_title_gender(form))
            if grown:
                cast.alias(cid, form)
    # doubled given name (晚晚 -> 林晚) and two-character given name (清雪 -> 林清雪)
    givens = Counter(f[1:] for f in full if len(f) == 3)
    for f in full:
        if len(f) in (2, 3):
            dd = f[-1] * 2
            # (not 妈妈 of 陈妈, nor 常常 of 王常: a word of its own, no pet name, unless a line
            # calls somebody so: “默默，你先回屋睡觉。”)
            word = dd in KIN_ROLES or (is_common_word(dd) and not re.search(f"[“「]{dd}[，,！!]", text))
            if dd in text and cast.lookup(dd) is None and not word:
                cid = cast.lookup(f)
                assert cid is not None  # every form of ``full`` is in the cast
                cast.alias(cid, dd)
        g2 = f[1:]
        if len(f) == 3 and givens[g2] == 1 and cast.lookup(g2) is None and g2 in text:
            if (not is_common_word(g2) or re.search(rf"[“「『]{g2}[，,。！？…]", text)
                    or _clause_subject(text, narr, g2) >= 2
                    or leads_a_line_in(text, g2)):
                # (卞彩云's 彩云, a word for coloured clouds, but 彩云道：“……” is she)
                cid = cast.lookup(f)
                assert cid is not None  # every form of ``full`` is in the cast
                cast.alias(cid, f[1:])
    # 平娃 / 涛子 of 李建平 / 林涛: a pet name from the given name's last character, said in a
    # quote or opening a clause, when one person's given name ends in it
    ends: dict[str, set[int]] = defaultdict(set)
    for c_id, ch in enumerate(cast.chars):
        for f in ch.aliases:
            if 2 <= len(f) <= 3 and f[0] in SURNAMES and _title_gender(f) == "unknown" \
                    and f not in KIN_ROLES:
                ends[f[-1]].add(c_id)
    for m in _PET_NAME.finditer(text):
        form = m.group(0)
        owners = ends.get(form[0], set())
        if len(owners) == 1 and cast.lookup(form) is None and form not in KIN_ROLES \
                and not is_common_word(form) and (not narr[m.start()] or m.start() == 0
                                                  or text[m.start() - 1] in "\n，。！？：；“”"):
            cast.alias(next(iter(owners)), form)
    bare_titles(text, narr, cast)


#: kin words after 的 that make somebody of their own (小顺儿的妈, 天佑的太太), with their sex
_RELATIVE = {"妈": "female", "娘": "female", "母亲": "female", "太太": "female", "奶奶": "female",
             "爸": "male", "爹": "male", "父亲": "male", "儿子": "male", "女儿": "female",
             "妻子": "female", "老婆": "female", "丈夫": "male"}
#: and the narrator's, which a first-person story names no other way (我的弟兄说)
_MY_RELATIVE = {**_RELATIVE, "弟兄": "male", "哥哥": "male", "弟弟": "male", "姐姐": "female",
                "妹妹": "female", "妻": "female", "妻子": "female", "女人": "female", "丈夫": "male",
                "朋友": "unknown", "同伴": "unknown", "儿子": "male", "女儿": "female"}


def add_relatives(text: str, narr: bytearray, cast: Cast) -> None:
    """A named person's relative, or the narrator's (我的弟兄说), whom the narration makes a
    subject twice or more, or the subject of a speech verb (小顺儿的妈从厨房探出头来问): a
    character of their own."""
    forms = sorted((f for f in cast.by_form if len(f) >= 2), key=len, reverse=True)
    mine = sorted(_MY_RELATIVE, key=len, reverse=True)
    kin = sorted([*_RELATIVE, "祖母", "祖父"], key=len, reverse=True)
    names = "|".join(map(re.escape, forms)) or "(?!)"  # (no name yet: only 我的 can match)
    rx = re.compile(f"(?:({names})(的?)({'|'.join(kin)})|我的({'|'.join(mine)}))")
    seen: dict[str, int] = {}
    for m in rx.finditer(text):
        at = m.start()
        if not narr[at] or (at > 0 and text[at - 1] not in CLAUSE_BOUND):
            continue
        if m.group(1) and not m.group(2) and not m.group(1).endswith("的"):
            continue  # 掌柜的太太 is the 掌柜的's wife; 李四太太 is a name of its own
        w = m.group(0)
        says = re.match(f"[^，。！？“”]{{0,10}}?{SPEECH_VERB}", text[m.end() :]) is not None
        seen[w] = seen.get(w, 0) + (2 if says else 1)
    for w, n in seen.items():
        if n < 2 or cast.lookup(w) is not None:
            continue
        word = w[w.index("的") + 1 :]
        known = cast.lookup(word) if w.startswith("我的") else None
        if known is not None:
            cast.alias(known, w)  # 我的母亲 of a story that knows 母亲: her
        else:
            cast.add(w, gender=_MY_RELATIVE.get(word) or _KIN_SEX[word])  # (祖母 of 大良的祖母)


def inert_characters(text: str, narr: bytearray, cast: Cast) -> set[int]:
    """Characters the text gives no sign of being anybody (洋场, 紫藤 of a list of places and
    things, 沙渚 of a riverbank): a form of two characters or more, no full name (a surname and
    a given name of two), no word for a person at its end, no sex known, no other form, never
    inside a quotation, never opening a clause to act, never the subject of a speech verb.
    They stay in the cast for a tag that names them, but no 他/她 and no untagged line falls
    to them."""
    out: set[int] = set()
    for cid, c in enumerate(cast.chars):
        w = c.name
        if (len(w) < 2 or (w[0] in SURNAMES and len(w) >= 3) or (w[0] in "老小阿" and w[1] in SURNAMES)
                or w[-1] in PERSON_END or w[-1] in _KIN_SUFFIX or c.gender != "unknown"
                or any(f != w for f in c.aliases)):
            continue
        occ = [m.start() for m in re.finditer(re.escape(w), text)]
        if any(not narr[a] for a in occ) or _tag_subject(text, narr, w) or any(
                (a == 0 or text[a - 1] in CLAUSE_BOUND) and _ACTS.match(text, a + len(w)) for a in occ):
            continue
        out.add(cid)
    return out
