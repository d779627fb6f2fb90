"""Reference sheets: each character drawn by the image backend from the front, three-quarter
and side, and from the front with a few expressions, kept as assets of the character
(``character.refs``: sheet -> ``Asset``) for every request that must keep the character the
same (generated shots, clips).

The ``refs`` stage runs after the cast when an image backend is chosen and makes what is
missing. A sheet's request carries the character's vector figure in that pose and expression
as its layout picture (where the backend takes one), so proportions, hair and outfit colours
start from manju's own design; every sheet but the front view also carries the finished front
view as a reference (where the backend takes references), so they agree. Every request goes
through the job ledger, so a sheet is paid for once. A user's own picture can replace any
sheet (:func:`set_sheet`); it is never regenerated.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from manju.backends.protocols import ImageRequest
from manju.cache import content_hash, file_sha256
from manju.doc.model import Asset, Character, Project, Shot
from manju.errors import InputError

READS = ("characters", "settings", "backends")
WRITES = ("characters[].refs",)
VIEWS = ("front", "three_quarter", "side")
#: the expressions drawn from the front, besides the neutral views
EXPRESSIONS = ("happy", "sad", "angry")
#: every sheet a character gets, the front view first (the others are drawn after it)
SHEETS = VIEWS + EXPRESSIONS
VIEW_WORDS = {"front": "waist-up front view, facing the viewer",
              "three_quarter": "waist-up three-quarter view, turned slightly to the right",
              "side": "waist-up side view, profile facing right"}
STYLE_WORDS = {
    "flat": "clean flat-colour webtoon character art, crisp outlines, soft cel shading",
    "ink": "black-and-white manga character art, confident ink lines, screentone shading",
    "pastel": "soft pastel character illustration, gentle light",
    "noir": "film-noir character illustration, hard contrast, one key light",
}
#: which way manju's own figure faces as the layout picture of each view
FACING = {"front": "front", "three_quarter": "right", "side": "right"}
NEGATIVE = ("text, letters, words, caption, watermark, signature, logo, extra people, "
            "extra limbs, busy background, cropped head")


def wanted(ctx: Any) -> bool:
    """Whether the stage runs: an image backend is chosen."""
    return ctx.backends.get("image") is not None


def sheets(ch: Character) -> dict[str, Asset]:
    """The reference sheets recorded on ``ch``, by view or expression."""
    return dict(ch.refs)


def _record(ch: Character, view: str, asset: Asset) -> None:
    ch.refs = {**ch.refs, view: asset}


def _character(project: Project, cid: str) -> Character | None:
    return next((c for c in project.characters if c.id == cid), None)


def sheet_bytes(project: Project, cid: str, view: str) -> bytes | None:
    """The picture of sheet ``view`` of character ``cid``, None when it has none."""
    ch = _character(project, cid)
    asset = ch.refs.get(view) if ch is not None else None
    if asset is None:
        return None
    path = project.resolve(asset.path)
    return path.read_bytes() if path.is_file() else None


def sheet_slots(project: Project, shot: Shot, room: int) -> list[tuple[str, str]]:
    """The (character id, sheet) pairs a request for ``shot`` asks for, in the order sent: the
    front view of each character in the shot, then the sheet of the expression the shot gives
    each (where it is one of :data:`EXPRESSIONS`), then their three-quarter and side views,
    while the request takes ``room`` pictures or more."""
    cids = [c for c in dict.fromkeys(shot.subjects) if _character(project, c) is not None]
    slots = [(c, "front") for c in cids]
    moods = [(c, shot.expressions[c]) for c in cids if shot.expressions.get(c) in EXPRESSIONS]
    further = moods + [(c, v) for v in VIEWS[1:] for c in cids]
    return slots + further[: max(0, room - len(slots))]


def shot_references(project: Project, shot: Shot, room: int
                    ) -> list[tuple[dict[str, str], bytes]]:
    """The sheets of :func:`sheet_slots` the project has, each as its record
    (``character``, ``view``, ``sha256``) and its picture."""
    out = []
    for cid, view in sheet_slots(project, shot, room):
        data = sheet_bytes(project, cid, view)
        if data is not None:
            out.append(({"character": cid, "view": view,
                         "sha256": hashlib.sha256(data).hexdigest()}, data))
    return out


def _colour_word(hexval: str) -> str:
    from manju.doc.ops_patches import COLOUR_NAMES

    try:
        r, g, b = (int(hexval.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return hexval

    def dist(name: str) -> int:
        h = COLOUR_NAMES[name].lstrip("#")
        return sum((int(h[i:i + 2], 16) - v) ** 2 for i, v in zip((0, 2, 4), (r, g, b), strict=True))

    return min((n for n in COLOUR_NAMES if n != "gray"), key=dist)


def describe(ch: Character) -> str:
    """The character in words, from its look and the story's description of it."""
    look = ch.look
    who = {"child": "child", "young": "young", "adult": "adult", "old": "elderly"}.get(ch.age, "")
    sex = {"male": "man", "female": "woman"}.get(ch.gender, "person")
    if ch.age == "child":
        sex = {"male": "boy", "female": "girl"}.get(ch.gender, "child")
        who = ""
    parts = [f"{who} {sex}".strip()]
    if look is not None:
        parts.append(f"{_colour_word(look.hair_color)} {look.hair_style.replace('_', ' ')} hair")
        parts.append(f"{_colour_word(look.eye_color)} eyes")
        parts.append(f"a {_colour_word(look.outfit_color)} {look.outfit} with "
                     f"{_colour_word(look.accent_color)} accents")
        if look.accessory != "none":
            parts.append(f"wearing {look.accessory}" if look.accessory not in ("beard", "scar")
                         else f"with a {look.accessory}")
    said = "; ".join(d.strip() for d in ch.description[:3] if d.strip())
    return ", ".join(parts) + (f" ({said})" if said else "")


def sheet_prompt(project: Project, ch: Character, view: str) -> str:
    """The request's prompt for sheet ``view`` (a view or an expression) of ``ch``."""
    style = STYLE_WORDS.get(project.settings.style, project.settings.style)
    if view in EXPRESSIONS:
        return (f"Character expression sheet, {VIEW_WORDS['front']}, a clearly {view} "
                f"expression: {ch.name}, {describe(ch)}. Arms relaxed, standing on a plain light "
                f"grey background, even light. {style}. One figure only, no writing.")
    return (f"Character reference sheet, {VIEW_WORDS[view]}: {ch.name}, {describe(ch)}. "
            f"Neutral expression, arms relaxed, standing on a plain light grey background, "
            f"even light. {style}. One figure only, no writing.")


def _layout(ch: Character, view: str, width: int, height: int) -> bytes | None:
    """The character's vector figure in the view's pose on light grey, as a PNG."""
    if ch.look is None:
        return None
    import skia

    from manju.render.character import Look, Pose, character_sprite

    fields = {k: v for k, v in ch.look.fields().items() if k in Look.__dataclass_fields__}
    pose = Pose(facing=FACING.get(view, "front"),
                expression=view if view in EXPRESSIONS else "neutral")
    img, _ = character_sprite(Look(**fields), pose, int(height * 0.9))
    surf = skia.Surface(width, height)
    c = surf.getCanvas()
    c.clear(skia.Color(226, 226, 222))
    c.drawImage(img, (width - img.width()) / 2, height - img.height())
    return bytes(surf.makeImageSnapshot().encodeToData(skia.EncodedImageFormat.kPNG, 100))


def _size(backend: Any) -> tuple[int, int]:
    from manju.stages.plate import request_size

    caps = dict(getattr(backend, "capabilities", {}) or {})
    return request_size(caps, 832, 1248)  # a standing figure: portrait, 2:3


def _seed(ch: Character) -> int:
    return int(content_hash("sheet-seed", ch.id)[:8], 16) % 2**31


def _identity(project: Project, backend: Any, ch: Character, view: str, refs: bool) -> str:
    """What sheet ``view`` of ``ch`` is asked for: a kept sheet with another identity is made
    again (a user's own picture never is)."""
    caps = dict(getattr(backend, "capabilities", {}) or {})
    w, h = _size(backend)
    return content_hash("sheet", backend.name, dict(backend.config),
                        sheet_prompt(project, ch, view), w, h, _seed(ch), bool(caps.get("init")),
                        refs)


def _kept(project: Project, ch: Character, view: str, identity: str) -> Asset | None:
    """The sheet ``ch`` has for ``view`` when it is still the one asked for (or the user's)."""
    old = ch.refs.get(view)
    if old is not None and project.resolve(old.path).is_file() and (
            old.backend == "user" or old.metadata.get("identity") == identity):
        return old
    return None


def make_sheets(project: Project, backend: Any, runner: Any, characters: list[Character],
                views: tuple[str, ...] = SHEETS) -> int:
    """Make the missing ``views`` (views and expressions) of ``characters`` with ``backend``
    through ``runner`` (a :class:`~manju.jobs.runner.JobRunner`); returns how many pictures
    were made or reused from the ledger. A user's own picture and an unchanged sheet are
    kept."""
    from manju.stages.plate import recorded_config

    caps = dict(getattr(backend, "capabilities", {}) or {})
    w, h = _size(backend)
    takes_refs = int(caps.get("references") or 0) > 0
    done = 0
    for ch in characters:
        front: bytes | None = None  # the finished front view, a reference for the others
        for view in SHEETS:
            refs = (front,) if view != "front" and front is not None and takes_refs else ()
            identity = _identity(project, backend, ch, view, bool(refs))
            old = _kept(project, ch, view, identity)
            if old is not None:
                if view == "front":
                    front = project.resolve(old.path).read_bytes()
                continue
            if view not in views:
                continue
            prompt = sheet_prompt(project, ch, view)
            init = _layout(ch, view, w, h) if caps.get("init") else None
            req = ImageRequest(prompt, w, h, seed=_seed(ch), negative=NEGATIVE, init=init,
                               strength=0.75, references=refs)
            path, job = runner.run(backend, req, purpose=f"sheet {ch.id} {view}")
            done += 1
            if view == "front":
                front = path.read_bytes()
            _record(ch, view, Asset(
                path=project.relative(path), sha256=job.sha256 or "",
                backend=f"image.{backend.name}", config=recorded_config(dict(backend.config)),
                metadata={"identity": identity, "job": job.key, "prompt": prompt,
                          "size": [w, h], "seed": req.seed, "cost": job.cost}))
    return done


def make_all(project: Project, ctx: Any) -> Project:
    """The ``refs`` stage: every character with a design gets its missing sheets from the
    image backend (through the job ledger, within the run's budget)."""
    from manju.jobs.ledger import Ledger
    from manju.jobs.runner import JobRunner

    backend = ctx.backends.get("image")
    if backend is None:
        return project
    cast = [c for c in project.characters if c.look is not None]
    ctx.progress.start("refs", len(cast))
    with Ledger.for_project(ctx.out_dir) as ledger:
        runner = JobRunner(ledger, ctx.cache, ctx.out_dir, budget=ctx.budget_left(),
                           notice=ctx.progress.notice)
        for ch in cast:
            make_sheets(project, backend, runner, [ch])
            ctx.progress.advance()
        ctx.spent += runner.spent
        ctx.stats.update(sheets_made=runner.submitted)
    ctx.progress.finish()
    return project


def estimate(project: Project, backend: Any, out_dir: Path) -> dict[str, Any]:
    """What the missing sheets of ``project`` would cost, before anything is sent: sheets to
    make and dollars, with those already made or paid for (a done job in the ledger) free."""
    from manju.jobs.ledger import FILENAME, Ledger
    from manju.jobs.runner import job_key

    caps = dict(getattr(backend, "capabilities", {}) or {})
    w, h = _size(backend)
    takes_refs = int(caps.get("references") or 0) > 0
    path = Path(out_dir) / FILENAME
    ledger = Ledger(path) if path.is_file() else None
    to_make, total = 0, 0.0
    try:
        for ch in (c for c in project.characters if c.look is not None):
            front: bytes | None = None
            for view in SHEETS:
                refs = view != "front" and takes_refs
                identity = _identity(project, backend, ch, view, refs)
                old = _kept(project, ch, view, identity)
                if view == "front" and old is not None:
                    front = project.resolve(old.path).read_bytes()
                if old is not None:
                    continue
                req = ImageRequest(sheet_prompt(project, ch, view), w, h, seed=_seed(ch),
                                   negative=NEGATIVE, strength=0.75,
                                   init=_layout(ch, view, w, h) if caps.get("init") else None,
                                   references=(front,) if refs and front else ())
                # A request whose pictures are all known may be in the ledger already.
                job = ledger.get(job_key(backend, req)) if ledger and (front or not refs) \
                    else None
                if job is not None and job.state in ("done", "submitted"):
                    continue
                to_make += 1
                total += float(backend.cost(req))
    finally:
        if ledger is not None:
            ledger.close()
    return {"to_make": to_make, "cost": round(total, 4)}


def set_sheet(project: Project, ch: Character, view: str, picture: str | Path, cache: Any) -> Asset:
    """Use the user's own ``picture`` as ``view`` of ``ch`` (copied into the cache), as an
    edit (``set_ref``) that ``manju undo`` takes back."""
    if view not in SHEETS:
        raise InputError(f"no sheet {view!r} (views: {', '.join(VIEWS)}; expressions: "
                         f"{', '.join(EXPRESSIONS)})")
    src = Path(picture)
    try:
        data = src.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {src}: {e.strerror or e}") from None
    from manju.jobs.runner import as_png

    try:
        png = as_png(data)
    except Exception:  # noqa: BLE001 -- any decoding failure means "not a picture"
        raise InputError(f"{src} is not a picture manju can read") from None
    path = cache.put_bytes("remote", "user_" + hashlib.sha256(png).hexdigest()[:20], ".png", png)
    asset = Asset(path=project.relative(path), sha256=file_sha256(path), backend="user",
                  metadata={"source": str(src)})
    from manju.doc import ops

    ops.edit(project, "set_ref", ch.id, **{view: asset})
    return asset
