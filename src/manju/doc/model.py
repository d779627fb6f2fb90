"""The project document: one versioned, schema-labelled tree that every stage reads and writes.

Every node carries a stable ``id``, a ``schema`` label with a version (``"Shot.1"``) and a
``metadata`` dict that plugins may use freely. Stages never keep state elsewhere.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Node(BaseModel):
    """Base of every document node: strict fields, free-form ``metadata``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    metadata: dict[str, Any] = Field(default_factory=dict)


class RenderSettings(Node):
    """Output format chosen by the user."""

    schema_: Literal["RenderSettings.1"] = Field("RenderSettings.1", alias="schema")
    width: int = 1080
    height: int = 1920
    fps: int = 30
    style: str = "flat"
    music: bool = True
    sfx: bool = True
    seed: int = 0


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


class Character(Node):
    """A cast member: who they are in the text, how they look and sound."""

    schema_: Literal["Character.1"] = Field("Character.1", alias="schema")
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: str = "unknown"
    age: str = "adult"
    description: list[str] = Field(default_factory=list)
    lines: int = 0
    look: dict[str, Any] = Field(default_factory=dict)
    voice: dict[str, Any] = Field(default_factory=dict)


class Line(Node):
    """A beat of the script: a line of dialogue or a piece of narration."""

    schema_: Literal["Line.1"] = Field("Line.1", alias="schema")
    id: str
    kind: Literal["dialogue", "narration"]
    text: str
    speaker: str | None = None
    addressee: str | None = None
    emotion: str = "neutral"
    parenthetical: str = ""
    audio: Asset | None = None


class Camera(Node):
    """A camera move over a shot, in normalised frame units."""

    schema_: Literal["Camera.1"] = Field("Camera.1", alias="schema")
    move: str = "static"  # static | push_in | pull_out | pan_left | pan_right
    easing: str = "ease_in_out_cubic"
    zoom_from: float = 1.0
    zoom_to: float = 1.0


class Cue(Node):
    """When a line is heard within its shot (seconds from the shot's start)."""

    schema_: Literal["Cue.1"] = Field("Cue.1", alias="schema")
    line: str
    start: float
    end: float


class Shot(Node):
    """One camera set-up: who is in frame, how it is framed, which lines play over it."""

    schema_: Literal["Shot.1"] = Field("Shot.1", alias="schema")
    id: str
    framing: str = "medium"  # wide | medium | two_shot | close_up | reaction
    subjects: list[str] = Field(default_factory=list)
    focus: str | None = None
    expressions: dict[str, str] = Field(default_factory=dict)
    gestures: dict[str, str] = Field(default_factory=dict)
    props: list[str] = Field(default_factory=list)
    cues: list[Cue] = Field(default_factory=list)
    duration: float = 2.0
    camera: Camera = Field(default_factory=Camera)
    transition: str = "cut"  # cut | fade


class Scene(Node):
    """A continuous stretch of story in one place and time."""

    schema_: Literal["Scene.1"] = Field("Scene.1", alias="schema")
    id: str
    heading: str
    location: str = ""
    setting: dict[str, Any] = Field(default_factory=dict)
    mood: str = "calm"
    present: list[str] = Field(default_factory=list)
    sides: dict[str, str] = Field(default_factory=dict)
    lines: list[Line] = Field(default_factory=list)
    shots: list[Shot] = Field(default_factory=list)


class Episode(Node):
    """One chapter's adaptation."""

    schema_: Literal["Episode.1"] = Field("Episode.1", alias="schema")
    id: str
    title: str
    scenes: list[Scene] = Field(default_factory=list)


class Project(Node):
    """The whole project: source, screenplay, cast, storyboard, settings and edit history."""

    schema_: Literal["Project.1"] = Field("Project.1", alias="schema")
    version: int = SCHEMA_VERSION
    title: str = "Untitled"
    lang: str = "en"
    settings: RenderSettings = Field(default_factory=RenderSettings)
    source: Source = Field(default_factory=Source)
    characters: list[Character] = Field(default_factory=list)
    episodes: list[Episode] = Field(default_factory=list)
    stages_done: list[str] = Field(default_factory=list)
    history: list[dict[str, Any]] = Field(default_factory=list)
    future: list[dict[str, Any]] = Field(default_factory=list)

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
