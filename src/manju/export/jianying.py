"""A Jianying (剪映) / CapCut draft folder of the finished cut.

The draft opens with every shot as its own clip on the video track, the voiced lines, the
music bed and the effects bed on their own audio tracks, and one text item per subtitle cue,
timed in microseconds on the video's frame grid. The media it uses are written into the
draft folder (``media/``, see :mod:`manju.export.media`).

The JSON follows the draft schema of Jianying Pro 5.9 (``version`` 360000, ``new_version``
"110.0.0"), which Jianying 5.x-6.x and CapCut desktop open; the same document is written as
``draft_content.json`` (Jianying on Windows) and ``draft_info.json`` (Jianying for Mac and
CapCut). Which fields are written and what they mean is in docs/export.md.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from manju.cache import write_atomic
from manju.doc.model import Project
from manju.export.media import MediaSet, export_media, lanes
from manju.export.subtitles import cues
from manju.export.timeline import timeline
from manju.stages.context import Context

DRAFT_VERSION = 360000        # draft schema version of Jianying Pro 5.x
NEW_VERSION = "110.0.0"       # the app's internal draft format version paired with it
APP_VERSION = "5.9.0"         # the app version the draft says it was last saved by
APP_ID = 3704                 # Jianying Pro (CapCut desktop is 359289)
#: Jianying replaces this token in a material path with the draft folder's own path, so a
#: draft that uses it can be moved or copied into the drafts folder of another machine.
PLACEHOLDER = "##_draftpath_placeholder_0E685133-18CE-45ED-8CB8-2904A212EC80_##"
CONTENT_FILES = ("draft_content.json", "draft_info.json")
#: Layer order of track types (higher draws in front), as Jianying numbers them.
RENDER_INDEX = {"video": 0, "audio": 0, "text": 14000}
SUBTITLE_SIZE = 6.0           # Jianying's font size units; its own SRT import uses 5
SUBTITLE_Y = -0.8             # vertical offset in half canvas heights: the lower band
# Every list under "materials" that Jianying 5.9 writes; the ones not used here stay empty.
MATERIAL_KINDS = (
    "ai_translates", "audio_balances", "audio_effects", "audio_fades", "audio_track_indexes",
    "audios", "beats", "canvases", "chromas", "color_curves", "digital_humans", "drafts",
    "effects", "flowers", "green_screens", "handwrites", "hsl", "images", "log_color_wheels",
    "loudnesses", "manual_deformations", "masks", "material_animations", "material_colors",
    "multi_language_refs", "placeholders", "plugin_effects", "primary_color_wheels",
    "realtime_denoises", "shapes", "smart_crops", "smart_relights", "sound_channel_mappings",
    "speeds", "stickers", "tail_leaders", "text_templates", "texts", "time_marks", "transitions",
    "video_effects", "video_trackings", "videos", "vocal_beautifys", "vocal_separations")


def us(seconds: float) -> int:
    """Seconds as whole microseconds, the draft's time unit."""
    return round(seconds * 1_000_000)


def frame_us(frame: int, fps: int) -> int:
    """The microsecond at which video frame ``frame`` starts."""
    return round(frame * 1_000_000 / fps)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: how the app counts a style's character range (equal to
    ``len`` for Chinese; an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


class _Ids:
    """Deterministic ids: the same project exports the same draft (easy to diff and to
    re-export over an open draft)."""

    def __init__(self, seed: str) -> None:
        self.ns = uuid.uuid5(uuid.NAMESPACE_URL, f"manju:{seed}")

    def hex(self, *parts: object) -> str:
        return uuid.uuid5(self.ns, "/".join(map(str, parts))).hex

    def upper(self, *parts: object) -> str:
        return str(uuid.uuid5(self.ns, "/".join(map(str, parts)))).upper()


def _timerange(start: int, duration: int) -> dict[str, int]:
    return {"start": start, "duration": duration}


def _segment(ids: _Ids, key: str, material: str, start: int, duration: int,
             source: dict[str, int] | None, kind: str, speeds: list[dict[str, Any]]
             ) -> dict[str, Any]:
    """A track segment: ``material`` played for ``duration`` µs from ``start`` on the track."""
    speed = {"curve_speed": None, "id": ids.hex("speed", key), "mode": 0, "speed": 1.0,
             "type": "speed"}
    speeds.append(speed)
    seg: dict[str, Any] = {
        "id": ids.hex("segment", key), "material_id": material,
        "target_timerange": _timerange(start, duration), "source_timerange": source,
        "speed": 1.0, "volume": 1.0, "last_nonzero_volume": 1.0, "is_tone_modify": False,
        "extra_material_refs": [speed["id"]], "render_index": RENDER_INDEX[kind],
        "track_render_index": 0, "track_attribute": 0, "visible": True, "reverse": False,
        "common_keyframes": [], "keyframe_refs": [],
        "enable_adjust": kind == "video", "enable_color_curves": True,
        "enable_color_wheels": True, "enable_lut": kind == "video",
        "enable_color_correct_adjust": False, "enable_color_match_adjust": False,
        "enable_smart_color_adjust": False,
    }
    if kind == "audio":
        seg.update(clip=None, hdr_settings=None)
    else:
        seg.update(clip={"alpha": 1.0, "flip": {"horizontal": False, "vertical": False},
                         "rotation": 0.0, "scale": {"x": 1.0, "y": 1.0},
                         "transform": {"x": 0.0, "y": SUBTITLE_Y if kind == "text" else 0.0}},
                   uniform_scale={"on": True, "value": 1.0})
        if kind == "video":
            seg["hdr_settings"] = {"intensity": 1.0, "mode": 1, "nits": 1000}
    return seg


def _track(ids: _Ids, kind: str, name: str, segments: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": ids.hex("track", name), "type": kind, "name": name, "is_default_name": False,
            "attribute": 0, "flag": 0, "segments": segments}


def _audio_material(ids: _Ids, key: str, name: str, path: str, duration: int) -> dict[str, Any]:
    mid = ids.hex("audio", key)
    # "extract_music" is the type the app gives a local audio file imported from disk.
    return {"id": mid, "local_material_id": mid, "music_id": mid, "name": name, "path": path,
            "duration": duration, "type": "extract_music", "category_name": "local",
            "category_id": "", "check_flag": 1, "source_platform": 0, "app_id": 0,
            "effect_id": "", "formula_id": "", "copyright_limit_type": "none",
            "wave_points": []}


def _text_material(ids: _Ids, key: str, text: str) -> dict[str, Any]:
    style = {"range": [0, utf16_len(text)], "size": SUBTITLE_SIZE, "bold": False,
             "italic": False, "underline": False,
             "fill": {"alpha": 1.0, "content": {"render_type": "solid",
                                                 "solid": {"alpha": 1.0,
                                                           "color": [1.0, 1.0, 1.0]}}},
             "strokes": [{"content": {"solid": {"alpha": 1.0, "color": [0.0, 0.0, 0.0]}},
                          "width": 0.08}]}
    # The text and its styles travel as a JSON string inside the JSON document; the app
    # treats the text as plain characters, so nothing in it is markup.
    content = json.dumps({"styles": [style], "text": text}, ensure_ascii=False)
    return {"id": ids.hex("text", key), "content": content, "type": "subtitle",
            "typesetting": 0, "alignment": 1, "letter_spacing": 0.0, "line_spacing": 0.02,
            "line_feed": 1, "line_max_width": 0.82, "force_apply_line_max_width": False,
            "check_flag": 7 | 8, "global_alpha": 1.0}


def draft_content(project: Project, media: MediaSet, name: str, folder: Path,
                  portable: bool = False, now: float | None = None) -> dict[str, Any]:
    """The draft document (``draft_content.json``) of the draft folder ``folder``, whose
    media are ``media``."""
    ids = _Ids(f"{project.source.sha256}/{name}")
    fps = media.fps

    def path(p: Path) -> str:
        if portable:
            return f"{PLACEHOLDER}/{p.resolve().relative_to(folder.resolve()).as_posix()}"
        return p.resolve().as_posix()

    mats: dict[str, list[dict[str, Any]]] = {k: [] for k in MATERIAL_KINDS}
    speeds = mats["speeds"]
    video_segments = []
    for s in media.shots:
        mid = ids.hex("video", s.shot)
        start, end = frame_us(s.start_frame, fps), frame_us(s.start_frame + s.frames, fps)
        clip_len = frame_us(s.frames, fps)
        mats["videos"].append({
            "id": mid, "material_id": mid, "local_material_id": "", "type": "video",
            "material_name": s.clip.name, "path": path(s.clip), "media_path": "",
            "duration": clip_len, "width": media.width, "height": media.height,
            "has_audio": False, "category_name": "local", "category_id": "",
            "check_flag": 63487, "crop_ratio": "free", "crop_scale": 1.0, "audio_fade": None,
            "crop": {"upper_left_x": 0.0, "upper_left_y": 0.0, "upper_right_x": 1.0,
                     "upper_right_y": 0.0, "lower_left_x": 0.0, "lower_left_y": 1.0,
                     "lower_right_x": 1.0, "lower_right_y": 1.0}})
        video_segments.append(_segment(ids, f"shot/{s.shot}", mid, start, end - start,
                                       _timerange(0, min(end - start, clip_len)), "video",
                                       speeds))
    tracks = [_track(ids, "video", "shots", video_segments)]

    voices = []
    for v in media.voices:
        dur = us(v.duration)
        mid = ids.hex("audio", f"voice/{v.line}")
        mats["audios"].append(_audio_material(ids, f"voice/{v.line}", v.path.name, path(v.path),
                                               dur))
        voices.append((us(v.start), dur, (v, mid)))
    for i, lane in enumerate(lanes(voices)):
        segs = [_segment(ids, f"voice/{v.line}", mid, start, dur, _timerange(0, dur), "audio",
                         speeds) for start, dur, (v, mid) in lane]
        tracks.append(_track(ids, "audio", "voices" if i == 0 else f"voices {i + 1}", segs))
    total = frame_us(media.frames, fps)
    for bed in ("music", "effects"):
        p = getattr(media, bed)
        if p is None:
            continue
        mats["audios"].append(_audio_material(ids, bed, p.name, path(p), total))
        seg = _segment(ids, bed, ids.hex("audio", bed), 0, total, _timerange(0, total), "audio",
                       speeds)
        tracks.append(_track(ids, "audio", bed, [seg]))

    texts = []
    for c in cues(project, timeline(project)):
        mat = _text_material(ids, c.line, c.text)
        mats["texts"].append(mat)
        texts.append((us(c.start), us(c.end) - us(c.start), (c, mat["id"])))
    for i, lane in enumerate(lanes(texts) or [[]]):
        segs = [_segment(ids, f"text/{c.line}", mid, start, dur, None, "text", speeds)
                for start, dur, (c, mid) in lane]
        tracks.append(_track(ids, "text", "subtitles" if i == 0 else f"subtitles {i + 1}", segs))

    stamp = int(time.time() if now is None else now)
    platform = {"app_id": APP_ID, "app_source": "lv", "app_version": APP_VERSION, "os": "windows"}
    return {
        "id": ids.upper("draft"), "name": name, "fps": float(fps), "duration": total,
        "canvas_config": {"width": media.width, "height": media.height, "ratio": "original"},
        "version": DRAFT_VERSION, "new_version": NEW_VERSION, "platform": platform,
        "last_modified_platform": dict(platform), "create_time": stamp, "update_time": stamp,
        "materials": mats, "tracks": tracks, "color_space": 0, "cover": None,
        "extra_info": None, "free_render_index_mode_on": False, "group_container": None,
        "keyframe_graph_list": [], "mutable_config": None, "relationships": [],
        "render_index_track_mode_on": False, "retouch_cover": None, "source": "default",
        "static_cover_image_path": "", "time_marks": None,
        "keyframes": {k: [] for k in ("adjusts", "audios", "effects", "filters", "handwrites",
                                      "stickers", "texts", "videos")},
        "config": {"adjust_max_index": 1, "attachment_info": [], "combination_max_index": 1,
                   "export_range": None, "extract_audio_last_index": 1,
                   "lyrics_recognition_id": "", "lyrics_sync": True, "lyrics_taskinfo": [],
                   "maintrack_adsorb": True, "material_save_mode": 0,
                   "multi_language_current": "none", "multi_language_list": [],
                   "multi_language_main": "none", "multi_language_mode": "none",
                   "original_sound_last_index": 1, "record_audio_last_index": 1,
                   "sticker_max_index": 1, "subtitle_keywords_config": None,
                   "subtitle_recognition_id": "", "subtitle_sync": True,
                   "subtitle_taskinfo": [], "system_font_list": [], "video_mute": False,
                   "zoom_info_params": None},
    }


def draft_meta(content: dict[str, Any], folder: Path, cover: bool, now: float | None = None
               ) -> dict[str, Any]:
    """``draft_meta_info.json``: what the app's draft list shows (name, length, cover, where
    the folder is). The material lists stay empty: the app fills them on first open."""
    stamp = round((time.time() if now is None else now) * 1_000_000)
    folder = folder.resolve()
    return {
        "draft_id": content["id"], "draft_name": content["name"],
        "draft_fold_path": folder.as_posix(), "draft_root_path": folder.parent.as_posix(),
        "draft_cover": "draft_cover.jpg" if cover else "", "tm_duration": content["duration"],
        "tm_draft_create": stamp, "tm_draft_modified": stamp, "tm_draft_removed": 0,
        "draft_materials": [{"type": t, "value": []} for t in (0, 1, 2, 3, 6, 7, 8)],
        "draft_materials_copied_info": [], "draft_segment_extra_info": [],
        "draft_type": "", "draft_new_version": "", "draft_removable_storage_device": "",
        "draft_is_invisible": False, "draft_is_from_deeplink": "false", "draft_deeplink_url": "",
        "draft_is_ai_shorts": False, "draft_is_ai_translate": False,
        "draft_is_ai_packaging_used": False, "draft_is_article_video_draft": False,
        "draft_cloud_last_action_download": False, "draft_cloud_materials": [],
        "draft_cloud_template_id": "", "draft_cloud_tutorial_info": "",
        "draft_cloud_purchase_info": "", "draft_cloud_capcut_purchase_info": "",
        "draft_cloud_videocut_purchase_info": "", "cloud_package_completed_time": "",
        "tm_draft_cloud_completed": "", "tm_draft_cloud_modified": 0,
        "draft_enterprise_info": {"draft_enterprise_extra": "", "draft_enterprise_id": "",
                                  "draft_enterprise_name": "", "enterprise_material": []},
    }


def _cover(still: Path, path: Path) -> None:
    import skia

    image = skia.Image.MakeFromEncoded(skia.Data.MakeFromFileName(str(still)))
    if image is None:
        return
    data = image.encodeToData(skia.kJPEG, 90)
    if data is not None:
        write_atomic(path, bytes(data))


def export_jianying(project: Project, folder: Path, ctx: Context, *, name: str = "",
                    media: MediaSet | None = None, portable: bool = False) -> Path:
    """Write a draft folder at ``folder``: the draft files, ``draft_cover.jpg`` and the media
    under ``media/`` (linked from ``media`` when given, else written afresh). ``portable``
    writes material paths relative to the draft folder (Jianying's placeholder), for a
    draft that is copied to another machine; otherwise paths are absolute. Returns the
    folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    media = media.placed_in(folder / "media") if media else export_media(project, folder / "media",
                                                                        ctx)
    name = name or folder.name
    now = time.time()
    content = draft_content(project, media, name, folder, portable=portable, now=now)
    data = json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")
    for fname in CONTENT_FILES:
        write_atomic(folder / fname, data)
    cover = bool(media.shots)
    if cover:
        _cover(media.shots[0].still, folder / "draft_cover.jpg")
    meta = draft_meta(content, folder, cover, now=now)
    write_atomic(folder / "draft_meta_info.json",
                 json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    return folder
