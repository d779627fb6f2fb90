"""adapt: turn each chapter's text into scenes of dialogue and narration lines, and a cast list."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Any

from manju.doc.model import Character, Episode, Line, Mood, Project, Scene
from manju.errors import StageError

READS = ("source",)
WRITES = ("characters", "episodes", "title", "lang", "metadata.llm_adapt", "metadata.llm_review")

# A line of asterisks, dashes or similar on its own marks a scene break.
_BREAK = re.compile(r"^\s*(?:\*\s*){3,}\s*$|^\s*(?:[-—~=#＊※]\s*){3,}\s*$|^\s*[＊※◇◆]+\s*$",
                    re.MULTILINE)
# Openers that move the story in time start a new scene when they begin a paragraph.
_TIME_SHIFT_EN = re.compile(
    r"^(?:That (?:night|evening|morning|afternoon)|The next (?:day|morning|evening)|Later(?: that)?"
    r"|Hours later|Days later|Weeks later|The following (?:day|morning)|Meanwhile|By (?:nightfall|dawn|noon))\b"
)
_TIME_SHIFT_ZH = re.compile(r"^(?:第二天|次日|当晚|当夜|翌日|深夜|傍晚|清晨|几天后|三天后|半个月后|一个月后|与此同时|另一边)")

_SPEECH_VERB_EN = re.compile(
    r"\b(?:said|says|asked|replied|answered|cried|shouted|whispered|murmured|called|added|"
    r"continued|muttered|snapped|exclaimed|told|went on|returned|rejoined|thought|wondered)\b", re.IGNORECASE)
_SPEECH_VERB_ZH = re.compile(r"(?:道|说|问|喊|叫|笑道|答|心想|暗想)[：:，,。]?$")

MAX_NARRATION_EN = 32   # words per narration caption
MAX_NARRATION_ZH = 60   # characters per narration caption
MAX_DIALOGUE_EN = 26    # words per balloon; longer speeches become several lines
MAX_DIALOGUE_ZH = 42
MAX_LINES_PER_SCENE = 36


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (start, end) separated by blank lines or single newlines."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _scene_starts(text: str, lang: str) -> list[int]:
    """Character offsets where a new scene begins (always includes 0)."""
    starts = {0}
    for m in _BREAK.finditer(text):
        starts.add(m.end())
    pattern = _TIME_SHIFT_ZH if lang == "zh" else _TIME_SHIFT_EN
    for a, b in _paragraphs(text):
        para = text[a:b].lstrip("　 \t")
        if pattern.match(para):
            starts.add(a)
    return sorted(starts)


def _is_speech_tag(text: str, lang: str, names: set[str]) -> bool:
    """True for narration that only says who spoke ("said Mara." / "林晚道：")."""
    t = text.strip().strip(",.;:，。：；—-")
    if not t:
        return True
    if lang == "zh":
        return len(t) <= 12 and bool(_SPEECH_VERB_ZH.search(t + "：")) and any(n in t for n in names | {"他", "她"})
    words = t.split()
    if len(words) <= 9 and _SPEECH_VERB_EN.match(t):
        return True  # "said his lady to him one day"
    return len(words) <= 5 and "that" not in words and bool(_SPEECH_VERB_EN.search(t))


_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Prof|Capt|Col|Gen|Lt|Rev|Hon|Mme|Mlle|No|vs|etc)|\b[A-Z])\.$")
# A sentence ends at . ! ? or an ellipsis, with any closing quotes or brackets after it.
_END_EN = re.compile(r"(?:[.!?]+|…+)[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])")
_END_ZH = re.compile(r"[。！？!?]+[”’\"'」』）)】]*|[…]+[”’\"'」』）)】]+|[…]+(?=\s*$)")
_OPEN, _CLOSE = "“‘「『（(【《[", "”’」』）)】》]"
# Clause marks a too-long sentence may be cut after, strongest first (see _chunk).
_CLAUSE_MARKS = {"zh": {"；": 3.0, "：": 2.5, "，": 2.0, "、": 1.5, ";": 3.0, ",": 2.0},
                 "en": {";": 3.0, ":": 3.0, "—": 3.0, ",": 2.0}}
_CONJ_EN = re.compile(r"\s(?=(?:and|but|or|so|yet|which|who|because|while|when|where|though|although|"
                      r"until|as|before|after|that)\s)")
_OVER = 1.25  # a sentence this much over the limit still stays in one caption


def _sentences(text: str, lang: str) -> list[str]:
    """Split at sentence ends, keeping closing quotes with their sentence, an ellipsis inside a
    sentence ("他……他走了", "he waited... and waited") and titles or initials ("Mr.", "R. T.")
    with what follows."""
    out: list[str] = []
    start = 0
    for m in (_END_ZH if lang == "zh" else _END_EN).finditer(text):
        if lang != "zh" and _ABBREV.search(text[start:m.end()].rstrip("\"'”’)]")):
            continue
        if text[start:m.end()].strip():
            out.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _size(text: str, lang: str) -> int:
    return len(text) if lang == "zh" else len(text.split())


def _cut_points(sent: str, lang: str) -> list[tuple[int, float]]:
    """(offset, strength) after each clause mark outside quotes and brackets; in English also
    before a conjunction (weak), as a last resort for a long sentence without punctuation."""
    marks = _CLAUSE_MARKS["zh" if lang == "zh" else "en"]
    cuts: list[tuple[int, float]] = []
    depth = 0
    for i, ch in enumerate(sent):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in marks and depth == 0 and i + 1 < len(sent):
            cuts.append((i + 1, marks[ch]))
    if lang != "zh":
        have = {c for c, _ in cuts}
        cuts += [(m.start(), 1.0) for m in _CONJ_EN.finditer(sent) if m.start() not in have
                 and sent[:m.start()].rstrip()[-1:] not in marks]
    return sorted(cuts)


def _best_cuts(sent: str, lang: str, limit: int, top: float) -> list[str] | None:
    """The fewest balanced parts of at most ``top`` (and at least 0.3 × ``limit``) that the
    clause boundaries allow, preferring strong boundaries near the even split points."""
    total = _size(sent, lang)
    cuts = _cut_points(sent, lang)
    pos = [0] + [c for c, _ in cuts] + [len(sent)]
    strength = [s for _, s in cuts] + [4.0]
    upto = [_size(sent[:p], lang) for p in pos]
    low = 0.3 * limit
    first = max(2, -(-total // limit))
    for k in range(first, first + 4):
        ideal = total / k
        # best[j][n]: (cost, previous cut) of cutting sent[:pos[j]] into n parts.
        best: list[dict[int, tuple[float, int]]] = [{} for _ in pos]
        best[0][0] = (0.0, -1)
        for j in range(1, len(pos)):
            for i in range(j - 1, -1, -1):
                n = upto[j] - upto[i]
                if n > top:
                    break
                if n < low:
                    continue
                for parts, (cost, _) in best[i].items():
                    c = cost + 4 * ((n - ideal) / limit) ** 2 + 4.0 - strength[j - 1]
                    if parts < k and (parts + 1 not in best[j] or c < best[j][parts + 1][0]):
                        best[j][parts + 1] = (c, i)
        if k in best[-1]:
            out: list[str] = []
            j, parts = len(pos) - 1, k
            while j > 0:
                i = best[j][parts][1]
                out.append(sent[pos[i]:pos[j]].strip())
                j, parts = i, parts - 1
            return out[::-1]
    return None


def _split_sentence(sent: str, lang: str, limit: int) -> list[str]:
    """Cut one sentence that is too long for a caption into as few balanced parts as will fit,
    at the strongest clause boundaries near the even split points; never leave a scrap."""
    total = _size(sent, lang)
    if total <= limit * _OVER:
        return [sent]
    found = _best_cuts(sent, lang, limit, limit * _OVER) or _best_cuts(sent, lang, limit, limit * 1.6)
    if found:
        return found
    if total <= limit * 1.6:
        return [sent]
    # No clause marks to cut at: even pieces of words (en) or characters (zh).
    k = -(-total // limit)
    if lang == "zh":
        step = -(-len(sent) // k)
        return [sent[i:i + step] for i in range(0, len(sent), step)]
    words = sent.split()
    step = -(-len(words) // k)
    return [" ".join(words[i:i + step]) for i in range(0, len(words), step)]


def _chunk(text: str, lang: str, limit_en: int, limit_zh: int) -> list[str]:
    """Split text into captions or balloons of at most about ``limit`` words (en) or characters
    (zh), so that none swamps the frame. Each piece is whole sentences, as evenly filled as the
    fewest pieces allow; a sentence only a little over the limit stays whole, a longer one is
    cut at its strongest clause boundaries into balanced parts that stand alone. A caption
    (narration limits) that stops at a clause mark, narration cut off by a quotation
    ("她慢慢地抬起头，“…”"), ends with a full stop; balloons keep the speaker's punctuation."""
    zh = lang == "zh"
    limit, sep = (limit_zh, "") if zh else (limit_en, " ")
    text = text.strip()
    if (limit_en, limit_zh) == (MAX_NARRATION_EN, MAX_NARRATION_ZH):
        text = text.lstrip("，、；,;").rstrip()
        if re.search(r"[，、；,;]$", text):
            text = text[:-1].rstrip() + ("。" if zh else ".")
    units: list[tuple[str, bool]] = []  # (text, may share a piece with its neighbours)
    for sent in _sentences(text, lang):
        parts = _split_sentence(sent, lang, limit)
        units += [(p, len(parts) == 1) for p in parts]
    # Fewest pieces, then the most even: best[j] = (pieces, sum of squared sizes, start) for
    # the units before j.
    size = [_size(u, lang) for u, _ in units]
    best: list[tuple[int, float, int]] = [(0, 0.0, -1)]
    for j in range(1, len(units) + 1):
        cand = []
        n = 0
        for i in range(j - 1, -1, -1):
            n += size[i]
            if i < j - 1 and (n > limit or not units[i][1] or not units[j - 1][1]):
                break
            pieces, sq, _ = best[i]
            cand.append((pieces + 1, sq + (n / limit) ** 2, i))
        best.append(min(cand))
    out: list[str] = []
    j = len(units)
    while j > 0:
        i = best[j][2]
        out.append(sep.join(u for u, _ in units[i:j]))
        j = i
    return out[::-1]


def _clean(text: str) -> str:
    """Spoken/lettered form of a span: no wrap newlines or _emphasis_ marks."""
    text = re.sub(r"_([^_]+)_", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _mood(lines: list[Line], text: str) -> Mood:
    """A music mood for a scene from its emotions and words."""
    emo = Counter(ln.emotion for ln in lines)
    low = text.lower()
    if emo["angry"] + emo["shout"] >= 4 or re.search(r"\b(fight|sword|chase|attack|ran)\b|剑|杀|追|打", low):
        return "action"
    if emo["scared"] + emo["surprised"] >= 2 or re.search(r"\b(dark|shadow|fear|storm)\b|黑暗|恐|暴风", low):
        return "tense"
    if emo["sad"] >= 2 or re.search(r"\b(tears|wept|grave|funeral|lost)\b|泪|哭|死", low):
        return "sad"
    if re.search(r"\b(love|kiss|heart)\b|爱|吻|心动", low):
        return "romantic"
    if emo["happy"] + emo["laugh"] >= 2:
        return "happy"
    return "calm"


# Scene headings name the place the text names (see ``find_place``), else the setting's kind.
_PLACES_EN = {"room_generic": "ROOM"}
_PLACES_ZH = {"home": "家", "office": "办公室", "street": "街道", "shop": "店铺", "forest": "树林",
              "mountain": "山上", "palace": "宫殿", "coast": "海边", "sky": "天空", "room_generic": "房间"}


def _location_name(text: str, lang: str, kind: str) -> str:
    """A short location label for the scene heading: the place the scene is played in, as its
    text names it ("TEA HOUSE", "会议室"), else a word for the setting's kind."""
    from manju.render.background import find_place

    place = find_place(text, lang) if text.strip() else None
    if place is not None:
        return place.name if lang == "zh" else place.name.upper()
    if lang == "zh":
        return _PLACES_ZH.get(kind, "房间")
    return _PLACES_EN.get(kind, kind.replace("_", " ").upper())


_THOUGHT = re.compile(r"\b(?:thought|wondered|mused|said to (?:him|her)self)\b|心想|心道|暗想|心里想|暗道|心中暗")


def _around(text: str, start: int, end: int, reach: int = 60) -> tuple[str, str]:
    """The narration just before and after a quotation, within its paragraph."""
    before = text[max(0, start - reach) : start].rsplit("\n", 1)[-1]
    after = re.split(r"[\n“”\"「」]", text[end + 1 : end + 1 + reach], maxsplit=1)[0]
    return before, after


def _is_thought(text: str, start: int, end: int) -> bool:
    """A quotation tagged as thinking ("…," she thought / 她心想：“…”) is a thought, not speech."""
    before, after = _around(text, start, end)
    return bool(_THOUGHT.search(before[-10:]) or _THOUGHT.search(after[:31]))


_ZH_LOOK = re.compile(
    r"((?:一身|一袭)?(?:(?:藏青|藏蓝|深蓝|天蓝|浅蓝|米白|墨绿|深绿|军绿|酒红|枣红|深红|大红|玫红|粉红|"
    r"深紫|淡紫|深灰|浅灰|咖啡|卡其|金黄|[红赤橙黄绿青蓝紫黑玄墨白素灰粉棕褐金银米])色?的?|浅|深)?"
    r"(?:[布丝绸缎呢棉纱皮绒毛麻])??(?:长|短|卷|直)??"
    r"(?:连衣裙|羽绒服|燕尾服|裙子|长裙|短裙|裙|衣服|衣裳|外套|西装|西服|长袍|道袍|袍子|衬衫|衬衣|"
    r"卫衣|毛衣|[tT]恤|大衣|风衣|夹克|斗篷|披风|皮衣|棉袄|旗袍|汉服|长衫|校服|制服|军装|警服|领带|"
    r"围巾|头发|长发|短发|白发|马尾|眼镜|胡子|胡须|[衣袍衫裳发]))")


def _zh_descriptions(text: str, names: list[str]) -> list[str]:
    """Appearance phrases in sentences that name the character (红色的裙子, 白发, 眼镜)."""
    found: list[str] = []
    for sent in re.split(r"[。！？\n]", text):
        if not any(n and n in sent for n in names):
            continue
        # what a speaker says ("你的红外套") is not the narration's description
        sent = re.sub(r"“[^”]*”?|「[^」]*」?", "", sent)
        if not any(n and n in sent for n in names):
            continue
        for m in _ZH_LOOK.finditer(sent):
            phrase = m.group(1)
            if len(phrase) >= 2 and phrase not in found:
                found.append(phrase)
    return found[:6]


def _merge_narration(utts: list) -> list:
    """Join consecutive narration spans of one paragraph (the analyzer may cut at "Mr.")."""
    out: list = []
    for u in utts:
        prev = out[-1] if out else None
        if (prev is not None and u.kind == "narration" and prev.kind == "narration"
                and u.paragraph == prev.paragraph):
            sep = "" if re.match(r"[\u3000-\u9fff]", u.text[:1]) else " "
            out[-1] = dataclasses.replace(prev, text=f"{prev.text}{sep}{u.text}", end=u.end)
        else:
            out.append(u)
    return out


def adapt(project: Project, progress: Any = None) -> Project:
    """Adapt every chapter of ``project.source`` into episodes, scenes and lines; build the cast.

    ``progress`` (a :class:`manju.stages.context.Progress`) hears of each chapter done."""
    from manju.doc.model import Setting as DocSetting
    from manju.render.background import classify_setting, scene_heading
    from manju.text import Character as TextCharacter
    from manju.text import analyze

    src = project.source
    if not src.chapters:
        raise StageError("nothing to adapt: the project has no source text (run ingest first)")
    lang = src.lang
    known: list[TextCharacter] = []
    spoken: Counter[str] = Counter()
    episodes: list[Episode] = []
    raw_scenes: list[tuple[Episode, Scene, list, str]] = []
    if progress is not None:
        progress.start("adapt", len(src.chapters))
    for chapter in src.chapters:
        if progress is not None and episodes:
            progress.advance()
        analysis = analyze(chapter.text, lang=lang, known=known or None)
        known = analysis.characters
        ep = Episode(id=chapter.id, title=chapter.title or f"Episode {len(episodes) + 1}")
        starts = _scene_starts(chapter.text, lang)
        bounds = list(zip(starts, starts[1:] + [len(chapter.text) + 1], strict=True))
        buckets: list[list] = [[] for _ in bounds]
        for u in analysis.utterances:
            for i, (a, b) in enumerate(bounds):
                if a <= u.start < b:
                    buckets[i].append(u)
                    break
        for (a, b), utts in zip(bounds, buckets, strict=True):
            if not utts:
                continue
            # Long stretches without a marked break still need new shots of scenery: split evenly.
            for part in range(0, len(utts), MAX_LINES_PER_SCENE):
                chunk = utts[part : part + MAX_LINES_PER_SCENE]
                sc = Scene(id=f"{ep.id}_sc{len(ep.scenes) + 1:02d}", heading="")
                ep.scenes.append(sc)
                raw_scenes.append((ep, sc, chunk, chapter.text))
                if part == 0:
                    sc.metadata["text"] = chapter.text[a:b]
        episodes.append(ep)

    # Characters: ids in order of importance, stable across chapters.
    for _, _, utts, _ in raw_scenes:
        for u in utts:
            if u.kind == "dialogue" and u.speaker:
                spoken[u.speaker] += 1
    chars = [c for c in known if spoken[c.name] > 0 or c.mentions >= 3]
    chars.sort(key=lambda c: (-spoken[c.name], -c.mentions, c.name))
    ids = {c.name: f"ch{i + 1:02d}" for i, c in enumerate(chars)}
    full_text = "\n".join(ch.text for ch in src.chapters)
    project.characters = [
        Character(id=ids[c.name], name=c.name, aliases=sorted(set(c.aliases)), gender=c.gender,
                  age=c.age, lines=spoken[c.name],
                  description=list(c.description) or (
                      _zh_descriptions(full_text[:200000], [c.name, *c.aliases]) if lang == "zh" else []))
        for c in chars
    ]

    names = {a for c in chars for a in [c.name, *c.aliases]}
    prev_setting_text = ""
    for _ep, sc, utts, chapter_text in raw_scenes:
        text = sc.metadata.pop("text", "") or prev_setting_text
        prev_setting_text = text
        for u in _merge_narration(utts):
            if u.kind == "dialogue" and _is_thought(chapter_text, u.start, u.end):
                u = dataclasses.replace(u, emotion="thought")
            if u.kind == "dialogue":
                # A quote cut by its speech tag ends in a comma: spoken alone it is a full stop.
                said = re.sub(r",$", ".", re.sub(r"，$", "。", _clean(u.text)))
                # What the speaker does around the line ("she pointed at the door") drives gestures.
                action = " … ".join(x.strip(" \"“”「」\u3000") for x in _around(chapter_text, u.start, u.end)
                                    if x.strip(" \"“”「」\u3000"))
                for piece in _chunk(said, lang, MAX_DIALOGUE_EN, MAX_DIALOGUE_ZH):
                    sc.lines.append(Line(
                        id=f"{sc.id}_l{len(sc.lines) + 1:02d}", kind="dialogue", text=piece,
                        speaker=ids.get(u.speaker or ""), addressee=ids.get(u.addressee or ""),
                        emotion=u.emotion, action=action, confidence=u.confidence,
                    ))
            elif not _is_speech_tag(u.text, lang, names):
                caption = re.sub(r"[：:]$", "。" if lang == "zh" else ".", _clean(u.text))
                for piece in _chunk(caption, lang, MAX_NARRATION_EN, MAX_NARRATION_ZH):
                    sc.lines.append(Line(id=f"{sc.id}_l{len(sc.lines) + 1:02d}", kind="narration",
                                         text=piece, emotion=u.emotion))
        setting = classify_setting(text or " ".join(ln.text for ln in sc.lines), lang)
        sc.setting = DocSetting(**dataclasses.asdict(setting))
        sc.location = _location_name(text, lang, setting.kind)
        sc.heading = scene_heading(setting, sc.location)
        sc.mood = _mood(sc.lines, text)
        present = [ln.speaker for ln in sc.lines if ln.speaker]
        sc.present = list(dict.fromkeys(present))
    for ep in episodes:
        ep.scenes = [s for s in ep.scenes if s.lines]
    project.episodes = [e for e in episodes if e.scenes]
    if progress is not None:
        from manju.text.analyzer import LOW_CONFIDENCE

        progress.finish()
        low = low_confidence_lines(project)
        n_said = sum(1 for ep in project.episodes for sc in ep.scenes for ln in sc.lines
                   if ln.kind == "dialogue")
        if low:
            progress.notice(f"{len(low)} of {n_said} dialogue lines have a speaker confidence below "
                            f"{LOW_CONFIDENCE:g}: review those (Line.confidence in project.json)")
    return finalize(project, lang)


def low_confidence_lines(project: Project, threshold: float | None = None) -> list[Line]:
    """The dialogue lines whose speaker is less sure than ``threshold`` (default
    :data:`manju.text.analyzer.LOW_CONFIDENCE`), in story order: what an editor or a
    language model should look at first."""
    from manju.text.analyzer import LOW_CONFIDENCE

    limit = LOW_CONFIDENCE if threshold is None else threshold
    return [ln for ep in project.episodes for sc in ep.scenes for ln in sc.lines
            if ln.kind == "dialogue" and ln.confidence is not None and ln.confidence < limit]


def finalize(project: Project, lang: str) -> Project:
    """Common end of every adapter: refuse an empty screenplay, give every node its stable
    content-derived id, set language and title."""
    from manju.doc.identity import assign_ids

    if not project.episodes:
        raise StageError("the story has no sentences to adapt")
    assign_ids(project)
    project.lang = lang
    src = project.source
    if project.title in ("", "Untitled") and src.title:
        project.title = src.title
    elif project.title in ("", "Untitled") and src.path:
        from pathlib import Path

        project.title = Path(src.path).stem.replace("_", " ").title()
    return project
