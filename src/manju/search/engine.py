"""Hybrid retrieval over the index: BM25 over words and the e5 sentence embedding, each
ranking the shots, fused by reciprocal rank (or, as an option, by a weighted sum of
normalised scores); an English query's pinyin names, such as "Lin Wan", match the Chinese
names they spell."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from manju.errors import InputError
from manju.search.embed import E5Embedder, Embedder
from manju.search.store import connect, project_key
from manju.search.text import add_words, is_chinese, pinyin_names, tokens

Method = Literal["hybrid", "bm25", "embedding"]
Fusion = Literal["rank", "score"]
#: Reciprocal-rank fusion constant (Cormack et al. 2009): rank r adds weight / (RRF_K + r).
RRF_K = 60
#: How many of each list take part in the rank fusion (and are reported in ``parts``).
DEPTH = 100
#: Weight of BM25 in the rank fusion, the embedding weighing 1: half the queries are
#: cross-lingual, where BM25 can match only the scene tags and brings noise (dev queries,
#: recall@5: weight 1.0 0.78, 0.5 0.83, 0.3 0.85).
BM25_WEIGHT = 0.3
#: Weight of BM25 (scaled so the best shot in scope scores 1) against the embedding
#: similarity (a z-score over the shots in scope) in the score fusion. A weighted sum keeps
#: how far ahead the best shots are, which rank fusion throws away: dev recall@5 0.913 ->
#: 0.933, MRR 0.732 -> 0.860; but held-back recall@5 fell 0.880 -> 0.800 (MRR rose 0.745 ->
#: 0.832), so rank fusion stays the default; after shots took the ``query: `` prefix the two
#: are level on recall, score fusion with the better first hit (see docs/benchmarks.md).
SCORE_BM25_WEIGHT = 0.3
#: How much a shot's better neighbour adds to its embedding similarity, chosen on the dev
#: queries (recall@5 hybrid dev 0.885 -> 0.913 at 0.3; held-back unchanged at 0.88; 0.5 gave
#: dev 0.933 but held 0.82, so not taken).
NEIGHBOUR_WEIGHT = 0.3


@dataclass
class Hit:
    """One ranked shot."""

    project: str              # the project folder, as given to the index
    title: str
    shot: str
    number: int
    start: float
    end: float
    line: str
    speakers: list[str]
    score: float
    lang: str
    video: str = ""           # the project's video (absolute), "" when it has none
    thumbnail: str = ""       # a still of the shot, filled by :func:`thumbnails`
    parts: dict[str, float] = field(default_factory=dict)  # rank in each list, 1-based

    @property
    def timecode(self) -> str:
        """``MM:SS.s`` of the shot's start in its project's video."""
        m, s = divmod(self.start, 60)
        return f"{int(m):02d}:{s:04.1f}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (with the time code)."""
        return {**asdict(self), "timecode": self.timecode}


class _BM25:
    """bm25s over pre-tokenised documents (the tokens are stored in the index)."""

    def __init__(self, docs: list[list[str]]) -> None:
        import bm25s

        self.n = len(docs)
        self.model = bm25s.BM25()
        # bm25s counts an empty document as a zero-length one; "" keeps every row present
        self.model.index([d or [""] for d in docs], show_progress=False)

    def scores(self, query: list[str]) -> np.ndarray:
        if not query or self.n == 0:
            return np.zeros(self.n, np.float32)
        vocab = self.model.vocab_dict
        known = [t for t in query if t in vocab]
        if not known:
            return np.zeros(self.n, np.float32)
        return np.asarray(self.model.get_scores(known), np.float32)


class Searcher:
    """The index loaded for querying: vectors as one matrix, BM25 over the stored tokens.

    Loading is the first query's cost; later queries only embed the query and rank."""

    def __init__(self, index: Path, embedder: Embedder | None = None) -> None:
        if not index.is_file():
            raise InputError(f"no search index at {index} (make one with manju index DIR...)")
        self.index = index
        self.embedder = embedder or E5Embedder()
        db = connect(index)
        try:
            self._load(db)
        finally:
            db.close()

    def _load(self, db: sqlite3.Connection) -> None:
        root = self.index.parent
        self.projects: dict[int, dict[str, str]] = {}
        for pid, path, title, lang, video in db.execute(
                "SELECT id, path, title, lang, video FROM projects"):
            folder = (root / path).resolve()
            self.projects[pid] = {"path": str(folder), "key": path, "title": title, "lang": lang,
                                  "video": str(folder / video) if video else ""}
        rows = db.execute('SELECT project, shot, number, start, "end", line, speakers, lang, '
                          "words, vector FROM shots ORDER BY project, number").fetchall()
        self.rows = [r[:8] for r in rows]
        dim = self.embedder.dim
        vectors = (np.frombuffer(b"".join(r[9] for r in rows), np.float32).reshape(-1, dim)
                   if rows else np.zeros((0, dim), np.float32))
        # A multilingual embedding puts texts of one language near each other whatever they
        # say, so a Chinese query finds Chinese shots first. Taking each language's mean out
        # of its vectors (and the query language's mean out of the query) leaves what the
        # texts say: dev recall@5 of the embedding alone 0.60 -> 0.79.
        langs = np.array([r[7] for r in rows])
        self.means = {str(lang): vectors[langs == lang].mean(axis=0) for lang in set(langs)}
        self.mean_all = vectors.mean(axis=0) if rows else np.zeros(dim, np.float32)
        self.vectors = _unit(vectors - np.stack([self.means[str(x)] for x in langs])
                             if rows else vectors)
        # Shots without words (a silent reaction) have nothing to match but their scene.
        self.silent = np.array([not r[5] for r in rows], bool)
        pids = np.array([r[0] for r in rows])
        # where a project's shots begin (no neighbour across projects)
        self._starts = np.r_[True, pids[1:] != pids[:-1]] if rows else np.zeros(0, bool)
        self.bm25 = _BM25([r[8].split() for r in rows])
        chars = db.execute("SELECT name, aliases FROM characters").fetchall()
        zh_names = [w for name, aliases in chars for w in (name, *json.loads(aliases))]
        if any(is_chinese(w) for w in zh_names):
            add_words(zh_names)
        spelt = pinyin_names(zh_names)  # "lin wan" -> 林晚
        self._pinyin_names = {_pinyin_key(k): v for k, v in spelt.items()}
        # the syllables written apart or together ("Lin Wan", "Linwan"), longest names first
        self._pinyin = (re.compile(r"\b(?:" + "|".join(
            r"[ -]?".join(re.escape(w) for w in k.split())
            for k in sorted(spelt, key=len, reverse=True)) + r")\b", re.IGNORECASE)
            if spelt else None)

    def scope(self, dirs: list[Path] | None) -> np.ndarray | None:
        """A mask of the shots of ``dirs`` (None: every project in the index)."""
        if not dirs:
            return None
        keys = {project_key(self.index.parent, d) for d in dirs}
        pids = {pid for pid, p in self.projects.items() if p["key"] in keys}
        missing = keys - {self.projects[p]["key"] for p in pids}
        if missing:
            raise InputError(f"not in the index {self.index}: {', '.join(sorted(missing))} "
                             "(run manju index on it)")
        return np.array([r[0] in pids for r in self.rows], bool)

    def search(self, query: str, k: int = 5, *, method: Method = "hybrid",
               dirs: list[Path] | None = None, fusion: Fusion = "rank") -> list[Hit]:
        """The ``k`` best shots for ``query``; ``method`` picks one list alone for baselines,
        ``fusion`` how the hybrid combines them (see :data:`SCORE_BM25_WEIGHT`)."""
        query = query.strip()
        if not query:
            raise InputError("the query is empty")
        scope = self.scope(dirs)
        mask = ~self.silent if scope is None else scope & ~self.silent
        if not mask.any():
            return []
        query = self.expand_names(query)
        lists: list[tuple[str, np.ndarray, np.ndarray, float]] = []  # name, scores, order, weight
        if method in ("hybrid", "bm25"):
            bm = self.bm25.scores(tokens(query)).astype(np.float64)
            lists.append(("bm25", bm, _ranked(bm, mask, positive=True),
                          BM25_WEIGHT if method == "hybrid" else 1.0))
        if method in ("hybrid", "embedding"):
            sims = self._with_neighbours(self.vectors @ self.query_vector(query)).astype(np.float64)
            lists.append(("embedding", sims, _ranked(sims, mask), 1.0))
        parts: dict[int, dict[str, float]] = {}
        for name, _scores, order, _w in lists:
            for r, i in enumerate(order[:DEPTH]):
                parts.setdefault(int(i), {})[name] = r + 1
        fused = (_score_fusion(lists, mask) if fusion == "score" and method == "hybrid"
                 else _rank_fusion(lists, len(self.rows)))
        best = [int(i) for i in np.argsort(-fused, kind="stable")[:k] if fused[i] > 0]
        return [self._hit(i, float(fused[i]), parts.get(i, {})) for i in best]

    def expand_names(self, query: str) -> str:
        """``query`` with the pinyin of the projects' Chinese names written as those names
        ("Lin Wan waits" -> "林晚 waits"), so that an English query naming a Chinese
        character matches her by name in BM25 and in the embedding."""
        if not self._pinyin or is_chinese(query):
            return query
        return self._pinyin.sub(lambda m: self._pinyin_names[_pinyin_key(m.group(0))], query)

    def _with_neighbours(self, sims: np.ndarray) -> np.ndarray:
        """Each shot's similarity plus :data:`NEIGHBOUR_WEIGHT` times the better of its two
        neighbours' in the same project: a moment a query describes often spans two shots
        (a question and its answer), and a one-line shot says too little alone."""
        if sims.size < 2:
            return sims
        prev = np.r_[0.0, sims[:-1]]
        nxt = np.r_[sims[1:], 0.0]
        prev[self._starts] = 0.0
        nxt[np.r_[self._starts[1:], False]] = 0.0
        return sims + NEIGHBOUR_WEIGHT * np.maximum(np.maximum(prev, nxt), 0.0)

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, less the mean of the shots in its language."""
        mean = self.means.get("zh" if is_chinese(query) else "en", self.mean_all)
        return _unit(self.embedder.query(query) - mean)

    def _hit(self, i: int, score: float, parts: dict[str, float]) -> Hit:
        pid, shot, number, start, end, line, speakers, lang = self.rows[i]
        p = self.projects[pid]
        return Hit(project=p["path"], title=p["title"], shot=shot, number=number, start=start,
                   end=end, line=line, speakers=json.loads(speakers), score=round(score, 6),
                   lang=lang, video=p["video"], parts=parts)


def _unit(v: np.ndarray) -> np.ndarray:
    """Rows (or a vector) scaled to length 1, as float32."""
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(norm, 1e-12)).astype(np.float32)


def _pinyin_key(text: str) -> str:
    """A pinyin name as looked up: lower case, the syllables run together."""
    return re.sub(r"[ -]", "", text.lower())


def _rank_fusion(lists: list[tuple[str, np.ndarray, np.ndarray, float]], n: int) -> np.ndarray:
    """Reciprocal-rank fusion: each list's top :data:`DEPTH` add ``weight / (RRF_K + rank)``."""
    fused = np.zeros(n, np.float64)
    for _name, _scores, order, weight in lists:
        for r, i in enumerate(order[:DEPTH]):
            fused[i] += weight / (RRF_K + r + 1)
    return fused


def _score_fusion(lists: list[tuple[str, np.ndarray, np.ndarray, float]],
                  mask: np.ndarray) -> np.ndarray:
    """The embedding similarity as a z-score over the shots in ``mask`` plus
    :data:`SCORE_BM25_WEIGHT` times BM25 over its best, shifted so every shot in scope
    scores above zero (and those outside zero)."""
    fused = np.zeros(mask.size, np.float64)
    for name, scores, _order, _w in lists:
        inside = scores[mask]
        if name == "embedding":
            fused += (scores - inside.mean()) / (inside.std() + 1e-9)
        elif inside.max() > 0:
            fused += SCORE_BM25_WEIGHT * np.maximum(scores, 0.0) / inside.max()
    fused -= fused[mask].min() - 1e-6
    fused[~mask] = 0.0
    return fused


def _ranked(scores: np.ndarray, mask: np.ndarray | None, positive: bool = False) -> np.ndarray:
    """Indices of the best ``DEPTH`` scores, best first (only those > 0 when ``positive``)."""
    s = scores.astype(np.float64, copy=True)
    if mask is not None:
        s[~mask] = -np.inf
    if positive:
        s[s <= 0] = -np.inf
    top = np.argpartition(-s, min(DEPTH, s.size - 1))[:DEPTH] if s.size > DEPTH else np.arange(s.size)
    top = top[np.isfinite(s[top])]
    return top[np.argsort(-s[top], kind="stable")]


def thumbnails(hits: list[Hit], folder: Path, width: int = 320) -> None:
    """Give each hit a still of its shot (the middle frame of its stretch of the project's
    video, scaled to ``width``), cached in ``folder`` by project, shot and time."""
    import hashlib

    import av

    folder.mkdir(parents=True, exist_ok=True)
    for h in hits:
        if not h.video or not Path(h.video).is_file():
            continue
        t = (h.start + h.end) / 2
        tag = hashlib.sha256(f"{h.video}|{h.shot}|{t:.3f}|{width}".encode()).hexdigest()[:16]
        out = folder / f"{h.shot}_{tag}.jpg"
        if not out.is_file():
            try:
                with av.open(h.video) as c:
                    s = c.streams.video[0]
                    assert s.time_base is not None
                    c.seek(int(max(0.0, t - 1.0) / s.time_base), stream=s, backward=True)
                    frame = None
                    for f in c.decode(s):
                        frame = f
                        if f.time is not None and f.time >= t:
                            break
                if frame is None:
                    continue
                ratio = width / frame.width
                _save_jpeg(frame.to_ndarray(format="rgb24", width=width,
                                            height=max(2, int(frame.height * ratio) // 2 * 2)), out)
            except (av.error.FFmpegError, OSError):
                continue
        h.thumbnail = str(out)


def _save_jpeg(rgb: np.ndarray, path: Path) -> None:
    import skia

    arr = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    img = skia.Image.fromarray(np.ascontiguousarray(arr), colorType=skia.kRGBA_8888_ColorType)
    data = img.encodeToData(skia.kJPEG, 85)
    tmp = path.with_suffix(".tmp.jpg")
    tmp.write_bytes(bytes(data))
    tmp.replace(path)
