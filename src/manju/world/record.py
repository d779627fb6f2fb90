"""Recording play for the world model: a project's scene (manju's renderer) or Breakout."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from manju.errors import InputError
from manju.world import data, game

SIZES = (64, 128)


def scene_and_look(project_dir: str | Path, scene: str | None = None,
                   character: str | None = None) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """The setting and look to play: ``(setting, look, scene id, character id)``.

    ``scene`` is a number (1 = the first scene) or an id; by default the first scene.
    ``character`` is a name, alias or id; by default the first character present in the scene.
    """
    from manju.doc import io

    path = Path(project_dir) / "project.json"
    if not path.is_file():
        raise InputError(f"{project_dir} has no project.json: run `manju adapt` or `manju make` first")
    project = io.load(path)
    scenes = [s for ep in project.episodes for s in ep.scenes]
    if not scenes:
        raise InputError(f"{project_dir} has no scenes yet: run `manju adapt` first")
    if scene is None:
        sc = scenes[0]
    elif scene.isdigit() and 1 <= int(scene) <= len(scenes):
        sc = scenes[int(scene) - 1]
    else:
        found = [s for s in scenes if s.id == scene]
        if not found:
            raise InputError(f"no scene {scene!r}: give a number from 1 to {len(scenes)} or an id")
        sc = found[0]
    chars = project.characters
    if not chars:
        raise InputError(f"{project_dir} has no characters to play")
    if character is None:
        present = [c for c in chars if c.id in sc.present]
        ch = (present or chars)[0]
    else:
        want = character.casefold()
        hits = [c for c in chars if want in (c.id.casefold(), c.name.casefold())
                or want in (a.casefold() for a in c.aliases)]
        if not hits:
            raise InputError(f"no character {character!r} (there are: {', '.join(c.name for c in chars)})")
        ch = hits[0]
    if ch.look is not None:
        look = ch.look.model_dump(exclude={"schema_", "metadata"})
    else:
        from manju.render.character_design import design_look

        look = asdict(design_look(ch.id, ch.gender, ch.age, ch.description))
    setting = sc.setting.model_dump(exclude={"schema_", "metadata"})
    return setting, look, sc.id, ch.id


def record_scene(project_dir: str | Path, out: str | Path, steps: int, sizes: list[int],
                 seed: int = 0, episode_len: int = 100, scene: str | None = None,
                 character: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Play ``steps`` steps (in episodes of ``episode_len``) of a project's scene into ``out``."""
    setting, look, scene_id, char_id = scene_and_look(project_dir, scene, character)
    renderers = [game.SceneRenderer(setting, look, s) for s in sizes]
    episodes = max(1, math.ceil(steps / episode_len))
    length = min(steps, episode_len)
    meta = {"source": "manju", "project": str(Path(project_dir).resolve()), "scene": scene_id,
            "character": char_id, "setting": setting, "look": look, "sizes": sizes,
            "steps_per_episode": length, "actions": list(game.ACTIONS),
            "state_columns": game.state_columns()}
    return data.record(out, meta, episodes,
                       lambda s: game.play_episode(renderers, length, s), seed, progress)


def record_breakout(out: str | Path, steps: int, sizes: list[int], seed: int = 0,
                    episode_len: int = 100,
                    progress: Callable[[int, int], None] | None = None) -> Path | None:
    """The same for Breakout; None (and nothing written) when gymnasium/ale-py are missing."""
    from manju.world import atari

    if atari.available() is not None:
        return None
    env = atari.make_env()
    episodes = max(1, math.ceil(steps / episode_len))
    length = min(steps, episode_len)
    meta = dict(atari.meta(env), sizes=sizes, steps_per_episode=length)
    try:
        return data.record(out, meta, episodes,
                           lambda s: atari.play_episode(env, sizes, length, s), seed, progress)
    finally:
        env.close()
