"""The ground-truth game and its recordings (no PyTorch needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from manju.world import data, game
from manju.world.record import record_scene, scene_and_look


def test_step_moves_jumps_and_gestures() -> None:
    s = game.GameState(x=1.5, camera=1.5)
    left = game.step(s, game.ACTIONS.index("left"))
    assert left.x < s.x and game.FACING_CODES[left.facing] == "left"
    assert left.camera < s.camera  # the camera follows, with a lag
    assert left.camera > left.x
    up = game.step(s, game.ACTIONS.index("jump"))
    assert up.y > 0
    heights = [up.y]
    for _ in range(30):
        up = game.step(up, 0)
        heights.append(up.y)
    assert max(heights) > heights[0] and heights[-1] == 0.0  # up, then back on the floor
    waving = game.step(s, game.ACTIONS.index("wave"))
    assert game.GESTURE_CODES[waving.gesture] == "hand_raised"
    assert game.step(waving, 0).gesture == 0  # shown only while held
    assert game.GameState.from_vector(left.vector()) == left


def test_recording_is_deterministic_and_stores_the_state(project_dir: Path, tmp_path: Path) -> None:
    a = record_scene(project_dir, tmp_path / "a", steps=24, sizes=[64], seed=5, episode_len=12)
    b = record_scene(project_dir, tmp_path / "b", steps=24, sizes=[64], seed=5, episode_len=12)
    ea, eb = list(data.iter_episodes(a, 64)), list(data.iter_episodes(b, 64))
    assert len(ea) == 2
    for x, y in zip(ea, eb, strict=True):
        for k in ("frames", "actions", "states"):
            assert np.array_equal(x[k], y[k])
    ep = ea[0]
    assert ep["frames"].shape == (13, 64, 64, 3) and ep["frames"].dtype == np.uint8
    assert ep["actions"].shape == (12,) and ep["states"].shape == (13, len(game.state_columns()))
    meta = data.read_meta(a)
    assert meta["actions"] == list(game.ACTIONS) and meta["holdout"] == 1
    # the stored state redraws the stored frame, and frame t + 1 is state t after action t
    setting, look, _, _ = scene_and_look(project_dir)
    r = game.SceneRenderer(setting, look, 64)
    for t in range(12):
        s = game.GameState.from_vector(ep["states"][t])
        assert np.array_equal(r.render(s), ep["frames"][t])
        nxt = game.step(s, int(ep["actions"][t]))
        assert np.array_equal(r.render(nxt), ep["frames"][t + 1])
    other = record_scene(project_dir, tmp_path / "c", steps=12, sizes=[64], seed=6, episode_len=12)
    assert not np.array_equal(next(data.iter_episodes(other, 64))["states"], ep["states"])


def test_frames_change_with_the_action(project_dir: Path) -> None:
    setting, look, _, _ = scene_and_look(project_dir)
    r = game.SceneRenderer(setting, look, 64)
    s = game.GameState(x=1.5, camera=1.5)
    frames = {}
    for name in ("left", "right"):
        t = s
        for _ in range(6):
            t = game.step(t, game.ACTIONS.index(name))
        frames[name] = r.render(t).astype(int)
    assert np.abs(frames["left"] - frames["right"]).mean() > 1.0


def test_breakout_recording(tmp_path: Path) -> None:
    from manju.world import atari
    from manju.world.record import record_breakout

    why = atari.available()
    if why:
        pytest.skip(why)
    out = record_breakout(tmp_path / "bo", steps=8, sizes=[64], seed=1, episode_len=8)
    assert out is not None
    ep = next(data.iter_episodes(out, 64))
    assert ep["frames"].shape == (9, 64, 64, 3) and ep["states"].shape == (9, 128)
    assert data.read_meta(out)["actions"][:2] == ["noop", "fire"]
