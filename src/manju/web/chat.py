"""What the studio's chat does with an instruction: the plan, from the configured language model
(offered the operations as tools, as ``manju edit --llm``) or from the offline parser.

A language model that cannot be reached, refuses the key or answers nonsense does not leave the
user without an answer: the offline parser reads the instruction instead and the reply says
why. The model is asked outside the project's lock (it may take seconds), and the operation it
planned is made afresh on the document when it is applied (:func:`manju.doc.ops.rebuild`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manju.errors import BackendError


@dataclass
class Planned:
    """A plan and who made it: ``llm`` or ``offline``; ``notice`` says why the offline parser
    stood in for the language model ("" when it did not)."""

    plan: Any
    planner: str
    notice: str = ""


def load_llm(name: str, folder: Path) -> Any:
    """The ``llm`` backend ``name``; the built-in ``openai`` one caches its answers in the
    project's ``.cache/llm``, as ``manju edit --llm`` does. BackendError when it cannot be made
    (no model configured, a bad base URL, an unknown backend)."""
    from manju.backends import registry

    if name == "openai":
        from manju.backends.openai_llm import OpenAILLM

        cache = folder / ".cache" / "llm"
        if "llm.openai" in registry.available("llm"):
            return registry.load("llm", "openai", cache_dir=cache)
        return OpenAILLM(cache_dir=cache)  # the entry point is not installed (a source checkout)
    return registry.load("llm", name)


def describe_llm(name: str, folder: Path) -> str:
    """One line naming the language model the chat uses (its model and server for ``openai``);
    BackendError when it is not configured well enough to be made. Nothing is sent."""
    llm = load_llm(name, folder)
    config = getattr(llm, "config", None)
    if isinstance(config, dict) and config.get("model"):
        return f"{name}: {config['model']} at {config.get('base_url', '')}"
    return name


def plan(project: Any, text: str, folder: Path, llm: str | None) -> Planned:
    """The plan for ``text`` on ``project`` (read from ``folder``): by the language model
    ``llm`` when one is configured, else (or when it fails) by the offline parser."""
    from manju.edit import parse_instruction
    from manju.edit.plan import detect_lang, say

    if llm:
        try:
            from manju.edit.llm import plan_with_llm

            return Planned(plan_with_llm(project, text, load_llm(llm, folder)), "llm")
        except BackendError as e:
            lang = detect_lang(text, project)
            notice = say(lang, f"The language model failed ({e}); the offline parser read the "
                               "instruction instead.",
                         f"语言模型出错（{e}），改用离线解析。")
            return Planned(parse_instruction(project, text), "offline", notice)
    return Planned(parse_instruction(project, text), "offline")
