"""The CLI's language-model options: ``--llm`` and ``--llm-review`` for ``make``/``adapt`` and
``--idea`` for ``make``.

Kept apart from :mod:`manju.cli.main` so the parser stays small; nothing heavy is imported until
a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

LLM_HELP = ("adapt with a language model (an OpenAI-compatible server set by MANJU_LLM_BASE_URL, "
            "MANJU_LLM_MODEL, MANJU_LLM_API_KEY; also on when MANJU_LLM=openai); see docs/llm.md")


REVIEW_HELP = ("adapt offline, then have the language model (configured as for --llm) check only "
               "the speakers the screenwriter is unsure of: far fewer tokens than --llm; see "
               "docs/llm.md")


def add_llm_option(parser: argparse.ArgumentParser, review: bool = False) -> None:
    """``--llm``: use the configured language model for this command; with ``review`` also
    ``--llm-review`` (the model checks only the unsure speakers)."""
    if not review:
        parser.add_argument("--llm", action="store_true", help=LLM_HELP)
        return
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--llm", action="store_true", help=LLM_HELP)
    group.add_argument("--llm-review", action="store_true", help=REVIEW_HELP)


def _asked(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "llm", False) or getattr(args, "llm_review", False))


def llm_mode(args: argparse.Namespace) -> str | None:
    """``review`` for ``--llm-review``, ``whole`` for ``--llm``, None when neither was given
    (a mode recorded in the project then stays)."""
    if getattr(args, "llm_review", False):
        return "review"
    return "whole" if getattr(args, "llm", False) else None


def apply_llm_mode(session: Any, args: argparse.Namespace) -> None:
    """Record the mode the user asked for with the project's language model."""
    mode = llm_mode(args)
    if mode is not None:
        session.set_llm_mode(mode)


def print_llm_report(project: Any) -> None:
    """One line on what the language model did and the tokens it used (nothing without one)."""
    from manju.backends.llm_usage import describe
    from manju.session import llm_report

    rep = llm_report(project)
    if rep.get("mode") == "review":
        from manju.stages.llm_review import summary

        print(summary(project.metadata["llm_review"]))
    elif rep.get("mode") == "whole":
        n = rep.get("chunks") or 0
        print(f"the language model wrote the screenplay ({n} {'passage' if n == 1 else 'passages'}, "
              f"{rep.get('fallbacks')} adapted offline instead); "
              f"{describe(rep if 'tokens' in rep else {})}")


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

    return llm_enabled(_asked(args))


def load_llm(args: argparse.Namespace, out: Path) -> Any:
    """The ``llm`` backend the user asked for (``--llm`` or ``MANJU_LLM``), or None.

    The built-in ``openai`` backend caches its answers in ``OUT/.cache/llm``.
    """
    from manju.backends.openai_llm import llm_enabled

    name = llm_enabled(_asked(args))
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
