"""The project document: one versioned, schema-labelled tree that every stage reads and writes.

Every node carries a ``schema`` label with its own version (``"Shot.3"``) and a ``metadata``
dict that plugins may use freely (core data never lives there). Nodes with an identity carry
a stable ``id`` derived from their content when first made and kept across edits and
re-adaptation (see :mod:`manju.doc.identity`). Old documents are upgraded node by node
(:mod:`manju.doc.upgrade`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

#: Version of the document as a whole (``Project.version``); node versions are in their labels.
SCHEMA_VERSION = 2

Framing = Literal["wide", "medium", "two_shot", "over_shoulder", "close_up", "reaction", "insert"]
CameraMove = Literal["static", "push_in", "pull_out", "pan_left", "pan_right"]
Easing = Literal["linear", "ease_in_quad", "ease_in_out_cubic", "ease_out_cubic", "ease_in_out_sine", "ease_out_quad"]
Emotion = Literal["neutral", "happy", "sad", "angry", "surprised", "scared", "shout", "whisper",
                  "smug", "disgusted", "thought", "laugh"]
Gender = Literal["male", "female", "unknown"]
Age = Literal["child", "young", "adult", "old"]
Style = Literal["flat", "ink", "pastel", "noir"]
Mood = Literal["calm", "tense", "sad", "happy", "action", "romantic"]
TimeOfDay = Literal["day", "dusk", "night"]
Weather = Literal["clear", "rain", "snow", "fog"]
Transition = Literal["cut", "fade"]
Side = Literal["left", "right"]
HairStyle = Literal["short", "long", "bun", "ponytail", "bob", "spiky", "bald", "long_tied"]
Outfit = Literal["shirt", "suit", "dress", "hoodie", "robe", "uniform", "coat"]
Accessory = Literal["none", "glasses", "hairpin", "earrings", "beard", "scar", "crown", "hat"]

FRAMINGS: tuple[str, ...] = Framing.__args__  # type: ignore[attr-defined]
EMOTIONS: tuple[str, ...] = Emotion.__args__  # type: ignore[attr-defined]
STYLES: tuple[str, ...] = Style.__args__  # type: ignore[attr-defined]


class Node(BaseModel):
    """Base of every document node: strict fields, free-form ``metadata`` for plugins."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    metadata: dict[str, Any] = Field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        """The node's own data as plain JSON values (no schema label, no metadata)."""
        return self.model_dump(exclude={"metadata", "schema_"}, mode="json")


class RenderSettings(Node):
    """Output format chosen by the user."""

    schema_: Literal["RenderSettings.1"] = Field("RenderSettings.1", alias="schema")
    width: int = Field(1080, ge=64, le=4096)
    height: int = Field(1920, ge=64, le=4096)
    fps: int = Field(30, ge=1, le=120)
    style: Style = "flat"
    music: bool = True
    sfx: bool = True
    seed: int = 0


class BackendChoice(Node):
    """A backend the user chose for this project, by entry-point name, with its (secret-free)
    config; recorded so every later command uses the same one."""

    schema_: Literal["BackendChoice.1"] = Field("BackendChoice.1", alias="schema")
    name: str
    config: dict[str, Any] = Field(default_factory=dict)


class Chapter(Node):
    """One chapter of the source text; each becomes an episode."""

    schema_: Literal["Chapter.1"] = Field("Chapter.1", alias="schema")
    id: str
    title: str
    text: str


class Source(Node):
    """The ingested story."""

    schema_: Literal["Source.1"] = Field("Source.1", alias="schema")
    path: str = ""
    title: str = ""
    encoding: str = "utf-8"
    lang: str = "en"
    sha256: str = ""
    chapters: list[Chapter] = Field(default_factory=list)


class Asset(Node):
    """A file a backend produced, with the config that produced it (for caching and provenance)."""

    schema_: Literal["Asset.1"] = Field("Asset.1", alias="schema")
    path: str
    sha256: str = ""
    duration: float = 0.0
    backend: str = ""
    config: dict[str, Any] = Field(default_factory=dict)


class Look(Node):
    """A character's fixed design; the same Look draws the same character in every shot."""

    schema_: Literal["Look.1"] = Field("Look.1", alias="schema")
    skin: str
    hair_color: str
    hair_style: HairStyle
    eye_color: str
    outfit: Outfit
    outfit_color: str
    accent_color: str
    gender: str
    age: str
    accessory: Accessory = "none"
    build: float = 1.0


class Voice(Node):
    """How a character (or the narrator) sounds: engine, voice name, pitch, speed, language,
    and a voice cloned from the user's recording where the speech backend can clone."""

    schema_: Literal["Voice.2"] = Field("Voice.2", alias="schema")
    engine: str = "espeak"
    voice: str = "en-us"
    pitch: int = 50
    speed: int = 165
    lang: str = "en"
    #: the recording the voice is cloned from (a copy in the project) and its sha256
    reference: str = ""
    reference_sha256: str = ""
    #: the provider's id of the cloned voice and the backend that speaks it ("tts.minimax")
    clone: str = ""
    clone_backend: str = ""


class Character(Node):
    """A cast member: who they are in the text, how they look and sound."""

    schema_: Literal["Character.3"] = Field("Character.3", alias="schema")
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: Gender = "unknown"
    age: Age = "adult"
    description: list[str] = Field(default_factory=list)
    lines: int = 0
    look: Look | None = None
    voice: Voice | None = None
    #: reference sheets drawn by the image backend or given by the user, by view ("front",
    #: "three_quarter", "side") or expression ("happy", ...); see manju.stages.refsheet
    refs: dict[str, Asset] = Field(default_factory=dict)


class Line(Node):
    """A beat of the script: a line of dialogue or a piece of narration."""

    schema_: Literal["Line.3"] = Field("Line.3", alias="schema")
    id: str
    kind: Literal["dialogue", "narration"]
    text: str
    speaker: str | None = None
    addressee: str | None = None
    emotion: Emotion = "neutral"
    parenthetical: str = ""
    #: what the speaker does around the line in the prose ("she pointed at the door")
    action: str = ""
    audio: Asset | None = None
    #: how likely ``speaker`` is right (0-1) as the screenwriter found it; None when not known
    confidence: float | None = None


class Camera(Node):
    """A camera move over a shot, in normalised frame units."""

    schema_: Literal["Camera.1"] = Field("Camera.1", alias="schema")
    move: CameraMove = "static"
    easing: Easing = "ease_in_out_cubic"
    zoom_from: float = 1.0
    zoom_to: float = 1.0


class Cue(Node):
    """When a line is heard within its shot (seconds from the shot's start)."""

    schema_: Literal["Cue.1"] = Field("Cue.1", alias="schema")
    line: str
    start: float
    end: float


class Segment(Node):
    """A shot's rendered video segment in the cache, under the key that covers its inputs."""

    schema_: Literal["Segment.1"] = Field("Segment.1", alias="schema")
    path: str
    key: str
    frames: int


class Shot(Node):
    """One camera set-up: who is in frame, how it is framed, which lines play over it."""

    schema_: Literal["Shot.3"] = Field("Shot.3", alias="schema")
    id: str
    framing: Framing = "medium"
    subjects: list[str] = Field(default_factory=list)
    focus: str | None = None
    expressions: dict[str, str] = Field(default_factory=dict)
    gestures: dict[str, str] = Field(default_factory=dict)
    props: list[str] = Field(default_factory=list)
    #: which of ``props`` a character holds in their hand (prop -> character id); the others
    #: are part of the set
    held: dict[str, str] = Field(default_factory=dict)
    cues: list[Cue] = Field(default_factory=list)
    duration: float = 2.0
    camera: Camera = Field(default_factory=Camera)
    transition: Transition = "cut"
    segment: Segment | None = None


class Setting(Node):
    """A location's look: kind of place, time of day, weather, inside or out, layout seed."""

    schema_: Literal["Setting.1"] = Field("Setting.1", alias="schema")
    kind: str = "room_generic"
    time: TimeOfDay = "day"
    weather: Weather = "clear"
    interior: bool = True
    seed: int = 0


class Scene(Node):
    """A continuous stretch of story in one place and time."""

    schema_: Literal["Scene.2"] = Field("Scene.2", alias="schema")
    id: str
    heading: str
    location: str = ""
    setting: Setting = Field(default_factory=Setting)
    mood: Mood = "calm"
    present: list[str] = Field(default_factory=list)
    sides: dict[str, Side] = Field(default_factory=dict)
    lines: list[Line] = Field(default_factory=list)
    shots: list[Shot] = Field(default_factory=list)


class Episode(Node):
    """One chapter's adaptation."""

    schema_: Literal["Episode.1"] = Field("Episode.1", alias="schema")
    id: str
    title: str
    scenes: list[Scene] = Field(default_factory=list)


Pace = Literal["slow", "normal", "fast"]


class ShotStep(Node):
    """One change to how a scene is cut, replayed in order whenever the storyboard is rebuilt:
    ``split`` the shot before line ``at`` (empty: in two halves of its time), ``merge`` it with
    the shot after it, ``insert`` the silent ``shot`` after it, or ``move`` it ``place`` (before
    or after) shot ``at`` (empty: to the end of the scene)."""

    schema_: Literal["ShotStep.2"] = Field("ShotStep.2", alias="schema")
    do: Literal["split", "merge", "insert", "move"]
    at: str = ""
    shot: Shot | None = None
    place: Literal["before", "after"] = "after"


class ShotPatch(Node):
    """The user's changes to one shot; re-applied whenever the storyboard is rebuilt."""

    schema_: Literal["ShotPatch.3"] = Field("ShotPatch.3", alias="schema")
    framing: Framing | None = None
    camera: Camera | None = None
    subjects: list[str] | None = None
    transition: Transition | None = None
    #: the objects shown (names from ``manju.render.props.PROPS``)
    props: list[str] | None = None
    #: which of them a character holds (prop -> character id)
    held: dict[str, str] | None = None
    #: seconds added to the end of the shot (negative: taken off, never cutting a line short)
    hold: float | None = None
    #: how long the pauses around and between its lines are
    pace: Pace | None = None
    #: splits, merges and inserted shots, in the order they were made
    steps: list[ShotStep] | None = None

    def values(self) -> dict[str, Any]:
        """Only the fields the user set (the steps excepted: they change the scene's cut)."""
        return {k: getattr(self, k) for k in SHOT_PATCH_FIELDS if getattr(self, k) is not None}


#: The fields of a ShotPatch that :meth:`ShotPatch.values` returns.
SHOT_PATCH_FIELDS = ("framing", "camera", "subjects", "transition", "props", "held", "hold",
                     "pace")


class Outputs(Node):
    """What the last full run wrote."""

    schema_: Literal["Outputs.2"] = Field("Outputs.2", alias="schema")
    video: str = ""
    subtitles: str = ""
    duration: float = 0.0
    music: list[str] = Field(default_factory=list)
    #: the encoded soundtrack in the cache (``manju.stages.soundtrack``); "" before version 2
    soundtrack: str = ""


class Project(Node):
    """The whole project: source, screenplay, cast, storyboard, settings and edit history."""

    schema_: Literal["Project.2"] = Field("Project.2", alias="schema")
    version: int = SCHEMA_VERSION
    title: str = "Untitled"
    lang: str = "en"
    settings: RenderSettings = Field(default_factory=RenderSettings)
    backends: dict[str, BackendChoice] = Field(default_factory=dict)
    source: Source = Field(default_factory=Source)
    characters: list[Character] = Field(default_factory=list)
    narrator_voice: Voice | None = None
    episodes: list[Episode] = Field(default_factory=list)
    overrides: dict[str, ShotPatch] = Field(default_factory=dict)
    outputs: Outputs | None = None
    stages_done: list[str] = Field(default_factory=list)
    # Typed operations (manju.doc.ops.Operation); kept as JSON here so that the model module
    # does not depend on the operations module, and validated there on every use.
    history: list[dict[str, Any]] = Field(default_factory=list)
    future: list[dict[str, Any]] = Field(default_factory=list)
    # The project's folder at run time (never stored): file paths in the document are kept
    # relative to it, so a project folder can be moved or copied whole.
    _root: Path | None = PrivateAttr(default=None)

    # -- files ---------------------------------------------------------------------------
    @property
    def root(self) -> Path | None:
        """The folder the project lives in (None for a project not yet placed anywhere)."""
        return self._root

    def place(self, folder: str | Path) -> None:
        """Say which folder the project lives in (relative paths resolve against it)."""
        self._root = Path(folder).resolve()

    def resolve(self, path: str) -> Path:
        """A path stored in the document as a path on disk."""
        p = Path(path)
        return p if p.is_absolute() or self._root is None else self._root / p

    def relative(self, path: str | Path) -> str:
        """How to store ``path`` in the document: relative to the project folder when inside it."""
        p = Path(path)
        if self._root is not None:
            try:
                return str(p.resolve().relative_to(self._root))
            except ValueError:
                # Outside the folder (a series' shared cache): absolute, since a path
                # relative to the working directory would resolve against the folder.
                return str(p.resolve())
        return str(p)

    # -- lookups -------------------------------------------------------------------------
    def character(self, cid: str) -> Character:
        """The character with id ``cid`` (KeyError if absent)."""
        for c in self.characters:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def scenes(self) -> list[Scene]:
        """All scenes of all episodes in story order."""
        return [s for e in self.episodes for s in e.scenes]

    def lines(self) -> list[Line]:
        """All lines in story order."""
        return [ln for s in self.scenes() for ln in s.lines]

    def shots(self) -> list[Shot]:
        """All shots in story order."""
        return [sh for s in self.scenes() for sh in s.shots]

    def line(self, lid: str) -> Line:
        """The line with id ``lid`` (KeyError if absent)."""
        for ln in self.lines():
            if ln.id == lid:
                return ln
        raise KeyError(lid)

    def shot(self, sid: str) -> Shot:
        """The shot with id ``sid`` (KeyError if absent)."""
        for sh in self.shots():
            if sh.id == sid:
                return sh
        raise KeyError(sid)

    def scene_of_shot(self, sid: str) -> Scene:
        """The scene holding shot ``sid`` (KeyError if absent)."""
        for sc in self.scenes():
            if any(sh.id == sid for sh in sc.shots):
                return sc
        raise KeyError(sid)


#: Every node class, by schema name (for the upgrader and the published schema).
NODES: dict[str, type[Node]] = {
    cls.model_fields["schema_"].default.split(".")[0]: cls
    for cls in (RenderSettings, BackendChoice, Chapter, Source, Asset, Look, Voice, Character,
                Line, Camera, Cue, Segment, Shot, Setting, Scene, Episode, ShotStep, ShotPatch,
                Outputs,
                Project)
}


def current_version(name: str) -> int:
    """The version this release writes for node type ``name`` (0 when unknown)."""
    cls = NODES.get(name)
    return int(cls.model_fields["schema_"].default.split(".")[1]) if cls else 0
