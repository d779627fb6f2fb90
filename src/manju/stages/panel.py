"""panel: whole shots drawn by the image model (the ``generated`` look).

Runs when an image backend is chosen with the ``generated`` look
(``project.backends["image"].metadata["look"]``). For each shot the request carries:

- the shot's own frame as manju draws it, without lettering (the hybrid plate and the vector
  figures), as the layout picture: framing, where the faces are and the room left for the
  balloons survive;
- the reference sheets of the characters in the shot, where the backend takes references
  (made by the refs stage after the cast, or the user's own pictures): the front view of
  each, then the sheet of the expression the shot gives them, then the other views, while the
  backend takes more (:func:`manju.stages.refsheet.shot_references`);
- a prompt naming the framing, the characters with their looks, the place, the time, the
  weather and what happens.

With ``best_of`` N (default 1) the backend makes N candidates (seeds s, s+1, ...), each is
scored against the layout frame with :func:`manju.check.similarity` on every visible face,
and the best is kept; its score goes with the asset. The panel is stored on the scene
(``scene.metadata["panels"]``: shot id -> ``Asset``) with the identity of what it was asked
for, so an unchanged shot keeps its panel and an edited one gets a new one. The renderer draws
the panel as the whole picture under the camera move, and letters it as always.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from manju.backends.protocols import ImageRequest
from manju.cache import content_hash
from manju.doc.model import Asset, Project, Scene, Shot
from manju.stages.context import Context

READS = ("episodes[].scenes[].shots", "episodes[].scenes[].metadata", "characters",
         "settings", "backends")
WRITES = ("episodes[].scenes[].metadata",)
METADATA_KEY = "panels"
NEGATIVE = ("text, letters, words, captions, speech bubbles, watermark, signature, extra "
            "people, extra limbs, deformed faces")
LOOKS = ("hybrid", "generated")


def look(project: Project) -> str:
    """The project's look: ``vector`` without an image backend, else ``hybrid`` (generated
    backgrounds) or ``generated`` (whole shots)."""
    choice = project.backends.get("image")
    if choice is None:
        return "vector"
    value = choice.metadata.get("look", "hybrid")
    return value if value in LOOKS else "hybrid"


def best_of(project: Project) -> int:
    """How many candidates a generated shot gets (1-4)."""
    choice = project.backends.get("image")
    n = choice.metadata.get("best_of", 1) if choice is not None else 1
    return max(1, min(4, int(n))) if isinstance(n, int) else 1


def wanted(ctx: Context) -> bool:
    """Whether the stage may run: an image backend is chosen (the stage itself checks the
    look)."""
    return ctx.backends.get("image") is not None


def panel_asset(scene: Scene, shot_id: str) -> Asset | None:
    """The panel recorded for ``shot_id`` (None when none or broken)."""
    raw = (scene.metadata.get(METADATA_KEY) or {}).get(shot_id)
    if not isinstance(raw, dict):
        return None
    try:
        return Asset.model_validate(raw)
    except ValueError:
        return None


def panel_prompt(project: Project, scene: Scene, shot: Shot) -> str:
    """What the shot shows, for the image model."""
    from manju.stages.clip import FRAMING_WORDS
    from manju.stages.plate import STYLE_WORDS, TIME_WORDS, WEATHER_WORDS
    from manju.stages.refsheet import describe

    people = []
    for cid in shot.subjects:
        ch = next((c for c in project.characters if c.id == cid), None)
        if ch is not None:
            expr = shot.expressions.get(cid, "neutral")
            people.append(f"{ch.name} ({describe(ch)}{', ' + expr if expr != 'neutral' else ''})")
    who = "; ".join(people) if people else "no people"
    place = scene.location or scene.setting.kind.replace("_", " ")
    acts = [project.line(c.line).action for c in shot.cues if project.line(c.line).action]
    style = STYLE_WORDS.get(project.settings.style, project.settings.style).replace(
        "background art", "comic art")
    return (f"Motion-comic panel, {FRAMING_WORDS.get(shot.framing, 'a shot')} in {place}, "
            f"{'inside' if scene.setting.interior else 'outdoors'}, "
            f"{TIME_WORDS.get(scene.setting.time, '')}, "
            f"{WEATHER_WORDS.get(scene.setting.weather, '')}. Characters: {who}."
            + (f" Action: {'; '.join(acts)}." if acts else "")
            + f" Keep the composition, poses and the places of the faces of the first picture. "
              f"{style}. No writing anywhere.")


def _png(spec: Any) -> bytes:
    import skia

    from manju.render.shot import still

    img = still(dataclasses.replace(spec, cues=[], transition="cut", clip=None, panel=None),
                at=0.0)
    return bytes(img.encodeToData(skia.EncodedImageFormat.kPNG, 100))


def _rgb(png: bytes, width: int, height: int) -> np.ndarray:
    """A PNG as RGB at ``width`` x ``height`` (stretched: the provider's size may differ a
    little from the one asked for)."""
    import skia

    img = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(png))
    if img is None:
        raise ValueError("not a picture")
    buf = np.zeros((height, width, 4), np.uint8)
    surf = skia.Surface(buf, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType)
    surf.getCanvas().drawImageRect(img, skia.Rect.MakeWH(width, height),
                                   skia.SamplingOptions(skia.FilterMode.kLinear))
    surf.flushAndSubmit()
    return buf[..., :3].copy()


def identity_score(spec: Any, layout_png: bytes, panel_png: bytes) -> float | None:
    """How much each face in the panel looks like the same face in the layout frame (the
    mean of :func:`manju.check.similarity` over the visible faces; None without faces)."""
    from manju.check import resize, similarity
    from manju.render.shot import ShotRenderer

    bare = dataclasses.replace(spec, cues=[], clip=None, panel=None)
    r = ShotRenderer(bare)
    r.begin()
    try:
        view = r.camera.interpolate(0.0)
        backs = {p.cid for p in r.places if getattr(p, "silhouette", False)}
        boxes = [b for cid, b in r._faces(view).items() if cid not in backs]
    finally:
        r.finish()
    if not boxes:
        return None
    a, b = _rgb(layout_png, spec.width, spec.height), _rgb(panel_png, spec.width, spec.height)
    scores = []
    for x, y, w, h in boxes:
        x0, y0 = max(0, math.floor(x)), max(0, math.floor(y))
        x1, y1 = min(spec.width, math.ceil(x + w)), min(spec.height, math.ceil(y + h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        scores.append(similarity(resize(a[y0:y1, x0:x1]), resize(b[y0:y1, x0:x1])))
    return round(float(np.mean(scores)), 4) if scores else None


def plan_shot(project: Project, scene: Scene, shot: Shot, backend: Any
              ) -> tuple[ImageRequest, str, Any]:
    """The request for one shot's panel, its identity, and the spec at the request size."""
    from manju.stages.clip import frame_identity
    from manju.stages.plate import request_size
    from manju.stages.refsheet import shot_references
    from manju.stages.render import shot_spec

    caps = dict(getattr(backend, "capabilities", {}) or {})
    w, h = request_size(caps, project.settings.width, project.settings.height)
    spec = shot_spec(project, scene, shot)
    spec.clip, spec.panel = None, None
    spec = dataclasses.replace(spec, width=w, height=h)
    room = int(caps.get("references") or 0)
    refs = [data for _, data in shot_references(project, shot, room)][:room]
    prompt = panel_prompt(project, scene, shot)
    seed = int(content_hash("panel-seed", project.settings.seed, shot.id)[:8], 16) % 2**31
    init = _png(spec) if caps.get("init") else None
    req = ImageRequest(prompt, w, h, seed=seed, negative=NEGATIVE, init=init, strength=0.55,
                       references=tuple(refs))
    identity = content_hash("panel", backend.name, dict(backend.config), prompt, w, h, seed,
                            frame_identity(spec), [hash_bytes(r) for r in refs],
                            best_of(project))
    return req, identity, spec


def hash_bytes(data: bytes) -> str:
    """The sha256 of ``data``."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def panels(project: Project, ctx: Context) -> Project:
    """Give every shot of a ``generated``-look project its panel (best of N)."""
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner
    from manju.stages.plate import recorded_config

    backend = ctx.backends.get("image")
    if backend is None or look(project) != "generated":
        return project
    n = best_of(project)
    shots = [(sc, sh) for sc in project.scenes() for sh in sc.shots]
    with Ledger.for_project(ctx.out_dir) as ledger:
        runner = JobRunner(ledger, ctx.cache, ctx.out_dir, budget=ctx.budget_left(),
                           notice=ctx.progress.notice)
        ctx.progress.start("panels", len(shots))
        for scene, shot in shots:
            req, identity, spec = plan_shot(project, scene, shot, backend)
            old = panel_asset(scene, shot.id)
            if old is not None and old.metadata.get("identity") == identity and \
                    project.resolve(old.path).is_file():
                ctx.progress.advance()
                continue
            best: tuple[float, Any, Any] | None = None
            for k in range(n):
                cand = dataclasses.replace(req, seed=(req.seed + k) % 2**31)
                path, job = runner.run(backend, cand, purpose=f"panel {shot.id} #{k + 1}")
                score = identity_score(spec, req.init, path.read_bytes()) if req.init else None
                value = -1.0 if score is None else score
                if best is None or value > best[0]:
                    best = (value, path, job)
            assert best is not None
            value, path, job = best
            asset = Asset(path=project.relative(path), sha256=job.sha256 or "",
                          backend=f"image.{backend.name}",
                          config=recorded_config(dict(backend.config)),
                          metadata={"identity": identity, "job": job.key, "prompt": req.prompt,
                                    "best_of": n, "score": None if value < 0 else value,
                                    "references": len(req.references)})
            raw = dict(scene.metadata.get(METADATA_KEY) or {})
            raw[shot.id] = asset.model_dump(mode="json", by_alias=True)
            scene.metadata = {**scene.metadata, METADATA_KEY: raw}
            ctx.progress.advance()
        ctx.spent += runner.spent
    ctx.progress.finish()
    return project


def usable_panel(project: Project, scene: Scene, shot_id: str) -> Asset | None:
    """The shot's panel when the project has the generated look and the file is there."""
    if look(project) != "generated":
        return None
    asset = panel_asset(scene, shot_id)
    if asset is None or not project.resolve(asset.path).is_file():
        return None
    return asset


