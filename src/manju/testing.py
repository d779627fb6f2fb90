"""Helpers for checking rendered output, for manju's tests and for users' own checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def video_frames(path: str | Path, indices: list[int] | None = None, every: int = 0) -> list[np.ndarray]:
    """Decode RGB frames (H, W, 3 uint8) from a video: chosen ``indices`` or ``every`` Nth."""
    import av

    want = set(indices or [])
    out = []
    with av.open(str(path)) as c:
        for i, f in enumerate(c.decode(video=0)):
            if (every and i % every == 0) or i in want:
                out.append(f.to_ndarray(format="rgb24"))
    return out


def save_png(rgb: np.ndarray, path: str | Path) -> Path:
    """Write an RGB or RGBA array as a PNG (to look at a frame)."""
    import skia

    arr = rgb if rgb.shape[2] == 4 else np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    img = skia.Image.fromarray(np.ascontiguousarray(arr), colorType=skia.kRGBA_8888_ColorType)
    img.save(str(path), skia.kPNG)
    return Path(path)


def audio_samples(path: str | Path) -> tuple[np.ndarray, int]:
    """Decode a file's first audio stream to float32 (n, channels) and its sample rate."""
    import av

    chunks, sr = [], 0
    with av.open(str(path)) as c:
        for f in c.decode(audio=0):
            sr = f.sample_rate
            a = f.to_ndarray()
            chunks.append(a.T if f.format.is_planar else a.reshape(-1, len(f.layout.channels)))
    return np.concatenate(chunks).astype(np.float32), sr
