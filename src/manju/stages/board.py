"""board: break each scene into shots with framing, camera moves and timing from the voiced lines."""

from __future__ import annotations

import re
from collections.abc import Mapping

from manju.doc.model import Camera, Cue, Line, Project, Scene, Shot, ShotPatch, Side

READS = ("episodes[].scenes[].lines", "characters", "overrides")
WRITES = ("episodes[].scenes[].shots", "episodes[].scenes[].sides")

LEAD_IN = 0.25      # silence before the first line of a shot
GAP = 0.3           # pause between lines within a shot
TAIL = 0.45         # hold after the last line (reading time for the bubble)
ESTABLISH = 2.2     # a silent establishing shot
REACTION = 1.1      # a silent reaction shot
STRONG = {"angry", "surprised", "scared", "sad", "shout", "disgusted"}
REACT = {"angry": "scared", "shout": "surprised", "surprised": "surprised", "sad": "sad",
         "scared": "scared", "disgusted": "disgusted", "happy": "happy", "smug": "angry", "laugh": "happy"}
EXPRESSION_OF = {"whisper": "neutral", "shout": "angry", "thought": "neutral", "laugh": "happy"}
MAX_NARRATION_PER_SHOT = 2
# Body language for a line's emotion (the renderer draws these arm poses).
GESTURE_OF = {"angry": "point", "shout": "point", "surprised": "hand_raised",
              "scared": "hand_raised", "smug": "arms_crossed", "disgusted": "arms_crossed"}
_GESTURE_WORDS = (
    (re.compile(r"\bpoint(?:ed|ing|s)?\b|指着|指向"), "point"),
    (re.compile(r"\b(?:crossed|folded) (?:his|her|their) arms\b|抱着胳膊|双手抱胸|抱臂"), "arms_crossed"),
    (re.compile(r"\b(?:raised|lifted|held up) (?:his|her|their|a) hand\b|\bwaved\b|举起手|挥手|摆手|举手"),
     "hand_raised"),
    (re.compile(r"\bbow(?:ed|ing|s)?\b|\bcurts(?:ied|eyed)\b|鞠躬|行礼|躬身|抱拳|拱手|叩首|作揖"), "bow"),
)


# Props drawn in a Chinese design: an English story's "lantern" is not a red paper lantern.
CHINESE_DESIGNS = {"lantern", "fan", "jade", "scroll"}


def gesture_for(line: Line) -> str:
    """The arm pose for a speaker: named in the line's own words, else from its emotion."""
    for pattern, gesture in _GESTURE_WORDS:
        if pattern.search(line.action):
            return gesture
    return GESTURE_OF.get(line.emotion, "none")


def _expression(emotion: str) -> str:
    return EXPRESSION_OF.get(emotion, emotion)


def _duration(lines: list[Line], pace: float = 1.0) -> tuple[float, list[Cue]]:
    """A shot's length and its lines' cues; ``pace`` scales the pauses around the lines."""
    t = LEAD_IN * pace
    cues = []
    for i, ln in enumerate(lines):
        d = ln.audio.duration if ln.audio else max(1.0, len(ln.text) * 0.07)
        cues.append(Cue(line=ln.id, start=round(t, 3), end=round(t + d, 3)))
        t += d + (GAP * pace if i + 1 < len(lines) else 0.0)
    return round(t + TAIL * pace, 3), cues


def shot_id(scene: Scene, lines: list[Line], framing: str) -> str:
    """A shot's stable id: from the first line it plays (lines belong to one shot each), or
    from its scene for a silent establishing shot; a silent reaction follows its line's shot."""
    if lines:
        return "sh_" + lines[0].id.split("_", 1)[-1]
    return f"sh_{scene.id.split('_', 1)[-1]}e" if framing == "wide" else ""


def _camera(framing: str, n: int) -> Camera:
    if framing == "wide":
        return Camera(move="pull_out", zoom_from=1.12, zoom_to=1.0, easing="ease_out_cubic")
    if framing == "close_up":
        return Camera(move="push_in", zoom_from=1.0, zoom_to=1.08, easing="ease_in_out_sine")
    if framing == "reaction":
        return Camera(move="push_in", zoom_from=1.0, zoom_to=1.1, easing="ease_out_quad")
    if framing == "insert":
        return Camera(move="push_in", zoom_from=1.0, zoom_to=1.1, easing="ease_out_cubic")
    if framing == "over_shoulder":
        return Camera(move="push_in", zoom_from=1.0, zoom_to=1.04, easing="ease_in_out_sine")
    if framing == "two_shot":
        return Camera(move="pan_right" if n % 2 else "pan_left", zoom_from=1.04, zoom_to=1.04,
                      easing="ease_in_out_sine")
    return Camera(move="push_in", zoom_from=1.0, zoom_to=1.05, easing="ease_in_out_sine")


def _sides(scene: Scene) -> dict[str, Side]:
    """180-degree rule: each character keeps one side of the frame for the whole scene."""
    sides: dict[str, Side] = {}
    for i, cid in enumerate(scene.present):
        sides[cid] = "left" if i % 2 == 0 else "right"
    return sides


_PRONOUN = {"en": ((r"\b(?:he|him|his)\b", "male"), (r"\b(?:she|her|hers)\b", "female")),
            "zh": ((r"他", "male"), (r"她", "female"))}


def _narration_subject(text: str, present: list[str], people: Mapping[str, tuple[list[str], str]],
                       lang: str) -> str | None:
    """Who a piece of narration is about: the first present character it names, else the only
    present character of the gender its pronoun gives."""
    first: tuple[int, str] | None = None
    for cid in present:
        names, _ = people.get(cid, ([], "unknown"))
        for n in names:
            pos = text.find(n) if n else -1
            if pos >= 0 and (first is None or pos < first[0]):
                first = (pos, cid)
    if first:
        return first[1]
    for pattern, gender in _PRONOUN.get(lang, _PRONOUN["en"]):
        if re.search(pattern, text, re.IGNORECASE if lang == "en" else 0):
            match = [c for c in present if people.get(c, ([], "unknown"))[1] == gender]
            if len(match) == 1:
                return match[0]
    return None


def board_scene(scene: Scene, lang: str = "en",
                people: Mapping[str, tuple[list[str], str]] | None = None) -> list[Shot]:
    """The shots of one scene."""
    from manju.render.props import props_in_text

    shots: list[Shot] = []
    shown: set[str] = set()
    people = people or {}
    scene.sides = _sides(scene)
    present = scene.present
    last_speaker: str | None = None
    other: dict[str, str] = {}
    runs: dict[frozenset, int] = {}  # lines spoken in the current two-person exchange

    def add(framing: str, subjects: list[str], lines: list[Line], focus: str | None = None,
            expressions: dict[str, str] | None = None, silent: float = 0.0,
            gestures: dict[str, str] | None = None, props: list[str] | None = None) -> None:
        if lines:
            dur, cues = _duration(lines)
        else:
            dur, cues = silent, []
        subjects = list(dict.fromkeys(s for s in subjects if s))[:3]
        exprs = {s: "neutral" for s in subjects}
        exprs.update(expressions or {})
        sid = shot_id(scene, lines, framing) or f"{shots[-1].id}r"
        while any(s.id == sid for s in shots):
            sid += "x"
        shots.append(Shot(
            id=sid, framing=framing, subjects=subjects, focus=focus,
            expressions=exprs, cues=cues, duration=dur, camera=_camera(framing, len(shots)),
            gestures={k: v for k, v in (gestures or {}).items() if k in subjects and v != "none"},
            props=list(props or []),
            transition="fade" if not shots else "cut",
        ))

    lines = scene.lines
    i = 0
    # Establishing shot: the place and who is there, with the opening narration over it.
    opening: list[Line] = []
    while i < len(lines) and lines[i].kind == "narration" and len(opening) < MAX_NARRATION_PER_SHOT:
        opening.append(lines[i])
        i += 1
    add("wide", present[:3], opening, silent=ESTABLISH)
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "narration":
            group = [ln]
            while (i + len(group) < len(lines) and lines[i + len(group)].kind == "narration"
                   and len(group) < MAX_NARRATION_PER_SHOT):
                group.append(lines[i + len(group)])
            about = _narration_subject(" ".join(g.text for g in group), present, people, lang)
            who = about or last_speaker
            subjects = [who] if who else present[:2]
            framing = "medium" if who else "wide"
            named = [p for p in props_in_text(" ".join(g.text for g in group), lang)
                     if p not in shown and not (lang != "zh" and p in CHINESE_DESIGNS)]
            if named and shots:
                # Narration that names an object cuts to an insert of it (a detail panel).
                shown.update(named[:1])
                add("insert", [], group, props=named[:1])
            else:
                add(framing, subjects, group, focus=who)
            i += len(group)
            continue
        spk = ln.speaker
        listener = ln.addressee if ln.addressee and ln.addressee != spk else None
        if listener is None and spk:
            listener = other.get(spk) or next((c for c in present if c != spk), None)
        if spk and listener:
            other[spk], other[listener] = listener, spk
        expr = {spk: _expression(ln.emotion)} if spk else {}
        pair: frozenset[str] | None = frozenset((spk, listener)) if spk and listener else None
        run = runs.get(pair, -1) + 1 if pair else 0
        if pair:
            runs = {pair: run}
        if spk and ln.emotion in STRONG:
            framing, subjects = "close_up", [spk]
        elif spk and listener and run % 6 == 0:
            framing, subjects = "two_shot", [spk, listener]
        elif spk and listener and run % 2 == 1:
            # Shot / reverse shot over the listener's shoulder.
            framing, subjects = "over_shoulder", [spk, listener]
        elif spk:
            framing, subjects = "medium", [spk]
        else:
            framing, subjects = "wide", list(present[:2])
        add(framing, subjects, [ln], focus=spk, expressions=expr,
            gestures={spk: gesture_for(ln)} if spk else None)
        if spk and listener and ln.emotion in REACT and ln.emotion in STRONG:
            add("reaction", [listener], [], focus=listener,
                expressions={listener: REACT[ln.emotion]}, silent=REACTION,
                gestures={listener: GESTURE_OF.get(REACT[ln.emotion], "none")})
        last_speaker = spk or last_speaker
        i += 1
    return shots


def apply_patch(shot: Shot, patch: ShotPatch, lines: Mapping[str, Line] | None = None,
                extra: float = 0.0) -> None:
    """Apply the user's changes to a freshly boarded shot (a new framing brings its own camera
    move, and a close-up keeps only the character in focus). A pace or hold retimes the shot
    from its ``lines`` (by id); ``extra`` is silent time it took in from merged shots."""
    values = patch.values()
    for key, value in values.items():
        if key not in ("hold", "pace"):
            setattr(shot, key, value.model_copy(deep=True) if isinstance(value, Camera) else value)
    if patch.hold is not None or patch.pace is not None:
        from manju.stages.board_cut import retime

        retime(shot, lines or {}, patch.pace, patch.hold or 0.0, extra)
    if "framing" in values and "camera" not in values:
        shot.camera = _camera(shot.framing, 0)
    if "framing" in values and "subjects" not in values:
        if shot.framing in ("close_up", "reaction") and len(shot.subjects) > 1:
            keep = shot.focus if shot.focus in shot.subjects else shot.subjects[0]
            shot.subjects = [keep]


def board_shots(project: Project, scene: Scene) -> list[Shot]:
    """The shots of one scene with the user's edits (``project.overrides``) applied."""
    from manju.stages.board_cut import arrange

    people = {c.id: ([c.name, *c.aliases], c.gender) for c in project.characters}
    shots = arrange(scene, board_scene(scene, project.lang, people), project.overrides)
    for shot in shots:
        # An override may name someone who has since left the story (it was made before the
        # story changed): they are no longer in frame.
        if any(c not in people for c in shot.subjects):
            shot.subjects = [c for c in shot.subjects if c in people]
    return shots


def board(project: Project) -> Project:
    """Storyboard every scene; the user's shot edits (``project.overrides``, by shot id: splits,
    merges and inserted shots first, then each shot's own changes) are applied on top, so they
    survive every rebuild."""
    for scene in project.scenes():
        scene.shots = board_shots(project, scene)
    return project
