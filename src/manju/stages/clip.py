"""clips: chosen shots turned into generated video clips (image to video).

A shot's first frame, as manju draws it (the hybrid plate or the vector set, the figures,
no lettering), is sent to a ``video`` backend with a prompt that describes the shot; the
clip that comes back replaces the drawn set and figures for that shot, and manju letters it
as before (balloons, captions and sound words are never in the clip). Clips are kept on the
scene (``scene.metadata["clips"]``: shot id -> ``Asset``) with the backend config that made
them, the identity of the first frame they started from and the reference sheets sent with
it: when the shot's picture changes (another framing, another look) or a sheet sent with it
changes, the clip no longer fits and the shot is drawn again until a new clip is made.

Each request carries the reference sheets of the characters in the shot
(:mod:`manju.stages.refsheet`), front views first in the order of ``shot.subjects``, then the
sheets of the expressions the shot gives them, then their three-quarter and side views while
the model takes more; sheets the model would take and the
project lacks are made first with the image backend, through the same ledger. A model that
takes no references with a first frame gets none (:func:`~manju.backends.video_common.fit_request` says so in a
note). Every request goes through the job ledger, whose request hash covers the pictures
sent: an unchanged shot is never paid for twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from manju.backends.protocols import VideoRequest
from manju.backends.video_common import fit_request, reference_room
from manju.cache import content_hash
from manju.doc.model import Asset, Character, Project, Scene, Shot
from manju.stages.refsheet import sheet_bytes, sheet_slots, shot_references

__all__ = ["clip_asset", "frame_identity", "make_clips", "missing_sheets", "plan",
           "sheet_slots", "shot_references", "usable_clip"]

METADATA_KEY = "clips"
#: what a shot's first frame shows (the parts of its spec that change the picture)
FRAME_FIELDS = ("width", "height", "framing", "subjects", "focus", "sides", "expressions",
                "looks", "setting", "style", "gestures", "props", "plate")
FRAMING_WORDS = {"wide": "a wide shot", "medium": "a medium shot", "two_shot": "a two-shot",
                 "over_shoulder": "an over-the-shoulder shot", "close_up": "a close-up",
                 "reaction": "a reaction close-up", "insert": "an insert shot of an object"}
MOVE_WORDS = {"static": "the camera holds still", "push_in": "the camera pushes in slowly",
              "pull_out": "the camera pulls back slowly", "pan_left": "the camera pans left",
              "pan_right": "the camera pans right"}
NEGATIVE = "text, captions, subtitles, speech bubbles, watermark, new people, morphing faces"


def frame_identity(spec: Any) -> str:
    """A hash of what the shot's first frame shows."""
    raw = spec.to_json()
    if raw.get("plate"):
        raw["plate"] = raw["plate"]["sha256"]  # the picture, wherever the folder lies
    return content_hash("clip-frame", {k: raw.get(k) for k in FRAME_FIELDS})


def clip_asset(scene: Scene, shot_id: str) -> Asset | None:
    """The clip recorded for ``shot_id`` on ``scene`` (None when none or broken)."""
    raw = (scene.metadata.get(METADATA_KEY) or {}).get(shot_id)
    if not isinstance(raw, dict):
        return None
    try:
        return Asset.model_validate(raw)
    except ValueError:
        return None


@dataclasses.dataclass
class ClipJob:
    """One clip to ask for: the fitted request, the identity of its first frame, the sheets
    it carries (``{"character", "view", "sha256"}`` each, in the order sent) and the notes
    about what the model could not take."""

    scene: Scene
    shot: Shot
    request: VideoRequest
    frame: str
    references: list[dict[str, str]]
    notes: list[str]


def _character(project: Project, cid: str) -> Character | None:
    return next((c for c in project.characters if c.id == cid), None)


def _room(backend: Any) -> int:
    """How many references the backend's model takes with a first frame."""
    caps = dict(getattr(backend, "capabilities", {}) or {})
    return reference_room(caps, framed=bool(caps.get("first_frame", True)))


def references_current(project: Project, recorded: Any) -> bool:
    """Whether every sheet recorded with a clip is still the picture it was."""
    if not isinstance(recorded, list):
        return not recorded
    for ref in recorded:
        if not isinstance(ref, dict):
            return False
        data = sheet_bytes(project, str(ref.get("character")), str(ref.get("view")))
        if data is None or hashlib.sha256(data).hexdigest() != ref.get("sha256"):
            return False
    return True


def usable_clip(project: Project, scene: Scene, spec: Any) -> Asset | None:
    """The shot's clip when it exists on disk and was made from the frame the shot shows and
    from the reference sheets its characters have now."""
    asset = clip_asset(scene, spec.id)
    if asset is None or asset.metadata.get("frame") != frame_identity(spec):
        return None
    if not references_current(project, asset.metadata.get("references") or []):
        return None
    return asset if project.resolve(asset.path).is_file() else None


def clip_prompt(project: Project, scene: Scene, shot: Shot) -> str:
    """What happens in the shot, in words, for the video model."""
    names = [project.character(c).name for c in shot.subjects
             if any(ch.id == c for ch in project.characters)]
    who = " and ".join(names) if names else "the place"
    place = scene.location or scene.setting.kind.replace("_", " ")
    acts = []
    for cue in shot.cues:
        ln = project.line(cue.line)
        if ln.action:
            acts.append(ln.action)
        if ln.kind == "dialogue" and ln.speaker:
            speaker = next((c.name for c in project.characters if c.id == ln.speaker), "")
            mood = "" if ln.emotion == "neutral" else f" ({ln.emotion})"
            acts.append(f"{speaker} speaks{mood}" if speaker else "")
    what = "; ".join(a for a in acts if a) or "a quiet moment"
    move = MOVE_WORDS.get(shot.camera.move, "the camera holds still")
    return (f"{FRAMING_WORDS.get(shot.framing, 'a shot')} of {who} in {place}, "
            f"{scene.setting.time}, {scene.setting.weather}: {what}. {move}. Animate the first "
            "frame with gentle natural motion (breathing, blinking, hair and cloth, light); keep "
            "every character's face, hair and clothes and the drawing style exactly as in the "
            "first frame; no text, no speech bubbles, no new people.")


def first_frame(spec: Any) -> bytes:
    """The shot's first frame without lettering, as a PNG."""
    import skia

    from manju.render.shot import still

    bare = dataclasses.replace(spec, cues=[], transition="cut", clip=None)
    img = still(bare, at=0.0)
    return bytes(img.encodeToData(skia.EncodedImageFormat.kPNG, 100))


def plan(project: Project, shots: list[tuple[Scene, Shot]], backend: Any) -> list[ClipJob]:
    """The clip requests for ``shots`` that have no fitting clip yet (made from the frame the
    shot shows and the sheets the request would carry now)."""
    from manju.stages.render import shot_spec

    room = _room(backend)
    out = []
    for scene, shot in shots:
        spec = shot_spec(project, scene, shot)
        spec.clip = None
        ident = frame_identity(spec)
        refs = shot_references(project, shot, room)
        old = usable_clip(project, scene, spec)
        if old is not None and old.metadata.get("references", []) == \
                [r for r, _ in refs[:room]]:
            continue
        req = VideoRequest(clip_prompt(project, scene, shot), spec.width, spec.height,
                           float(shot.duration), first_frame=first_frame(spec),
                           references=tuple(data for _, data in refs),
                           seed=int(content_hash("clip-seed", shot.id)[:8], 16) % 2**31,
                           negative=NEGATIVE)
        fitted, notes = fit_request(dict(backend.capabilities), req)
        sent = [r for r, _ in refs[: len(fitted.references)]]
        out.append(ClipJob(scene, shot, fitted, ident, sent, notes))
    return out


def missing_sheets(project: Project, shots: list[tuple[Scene, Shot]], backend: Any
                   ) -> dict[str, tuple[str, ...]]:
    """The sheets the clips of ``shots`` would carry and the project lacks: character id ->
    views (none when the model takes no references with a first frame)."""
    from manju.stages.refsheet import SHEETS

    room = _room(backend)
    want: dict[str, set[str]] = {}
    if room:
        for _, shot in shots:
            for cid, view in sheet_slots(project, shot, room)[:room]:
                if sheet_bytes(project, cid, view) is None:
                    want.setdefault(cid, set()).add(view)
    return {cid: tuple(v for v in SHEETS if v in views) for cid, views in want.items()}


def make_missing_sheets(project: Project, backend: Any, image: Any, runner: Any,
                        shots: list[tuple[Scene, Shot]]) -> int:
    """Make the sheets the clips of ``shots`` would carry and the project lacks, with the
    ``image`` backend through ``runner``; without one, say which are missing and how to add
    them. Returns how many pictures were made (or taken from the ledger)."""
    from manju.stages.refsheet import make_sheets

    made = 0
    for cid, views in missing_sheets(project, shots, backend).items():
        ch = _character(project, cid)
        if ch is None:
            continue
        if image is None:
            runner.notice(f"clips: {ch.name} has no {' or '.join(views)} reference sheet to "
                          f"send; choose an image backend (manju make --image NAME) or give "
                          f"a picture (manju refs DIR -c {ch.name!r} --view {views[0]} --file "
                          "PICTURE)")
            continue
        made += make_sheets(project, image, runner, [ch], views=views)
    return made


def make_clips(project: Project, backend: Any, runner: Any,
               shots: list[tuple[Scene, Shot]], image: Any = None) -> int:
    """Make the missing clips of ``shots`` through ``runner``, after the reference sheets they
    would carry (made with ``image``, the project's image backend, when missing); returns how
    many clips were made (or taken from the ledger)."""
    from manju.stages.plate import recorded_config

    make_missing_sheets(project, backend, image, runner, shots)
    todo = plan(project, shots, backend)
    for job in todo:
        scene, shot, req = job.scene, job.shot, job.request
        for n in job.notes:
            runner.notice(f"clip {shot.id}: {n}")
        path, done = runner.run(backend, req, purpose=f"clip {shot.id}")
        asset = Asset(path=project.relative(path), sha256=done.sha256 or "",
                      duration=req.duration, backend=f"video.{backend.name}",
                      config=recorded_config(dict(backend.config)),
                      metadata={"frame": job.frame, "references": job.references,
                                "job": done.key, "prompt": req.prompt, "cost": done.cost})
        clips = dict(scene.metadata.get(METADATA_KEY) or {})
        clips[shot.id] = asset.model_dump(mode="json", by_alias=True)
        scene.metadata = {**scene.metadata, METADATA_KEY: clips}
    return len(todo)
