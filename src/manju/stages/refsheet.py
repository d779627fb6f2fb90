"""Reference sheets: each character drawn by the image backend from the front, three-quarter
and side, kept as assets of the character (``character.metadata["reference_sheets"]``:
view -> ``Asset``) for requests that must keep the character the same.

A view's request carries the character's vector figure in that pose as its layout picture
(where the backend takes one), so proportions, hair and outfit colours start from manju's own
design; the three-quarter and side views also carry the finished front view as a reference
(where the backend takes references), so the three agree. Every request goes through the job
ledger, so a sheet is paid for once. A user's own picture can replace any view
(:func:`set_sheet`); it is never regenerated.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from manju.backends.protocols import ImageRequest
from manju.cache import content_hash, file_sha256
from manju.doc.model import Asset, Character, Project
from manju.errors import InputError

METADATA_KEY = "reference_sheets"
VIEWS = ("front", "three_quarter", "side")
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


def sheets(ch: Character) -> dict[str, Asset]:
    """The reference sheets recorded on ``ch``, by view (broken records are left out)."""
    raw = ch.metadata.get(METADATA_KEY)
    out: dict[str, Asset] = {}
    if isinstance(raw, dict):
        for view, a in raw.items():
            try:
                out[view] = Asset.model_validate(a)
            except ValueError:
                continue
    return out


def _record(ch: Character, view: str, asset: Asset) -> None:
    raw = dict(ch.metadata.get(METADATA_KEY) or {})
    raw[view] = asset.model_dump(mode="json", by_alias=True)
    ch.metadata = {**ch.metadata, METADATA_KEY: raw}


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
    """The request's prompt for one view of ``ch``."""
    style = STYLE_WORDS.get(project.settings.style, project.settings.style)
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
    img, _ = character_sprite(Look(**fields), Pose(facing=FACING[view]), int(height * 0.9))
    surf = skia.Surface(width, height)
    c = surf.getCanvas()
    c.clear(skia.Color(226, 226, 222))
    c.drawImage(img, (width - img.width()) / 2, height - img.height())
    return bytes(surf.makeImageSnapshot().encodeToData(skia.EncodedImageFormat.kPNG, 100))


def make_sheets(project: Project, backend: Any, runner: Any, characters: list[Character],
                views: tuple[str, ...] = VIEWS) -> int:
    """Make the missing views of ``characters`` with ``backend`` through ``runner`` (a
    :class:`~manju.jobs.runner.JobRunner`); returns how many pictures were made or reused
    from the ledger. A user's own picture and an unchanged sheet are kept."""
    from manju.stages.plate import recorded_config, request_size

    caps = dict(getattr(backend, "capabilities", {}) or {})
    w, h = request_size(caps, 832, 1248)  # a standing figure: portrait, 2:3
    takes_refs = int(caps.get("references") or 0) > 0
    done = 0
    for ch in characters:
        have = sheets(ch)
        front: bytes | None = None  # the finished front view, a reference for the others
        for view in VIEWS:
            prompt = sheet_prompt(project, ch, view)
            seed = int(content_hash("sheet-seed", ch.id)[:8], 16) % 2**31
            refs = (front,) if view != "front" and front is not None and takes_refs else ()
            identity = content_hash("sheet", backend.name, dict(backend.config), prompt, w, h,
                                    seed, bool(caps.get("init")), bool(refs))
            old = have.get(view)
            if old is not None and project.resolve(old.path).is_file() and (
                    old.backend == "user" or old.metadata.get("identity") == identity):
                if view == "front":
                    front = project.resolve(old.path).read_bytes()
                continue
            if view not in views:
                continue
            init = _layout(ch, view, w, h) if caps.get("init") else None
            req = ImageRequest(prompt, w, h, seed=seed, negative=NEGATIVE, init=init,
                               strength=0.75, references=refs)
            path, job = runner.run(backend, req, purpose=f"sheet {ch.id} {view}")
            done += 1
            if view == "front":
                front = path.read_bytes()
            _record(ch, view, Asset(
                path=project.relative(path), sha256=job.sha256 or "",
                backend=f"image.{backend.name}", config=recorded_config(dict(backend.config)),
                metadata={"identity": identity, "job": job.key, "prompt": prompt,
                          "size": [w, h], "seed": seed, "cost": job.cost}))
    return done


def set_sheet(project: Project, ch: Character, view: str, picture: str | Path, cache: Any) -> Asset:
    """Use the user's own ``picture`` as ``view`` of ``ch`` (copied into the cache)."""
    if view not in VIEWS:
        raise InputError(f"no view {view!r} (views: {', '.join(VIEWS)})")
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
    _record(ch, view, asset)
    return asset
