"""The studio's web app (FastAPI): pages, the JSON API, files and the event stream.

Every route goes through :class:`manju.web.security.Guard`; every change to a project goes
through :class:`manju.session.Session` (via :class:`manju.web.state.Studio`). The API is
described at ``/openapi.json``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from manju.errors import InputError, ProjectError
from manju.web import views
from manju.web.security import Guard, allowed_hosts
from manju.web.shots import (
    CAMERA_MOVES,
    FRAMINGS,
    PACES,
    InsertIn,
    MoveIn,
    PropIn,
    RetimeIn,
    ShotIn,
    SplitIn,
    layout_op,
    set_shot_fields,
    subject_ids,
)
from manju.web.state import Busy, Studio, StudioConfig

STATIC = Path(__file__).with_name("static")
KEEPALIVE = 15.0
JOB_ID_MAX = 2**63 - 1  # SQLite's largest integer


class ChatIn(BaseModel):
    """An instruction for the plain-language editor."""

    text: str = Field(min_length=1, max_length=2000)
    dry_run: bool = False


class MakeIn(BaseModel):
    """Make (or make again) a project."""

    yes: bool = False


def create_app(config: StudioConfig) -> FastAPI:
    """The studio app for ``config`` (the job runner starts with the app and stops with it)."""
    studio = Studio(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        studio.scan()
        if config.run_jobs:
            studio.runner.start()
        yield
        studio.runner.stop()

    app = FastAPI(title="manju studio", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.studio = studio
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def folder(pid: str) -> Path:
        f = studio.folder(pid)
        if f is None:
            raise HTTPException(404, "no such project")
        return f

    def load(pid: str) -> Any:
        from manju.doc import io

        f = folder(pid)
        if not (f / "project.json").is_file():
            return None
        try:
            return io.load(f)
        except ProjectError as e:
            raise HTTPException(409, str(e)) from None

    def summary(pid: str, row: dict[str, Any]) -> dict[str, Any]:
        f = Path(row["path"])
        project = None
        if (f / "project.json").is_file():
            try:
                from manju.doc import io

                project = io.load(f)
            except ProjectError:
                project = None
        jobs = studio.store.jobs(pid, limit=1)
        job = studio.runner.active(pid) or (jobs[0] if jobs else None)
        return {"id": pid, "path": str(f), "folder": f.name,
                "title": (project.title if project else "") or row["title"] or f.name,
                "lang": project.lang if project else "",
                "shots": len(project.shots()) if project else 0,
                "made": bool(project and "render" in project.stages_done),
                "job": job.to_json() if job else None}

    # -- pages --------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-store"})

    @app.get("/api/info")
    def info() -> dict[str, Any]:
        from manju import __version__
        from manju.doc.ops_layout import prop_names

        return {"version": __version__, "workspace": str(config.workspace),
                "max_upload": config.max_upload, "framings": list(FRAMINGS),
                "cameras": list(CAMERA_MOVES), "paces": list(PACES), "props": list(prop_names()),
                "llm": config.llm}

    # -- projects -------------------------------------------------------------------------------
    @app.get("/api/projects")
    def projects() -> list[dict[str, Any]]:
        studio.scan()
        return [summary(r["id"], r) for r in studio.store.projects()]

    @app.post("/api/projects", status_code=201)
    async def create(story: UploadFile | None = File(None), idea: str = Form(""),
                     title: str = Form("", max_length=200), size: str = Form(""),
                     fps: int | None = Form(None), music: bool = Form(True)) -> dict[str, Any]:
        settings = _settings(size, fps, music)
        if story is not None and story.filename:
            data = await story.read(config.max_upload + 1)
            if len(data) > config.max_upload:
                raise HTTPException(413, f"the story is over the {config.max_upload // 1024} KiB limit")
            name = story.filename
            made = asyncio.to_thread(studio.create_from_upload, name, data, title=title,
                                     settings=settings)
        elif idea.strip():
            made = asyncio.to_thread(studio.create_from_idea, idea, title=title, settings=settings)
        else:
            raise HTTPException(400, "upload a story (.txt or .md) or write an idea")
        try:
            pid, job = await made
        except InputError as e:
            raise HTTPException(415 if "binary" in str(e) or ".txt or .md" in str(e) else 400,
                                str(e)) from None
        return {"project": pid, "job": job.to_json()}

    @app.get("/api/projects/{pid}")
    def project(pid: str) -> dict[str, Any]:
        row = studio.store.project(pid)
        if row is None:
            raise HTTPException(404, "no such project")
        p = load(pid)
        out = summary(pid, row)
        out["files"] = views.list_files(Path(row["path"]))
        if p is None:
            return {**out, "scenes": [], "cast": [], "cast_sheet": None, "history": [],
                    "can_undo": False,
                    "can_redo": False}
        from manju.cli.plain import history_rows

        return {**out, **views.canvas(p, pid), "history": history_rows(p),
                "can_undo": bool(p.history), "can_redo": bool(p.future),
                "settings": {"width": p.settings.width, "height": p.settings.height,
                             "fps": p.settings.fps, "style": p.settings.style}}

    @app.post("/api/projects/{pid}/make", status_code=202)
    def make(pid: str, body: MakeIn) -> dict[str, Any]:
        folder(pid)
        try:
            return {"job": studio.make(pid, body.yes).to_json()}
        except ProjectError as e:
            raise HTTPException(409, str(e)) from None

    @app.post("/api/projects/{pid}/export", status_code=202)
    def export(pid: str) -> dict[str, Any]:
        p = load(pid)
        if p is None or "render" not in p.stages_done:
            raise HTTPException(409, "make the project before exporting it")
        return {"job": studio.export(pid).to_json()}

    # -- edits ----------------------------------------------------------------------------------
    def edited(pid: str, change: Any) -> dict[str, Any]:
        folder(pid)
        try:
            result, rendered = studio.edit(pid, change)
        except Busy as e:
            raise HTTPException(409, str(e)) from None
        except InputError as e:
            raise HTTPException(400, str(e)) from None
        job = studio.render(pid) if rendered and result.get("applied", True) else None
        return {**result, "job": job.to_json() if job else None}

    @app.post("/api/projects/{pid}/chat")
    def chat(pid: str, body: ChatIn) -> dict[str, Any]:
        from manju.doc import ops
        from manju.web.chat import plan

        p = load(pid)
        if p is None:
            raise HTTPException(409, "the project is not made yet; wait for its first run to finish")
        active = studio.runner.active(pid)
        if active is not None and active.kind != "render":  # before paying for a model's answer
            raise HTTPException(409, f"the project is busy ({active.kind} running); try again "
                                     "when it finishes")
        # The plan is made outside the project's lock (a language model takes seconds) and
        # made afresh on the document when applied.
        planned = plan(p, body.text, folder(pid), config.llm)
        out = {**planned.plan.to_json(), "applied": False, "planner": planned.planner,
               "notice": planned.notice}
        if planned.plan.status != "edit" or body.dry_run:
            return {**out, "job": None}

        def change(session: Any) -> dict[str, Any]:
            session.apply(ops.rebuild(session.project, planned.plan.operation))
            return {**out, "applied": True}

        return edited(pid, change)

    @app.post("/api/projects/{pid}/undo")
    def undo(pid: str) -> dict[str, Any]:
        return edited(pid, lambda s: {"applied": True, "what": _describe(s, s.undo())})

    @app.post("/api/projects/{pid}/redo")
    def redo(pid: str) -> dict[str, Any]:
        return edited(pid, lambda s: {"applied": True, "what": _describe(s, s.redo())})

    @app.post("/api/projects/{pid}/shots/{sid}")
    def set_shot(pid: str, sid: str, body: ShotIn) -> dict[str, Any]:
        after = set_shot_fields(body)

        def change(s: Any) -> dict[str, Any]:
            if "subjects" in after:
                after["subjects"] = subject_ids(s.project, after["subjects"])
            op = s.apply({"op": "set_shot", "target": sid, "after": after})
            return {"applied": True, "what": _describe(s, op)}

        return edited(pid, change)

    def layout(pid: str, op: dict[str, Any]) -> dict[str, Any]:
        return edited(pid, lambda s: {"applied": True, "what": _describe(s, s.apply(op))})

    @app.post("/api/projects/{pid}/shots/{sid}/move")
    def move_shot(pid: str, sid: str, body: MoveIn) -> dict[str, Any]:
        return layout(pid, layout_op("move_shot", sid, body))

    @app.post("/api/projects/{pid}/shots/{sid}/retime")
    def retime(pid: str, sid: str, body: RetimeIn) -> dict[str, Any]:
        """How long the shot holds and the pace of its pauses (the ``retime`` operation)."""
        return layout(pid, layout_op("retime", sid, body))

    @app.post("/api/projects/{pid}/shots/{sid}/props/add")
    def add_prop(pid: str, sid: str, body: PropIn) -> dict[str, Any]:
        """Show a prop in the shot (``add_prop``)."""
        return layout(pid, layout_op("add_prop", sid, body))

    @app.post("/api/projects/{pid}/shots/{sid}/props/remove")
    def remove_prop(pid: str, sid: str, body: PropIn) -> dict[str, Any]:
        """Take a prop out of the shot (``remove_prop``)."""
        return layout(pid, layout_op("remove_prop", sid, body))

    @app.post("/api/projects/{pid}/shots/{sid}/split")
    def split_shot(pid: str, sid: str, body: SplitIn) -> dict[str, Any]:
        """Cut the shot in two (``split_shot``)."""
        return layout(pid, layout_op("split_shot", sid, body))

    @app.post("/api/projects/{pid}/shots/{sid}/merge")
    def merge_shots(pid: str, sid: str) -> dict[str, Any]:
        """Merge the shot with the next shot of its scene (``merge_shots``)."""
        return layout(pid, layout_op("merge_shots", sid, None))

    @app.post("/api/projects/{pid}/shots/{sid}/insert")
    def insert_shot(pid: str, sid: str, body: InsertIn) -> dict[str, Any]:
        """Put a silent shot after the shot (``insert_shot``)."""
        return layout(pid, layout_op("insert_shot", sid, body))

    # -- files ----------------------------------------------------------------------------------
    def shot_segment(pid: str, sid: str) -> tuple[Path, Any]:
        p = load(pid)
        if p is None:
            raise HTTPException(404, "not made yet")
        try:
            shot = p.shot(sid)
        except KeyError:
            raise HTTPException(404, "no such shot") from None
        if shot.segment is None or not p.resolve(shot.segment.path).is_file():
            raise HTTPException(404, "the shot is not rendered yet")
        return p.resolve(shot.segment.path), shot.segment

    @app.get("/api/projects/{pid}/shots/{sid}/frame/{index}.jpg")
    def frame(pid: str, sid: str, index: int) -> FileResponse:
        if not 0 <= index < views.FRAMES:
            raise HTTPException(404, "no such frame")
        path, seg = shot_segment(pid, sid)
        out = config.state_dir / "thumbs" / f"{seg.key}-{index}.jpg"
        try:
            jpeg = views.frame_jpeg(path, seg.frames, index, out)
        except Exception:  # a damaged segment: the next make renders it again
            raise HTTPException(404, "the shot's video cannot be read") from None
        return FileResponse(jpeg, media_type="image/jpeg",
                            headers={"cache-control": "private, max-age=86400"})

    @app.get("/api/projects/{pid}/shots/{sid}/segment.mp4")
    def segment(pid: str, sid: str) -> FileResponse:
        path, _ = shot_segment(pid, sid)
        return FileResponse(path, media_type="video/mp4")

    @app.get("/api/projects/{pid}/cast/{cid}/sheet/{view}")
    def reference_sheet(pid: str, cid: str, view: str) -> FileResponse:
        """A character's reference sheet (a view: ``front``, ``three_quarter``, ``side``; or an
        expression: ``happy``, ``sad``, ``angry``): the picture recorded on the character,
        served only when it lies inside the project folder."""
        from manju.web.cast import PICTURE_TYPES, sheet_path

        p = load(pid)
        if p is None:
            raise HTTPException(404, "not made yet")
        try:
            ch = p.character(cid)
        except KeyError:
            raise HTTPException(404, "no such character") from None
        path = sheet_path(p, ch, view)
        if path is None:
            raise HTTPException(404, "no such reference sheet")
        return FileResponse(path, media_type=PICTURE_TYPES[path.suffix.lower()],
                            headers={"cache-control": "private, max-age=86400"})

    @app.get("/api/projects/{pid}/files")
    def files(pid: str) -> list[dict[str, Any]]:
        return views.list_files(folder(pid))

    @app.get("/api/projects/{pid}/files/{name:path}")
    def file(pid: str, name: str, download: bool = False) -> FileResponse:
        try:
            path = views.safe_file(folder(pid), name)
        except views.BadName:
            raise HTTPException(400, "bad file name") from None
        if path is None:
            raise HTTPException(404, "no such file")
        return FileResponse(path, filename=path.name if download else None,
                            content_disposition_type="attachment" if download else "inline",
                            headers={"cache-control": "no-cache"})

    # -- search -----------------------------------------------------------------------------
    @app.get("/api/search")
    def search(q: str = Query(min_length=1, max_length=500), k: int = Query(10, ge=1, le=50),
               project: str | None = Query(None, max_length=40)) -> dict[str, Any]:
        studio.scan()
        rows = studio.store.projects()
        if project is not None:
            rows = [r for r in rows if r["id"] == project]
            if not rows:
                raise HTTPException(404, "no such project")
        folders = {str(r["id"]): Path(r["path"]) for r in rows}
        return {"query": q, "results": studio.search.search(q, folders, k)}

    # -- jobs and events ----------------------------------------------------------------------
    @app.get("/api/jobs")
    def jobs(project: str | None = None) -> list[dict[str, Any]]:
        return [j.to_json() for j in studio.store.jobs(project)]

    @app.post("/api/jobs/{job_id}/cancel")
    def cancel(job_id: int = PathParam(ge=1, le=JOB_ID_MAX)) -> dict[str, Any]:
        if not studio.runner.cancel(job_id):
            raise HTTPException(409, "the job is not queued or running")
        return {"cancelled": job_id}

    @app.get("/api/events")
    async def events(request: Request) -> StreamingResponse:
        queue = studio.hub.subscribe()

        async def stream() -> AsyncIterator[bytes]:
            try:
                yield b"retry: 2000\n\n"
                for job in studio.store.jobs(limit=20):
                    if job.state in ("queued", "running"):
                        live = studio.runner.active(job.project)
                        yield _sse({"type": "job", "job": (live or job).to_json()})
                while not await request.is_disconnected():
                    try:
                        event = await asyncio.wait_for(queue.get(), KEEPALIVE)
                    except asyncio.TimeoutError:
                        yield b": keepalive\n\n"
                        continue
                    yield _sse(event)
            finally:
                studio.hub.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store", "x-accel-buffering": "no"})

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    app.add_middleware(Guard, hosts=allowed_hosts(config.host, config.extra_hosts),
                       token=config.token)
    return app


def _sse(event: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode()


def _describe(session: Any, op: Any) -> str:
    from manju.edit.words import describe

    return str(describe(session.project, op, "zh" if session.project.lang == "zh" else "en"))


def _settings(size: str, fps: int | None, music: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if size:
        try:
            w, h = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise HTTPException(400, "size must look like 720x1280") from None
        if not (64 <= w <= 2048 and 64 <= h <= 3640):
            raise HTTPException(400, "width 64-2048, height 64-3640")
        out["width"], out["height"] = w - w % 2, h - h % 2
    if fps is not None:
        if not 1 <= fps <= 60:
            raise HTTPException(400, "fps must be between 1 and 60")
        out["fps"] = fps
    if not music:
        out["music"] = False
    return out
