"""Breakout (gymnasium + ale-py, ROM bundled with ale-py) recorded the same way as a scene.

Optional: :func:`available` says whether the packages import; the recorder skips cleanly
when they do not. Frames are the full 210x160 screen resized to a square (as DIAMOND does),
four emulator frames per step, no sticky actions (so a recording replays exactly); the state
stored per step is the console's 128 bytes of RAM.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

GAME = "ALE/Breakout-v5"


def available() -> str | None:
    """None when Breakout can be played here, else why not."""
    try:
        import ale_py  # noqa: F401
        import gymnasium  # noqa: F401
    except ImportError as e:
        return f"gymnasium and ale-py are not installed ({e.name}): pip install gymnasium ale-py"
    return None


def make_env() -> Any:
    """A Breakout environment with four frames per step and no sticky actions."""
    import ale_py
    import gymnasium as gym

    gym.register_envs(ale_py)
    return gym.make(GAME, frameskip=4, repeat_action_probability=0.0)


def resize(rgb: np.ndarray, size: int) -> np.ndarray:
    """An RGB frame resized to ``size`` x ``size`` (area-like filtering)."""
    import skia

    h, w = rgb.shape[:2]
    src = np.dstack([rgb, np.full((h, w), 255, np.uint8)])
    img = skia.Image.fromarray(np.ascontiguousarray(src), colorType=skia.kRGBA_8888_ColorType)
    buf = np.zeros((size, size, 4), dtype=np.uint8)
    surf = skia.Surface(buf, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    surf.getCanvas().drawImageRect(img, skia.Rect.MakeWH(size, size),
                                   skia.SamplingOptions(skia.CubicResampler.Mitchell()))
    surf.flushAndSubmit()
    return buf[:, :, :3].copy()


class Policy:
    """Random but coherent: holds a move for a few steps, fires to launch the ball."""

    def __init__(self, seed: int, n_actions: int) -> None:
        self.rng = random.Random(seed)
        self.n = n_actions
        self.current, self.left = 0, 0

    def __call__(self) -> int:
        """The next action."""
        if self.left <= 0:
            r = self.rng.random()
            self.current = 1 if r < 0.12 else self.rng.choice((0, 2, 3)) if self.n >= 4 else 0
            self.left = 1 if self.current == 1 else self.rng.randint(2, 10)
        self.left -= 1
        return self.current


def play_episode(env: Any, sizes: list[int], steps: int, seed: int) -> dict[str, np.ndarray]:
    """``steps`` steps from a reset with ``seed``; after a game over the game restarts."""
    obs, _ = env.reset(seed=seed)
    policy = Policy(seed, int(env.action_space.n))
    ale = env.unwrapped.ale
    frames = {s: [resize(obs, s)] for s in sizes}
    states = [ale.getRAM().astype(np.float32)]
    actions: list[int] = []
    dones: list[bool] = []
    for _ in range(steps):
        a = policy()
        obs, _, term, trunc, _ = env.step(a)
        done = bool(term or trunc)
        if done:
            obs, _ = env.reset(seed=seed + len(actions) + 1)
        actions.append(a)
        dones.append(done)
        states.append(ale.getRAM().astype(np.float32))
        for s in sizes:
            frames[s].append(resize(obs, s))
    out = {"actions": np.array(actions, dtype=np.int64), "states": np.stack(states),
           "dones": np.array(dones, dtype=bool)}
    for s in sizes:
        out[f"frames_{s}"] = np.stack(frames[s])
    return out


def meta(env: Any) -> dict[str, Any]:
    """What a Breakout recording stores in ``meta.json``."""
    return {"source": "breakout", "game": GAME,
            "actions": [str(a).lower() for a in env.unwrapped.get_action_meanings()],
            "state_columns": [f"ram{i}" for i in range(128)]}
