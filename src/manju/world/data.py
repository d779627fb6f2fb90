"""Recorded play: compressed ``.npz`` shards of frames, actions and engine state.

A data folder holds ``meta.json`` and ``shard_NNNNN.npz`` files. Each shard has, for ``E``
episodes of ``T`` steps:

- ``frames_S`` uint8 ``(E, T + 1, S, S, 3)`` for each recorded size ``S`` (64, 128);
- ``actions`` int64 ``(E, T)``: ``frames_S[:, t + 1]`` is what followed ``actions[:, t]``
  taken at ``frames_S[:, t]``;
- ``states`` float ``(E, T + 1, K)``: the engine's exact state at each frame (columns in
  ``meta["state_columns"]``);
- ``dones`` bool ``(E, T)``: the game was reset after step ``t`` (a window must not cross it);
- ``seeds`` int64 ``(E,)``: each episode's seed.

The last ``meta["holdout"]`` episodes are held out for evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

SHARD_EPISODES = 8


def episode_seed(seed: int, index: int) -> int:
    """The seed of episode ``index`` of a recording made with ``seed``."""
    return seed * 100_003 + index


def record(out: str | Path, meta: dict[str, Any], episodes: int, play: Callable[[int], dict[str, np.ndarray]],
           seed: int, progress: Callable[[int, int], None] | None = None) -> Path:
    """Play ``episodes`` episodes with ``play(seed) -> arrays`` and write shards under ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("shard_*.npz"):
        old.unlink()
    batch: list[dict[str, np.ndarray]] = []
    shard = 0
    for i in range(episodes):
        s = episode_seed(seed, i)
        ep = play(s)
        ep["seeds"] = np.array(s, dtype=np.int64)
        ep.setdefault("dones", np.zeros(len(ep["actions"]), dtype=bool))
        batch.append(ep)
        if len(batch) == SHARD_EPISODES or i == episodes - 1:
            arrays = {k: np.stack([b[k] for b in batch]) for k in batch[0]}
            tmp = out / f".shard_{shard:05d}.tmp.npz"
            np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
            tmp.replace(out / f"shard_{shard:05d}.npz")
            shard += 1
            batch = []
        if progress:
            progress(i + 1, episodes)
    meta = dict(meta, episodes=episodes, seed=seed, shards=shard,
                holdout=max(1, episodes // 10) if episodes > 1 else 0)
    (out / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return out


def read_meta(data: str | Path) -> dict[str, Any]:
    """The folder's ``meta.json``."""
    path = Path(data) / "meta.json"
    if not path.is_file():
        from manju.errors import InputError

        raise InputError(f"{data} is not a recording (no meta.json): run `manju world record` first")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def iter_episodes(data: str | Path, size: int) -> Iterator[dict[str, np.ndarray]]:
    """Every episode in recording order: ``frames`` (at ``size``), ``actions``, ``states``, ``dones``."""
    for path in sorted(Path(data).glob("shard_*.npz")):
        with np.load(path) as z:
            key = f"frames_{size}"
            if key not in z:
                from manju.errors import InputError

                raise InputError(f"{path} has no {size}x{size} frames (recorded: "
                                 f"{', '.join(k for k in z.files if k.startswith('frames_'))})")
            arrays = {k: z[k] for k in ("actions", "states", "dones")}
            frames = z[key]
        for e in range(len(frames)):
            yield {"frames": frames[e], **{k: v[e] for k, v in arrays.items()}}


def load_split(data: str | Path, size: int, split: str) -> list[dict[str, np.ndarray]]:
    """The ``train`` or ``test`` (held-out) episodes."""
    meta = read_meta(data)
    eps = list(iter_episodes(data, size))
    n_test = int(meta.get("holdout", 0))
    if split == "test":
        return eps[len(eps) - n_test:] if n_test else eps
    return eps[:len(eps) - n_test] if n_test and len(eps) > n_test else eps
