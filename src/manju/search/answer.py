"""``manju answer``: a short video that answers a query with the moments that match it — a
narrated title card in the query's language (summarised by a language model when one is
configured), then each matching shot cut from its project's video with its own sound and a
caption naming where it comes from, and, with an image backend, a generated closing shot."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from manju.errors import InputError
from manju.search.engine import Hit
from manju.search.text import is_chinese

SR = 48000
TARGET_LUFS = -14.0
_EN_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ZH_NUMBERS = "零一两三四五六七八九"


@dataclass
class AnswerReport:
    """What ``manju answer`` wrote: the video, the title, and when each part plays."""

    video: str
    title: str
    lang: str
    duration: float
    title_end: float
    segments: list[dict[str, Any]] = field(default_factory=list)  # source, start, end, caption
    narration: str = "template"   # who wrote the title: "template" or "llm.NAME"
    closing: dict[str, Any] | None = None  # the generated closing shot: start, end, image, job
    notices: list[str] = field(default_factory=list)  # what was asked for and not done, why

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return asdict(self)


def title_text(query: str, hits: list[Hit]) -> str:
    """The sentence the title card shows and the narrator says, in the query's language."""
    n = len(hits)
    q = query.strip().rstrip("。.!?！？")
    titles = list(dict.fromkeys(h.title for h in hits))
    if is_chinese(query):
        count = _ZH_NUMBERS[n] if n < 10 else str(n)
        src = "、".join(f"《{t}》" for t in titles)
        return f"这里有{count}个关于“{q}”的片段，来自{src}。"
    count = _EN_NUMBERS[n] if n < 10 else str(n)
    # "moments where Mara refuses to leave" reads well when the query is a clause about
    # someone; a bare topic ("the storm") reads better as "moments about the storm".
    names = {w.lower() for h in hits for s in h.speakers for w in s.split()}
    first = q.split()[0].lower() if q.split() else ""
    link = "where" if first in names | {"he", "she", "they", "someone", "somebody"} else "about"
    return (f"Here {'is' if n == 1 else 'are'} {count} moment{'' if n == 1 else 's'} {link} "
            f"{q}, from {', '.join(titles)}.")


def caption_text(hit: Hit, zh: bool) -> str:
    """The caption over a segment: its project, shot number and time code."""
    if zh:
        return f"《{hit.title}》 第{hit.number}个镜头 · {hit.timecode}"
    return f"{hit.title} · shot {hit.number} · {hit.timecode}"


def answer(query: str, hits: list[Hit], out_dir: Path, *, size: tuple[int, int] = (720, 1280),
           fps: int = 24, tts: str | None = None, llm: Any | None = None,
           image: Any | None = None, budget: float | None = None,
           notice: Callable[[str], None] | None = None) -> AnswerReport:
    """Write ``out_dir/answer.mp4`` (and ``answer.json``, ``answer.srt``) for ``hits``.

    With ``llm`` the model writes the title's narration (the template when it fails); with
    ``image`` (an image backend) the answer ends with a generated closing shot, asked for
    through ``out_dir``'s job ledger. ``notice`` hears, in one line each, what fell back."""
    from manju.export.video import assemble as mux
    from manju.export.video import encode_segment
    from manju.search.narration import narrate
    from manju.stages.assemble import _mux_peak_safe

    say = notice or (lambda msg: None)
    usable = [h for h in hits if h.video and Path(h.video).is_file() and h.end > h.start]
    if not usable:
        raise InputError("none of the matching shots has a video to cut from (run manju make "
                         "on their projects)")
    zh = is_chinese(query)
    lang = "zh" if zh else "en"
    width, height = size
    out_dir.mkdir(parents=True, exist_ok=True)
    told = narrate(query, usable, title_text(query, usable), llm)
    title = told.text
    notices = [told.notice] if told.notice else []
    for line in notices:
        say(line)
    closing = _closing(query, usable, image, out_dir, size, budget, say, notices)
    speech, speech_sr = _narrate(title, lang, tts)
    title_end = _frames(max(2.5, speech.size / speech_sr + 1.0), fps) / fps
    report = AnswerReport(video=str(out_dir / "answer.mp4"), title=title, lang=lang,
                          duration=0.0, title_end=title_end, narration=told.by, notices=notices)
    clips = [_level(speech, speech_sr, 0.4)]
    t = title_end
    for h in usable:
        n = _frames(h.end - h.start, fps)
        report.segments.append({"project": h.project, "shot": h.shot, "source_start": h.start,
                                "source_end": h.end, "start": round(t, 3),
                                "end": round(t + n / fps, 3), "caption": caption_text(h, zh)})
        samples = _audio_range(Path(h.video), h.start, h.start + n / fps)
        clips.append(_level(samples, SR, t))
        t += n / fps
    if closing is not None:
        from manju.search.closing import SECONDS

        n = _frames(SECONDS, fps)
        report.closing = {"start": round(t, 3), "end": round(t + n / fps, 3),
                          "caption": closing.caption, "image": str(closing.image),
                          "job": closing.job, "prompt": closing.prompt,
                          "reused": closing.reused}
        t += n / fps
    report.duration = round(t, 3)
    from manju.audio.mix import mix

    audio = mix(clips, t, sr=SR, target_lufs=TARGET_LUFS, ceiling_dbtp=-1.5)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".answer.") as tmp:
        seg = Path(tmp) / "picture.mp4"
        encode_segment(_picture(title, lang, usable, report, width, height, fps), seg, width,
                       height, fps)
        _mux_peak_safe(mux, [seg], audio, Path(report.video), fps)
    (out_dir / "answer.json").write_text(json.dumps(report.to_json(), ensure_ascii=False,
                                                    indent=1) + "\n", encoding="utf-8")
    (out_dir / "answer.srt").write_text(_srt(report), encoding="utf-8")
    return report


def _closing(query: str, hits: list[Hit], image: Any | None, out_dir: Path,
             size: tuple[int, int], budget: float | None, say: Callable[[str], None],
             notices: list[str]) -> Any:
    """The generated closing shot, or None (no backend, or it failed: a notice says so)."""
    if image is None:
        return None
    from manju.errors import BackendError
    from manju.jobs.runner import BudgetExceeded
    from manju.search.closing import generate

    try:
        return generate(query, hits, image, out_dir, size, budget=budget, notice=say)
    except (BackendError, BudgetExceeded) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        msg = f"image.{getattr(image, 'name', 'image')}: no closing shot ({first})"
        notices.append(msg)
        say(msg)
        return None


def _frames(seconds: float, fps: int) -> int:
    return max(1, round(seconds * fps))


def _narrate(text: str, lang: str, name: str | None) -> tuple[np.ndarray, int]:
    """The title spoken by the project's speech machinery: the chosen backend (default:
    ``$MANJU_TTS``, else what ``manju make`` would use) in that engine's narrator voice."""
    from manju.audio.voices import assign_voices
    from manju.backends.registry import load
    from manju.session import default_backend

    name = name or default_backend("tts")[0] or "espeak"
    backend = load("tts", name)
    voice = assign_voices([], lang, engine="kokoro" if name == "kokoro" else "espeak")["narrator"]
    samples, sr = backend.synthesize(text, asdict(voice))
    return np.asarray(samples, np.float32).reshape(-1), int(sr)


def _level(samples: np.ndarray, sr: int, start: float) -> Any:
    """A clip on the answer's timeline, brought to a common loudness first: the title's voice
    and each source's finished mix then sit at one level before the whole is mastered."""
    from manju.audio.loudness import integrated_lufs
    from manju.audio.mix import Clip

    x = np.asarray(samples, np.float64)
    if x.ndim == 2:
        x = x.mean(axis=1)  # the answer's mix is built on the voice bus, which is centred mono
    lufs = integrated_lufs(x, sr) if x.size else float("-inf")
    gain = -23.0 - lufs if np.isfinite(lufs) else 0.0
    return Clip(start=start, samples=x.astype(np.float32), sr=sr, gain_db=float(gain))


def _audio_range(video: Path, a: float, b: float) -> np.ndarray:
    """The stereo 48 kHz samples of ``video`` from ``a`` to ``b`` seconds (silence where it
    has none)."""
    import av

    n = max(1, round((b - a) * SR))
    out = np.zeros((n, 2), np.float32)
    with av.open(str(video)) as c:
        if not c.streams.audio:
            return out
        s = c.streams.audio[0]
        c.seek(int(max(0.0, a - 0.5) * 1_000_000), backward=True)  # in AV_TIME_BASE units
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SR)
        for frame in c.decode(s):
            if frame.time is None:
                continue
            for f in resampler.resample(frame):
                if f.time is None:
                    continue
                x = f.to_ndarray().T
                at = round((f.time - a) * SR)
                lo, hi = max(0, at), min(n, at + x.shape[0])
                if hi > lo:
                    out[lo:hi] = x[lo - at:hi - at, :2]
            if frame.time > b:
                break
    return out


def _picture(title: str, lang: str, hits: list[Hit], report: AnswerReport, width: int,
             height: int, fps: int) -> Iterator[np.ndarray]:
    """RGBA frames: the title card, then each segment's frames with its caption burnt in."""
    card = _title_card(title, lang, width, height)
    for _ in range(_frames(report.title_end, fps)):
        yield card
    for h, seg in zip(hits, report.segments, strict=True):
        band = _caption_band(seg["caption"], lang, width, height)
        n = round((seg["end"] - seg["start"]) * fps)
        for frame in _source_frames(Path(h.video), h.start, n, fps, width, height):
            yield _over(frame, band)
    if report.closing is not None:
        from manju.search.closing import frames

        c = report.closing
        band = _caption_band(c["caption"], lang, width, height)
        yield from frames(Path(c["image"]), band, width, height,
                          round((c["end"] - c["start"]) * fps))


def _source_frames(video: Path, start: float, n: int, fps: int, width: int,
                   height: int) -> Iterator[np.ndarray]:
    """``n`` frames at ``fps`` from ``start``, scaled to fit ``width`` x ``height`` (black
    bars where the aspect differs); the source's frame on screen at each output time."""
    import av

    canvas = np.zeros((height, width, 4), np.uint8)
    canvas[..., 3] = 255
    made = 0
    last: np.ndarray | None = None
    with av.open(str(video)) as c:
        s = c.streams.video[0]
        assert s.time_base is not None
        c.seek(int(max(0.0, start - 1.0) / s.time_base), stream=s, backward=True)
        for f in c.decode(s):
            ft = float(f.pts * s.time_base) if f.pts is not None else 0.0
            while made < n and ft > start + made / fps + 1e-6 and last is not None:
                yield last
                made += 1
            if made >= n:
                break
            scale = min(width / f.width, height / f.height)
            w, h = max(2, int(f.width * scale) // 2 * 2), max(2, int(f.height * scale) // 2 * 2)
            img = canvas.copy()
            y, x = (height - h) // 2, (width - w) // 2
            img[y:y + h, x:x + w, :3] = f.to_ndarray(format="rgb24", width=w, height=h)
            last = img
    while made < n:  # the source ended early: hold its last frame
        yield last if last is not None else canvas
        made += 1


def _draw(width: int, height: int, paint: Any) -> np.ndarray:
    import skia

    surface = skia.Surface(width, height)
    with surface as canvas:
        paint(canvas)
    return np.asarray(surface.makeImageSnapshot().toarray(colorType=skia.kRGBA_8888_ColorType))


def _title_card(title: str, lang: str, width: int, height: int) -> np.ndarray:
    import skia

    from manju.render.lettering import paragraph

    def paint(canvas: Any) -> None:
        canvas.clear(skia.Color(18, 22, 34))
        size = max(12.0, width / 14)
        para = paragraph(title, lang, size, width * 0.84, color=skia.Color(245, 240, 225))
        while para.Height > height * 0.8 and size > 12.0:  # a longer narration: smaller type
            size = max(12.0, size * 0.9)
            para = paragraph(title, lang, size, width * 0.84, color=skia.Color(245, 240, 225))
        para.paint(canvas, width * 0.08, (height - para.Height) / 2)

    return _draw(width, height, paint)


def _caption_band(text: str, lang: str, width: int, height: int) -> np.ndarray:
    """An RGBA overlay: the caption in light type on a dark band at the bottom."""
    import skia

    from manju.render.lettering import paragraph

    def paint(canvas: Any) -> None:
        canvas.clear(skia.Color(0, 0, 0, 0))
        para = paragraph(text, lang, max(8.0, width / 24), width * 0.92, color=skia.Color(255, 255, 255))
        band = para.Height + height * 0.03
        canvas.drawRect(skia.Rect.MakeXYWH(0, height - band, width, band),
                        skia.Paint(Color=skia.Color(0, 0, 0, 190)))
        para.paint(canvas, width * 0.04, height - band + height * 0.015)

    return _draw(width, height, paint)


def _over(frame: np.ndarray, band: np.ndarray) -> np.ndarray:
    """``band`` composited over ``frame`` (skia's pixels are premultiplied)."""
    a = band[..., 3:4].astype(np.uint16)
    out = frame.copy()
    out[..., :3] = (band[..., :3] + (frame[..., :3].astype(np.uint16) * (255 - a) + 127) // 255
                    ).clip(0, 255).astype(np.uint8)
    return out


def _srt(report: AnswerReport) -> str:
    from manju.export.srt import _ts

    cues = [(0.0, report.title_end, report.title)]
    cues += [(s["start"], s["end"], s["caption"]) for s in report.segments]
    if report.closing is not None:
        cues.append((report.closing["start"], report.closing["end"], report.closing["caption"]))
    return "\n".join(f"{i}\n{_ts(a)} --> {_ts(b)}\n{t}\n" for i, (a, b, t) in enumerate(cues, 1))
