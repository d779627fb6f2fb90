"""The search index on disk: one SQLite file next to the projects, brought up to date shot by
shot (only new or changed shots are embedded again, found by a content hash).

Vectors are stored as float32 BLOBs and compared by a numpy matrix product at query time.
sqlite-vec installs from the package index, but the ``sqlite3`` module of the Python manju
targets here is built without ``enable_load_extension``, so the extension cannot be loaded;
and brute force is fast enough: 10,000 shots x 384 dimensions is a 15 MB matrix whose
product with the query takes about 2 ms, far under the 100 ms a query may take.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from manju.errors import InputError
from manju.search.embed import Embedder
from manju.search.text import DOC_VERSION, add_words, character_docs, shot_docs, tokens

#: File name of the index in the folder that holds the projects.
INDEX_NAME = "manju-index.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS projects (
  id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, title TEXT NOT NULL, lang TEXT NOT NULL,
  doc_sha TEXT NOT NULL, video TEXT NOT NULL, indexed_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS shots (
  project INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE, shot TEXT NOT NULL,
  number INTEGER NOT NULL, start REAL NOT NULL, "end" REAL NOT NULL, line TEXT NOT NULL,
  speakers TEXT NOT NULL, passage TEXT NOT NULL, words TEXT NOT NULL, lang TEXT NOT NULL,
  digest TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (project, shot));
CREATE INDEX IF NOT EXISTS shots_digest ON shots (digest);
CREATE TABLE IF NOT EXISTS characters (
  project INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  character TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL, passage TEXT NOT NULL,
  words TEXT NOT NULL, shots TEXT NOT NULL, digest TEXT NOT NULL, vector BLOB NOT NULL,
  PRIMARY KEY (project, character));
"""


@dataclass
class IndexReport:
    """What one ``manju index`` run did."""

    index: str = ""
    projects: int = 0
    shots: int = 0
    shots_embedded: int = 0
    shots_unchanged: int = 0
    shots_removed: int = 0
    characters: int = 0
    characters_embedded: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        """A JSON-able dict."""
        return asdict(self)


def default_index(dirs: list[Path]) -> Path:
    """Where the index of ``dirs`` lives: in the folder that holds them all."""
    parents = [str(d.resolve().parent) for d in dirs] or [str(Path.cwd())]
    return Path(os.path.commonpath(parents)) / INDEX_NAME


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) the index at ``path``; an index of another model or document version
    is emptied so that everything is indexed again with the current one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30.0)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")  # searches read while an index run writes
    db.executescript(_SCHEMA)
    return db


def _check_version(db: sqlite3.Connection, model: str) -> None:
    want = {"model": model, "doc_version": str(DOC_VERSION)}
    have = dict(db.execute("SELECT key, value FROM meta").fetchall())
    if all(have.get(k) == v for k, v in want.items()):
        return
    with db:
        db.execute("DELETE FROM projects")  # cascades to shots and characters
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(want.items()))


def _blob(v: np.ndarray) -> bytes:
    return np.ascontiguousarray(v, dtype=np.float32).tobytes()


def update(index: Path, dirs: list[Path], embedder: Embedder) -> IndexReport:
    """Bring the index at ``index`` up to date with the projects in ``dirs``."""
    t0 = time.perf_counter()
    report = IndexReport(index=str(index))
    db = connect(index)
    try:
        _check_version(db, embedder.model)
        for d in dirs:
            _update_project(db, index.parent, d, embedder, report)
    finally:
        db.close()
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


def project_key(root: Path, folder: Path) -> str:
    """How a project folder is named in the index: relative to the index's folder, so the
    index and its projects can be moved together."""
    return os.path.relpath(folder.resolve(), root.resolve())


def _update_project(db: sqlite3.Connection, root: Path, folder: Path, embedder: Embedder,
                    report: IndexReport) -> None:
    from manju.doc import io

    doc = folder / "project.json"
    if not doc.is_file():
        raise InputError(f"no project at {doc} (make one with manju make or manju adapt)")
    raw = doc.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    key = project_key(root, folder)
    row = db.execute("SELECT id, doc_sha FROM projects WHERE path = ?", (key,)).fetchone()
    report.projects += 1
    if row is not None and row[1] == sha:  # nothing changed: not even parsed
        n = db.execute("SELECT count(*) FROM shots WHERE project = ?", (row[0],)).fetchone()[0]
        c = db.execute("SELECT count(*) FROM characters WHERE project = ?", (row[0],)).fetchone()[0]
        report.shots += n
        report.shots_unchanged += n
        report.characters += c
        return
    project = io.load(doc)
    project.place(folder)
    video = project.outputs.video if project.outputs and project.outputs.video else ""
    if project.lang == "zh":
        add_words([w for c in project.characters for w in (c.name, *c.aliases)])
    shots = shot_docs(project)
    chars = character_docs(project)
    with db:
        if row is None:
            pid = db.execute("INSERT INTO projects (path, title, lang, doc_sha, video, indexed_at) "
                             "VALUES (?, ?, ?, '', '', 0)", (key, project.title, project.lang)).lastrowid
        else:
            pid = row[0]
        old = dict(db.execute("SELECT shot, digest FROM shots WHERE project = ?", (pid,)).fetchall())
        vectors = _vectors(db, "shots", [(s.digest, s.passage) for s in shots
                                         if old.get(s.shot) != s.digest], embedder)
        report.shots_embedded += len(vectors.embedded)
        keep = {s.shot for s in shots}
        gone = [(pid, s) for s in old if s not in keep]
        db.executemany("DELETE FROM shots WHERE project = ? AND shot = ?", gone)
        report.shots_removed += len(gone)
        for s in shots:
            fields = (s.number, s.start, s.end, s.line, json.dumps(s.speakers, ensure_ascii=False),
                      s.passage, " ".join(tokens(s.words)), s.lang)
            if old.get(s.shot) == s.digest:
                db.execute('UPDATE shots SET number=?, start=?, "end"=?, line=?, speakers=?, '
                           "passage=?, words=?, lang=? WHERE project=? AND shot=?",
                           (*fields, pid, s.shot))
                report.shots_unchanged += 1
            else:
                db.execute("INSERT OR REPLACE INTO shots VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                           (pid, s.shot, *fields, s.digest, vectors[s.digest]))
        report.shots += len(shots)
        cvec = _vectors(db, "characters", [(c.digest, c.passage) for c in chars], embedder)
        report.characters_embedded += len(cvec.embedded)
        db.execute("DELETE FROM characters WHERE project = ?", (pid,))
        db.executemany("INSERT INTO characters VALUES (?,?,?,?,?,?,?,?,?)", [
            (pid, c.character, c.name, json.dumps(c.aliases, ensure_ascii=False), c.passage,
             " ".join(tokens(c.words)), json.dumps(c.shots), c.digest, cvec[c.digest])
            for c in chars])
        report.characters += len(chars)
        db.execute("UPDATE projects SET title=?, lang=?, doc_sha=?, video=?, indexed_at=? "
                   "WHERE id=?", (project.title, project.lang, sha, video, time.time(), pid))


class _Vectors(dict[str, bytes]):
    """Vectors by content hash, and which of them were embedded now (not found stored)."""

    embedded: set[str]


def _vectors(db: sqlite3.Connection, table: str, wanted: list[tuple[str, str]],
             embedder: Embedder) -> _Vectors:
    """A vector for each (digest, passage): one already stored under the same digest (a copied
    project, an undone edit) is reused; the rest are embedded in one batch."""
    out = _Vectors()
    out.embedded = set()
    todo: dict[str, str] = {}
    for digest, passage in wanted:
        if digest in out or digest in todo:
            continue
        row = db.execute(f"SELECT vector FROM {table} WHERE digest = ? LIMIT 1",  # noqa: S608
                         (digest,)).fetchone()
        if row is not None:
            out[digest] = row[0]
        else:
            todo[digest] = passage
    if todo:
        vecs = embedder.passages(list(todo.values()))
        for digest, v in zip(todo, vecs, strict=True):
            out[digest] = _blob(v)
            out.embedded.add(digest)
    return out


def forget(index: Path, dirs: list[Path]) -> int:
    """Remove ``dirs`` from the index; returns how many projects were removed."""
    db = connect(index)
    try:
        with db:
            cur = db.executemany("DELETE FROM projects WHERE path = ?",
                                 [(project_key(index.parent, d),) for d in dirs])
            return cur.rowcount
    finally:
        db.close()
