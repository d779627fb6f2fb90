"""Render one shot's frames: background plate, characters, camera move, lip sync, blinks,
balloons and captions. Everything a shot needs is in a ``ShotSpec`` so shots render in any
process and cache by the hash of their spec."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import skia

from manju.render.animation import CameraMove, View
from manju.render.background import render_weather
from manju.render.layout import Placement, place_characters
from manju.render.lettering import draw_with_tail
from manju.render.sfx_lettering import DURATION

FADE = 0.35  # seconds of fade-in at a scene's first shot
BEHIND = ("fog", "snow")  # weather drawn between the plate and the figures
#: How much of the camera's move a generated background plate follows: it lies behind the
#: figures, so it moves less than they do (parallax). manju's own set moves with its figures.
PLATE_DEPTH = 0.55
BLINK = (0.45, 0.0, 0.0, 0.45)  # eye openness over a blink's frames


#: How tall a prop held in the hand is drawn, as a share of the figure's height.
HELD_SIZE = {
    "cup": 0.13, "teapot": 0.14, "bottle": 0.16, "flowers": 0.2, "book": 0.12, "scroll": 0.16,
    "letter": 0.1, "phone": 0.1, "photo": 0.1, "candle": 0.14, "bag": 0.18, "fan": 0.16,
    "key": 0.07, "jade": 0.07, "mirror": 0.12, "gift": 0.12, "ring": 0.05, "lantern": 0.2,
    "umbrella": 0.8, "sword": 0.45, "knife": 0.14, "gun": 0.1,
}
#: Degrees a long prop held in the hand leans away from the body.
LEAN = {"umbrella": 8.0, "sword": 28.0, "scroll": 12.0, "flowers": 10.0, "fan": 10.0}


@dataclass
class CueSpec:
    """A line heard during the shot (times relative to the shot's start)."""

    line: str
    kind: str
    text: str
    speaker: str | None
    emotion: str
    start: float
    end: float
    audio: str | None = None


@dataclass
class ShotSpec:
    """Everything needed to draw a shot, JSON-able (its hash is the shot's cache key)."""

    id: str
    width: int
    height: int
    fps: int
    lang: str
    framing: str
    duration: float
    subjects: list[str]
    focus: str | None
    sides: dict[str, str]
    expressions: dict[str, str]
    looks: dict[str, dict[str, Any]]
    setting: dict[str, Any]
    camera: dict[str, Any]
    cues: list[CueSpec] = field(default_factory=list)
    transition: str = "cut"
    style: str = "flat"
    gestures: dict[str, str] = field(default_factory=dict)
    props: list[str] = field(default_factory=list)
    #: which of ``props`` a character holds (prop -> character id), drawn in their hand
    held: dict[str, str] = field(default_factory=dict)
    #: a generated background picture (``{"path", "sha256"}``) drawn instead of the vector one
    plate: dict[str, Any] | None = None
    #: a generated clip (``{"path", "sha256"}``) shown instead of the drawn figures and set
    clip: dict[str, Any] | None = None
    #: a generated picture of the whole shot (``{"path", "sha256"}``), drawn instead of the
    #: set and the figures, under the camera move
    panel: dict[str, Any] | None = None

    @property
    def frames(self) -> int:
        """Number of frames (duration rounded to whole frames, at least one)."""
        return max(1, round(self.duration * self.fps))

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        raw = asdict(self)
        for extra in ("plate", "clip", "panel"):
            if raw[extra] is None:
                del raw[extra]  # a vector shot's spec (and cache key) is as it always was
        if not raw["held"]:
            del raw["held"]  # so is a shot where nobody holds anything
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ShotSpec:
        """Inverse of ``to_json``."""
        raw = dict(raw)
        raw["cues"] = [CueSpec(**c) for c in raw.get("cues", [])]
        return cls(**raw)


def _setting(spec: ShotSpec):  # type: ignore[no-untyped-def]
    from manju.render.background import Setting

    fields = {k: v for k, v in spec.setting.items() if k in Setting.__dataclass_fields__}
    return Setting(**fields)


def _picture_plate(path: str, width: int, height: int) -> skia.Image:
    """A generated background scaled to cover the frame (centred, cropped at the edges)."""
    img = skia.Image.open(path)
    scale = max(width / img.width(), height / img.height())
    w, h = img.width() * scale, img.height() * scale
    surf = skia.Surface(width, height)
    surf.getCanvas().drawImageRect(img, skia.Rect.MakeXYWH((width - w) / 2, (height - h) / 2, w, h),
                                   skia.SamplingOptions(skia.CubicResampler.Mitchell()))
    return surf.makeImageSnapshot()


def _mouth_tracks(spec: ShotSpec) -> dict[int, list[str]]:
    """Mouth shape per frame for each cue index, from the cue's audio."""
    from manju.audio.lipsync import mouth_track

    tracks: dict[int, list[str]] = {}
    for i, cue in enumerate(spec.cues):
        if cue.kind != "dialogue" or not cue.audio:
            continue
        with np.load(cue.audio) as z:
            tracks[i] = mouth_track(z["samples"], int(z["sr"]), spec.fps)
    return tracks


def _blink_frames(cid: str, spec: ShotSpec) -> dict[int, float]:
    """Frames where ``cid`` blinks, seeded so a re-render is identical."""
    rng = random.Random(f"{spec.id}:{cid}")
    out: dict[int, float] = {}
    t = rng.uniform(0.6, 2.5)
    while t < spec.duration:
        f0 = int(t * spec.fps)
        for k, v in enumerate(BLINK):
            out[f0 + k] = v
        t += rng.uniform(2.2, 4.8)
    return out


class ShotRenderer:
    """Draws the frames of one shot into RGBA numpy arrays."""

    def __init__(self, spec: ShotSpec) -> None:
        self.spec = spec
        self.W, self.H = spec.width, spec.height
        self._sprites: dict[tuple[Any, ...], tuple[skia.Image, Any]] = {}

    # -- begin ------------------------------------------------------------------------------
    def begin(self) -> None:
        """Prepare static layers: plate, placements, balloons, camera, lip-sync tracks."""
        from manju.render.background import render_background
        from manju.render.lettering import letter

        spec = self.spec
        self.setting = _setting(spec)
        from manju.render.style import style_plate

        if spec.panel:
            self.plate = _picture_plate(spec.panel["path"], self.W, self.H)
        elif spec.plate:
            self.plate = style_plate(_picture_plate(spec.plate["path"], self.W, self.H), spec.style)
        else:
            self.plate = style_plate(render_background(self.setting, self.W, self.H), spec.style)
        self.places: list[Placement] = place_characters(
            spec.framing, [s for s in spec.subjects if s in spec.looks], spec.sides, spec.focus,
            self.W, self.H)
        focus = next((p for p in self.places if p.cid == spec.focus), None)
        fx = focus.x if focus else self.W / 2
        fy = (focus.y - focus.height * 0.75) if focus else self.H * 0.45
        cam = spec.camera
        self.camera = CameraMove(cam.get("move", "static"), cam.get("zoom_from", 1.0),
                                 cam.get("zoom_to", 1.0), (fx, fy), cam.get("easing", "linear"),
                                 pan=0.015)
        if spec.clip:
            from manju.render.clip_frames import ClipFrames

            # The clip carries its own motion: balloons stay where the first frame put them.
            self.camera = CameraMove("static", 1.0, 1.0, (fx, fy), "linear", pan=0.0)
            self.clip: Any = ClipFrames(spec.clip["path"], self.W, self.H)
        else:
            self.clip = None
        self.camera.begin()
        # A generated plate behind drawn figures moves less than they do; a shot without
        # figures (an insert) is all one picture and moves whole.
        self.depth = PLATE_DEPTH if (spec.plate and not spec.panel and self.clip is None
                                     and self.places) else 1.0
        self._start = self.camera.interpolate(0.0)
        self.tracks = _mouth_tracks(spec)
        self.blinks = {p.cid: _blink_frames(p.cid, spec) for p in self.places}
        self.balloons = []
        for cue in spec.cues:
            if cue.kind == "narration":
                kind = "caption"
            elif cue.emotion == "shout":
                kind = "shout"
            elif cue.emotion == "whisper":
                kind = "whisper"
            elif cue.emotion == "thought":
                kind = "thought"
            else:
                kind = "speech"
            self.balloons.append(letter(cue.text, spec.lang, kind, self.W, self.H))
        # Who holds what: a figure in the shot, seen from the front (a prop in the hand of
        # someone seen from behind, or not in the shot, is not seen; it is never set dressing).
        self.holding = {cid: prop for prop, cid in spec.held.items()
                        if prop in spec.props and any(p.cid == cid and not p.silhouette
                                                      for p in self.places)}
        self._held: dict[str, tuple[skia.Image, float, float] | None] = {}
        self.anchors = {p.cid: self._sprite(p, "neutral", "closed", 1.0)[1] for p in self.places}
        self._cast_shadows()
        self._insert_props()
        self._layout_balloons()
        self._layout_sound_words()
        # The composed set pays off over many frames; a single still draws directly.
        self.layer: Any = None
        self._layered = self.clip is None and self.setting.weather not in BEHIND

    def _cast_shadows(self) -> None:
        """Bake each figure's soft shadow onto the plate, away from the scene's one key light
        (indoors, where a wall behind them catches it)."""
        from manju.render.background import light_direction

        if not self.setting.interior or not self.places or self.spec.panel:
            return
        angle = math.radians(light_direction(self.setting) + 180)
        surf = skia.Surface(self.W, self.H)
        c = surf.getCanvas()
        c.drawImage(self.plate, 0, 0)
        for p in self.places:
            if p.silhouette:
                continue
            img, _ = self._sprite(p, "neutral", "closed", 1.0)
            ox, oy = self._sprite_origin(p, img)
            d = p.height * 0.045
            blur = max(1.0, p.height * 0.012)
            paint = skia.Paint(
                ColorFilter=skia.ColorFilters.Matrix([0, 0, 0, 0, 0.02, 0, 0, 0, 0, 0.02,
                                                      0, 0, 0, 0, 0.06, 0, 0, 0, 0.32, 0]),
                ImageFilter=skia.ImageFilters.Blur(blur, blur))
            c.drawImage(img, ox + math.cos(angle) * d, oy - math.sin(angle) * d * 0.5,
                        skia.SamplingOptions(), paint)
        self.plate = surf.makeImageSnapshot()

    def _insert_props(self) -> None:
        """An insert shot: the named object large in front of the softened set."""
        loose = [p for p in self.spec.props if p not in self.spec.held]
        if not loose or self.spec.panel:
            return
        from manju.render.props import prop_sprite, prop_width

        name = loose[0]
        short = min(self.W, self.H)
        size = short * 0.55
        size = min(size, self.W * 0.8 / max(0.2, prop_width(name, 100) / 100))
        surf = skia.Surface(self.W, self.H)
        c = surf.getCanvas()
        blur = max(2.0, short / 90)
        c.drawImage(self.plate, 0, 0, skia.SamplingOptions(),
                    skia.Paint(ImageFilter=skia.ImageFilters.Blur(blur, blur)))
        c.drawRect(skia.Rect.MakeWH(self.W, self.H), skia.Paint(Color=skia.Color(0, 0, 0, 70)))
        base = self.H * 0.66 + size / 2
        c.drawOval(skia.Rect.MakeXYWH(self.W / 2 - size * 0.35, base - size * 0.05, size * 0.7, size * 0.1),
                   skia.Paint(AntiAlias=True, Color=skia.Color(0, 0, 0, 90),
                              MaskFilter=skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, size * 0.03)))
        from manju.render.style import style_sprite

        img = style_sprite(prop_sprite(name, int(size), seed=self.setting.seed), self.spec.style)
        c.drawImage(img, self.W / 2 - img.width() / 2, base - img.height())
        self.plate = surf.makeImageSnapshot()

    def _look(self, cid: str):  # type: ignore[no-untyped-def]
        from manju.render.character import Look

        raw = self.spec.looks[cid]
        return Look(**{k: v for k, v in raw.items() if k in Look.__dataclass_fields__})

    def _sprite(self, p: Placement, expression: str, mouth: str, eyes: float) -> tuple[skia.Image, Any]:
        from manju.render.character import Pose, character_sprite

        gesture = "hold" if p.cid in self.holding else self.spec.gestures.get(p.cid, "none")
        if p.silhouette:
            expression, mouth, eyes, gesture = "neutral", "closed", 1.0, "none"
        key = (p.cid, expression, mouth, eyes, p.facing, int(p.height), p.silhouette, gesture)
        hit = self._sprites.get(key)
        if hit is None:
            pose = Pose(expression=expression, mouth=mouth, eyes_open=eyes, facing=p.facing,
                        gesture=gesture)
            from manju.render.style import silhouette, style_sprite

            img, anchors = character_sprite(self._look(p.cid), pose, int(p.height))
            img = silhouette(img) if p.silhouette else style_sprite(img, self.spec.style)
            hit = (img, anchors)
            self._sprites[key] = hit
        return hit

    def _to_screen(self, view: View, x: float, y: float) -> tuple[float, float]:
        return ((x - view.cx) * view.zoom + view.cx + view.dx * self.W,
                (y - view.cy) * view.zoom + view.cy)

    def _sprite_origin(self, p: Placement, img: skia.Image) -> tuple[float, float]:
        return p.x - img.width() / 2, p.y - img.height()

    def _faces(self, view: View) -> dict[str, tuple[float, float, float, float]]:
        faces = {}
        for p in self.places:
            img, anc = self._sprite(p, "neutral", "closed", 1.0)
            ox, oy = self._sprite_origin(p, img)
            x0, y0 = self._to_screen(view, ox + anc.face[0], oy + anc.face[1])
            faces[p.cid] = (x0, y0, anc.face[2] * view.zoom, anc.face[3] * view.zoom)
        return faces

    def _mouth(self, view: View, cid: str) -> tuple[tuple[float, float], float] | None:
        p = next((q for q in self.places if q.cid == cid), None)
        if p is None:
            return None
        img, anc = self._sprite(p, "neutral", "closed", 1.0)
        ox, oy = self._sprite_origin(p, img)
        mouth = self._to_screen(view, ox + anc.mouth[0], oy + anc.mouth[1])
        head_top = self._to_screen(view, 0, oy + anc.head_top)[1]
        return mouth, head_top

    def _layout_balloons(self) -> None:
        """Fix each balloon's position for the whole shot, clear of faces at start and end."""
        from manju.render.lettering import overlap, place

        v0, v1 = self.camera.interpolate(0.0), self.camera.interpolate(1.0)
        # A balloon may overlap the back of a head (an over-the-shoulder silhouette), not a face.
        backs = {p.cid for p in self.places if p.silhouette}
        faces = [f for v in (v0, v1) for c, f in self._faces(v).items() if c not in backs]
        self.positions: list[tuple[float, float]] = []
        taken: list[tuple[float, float, float, float]] = []
        for cue, b in zip(self.spec.cues, self.balloons, strict=True):
            if b.kind == "caption":
                x = (self.W - b.width) / 2
                y_bottom = self.H * 0.96 - b.height
                y_top = self.H * 0.04
                rect_b = (x, y_bottom, b.width, b.height)
                cover = sum(overlap(rect_b, f) for f in faces)
                self.positions.append((x, y_top if cover > 0 else y_bottom))
                continue
            mh = self._mouth(v1, cue.speaker) if cue.speaker else None
            mouth, head_top = (mh if mh else (None, None))
            pos = place(b, (self.W, self.H), mouth, head_top, faces, avoid=taken)
            self.positions.append(pos)
            taken.append((pos[0], pos[1], b.width, b.height))

    def _layout_sound_words(self) -> None:
        """Onomatopoeia for sounds the lines name, placed clear of faces and balloons."""
        from manju.render.sfx_lettering import sound_words, spot

        v1 = self.camera.interpolate(1.0)
        avoid = list(self._faces(v1).values())
        avoid += [(x, y, b.width, b.height) for (x, y), b in zip(self.positions, self.balloons, strict=True)]
        self.words = []
        for start, word in sound_words(self.spec.cues, self.spec.lang, min(self.W, self.H), self.spec.id):
            w, h = word.box()
            cx, cy = spot((self.W, self.H), (w, h), avoid)
            avoid.append((cx - w / 2, cy - h / 2, w, h))
            word.begin()
            self.words.append((start, word, cx, cy))

    # -- interpolate ------------------------------------------------------------------------
    def frame(self, index: int, canvas: skia.Canvas, pixels: np.ndarray | None = None) -> None:
        """Draw frame ``index`` onto ``canvas`` (``pixels``: the RGBA array the canvas draws
        into, when it has one, so the set is written there directly)."""
        spec = self.spec
        t = index / spec.fps
        alpha = index / max(1, spec.frames - 1)
        view = self.camera.interpolate(alpha)
        if self.layer is not None and pixels is not None:
            from manju.render.set_layer import camera_matrix

            matrix = camera_matrix(view.zoom, view.cx, view.cy, view.dx * self.W)
            if self.depth != 1.0:
                back = self._plate_view(view)
                self.layer.compose(self._figures(index), matrix, out=pixels,
                                   plate_matrix=camera_matrix(back.zoom, back.cx, back.cy,
                                                              back.dx * self.W))
            else:
                self.layer.compose(self._figures(index), matrix, out=pixels)
            render_weather(canvas, self.setting, self.W, self.H, t)
            self._draw_lettering(canvas, view, t, index)
            return
        canvas.clear(skia.ColorBLACK)
        if self.clip is not None:
            canvas.drawImage(self.clip.at(t), 0, 0)
        behind = self.setting.weather in BEHIND
        if self.clip is None:
            self._draw_set(canvas, view, index, t, behind)
        self._draw_lettering(canvas, view, t, index)

    def _figures(self, index: int) -> list[tuple[skia.Image, float, float]]:
        """Each figure's sprite at frame ``index`` (-1: at rest, as no mouth moves or eye
        blinks before the first frame) and its top-left corner."""
        spec = self.spec
        speaking = self._speaking(index)
        out = []
        for p in [] if spec.panel else self.places:
            mouth = speaking.get(p.cid, "closed")
            eyes = self.blinks[p.cid].get(index, 1.0)
            img, _ = self._sprite(p, spec.expressions.get(p.cid, "neutral"), mouth, eyes)
            ox, oy = self._sprite_origin(p, img)
            out.append((img, ox, oy))
            if p.cid in self.holding and (held := self._in_hand(p)) is not None:
                out.append(held)
        return out

    def _in_hand(self, p: Placement) -> tuple[skia.Image, float, float] | None:
        """What ``p`` holds, with the fingers closed round it, and where it goes: at the
        figure's hand (the same in every frame, so it moves with the figure). None when the
        hand is below the frame (a close-up): what it holds is out of shot too."""
        if p.cid in self._held:
            return self._held[p.cid]
        from manju.render.character import Pose, draw_grip
        from manju.render.character_hold import FIST
        from manju.render.props import draw_prop
        from manju.render.style import style_sprite

        name = self.holding[p.cid]
        img, anc = self._sprite(p, "neutral", "closed", 1.0)
        ox, oy = self._sprite_origin(p, img)
        assert anc.hand is not None  # the hold gesture places a hand
        hx, hy, scale = anc.hand
        grip = FIST * scale * 1.3
        if oy + hy + grip * 0.5 > self.H:
            self._held[p.cid] = None
            return None
        size = HELD_SIZE.get(name, 0.12) * p.height
        # Long things lean away from the body, so they do not cross the face (an open
        # umbrella, long enough to be over the head, only a little).
        side = 1.0 if p.facing == "right" else -1.0 if p.facing == "left" else 1.0
        lean = side * LEAN.get(name, 0.0)
        reach = size + grip
        x0, y0 = math.floor(hx - reach), math.floor(hy - reach)
        w = h = math.ceil(2 * reach) + 2
        surface = skia.Surface(w, h)
        canvas = surface.getCanvas()
        canvas.clear(skia.ColorTRANSPARENT)
        canvas.save()
        canvas.translate(hx - x0, hy - y0)
        canvas.rotate(lean)
        # The prop stands on the hand: its base a little into the closed fingers.
        draw_prop(canvas, name, 0.0, FIST * scale * 0.75, size, seed=self.setting.seed)
        canvas.restore()
        draw_grip(canvas, self._look(p.cid), Pose(facing=p.facing, gesture="hold"),
                  (hx - x0, hy - y0, scale))
        held = style_sprite(surface.makeImageSnapshot(), self.spec.style)
        self._held[p.cid] = (held, ox + x0, oy + y0)
        return self._held[p.cid]

    def _plate_view(self, view: View) -> View:
        """The camera over the plate when the figures' camera is ``view``: the shot starts
        as laid out and the plate then follows :attr:`depth` of the move."""
        k, v0 = self.depth, self._start
        return View(zoom=v0.zoom + (view.zoom - v0.zoom) * k, cx=view.cx, cy=view.cy,
                    dx=v0.dx + (view.dx - v0.dx) * k)

    def _transform(self, canvas: skia.Canvas, view: View) -> None:
        canvas.translate(view.cx + view.dx * self.W, view.cy)
        canvas.scale(view.zoom, view.zoom)
        canvas.translate(-view.cx, -view.cy)

    def _draw_set(self, canvas: skia.Canvas, view: View, index: int, t: float,
                  behind: bool) -> None:
        """The plate, the figures and the weather, under the camera move."""
        if self.depth != 1.0:
            canvas.save()
            self._transform(canvas, self._plate_view(view))
            canvas.drawImage(self.plate, 0, 0)
            if behind:
                render_weather(canvas, self.setting, self.W, self.H, t)
            canvas.restore()
            canvas.save()
            self._transform(canvas, view)
            for img, ox, oy in self._figures(index):
                canvas.drawImage(img, ox, oy, skia.SamplingOptions(skia.FilterMode.kLinear), None)
            canvas.restore()
            if not behind:
                render_weather(canvas, self.setting, self.W, self.H, t)
            return
        canvas.save()
        canvas.translate(view.cx + view.dx * self.W, view.cy)
        canvas.scale(view.zoom, view.zoom)
        canvas.translate(-view.cx, -view.cy)
        canvas.drawImage(self.plate, 0, 0)
        # Fog and snow haze lie behind the people (they must not wash out faces); rain falls in front.
        if behind:
            render_weather(canvas, self.setting, self.W, self.H, t)
        for img, ox, oy in self._figures(index):
            canvas.drawImage(img, ox, oy, skia.SamplingOptions(skia.FilterMode.kLinear), None)
        canvas.restore()
        if not behind:
            render_weather(canvas, self.setting, self.W, self.H, t)

    def _draw_lettering(self, canvas: skia.Canvas, view: View, t: float, index: int) -> None:
        """Sound words, balloons and captions (never under the camera move), and the fade."""
        spec = self.spec
        for start, word, cx, cy in self.words:
            if start <= t < start + DURATION:
                word.draw(canvas, cx, cy, (t - start) / DURATION)
        faces = None
        for i, (cue, b) in enumerate(zip(spec.cues, self.balloons, strict=True)):
            nxt = spec.cues[i + 1].start if i + 1 < len(spec.cues) else spec.duration + 1
            if not (cue.start - 0.08 <= t < nxt - 0.04):
                continue
            x, y = self.positions[i]
            tip = face = None
            if b.kind != "caption" and cue.speaker:
                mh = self._mouth(view, cue.speaker)
                if mh:
                    tip = mh[0]
                    if faces is None:
                        faces = self._faces(view)
                    face = faces.get(cue.speaker)
            draw_with_tail(canvas, b, x, y, tip, face)
        if spec.transition == "fade" and t < FADE:
            a = int(255 * (1 - t / FADE))
            canvas.drawRect(skia.Rect.MakeWH(self.W, self.H), skia.Paint(Color=skia.Color(0, 0, 0, a)))

    def _speaking(self, index: int) -> dict[str, str]:
        """Mouth shape of whoever is speaking at frame ``index``."""
        out: dict[str, str] = {}
        for i, cue in enumerate(self.spec.cues):
            track = self.tracks.get(i)
            if not track or not cue.speaker:
                continue
            k = index - round(cue.start * self.spec.fps)
            if 0 <= k < len(track):
                out[cue.speaker] = track[k]
        return out

    def frames(self) -> Iterator[np.ndarray]:
        """All frames as RGBA arrays (the same buffer reused: copy to keep one)."""
        if self._layered and self.layer is None:
            from manju.render.set_layer import SetLayer

            self.layer = SetLayer(self.plate, self._figures(-1), parallax=self.depth != 1.0)
        buf = np.zeros((self.H, self.W, 4), dtype=np.uint8)
        # Every frame is opaque (the set over black, a clip, or a cleared canvas), where
        # premultiplied and straight colours are the same bytes; a premultiplied surface spares
        # Skia converting each drawn pixel back (balloons, rain: 1 ms of a 1080x1920 frame,
        # rounding differing by a level or two at the edges of what is drawn over).
        surface = skia.Surface(buf, colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kPremul_AlphaType)
        canvas = surface.getCanvas()
        for i in range(self.spec.frames):
            self.frame(i, canvas, buf)
            surface.flushAndSubmit()
            yield buf

    # -- finish -----------------------------------------------------------------------------
    def finish(self) -> None:
        """Release cached layers."""
        self._sprites.clear()
        self.camera.finish()
        if getattr(self, "layer", None) is not None:
            self.layer.close()
        if getattr(self, "clip", None) is not None:
            self.clip.close()


def still(spec: ShotSpec, at: float = 0.6) -> skia.Image:
    """One representative frame of a shot (at fraction ``at`` of its length) as an image."""
    r = ShotRenderer(spec)
    r.begin()
    surface = skia.Surface(spec.width, spec.height)
    idx = min(spec.frames - 1, max(0, math.floor(spec.frames * at)))
    # A still should show the balloon: land inside the last cue if the fraction misses it.
    if spec.cues:
        last = spec.cues[-1]
        idx = max(idx, min(spec.frames - 1, round((last.start + 0.3) * spec.fps)))
    r.frame(idx, surface.getCanvas())
    img = surface.makeImageSnapshot()
    r.finish()
    return img
