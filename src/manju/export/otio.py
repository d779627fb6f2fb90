"""OpenTimelineIO (``.otio``) of the finished cut, for Resolve, Premiere and Final Cut.

One video track holds every shot as its own clip (whole frames at the project's frame rate)
referencing the per-shot media of :mod:`manju.export.media`; audio tracks hold the voiced
lines, the music bed and the effects bed. Audio is timed at the video's rate too, in
fractional frames (exact to the microsecond): adapters to frame-based formats such as Final
Cut 7 XML accept no other rate and round to the nearest frame. Each subtitle cue is
a marker on the timeline and each scene start a marker on the video track; the subtitle files
themselves sit beside the timeline. Media are referenced by absolute ``file://`` URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from manju.doc.model import Project
from manju.export.media import MediaSet, lanes
from manju.export.subtitles import cues
from manju.export.timeline import timeline


def _url(path: Path) -> str:
    from opentimelineio import url_utils

    return str(url_utils.url_from_filepath(str(path.resolve())))


def _ref(path: Path, duration: Any) -> Any:
    import opentimelineio as otio

    rt = otio.opentime
    return otio.schema.ExternalReference(
        target_url=_url(path),
        available_range=rt.TimeRange(rt.RationalTime(0, duration.rate), duration))


def build_timeline(project: Project, media: MediaSet) -> Any:
    """The cut as an ``opentimelineio.schema.Timeline`` whose clips reference ``media``."""
    import opentimelineio as otio

    rt = otio.opentime
    fps = media.fps
    tl = otio.schema.Timeline(name=project.title or "manju",
                              global_start_time=rt.RationalTime(0, fps))
    tl.metadata["manju"] = {"width": media.width, "height": media.height, "fps": fps,
                            "lang": project.lang}

    video = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    framing = {sh.id: sh.framing for sh in project.shots()}
    scene_seen: set[str] = set()
    headings = {sc.id: sc.heading for sc in project.scenes()}
    for s in media.shots:
        dur = rt.RationalTime(s.frames, fps)
        clip = otio.schema.Clip(name=f"{s.number:03d} {s.shot}", media_reference=_ref(s.clip, dur),
                                source_range=rt.TimeRange(rt.RationalTime(0, fps), dur))
        clip.metadata["manju"] = {"shot": s.shot, "number": s.number, "scene": s.scene,
                                  "framing": framing.get(s.shot, ""),
                                  "still": _url(s.still)}
        video.append(clip)
        if s.scene not in scene_seen:
            scene_seen.add(s.scene)
            video.markers.append(otio.schema.Marker(
                name=headings.get(s.scene, s.scene) or s.scene, color=otio.schema.MarkerColor.RED,
                marked_range=rt.TimeRange(rt.RationalTime(s.start_frame, fps),
                                          rt.RationalTime(0, fps)),
                metadata={"manju": {"scene": s.scene}}))
    tl.tracks.append(video)

    def at_rate(us: int) -> Any:
        return rt.RationalTime(us * fps / 1_000_000, fps)

    def audio_track(name: str, items: list[tuple[int, int, Any]]) -> Any:
        # items: (start, length) in whole microseconds, so gaps and clips add up exactly
        track = otio.schema.Track(name=name, kind=otio.schema.TrackKind.Audio)
        at = 0
        for start, length, (item_name, path, meta) in items:
            if start > at:
                track.append(otio.schema.Gap(source_range=rt.TimeRange(
                    rt.RationalTime(0, fps), at_rate(start - at))))
            dur = at_rate(length)
            clip = otio.schema.Clip(name=item_name, media_reference=_ref(path, dur),
                                    source_range=rt.TimeRange(rt.RationalTime(0, fps), dur))
            clip.metadata["manju"] = meta
            track.append(clip)
            at = start + length
        return track

    voices = [(round(v.start * 1e6), round(v.duration * 1e6),
               (f"{v.number:03d} {v.line}", v.path, {"line": v.line, "number": v.number}))
              for v in media.voices]
    for i, lane in enumerate(lanes(voices)):
        tl.tracks.append(audio_track("Voices" if i == 0 else f"Voices {i + 1}", lane))
    total = round(media.frames * 1_000_000 / fps)
    for name, path in (("Music", media.music), ("Effects", media.effects)):
        if path is not None:
            tl.tracks.append(audio_track(name, [(0, total, (name.lower(), path, {}))]))

    for c in cues(project, timeline(project)):
        # Markers on the stack are in timeline time; a cue's span is its marked range.
        start = rt.RationalTime(round(c.start * 1000), 1000)
        tl.tracks.markers.append(otio.schema.Marker(
            name=c.text, color=otio.schema.MarkerColor.YELLOW,
            marked_range=rt.TimeRange(start, rt.RationalTime(round(c.end * 1000), 1000) - start),
            metadata={"manju": {"line": c.line, "kind": c.kind, "speaker": c.speaker}}))
    return tl


def write_otio(project: Project, media: MediaSet, path: Path) -> Path:
    """Write the cut to ``path`` (``.otio`` JSON) atomically; returns the path."""
    import opentimelineio as otio

    from manju.cache import write_atomic

    text = otio.adapters.write_to_string(build_timeline(project, media), "otio_json")
    return write_atomic(Path(path), text.encode("utf-8"))
