"""plate: a generated background plate per scene setting (the ``hybrid`` look).

Runs only when an ``image`` backend is chosen. Each scene gets one picture of its place at
its time of day and weather, in the project's drawing style, with no people and no text (the
characters, camera moves and lettering stay manju's own, drawn on top). Scenes that share a
setting share a plate. Where the backend takes a layout picture, the scene's vector
background is sent with the request, so the horizon, floor and walls stay where the
storyboard put the characters.

Every request goes through the job ledger (:mod:`manju.jobs`), so a plate is paid for once.
The plate is recorded on the scene as an ``Asset`` in ``scene.metadata["plate"]`` with the
backend and config that made it; the render stage puts its path and checksum into the shot's
spec, so a new plate re-renders the scene's shots and an unchanged one re-renders nothing.

A plate stays while the scene's *identity* (the prompt, size, seed and backend config) is
unchanged, even when the vector layout drawing that guided it changes with a new release:
a code change never pays for a picture again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from manju.backends.protocols import ImageRequest
from manju.cache import content_hash
from manju.doc.model import Asset, Project, Scene
from manju.stages.context import Context

READS = ("episodes[].scenes[].setting", "episodes[].scenes[].location",
         "episodes[].scenes[].heading", "settings", "backends", "lang")
WRITES = ("episodes[].scenes[].metadata",)
METADATA_KEY = "plate"

STYLE_WORDS = {
    "flat": "clean flat-colour webtoon background art, crisp shapes, soft cel shading",
    "ink": "black-and-white manga background, confident ink lines, screentone shading",
    "pastel": "soft pastel illustration, gentle light, watercolour texture",
    "noir": "film-noir illustration, hard contrast, deep shadows, a single key light",
}
TIME_WORDS = {"day": "in daylight", "dusk": "at dusk, warm low sun", "night": "at night"}
WEATHER_WORDS = {"clear": "clear weather", "rain": "in the rain, wet reflective surfaces",
                 "snow": "snow falling, snow on the ground", "fog": "in thick fog"}
KIND_WORDS = {
    "home": "a lived-in home interior", "office": "an office interior", "street": "a city street",
    "shop": "a small shop interior", "forest": "a forest", "mountain": "a mountain path",
    "palace": "an ancient Chinese palace courtyard", "coast": "a seashore",
    "sky": "open sky above the clouds", "room_generic": "a simple room",
}
NEGATIVE = ("people, person, character, figure, face, hands, crowd, text, letters, words, "
            "writing, caption, speech bubble, signature, watermark, logo, frame, border")
#: the most pixels asked of a backend that takes any size (about one megapixel)
MAX_PIXELS = 1024 * 1024


def wanted(ctx: Context) -> bool:
    """Whether the stage runs: an image backend is chosen."""
    return ctx.backends.get("image") is not None


@dataclass
class PlatePlan:
    """One plate to have: the scenes that share it, its request and its identity."""

    scenes: list[Scene]
    request: ImageRequest
    identity: str


def plate_asset(scene: Scene) -> Asset | None:
    """The plate recorded on ``scene`` (None when it has none or the record is broken)."""
    raw = scene.metadata.get(METADATA_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return Asset.model_validate(raw)
    except ValueError:
        return None


def request_size(caps: dict[str, Any], width: int, height: int) -> tuple[int, int]:
    """The size to ask for: the accepted size nearest the frame's shape, else the frame's
    shape at no more than :data:`MAX_PIXELS`, in the backend's multiple."""
    sizes = caps.get("sizes")
    if sizes:
        from manju.backends.image_openai import nearest_size

        w, h = (int(v) for v in nearest_size(list(sizes), width, height).split("x"))
        return w, h
    m = max(1, int(caps.get("multiple") or 8))
    scale = min(1.0, (MAX_PIXELS / (width * height)) ** 0.5) if width * height else 1.0
    return max(m, round(width * scale / m) * m), max(m, round(height * scale / m) * m)


def plate_prompt(project: Project, scene: Scene) -> str:
    """What the plate shows, in words: the place, inside or out, time, weather and style."""
    st = scene.setting
    place = (scene.location or "").strip()
    kind = KIND_WORDS.get(st.kind, st.kind.replace("_", " "))
    where = f"{place} ({kind})" if place and place.lower() not in kind else kind
    parts = [
        f"Background plate for a vertical motion-comic panel: {where}",
        "seen from inside" if st.interior else "outdoors",
        TIME_WORDS.get(st.time, st.time), WEATHER_WORDS.get(st.weather, st.weather),
    ]
    style = STYLE_WORDS.get(project.settings.style, project.settings.style)
    return (", ".join(parts) + f". {style}. An empty set with no people and no writing; keep "
            "the lower half simple, characters will stand there.")


def _layout_png(project: Project, scene: Scene, width: int, height: int) -> bytes:
    """The scene's vector background at the request size, as a PNG (layout guidance)."""
    import skia

    from manju.render.background import Setting, render_background
    from manju.render.style import style_plate

    fields = {k: v for k, v in scene.setting.fields().items() if k in Setting.__dataclass_fields__}
    img = style_plate(render_background(Setting(**fields), width, height), project.settings.style)
    return bytes(img.encodeToData(skia.EncodedImageFormat.kPNG, 100))


def recorded_config(config: dict[str, Any]) -> dict[str, Any]:
    """The backend config as recorded on each plate: large values (a ComfyUI workflow) are
    replaced by their sha256 (the whole config is in ``project.backends``)."""
    out: dict[str, Any] = {}
    for k, v in config.items():
        blob = json.dumps(v, sort_keys=True, default=str)
        out[k] = v if len(blob) <= 512 else {"sha256": hashlib.sha256(blob.encode()).hexdigest()}
    return out


def plan(project: Project, backend: Any, *, layout: bool = True) -> list[PlatePlan]:
    """The plates the project needs from ``backend``, one per distinct scene setting."""
    caps = dict(getattr(backend, "capabilities", {}) or {})
    st = project.settings
    w, h = request_size(caps, st.width, st.height)
    plans: dict[str, PlatePlan] = {}
    for scene in project.scenes():
        prompt = plate_prompt(project, scene)
        seed = (st.seed * 1_000_003 + scene.setting.seed) % 2**31
        identity = content_hash("plate", backend.name, dict(backend.config), prompt, NEGATIVE,
                                w, h, seed, bool(layout and caps.get("init")))
        if identity in plans:
            plans[identity].scenes.append(scene)
            continue
        init = _layout_png(project, scene, w, h) if layout and caps.get("init") else None
        req = ImageRequest(prompt, w, h, seed=seed, negative=NEGATIVE, init=init, strength=0.6)
        plans[identity] = PlatePlan([scene], req, identity)
    return list(plans.values())


def plates(project: Project, ctx: Context) -> Project:
    """Give every scene its plate (made or reused through the job ledger)."""
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner

    backend = ctx.backends.get("image")
    if backend is None:
        return project
    todo = plan(project, backend)
    ctx.progress.start("plates", len(todo))
    with Ledger.for_project(ctx.out_dir) as ledger:
        runner = JobRunner(ledger, ctx.cache, ctx.out_dir, budget=ctx.budget_left(),
                           notice=ctx.progress.notice)
        for p in todo:
            kept = [plate_asset(s) for s in p.scenes]
            same = next((a for a in kept if a is not None
                         and a.metadata.get("identity") == p.identity
                         and project.resolve(a.path).is_file()), None)
            if same is not None:
                asset = same
            else:
                path, job = runner.run(backend, p.request,
                                       purpose="plate " + ",".join(s.id for s in p.scenes))
                asset = Asset(path=project.relative(path), sha256=job.sha256 or "",
                              backend=f"image.{backend.name}",
                              config=recorded_config(dict(backend.config)),
                              metadata={"identity": p.identity, "job": job.key,
                                        "prompt": p.request.prompt,
                                        "size": [p.request.width, p.request.height],
                                        "seed": p.request.seed, "cost": job.cost})
            raw = asset.model_dump(mode="json", by_alias=True)
            for s in p.scenes:
                s.metadata = {**s.metadata, METADATA_KEY: raw}
            ctx.progress.advance()
        ctx.spent += runner.spent
        ctx.stats.update(plates_total=len(todo), plates_made=runner.submitted,
                         plates_cached=len(todo) - runner.submitted)
    ctx.progress.finish()
    return project


def estimate(project: Project, backend: Any, out_dir: Any) -> dict[str, Any]:
    """What the plates of ``project`` would cost now, before anything is sent: counts and
    dollars, with plates already made or paid for at no cost."""
    from manju.jobs.ledger import FILENAME, Ledger
    from manju.jobs.runner import job_key

    rows = []
    total = 0.0
    path = out_dir / FILENAME
    ledger = Ledger(path) if path.is_file() else None
    try:
        for p in plan(project, backend):
            kept = [plate_asset(s) for s in p.scenes]
            have = any(a is not None and a.metadata.get("identity") == p.identity for a in kept)
            job = ledger.get(job_key(backend, p.request)) if ledger else None
            paid = have or (job is not None and job.state in ("done", "submitted"))
            cost = 0.0 if paid else float(backend.cost(p.request))
            total += cost
            rows.append({"scenes": [s.id for s in p.scenes], "size": [p.request.width,
                                                                      p.request.height],
                         "cost": round(cost, 4), "paid": paid, "prompt": p.request.prompt})
    finally:
        if ledger is not None:
            ledger.close()
    return {"backend": f"image.{backend.name}", "model": str(backend.config.get("model", "")),
            "plates": len(rows), "to_make": sum(1 for r in rows if not r["paid"]),
            "cost": round(total, 4), "jobs": rows}
