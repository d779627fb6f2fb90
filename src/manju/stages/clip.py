"""clips: chosen shots turned into generated video clips (image to video).

A shot's first frame, as manju draws it (the hybrid plate or the vector set, the figures,
no lettering), is sent to a ``video`` backend with a prompt that describes the shot; the
clip that comes back replaces the drawn set and figures for that shot, and manju letters it
as before (balloons, captions and sound words are never in the clip). Clips are kept on the
scene (``scene.metadata["clips"]``: shot id -> ``Asset``) with the backend config that made
them and the identity of the first frame they started from: when the shot's picture changes
(another framing, another look), the clip no longer fits and the shot is drawn again until a
new clip is made. Every request goes through the job ledger.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from manju.backends.protocols import VideoRequest
from manju.backends.video_common import fit_request
from manju.cache import content_hash
from manju.doc.model import Asset, Project, Scene, Shot

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


def usable_clip(project: Project, scene: Scene, spec: Any) -> Asset | None:
    """The shot's clip when it exists on disk and was made from the frame the shot shows."""
    asset = clip_asset(scene, spec.id)
    if asset is None or asset.metadata.get("frame") != frame_identity(spec):
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


def plan(project: Project, shots: list[tuple[Scene, Shot]], backend: Any
         ) -> list[tuple[Scene, Shot, VideoRequest, str, list[str]]]:
    """The clip requests for ``shots`` that have no fitting clip yet: (scene, shot, request,
    frame identity, notes about what the model could not take)."""
    from manju.stages.render import shot_spec

    out = []
    for scene, shot in shots:
        spec = shot_spec(project, scene, shot)
        spec.clip = None
        ident = frame_identity(spec)
        if usable_clip(project, scene, spec) is not None:
            continue
        req = VideoRequest(clip_prompt(project, scene, shot), spec.width, spec.height,
                           float(shot.duration), first_frame=first_frame(spec),
                           seed=int(content_hash("clip-seed", shot.id)[:8], 16) % 2**31,
                           negative=NEGATIVE)
        fitted, notes = fit_request(dict(backend.capabilities), req)
        out.append((scene, shot, fitted, ident, notes))
    return out


def make_clips(project: Project, backend: Any, runner: Any,
               shots: list[tuple[Scene, Shot]]) -> int:
    """Make the missing clips of ``shots`` through ``runner``; returns how many were made
    (or taken from the ledger)."""
    from manju.stages.plate import recorded_config

    todo = plan(project, shots, backend)
    for scene, shot, req, ident, notes in todo:
        for n in notes:
            runner.notice(f"clip {shot.id}: {n}")
        path, job = runner.run(backend, req, purpose=f"clip {shot.id}")
        asset = Asset(path=project.relative(path), sha256=job.sha256 or "",
                      duration=req.duration, backend=f"video.{backend.name}",
                      config=recorded_config(dict(backend.config)),
                      metadata={"frame": ident, "job": job.key, "prompt": req.prompt,
                                "cost": job.cost})
        clips = dict(scene.metadata.get(METADATA_KEY) or {})
        clips[shot.id] = asset.model_dump(mode="json", by_alias=True)
        scene.metadata = {**scene.metadata, METADATA_KEY: clips}
    return len(todo)
