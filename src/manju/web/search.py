"""The studio's search box: the shots of the open projects that match a query, in English or
Chinese (the hybrid retrieval of :mod:`manju.search`).

The index lives in the studio's state folder (``WORKSPACE/.studio/search.sqlite``) and is
brought up to date before a query only when a project document changed since the last one
(only new or changed shots are embedded again); the loaded index is kept between queries.
Each result names its project by the studio's id and its still by the studio's own checked
frame route, never by a path on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from manju.errors import ManjuError

INDEX_FILE = "search.sqlite"
MAX_RESULTS = 50


class StudioSearch:
    """Search over a studio's projects, indexing them incrementally as they change."""

    def __init__(self, state_dir: Path, embedder: Any | None = None) -> None:
        self.index = state_dir / INDEX_FILE
        self._embedder = embedder
        self._searcher: Any = None
        self._seen: dict[Path, tuple[int, int]] = {}
        # each folder's segment keys, with the document stamp they were read at
        self._keys: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}
        self._lock = threading.Lock()

    def _embed(self) -> Any:
        if self._embedder is None:
            from manju.search.embed import E5Embedder

            self._embedder = E5Embedder()
        return self._embedder

    def refresh(self, folders: list[Path]) -> list[Path]:
        """Index the project folders whose document changed since the last call; the folders
        that are in the index now (a damaged project is left out)."""
        from manju.search.store import forget, update

        stamps: dict[Path, tuple[int, int]] = {}
        for f in folders:
            try:
                st = (f / "project.json").stat()
            except OSError:
                continue  # not made yet
            stamps[f] = (st.st_mtime_ns, st.st_size)
        changed = [f for f, stamp in stamps.items() if self._seen.get(f) != stamp]
        gone = [f for f in self._seen if f not in stamps]
        for f in changed:
            try:
                update(self.index, [f], self._embed())
            except (ManjuError, ValueError, OSError):
                stamps.pop(f)  # unreadable now (half-written by another program): next time
                gone.append(f)
        if gone and self.index.is_file():
            forget(self.index, gone)
        if changed or gone:
            self._searcher = None
        self._seen = stamps
        self._keys = {f: v for f, v in self._keys.items() if f in stamps}
        return list(stamps)

    def search(self, query: str, folders: Mapping[str, Path], k: int = 10) -> list[dict[str, Any]]:
        """The ``k`` best shots of the projects ``folders`` (studio id → folder) for
        ``query``: project, title, shot, number, time code, start, line, speakers, score and
        the URL of the shot's still (``""`` when the shot is not rendered)."""
        from manju.search.engine import Searcher

        by_path = {f.resolve(): pid for pid, f in folders.items()}
        with self._lock:
            indexed = self.refresh(list(by_path))
            if not indexed:
                return []
            if self._searcher is None:
                self._searcher = Searcher(self.index, self._embed())
            hits = self._searcher.search(query, min(max(k, 1), MAX_RESULTS), dirs=indexed)
            keys = {f: self._segment_keys(f) for f in {Path(h.project) for h in hits}}
        out = []
        for h in hits:
            pid = by_path.get(Path(h.project))
            if pid is None:
                continue
            key = keys.get(Path(h.project), {}).get(h.shot, "")
            out.append({"project": pid, "title": h.title, "shot": h.shot, "number": h.number,
                        "timecode": h.timecode, "start": round(h.start, 2),
                        "end": round(h.end, 2), "line": h.line, "speakers": h.speakers,
                        "score": h.score, "lang": h.lang,
                        "thumb": f"/api/projects/{pid}/shots/{h.shot}/frame/1.jpg?k={key}"
                        if key else ""})
        return out

    def _segment_keys(self, folder: Path) -> dict[str, str]:
        """The rendered segment's cache key of every shot of ``folder`` (by shot), read again
        only when its document changed since they were last read."""
        from manju.doc import io

        stamp = self._seen.get(folder)
        cached = self._keys.get(folder)
        if stamp is not None and cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            project = io.load(folder)
        except (ManjuError, OSError):
            return {}
        out = {sh.id: sh.segment.key for sh in project.shots() if sh.segment is not None}
        if stamp is not None:
            self._keys[folder] = (stamp, out)
        return out
