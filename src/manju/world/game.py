"""A project's scene played as a tiny side-scrolling game, drawn by manju's own renderer.

The game is the ground truth a world model learns: one character (a :class:`Look` from the
project) stands in front of the scene's background plate, walks left and right, jumps, turns
to the viewer and gestures; the camera follows with a lag, and the plate is split at its
horizon into a far layer (scrolling at half speed) and the floor (scrolling with the camera),
so the scene shows parallax. Every step is a pure function of :class:`GameState` and one
action, so a recording can store the exact state beside each frame and replay it.

Frames are drawn directly at the requested size (64 or 128 pixels square): the plate and the
character sprites are rendered once at that size and then only composited.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np

#: the actions, in the order of their integer codes
ACTIONS = ("noop", "left", "right", "jump", "turn", "wave", "point")
#: a gesture shown while its action is held (and the character is on the ground)
_GESTURE = {"wave": "hand_raised", "point": "point"}
FACING_CODES = ("front", "left", "right")
GESTURE_CODES = ("none", "hand_raised", "point")

WORLD_SCREENS = 3  # the level is three screens wide
WALK = 0.035  # world units (screen widths) per step
JUMP_V = 0.11  # initial upward speed, in screen heights per step
GRAVITY = 0.022
CAMERA_LAG = 0.35  # fraction of the gap to the character the camera closes each step
FIGURE = 0.62  # character height as a fraction of the frame height


@dataclass(frozen=True)
class GameState:
    """Everything that decides a frame: positions in screen widths/heights, codes for the pose."""

    x: float = 1.5  # character's centre, in screen widths from the level's left edge
    y: float = 0.0  # height above the floor, in screen heights
    vy: float = 0.0
    facing: int = 0  # index into FACING_CODES
    gesture: int = 0  # index into GESTURE_CODES
    camera: float = 1.5  # centre of the view, in screen widths
    walk_phase: int = 0  # steps walked (a small bob while walking)
    step: int = 0

    def vector(self) -> np.ndarray:
        """The state as a float64 vector, exact (column names: :func:`state_columns`)."""
        return np.array([float(v) for v in asdict(self).values()], dtype=np.float64)

    @classmethod
    def from_vector(cls, v: np.ndarray) -> GameState:
        """Inverse of :meth:`vector`."""
        kw: dict[str, Any] = {}
        for f, x in zip(fields(cls), v, strict=True):
            kw[f.name] = int(round(float(x))) if f.type in ("int", int) else float(x)
        return cls(**kw)


def state_columns() -> list[str]:
    """Names of the columns of :meth:`GameState.vector`."""
    return [f.name for f in fields(GameState)]


def step(s: GameState, action: int) -> GameState:
    """The state after ``action`` (an index into :data:`ACTIONS`)."""
    name = ACTIONS[action]
    x, y, vy, facing, phase = s.x, s.y, s.vy, s.facing, s.walk_phase
    on_ground = y <= 0.0
    if name in ("left", "right"):
        d = -1.0 if name == "left" else 1.0
        x = min(WORLD_SCREENS - 0.3, max(0.3, x + d * WALK))
        facing = FACING_CODES.index(name)
        phase += 1
    elif name == "turn":
        facing = 0
    if name == "jump" and on_ground:
        vy = JUMP_V
    if y > 0.0 or vy > 0.0:
        y += vy
        vy -= GRAVITY
        if y <= 0.0:
            y, vy = 0.0, 0.0
    gesture = GESTURE_CODES.index(_GESTURE[name]) if name in _GESTURE and y <= 0.0 else 0
    cam = s.camera + CAMERA_LAG * (x - s.camera)
    cam = min(WORLD_SCREENS - 0.5, max(0.5, cam))
    return GameState(x=round(x, 6), y=round(y, 6), vy=round(vy, 6), facing=facing,
                     gesture=gesture, camera=round(cam, 6), walk_phase=phase, step=s.step + 1)


class Policy:
    """A scripted random-but-coherent player: holds an action for a few steps, walks in runs,
    turns round at the level's edges, jumps now and then, gestures when standing."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.current = 0
        self.left = 0

    def __call__(self, s: GameState) -> int:
        """The next action for state ``s``."""
        if self.left <= 0:
            r = self.rng.random()
            if r < 0.5:
                name = self.rng.choice(("left", "right"))
                if s.x < 0.5:
                    name = "right"
                elif s.x > WORLD_SCREENS - 0.5:
                    name = "left"
                self.left = self.rng.randint(4, 16)
            elif r < 0.62:
                name, self.left = "jump", 1
            elif r < 0.72:
                name, self.left = "turn", 1
            elif r < 0.86:
                name, self.left = self.rng.choice(("wave", "point")), self.rng.randint(3, 8)
            else:
                name, self.left = "noop", self.rng.randint(2, 8)
            self.current = ACTIONS.index(name)
        self.left -= 1
        # a walk that would run into the wall stops early
        if ACTIONS[self.current] == "left" and s.x <= 0.31 or \
                ACTIONS[self.current] == "right" and s.x >= WORLD_SCREENS - 0.31:
            self.left = 0
            return ACTIONS.index("noop")
        return self.current


class SceneRenderer:
    """Draws :class:`GameState` frames of one scene and one character at ``size`` pixels."""

    def __init__(self, setting: dict[str, Any], look: dict[str, Any], size: int,
                 expression: str = "neutral") -> None:
        import skia

        from manju.render.background import Setting, floor_y, horizon_y, render_background
        from manju.render.character import Look

        self.size = size
        st = Setting(**{k: v for k, v in setting.items() if k in Setting.__dataclass_fields__})
        self.look = Look(**{k: v for k, v in look.items() if k in Look.__dataclass_fields__})
        self.expression = expression
        width = size * WORLD_SCREENS
        plate = render_background(st, width, size)
        self.horizon = int(round(horizon_y(st, size)))
        self.floor = floor_y(st, size)
        # Parallax: the plate above the horizon is the far layer, the rest is the floor.
        self.far = plate.makeSubset(skia.IRect.MakeLTRB(0, 0, width, self.horizon))
        self.near = plate.makeSubset(skia.IRect.MakeLTRB(0, self.horizon, width, size))
        self._sprites: dict[tuple[int, int], Any] = {}
        self._buf = np.zeros((size, size, 4), dtype=np.uint8)
        self._surface = skia.Surface(self._buf, colorType=skia.kRGBA_8888_ColorType,
                                     alphaType=skia.kUnpremul_AlphaType)

    def _sprite(self, facing: int, gesture: int) -> Any:
        from manju.render.character import Pose, character_sprite

        key = (facing, gesture)
        if key not in self._sprites:
            pose = Pose(expression=self.expression, facing=FACING_CODES[facing],
                        gesture=GESTURE_CODES[gesture])
            self._sprites[key] = character_sprite(self.look, pose, int(self.size * FIGURE))[0]
        return self._sprites[key]

    def render(self, s: GameState) -> np.ndarray:
        """The frame for ``s`` as an RGB uint8 array (size, size, 3), a new array."""
        import skia

        n = float(self.size)
        c = self._surface.getCanvas()
        c.clear(skia.ColorBLACK)
        left = (s.camera - 0.5) * n  # view's left edge in level pixels
        # the far layer moves at half the camera's speed, centred on the level's middle
        far_left = (WORLD_SCREENS - 1) * n / 2 + (left - (WORLD_SCREENS - 1) * n / 2) * 0.5
        lin = skia.SamplingOptions(skia.FilterMode.kLinear)
        c.drawImage(self.far, -far_left, 0, lin)
        c.drawImage(self.near, -left, self.horizon, lin)
        img = self._sprite(s.facing, s.gesture)
        bob = 0.012 * n * abs(math.sin(s.walk_phase * math.pi / 4)) if s.y <= 0 else 0.0
        sx = s.x * n - left - img.width() / 2
        sy = self.floor - s.y * n - bob - img.height() + 0.08 * n
        c.drawImage(img, sx, sy, lin)
        self._surface.flushAndSubmit()
        return self._buf[:, :, :3].copy()


def play_episode(renderers: list[SceneRenderer], steps: int, seed: int,
                 start: GameState | None = None) -> dict[str, np.ndarray]:
    """One episode: ``steps`` actions and ``steps + 1`` frames per renderer, with states.

    ``frames_S[t + 1]`` is the frame after ``actions[t]`` was taken in ``states[t]``.
    """
    rng = random.Random(seed)
    s = start or GameState(x=rng.uniform(0.6, WORLD_SCREENS - 0.6))
    s = replace(s, camera=min(WORLD_SCREENS - 0.5, max(0.5, s.x)))
    policy = Policy(seed)
    states, actions = [s], []
    for _ in range(steps):
        a = policy(s)
        s = step(s, a)
        actions.append(a)
        states.append(s)
    out: dict[str, np.ndarray] = {
        "actions": np.array(actions, dtype=np.int64),
        "states": np.stack([x.vector() for x in states]),
    }
    for r in renderers:
        out[f"frames_{r.size}"] = np.stack([r.render(x) for x in states])
    return out
