"""Peer benchmark: the same shot composed by manju's renderer and by MoviePy, same machine, same run.

The shot: a 1080x1920 background plate, two characters, a speech balloon and an eased
push-in (zoom 1.0 -> 1.08) over 6 s at 30 fps, encoded to H.264 (x264 veryfast, yuv420p).
Both sides get the same pre-rendered layers; manju also animates lip sync and blinks, MoviePy
gets static layers, so the comparison favours MoviePy.

Usage: .venv/bin/python bench/peer_moviepy.py [--seconds 6] [--size 1080x1920]
Needs the optional bench dependency: .venv/bin/pip install 'moviepy>=2'
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from dataclasses import asdict
from pathlib import Path


def _spec(w: int, h: int, seconds: float):  # type: ignore[no-untyped-def]
    from manju.render.character import design_look
    from manju.render.shot import CueSpec, ShotSpec

    looks = {"a": asdict(design_look("a", "female")), "b": asdict(design_look("b", "male", "old"))}
    return ShotSpec(
        id="bench", width=w, height=h, fps=30, lang="en", framing="two_shot", duration=seconds,
        subjects=["a", "b"], focus="a", sides={"a": "left", "b": "right"}, expressions={}, looks=looks,
        setting={"kind": "office", "time": "day", "weather": "clear", "interior": True},
        camera={"move": "push_in", "zoom_from": 1.0, "zoom_to": 1.08, "easing": "ease_in_out_sine"},
        cues=[CueSpec(line="l", kind="dialogue", text="The light failed an hour ago.", speaker="a",
                      emotion="neutral", start=0.3, end=seconds - 0.5)])


def _cpu() -> float:
    """CPU seconds of this process and its finished children (MoviePy encodes in ffmpeg)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_manju(spec, out: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from manju.export.video import encode_segment
    from manju.render.shot import ShotRenderer

    t0, c0 = time.perf_counter(), _cpu()
    r = ShotRenderer(spec)
    r.begin()
    encode_segment(r.frames(), out, spec.width, spec.height, spec.fps, threads=2)
    r.finish()
    return time.perf_counter() - t0, _cpu() - c0


def run_moviepy(spec, tmp: Path, out: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    import math

    import skia
    from moviepy import CompositeVideoClip, ImageClip

    from manju.render.shot import ShotRenderer

    # Same layers, exported as PNG files for MoviePy (not timed).
    r = ShotRenderer(spec)
    r.begin()
    r.plate.save(str(tmp / "plate.png"), skia.kPNG)
    layers = []
    for i, p in enumerate(r.places):
        img, _ = r._sprite(p, "neutral", "closed", 1.0)
        img.save(str(tmp / f"c{i}.png"), skia.kPNG)
        layers.append((tmp / f"c{i}.png", r._sprite_origin(p, img)))
    b = r.balloons[0]
    b.image.save(str(tmp / "balloon.png"), skia.kPNG)
    bx, by = r.positions[0]
    W, H, d = spec.width, spec.height, spec.duration

    t0, c0 = time.perf_counter(), _cpu()
    scene = CompositeVideoClip(
        [ImageClip(str(tmp / "plate.png"))] +
        [ImageClip(str(path)).with_position(pos) for path, pos in layers],
        size=(W, H)).with_duration(d)

    def zoom(t: float) -> float:
        a = t / d
        return 1.0 + 0.08 * (0.5 - 0.5 * math.cos(math.pi * a))

    moving = scene.resized(zoom).with_position(("center", "center"))
    final = CompositeVideoClip(
        [moving, ImageClip(str(tmp / "balloon.png")).with_position((bx, by)).with_duration(d)],
        size=(W, H)).with_duration(d)
    final.write_videofile(str(out), fps=spec.fps, codec="libx264", preset="veryfast",
                          audio=False, threads=2, logger=None)
    return time.perf_counter() - t0, _cpu() - c0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--size", default="1080x1920")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    spec = _spec(w, h, args.seconds)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        ours, ours_cpu = run_manju(spec, tmp / "manju.mp4")
        peer, peer_cpu = run_moviepy(spec, tmp, tmp / "moviepy.mp4")
    frames = spec.frames
    print(json.dumps({"size": args.size, "frames": frames, "manju_s": round(ours, 2),
                      "moviepy_s": round(peer, 2), "manju_ms_per_frame": round(ours / frames * 1000, 1),
                      "moviepy_ms_per_frame": round(peer / frames * 1000, 1),
                      "speedup": round(peer / ours, 2), "manju_cpu_s": round(ours_cpu, 2),
                      "moviepy_cpu_s": round(peer_cpu, 2),
                      "cpu_speedup": round(peer_cpu / ours_cpu, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
