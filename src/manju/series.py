"""A novel as a series: one episode folder per chapter, one cast for all of them, an index.

A story with three or more chapters (``SERIES_MIN_CHAPTERS``) is adapted and cast once, as a whole, in the project
folder (``project.json`` there holds the screenplay and the one cast, so every character
keeps the same design and voice in every episode). Each episode is then made in its own
folder, ``DIR/ep01`` ... (its own ``project.json``, ``video.mp4``, subtitles, webtoon and
pages), from a copy of the project holding only that episode, with the folder's shared cache
``DIR/.cache``. ``DIR/index.json`` and ``DIR/index.html`` list the episodes; an episode whose
screenplay, cast and settings are unchanged since it was made is not made again, so a run
can be stopped at any point and the same command resumes it.
"""

from __future__ import annotations

import html
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from manju.cache import content_hash, write_atomic
from manju.doc import io
from manju.doc.model import Project
from manju.errors import InputError, ProjectError
from manju.series_units import remote_episodes

if TYPE_CHECKING:
    from manju.session import MakeReport, Session

INDEX_JSON = "index.json"
INDEX_HTML = "index.html"


def parse_episodes(spec: str | None, count: int) -> list[int]:
    """Episode numbers (1-based, sorted) from ``"3-5"``, ``"2"``, ``"1,4,7-9"`` or ``"5-"``;
    all ``count`` of them for None or an empty string."""
    if not spec or not spec.strip():
        return list(range(1, count + 1))
    chosen: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo, hi = int(a or 1), int(b) if b else count
            else:
                lo = hi = int(part)
        except ValueError:
            raise InputError(f"--episodes takes numbers and ranges like 3-5 or 1,4,7-9, not "
                             f"{spec!r}") from None
        if lo < 1 or hi < lo:
            raise InputError(f"bad episode range {part!r} in --episodes")
        if lo > count:
            raise InputError(f"there is no episode {lo}: the story has {count}")
        chosen.update(range(lo, min(hi, count) + 1))
    if not chosen:
        raise InputError(f"--episodes {spec!r} names no episode")
    return sorted(chosen)


def episode_folder(index: int) -> str:
    """The folder name of episode ``index`` (1-based): ``ep01``, ..., ``ep100``."""
    return f"ep{index:02d}"


def episode_project(project: Project, index: int, folder: Path) -> Project:
    """A copy of ``project`` holding only episode ``index`` (1-based) and its chapter, with
    the series' cast and settings, placed in ``folder``."""
    ep = project.episodes[index - 1]
    chapters = [c for c in project.source.chapters if c.id == ep.id]
    source = project.source.model_copy(update={"chapters": chapters})
    # Copy only what the episode keeps: the other episodes and chapters are left out first.
    sub = project.model_copy(update={"episodes": [ep], "source": source, "history": [],
                                     "future": []}).model_copy(deep=True)
    title = project.title or project.source.title or ""
    sub.title = f"{title} — {ep.title}" if title and ep.title else (ep.title or title)
    sub.stages_done = [s for s in project.stages_done if s in ("adapt", "cast", "refs")]
    for ch in sub.characters:
        # The series' sheets lie in its folder: the episode points at them from its own.
        ch.refs = {k: a.model_copy(update={"path": os.path.relpath(project.resolve(a.path),
                                                                   folder.resolve())})
                   for k, a in ch.refs.items()}
    sub.outputs = None
    sub.place(folder)
    return sub


def episode_fingerprint(sub: Project) -> str:
    """What an episode's outputs depend on in the document: its screenplay, the cast, the
    settings, the backends and the overrides of its shots."""
    return content_hash(
        "episode", sub.episodes[0].model_dump(mode="json"),
        [c.model_dump(mode="json") for c in sub.characters],
        sub.narrator_voice.model_dump(mode="json") if sub.narrator_voice else None,
        sub.settings.model_dump(mode="json"),
        {k: v.model_dump(mode="json") for k, v in sorted(sub.backends.items())},
        {k: v.model_dump(mode="json") for k, v in sorted(sub.overrides.items())}, sub.title)


@dataclass
class SeriesReport:
    """What a series ``make`` did, per episode and in total (folded into a MakeReport)."""

    episodes_total: int = 0
    episodes_made: list[str] = field(default_factory=list)
    episodes_reused: list[str] = field(default_factory=list)
    index: str = ""


def _load_index(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _episode_done(out: Path, row: dict[str, Any] | None, fingerprint: str) -> bool:
    """Whether the index says this episode was made from this fingerprint, and its video is
    still there."""
    if not row or row.get("fingerprint") != fingerprint or not row.get("video"):
        return False
    return (out / row["video"]).is_file()


def _open_episode(folder: Path, fresh: Project) -> Project:
    """The episode's own project: the saved one when it was made from the same screenplay
    (it carries the stages done, segments and audio), else ``fresh``. Half-written files a
    killed run left in the folder go first (the series holds the lock, so nobody writes them)."""
    from manju.session import remove_temporaries

    if folder.is_dir():
        remove_temporaries(folder)
    if (folder / "project.json").exists():
        try:
            saved = io.load(folder)
        except ProjectError:
            saved = None
        if saved is not None and episode_fingerprint(saved) == episode_fingerprint(fresh):
            saved.place(folder)
            return saved
    return fresh


def make_series(session: Session, *, yes: bool = False, budget: float | None = None,
                episodes: str | None = None, sheets: bool = True) -> MakeReport:
    """Make a story of three or more chapters as a series (see the module); ``episodes``
    chooses a subset (``"3-5"``). Returns one report for the whole run."""
    from manju.pipeline import export_sheets, run
    from manju.session import MakeReport, estimate
    from manju.stages.context import Context

    t0 = time.monotonic()
    out = session.out_dir
    ctx = session.context()
    ctx.budget = budget
    # Adapt and cast the whole novel once: one cast (and one set of reference sheets, with an
    # image backend) for every episode.
    session.project = run(session.project, ctx, until="refs",
                          on_stage=lambda n, p: session._after_stage(n, p, True, "refs"))
    session.save()
    project = session.project
    _series_sheets(project, out)
    count = len(project.episodes)
    chosen = parse_episodes(episodes, count)
    subs = {i: episode_project(project, i, out / episode_folder(i)) for i in chosen}
    index = _load_index(out)
    rows: dict[str, dict[str, Any]] = {str(r.get("id")): r for r in index.get("episodes", [])
                                       if isinstance(r, dict) and r.get("made", True)}
    todo = [i for i in chosen if not _episode_done(out, rows.get(project.episodes[i - 1].id),
                                                    episode_fingerprint(subs[i]))]
    if not yes and todo:
        est = [estimate(subs[i], session.workers) for i in todo]
        seconds = sum(e.render_seconds for e in est)
        from manju.session import CONFIRM_SECONDS, NeedsConfirmation

        if seconds > CONFIRM_SECONDS:
            raise NeedsConfirmation(
                f"{len(todo)} episodes to make, {sum(e.video_seconds for e in est) / 60:.0f} minutes "
                f"of video; rendering takes about {seconds / 3600:.1f} hours on this machine; run "
                "again with --yes to go on (the adaptation is saved), or choose some with "
                "--episodes 1-3")
    report = MakeReport(characters=len(project.characters), lines_total=0)
    series = SeriesReport(episodes_total=count)
    progress = session.progress
    series_t0 = time.monotonic()

    def finished(i: int, sub: Project, stats: dict[str, int]) -> None:
        ep = project.episodes[i - 1]
        report.shots_total += stats.get("shots_total", len(sub.shots()))
        for name in ("shots_rendered", "shots_cached", "lines_voiced", "lines_cached"):
            setattr(report, name, getattr(report, name) + stats.get(name, 0))
        rows[ep.id] = _row(out, i, sub, episode_fingerprint(subs[i]))
        _write_index(out, project, rows)
        series.episodes_made.append(ep.id)
        # Overall progress: episodes made of those to make, with an ETA at the pace so far.
        _series_progress(progress, len(series.episodes_made), len(todo),
                         time.monotonic() - series_t0)

    for i in chosen:
        ep = project.episodes[i - 1]
        if i not in todo:
            series.episodes_reused.append(ep.id)
            report.shots_total += rows[ep.id].get("shots", 0)
            report.shots_cached += rows[ep.id].get("shots", 0)
    why_local = remote_episodes(ctx.executor, ctx.backends, len(todo))
    if why_local is None:
        _make_remote(session, ctx, subs, todo, sheets, finished)
    elif getattr(ctx.executor, "name", "local") != "local" and todo:
        progress.notice(f"episodes made one after another, shots on the cluster: {why_local}")
    for i in todo if why_local is not None else []:
        folder = out / episode_folder(i)
        folder.mkdir(parents=True, exist_ok=True)
        sub = _open_episode(folder, subs[i])
        ectx = Context.for_output(folder, progress=progress, workers=session.workers,
                                  cache_dir=out / ".cache")
        ectx.backends = dict(ctx.backends)
        ectx.check_contracts = ctx.check_contracts
        ectx.executor = ctx.executor
        ectx.budget = budget
        sub = run(sub, ectx, until="assemble")
        if sheets:
            export_sheets(sub, ectx)
        io.save(sub, folder / "project.json")
        finished(i, sub, ectx.stats)
    _write_index(out, project, rows)
    report.lines_total = sum(len(sc.lines) for i in chosen for sc in project.episodes[i - 1].scenes)
    report.duration = round(sum(rows[project.episodes[i - 1].id].get("duration", 0.0)
                                for i in chosen if project.episodes[i - 1].id in rows), 3)
    report.video = str(out / INDEX_HTML)
    report.seconds = round(time.monotonic() - t0, 2)
    report.notes = list(session.notes) + [
        f"series: {len(series.episodes_made)} episodes made, {len(series.episodes_reused)} "
        f"already made, of {count} ({out / INDEX_JSON})"]
    return report


def _make_remote(session: Session, ctx: Any, subs: dict[int, Project], todo: list[int],
                 sheets: bool, finished: Callable[[int, Project, dict[str, int]], None]) -> None:
    """Make the episodes ``todo`` side by side as tasks of ``ctx.executor`` (a cluster); each
    finished one is filed in the series folder and reported to ``finished``."""
    from manju.cache import write_atomic
    from manju.series_units import episode_inputs, file_results, make_episode_portable

    out = session.out_dir
    executor = ctx.executor
    shared = bool(executor.shared_files)
    backends = {k: v for k, v in ctx.backends.items() if k != "llm"}
    calls: list[tuple[Any, ...]] = []
    inputs: list[dict[str, bytes]] = []
    for i in todo:
        folder = out / episode_folder(i)
        folder.mkdir(parents=True, exist_ok=True)
        sub = _open_episode(folder, subs[i])
        files = {} if shared else episode_inputs(out, sub, sub if sub is not subs[i] else None)
        inputs.append(files)
        calls.append((io.dumps(sub), episode_folder(i), backends, files, str(out.resolve()),
                      shared, sheets))
    session.progress.notice(f"{len(todo)} episodes sent to the {executor.name} cluster, "
                            "one task each")

    def done(k: int, result: dict[str, Any]) -> None:
        i = todo[k]
        folder = out / episode_folder(i)
        file_results(out, episode_folder(i), inputs[k], result, write_atomic)
        sub = io.load(folder)
        sub.place(folder)
        finished(i, sub, result.get("stats", {}))

    executor.map(make_episode_portable, calls, done)


def _series_sheets(project: Project, out: Path) -> None:
    """The whole novel's screenplay and its one cast sheet, beside the episode folders."""
    from manju.export.fountain import to_fountain
    from manju.export.sheets import cast_sheet

    write_atomic(out / "script.fountain", to_fountain(project).encode("utf-8"))
    if project.characters:
        cast_sheet(project, out / "cast.png")


def _series_progress(progress: Any, done: int, total: int, elapsed: float) -> None:
    from manju.stages.context import Event

    listener = getattr(progress, "listener", None)
    if listener is not None:
        listener(Event("advance" if done < total else "finish", "series", done, total, elapsed))


def _row(out: Path, index: int, sub: Project, fingerprint: str) -> dict[str, Any]:
    folder = out / episode_folder(index)
    rel = episode_folder(index)
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                   and p.suffix in (".mp4", ".srt", ".vtt", ".ass", ".jpg", ".png", ".pdf", ".cbz"))
    ep = sub.episodes[0]
    return {"id": ep.id, "number": index, "title": ep.title, "folder": rel,
            "video": f"{rel}/video.mp4", "subtitles": f"{rel}/subtitles.srt",
            "duration": sub.outputs.duration if sub.outputs else 0.0, "shots": len(sub.shots()),
            "lines": len(sub.lines()), "files": [f"{rel}/{f}" for f in files],
            "fingerprint": fingerprint}


def _write_index(out: Path, project: Project, rows: dict[str, dict[str, Any]]) -> None:
    """``index.json`` (every episode of the story, made or not) and ``index.html``."""
    episodes = []
    for i, ep in enumerate(project.episodes, start=1):
        row = rows.get(ep.id)
        episodes.append(row if row else {"id": ep.id, "number": i, "title": ep.title,
                                         "folder": episode_folder(i), "made": False})
    for row in episodes:
        row.setdefault("made", True)
    title = project.title or project.source.title or "Untitled"
    data = {"title": title, "lang": project.lang, "episodes_total": len(episodes),
            "episodes_made": sum(1 for r in episodes if r["made"]),
            "characters": [{"id": c.id, "name": c.name,
                            "voice": c.voice.voice if c.voice else None} for c in project.characters],
            "episodes": episodes}
    write_atomic(out / INDEX_JSON, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
    write_atomic(out / INDEX_HTML, _html(data).encode("utf-8"))


def _html(data: dict[str, Any]) -> str:
    esc = html.escape
    items = []
    for r in data["episodes"]:
        head = f"{r['number']}. {esc(r['title'] or r['id'])}"
        if not r.get("made"):
            items.append(f"<li><h2>{head}</h2><p>not made yet</p></li>")
            continue
        links = " · ".join(f'<a href="{esc(f)}">{esc(f.split("/", 1)[1])}</a>' for f in r["files"])
        items.append(f'<li><h2>{head}</h2><video controls preload="none" width="270" '
                     f'src="{esc(r["video"])}"></video><p>{r["duration"]:.0f} s, {r["shots"]} '
                     f"shots</p><p>{links}</p></li>")
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{esc(data['title'])}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            "li{list-style:none;margin:1.5em 0}</style></head><body>"
            f"<h1>{esc(data['title'])}</h1><p>{data['episodes_made']} of "
            f"{data['episodes_total']} episodes</p><ol>{''.join(items)}</ol></body></html>\n")
