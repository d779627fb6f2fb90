"""An encoded segment does not depend on what the process's heap held before."""

from __future__ import annotations

import subprocess
import sys
import threading

from manju.export import filled_heap as fh

# Large blocks are kept in the heap (not handed back to the system, which would return them
# zeroed), filled with a different garbage before each encode of the same frames.
_SCRIPT = r"""
import ctypes, hashlib, sys, tempfile
from pathlib import Path
import numpy as np
libc = ctypes.CDLL("libc.so.6")
libc.mallopt(-3, 512 << 20)  # M_MMAP_THRESHOLD
libc.mallopt(-1, 1 << 30)    # M_TRIM_THRESHOLD
from manju.export import video
W, H = 96, 160
yy, xx = np.mgrid[0:H, 0:W]
def frames():
    for i in range(30):
        f = np.zeros((H, W, 4), np.uint8)
        f[..., 3] = 255
        f[..., 0] = (xx * 3 + i * 2) % 256
        f[..., 1] = (yy * 2 + i) % 256
        f[20 + i:40 + i, 30:60, 2] = 220
        yield f
digests = set()
for seed in range(4):
    rng = np.random.default_rng(seed)
    blocks = [rng.integers(0, 256, 200_000 + i * 10_000, dtype=np.uint8) for i in range(40)]
    del blocks
    path = Path(tempfile.mkdtemp()) / "a.mp4"
    video.encode_segment(frames(), path, W, H, 6, 1)
    digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
print(len(digests))
"""


def test_the_same_frames_encode_to_the_same_bytes_whatever_the_heap_held():
    # Without the filled heap, x264 reads some buffers before writing them, and two of these
    # four encodes differ (at 1080x1920 all four do).
    r = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"


def test_filling_is_on_while_any_encoder_is_in_its_first_frames(monkeypatch):
    monkeypatch.delenv("MALLOC_PERTURB_", raising=False)
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(fh, "_libc", lambda option, value: calls.append((option, value)))
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with fh.filled_heap():
            inside.set()
            leave.wait(10)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(10)
    with fh.filled_heap():
        pass
    assert calls == [(fh._M_PERTURB, fh._BYTE)]  # still on: the other encoder is inside
    leave.set()
    t.join()
    assert calls == [(fh._M_PERTURB, fh._BYTE), (fh._M_PERTURB, 0)]


def test_a_users_own_perturb_setting_is_restored(monkeypatch):
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(fh, "_libc", lambda option, value: calls.append((option, value)))
    monkeypatch.setenv("MALLOC_PERTURB_", "165")
    with fh.filled_heap():
        pass
    assert calls == [(fh._M_PERTURB, fh._BYTE), (fh._M_PERTURB, 165)]


def test_without_glibc_it_does_nothing(monkeypatch):
    monkeypatch.setattr(fh, "_libc", False)
    with fh.filled_heap():
        pass
