"""A plan: what an instruction will do, as operations and in words, or why it does nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from manju.doc import ops
from manju.doc.model import Project

_CJK = re.compile(r"[\u3400-\u9fff]")


class Ask(Exception):
    """The instruction could mean several things: ask which."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


class Cannot(Exception):
    """The instruction was understood but cannot be done (a missing shot, a silent shot…)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Item:
    """One operation as a front end would send it."""

    op: str
    target: str
    after: dict[str, Any]


def detect_lang(text: str, project: Project) -> str:
    """``zh`` when the instruction has Chinese outside quotations and character names."""
    bare = re.sub(r"“[^”]*”|「[^」]*」|\"[^\"]*\"", "", text)
    for c in project.characters:
        for name in {c.name, *c.aliases}:
            if name:
                bare = bare.replace(name, "")
    return "zh" if _CJK.search(bare) else "en"


def say(lang: str, en: str, zh: str) -> str:
    """The message in the user's language."""
    return zh if lang == "zh" else en


@dataclass
class Plan:
    """What an instruction asks for: ``status`` is ``edit`` (``operation`` to apply, ``steps``
    saying what it does), ``question`` (``candidates`` to choose from) or ``none`` (nothing
    to do; ``message`` says why and what can be done)."""

    text: str
    lang: str
    status: Literal["edit", "question", "none"]
    message: str
    operation: Any | None = None
    steps: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)

    @property
    def ops(self) -> list[Any]:
        """The operations, one per change (a batch's members)."""
        if self.operation is None:
            return []
        return list(self.operation.ops) if self.operation.op == "batch" else [self.operation]

    def briefs(self) -> list[dict[str, Any]]:
        """The operations as a front end would send them (no recorded values)."""
        return [ops.brief(o) for o in self.ops]

    def to_json(self) -> dict[str, Any]:
        """A JSON-able summary."""
        return {"instruction": self.text, "lang": self.lang, "status": self.status,
                "message": self.message, "steps": self.steps, "candidates": self.candidates,
                "operations": self.briefs()}

    @classmethod
    def build(cls, project: Project, text: str, lang: str, items: list[Item]) -> Plan:
        """The plan making ``items`` on ``project`` (InputError when one does not fit)."""
        from manju.edit.words import describe

        raw: list[dict[str, Any]] = [{"op": i.op, "target": i.target, "after": i.after} for i in items]
        if len(items) == 1:
            op = ops.make(project, items[0].op, items[0].target, **items[0].after)
        else:
            op = ops.make(project, "batch", "project", ops=raw, note=text)
        members = list(op.ops) if op.op == "batch" else [op]
        steps = [describe(project, o, lang) for o in members]
        head = say(lang, "Will do:", "将要：")
        return cls(text=text, lang=lang, status="edit", operation=op, steps=steps,
                   message="\n".join([head, *(f"  - {s}" for s in steps)]))

    @classmethod
    def nothing(cls, project: Project, text: str, lang: str, why: str = "") -> Plan:
        """A plan that changes nothing: why, and what can be done."""
        from manju.edit.words import help_text

        first = why or say(lang, "I could not turn that into an edit.", "没能把这句话变成修改。")
        return cls(text=text, lang=lang, status="none",
                   message=f"{first}\n{help_text(project, lang)}")
