"""The CLI's language-model options: ``--llm`` for ``make``/``adapt`` and ``--idea`` for ``make``.

Kept apart from :mod:`manju.cli.main` so the parser stays small; nothing heavy is imported until
a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

LLM_HELP = ("adapt with a language model (an OpenAI-compatible server set by MANJU_LLM_BASE_URL, "
            "MANJU_LLM_MODEL, MANJU_LLM_API_KEY; also on when MANJU_LLM=openai); see docs/llm.md")


def add_llm_option(parser: argparse.ArgumentParser) -> None:
    """``--llm``: use the configured language model for this command."""
    parser.add_argument("--llm", action="store_true", help=LLM_HELP)


def add_idea_options(parser: argparse.ArgumentParser) -> None:
    """``--idea TEXT`` (instead of a story file) and ``--lang``."""
    parser.add_argument("--idea", default="", metavar="TEXT",
                        help="a one-line idea instead of a story file: a short story is written "
                             "from it (by the language model with --llm, else from a template) "
                             "into OUT/story.txt")
    parser.add_argument("--lang", choices=["en", "zh"], help="language of the story made from --idea "
                                                             "(default: the idea's)")


def llm_choice(args: argparse.Namespace) -> str | None:
    """The name of the ``llm`` backend the user asked for (``--llm`` or ``MANJU_LLM``), or None."""
    from manju.backends.openai_llm import llm_enabled

    return llm_enabled(bool(getattr(args, "llm", False)))


def load_llm(args: argparse.Namespace, out: Path) -> Any:
    """The ``llm`` backend the user asked for (``--llm`` or ``MANJU_LLM``), or None.

    The built-in ``openai`` backend caches its answers in ``OUT/.cache/llm``.
    """
    from manju.backends.openai_llm import llm_enabled

    name = llm_enabled(bool(getattr(args, "llm", False)))
    if not name:
        return None
    from manju.backends import registry

    if name == "openai":
        cache = out / ".cache" / "llm"
        if "llm.openai" in registry.available("llm"):
            return registry.load("llm", "openai", cache_dir=cache)
        from manju.backends.openai_llm import OpenAILLM  # the entry point is not installed yet

        return OpenAILLM(cache_dir=cache)
    return registry.load("llm", name)


def resolve_story(args: argparse.Namespace, out: Path, llm: Any) -> str:
    """The story file to use: the positional argument, or OUT/story.txt written from ``--idea``."""
    from manju.errors import InputError

    idea = (getattr(args, "idea", "") or "").strip()
    if args.story and idea:
        raise InputError("give a story file or --idea, not both")
    if not idea:
        if not args.story:
            raise InputError("give a story file, or an idea with --idea \"...\"")
        return str(args.story)
    from manju.stages.idea import story_from_idea

    story = story_from_idea(idea, getattr(args, "lang", None), llm=llm)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "story.txt"
    if not path.exists() or path.read_text(encoding="utf-8") != str(story):
        path.write_text(str(story), encoding="utf-8")
    if story.template_based:
        print(f"{story.note}; wrote {path}")  # said even with --quiet: it is not progress
    elif not getattr(args, "quiet", False):
        print(f"wrote {path} ({story.note})")
    return str(path)


def adapt_project(project: Any, llm: Any) -> Any:
    """The adapt stage: with ``llm`` the language-model adapter, else the offline screenwriter."""
    if llm is None:
        from manju.stages.adapt import adapt

        return adapt(project)
    from manju.stages.llm_adapt import adapt_with_llm

    return adapt_with_llm(project, llm)
