"""Which series go to a cluster as whole episodes, and what an episode's task may write."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from manju.series_units import _swap_root, file_results, remote_episodes


def _backend(name: str) -> SimpleNamespace:
    return SimpleNamespace(name=name)


def test_episodes_go_to_a_cluster_only_with_local_backends_or_a_shared_folder() -> None:
    ray = SimpleNamespace(name="ray", shared_files=False)
    local = {"tts": _backend("kokoro"), "music": _backend("synth"), "image": None}
    assert remote_episodes(ray, local, 3) is None
    assert "local executor" in (remote_episodes(SimpleNamespace(name="local"), local, 3) or "")
    assert "one episode" in (remote_episodes(ray, local, 1) or "")
    paid = {**local, "tts": _backend("minimax")}
    assert "paid service" in (remote_episodes(ray, paid, 3) or "")
    shared = SimpleNamespace(name="ray", shared_files=True)
    assert remote_episodes(shared, paid, 3) is None


def test_paths_move_between_roots_and_files_stay_inside(tmp_path: Path) -> None:
    text = '{"path": "/scratch/x/.cache/voice/a.npz", "other": "/scratch/xy/b"}'
    moved = _swap_root(text, "/scratch/x", "/home/u/novel")
    assert '"/home/u/novel/.cache/voice/a.npz"' in moved and '"/scratch/xy/b"' in moved
    writes: dict[Path, bytes] = {}
    file_results(tmp_path, "ep01", {}, {"files": {".cache/shots/k.mp4": b"v"}},
                 lambda p, d: writes.__setitem__(p, d))
    assert writes[tmp_path.resolve() / ".cache/shots/k.mp4"] == b"v"
    assert b".cache/shots/k.mp4" in writes[tmp_path.resolve() / "ep01" / ".units.json"]
    with pytest.raises(ValueError):
        file_results(tmp_path, "ep01", {}, {"files": {"../evil": b"x"}}, lambda p, d: None)


def test_an_episode_folder_loses_the_half_written_files_a_killed_run_left(tmp_path) -> None:
    from manju.doc.model import Project
    from manju.series import _open_episode

    folder = tmp_path / "ep02"
    (folder / ".cache").mkdir(parents=True)
    stale = folder / ".project.json.40b9sl4h.tmp"
    stale.write_text("{", encoding="utf-8")
    fresh = Project(title="ep02")
    assert _open_episode(folder, fresh) is fresh
    assert not stale.exists()
