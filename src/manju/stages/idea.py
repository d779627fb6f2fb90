"""idea: a one-line idea ("一个外卖员发现自己能听见城市的心跳") becomes a short story to adapt.

With an ``llm`` backend the model writes a 400–800 word (字) story. Without one, the story is
built from a beat sheet — setup, inciting incident, confrontation, turn, resolution — filled
from the idea: its protagonist (a name the idea gives, else one made up from a hash of the idea),
their role and what happens to them, plus a confidant and an opponent so the comic has speakers.
The same idea always gives the same story. The result is a :class:`IdeaStory` (a ``str``) whose
``template_based`` flag says which way it was made.
"""

from __future__ import annotations

import hashlib
import random
import re
from typing import Any

from pydantic import BaseModel, Field

from manju.errors import InputError

TEMPLATE_NOTICE = "no language model configured: built the story from a beat-sheet template"


class IdeaStory(str):
    """A story text with how it was made: ``template_based``, ``lang``, ``story_title`` and a
    ``note`` for the user (``str.title`` keeps its usual meaning)."""

    template_based: bool
    lang: str
    story_title: str
    note: str

    def __new__(cls, text: str, *, template_based: bool, lang: str, story_title: str = "",
                note: str = "") -> IdeaStory:
        obj = super().__new__(cls, text)
        obj.template_based = template_based
        obj.lang = lang
        obj.story_title = story_title
        obj.note = note
        return obj


class StoryDraft(BaseModel):
    """What the language model returns for an idea."""

    title: str = Field(description="a short title")
    story: str = Field(description="the story text: paragraphs separated by blank lines, scene "
                                   "breaks as a line '* * *', dialogue in quotation marks")


# ----------------------------------------------------------------------------- names and premise

_EN_FEMALE = ("Mara", "Iris", "Nora", "Lena", "Ada", "June", "Tess", "Clara", "Wren", "Maya")
_EN_MALE = ("Leo", "Theo", "Sam", "Elias", "Jonah", "Felix", "Owen", "Hugo", "Milo", "Ezra")
_EN_OTHER = ("Rook", "Vance", "Mercer", "Crane", "Holt", "Graves", "Slate", "Marsh")
_ZH_SURNAMES = "林苏陈沈顾叶许江周温陆韩秦唐"
_ZH_FEMALE = ("晚", "念", "夏", "瑶", "若溪", "知意", "小满", "清禾", "星遥", "语桐")
_ZH_MALE = ("川", "远", "默", "辰", "屿", "景行", "一舟", "子衿", "北辰", "云深")
_ZH_OPPONENT = ("赵总", "钱老板", "孙队长", "黑衣人", "周先生", "吴掌柜")

_EN_PLACES = ("harbour town", "city", "village", "mountain town", "old quarter", "river port")
_ZH_PLACES = ("海边小镇", "城市", "老街", "山城", "江边小城", "胡同")

_EN_STOP = {"A", "An", "The", "One", "Some", "In", "On", "At", "When", "What", "If", "After",
            "Before", "During", "I", "My", "Our", "Two", "Three", "Every", "No", "This", "That"}
_EN_VERBS = {
    "finds", "discovers", "learns", "meets", "must", "wants", "inherits", "wakes", "receives",
    "gets", "has", "is", "becomes", "tries", "decides", "falls", "loses", "returns", "hears",
    "sees", "builds", "steals", "can", "will", "starts", "begins", "realizes", "realises",
    "opens", "unearths", "witnesses", "stumbles", "accidentally", "secretly", "suddenly",
    "investigates", "sets", "travels", "goes", "runs", "keeps", "hides", "saves", "befriends",
}
_ZH_ROLE = re.compile(
    r"^(?:有)?(?:一个|一位|一名|一只|一对|某个|有个)(.{1,10}?)"
    r"((?:意外|竟然|突然|偶然)?(?:发现|得到|收到|捡到|遇到|遇见|决定|必须|想要|爱上|成为|穿越|醒来|被|能|"
    r"在|要|开始|梦见|继承|听见|听到|看见|看到|偷|拿到|失去|回到|接到|打开|找到|闯入|误入|获得|觉醒|重生).*)$")
_ZH_NAMED = re.compile(r"(?:名叫|叫做|名为)([\u4e00-\u9fff]{2,3})|叫([\u4e00-\u9fff]{2,3}?)的")


def _rng(idea: str) -> random.Random:
    seed = int(hashlib.sha256(" ".join(idea.split()).encode("utf-8")).hexdigest()[:16], 16)
    return random.Random(seed)


def _premise_en(idea: str) -> tuple[str | None, str | None, str | None]:
    """(name, role, predicate) from an English idea; any may be None."""
    words = idea.split()
    name = None
    m = re.search(r"\b(?:named|called)\s+([A-Z][a-z]+)", idea)
    if m:
        name = m.group(1)
    elif words and words[0][:1].isupper() and words[0] not in _EN_STOP and len(words) > 1 and (
            words[1].lower() in _EN_VERBS):
        name = words[0].rstrip(",")
        return name, None, " ".join(words[1:])
    if not words or words[0].lower() not in ("a", "an", "the", "one"):
        return name, None, None
    for i in range(2, len(words)):
        w = words[i].lower().strip(",")
        if w in ("who", "that", "which", "whose", "with"):
            return name, None, None
        if w in _EN_VERBS or (w.islower() and len(w) > 3 and w.endswith("s")
                              and not w.endswith(("ss", "us", "is", "ous"))):
            role = " ".join(words[1:i])
            role = re.sub(r",?\s*(?:named|called)\s+[A-Z][a-z]+,?", "", role).strip()
            return name, role or None, " ".join(words[i:])
    return name, None, None


def _premise_zh(idea: str) -> tuple[str | None, str | None, str | None]:
    """(name, role, predicate) from a Chinese idea; any may be None."""
    m = _ZH_NAMED.search(idea)
    name = (m.group(1) or m.group(2)) if m else None
    if name and len(name) == 3 and name[-1] in "的在是和与被把从":
        name = name[:2]
    r = _ZH_ROLE.match(idea)
    if r:
        role = re.sub(r"(?:名叫|叫做|名为)[\u4e00-\u9fff]{2,3}|叫[\u4e00-\u9fff]{2,3}的|的$", "", r.group(1))
        return name, role or None, r.group(2)
    return name, None, None


def _clean_idea(idea: str) -> str:
    idea = " ".join(idea.split()).strip()
    return re.sub(r"[。．.!！?？…]+$", "", idea).strip()


# ----------------------------------------------------------------------------- templates


def _english(idea: str, rng: random.Random) -> tuple[str, str]:
    """(title, story) for an English idea."""
    given, role, predicate = _premise_en(idea)
    female = rng.random() < 0.5
    p = given or rng.choice(_EN_FEMALE if female else _EN_MALE)
    if given:
        female = given in _EN_FEMALE or (given not in _EN_MALE and given.endswith("a"))
    a = rng.choice([n for n in (_EN_MALE if female else _EN_FEMALE) if n != p])
    r = rng.choice(_EN_OTHER)
    he, his = ("she", "her") if female else ("he", "his")
    a_he = "he" if female else "she"
    r_his = rng.choice(("his", "her"))
    place = next((w for w in ("lighthouse", "harbour", "harbor", "village", "city", "school",
                              "station", "forest", "palace", "market", "office", "ship")
                  if re.search(rf"\b{w}\b", idea, re.I)), None) or rng.choice(_EN_PLACES)
    job = f"a {role}" if role else rng.choice(("a night-shift clerk", "a courier", "a repairer of old clocks"))
    where = job if place in job else f"{job} in the {place}"
    if predicate:
        incident = f"Then, one grey morning, {p} {predicate.rstrip('.')}."
    else:
        incident = (f"Then, one grey morning, the impossible arrives on {his} doorstep, and it "
                    f"has a name: {idea[0].lower() + idea[1:]}.")
    title = " ".join(w if w.lower() in ("a", "an", "the", "of", "in", "on", "and", "to") and i else
                     w[:1].upper() + w[1:] for i, w in enumerate(idea.split()[:9]))
    beats = [
        # Setup
        f"{p} is {where}. Every day begins the same way: the same kettle, the same "
        f"window, the same quiet promise that nothing will change.",
        f"{a} has been {p}'s friend since they were children, and {a_he} is the only one who still "
        f"tries to change {his} mind.",
        f'"You could do anything, you know," says {a}, leaning in the doorway. "Anything at all."',
        f'"I like things the way they are," {p} says.',
        # Inciting incident
        incident,
        f"For a long moment {p} does not move. Then {he} runs to find {a}.",
        f'"You need to see this," {p} says. "Right now."',
        f'"That is not possible," {a} whispers.',
        "* * *",
        # Confrontation
        f"That night, a knock shakes {p}'s door. {r} waits outside in heavy rain, {r_his} dark coat "
        f"buttoned to the chin, smiling without warmth.",
        f'"Whatever you found, it belongs to me," {r} says coldly. "Hand it over and forget it."',
        f'"No," {p} says. "Not until I understand it."',
        f'"Then you will regret it," {r} says.',
        # Turn
        f"By midnight {p} is ready to give up. Then {he} remembers what {a} said in the doorway, and "
        f"sees the answer that was there all along.",
        f'"You were right," {p} tells {a}. "I can do something. I can do this."',
        f'"Then I am coming with you," {a} says.',
        "* * *",
        # Resolution
        f"The next morning the two of them face {r} together, and for the first time {r} has nothing "
        f"to say. The storm has passed. The {place} looks new in the light.",
        f'"So what happens now?" {a} asks.',
        f'"Now everything changes," {p} says, smiling.',
    ]
    return title, "\n\n".join(beats)


def _chinese(idea: str, rng: random.Random) -> tuple[str, str]:
    """(title, story) for a Chinese idea."""
    given, role, predicate = _premise_zh(idea)
    female = rng.random() < 0.5
    surnames = list(_ZH_SURNAMES)
    p = given or rng.choice(surnames) + rng.choice(_ZH_FEMALE if female else _ZH_MALE)
    a = rng.choice([s for s in surnames if not p.startswith(s)]) + rng.choice(_ZH_MALE if female else _ZH_FEMALE)
    r = rng.choice(_ZH_OPPONENT)
    ta = "她" if female else "他"
    a_ta = "他" if female else "她"
    r_ta = "他" if r.endswith(("先生", "人")) else rng.choice("他她")
    place = next((w for w in ("学校", "公司", "医院", "车站", "小镇", "山村", "皇宫", "宗门", "海边", "城市")
                  if w in idea), None) or rng.choice(_ZH_PLACES)
    job = role or rng.choice(("夜班店员", "快递员", "修钟表的手艺人"))
    incident = (f"直到那天清晨，{p}{predicate}。" if predicate else
                f"直到那天清晨，一件谁也不信的事落到了{ta}头上：{idea}。")
    title = re.split(r"[，,；;。：:]", idea)[0][:24]
    where = f"{place}里的一名{job}" if place not in job else f"一名{job}"
    beats = [
        f"{p}是{where}。每天的日子都一模一样：同一壶水，同一扇窗，同一个念头——明天也不会有什么不同。",
        f"{a}是{p}从小一起长大的朋友，也是唯一一个还想劝{ta}改变的人，{a_ta}总说{p}活得像一只钟。",
        f"{a}靠在门边，笑着说：“你明明可以做任何事。”",
        f"{p}摇摇头：“我喜欢现在这样。”",
        incident,
        f"{p}愣了很久，然后转身跑去找{a}。",
        f"{p}压低声音说：“你一定要看看这个。”",
        f"{a}惊道：“这……怎么可能？”",
        "* * *",
        f"当晚，门外响起了敲门声。{r}站在雨里，{r_ta}的黑色大衣扣到下巴，笑得没有一点温度。",
        f"{r}冷冷地说：“不管你找到了什么，那都是我的东西。交出来，然后忘了它。”",
        f"{p}说：“不。在弄明白之前，我不会交给任何人。”",
        f"{r}冷笑道：“那你会后悔的。”",
        f"半夜，{p}几乎要放弃了。可{ta}忽然想起{a}在门边说过的话，终于看清了那个一直摆在眼前的答案。",
        f"{p}轻声说：“你说得对。我能做到，这件事我能做到。”",
        f"{a}说：“那我跟你一起去。”",
        "* * *",
        f"第二天清晨，两个人一起站在{r}面前。这一次，{r}一句话也说不出来。雨停了，{place}在晨光里像是新的一样。",
        f"{a}问：“接下来怎么办？”",
        f"{p}笑了笑：“接下来，一切都会不一样。”",
    ]
    return title, "\n\n".join(beats)


def template_story(idea: str, lang: str | None = None) -> IdeaStory:
    """The offline beat-sheet story for ``idea`` (deterministic)."""
    from manju.text import detect_language

    clean = _clean_idea(idea)
    if not clean:
        raise InputError("the idea is empty; give one sentence, e.g. --idea \"a lighthouse keeper finds a map\"")
    lang = lang or detect_language(clean)
    title, body = (_chinese if lang == "zh" else _english)(clean, _rng(clean))
    return IdeaStory(f"# {title}\n\n{body}\n", template_based=True, lang=lang, story_title=title,
                     note=TEMPLATE_NOTICE)


def _llm_messages(idea: str, lang: str) -> list[dict[str, Any]]:
    if lang == "zh":
        ask = (f"根据这个创意写一个400到800字的中文短篇故事：{idea}\n"
               "要求：有两到四个有名字的角色；大量对白，用“”引号，每句对白都写明是谁说的；"
               "有开端、激励事件、冲突、转折和结局；换场景时单独一行写 * * *；不要写章节标题。")
    else:
        ask = (f"Write a short story of 400 to 800 words from this idea: {idea}\n"
               "Requirements: two to four named characters; plenty of dialogue in double quotes, "
               "each line tagged with who speaks (\"...,\" Mara said); a setup, an inciting "
               "incident, a confrontation, a turn and a resolution; a line '* * *' between scenes; "
               "no chapter headings.")
    return [{"role": "system", "content": "You are a screenwriter who writes vivid short stories "
                                          "for motion comics."},
            {"role": "user", "content": ask}]


def story_from_idea(idea: str, lang: str | None = None, llm: Any = None) -> IdeaStory:
    """A short story from a one-line ``idea`` in ``lang`` ("en"/"zh", detected when None).

    With ``llm`` (an ``LLMBackend``) the model writes it; if its reply is unusable the template
    is used and ``note`` says why. Without ``llm`` the beat-sheet template is used; check
    ``template_based`` on the result.
    """
    from manju.text import detect_language

    clean = _clean_idea(idea)
    if not clean:
        raise InputError("the idea is empty; give one sentence, e.g. --idea \"a lighthouse keeper finds a map\"")
    lang = lang or detect_language(clean)
    if llm is None:
        return template_story(clean, lang)
    from manju.backends.openai_llm import LLMOutputError

    try:
        draft = llm.complete_json(_llm_messages(clean, lang), StoryDraft)
        title = " ".join(str(draft.title).split()).strip("#* ") or clean[:40]
        body = str(draft.story).strip()
    except LLMOutputError as e:
        story = template_story(clean, lang)
        story.note = f"the language model's story was unusable ({e}); built it from a beat-sheet template"
        return story
    if len(body) < 80:
        story = template_story(clean, lang)
        story.note = "the language model's story was too short; built it from a beat-sheet template"
        return story
    body = re.sub(r"\A#.*\n+", "", body)  # the title goes in one place only
    return IdeaStory(f"# {title}\n\n{body}\n", template_based=False, lang=lang, story_title=title,
                     note=f"written by llm.{getattr(llm, 'name', 'llm')}")
