"""Data classes produced by the text analyzer (utterances, characters, analysis)."""

from __future__ import annotations

from dataclasses import dataclass, field

EMOTIONS = (
    "neutral", "happy", "sad", "angry", "surprised", "scared",
    "disgusted", "smug", "whisper", "shout", "laugh",
)


@dataclass
class Utterance:
    """One quotation (``kind="dialogue"``) or one chunk of narration (``kind="narration"``)."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    addressee: str | None = None
    emotion: str = "neutral"
    paragraph: int = 0
    #: how the speaker was found: "explicit", "pronoun", "context", "turn", "vocative", "" (none)
    method: str = ""
    #: how likely the speaker is right (0-1), from how often ``method`` is right; None for narration
    confidence: float | None = None


@dataclass
class Character:
    """A character found in the text, with the surface forms that refer to it."""

    name: str
    aliases: list[str]
    gender: str = "unknown"
    age: str = "adult"
    mentions: int = 0
    description: list[str] = field(default_factory=list)
    lines: int = 0


@dataclass
class TextAnalysis:
    """Result of :func:`manju.text.analyze`."""

    lang: str
    utterances: list[Utterance]
    characters: list[Character]

    def dialogue(self) -> list[Utterance]:
        """Only the dialogue utterances, in text order."""
        return [u for u in self.utterances if u.kind == "dialogue"]

    def character(self, name: str) -> Character | None:
        """The character whose canonical name or alias is ``name`` (or None)."""
        for c in self.characters:
            if c.name == name or name in c.aliases:
                return c
        return None
